// The hook-in between a form and the sign-in-again dialog (components/auth/reauth-dialog.tsx): a form whose action
// answered that the session is over announces it; the dialog, mounted once by the clinical layout, opens. A wrong
// signature password is also UNAUTHENTICATED but answered at the password field: that is the form's own error.
import type { ActionResult } from "@/lib/actions/result";

export const SESSION_ENDED_EVENT = "bolus:session-ended";

/** True when an action's answer means "sign in again" (not a refused signature). */
export function isSessionEnded(state: ActionResult<unknown> | null): boolean {
  return state !== null && !state.ok && state.code === "UNAUTHENTICATED" && !state.fieldErrors?.password;
}

/** Called by useActionForm (components/ui/form.tsx) with every answer: opens the dialog when the session is over. */
export function announceIfSessionEnded(state: ActionResult<unknown> | null): void {
  if (isSessionEnded(state) && typeof window !== "undefined") window.dispatchEvent(new CustomEvent(SESSION_ENDED_EVENT));
}
