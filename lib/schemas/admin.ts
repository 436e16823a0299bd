import { z } from "zod";
import { isTimeZone, TIME_ZONE_MESSAGE } from "@/lib/domain/people";
import { listField } from "@/lib/forms";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";

// The administrator's forms (docs/decisions/048-people-and-units.md).

const userId = z.uuid("Choose a user.");
const unitIds = listField(z.array(z.uuid("Choose units from the list.")).max(50, "Choose 50 units or fewer.")).default([]);
/** lib/auth/permissions.ts ROLES, spelled out here (schemas stay free of server code); a unit test keeps them equal */
export const ROLE_CHOICES = ["nurse", "attending", "pharmacist", "admin"] as const;
const role = z.enum(ROLE_CHOICES, { error: "Choose a role: nurse, attending physician, pharmacist or administrator." });

const personName = z.string().trim().min(1, "Enter the person's full name.").max(200, "Keep the name to 200 characters or fewer.").refine(storable, NUL_MESSAGE);
const email = z.string().trim().toLowerCase().min(1, "Enter the e-mail address.").max(254, "That e-mail address is too long.").pipe(z.email("Enter a valid e-mail address."));

/** A clinician acts only on patients of their units: a clinical role without a unit could do nothing. */
function unitsForRole(v: { role: string; unitIds: string[] }, ctx: z.RefinementCtx) {
  if (v.role !== "admin" && v.unitIds.length === 0) ctx.addIssue({ code: "custom", path: ["unitIds"], message: "Choose at least one unit: a clinician sees only the patients of their units." });
}

export const CreateUserSchema = z.object({ name: personName, email, role, unitIds }).superRefine(unitsForRole);
export type CreateUser = z.infer<typeof CreateUserSchema>;

export const UpdateUserSchema = z.object({ userId, role, unitIds }).superRefine(unitsForRole);
export type UpdateUser = z.infer<typeof UpdateUserSchema>;

export const SetUserActiveSchema = z.object({ userId, active: z.enum(["yes", "no"], { error: "Say whether the account should be active." }) });
export type SetUserActive = z.infer<typeof SetUserActiveSchema>;

export const UserIdSchema = z.object({ userId });
export type UserId = z.infer<typeof UserIdSchema>;

const unitName = z.string().trim().min(1, "Enter the unit's name.").max(100, "Keep the unit's name to 100 characters or fewer.").refine(storable, NUL_MESSAGE);
const timeZone = z.string().trim().min(1, TIME_ZONE_MESSAGE).max(64, TIME_ZONE_MESSAGE).refine(isTimeZone, TIME_ZONE_MESSAGE);

export const CreateUnitSchema = z.object({ name: unitName, timeZone });
export type CreateUnit = z.infer<typeof CreateUnitSchema>;

export const UpdateUnitSchema = z.object({ unitId: z.uuid("Choose a unit."), name: unitName, timeZone });
export type UpdateUnit = z.infer<typeof UpdateUnitSchema>;
