import { prisma } from "@/lib/db/client";
import { verifyPassword } from "@/lib/auth/password";
import { ActionRefusal } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

/**
 * An electronic signature (21 CFR Part 11 §11.200): the signer re-enters their password at the moment of signing.
 * Returns the manifestation stored with the record — who, when, and what the signature means.
 * A wrong password refuses the action (audited as denied by the caller's error handling).
 */
export async function signAs(session: CurrentSession, password: string, meaning: string, now: Date) {
  const user = await prisma.user.findUnique({ where: { id: session.user.id } });
  if (!user || !user.active || !(await verifyPassword(user.passwordHash, password))) {
    throw new ActionRefusal("UNAUTHENTICATED", "Password incorrect: not signed. Re-enter your own password to sign.", { signature: "wrong-password" });
  }
  return { signerId: user.id, signerName: user.name, signedAt: now, meaning };
}
