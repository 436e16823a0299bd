import "server-only";
import type { Tx } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { signatureWaitMessage, userTimeZone, waitingUntil } from "@/lib/auth/lockout";
import { ActionRefusal } from "@/lib/refusal";
import type { CurrentSession } from "@/lib/auth/session";

export const WRONG_SIGNATURE = "Password incorrect: not signed. Re-enter your own password to sign.";

/** Counted toward the account's lock by the action pipeline (details.signature), shown at the password field. */
const wrongSignature = () => new ActionRefusal("UNAUTHENTICATED", WRONG_SIGNATURE, { field: "password", details: { signature: "wrong-password" } });

/**
 * An electronic signature (21 CFR Part 11 §11.200): the signer re-enters their password at the moment of signing.
 * Returns the manifestation stored with the record — who, when, and what the signature means.
 *
 * Reads through the caller's transaction `tx` (embedded PGlite has one connection: a query outside an open
 * transaction would wait for it forever). A wrong password counts on the user's signature counter (lib/auth/lockout.ts),
 * which failed sign-ins never touch (docs/decisions/052): only this user's own sessions can slow or lock their
 * signing. The refusal rolls the caller's transaction back, so handleActionError (lib/actions/result.ts) counts it in
 * its own transaction, with the denied audit row. A slowed or locked account cannot sign, even with the right password.
 */
export async function signAs(tx: Tx, session: CurrentSession, password: string, meaning: string, now: Date) {
  const user = await tx.user.findUnique({ where: { id: session.user.id } });
  if (!user || !user.active) throw wrongSignature();
  const waiting = waitingUntil(user.lockedUntil, now);
  if (waiting) {
    throw new ActionRefusal("UNAUTHENTICATED", signatureWaitMessage(waiting, await userTimeZone(tx, user.id)), {
      field: "password",
      details: { signature: waiting.reason, lockedUntil: waiting.lockedUntil.toISOString() },
    });
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw wrongSignature();
  }
  // failures count "in a row": a correct signature ends the row, as a correct sign-in does
  if (user.failedSignInCount > 0) await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: 0 } });
  return { signerId: user.id, signerName: user.name, signedAt: now, meaning };
}
