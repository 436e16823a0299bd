// The attending's queue (issue 4): holds, stops and judgment findings waiting for review, and monotherapy courses
// waiting for a cycle-2 go-ahead. Reads only, returning lib/views shapes; which event waits and which outcomes it
// allows is lib/domain/review.ts. The writes are lib/actions/review-hold.ts and approve-cycle-2.ts.
import "server-only";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { compareForCourse, decideForCourse } from "@/lib/domain/engine-request";
import { judgmentCriteriaInSnapshot, reviewWaitOf, reviewSubjectOf, stopIsJudgment, stopScope } from "@/lib/domain/review";
import { blockingText, openItems, reassessBlockedText, reassessBlocker } from "@/lib/domain/blocking";
import * as clock from "@/lib/clock";
import { readStoredDecision } from "@/lib/domain/stored-decision";
import { cycle2GoAheadWanted, cycle2Readiness } from "@/lib/domain/cycle2";
import { assessmentView } from "@/lib/views/assessment";
import { pictureAtEvent } from "@/lib/domain/current-assessment";
import type { Cycle2QueueItem, RecentSignature, ReviewQueueGroup, ReviewQueueItem } from "@/lib/views/reviews";

const DAY = 86_400_000;
const userName = { select: { id: true, name: true } } as const;
const patientView = (p: { familyName: string; givenName: string; mrn: string; unit: { name: string } }) => ({
  familyName: p.familyName, givenName: p.givenName, mrn: p.mrn, unit: { name: p.unit.name },
});

const queueInclude = {
  course: {
    include: {
      patient: { include: { unit: true } },
      doseEvents: { where: { status: "active" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true, outcome: true } } } },
      // the event was decided on the course's picture then (lib/domain/current-assessment.ts pictureAtEvent)
      assessments: { where: { status: "active" } },
    },
  },
  assessment: { include: { recordedBy: userName } },
  recordedBy: userName,
  coSignedBy: userName,
  holdReviews: { select: { id: true } },
} satisfies Prisma.DoseEventInclude;

/** The stored decision asked for an attending (either snapshot shape): a coarse database filter, refined by reviewWaitOf. */
const snapshotNeedsReview: Prisma.DoseEventWhereInput[] = [
  { decisionSnapshot: { path: ["needsAttendingReview"], equals: true } },
  { decisionSnapshot: { path: ["result", "needsAttendingReview"], equals: true } },
];

/**
 * Dose events on these units waiting for an attending (lib/domain/review.ts reviewWaitOf), oldest first. Each
 * comes with the engine's view of the event's own assessment at the time of the event: the course's rule set, and
 * both default rule sets side by side. `now` judges whether a judgment stop may still be reassessed.
 */
