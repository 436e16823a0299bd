"use server";

import { UpdateUnitSchema } from "@/lib/schemas/admin";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import { unitNamed } from "@/lib/db/queries/admin";
import type { ActionResult } from "@/lib/actions/result";

/**
 * Renames a unit or sets its time zone. Times are stored in UTC, so a new zone changes how every time of the unit
 * is read from the next page on; the audit row keeps the old and the new.
 */
const updateUnit = defineAction({
  name: "unit-update",
  entityType: "Unit",
  entityId: idFrom("unitId"),
  permission: "unit:manage",
  schema: UpdateUnitSchema,
  uniqueViolation: "A unit with this name was created at the same moment: choose another name.",
  scope: async (tx, _session, input) => {
    await tx.$queryRaw`SELECT id FROM "Unit" WHERE id = ${input.unitId}::uuid FOR UPDATE`;
    const unit = await tx.unit.findUnique({ where: { id: input.unitId } });
    if (!unit) throw notFound("unit");
    return unit;
  },
  decide: async ({ tx, input, scoped: unit }) => {
    if (unit.name === input.name && unit.timeZone === input.timeZone) throw new ActionRefusal("CONFLICT", "Nothing to change: the unit already has this name and time zone.");
    const same = await unitNamed(tx, input.name);
    if (same && same.id !== unit.id) throw new ActionRefusal("CONFLICT", `A unit named “${same.name}” already exists: choose another name.`, { field: "name" });
    await tx.unit.update({ where: { id: unit.id }, data: { name: input.name, timeZone: input.timeZone } });
    return {
      data: { unitId: unit.id },
      entityId: unit.id,
      audit: { from: { name: unit.name, timeZone: unit.timeZone }, to: { name: input.name, timeZone: input.timeZone } },
      revalidate: ["/admin/units", "/admin/users", "/board"],
    };
  },
});

export async function updateUnitAction(prev: ActionResult<{ unitId: string }> | null, form: FormData): Promise<ActionResult<{ unitId: string }>> {
  return updateUnit(prev, form);
}
