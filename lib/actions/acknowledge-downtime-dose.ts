"use server";

import { lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { formatClock } from "@/lib/format";
import { AcknowledgeDowntimeSchema } from "@/lib/schemas/review";
import { reviewEndsCourse, reviewSubjectOf, stopIsJudgment, stopScope } from "@/lib/domain/review";
import { outcomeLabel } from "@/lib/domain/vocabulary";
import { downtimeDecisionsFor, downtimeDecisionWords } from "@/lib/domain/downtime-stop";
import { cycleOfEventAt } from "@/lib/domain/engine-request";
import { writeAttendingStop } from "@/lib/db/attending-stop";

const blocked = (message: string) => new ActionRefusal("RULE_BLOCKED", message);

/**
 * An attending acknowledges a dose given during downtime that the rules, judged at its time, would have held, stopped
 * or could not judge (DoseEvent.downtimeFlag; docs/decisions/061-downtime-back-entry.md, amendment). Signed with the
 * attending's password and a required note; stored as a HoldReview of outcome `acknowledge`, with firstReviewedAt
 * (the review queue's index key) in the same transaction. It authorizes nothing: no dose event is written, the course
 * is not changed. Refused for any event that is not such a dose, and for one already reviewed.
 * A paper dose whose rules at its time said STOP or DISCONTINUE is decided, not acknowledged (lib/domain/downtime-stop.ts
 * downtimeDecisionsFor): stop or discontinue IL-2 — writing the stopped/discontinued event as review-hold does — or,
 * for a judgment-only stop, reassess. Decision 061, last amendment.
 */
const acknowledgeDowntimeDose = defineAction({
  name: "downtime-acknowledge",
  entityType: "DoseEvent",
  entityId: idFrom("doseEventId"),
  permission: "review:sign",
  schema: AcknowledgeDowntimeSchema,
  signature: { missing: "Re-enter your password to sign the acknowledgement." },
  uniqueViolation: "Another attending reviewed this dose at the same moment. Nothing was saved: reload to see their review.",
  scope: async (tx, session, input, now) => {
    // another unit's event is answered as one that does not exist
    const found = await tx.doseEvent.findFirst({ where: { id: input.doseEventId, course: { patient: { unitId: { in: session.user.unitIds } } } }, select: { courseId: true } });
    if (!found) throw notFound("dose event");
    await lockCourse(tx, session, found.courseId, now, "the acknowledgement was not signed");
    // read again under the lock: a review signed a moment ago by a colleague is seen here
    const event = await tx.doseEvent.findUniqueOrThrow({
      where: { id: input.doseEventId },
      include: {
        course: { include: { patient: { include: { unit: true } } } },
        holdReviews: { include: { attending: { select: { name: true } } }, orderBy: { signedAt: "asc" }, take: 1 },
      },
    });
    return { event };
  },
  decide: async ({ tx, actor, input, now, signer: verified, scoped: { event } }) => {
    const timeZone = event.course.patient.unit.timeZone;
    if (event.status !== "active") throw blocked("This dose event was marked entered in error: there is nothing to acknowledge.");
    const prior = event.holdReviews[0];
    if (prior || event.firstReviewedAt) {
      throw new ActionRefusal(
        "CONFLICT",
        prior
          ? `Already reviewed by ${prior.attending.name} at ${formatClock(prior.signedAt, timeZone, now)} (${outcomeLabel(prior.outcome)}). Nothing was changed.`
          : "This dose event has already been reviewed. Nothing was changed.",
        prior ? { details: { reviewId: prior.id, reviewedBy: prior.attending.name, reviewedAt: prior.signedAt.toISOString() } } : {},
      );
    }
    if (reviewSubjectOf(event) !== "given-downtime" || !event.enteredAfterDowntime) {
      throw blocked("Only a dose given during downtime that the rules would not have given is acknowledged here. Review this event from the review queue.");
    }
    const course = event.course;
    const scope = stopScope(course);
    const allowed = downtimeDecisionsFor(event.engineDecision, stopIsJudgment(event.decisionSnapshot));
    if (!allowed.includes(input.decision)) {
      const words = allowed.map((d) => ((l) => l.charAt(0).toLowerCase() + l.slice(1))(downtimeDecisionWords(d, scope.stopEnds).label.split(":")[0]!)).join(" or ");
      throw new ActionRefusal(
        "RULE_BLOCKED",
        event.engineDecision === "stop" || event.engineDecision === "discontinue"
          ? `The rules at the time of this dose said ${event.engineDecision === "stop" ? "STOP" : "DISCONTINUE"}: decide it (${words}). An acknowledgement alone would let dosing resume on a stop nobody decided. Nothing was signed.`
          : "This dose is acknowledged with a signed note; it needs no other decision. Nothing was signed.",
        { field: "decision" },
      );
    }
    const decision = input.decision;
    const courseEvents = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const active = courseEvents.filter((e) => e.status === "active");
    if (decision !== "acknowledge" && course.status === "closed") throw blocked("This course is closed: IL-2 is already off. Nothing was signed.");
    if (decision === "discontinue" && active.some((e) => e.kind === "discontinued")) throw blocked("IL-2 is already discontinued for this course.");
    if (decision === "stop") {
      if (active.some((e) => e.cycle > event.cycle)) throw blocked(`Cycle ${event.cycle} is over and a later cycle has begun: discontinue IL-2, or review the current cycle's events.`);
      if (active.some((e) => e.kind === "stopped" && (scope.stopEnds === "course" || e.cycle === event.cycle))) throw blocked(`IL-2 is already stopped for this ${scope.stopEnds}.`);
      const cycleNow = cycleOfEventAt(course, now);
      if (cycleNow !== event.cycle) throw blocked(`Cycle ${event.cycle} has ended since this dose: a stop now would fall in cycle ${cycleNow}. Discontinue IL-2 instead.`);
    }
    const { meaning } = downtimeDecisionWords(decision, scope.stopEnds);
    if (!verified) throw new ActionRefusal("VALIDATION", "Re-enter your password to sign the acknowledgement.", { field: "password" });
    const signer = signatureWith(verified, meaning);
    const review = await tx.holdReview.create({
      data: { doseEventId: event.id, attendingId: signer.signerId, outcome: decision, reason: input.note, signatureMeaning: meaning, signedAt: now },
    });
    // the review queue's index key, derived from this review (decision 057): the event leaves "DoseEvent_awaits_review_idx"
    await tx.doseEvent.update({ where: { id: event.id }, data: { firstReviewedAt: review.signedAt } });
    let newEventId: string | null = null;
    if (decision === "stop" || decision === "discontinue") {
      newEventId = await writeAttendingStop(tx, { course, reviewed: event, courseEvents, outcome: decision, note: input.note, reviewId: review.id, actorId: actor.id, now });
    }
    let courseClosed = false;
    if (decision !== "acknowledge" && decision !== "reassess" && reviewEndsCourse(decision, "given-downtime", event.cycle, scope) && course.status === "active") {
      await tx.course.update({ where: { id: course.id }, data: { status: "closed", version: { increment: 1 } } });
      courseClosed = true;
    }
    return {
      data: { reviewId: review.id },
      entityId: event.id,
      audit: {
        reviewId: review.id,
        courseId: event.courseId,
        outcome: decision,
        flag: event.downtimeFlag,
        note: input.note,
        signature: { signer: signer.signerName, meaning, signedAt: now.toISOString() },
        ...(newEventId ? { newDoseEventId: newEventId } : {}),
        courseClosed,
      },
      revalidate: ["/reviews", "/board", "/handoff", `/courses/${event.courseId}`, `/courses/${event.courseId}/downtime`, `/courses/${event.courseId}/handoff`],
    };
  },
});

export async function acknowledgeDowntimeDoseAction(prev: ActionResult<{ reviewId: string }> | null, form: FormData): Promise<ActionResult<{ reviewId: string }>> {
  return acknowledgeDowntimeDose(prev, form);
}