export async function listReviewQueue(unitIds: readonly string[], now: Date = clock.now()): Promise<ReviewQueueItem[]> {
  // The events that wait, found through the partial index "DoseEvent_awaits_review_idx" (its predicate is repeated
  // here word for word, so the planner can use it): active, not written by a signed review, held/stopped/discontinued
  // or a given dose whose stored decision asked for an attending or that carries a downtime flag (decision 061,
  // amendment: migration …_downtime-acknowledge), and not yet reviewed — `firstReviewedAt`, the
  // index key review-hold writes with the review (decision 057, amendment of 3 Dec 2026). No anti-join over the
  // unit's history of reviews. The rows are then loaded with their review rows (the record), and reviewWaitOf
  // decides: a review whose key is missing can cost time, never show a signed event as waiting.
  const waiting = await prisma.$queryRaw<{ id: string }[]>`
    SELECT e.id::text AS id
      FROM "DoseEvent" e
      JOIN "Course" c ON c.id = e."courseId"
      JOIN "Patient" p ON p.id = c."patientId"
     WHERE p."unitId" = ANY(${[...unitIds]}::uuid[])
       AND e.status = 'active' AND e."authorizedByReviewId" IS NULL AND e."firstReviewedAt" IS NULL
       AND (e.kind <> 'given' OR (e."decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb OR (e."decisionSnapshot" #> '{result,needsAttendingReview}') = 'true'::jsonb OR e."downtimeFlag" IS NOT NULL)`;
  if (waiting.length === 0) return [];
  const rows = await prisma.doseEvent.findMany({
    where: {
      id: { in: waiting.map((w) => w.id) },
      status: "active",
      holdReviews: { none: {} },
      authorizedByReviewId: null,
      course: { patient: { unitId: { in: [...unitIds] } } },
      // a given dose flagged at downtime back-entry waits for the attending's acknowledgement (decision 061)
      OR: [{ kind: { in: ["held", "stopped", "discontinued"] } }, { kind: "given", OR: [...snapshotNeedsReview, { downtimeFlag: { not: null } }] }],
    },
    include: queueInclude,
    orderBy: [{ occurredAt: "asc" }, { sequence: "asc" }],
  });
  const items: ReviewQueueItem[] = [];
  for (const event of rows) {
    const subject = reviewSubjectOf(event);
    if (subject === null || reviewWaitOf(event) === null) continue;
    const { doseEvents, patient, assessments, ...course } = event.course;
    const before = doseEvents.filter((e) => e.sequence < event.sequence);
    const assessment = event.assessment;
    const usable = assessment !== null && assessment.status === "active";
    const decidedOn = usable ? pictureAtEvent(assessments, event) : null;
    // What the nurse saw: the decision stored with the event. Recomputed only for rows without a readable one
    // (a later amendment of the order must not change what the attending is shown as "at the time").
    const stored = readStoredDecision(event.decisionSnapshot);
    const atTheTime = stored ?? (() => {
      const o = decideForCourse({ now: event.occurredAt, course, events: before, assessment: decidedOn });
      return o.ok ? o.result : null;
    })();
    const comparison = decidedOn ? compareForCourse({ now: event.occurredAt, course, events: before, assessment: decidedOn }) : null;
    // Reassess is offered only where review-hold accepts it: a judgment stop, and no stop observed since it that is
    // recorded nowhere else (lib/domain/blocking.ts reassessBlocker, decision 041).
    const refusals = new Map<string, string | null>();
    const reassessRefusal = (e: (typeof doseEvents)[number]): string | null => {
      if (!refusals.has(e.id)) {
        const b = reassessBlocker({ course, events: doseEvents, assessments, stop: e, now });
        refusals.set(e.id, b ? reassessBlockedText(b, patient.unit.timeZone, now) : null);
      }
      return refusals.get(e.id) ?? null;
    };
    const reassessable = (e: (typeof doseEvents)[number]) => stopIsJudgment(e.decisionSnapshot) && reassessRefusal(e) === null;
    // what blocks what on this course (the one rule, lib/domain/blocking.ts)
    const open = openItems(doseEvents, (e) => {
      const full = doseEvents.find((d) => d.id === e.id);
      return full ? reassessable(full) : false;
    }).find((o) => o.eventId === event.id);
    if (!open) continue;
    const self = doseEvents.find((e) => e.id === event.id);
    const refusedHere = subject === "held" && self && stopIsJudgment(event.decisionSnapshot) ? reassessRefusal(self) : null;
    items.push({
      event: {
        id: event.id, sequence: event.sequence, kind: event.kind, cycle: event.cycle, tier: event.tier, engineDecision: event.engineDecision,
        occurredAt: event.occurredAt, recordedByName: event.recordedBy.name, criteria: [...event.criteria], note: event.note,
      },
      subject,
      course: {
        id: course.id, protocol: course.protocol, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion, status: course.status,
        dosingWeightKg: Number(course.dosingWeightKg.toString()), baselineWeightKg: Number(course.baselineWeightKg.toString()),
      },
      patient: patientView(patient),
      timeZone: patient.unit.timeZone,
      assessment: usable ? assessmentView(assessment) : null,
      assessmentState: assessment === null ? "none" : usable ? "active" : "entered-in-error",
      decisionAtTheTime: atTheTime,
      comparison: comparison?.ok ? comparison.result : null,
      judgmentCriteria: judgmentCriteriaInSnapshot(event.decisionSnapshot),
      laterEvents: doseEvents.filter((e) => e.sequence > event.sequence).length,
      stopEnds: stopScope(course).stopEnds,
      doseNumber: open.doseNumber,
      blocking: { blocks: open.blocks, clearedBy: open.clearedBy, blockedBy: open.blockedBy, text: blockingText(open) },
      judgmentStop: (subject === "held" || subject === "given-downtime") && stopIsJudgment(event.decisionSnapshot) && !refusedHere,
      reassessRefusal: refusedHere,
      downtime:
        subject === "given-downtime" && event.downtimeFlag
          ? { flag: event.downtimeFlag, enteredByName: event.recordedBy.name, enteredAt: event.recordedAt, coSignedByName: event.coSignedBy?.name ?? null, coSignedAt: event.coSignedAt }
          : null,
    });
  }
  return items;
}

