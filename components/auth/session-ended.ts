// The hook-in between a form and the sign-in-again dialog (components/auth/reauth-dialog.tsx): a form whose action
// answered that the session is over announces it; the dialog, mounted once by the clinical layout, opens. A wrong
// signature password, a wrong current password on /account/password and an account locked after wrong passwords are
// also UNAUTHENTICATED, but answered at a field: an answer with field errors is the form's own error, never a dead
// session (a dead session is answered for the whole request, at no field).
import type { ActionResult } from "@/lib/actions/result";

export const SESSION_ENDED_EVENT = "bolus:session-ended";

/** True when an action's answer means "sign in again" (not a refused password typed into a field of the form). */
export function isSessionEnded(state: ActionResult<unknown> | null): boolean {
  if (state === null || state.ok || state.code !== "UNAUTHENTICATED") return false;
  return !state.fieldErrors || Object.keys(state.fieldErrors).length === 0;
}

/**
 * Any other answer reached the server within a live session: activity for the page's idle timer
 * (components/auth/idle-timer.tsx), which renews the activity cookie itself. proxy.ts does not renew it on server
 * action requests: a cookie set on an action's response makes Next.js re-render the page, and a page whose session
 * had just ended would then leave for sign-in instead of showing the sign-in-again dialog over the typed form.
 */
export const SERVER_ACTIVITY_EVENT = "bolus:server-activity";

/** Called by useActionForm (components/ui/form.tsx) with every answer: opens the dialog when the session is over. */
export function announceIfSessionEnded(state: ActionResult<unknown> | null): void {
  if (state === null || typeof window === "undefined") return;
  window.dispatchEvent(new CustomEvent(isSessionEnded(state) ? SESSION_ENDED_EVENT : SERVER_ACTIVITY_EVENT));
}
