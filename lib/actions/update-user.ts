"use server";

import { lockActiveAdminIds, lockUser } from "@/lib/auth/account";
import { adminChangeRefusal } from "@/lib/domain/people";
import { UpdateUserSchema } from "@/lib/schemas/admin";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import { missingUnits } from "@/lib/db/queries/admin";
import type { ActionResult } from "@/lib/actions/result";
import { signatureWith } from "@/lib/auth/signature";
import { ADMIN_MEANINGS } from "@/lib/domain/signature";

/**
 * Changes a user's role and units. The session reads both from the database at each request, so the change holds
 * from the user's next request. The last active administrator keeps the role (lib/domain/people.ts).
 */
const updateUser = defineAction({
  name: "user-update",
  entityType: "User",
  entityId: idFrom("userId"),
  permission: "user:manage",
  schema: UpdateUserSchema,
  read: (form) => ({ ...Object.fromEntries(form), unitIds: form.getAll("unitIds") }),
  // granting or removing the administrator role is signed with the administrator's own password (docs/decisions/055)
  signature: {
    when: async (input, _session, db) => input.role === "admin" || (await db.user.findUnique({ where: { id: input.userId }, select: { role: true } }))?.role === "admin",
    missing: "Re-enter your own password to change the administrator role.",
  },
  scope: async (tx, _session, input) => {
    const admins = await lockActiveAdminIds(tx);
    const user = await lockUser(tx, input.userId);
    if (!user) throw notFound("user");
    if ((await missingUnits(tx, input.unitIds)).length > 0) throw new ActionRefusal("VALIDATION", "Choose units from the list.", { field: "unitIds" });
    return { user, admins };
  },
  decide: async ({ tx, actor, input, signer, scoped: { user, admins } }) => {
    const before = { role: user.role, unitIds: user.assignments.map((a) => a.unitId).sort() };
    const after = { role: input.role, unitIds: [...new Set(input.unitIds)].sort() };
    if (before.role === after.role && before.unitIds.join() === after.unitIds.join()) throw new ActionRefusal("CONFLICT", "Nothing to change: the role and units are already these.");
    const refusal = adminChangeRefusal(actor.id, user, { kind: "role", role: input.role }, admins);
    if (refusal) throw new ActionRefusal("RULE_BLOCKED", refusal, { field: "role" });
    const adminChange = before.role !== after.role && (before.role === "admin" || after.role === "admin");
    // the role was read again under the lock: a change that became an administrator change meanwhile is not signed
    if (adminChange && !signer) throw new ActionRefusal("CONFLICT", "This account's role changed since you opened the page. Reload, then sign the change with your password.");
    const signature = adminChange && signer ? signatureWith(signer, before.role === "admin" ? ADMIN_MEANINGS.removeAdmin(user.name) : ADMIN_MEANINGS.grantAdmin(user.name)) : null;
    await tx.user.update({ where: { id: user.id }, data: { role: input.role } });
    await tx.unitAssignment.deleteMany({ where: { userId: user.id, unitId: { notIn: after.unitIds } } });
    await tx.unitAssignment.createMany({ data: after.unitIds.map((unitId) => ({ userId: user.id, unitId })), skipDuplicates: true });
    return {
      data: { userId: user.id },
      entityId: user.id,
      audit: { email: user.email, from: before, to: after, ...(signature ? { signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: signature.signedAt.toISOString() } } : {}) },
      revalidate: ["/admin/users"],
    };
  },
});

export async function updateUserAction(prev: ActionResult<{ userId: string }> | null, form: FormData): Promise<ActionResult<{ userId: string }>> {
  return updateUser(prev, form);
}
