"use server";

import { CreateUnitSchema } from "@/lib/schemas/admin";
import { ActionRefusal } from "@/lib/refusal";
import { defineAction } from "@/lib/actions/pipeline";
import { unitNamed } from "@/lib/db/queries/admin";
import type { ActionResult } from "@/lib/actions/result";

const nameTaken = (name: string) => `A unit named “${name}” already exists: choose another name.`;

/** An administrator creates a unit with its name and the time zone its clinicians read times in. */
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
  decide: async ({ tx, input, now }) => {
    const unit = await tx.unit.create({ data: { name: input.name, timeZone: input.timeZone, createdAt: now } });
    return {
      data: { unitId: unit.id },
      entityId: unit.id,
      audit: { name: unit.name, timeZone: unit.timeZone },
      revalidate: ["/admin/units", "/admin/users"],
    };
  },
});

export async function createUnitAction(prev: ActionResult<{ unitId: string }> | null, form: FormData): Promise<ActionResult<{ unitId: string }>> {
  return createUnit(prev, form);
}
