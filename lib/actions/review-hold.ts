"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/db/audit";
import { cycleOfEventAt, decideForCourse } from "@/lib/domain/engine-request";
import { reviewSubjectOf, stopScope } from "@/lib/db/queries/reviews";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signAs } from "@/lib/auth/signature";
import { formatClock } from "@/lib/format";
import { outcomesFor, ReviewHoldSchema, needsSignature, signatureMeaning, type ReviewOutcome, type ReviewSubject } from "@/lib/schemas/review";
import {
  ActionRefusal, fail, formValues, handleActionError, invalidInput, isUniqueViolation, notFound, type ActionResult,
} from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why an outcome makes no sense for this kind of event, in one sentence for the attending. */
function refusedOutcome(subject: ReviewSubject, outcome: ReviewOutcome): string {
  switch (subject) {
    case "stopped":
      return outcome === "override"
        ? "A stop cannot be overridden: a review does not restart IL-2. Confirm the stop, or discontinue IL-2."
        : "IL-2 is already stopped by this event. Confirm the stop, or discontinue IL-2.";
    case "discontinued":
      return "IL-2 is already discontinued for this course: this event can only be confirmed.";
    case "given-judgment":
      return "This dose was already given: the review can only acknowledge its judgment finding (confirm).";
    case "held":
      return "That outcome is not possible for this hold.";
  }
}

/**
 * An attending reviews a hold, a stop, or a given dose whose decision carried a judgment finding. Every outcome
 * writes a signed HoldReview; `stop` and `discontinue` also write the stopped/discontinued dose event (linked to
 * the review through `authorizedByReviewId`) and close the course when IL-2 ends for it. `override` writes only
 * the review: record-dose then allows one given dose on the held event's own assessment
 * (docs/decisions/020-review-outcomes.md).
 */
