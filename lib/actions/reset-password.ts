"use server";

import { hashPassword } from "@/lib/auth/password";
import { endSessionsOf, lockUser, temporaryPassword } from "@/lib/auth/account";
import { UserIdSchema } from "@/lib/schemas/admin";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { signatureWith } from "@/lib/auth/signature";
import { ADMIN_MEANINGS } from "@/lib/domain/signature";

export interface PasswordReset {
  userId: string;
  name: string;
  email: string;
  /** shown once to the administrator; never stored in clear, never audited */
  temporaryPassword: string;
}

/**
 * An administrator replaces a user's password with a one-time temporary one (to be changed at the next sign-in),
 * ends their sessions and lifts a sign-in lock: the administrator has just established who the person is.
 */
const resetPassword = defineAction({
  name: "user-reset-password",
  entityType: "User",
  entityId: idFrom("userId"),
  permission: "user:manage",
  schema: UserIdSchema,
  // the administrator re-enters their own password (docs/decisions/055)
  signature: { missing: "Re-enter your own password to reset this password." },
  scope: async (tx, _session, input) => {
    const user = await lockUser(tx, input.userId);
    if (!user) throw notFound("user");
    return user;
  },
  decide: async ({ tx, actor, now, signer, scoped: user }) => {
    if (user.id === actor.id) throw new ActionRefusal("RULE_BLOCKED", "Change your own password on your account page: a reset is for someone else's account.");
    const password = temporaryPassword();
    const wasLocked = user.lockedUntil !== null && user.lockedUntil > now;
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(password), mustChangePassword: true, passwordChangedAt: now, failedSignInCount: 0, lockedUntil: null },
    });
    const sessionsEnded = await endSessionsOf(tx, user.id, now, "password-reset");
    const signature = signatureWith(signer!, ADMIN_MEANINGS.resetPassword(user.name));
    return {
      data: { userId: user.id, name: user.name, email: user.email, temporaryPassword: password },
      entityId: user.id,
      audit: { email: user.email, mustChangePassword: true, sessionsEnded, unlocked: wasLocked, signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: signature.signedAt.toISOString() } },
      revalidate: ["/admin/users"],
    };
  },
});

export async function resetPasswordAction(prev: ActionResult<PasswordReset> | null, form: FormData): Promise<ActionResult<PasswordReset>> {
  return resetPassword(prev, form);
}
