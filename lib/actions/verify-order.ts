"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { VerifyOrderSchema } from "@/lib/schemas/verification";
import { computeDose, getRuleSet } from "@/lib/rules";
import { formatClock, formatIu } from "@/lib/format";
import { ActionRefusal, fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const ACTION = "course-verify-order";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type VerifyOrderData = { courseId: string; verifiedAt: string };

/**
 * A pharmacist verifies an ordered course: the dosing weight they re-enter must equal the order's exactly, and the
 * dose they computed must equal the engine's (computeDose). Only then does the course become `active`, so doses can
 * be recorded. docs/decisions/030-pharmacist-verification.md.
 */
export async function verifyOrderAction(_prev: ActionResult<VerifyOrderData> | null, form: FormData): Promise<ActionResult<VerifyOrderData>> {
  const values = formValues(form);
  const rawId = values.courseId ?? "";
  const entityId = UUID.test(rawId) ? rawId : null;
  let session: CurrentSession | null = null;
  try {
    session = await requirePermission("course:verify-order");
    const parsed = VerifyOrderSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return invalidInput(parsed.error, { action: ACTION, entityType: "Course", entityId, values, actor: { id: session.user.id, email: session.user.email } });
    }
    const input = parsed.data;
    const actor = session;
    const now = clock.now();

    const verifiedAt = await prisma.$transaction(async (tx) => {
      // Lock first, then read: a second pharmacist verifying at the same moment waits here and then sees `active`.
      await findCourseInScope(tx, actor, input.courseId); // scope first: never lock another unit's course
      await lockCourse(tx, input.courseId);
      const course = await findCourseInScope(tx, actor, input.courseId);
      const timeZone = course.patient.unit.timeZone;
      if (course.status !== "ordered") {
        if (course.weightVerifiedById && course.weightVerifiedAt) {
          const by = await tx.user.findUnique({ where: { id: course.weightVerifiedById }, select: { name: true } });
          throw new ActionRefusal(
            "CONFLICT",
            `This order was already verified by ${by?.name ?? "another pharmacist"} at ${formatClock(course.weightVerifiedAt, timeZone, now)}. Nothing was changed.`,
            { status: course.status, verifiedById: course.weightVerifiedById, verifiedAt: course.weightVerifiedAt.toISOString() },
          );
        }
        throw new ActionRefusal("CONFLICT", "This course is closed: there is no order to verify.", { status: course.status });
      }
      const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
      if (!ruleSet) {
        throw new ActionRefusal("RULE_BLOCKED", `The order's rule set ${course.ruleSetId} ${course.ruleSetVersion} is not available: it cannot be verified.`, {
          ruleSet: `${course.ruleSetId}@${course.ruleSetVersion}`,
        });
      }
      const orderKg = course.dosingWeightKg;
      const dose = computeDose(Number(orderKg.toString()), course.doseIuPerKg, ruleSet.arithmetic);

      // Exact decimal comparison: 82.40 equals 82.4; 82.41 does not.
      const fieldErrors: Record<string, string[]> = {};
      if (!new Prisma.Decimal(input.dosingWeightKg).equals(orderKg)) {
        fieldErrors.dosingWeightKg = [
          `The weight you entered (${input.dosingWeightKg} kg) does not match the order's dosing weight (${orderKg.toString()} kg).`,
        ];
      }
      if (input.doseIu !== dose.doseIu) {
        fieldErrors.doseIu = [`The dose you entered (${formatIu(input.doseIu)}) does not match the dose computed from the order (${formatIu(dose.doseIu)}: ${dose.steps.doseIu}).`];
      }
      if (Object.keys(fieldErrors).length > 0) {
        const sentences = [...(fieldErrors.dosingWeightKg ?? []), ...(fieldErrors.doseIu ?? [])].join(" ");
        throw new ActionRefusal("RULE_BLOCKED", `${sentences} Not verified: check the order with the prescriber.`, {
          fieldErrors,
          enteredWeightKg: input.dosingWeightKg,
          orderWeightKg: orderKg.toString(),
          enteredDoseIu: input.doseIu,
          computedDoseIu: dose.doseIu,
        });
      }

      await tx.course.update({
        where: { id: course.id },
        data: { status: "active", weightVerifiedById: actor.user.id, weightVerifiedAt: now, version: { increment: 1 } },
      });
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorLabel: actor.user.email,
        action: ACTION,
        entityType: "Course",
        entityId: course.id,
        outcome: "success",
        at: now,
        details: {
          patientId: course.patientId,
          ruleSet: `${course.ruleSetId}@${course.ruleSetVersion}`,
          dosingWeightKg: orderKg.toString(),
          enteredWeightKg: input.dosingWeightKg,
          baselineWeightKg: course.baselineWeightKg.toString(),
          doseIuPerKg: course.doseIuPerKg,
          doseIu: dose.doseIu,
          enteredDoseIu: input.doseIu,
          doseMg: dose.doseMg,
          doseMl: dose.doseMl,
          vials: dose.vials,
          steps: dose.steps,
          statusFrom: "ordered",
          statusTo: "active",
          courseVersion: course.version + 1,
          note: input.note,
        },
      });
      return now;
    });
    revalidatePath("/verifications");
    revalidatePath(`/verifications/orders/${input.courseId}`);
    revalidatePath("/board");
    revalidatePath(`/courses/${input.courseId}`);
    return { ok: true, data: { courseId: input.courseId, verifiedAt: verifiedAt.toISOString() } };
  } catch (e) {
    const failure = await handleActionError(e, {
      action: ACTION,
      entityType: "Course",
      entityId,
      values,
      actor: session ? { id: session.user.id, email: session.user.email } : null,
    });
    if (failure.code === "RULE_BLOCKED" && e instanceof ActionRefusal && e.details.fieldErrors) {
      return fail("RULE_BLOCKED", failure.message, { fieldErrors: e.details.fieldErrors as Record<string, string[]>, values });
    }
    return failure;
  }
}
