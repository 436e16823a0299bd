"use server";

import { lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { formatClock } from "@/lib/format";
import { AcknowledgeDowntimeSchema } from "@/lib/schemas/review";
import { ACKNOWLEDGE_OUTCOME, DOWNTIME_ACK_MEANING } from "@/lib/domain/review-outcomes";
import { reviewSubjectOf } from "@/lib/domain/review";
import { outcomeLabel } from "@/lib/domain/vocabulary";

const blocked = (message: string) => new ActionRefusal("RULE_BLOCKED", message);

/**
 * An attending acknowledges a dose given during downtime that the rules, judged at its time, would have held, stopped
 * or could not judge (DoseEvent.downtimeFlag; docs/decisions/061-downtime-back-entry.md, amendment). Signed with the
 * attending's password and a required note; stored as a HoldReview of outcome `acknowledge`, with firstReviewedAt
 * (the review queue's index key) in the same transaction. It authorizes nothing: no dose event is written, the course
 * is not changed. Refused for any event that is not such a dose, and for one already reviewed.
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
  decide: async ({ tx, input, now, signer: verified, scoped: { event } }) => {
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
    if (!verified) throw new ActionRefusal("VALIDATION", "Re-enter your password to sign the acknowledgement.", { field: "password" });
    const signer = signatureWith(verified, DOWNTIME_ACK_MEANING);
    const review = await tx.holdReview.create({
      data: { doseEventId: event.id, attendingId: signer.signerId, outcome: ACKNOWLEDGE_OUTCOME, reason: input.note, signatureMeaning: DOWNTIME_ACK_MEANING, signedAt: now },
    });
    // the review queue's index key, derived from this review (decision 057): the event leaves "DoseEvent_awaits_review_idx"
    await tx.doseEvent.update({ where: { id: event.id }, data: { firstReviewedAt: review.signedAt } });
    return {
      data: { reviewId: review.id },
      entityId: event.id,
      audit: {
        reviewId: review.id,
        courseId: event.courseId,
        outcome: ACKNOWLEDGE_OUTCOME,
        flag: event.downtimeFlag,
        note: input.note,
        signature: { signer: signer.signerName, meaning: DOWNTIME_ACK_MEANING, signedAt: now.toISOString() },
      },
      revalidate: ["/reviews", "/board", "/handoff", `/courses/${event.courseId}`, `/courses/${event.courseId}/downtime`, `/courses/${event.courseId}/handoff`],
    };
  },
});

export async function acknowledgeDowntimeDoseAction(prev: ActionResult<{ reviewId: string }> | null, form: FormData): Promise<ActionResult<{ reviewId: string }>> {
  return acknowledgeDowntimeDose(prev, form);
}
