"use server";

import { cycleOfEventAt } from "@/lib/domain/engine-request";
import { needsSignature, outcomesFor, refusedOutcome, reviewEndsCourse, reviewSubjectOf, signatureMeaning, stopIsJudgment, stopScope } from "@/lib/domain/review";
import { overrideBlocker, reassessBlockedText, reassessBlocker } from "@/lib/domain/blocking";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { writeAttendingStop } from "@/lib/db/attending-stop";
import { downtimeStopAwaitingAttending, downtimeStopText } from "@/lib/domain/downtime-stop";
import { decisionLabel, outcomeLabel } from "@/lib/domain/vocabulary";
import { formatClock } from "@/lib/format";
import { ReviewHoldSchema } from "@/lib/schemas/review";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";

const blocked = (message: string) => new ActionRefusal("RULE_BLOCKED", message);

/**
 * An attending reviews a hold, a stop, or a given dose whose decision carried a judgment finding. Every outcome
 * writes a signed HoldReview; `stop` and `discontinue` also write the stopped/discontinued dose event (linked to
 * the review through `authorizedByReviewId`) and close the course when IL-2 ends for it. `override` writes only
 * the review: record-dose then allows one given dose on the held event's own assessment
 * (docs/decisions/020-review-outcomes.md), and it is refused while an earlier stop blocks every dose
 * (lib/domain/blocking.ts). `reassess` (a judgment-tier stop only) writes only the signed review: the hold stands
 * and the next assessment re-decides (docs/decisions/041-blocking-rule-and-reassess.md). Which outcomes fit which
 * event is lib/domain/review.ts.
 */
