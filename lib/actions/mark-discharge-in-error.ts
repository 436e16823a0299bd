"use server";

import type { ActionResult } from "@/lib/actions/result";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import { findPatientInScope, requireStillInScope } from "@/lib/auth/scope";
import { ActionRefusal } from "@/lib/refusal";
import { lockPatientRow } from "@/lib/db/queries/patients";
import { MarkDischargeInErrorSchema } from "@/lib/schemas/patient";
import { dischargeInErrorRefusal } from "@/lib/domain/admission";

/**
 * An attending or administrator of the patient's unit marks the patient's last discharge "discharged in error"
 * (decision 056): a new movement row naming the discharge it corrects, with the reason, which re-opens the admission
 * (Patient.dischargedAt back to empty). The discharge row stays; nothing is deleted. No signature: a confirmation
 * step on screen, and the audit row.
 */
const markDischargeInError = defineAction({
  name: "patient-discharge-in-error",
  entityType: "Patient",
  entityId: idFrom("patientId"),
  permission: "patient:discharge",
  schema: MarkDischargeInErrorSchema,
  secret: [],
  scope: async (tx, session, input, now) => {
    const found = await findPatientInScope(tx, session, input.patientId);
    const patient = { ...found, ...(await lockPatientRow(tx, found.id)) };
    await requireStillInScope(tx, session, patient, now, "the discharge was not marked in error");
    return { patient };
  },
  decide: async ({ tx, actor, input, now, scoped: { patient } }) => {
    const last = await tx.patientMovement.findFirst({ where: { patientId: patient.id }, orderBy: [{ at: "desc" }, { id: "desc" }] });
    const refusal = dischargeInErrorRefusal(patient, last);
    if (refusal || !last) throw new ActionRefusal("CONFLICT", refusal ?? "", { details: { patientId: patient.id, lastMovementId: last?.id ?? null } });
    await tx.patient.update({ where: { id: patient.id }, data: { dischargedAt: null } });
    const movement = await tx.patientMovement.create({
      data: { patientId: patient.id, kind: "discharge_in_error", correctsId: last.id, toUnitId: patient.unitId, at: now, byId: actor.id, note: input.reason },
    });
    return {
      data: { patientId: patient.id },
      entityId: patient.id,
      audit: { unitId: patient.unitId, movementId: movement.id, correctsMovementId: last.id, dischargedAt: last.at.toISOString(), reason: input.reason },
      revalidate: ["/patients", "/board", "/courses/new"],
    };
  },
});

export async function markDischargeInErrorAction(prev: ActionResult<{ patientId: string }> | null, form: FormData): Promise<ActionResult<{ patientId: string }>> {
  return markDischargeInError(prev, form);
}
