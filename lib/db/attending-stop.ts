// The dose event an attending's signed stop or discontinuation writes (review-hold on a stop-tier hold, and the
// decision on a paper dose the rules would have stopped: acknowledge-downtime-dose). One writer, so both record the
// stop the same way: the next sequence, the reviewed event's cycle, now, linked to the review that authorized it, with
// the engine's decision on the patient's picture when the reviewed event was recorded (lib/domain/current-assessment.ts
// pictureAtEvent, docs/decisions/042-current-picture.md) — not on the event's own assessment alone.
import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "@/lib/db/client";
import type { CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { decideForCourse } from "@/lib/domain/engine-request";
import { decisionSnapshotOf, engineDecisionOf } from "@/lib/domain/stored-decision";
import { pictureAtEvent } from "@/lib/domain/current-assessment";

export async function writeAttendingStop(
  tx: Tx,
  args: {
    course: CourseRecord;
    /** the event the attending reviewed */
    reviewed: Pick<ReviewedDoseEvent, "assessmentId" | "recordedAt" | "cycle" | "criteria">;
    /** every event of the course, in sequence order (entered in error included: the sequence counts them) */
    courseEvents: readonly ReviewedDoseEvent[];
    outcome: "stop" | "discontinue";
    note: string | null;
    reviewId: string;
    actorId: string;
    now: Date;
  },
): Promise<string> {
  const { course, reviewed, now } = args;
  const active = args.courseEvents.filter((e) => e.status === "active");
  const assessments = reviewed.assessmentId ? await tx.assessment.findMany({ where: { courseId: course.id, status: "active" } }) : [];
  const own = assessments.find((a) => a.id === reviewed.assessmentId) ?? null;
  const outcome = decideForCourse({ now, course, events: active, assessment: own ? pictureAtEvent(assessments, reviewed) : null });
  const created = await tx.doseEvent.create({
    data: {
      courseId: course.id,
      sequence: (args.courseEvents.at(-1)?.sequence ?? 0) + 1,
      kind: args.outcome === "stop" ? "stopped" : "discontinued",
      cycle: reviewed.cycle,
      occurredAt: now,
      assessmentId: own?.id ?? null,
      engineDecision: engineDecisionOf(outcome),
      decisionSnapshot: decisionSnapshotOf(outcome) as Prisma.InputJsonValue,
      ruleSetId: course.ruleSetId,
      ruleSetVersion: course.ruleSetVersion,
      criteria: reviewed.criteria,
      note: args.note,
      authorizedByReviewId: args.reviewId,
      recordedById: args.actorId,
      recordedAt: now,
    },
  });
  return created.id;
}