const reviewHold = defineAction({
  name: "hold-review",
  entityType: "DoseEvent",
  entityId: idFrom("doseEventId"),
  permission: "review:sign",
  schema: ReviewHoldSchema,
  // every outcome is signed (docs/decisions/055): checked and counted before the review's transaction
  signature: { when: (input) => needsSignature(input.outcome) },
  // the course lock makes these rare; the constraints make them impossible
  uniqueViolation: (constraint) =>
    constraint === "HoldReview_doseEventId_key"
      ? "Another attending reviewed this event at the same moment. Nothing was saved: reload to see their review."
      : "Another event was recorded on this course at the same moment. Nothing was saved: reload and review again.",
  scope: async (tx, session, input, now) => {
    const found = await tx.doseEvent.findFirst({ where: { id: input.doseEventId, course: { patient: { unitId: { in: session.user.unitIds } } } }, select: { courseId: true } });
    if (!found) throw notFound("dose event");
    await lockCourse(tx, session, found.courseId, now, "the review was not signed");
    // Read again under the lock: a review signed a moment ago by a colleague is seen here.
    const course = await findCourseInScope(tx, session, found.courseId);
    const event = await tx.doseEvent.findUniqueOrThrow({
      where: { id: input.doseEventId },
      include: { assessment: true, holdReviews: { include: { attending: { select: { name: true } } }, orderBy: { signedAt: "asc" }, take: 1 } },
    });
    return { course, event };
  },
  decide: async ({ tx, actor, input, now, signer: verified, scoped: { course, event } }) => {
    const timeZone = course.patient.unit.timeZone;
    if (event.status !== "active") throw blocked("This dose event was marked entered in error: there is nothing to review.");
    const prior = event.holdReviews[0];
    if (prior) {
      throw new ActionRefusal("CONFLICT", `Already reviewed by ${prior.attending.name} at ${formatClock(prior.signedAt, timeZone, now)} (${outcomeLabel(prior.outcome)}). Nothing was changed.`, {
        details: { reviewId: prior.id, reviewedBy: prior.attending.name, reviewedAt: prior.signedAt.toISOString() },
      });
    }
    if (event.authorizedByReviewId) throw blocked("This event was recorded under an attending's signed review: it needs no further review.");
    const subject = reviewSubjectOf(event);
    if (subject === null) throw blocked("This dose was given without a hold or a judgment finding: it does not wait for review.");
    // A held event's tier (contract 1.1) says what it holds for; events recorded before it carry the decision.
    const tier = event.tier ?? event.engineDecision;
    const judgmentStop = subject === "held" && stopIsJudgment(event.decisionSnapshot);
    if (!outcomesFor(subject, tier, event.engineDecision, judgmentStop).includes(input.outcome)) {
      throw blocked(refusedOutcome(subject, input.outcome, subject === "held" ? tier : "", event.engineDecision));
    }

    const courseEvents = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const active = courseEvents.filter((e) => e.status === "active");
    const scope = stopScope(course);
    const assessment = event.assessment?.status === "active" ? event.assessment : null;

    if (input.outcome !== "confirm" && course.status === "closed") throw blocked("This course is closed: the review can only confirm what happened.");
    // reassess writes only the signed review: the held event is then sent as reviewed (contract 1.1), so the engine no
    // longer counts it as pending-stop-review, and the next assessment — on new observations only — re-decides.
    if (input.outcome === "reassess") {
      // a stop observed since this one, and recorded nowhere else, would be cleared unseen (decision 041)
      const assessments = await tx.assessment.findMany({ where: { courseId: course.id, status: "active" } });
      const blocker = reassessBlocker({ course, events: active, assessments, stop: event, now });
      if (blocker) throw blocked(reassessBlockedText(blocker, timeZone, now));
    }
    if (input.outcome === "override" && course.status !== "active") throw blocked("This order waits for a pharmacist's verification: no dose can be allowed until it is verified.");
    if (input.outcome === "discontinue" && active.some((e) => e.kind === "discontinued")) throw blocked("IL-2 is already discontinued for this course.");
    if (input.outcome === "stop") {
      // a stop belongs to the cycle it ends; cycle-1 events after cycle-2 ones would make the history invalid
      if (active.some((e) => e.cycle > event.cycle)) throw blocked(`Cycle ${event.cycle} is over and a later cycle has begun: review the current cycle's events instead.`);
      if (active.some((e) => e.kind === "stopped" && (scope.stopEnds === "course" || e.cycle === event.cycle))) throw blocked(`IL-2 is already stopped for this ${scope.stopEnds}.`);
      // The stopped event is written now: a stop for an earlier cycle would be recorded in the wrong cycle.
      const cycleNow = cycleOfEventAt(course, now);
      if (cycleNow !== event.cycle) {
        throw blocked(`Cycle ${event.cycle} has ended since this was recorded: a stop now would fall in cycle ${cycleNow}. Discontinue IL-2, or review the current cycle's events.`);
      }
    }
    if (input.outcome === "override") {
      // record-dose accepts an override only where the engine says `hold` (docs/decisions/007-recording-doses.md).
      if (event.engineDecision === "give") throw blocked("No override is needed: the engine said give for this assessment, so the nurse can record the dose without one.");
      if (event.engineDecision !== "hold") throw blocked(`An override can only allow a dose held for hold-tier criteria; the engine's decision for this event was “${decisionLabel(event.engineDecision)}”.`);
      if (active.some((e) => e.sequence > event.sequence)) throw blocked("A later dose event has been recorded since this hold: an override can no longer allow this dose.");
      if (!assessment) throw blocked("This hold has no usable assessment: an override allows a dose only on the held event's own assessment.");
      // the one rule of what blocks what (lib/domain/blocking.ts): an override that could not allow the dose is not signed
      // a dose given during downtime met a stop nobody has decided: no override could allow a dose (decision 061)
      const paperStop = downtimeStopAwaitingAttending(active);
      if (paperStop) throw blocked(`${downtimeStopText(paperStop, timeZone, now)} Decide that dose first: an override of this hold could not allow the dose.`);
      const blocker = overrideBlocker(active, event.id);
      if (blocker) {
        throw blocked(
          `An earlier ${blocker.tier === "discontinue" ? "DISCONTINUE" : "STOP"} (dose ${blocker.doseNumber}, held ${formatClock(blocker.occurredAt, timeZone, now)}, event #${blocker.sequence}) still waits for your decision and blocks every dose: an override of this hold could not allow the dose. Decide that stop first (stop, discontinue${blocker.tier === "stop" ? " or, for a judgment stop, reassess" : ""}).`,
        );
      }
    }

    const meaning = signatureMeaning(input.outcome, subject, scope.stopEnds);
    if (!verified) throw new ActionRefusal("VALIDATION", "Re-enter your password to sign the review.", { field: "password" });
    const signer = signatureWith(verified, meaning);
    const review = await tx.holdReview.create({
      data: { doseEventId: event.id, attendingId: signer.signerId, outcome: input.outcome, reason: input.reason, signatureMeaning: meaning, signedAt: now },
    });
    // the review queue's index key, derived from this review (schema.prisma DoseEvent.firstReviewedAt, decision 057)
    await tx.doseEvent.update({ where: { id: event.id }, data: { firstReviewedAt: review.signedAt } });

    let newEventId: string | null = null;
    if (input.outcome === "stop" || input.outcome === "discontinue") {
      newEventId = await writeAttendingStop(tx, { course, reviewed: event, courseEvents, outcome: input.outcome, note: input.reason ?? null, reviewId: review.id, actorId: actor.id, now });
    }
    let courseClosed = false;
    if (reviewEndsCourse(input.outcome, subject, event.cycle, scope) && course.status === "active") {
      await tx.course.update({ where: { id: course.id }, data: { status: "closed", version: { increment: 1 } } });
      courseClosed = true;
    }
    return {
      data: { reviewId: review.id },
      entityId: event.id,
      audit: {
        reviewId: review.id,
        courseId: course.id,
        outcome: input.outcome,
        subject,
        signatureMeaning: meaning,
        passwordSigned: true,
        signature: { signer: signer.signerName, meaning, signedAt: now.toISOString() },
        ...(newEventId ? { newDoseEventId: newEventId } : {}),
        courseClosed,
      },
      revalidate: ["/reviews", "/board", `/courses/${course.id}`],
    };
  },
});

export async function reviewHoldAction(prev: ActionResult<{ reviewId: string }> | null, form: FormData): Promise<ActionResult<{ reviewId: string }>> {
  return reviewHold(prev, form);
}
