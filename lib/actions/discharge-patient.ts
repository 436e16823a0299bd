"use server";

import type { ActionResult } from "@/lib/actions/result";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import { findPatientInScope, requireStillInScope } from "@/lib/auth/scope";
import { ActionRefusal } from "@/lib/refusal";
import { lockPatientRow } from "@/lib/db/queries/patients";
import { DischargePatientSchema } from "@/lib/schemas/patient";
import { dischargeRefusal } from "@/lib/domain/admission";

/**
 * An attending or administrator of the patient's unit discharges the patient (decision 049): only with no open
 * course. The record stays (dischargedAt is set, nothing is deleted); a discharged patient leaves the board and the
 * order form.
 */
const dischargePatient = defineAction({
  name: "patient-discharge",
  entityType: "Patient",
  entityId: idFrom("patientId"),
  permission: "patient:discharge",
  schema: DischargePatientSchema,
  scope: async (tx, session, input, now) => {
    const found = await findPatientInScope(tx, session, input.patientId);
    const patient = { ...found, ...(await lockPatientRow(tx, found.id)) };
    // the scope check above read the row before the lock: a transfer committed meanwhile may have taken it away
    await requireStillInScope(tx, session, patient, now, "the discharge was not saved");
    return { patient };
  },
  decide: async ({ tx, actor, input, now, scoped: { patient } }) => {
    const open = await tx.course.findFirst({ where: { patientId: patient.id, status: { in: ["ordered", "active"] } }, select: { id: true, status: true } });
    const refusal = dischargeRefusal(patient, open);
    if (refusal) throw new ActionRefusal("CONFLICT", refusal, { details: { patientId: patient.id, openCourseId: open?.id ?? null } });
    await tx.patient.update({ where: { id: patient.id }, data: { dischargedAt: now } });
    const movement = await tx.patientMovement.create({ data: { patientId: patient.id, kind: "discharge", fromUnitId: patient.unitId, at: now, byId: actor.id, note: input.note } });
    return {
      data: { patientId: patient.id },
      entityId: patient.id,
      audit: { unitId: patient.unitId, movementId: movement.id },
      revalidate: ["/patients", "/board", "/courses/new"],
    };
  },
});

export async function dischargePatientAction(prev: ActionResult<{ patientId: string }> | null, form: FormData): Promise<ActionResult<{ patientId: string }>> {
  return dischargePatient(prev, form);
}
