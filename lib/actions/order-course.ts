"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findPatientInScope } from "@/lib/auth/scope";
import { OrderCourseSchema } from "@/lib/schemas/course";
import { parseUnitLocalTime } from "@/lib/time";
import { computeDose } from "@/lib/rules";
import { ruleSetForNewCourse } from "@/lib/domain/course-order";
import { ActionRefusal, fail, formValues, handleActionError, invalidInput, isUniqueViolation, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const DAY = 86_400_000;
const OPEN_COURSE = "This patient already has an open IL-2 course.";

/**
 * An attending orders an IL-2 course. The course records the latest rule-set version for its protocol, a dose per kg
 * that rule set lists, and for TIL the admission SBP target (required, no default: 1.1.0). It waits for a pharmacist's
 * verification of weight and arithmetic before any dose can be recorded. On success the browser opens the course.
 */
export async function orderCourseAction(_prev: ActionResult<{ courseId: string }> | null, form: FormData): Promise<ActionResult<{ courseId: string }>> {
  const values = formValues(form);
  let session: CurrentSession | null = null;
  let courseId: string;
  try {
    session = await requirePermission("course:order");
    const parsed = OrderCourseSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return invalidInput(parsed.error, { action: "course-order", entityType: "Course", values, actor: { id: session.user.id, email: session.user.email } });
    }
    const input = parsed.data;
    const actor = session;
    const now = clock.now();

    courseId = await prisma.$transaction(async (tx) => {
      const patient = await findPatientInScope(tx, actor, input.patientId);
      const unit = await tx.unit.findUniqueOrThrow({ where: { id: patient.unitId } });
      const anchorAt = parseUnitLocalTime(input.anchorAt, unit.timeZone, now);
      if (!anchorAt) throw new ActionRefusal("RULE_BLOCKED", `Enter the anchor time as a date and time that exists on the unit's clock (${unit.timeZone}).`, { field: "anchorAt" });
      if (anchorAt.getTime() < now.getTime() - 7 * DAY || anchorAt.getTime() > now.getTime() + 14 * DAY) {
        throw new ActionRefusal("RULE_BLOCKED", "The anchor time must be within the last 7 days or the next 14 days.", { field: "anchorAt" });
      }
      const open = await tx.course.findFirst({ where: { patientId: patient.id, status: { in: ["ordered", "active"] } } });
      if (open) throw new ActionRefusal("CONFLICT", OPEN_COURSE, { patientId: patient.id, openCourseId: open.id });
      // the latest version for the protocol; the schema checked the dose per kg against its list
      const ruleSet = ruleSetForNewCourse(input.protocol);
      const doseIuPerKg = input.doseIuPerKg;
      const dose = computeDose(input.dosingWeightKg, doseIuPerKg, ruleSet.arithmetic);
      const course = await tx.course
        .create({
          data: {
            patientId: patient.id,
            protocol: input.protocol === "til-adjunct" ? "til_adjunct" : "monotherapy",
            ruleSetId: ruleSet.id,
            ruleSetVersion: ruleSet.version,
            dosingWeightKg: input.dosingWeightKg,
            baselineWeightKg: input.baselineWeightKg,
            doseIuPerKg,
            ...(input.protocol === "til-adjunct" ? { tilInfusionEndAt: anchorAt, targetSbpMmHg: input.targetSbpMmHg } : { startAt: anchorAt }),
            orderedById: actor.user.id,
            orderedAt: now,
          },
        })
        .catch((e: unknown) => {
          // the partial unique index "Course_one_open_per_patient": a simultaneous order committed first
          if (isUniqueViolation(e)) throw new ActionRefusal("CONFLICT", OPEN_COURSE, { patientId: patient.id });
          throw e;
        });
      await writeAudit(tx, {
        actorId: actor.user.id, actorLabel: actor.user.email, action: "course-order", entityType: "Course", entityId: course.id,
        outcome: "success", at: now,
        details: { patientId: patient.id, protocol: input.protocol, ruleSet: `${ruleSet.id}@${ruleSet.version}`, dosingWeightKg: input.dosingWeightKg, doseIuPerKg, doseIu: dose.doseIu,
          ...(input.protocol === "til-adjunct" ? { targetSbpMmHg: input.targetSbpMmHg } : {}) },
      });
      return course.id;
    });
    revalidatePath("/board");
    revalidatePath("/verifications");
  } catch (e) {
    const failure = await handleActionError(e, { action: "course-order", entityType: "Course", values, actor: session ? { id: session.user.id, email: session.user.email } : null });
    if (failure.code === "RULE_BLOCKED" && e instanceof ActionRefusal && e.details.field === "anchorAt") {
      return fail("VALIDATION", failure.message, { fieldErrors: { anchorAt: [failure.message] }, values });
    }
    return failure;
  }
  // The order page no longer lists this patient once the course exists: open the new course.
  redirect(`/courses/${courseId}`);
}
