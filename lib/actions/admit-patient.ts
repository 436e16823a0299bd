"use server";

import type { ActionResult } from "@/lib/actions/result";
import { defineAction } from "@/lib/actions/pipeline";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { isUniqueViolation } from "@/lib/db/errors";
import { AdmitPatientSchema } from "@/lib/schemas/patient";
import { birthDateRefusal, duplicateMrnRefusal } from "@/lib/domain/admission";
import { toUnitLocalInput } from "@/lib/time";

/**
 * An attending or administrator admits a patient to one of their units (decision 049): the patient row (FHIR
 * Patient: identifier = MRN, name, birthDate, gender), the admit movement and the audit row, in one transaction.
 * The MRN is unique in the database: a second patient with the same MRN is refused at the MRN field, in words that
 * name the patient the MRN belongs to when the user may see them (their unit is one of the user's), else only the unit.
 */
const admitPatient = defineAction({
  name: "patient-admit",
  entityType: "Patient",
  permission: "patient:admit",
  schema: AdmitPatientSchema,
  scope: async (tx, session, input) => {
    // only to one of the user's own units; another unit is answered like a unit that does not exist
    const unit = session.user.unitIds.includes(input.unitId) ? await tx.unit.findUnique({ where: { id: input.unitId } }) : null;
    if (!unit) throw notFound("unit");
    return { unit };
  },
  decide: async ({ tx, actor, session, input, now, scoped: { unit } }) => {
    const refusal = birthDateRefusal(input.birthDate, toUnitLocalInput(now, unit.timeZone).slice(0, 10));
    if (refusal) throw new ActionRefusal("VALIDATION", refusal, { field: "birthDate" });
    // the MRN already held: say whose it is (the unique index below still answers an admission at the same moment)
    const holder = await tx.patient.findFirst({ where: { mrn: { equals: input.mrn, mode: "insensitive" } }, include: { unit: { select: { name: true } } } });
    if (holder) {
      const words = duplicateMrnRefusal(
        input.mrn,
        session.user.unitIds.includes(holder.unitId)
          ? { inScope: true, name: `${holder.familyName}, ${holder.givenName}`, birthDate: holder.birthDate.toISOString().slice(0, 10), unitName: holder.unit.name, discharged: holder.dischargedAt !== null }
          : { inScope: false, unitName: holder.unit.name },
      );
      throw new ActionRefusal("CONFLICT", words, { field: "mrn", details: { mrn: input.mrn, existingPatientId: holder.id } });
    }
    const patient = await tx.patient
      .create({
        data: {
          mrn: input.mrn, familyName: input.familyName, givenName: input.givenName, birthDate: new Date(`${input.birthDate}T00:00:00Z`),
          gender: input.gender, unitId: unit.id, createdAt: now,
        },
      })
      .catch((e: unknown) => {
        // "Patient_mrn_key": the MRN names one patient in the hospital
        if (isUniqueViolation(e)) throw new ActionRefusal("CONFLICT", `Not admitted: MRN ${input.mrn} was registered for another patient at the same moment. Check the MRN and the patient list.`, { field: "mrn", details: { mrn: input.mrn } });
        throw e;
      });
    const movement = await tx.patientMovement.create({ data: { patientId: patient.id, kind: "admit", toUnitId: unit.id, at: now, byId: actor.id } });
    return {
      data: { patientId: patient.id, name: `${patient.familyName}, ${patient.givenName}`, unitName: unit.name },
      entityId: patient.id,
      audit: { mrn: patient.mrn, unitId: unit.id, movementId: movement.id },
      revalidate: ["/patients", "/board", "/courses/new"],
    };
  },
});

export async function admitPatientAction(prev: ActionResult<{ patientId: string; name: string; unitName: string }> | null, form: FormData): Promise<ActionResult<{ patientId: string; name: string; unitName: string }>> {
  return admitPatient(prev, form);
}
