"use client";

// Sign in again without leaving the page (issue 10, deliver 9): when a form's action answers that the session is over
// (components/auth/session-ended.ts), this modal asks the same user's password and signs in through the one sign-in
// action (same lock, same audit rows; `stay=1` keeps the page). The form behind it is never touched: everything typed
// is still there, and the user presses its button again. Only that same user may (the server checks the session the
// cookie names); anyone else signs out here and signs in as themself. Mounted once by the clinical layout.
// It is for the session ends the page's idle timer (idle-timer.tsx) does not see — the absolute limit, a sign-out
// elsewhere, a deactivation; the idle timer still clears a page left alone with this dialog open (decision 053).
import { useActionState, useEffect, useRef, useState } from "react";
import { signInAction } from "@/lib/actions/sign-in";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SESSION_ENDED_EVENT } from "@/components/auth/session-ended";
import { SIGN_OUT_PATH } from "@/components/auth/idle-timer";

export function ReauthDialog({ email, name }: { email: string; name: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const [round, setRound] = useState(0);
  const [open, setOpen] = useState(false);
  const [signedIn, setSignedIn] = useState(false);

  useEffect(() => {
    const onEnded = () => {
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setSignedIn(false);
      setRound((r) => r + 1);
      setOpen(true);
    };
    window.addEventListener(SESSION_ENDED_EVENT, onEnded);
    return () => window.removeEventListener(SESSION_ENDED_EVENT, onEnded);
  }, []);

  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const done = () => {
    setOpen(false);
    setSignedIn(true);
    // back to where the user was (the form's submit button), so pressing it again is one key
    returnFocus.current?.focus();
  };

  return (
    <>
      <dialog
        ref={dialog}
        aria-labelledby="reauth-heading"
        onClose={() => setOpen(false)}
        className="m-auto w-full max-w-md rounded-lg border border-slate-300 bg-white p-6 shadow-xl backdrop:bg-slate-900/60"
      >
        {open ? <ReauthForm key={round} email={email} name={name} onSignedIn={done} onCancel={() => setOpen(false)} /> : null}
      </dialog>
      <div role="status" aria-live="polite">
        {signedIn ? (
          <p className="fixed bottom-4 left-1/2 z-20 -translate-x-1/2 rounded-md border border-green-700 bg-green-50 px-4 py-2 text-green-900 shadow">
            Signed in again. What you typed is still in the form: press its button again to send it.
          </p>
        ) : null}
      </div>
    </>
  );
}

function ReauthForm({ email, name, onSignedIn, onCancel }: { email: string; name: string; onSignedIn: () => void; onCancel: () => void }) {
  const [state, dispatch, pending] = useActionState(signInAction, null);
  useEffect(() => {
    if (state?.ok) onSignedIn();
  }, [state, onSignedIn]);
  const failure = state && !state.ok ? state : null;
  return (
    <>
      <form action={dispatch} className="flex flex-col gap-4">
        <h2 id="reauth-heading" className="text-xl font-semibold">
          Your session has ended
        </h2>
        <p className="text-slate-800">
          Sign in again as <span className="font-semibold">{name}</span> ({email}) to continue. Nothing you typed is lost, and nothing was recorded yet.
        </p>
        {failure ? <Alert tone="error">{failure.message}</Alert> : null}
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="stay" value="1" />
        <Field label="Your password" name="password" type="password" autoComplete="current-password" required autoFocus />
        <div className="flex flex-wrap gap-3">
          <Button type="submit" disabled={pending}>
            {pending ? "Signing in…" : "Sign in again"}
          </Button>
          <Button type="button" variant="secondary" onClick={onCancel}>
            Not now
          </Button>
        </div>
      </form>
      {/* another clinician at this screen does not sign in under this page: they sign out and in as themself */}
      <form method="post" action={SIGN_OUT_PATH} className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
        <p className="text-slate-800">Not {name}?</p>
        <Button type="submit" variant="secondary">
          Sign out
        </Button>
      </form>
    </>
  );
}
