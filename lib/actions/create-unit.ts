"use server";

import { CreateUnitSchema } from "@/lib/schemas/admin";
import { ActionRefusal } from "@/lib/refusal";
import { defineAction } from "@/lib/actions/pipeline";
import { unitNamed } from "@/lib/db/queries/admin";
import type { ActionResult } from "@/lib/actions/result";

const nameTaken = (name: string) => `A unit named “${name}” already exists: choose another name.`;

/**
 * An administrator creates a unit with its name and the time zone its clinicians read times in, and is assigned to
 * it in the same transaction (decision 048, amendment of 3 Dec 2026): admission is scoped to the user's units
 * (decision 049), so the administrator who opens a unit can admit its first patient at once. The audit row says so.
 */
const createUnit = defineAction({
  name: "unit-create",
  entityType: "Unit",
  permission: "unit:manage",
  schema: CreateUnitSchema,
  uniqueViolation: "A unit with this name was created at the same moment: choose another name.",
  scope: async (tx, _session, input) => {
    const same = await unitNamed(tx, input.name);
    if (same) throw new ActionRefusal("CONFLICT", nameTaken(same.name), { field: "name" });
    return null;
  },
  decide: async ({ tx, actor, input, now }) => {
    const unit = await tx.unit.create({ data: { name: input.name, timeZone: input.timeZone, createdAt: now } });
    await tx.unitAssignment.create({ data: { userId: actor.id, unitId: unit.id } });
    return {
      data: { unitId: unit.id, name: unit.name, timeZone: unit.timeZone },
      entityId: unit.id,
      audit: { name: unit.name, timeZone: unit.timeZone, creatorAssigned: true },
      revalidate: ["/admin/units", "/admin/users", "/patients"],
    };
  },
});

export interface CreatedUnit {
  unitId: string;
  name: string;
  timeZone: string;
}

export async function createUnitAction(prev: ActionResult<CreatedUnit> | null, form: FormData): Promise<ActionResult<CreatedUnit>> {
  return createUnit(prev, form);
}
