"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { cycle2Readiness } from "@/lib/db/queries/reviews";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signAs } from "@/lib/auth/signature";
import { formatClock } from "@/lib/format";
import { ApproveCycle2Schema, CYCLE2_MEANING } from "@/lib/schemas/review";
import { ActionRefusal, fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An attending signs the go-ahead for cycle 2 of a monotherapy course (PI-P Table 1: days 15–19; DUT: after a stop,
 * cycle 2 follows only after attending review). Allowed once cycle 1 is over and before the course is.
 */
export async function approveCycle2Action(_prev: ActionResult<{ courseId: string }> | null, form: FormData): Promise<ActionResult<{ courseId: string }>> {
  const values = formValues(form);
  const entityId = typeof values.courseId === "string" && UUID.test(values.courseId) ? values.courseId : null;
  let session: CurrentSession | null = null;
  try {
    session = await requirePermission("review:sign");
    const parsed = ApproveCycle2Schema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return invalidInput(parsed.error, { action: "cycle2-approve", entityType: "Course", entityId, values, actor: { id: session.user.id, email: session.user.email } });
    }
    const input = parsed.data;
    const actor = session;
    const now = clock.now();

    const courseId = await prisma.$transaction(async (tx) => {
      const seen = await findCourseInScope(tx, actor, input.courseId);
      await lockCourse(tx, seen.id);
      const course = await findCourseInScope(tx, actor, seen.id);
      const timeZone = course.patient.unit.timeZone;
      if (course.protocol !== "monotherapy") {
        throw new ActionRefusal("RULE_BLOCKED", "Only a monotherapy course has a cycle 2; a TIL-adjunct course is one course of up to 6 doses.");
      }
      if (course.cycle2ApprovedAt) {
        const by = course.cycle2ApprovedById ? await tx.user.findUnique({ where: { id: course.cycle2ApprovedById }, select: { name: true } }) : null;
        throw new ActionRefusal(
          "CONFLICT",
          `Cycle 2 was already approved by ${by?.name ?? "an attending"} at ${formatClock(course.cycle2ApprovedAt, timeZone, now)}. Nothing was changed.`,
          { approvedBy: by?.name ?? null, approvedAt: course.cycle2ApprovedAt.toISOString() },
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

      const signer = await signAs(tx, actor, input.password, CYCLE2_MEANING, now);
      await tx.course.update({
        where: { id: course.id },
        data: { cycle2ApprovedById: signer.signerId, cycle2ApprovedAt: now, cycle2ApprovalNote: input.note, version: { increment: 1 } },
      });
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorLabel: actor.user.email,
        action: "cycle2-approve",
        entityType: "Course",
        entityId: course.id,
        outcome: "success",
        at: now,
        details: {
          signatureMeaning: CYCLE2_MEANING,
          signerName: signer.signerName,
          cycle1Ended: readiness.cycle1Ended,
          givenInCycle1: readiness.givenInCycle1,
          heldInCycle1: readiness.heldInCycle1,
          hasNote: input.note !== null,
        },
      });
      return course.id;
    });
    revalidatePath("/reviews");
    revalidatePath("/board");
    revalidatePath(`/courses/${courseId}`);
    return { ok: true, data: { courseId } };
  } catch (e) {
    const failure = await handleActionError(e, {
      action: "cycle2-approve", entityType: "Course", entityId, values, actor: session ? { id: session.user.id, email: session.user.email } : null,
    });
    if (e instanceof ActionRefusal && e.details.signature === "wrong-password") {
      return fail(failure.code, failure.message, { fieldErrors: { password: [failure.message] }, values });
    }
    return failure;
  }
}
