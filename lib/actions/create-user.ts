"use server";

import { demoAccountRefusal } from "@/lib/config/mode";
import { hashPassword } from "@/lib/auth/password";
import { temporaryPassword } from "@/lib/auth/account";
import { CreateUserSchema } from "@/lib/schemas/admin";
import { ActionRefusal } from "@/lib/refusal";
import { defineAction } from "@/lib/actions/pipeline";
import { missingUnits } from "@/lib/db/queries/admin";
import type { ActionResult } from "@/lib/actions/result";
import { signatureWith } from "@/lib/auth/signature";
import { ADMIN_MEANINGS } from "@/lib/domain/signature";

export interface CreatedUser {
  userId: string;
  name: string;
  email: string;
  /** shown once to the administrator; stored only as its argon2id hash, never audited */
  temporaryPassword: string;
}

const EMAIL_TAKEN = "An account with this e-mail address already exists: find it in the list (reactivate it or reset its password).";

/** An administrator creates an account with a one-time temporary password, to be changed at the first sign-in. */
const createUser = defineAction({
  name: "user-create",
  entityType: "User",
  permission: "user:manage",
  schema: CreateUserSchema,
  read: (form) => ({ ...Object.fromEntries(form), unitIds: form.getAll("unitIds") }),
  uniqueViolation: EMAIL_TAKEN,
  // the administrator re-enters their own password (docs/decisions/055)
  signature: { missing: "Re-enter your own password to create the account." },
  scope: async (tx, _session, input) => {
    if ((await missingUnits(tx, input.unitIds)).length > 0) throw new ActionRefusal("VALIDATION", "Choose units from the list.", { field: "unitIds" });
    const demo = demoAccountRefusal(input.email, process.env);
    if (demo) throw new ActionRefusal("RULE_BLOCKED", demo, { field: "email" });
    if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw new ActionRefusal("CONFLICT", EMAIL_TAKEN, { field: "email" });
    return null;
  },
  decide: async ({ tx, input, now, signer }) => {
    const password = temporaryPassword();
    const user = await tx.user.create({
      data: {
        name: input.name,
        email: input.email,
        role: input.role,
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
        createdAt: now,
        assignments: { create: input.unitIds.map((unitId) => ({ unitId })) },
      },
    });
    const signature = signatureWith(signer!, ADMIN_MEANINGS.createUser(user.name, user.role));
    return {
      data: { userId: user.id, name: user.name, email: user.email, temporaryPassword: password },
      entityId: user.id,
      audit: { email: user.email, name: user.name, role: user.role, unitIds: input.unitIds, mustChangePassword: true, signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: signature.signedAt.toISOString() } },
      revalidate: ["/admin/users"],
    };
  },
});

export async function createUserAction(prev: ActionResult<CreatedUser> | null, form: FormData): Promise<ActionResult<CreatedUser>> {
  return createUser(prev, form);
}
