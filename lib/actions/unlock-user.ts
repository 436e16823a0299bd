"use server";

import { lockUser } from "@/lib/auth/account";
import { clearSignInThrottle } from "@/lib/auth/throttle";
import { UserIdSchema } from "@/lib/schemas/admin";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";

/**
 * Lifts a lock (or slow-down) before it runs out: the signature lock on the user and every sign-in pause of their
 * e-mail, from any address (docs/decisions/052); the failure counts start again at zero.
 */
const unlockUser = defineAction({
  name: "user-unlock",
  entityType: "User",
  entityId: idFrom("userId"),
  permission: "user:manage",
  schema: UserIdSchema,
  scope: async (tx, _session, input) => {
    const user = await lockUser(tx, input.userId);
    if (!user) throw notFound("user");
    return user;
  },
  decide: async ({ tx, now, scoped: user }) => {
    const locked = user.lockedUntil !== null && user.lockedUntil > now;
    const signInPauses = await clearSignInThrottle(tx, user.email, now);
    if (!locked && user.failedSignInCount === 0 && signInPauses === 0) throw new ActionRefusal("CONFLICT", `${user.name}'s account is not locked. Nothing was changed.`);
    await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: null } });
    return {
      data: { userId: user.id },
      entityId: user.id,
      audit: { email: user.email, lockedUntil: locked ? user.lockedUntil!.toISOString() : null, failedSignInCount: user.failedSignInCount, ...(signInPauses > 0 ? { signInPauses } : {}) },
      revalidate: ["/admin/users"],
    };
  },
});

export async function unlockUserAction(prev: ActionResult<{ userId: string }> | null, form: FormData): Promise<ActionResult<{ userId: string }>> {
  return unlockUser(prev, form);
}