/**
 * The queue grouped by course (one group per patient's course, the group with the oldest item first), each group's
 * items by dose number and then event order: two items of one dose sit together and say which blocks which.
 */
export async function listReviewQueueByCourse(unitIds: readonly string[], now: Date = clock.now()): Promise<ReviewQueueGroup[]> {
  const groups = new Map<string, ReviewQueueGroup>();
  for (const item of await listReviewQueue(unitIds, now)) {
    const g = groups.get(item.course.id) ?? { course: item.course, patient: item.patient, timeZone: item.timeZone, items: [] };
    g.items.push(item);
    groups.set(item.course.id, g);
  }
  const out = [...groups.values()];
  for (const g of out) g.items.sort((a, b) => a.doseNumber - b.doseNumber || a.event.sequence - b.event.sequence);
  return out;
}

/** Active monotherapy courses on these units whose cycle 1 is over and whose cycle 2 waits for a go-ahead. */
export async function listCycle2Queue(unitIds: readonly string[], now: Date): Promise<Cycle2QueueItem[]> {
  const courses = await prisma.course.findMany({
    where: { protocol: "monotherapy", status: "active", cycle2ApprovedAt: null, patient: { unitId: { in: [...unitIds] } } },
    include: {
      patient: { include: { unit: true } },
      doseEvents: { where: { status: "active" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } },
    },
    orderBy: { startAt: "asc" },
  });
  const items: Cycle2QueueItem[] = [];
  for (const c of courses) {
    const { doseEvents, patient, ...course } = c;
    if (!cycle2GoAheadWanted(course)) continue;
    const readiness = cycle2Readiness(course, doseEvents, now);
    if (readiness.ready) {
      items.push({
        course: { id: course.id, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion, startAt: course.startAt },
        patient: patientView(patient),
        timeZone: patient.unit.timeZone,
        readiness,
      });
    }
  }
  return items;
}

/** Signatures on these units in the last 24 hours, newest first: reviews, then cycle-2 go-aheads. */
export async function listRecentSignatures(unitIds: readonly string[], now: Date): Promise<RecentSignature[]> {
  const since = new Date(now.getTime() - DAY);
  const unitScope = { patient: { unitId: { in: [...unitIds] } } };
  const [reviews, approvals] = await Promise.all([
    prisma.holdReview.findMany({
      where: { signedAt: { gte: since }, doseEvent: { course: unitScope } },
      include: { attending: userName, doseEvent: { include: { course: { include: { patient: { include: { unit: true } } } } } } },
      orderBy: { signedAt: "desc" },
      take: 20,
    }),
    prisma.course.findMany({
      where: { cycle2ApprovedAt: { gte: since }, ...unitScope },
      include: { cycle2ApprovedBy: userName, patient: { include: { unit: true } } },
      orderBy: { cycle2ApprovedAt: "desc" },
      take: 20,
    }),
  ]);
  const out: RecentSignature[] = reviews.map((r) => ({
    kind: "review", id: r.id, patient: patientView(r.doseEvent.course.patient), timeZone: r.doseEvent.course.patient.unit.timeZone,
    outcome: r.outcome, eventKind: r.doseEvent.kind, cycle: r.doseEvent.cycle, signerName: r.attending.name, signedAt: r.signedAt, meaning: r.signatureMeaning, reason: r.reason,
  }));
  for (const c of approvals) {
    if (!c.cycle2ApprovedAt || !c.cycle2ApprovedBy) continue;
    out.push({ kind: "cycle-2", id: c.id, patient: patientView(c.patient), timeZone: c.patient.unit.timeZone, signerName: c.cycle2ApprovedBy.name, signedAt: c.cycle2ApprovedAt, note: c.cycle2ApprovalNote });
  }
  return out;
}
