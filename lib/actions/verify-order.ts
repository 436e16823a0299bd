"use server";

import { Prisma } from "@/lib/generated/prisma/client";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { VerifyOrderSchema } from "@/lib/schemas/verification";
import { computeDose, getRuleSet } from "@/lib/rules";
import { formatClock, formatIu } from "@/lib/format";
import { signatureWith } from "@/lib/auth/signature";
import { VERIFY_ORDER_MEANING } from "@/lib/domain/signature";

export type VerifyOrderData = { courseId: string; verifiedAt: string };

/**
 * A pharmacist verifies an ordered course: the dosing weight they re-enter must equal the order's exactly, and the
 * dose they computed must equal the engine's (computeDose). Only then does the course become `active`, so doses can
 * be recorded. docs/decisions/030-pharmacist-verification.md.
 */
const verifyOrder = defineAction({
  name: "course-verify-order",
  entityType: "Course",
  entityId: idFrom("courseId"),
  permission: "course:verify-order",
  schema: VerifyOrderSchema,
  signature: { missing: "Re-enter your password to sign the verification." },
  scope: async (tx, session, input, now) => {
    // Lock first, then read: a second pharmacist verifying at the same moment waits here and then sees `active`.
    await findCourseInScope(tx, session, input.courseId); // scope first: never lock another unit's course
    await lockCourse(tx, session, input.courseId, now, "the order was not verified");
    return findCourseInScope(tx, session, input.courseId);
  },
  decide: async ({ tx, input, now, signer, scoped: course }) => {
    if (course.status !== "ordered") {
      if (course.weightVerifiedById && course.weightVerifiedAt) {
        const by = await tx.user.findUnique({ where: { id: course.weightVerifiedById }, select: { name: true } });
        throw new ActionRefusal(
          "CONFLICT",
          `This order was already verified by ${by?.name ?? "another pharmacist"} at ${formatClock(course.weightVerifiedAt, course.patient.unit.timeZone, now)}. Nothing was changed.`,
          { details: { status: course.status, verifiedById: course.weightVerifiedById, verifiedAt: course.weightVerifiedAt.toISOString() } },
        );
      }
      throw new ActionRefusal("CONFLICT", "This course is closed: there is no order to verify.", { details: { status: course.status } });
    }
    const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
    if (!ruleSet) {
      throw new ActionRefusal("RULE_BLOCKED", `The order's rule set ${course.ruleSetId} ${course.ruleSetVersion} is not available: it cannot be verified.`, {
        details: { ruleSet: `${course.ruleSetId}@${course.ruleSetVersion}` },
      });
    }
    const orderKg = course.dosingWeightKg;
    const dose = computeDose(Number(orderKg.toString()), course.doseIuPerKg, ruleSet.arithmetic);

    // Exact decimal comparison: 82.40 equals 82.4; 82.41 does not.
    const fieldErrors: Record<string, string[]> = {};
    if (!new Prisma.Decimal(input.dosingWeightKg).equals(orderKg)) {
      fieldErrors.dosingWeightKg = [`The weight you entered (${input.dosingWeightKg} kg) does not match the order's dosing weight (${orderKg.toString()} kg).`];
    }
    if (input.doseIu !== dose.doseIu) {
      fieldErrors.doseIu = [`The dose you entered (${formatIu(input.doseIu)}) does not match the dose computed from the order (${formatIu(dose.doseIu)}: ${dose.steps.doseIu}).`];
    }
    if (Object.keys(fieldErrors).length > 0) {
      const sentences = [...(fieldErrors.dosingWeightKg ?? []), ...(fieldErrors.doseIu ?? [])].join(" ");
      throw new ActionRefusal("RULE_BLOCKED", `${sentences} Not verified: check the order with the prescriber.`, {
        fieldErrors,
        // the audit row keeps the sentences with the figures, as it always has
        details: { fieldErrors, enteredWeightKg: input.dosingWeightKg, orderWeightKg: orderKg.toString(), enteredDoseIu: input.doseIu, computedDoseIu: dose.doseIu },
      });
    }

    const signature = signatureWith(signer!, VERIFY_ORDER_MEANING);
    await tx.course.update({
      where: { id: course.id },
      data: { status: "active", weightVerifiedById: signature.signerId, weightVerifiedAt: now, weightVerificationMeaning: signature.meaning, version: { increment: 1 } },
    });
    const data: VerifyOrderData = { courseId: input.courseId, verifiedAt: now.toISOString() };
    return {
      data,
      entityId: course.id,
      audit: {
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
        signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() },
      },
      revalidate: ["/verifications", `/verifications/orders/${input.courseId}`, "/board", `/courses/${input.courseId}`],
    };
  },
});

export async function verifyOrderAction(prev: ActionResult<VerifyOrderData> | null, form: FormData): Promise<ActionResult<VerifyOrderData>> {
  return verifyOrder(prev, form);
}
