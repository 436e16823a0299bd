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

/** Called by useActionForm (components/ui/form.tsx) with every answer: opens the dialog when the session is over. */
export function announceIfSessionEnded(state: ActionResult<unknown> | null): void {
  if (isSessionEnded(state) && typeof window !== "undefined") window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT));
}
