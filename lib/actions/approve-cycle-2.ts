"use server";

import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { formatClock } from "@/lib/format";
import { ApproveCycle2Schema } from "@/lib/schemas/review";
import { CYCLE2_MEANING } from "@/lib/domain/review";
import { cycle2Readiness } from "@/lib/domain/cycle2";

/**
 * An attending signs the go-ahead for cycle 2 of a monotherapy course (PI-P Table 1: days 15–19; DUT: after a stop,
 * cycle 2 follows only after attending review). Allowed once cycle 1 is over and before the course is
 * (lib/domain/cycle2.ts).
 */
const approveCycle2 = defineAction({
  name: "cycle2-approve",
  entityType: "Course",
  entityId: idFrom("courseId"),
  permission: "review:sign",
  schema: ApproveCycle2Schema,
  signature: {},
  scope: async (tx, session, input, now) => {
    const seen = await findCourseInScope(tx, session, input.courseId);
    await lockCourse(tx, session, seen.id, now, "cycle 2 was not approved");
    return findCourseInScope(tx, session, seen.id);
  },
  decide: async ({ tx, input, now, signer: verified, scoped: course }) => {
    if (course.protocol !== "monotherapy") {
      throw new ActionRefusal("RULE_BLOCKED", "Only a monotherapy course has a cycle 2; a TIL-adjunct course is one course of up to 6 doses.");
    }
    if (course.cycle2ApprovedAt) {
      const by = course.cycle2ApprovedById ? await tx.user.findUnique({ where: { id: course.cycle2ApprovedById }, select: { name: true } }) : null;
      throw new ActionRefusal(
        "CONFLICT",
        `Cycle 2 was already approved by ${by?.name ?? "an attending"} at ${formatClock(course.cycle2ApprovedAt, course.patient.unit.timeZone, now)}. Nothing was changed.`,
        { details: { approvedBy: by?.name ?? null, approvedAt: course.cycle2ApprovedAt.toISOString() } },
      );
    }
    if (course.status !== "active") {
      throw new ActionRefusal(
        "RULE_BLOCKED",
        course.status === "closed" ? "This course is closed: there is no cycle 2 to approve." : "This course is not active yet: a pharmacist has not verified it.",
      );
    }
    const events = await tx.doseEvent.findMany({ where: { courseId: course.id, status: "active" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const readiness = cycle2Readiness(course, events, now);
    if (!readiness.ready) throw new ActionRefusal("RULE_BLOCKED", readiness.why);

    const signer = signatureWith(verified!, CYCLE2_MEANING);
    await tx.course.update({
      where: { id: course.id },
      data: { cycle2ApprovedById: signer.signerId, cycle2ApprovedAt: now, cycle2ApprovalNote: input.note, version: { increment: 1 } },
    });
    return {
      data: { courseId: course.id },
      entityId: course.id,
      audit: {
        signatureMeaning: CYCLE2_MEANING,
        signerName: signer.signerName,
        cycle1Ended: readiness.cycle1Ended,
        givenInCycle1: readiness.givenInCycle1,
        heldInCycle1: readiness.heldInCycle1,
        hasNote: input.note !== null,
      },
      revalidate: ["/reviews", "/board", `/courses/${course.id}`],
    };
  },
});

export async function approveCycle2Action(prev: ActionResult<{ courseId: string }> | null, form: FormData): Promise<ActionResult<{ courseId: string }>> {
  return approveCycle2(prev, form);
}
