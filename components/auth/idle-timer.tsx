"use client";

// The page ends the session on screen too (issue 12 item 4, decision 053). A clinical page left alone clears
// itself and returns to sign-in, warning a minute before with a "Stay signed in" button. Mounted once by the
// clinical layout.
//
// What counts as activity is what reaches the server, because that is what keeps the server session alive: a page
// load, a navigation, a refresh, a form sent. proxy.ts renews the activity cookie on each such request, and this
// timer restarts whenever it sees the cookie change — also when the request came from another tab of this browser,
// so a clinician working in one tab is not signed out by another. Typing, scrolling and moving the mouse do not
// count: the server never hears of them, and a page that stayed open on them would outlive its session.
// "Stay signed in" is a refresh of the page's data (router.refresh), which reaches the server like any navigation
// and keeps everything typed on the page.
//
// The clear happens touchSeconds before the server's limit (lib/auth/config.ts pageIdle), while the session still
// holds, so it is ended and recorded as an idle timeout. Clearing hides the page at once, then posts to the
// sign-out route, whose answer (Clear-Site-Data) drops the cached pages and cookies.
import { useCallback, useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { SERVER_ACTIVITY_EVENT } from "@/components/auth/session-ended";

export const SIGN_OUT_PATH = "/api/auth/sign-out";

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return null;
}

type Phase = "active" | "warning" | "clearing";

export function IdleTimer({ clearAfterSeconds, warnSeconds, activityCookie }: { clearAfterSeconds: number; warnSeconds: number; activityCookie: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const signOut = useRef<HTMLFormElement>(null);
  const last = useRef<{ value: string | null; at: number } | null>(null);
  const cleared = useRef(false);
  const [phase, setPhase] = useState<Phase>("active");
  const [secondsLeft, setSecondsLeft] = useState(warnSeconds);
  const [staying, setStaying] = useState(false);
  const [armed, setArmed] = useState(false);

  const tick = useCallback(() => {
    const value = readCookie(activityCookie);
    const now = Date.now();
    if (last.current === null || value !== last.current.value) {
      last.current = { value, at: now };
      setStaying(false);
    }
    const idleSeconds = (now - last.current.at) / 1000;
    if (idleSeconds >= clearAfterSeconds) {
      if (!cleared.current) {
        cleared.current = true;
        setPhase("clearing");
        signOut.current?.requestSubmit();
      }
    } else if (idleSeconds >= clearAfterSeconds - warnSeconds) {
      setSecondsLeft(Math.ceil(clearAfterSeconds - idleSeconds));
      setPhase((p) => (p === "clearing" ? p : "warning"));
    } else {
      setPhase((p) => (p === "warning" ? "active" : p));
    }
  }, [activityCookie, clearAfterSeconds, warnSeconds]);

  useEffect(() => {
    // a form's answer reached the server in a live session (components/auth/session-ended.ts): activity, told to
    // every tab of this browser through the activity cookie, as proxy.ts does for pages
    const renew = () => {
      const secure = window.location.protocol === "https:" || activityCookie.startsWith("__Host-");
      document.cookie = `${activityCookie}=${Date.now()}; path=/; samesite=lax${secure ? "; secure" : ""}`;
      tick();
    };
    window.addEventListener(SERVER_ACTIVITY_EVENT, renew);
    return () => window.removeEventListener(SERVER_ACTIVITY_EVENT, renew);
  }, [activityCookie, tick]);

  useEffect(() => {
    tick();
    setArmed(true);
    const id = window.setInterval(tick, 1000);
    // a laptop woken from sleep: timers were paused, the wall clock was not
    document.addEventListener("visibilitychange", tick);
    window.addEventListener("focus", tick);
    return () => {
      window.clearInterval(id);
      document.removeEventListener("visibilitychange", tick);
      window.removeEventListener("focus", tick);
    };
  }, [tick]);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (phase === "warning" && !d.open) d.showModal();
    if (phase !== "warning" && d.open) d.close();
  }, [phase]);

  const stay = () => {
    setStaying(true);
    router.refresh();
  };

  return (
    <>
      {/* data-idle-timer: "armed" once the timer runs in this page (the e2e waits for it before moving the clock) */}
      <form ref={signOut} method="post" action={SIGN_OUT_PATH} hidden data-idle-timer={armed ? "armed" : "waiting"}>
        <input type="hidden" name="reason" value="idle" />
      </form>
      <dialog
        ref={dialog}
        role="alertdialog"
        aria-labelledby="idle-heading"
        aria-describedby="idle-text"
        // Escape is "stay": closing the warning by any means must not leave the timer running unseen
        onCancel={(e) => {
          e.preventDefault();
          stay();
        }}
        className="m-auto w-full max-w-md rounded-lg border border-slate-300 bg-white p-6 shadow-xl backdrop:bg-slate-900/60"
      >
        <h2 id="idle-heading" className="text-xl font-semibold">
          Still there?
        </h2>
        <p id="idle-text" className="mt-2 text-slate-800">
          No activity for a while: this page signs you out in <span className="font-semibold">{secondsLeft} s</span> and clears the screen. Anything typed but
          not yet recorded will be lost.
        </p>
        <div className="mt-4 flex flex-wrap gap-3">
          <Button type="button" onClick={stay} disabled={staying} autoFocus>
            {staying ? "Staying…" : "Stay signed in"}
          </Button>
        </div>
        <form method="post" action={SIGN_OUT_PATH} className="mt-3">
          <Button type="submit" variant="secondary">
            Sign out now
          </Button>
        </form>
      </dialog>
      {phase === "clearing" ? (
        <div role="status" className="fixed inset-0 z-50 flex items-center justify-center bg-white text-lg text-slate-800">
          Signed out after a period without activity. Returning to sign-in…
        </div>
      ) : null}
    </>
  );
}