export async function reviewHoldAction(_prev: ActionResult<{ reviewId: string }> | null, form: FormData): Promise<ActionResult<{ reviewId: string }>> {
  const values = formValues(form);
  const entityId = typeof values.doseEventId === "string" && UUID.test(values.doseEventId) ? values.doseEventId : null;
  let session: CurrentSession | null = null;
  try {
    session = await requirePermission("review:sign");
    const parsed = ReviewHoldSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return invalidInput(parsed.error, { action: "hold-review", entityType: "DoseEvent", entityId, values, actor: { id: session.user.id, email: session.user.email } });
    }
    const input = parsed.data;
    const actor = session;
    const now = clock.now();

    const done = await prisma.$transaction(async (tx) => {
      const found = await tx.doseEvent.findFirst({
        where: { id: input.doseEventId, course: { patient: { unitId: { in: actor.user.unitIds } } } },
        select: { courseId: true },
      });
      if (!found) throw notFound("dose event");
      await lockCourse(tx, found.courseId);
      // Read again under the lock: a review signed a moment ago by a colleague is seen here.
      const course = await findCourseInScope(tx, actor, found.courseId);
      const event = await tx.doseEvent.findUniqueOrThrow({
        where: { id: input.doseEventId },
        include: { assessment: true, holdReviews: { include: { attending: { select: { name: true } } }, orderBy: { signedAt: "asc" }, take: 1 } },
      });
      const timeZone = course.patient.unit.timeZone;
      if (event.status !== "active") {
        throw new ActionRefusal("RULE_BLOCKED", "This dose event was marked entered in error: there is nothing to review.");
      }
      const prior = event.holdReviews[0];
      if (prior) {
        throw new ActionRefusal(
          "CONFLICT",
          `Already reviewed by ${prior.attending.name} at ${formatClock(prior.signedAt, timeZone, now)} (${prior.outcome}). Nothing was changed.`,
          { reviewId: prior.id, reviewedBy: prior.attending.name, reviewedAt: prior.signedAt.toISOString() },
        );
      }
      if (event.authorizedByReviewId) {
        throw new ActionRefusal("RULE_BLOCKED", "This event was recorded under an attending's signed review: it needs no further review.");
      }
      const subject = reviewSubjectOf(event);
      if (subject === null) {
        throw new ActionRefusal("RULE_BLOCKED", "This dose was given without a hold or a judgment finding: it does not wait for review.");
      }
      // A held event's tier (contract 1.1) says what it holds for; events recorded before it carry the decision.
      const tier = event.tier ?? event.engineDecision;
      if (!outcomesFor(subject, tier, event.engineDecision).includes(input.outcome)) {
        throw new ActionRefusal(
          "RULE_BLOCKED",
          subject === "held" && (tier === "stop" || tier === "discontinue")
            ? `The rules said ${tier.toUpperCase()} for this hold: IL-2 must ${tier === "stop" ? "be stopped or discontinued" : "be discontinued"}; it cannot be confirmed as a hold or overridden.`
            : refusedOutcome(subject, input.outcome),
        );
      }

      const courseEvents = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
      const active = courseEvents.filter((e) => e.status === "active");
      const scope = stopScope(course);
      const assessment = event.assessment?.status === "active" ? event.assessment : null;

      if (input.outcome !== "confirm" && course.status === "closed") {
        throw new ActionRefusal("RULE_BLOCKED", "This course is closed: the review can only confirm what happened.");
      }
      if (input.outcome === "override" && course.status !== "active") {
        throw new ActionRefusal("RULE_BLOCKED", "This order waits for a pharmacist's verification: no dose can be allowed until it is verified.");
      }
      if (input.outcome === "discontinue" && active.some((e) => e.kind === "discontinued")) {
        throw new ActionRefusal("RULE_BLOCKED", "IL-2 is already discontinued for this course.");
      }
      if (input.outcome === "stop" && active.some((e) => e.cycle > event.cycle)) {
        // a stop belongs to the cycle it ends; cycle-1 events after cycle-2 ones would make the history invalid
        throw new ActionRefusal("RULE_BLOCKED", `Cycle ${event.cycle} is over and a later cycle has begun: review the current cycle's events instead.`);
      }
      if (input.outcome === "stop" && active.some((e) => e.kind === "stopped" && (scope.stopEnds === "course" || e.cycle === event.cycle))) {
        throw new ActionRefusal("RULE_BLOCKED", `IL-2 is already stopped for this ${scope.stopEnds}.`);
      }
      if (input.outcome === "stop" && cycleOfEventAt(course, now) !== event.cycle) {
        // The stopped event is written now: a stop for an earlier cycle would be recorded in the wrong cycle.
        throw new ActionRefusal("RULE_BLOCKED", `Cycle ${event.cycle} has ended since this was recorded: a stop now would fall in cycle ${cycleOfEventAt(course, now)}. Discontinue IL-2, or review the current cycle's events.`);
      }
      if (input.outcome === "override") {
        // record-dose accepts an override only where the engine says `hold` (docs/decisions/007-recording-doses.md).
        if (event.engineDecision === "give") {
          throw new ActionRefusal("RULE_BLOCKED", "No override is needed: the engine said give for this assessment, so the nurse can record the dose without one.");
        }
        if (event.engineDecision !== "hold") {
          throw new ActionRefusal(
            "RULE_BLOCKED",
            `An override can only allow a dose held for hold-tier criteria; the engine's decision for this event was “${event.engineDecision}”.`,
          );
        }
        if (active.some((e) => e.sequence > event.sequence)) {
          throw new ActionRefusal("RULE_BLOCKED", "A later dose event has been recorded since this hold: an override can no longer allow this dose.");
        }
        if (!assessment) {
          throw new ActionRefusal("RULE_BLOCKED", "This hold has no usable assessment: an override allows a dose only on the held event's own assessment.");
        }
      }

      const meaning = signatureMeaning(input.outcome, subject, scope.stopEnds);
      const signer = needsSignature(input.outcome) ? await signAs(tx, actor, input.password ?? "", meaning, now) : null;

      const review = await tx.holdReview.create({
        data: {
          doseEventId: event.id,
          attendingId: signer?.signerId ?? actor.user.id,
          outcome: input.outcome,
          reason: input.reason,
          signatureMeaning: meaning,
          signedAt: now,
        },
      });

      let newEventId: string | null = null;
      let courseClosed = false;
      if (input.outcome === "stop" || input.outcome === "discontinue") {
        const last = courseEvents.at(-1);
        const decision = decideForCourse({ now, course, events: active, assessment });
        const created = await tx.doseEvent.create({
          data: {
            courseId: course.id,
            sequence: (last?.sequence ?? 0) + 1,
            kind: input.outcome === "stop" ? "stopped" : "discontinued",
            cycle: event.cycle,
            occurredAt: now,
            assessmentId: assessment?.id ?? null,
            engineDecision: decision.ok ? decision.result.decision : decision.error,
            decisionSnapshot: (decision.ok ? decision.result : decision) as Prisma.InputJsonValue,
            ruleSetId: course.ruleSetId,
            ruleSetVersion: course.ruleSetVersion,
            criteria: event.criteria,
            note: input.reason,
            authorizedByReviewId: review.id,
            recordedById: actor.user.id,
          },
        });
        newEventId = created.id;
      }
      // IL-2 is over for the course: discontinued, or stopped where a stop ends the course (TIL) or in the last cycle.
      const endsCourse =
        input.outcome === "discontinue" ||
        subject === "discontinued" ||
        ((input.outcome === "stop" || subject === "stopped") && (scope.stopEnds === "course" || event.cycle >= scope.cycles));
      if (endsCourse && course.status === "active") {
        await tx.course.update({ where: { id: course.id }, data: { status: "closed", version: { increment: 1 } } });
        courseClosed = true;
      }

      await writeAudit(tx, {
        actorId: actor.user.id,
        actorLabel: actor.user.email,
        action: "hold-review",
        entityType: "DoseEvent",
        entityId: event.id,
        outcome: "success",
        at: now,
        details: {
          reviewId: review.id,
          courseId: course.id,
          outcome: input.outcome,
          subject,
          signatureMeaning: meaning,
          passwordSigned: signer !== null,
          ...(newEventId ? { newDoseEventId: newEventId } : {}),
          courseClosed,
        },
      });
      return { reviewId: review.id, courseId: course.id };
    });
    revalidatePath("/reviews");
    revalidatePath("/board");
    revalidatePath(`/courses/${done.courseId}`);
    return { ok: true, data: { reviewId: done.reviewId } };
  } catch (e) {
    const refusal = isUniqueViolation(e)
      ? new ActionRefusal("CONFLICT", "Another event was recorded on this course at the same moment. Nothing was saved: reload and review again.")
      : e;
    const failure = await handleActionError(refusal, {
      action: "hold-review", entityType: "DoseEvent", entityId, values, actor: session ? { id: session.user.id, email: session.user.email } : null,
    });
    if (refusal instanceof ActionRefusal && refusal.details.signature === "wrong-password") {
      return fail(failure.code, failure.message, { fieldErrors: { password: [failure.message] }, values });
    }
    return failure;
  }
}
