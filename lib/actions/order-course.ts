"use server";

import { redirect } from "next/navigation";
import { findPatientInScope, requireStillInScope } from "@/lib/auth/scope";
import { defineAction } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { isUniqueViolation } from "@/lib/db/errors";
import { OrderCourseSchema } from "@/lib/schemas/course";
import { parseUnitLocalTime } from "@/lib/time";
import { computeDose } from "@/lib/rules";
import { ruleSetForNewCourse } from "@/lib/domain/course-order";
import { orderRefusalForPatient } from "@/lib/domain/admission";
import { lockPatientRow } from "@/lib/db/queries/patients";

const DAY = 86_400_000;
const OPEN_COURSE = "This patient already has an open IL-2 course.";

/**
 * An attending orders an IL-2 course. The course records the latest rule-set version for its protocol, a dose per kg
 * that rule set lists, and for TIL the admission SBP target (required, no default: 1.1.0). It waits for a pharmacist's
 * verification of weight and arithmetic before any dose can be recorded. On success the browser opens the course.
 */
const orderCourse = defineAction({
  name: "course-order",
  entityType: "Course",
  permission: "course:order",
  schema: OrderCourseSchema,
  scope: async (tx, session, input, now) => {
    const found = await findPatientInScope(tx, session, input.patientId);
    // locked: a discharge of the same patient waits for this order (decision 049)
    const patient = { ...found, ...(await lockPatientRow(tx, found.id)) };
    // the scope check above read the row before the lock: a transfer committed meanwhile may have taken it away
    await requireStillInScope(tx, session, patient, now, "the course was not ordered");
    return { patient, unit: await tx.unit.findUniqueOrThrow({ where: { id: patient.unitId } }) };
  },
  decide: async ({ tx, actor, input, now, scoped: { patient, unit } }) => {
    const discharged = orderRefusalForPatient(patient);
    if (discharged) throw new ActionRefusal("CONFLICT", discharged, { field: "patientId", details: { patientId: patient.id } });
    // a bad anchor is a field to correct: answered VALIDATION by orderCourseAction, audited as the rule that refused it
    const anchorAt = parseUnitLocalTime(input.anchorAt, unit.timeZone, now);
    if (!anchorAt) throw new ActionRefusal("RULE_BLOCKED", `Enter the anchor time as a date and time that exists on the unit's clock (${unit.timeZone}).`, { field: "anchorAt" });
    if (anchorAt.getTime() < now.getTime() - 7 * DAY || anchorAt.getTime() > now.getTime() + 14 * DAY) {
      throw new ActionRefusal("RULE_BLOCKED", "The anchor time must be within the last 7 days or the next 14 days.", { field: "anchorAt" });
    }
    const open = await tx.course.findFirst({ where: { patientId: patient.id, status: { in: ["ordered", "active"] } } });
    if (open) throw new ActionRefusal("CONFLICT", OPEN_COURSE, { details: { patientId: patient.id, openCourseId: open.id } });
    // the latest version for the protocol; the schema checked the dose per kg against its list
    const ruleSet = ruleSetForNewCourse(input.protocol);
    const doseIuPerKg = input.doseIuPerKg;
    const dose = computeDose(input.dosingWeightKg, doseIuPerKg, ruleSet.arithmetic);
    const til = input.protocol === "til-adjunct";
    const course = await tx.course
      .create({
        data: {
          patientId: patient.id,
          protocol: til ? "til_adjunct" : "monotherapy",
          ruleSetId: ruleSet.id,
          ruleSetVersion: ruleSet.version,
          dosingWeightKg: input.dosingWeightKg,
          baselineWeightKg: input.baselineWeightKg,
          doseIuPerKg,
          ...(til ? { tilInfusionEndAt: anchorAt, targetSbpMmHg: input.targetSbpMmHg } : { startAt: anchorAt }),
          orderedById: actor.id,
          orderedAt: now,
        },
      })
      .catch((e: unknown) => {
        // the partial unique index "Course_one_open_per_patient": a simultaneous order committed first (the refusal
        // names the patient, so its denied audit row can be found with the success)
        if (isUniqueViolation(e)) throw new ActionRefusal("CONFLICT", OPEN_COURSE, { details: { patientId: patient.id } });
        throw e;
      });
    return {
      data: { courseId: course.id },
      entityId: course.id,
      audit: {
        patientId: patient.id, protocol: input.protocol, ruleSet: `${ruleSet.id}@${ruleSet.version}`, dosingWeightKg: input.dosingWeightKg, doseIuPerKg, doseIu: dose.doseIu,
        ...(til ? { targetSbpMmHg: input.targetSbpMmHg } : {}),
      },
      revalidate: ["/board", "/verifications"],
    };
  },
});

export async function orderCourseAction(prev: ActionResult<{ courseId: string }> | null, form: FormData): Promise<ActionResult<{ courseId: string }>> {
  const result = await orderCourse(prev, form);
  if (!result.ok) return result.code === "RULE_BLOCKED" && result.fieldErrors?.anchorAt ? { ...result, code: "VALIDATION" } : result;
  // The order page no longer lists this patient once the course exists: open the new course.
  redirect(`/courses/${result.data.courseId}`);
}
