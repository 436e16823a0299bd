"use server";

import { endSessionsOf, lockActiveAdminIds, lockUser } from "@/lib/auth/account";
import { adminChangeRefusal } from "@/lib/domain/people";
import { demoAccountRefusal } from "@/lib/config/mode";
import { SetUserActiveSchema } from "@/lib/schemas/admin";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { signatureWith } from "@/lib/auth/signature";
import { ADMIN_MEANINGS } from "@/lib/domain/signature";

/**
 * Deactivates or reactivates an account; nothing is deleted. Deactivation ends every session of the account in the
 * same transaction, so its next request is refused (lib/auth/session.ts). Nobody deactivates themself or the last
 * active administrator (lib/domain/people.ts).
 */
const setUserActive = defineAction({
  name: "user-set-active",
  entityType: "User",
  entityId: idFrom("userId"),
  permission: "user:manage",
  schema: SetUserActiveSchema,
  // deactivating an account is signed with the administrator's own password (docs/decisions/055); reactivating is not
  signature: { when: (input) => input.active === "no", missing: "Re-enter your own password to deactivate the account." },
  scope: async (tx, _session, input) => {
    // the administrators first, then the user: every administrator action takes the locks in that order
    const admins = input.active === "no" ? await lockActiveAdminIds(tx) : [];
    const user = await lockUser(tx, input.userId);
    if (!user) throw notFound("user");
    return { user, admins };
  },
  decide: async ({ tx, actor, input, now, signer, scoped: { user, admins } }) => {
    const active = input.active === "yes";
    if (user.active === active) throw new ActionRefusal("CONFLICT", `${user.name} is already ${active ? "active" : "deactivated"}. Nothing was changed.`);
    const demo = active ? demoAccountRefusal(user.email, process.env) : null;
    if (demo) throw new ActionRefusal("RULE_BLOCKED", demo);
    if (!active) {
      const refusal = adminChangeRefusal(actor.id, user, { kind: "deactivate" }, admins);
      if (refusal) throw new ActionRefusal("RULE_BLOCKED", refusal);
    }
    const signature = active ? null : signatureWith(signer!, ADMIN_MEANINGS.deactivate(user.name));
    await tx.user.update({ where: { id: user.id }, data: { active } });
    const sessionsEnded = active ? 0 : await endSessionsOf(tx, user.id, now, "user-deactivated");
    return {
      data: { userId: user.id, active, sessionsEnded },
      entityId: user.id,
      audit: { email: user.email, active, sessionsEnded, ...(signature ? { signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: signature.signedAt.toISOString() } } : {}) },
      revalidate: ["/admin/users"],
    };
  },
});

export async function setUserActiveAction(
  prev: ActionResult<{ userId: string; active: boolean; sessionsEnded: number }> | null,
  form: FormData,
): Promise<ActionResult<{ userId: string; active: boolean; sessionsEnded: number }>> {
  return setUserActive(prev, form);
}
