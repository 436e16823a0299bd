"use server";

import type { ActionResult } from "@/lib/actions/result";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import { findPatientInScope, lockCourse, requireStillInScope } from "@/lib/auth/scope";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { lockPatientRow } from "@/lib/db/queries/patients";
import { TransferPatientSchema } from "@/lib/schemas/patient";
import { transferRefusal } from "@/lib/domain/admission";

/**
 * An attending or administrator of the patient's unit moves the patient to another unit of the hospital (decision
 * 049). Courses belong to the patient, and every board and scope check reads Patient.unitId: an open course moves
 * with the patient, off the old unit's board and onto the new one's, in the same transaction as the movement row.
 */
const transferPatient = defineAction({
  name: "patient-transfer",
  entityType: "Patient",
  entityId: idFrom("patientId"),
  permission: "patient:transfer",
  schema: TransferPatientSchema,
  scope: async (tx, session, input, now) => {
    const found = await findPatientInScope(tx, session, input.patientId);
    const patient = { ...found, ...(await lockPatientRow(tx, found.id)) };
    // the scope check above read the row before the lock: a transfer committed meanwhile may have taken it away
    await requireStillInScope(tx, session, patient, now, "the transfer was not saved");
    return { patient };
  },
  decide: async ({ tx, session, actor, input, now, scoped: { patient } }) => {
    const to = await tx.unit.findUnique({ where: { id: input.toUnitId } });
    if (!to) throw notFound("unit");
    const refusal = transferRefusal(patient, to.id);
    if (refusal) throw new ActionRefusal("CONFLICT", refusal, { field: "toUnitId", details: { patientId: patient.id, toUnitId: to.id } });
    const open = await tx.course.findFirst({ where: { patientId: patient.id, status: { in: ["ordered", "active"] } }, select: { id: true } });
    // the open course's lock too (after the patient's, the one order): a dose being recorded on it finishes first,
    // and a nurse's dose submitted meanwhile waits and is then told where the patient went (record-dose.ts)
    if (open) await lockCourse(tx, session, open.id, now, "the transfer was not saved");
    await tx.patient.update({ where: { id: patient.id }, data: { unitId: to.id } });
    const movement = await tx.patientMovement.create({
      data: { patientId: patient.id, kind: "transfer", fromUnitId: patient.unitId, toUnitId: to.id, at: now, byId: actor.id, note: input.note },
    });
    return {
      data: { patientId: patient.id, unitName: to.name },
      entityId: patient.id,
      audit: { fromUnitId: patient.unitId, toUnitId: to.id, movementId: movement.id, openCourseId: open?.id ?? null },
      revalidate: ["/patients", "/board", "/reviews", "/verifications", "/courses/new"],
    };
  },
});

export async function transferPatientAction(prev: ActionResult<{ patientId: string; unitName: string }> | null, form: FormData): Promise<ActionResult<{ patientId: string; unitName: string }>> {
  return transferPatient(prev, form);
}
