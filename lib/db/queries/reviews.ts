// The attending's queue (issue 4): holds, stops and judgment findings waiting for review, and monotherapy courses
// waiting for a cycle-2 go-ahead. Reads only; the writes are lib/actions/review-hold.ts and approve-cycle-2.ts.
import { prisma } from "@/lib/db/client";
import type { Cycle2QueueItem } from "@/lib/views/reviews";
import { compareForCourse, decideForCourse, type EngineDoseEvent } from "@/lib/domain/engine-request";
import { DoseDecisionSchema, getRuleSet, type EvaluateOutcome } from "@/lib/rules";
import type { Course, DoseEvent, Prisma } from "@/lib/generated/prisma/client";
import type { ReviewSubject } from "@/lib/schemas/review";
import type { CurrentSession } from "@/lib/auth/session";

const userName = { select: { id: true, name: true, role: true } } as const;
const DAY = 86_400_000;

// ---------------------------------------------------------------- pure helpers (shared with the actions)

/** The engine decision stored on a dose event: the DoseDecision itself, or `{ ok, result }` around it. */
function snapshotBody(snapshot: unknown): Record<string, unknown> | null {
  if (snapshot === null || typeof snapshot !== "object" || Array.isArray(snapshot)) return null;
  const o = snapshot as Record<string, unknown>;
  const inner = o.result;
  if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) return inner as Record<string, unknown>;
  return o;
}

/** Criteria marked `judgment` in a stored decision that asked for an attending (needsAttendingReview). */
export function judgmentCriteriaInSnapshot(snapshot: unknown): string[] {
  const body = snapshotBody(snapshot);
  if (!body || body.needsAttendingReview !== true || !Array.isArray(body.findings)) return [];
  const out: string[] = [];
  for (const f of body.findings as unknown[]) {
    if (f !== null && typeof f === "object") {
      const finding = f as { judgment?: unknown; criterion?: unknown };
      if (finding.judgment === true && typeof finding.criterion === "string") out.push(finding.criterion);
    }
  }
  return out;
}

/**
 * What a dose event is to a reviewer, or null when it waits for no review: held, stopped and discontinued events
 * always do, a given dose only when the engine asked for an attending because of a judgment finding.
 */
export function reviewSubjectOf(event: Pick<DoseEvent, "kind" | "decisionSnapshot">): ReviewSubject | null {
  switch (event.kind) {
    case "held":
    case "stopped":
    case "discontinued":
      return event.kind;
    case "given":
      return judgmentCriteriaInSnapshot(event.decisionSnapshot).length > 0 ? "given-judgment" : null;
  }
}

/** What a stop ends under the course's rule set (mono: the cycle; TIL: the course), and how many cycles it has. */
export function stopScope(course: Pick<Course, "ruleSetId" | "ruleSetVersion" | "protocol">): { stopEnds: "cycle" | "course"; cycles: number } {
  const rs = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  if (rs) return { stopEnds: rs.schedule.stopEnds.value, cycles: rs.schedule.cycles.length };
  // An unknown rule set: the protocol's documented meaning (protocols.md §2).
  return course.protocol === "til_adjunct" ? { stopEnds: "course", cycles: 1 } : { stopEnds: "cycle", cycles: 2 };
}

export type Cycle2Readiness =
  | { ready: true; cycle1Ended: string; cycle2OpensAt: Date | null; givenInCycle1: number; heldInCycle1: number }
  | { ready: false; why: string };

/**
 * Whether a monotherapy course may receive the go-ahead for cycle 2: cycle 1 is over (the engine says wait for the
 * rest period, or the dose it is deciding is a cycle-2 dose) and the course is not over. Status, protocol and an
 * earlier approval are the caller's checks.
 */
export function cycle2Readiness(course: Course, events: EngineDoseEvent[], now: Date): Cycle2Readiness {
  const outcome = decideForCourse({ now, course, events });
  if (!outcome.ok) return { ready: false, why: "The engine could not read this course's stored data." };
  const d = outcome.result;
  if (d.decision === "complete") return { ready: false, why: "The course is over: there is no cycle 2 to approve." };
  const cycle1Over = (d.decision === "wait" && d.reason === "rest-period") || d.dose?.cycle === 2;
  if (!cycle1Over) return { ready: false, why: "Cycle 1 is not over yet: the go-ahead is given after cycle 1 ends." };
  const active = events.filter((e) => e.status === "active" && e.cycle === 1);
  const given = active.filter((e) => e.kind === "given").length;
  const held = active.filter((e) => e.kind === "held").length;
  const cycle1Ended = active.some((e) => e.kind === "stopped")
    ? "IL-2 was stopped in cycle 1"
    : given >= d.counts.maxPerCycle
      ? `all ${d.counts.maxPerCycle} doses of cycle 1 were given`
      : "the cycle 1 window has closed";
  const cycle2OpensAt = d.decision === "wait" && d.window.earliestAt ? new Date(d.window.earliestAt) : null;
  return { ready: true, cycle1Ended, cycle2OpensAt, givenInCycle1: given, heldInCycle1: held };
}

// ---------------------------------------------------------------- the queue

const queueInclude = {
  course: {
    include: {
      patient: { include: { unit: true } },
      doseEvents: { where: { status: "active" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } },
    },
  },
  assessment: { include: { recordedBy: userName } },
  recordedBy: userName,
} satisfies Prisma.DoseEventInclude;

/** The stored decision asked for an attending (either snapshot shape). */
const snapshotNeedsReview: Prisma.DoseEventWhereInput[] = [
  { decisionSnapshot: { path: ["needsAttendingReview"], equals: true } },
  { decisionSnapshot: { path: ["result", "needsAttendingReview"], equals: true } },
];

/**
 * Dose events on the user's units waiting for an attending, oldest first: active held, stopped and discontinued
 * events without a review (events written by a review itself carry `authorizedByReviewId` and are excluded), and
 * given doses whose stored decision had a judgment finding. Each comes with the engine's view of the event's own
 * assessment at the time of the event: the course's rule set, and both default rule sets side by side.
 */
export async function listReviewQueue(session: CurrentSession) {
  const rows = await prisma.doseEvent.findMany({
    where: {
      status: "active",
      holdReviews: { none: {} },
      authorizedByReviewId: null,
      course: { patient: { unitId: { in: session.user.unitIds } } },
      OR: [{ kind: { in: ["held", "stopped", "discontinued"] } }, { kind: "given", OR: snapshotNeedsReview }],
    },
    include: queueInclude,
    orderBy: [{ occurredAt: "asc" }, { sequence: "asc" }],
  });
  const items = [];
  for (const event of rows) {
    const subject = reviewSubjectOf(event);
    if (subject === null) continue;
    const { doseEvents, ...course } = event.course;
    const before = doseEvents.filter((e) => e.sequence < event.sequence);
    const assessment = event.assessment;
    const usable = assessment !== null && assessment.status === "active";
    // What the nurse saw: the decision stored with the event. Recomputed only for rows without a valid snapshot
    // (a later amendment of the order must not change what the attending is shown as "at the time").
    const stored = DoseDecisionSchema.safeParse(event.decisionSnapshot);
    const atTheTime: EvaluateOutcome = stored.success
      ? { ok: true, result: stored.data }
      : decideForCourse({ now: event.occurredAt, course, events: before, assessment: usable ? assessment : null });
    const comparison = usable ? compareForCourse({ now: event.occurredAt, course, events: before, assessment }) : null;
    const scope = stopScope(course);
    items.push({
      event,
      subject,
      course: event.course,
      patient: event.course.patient,
      timeZone: event.course.patient.unit.timeZone,
      assessment,
      assessmentState: assessment === null ? ("none" as const) : usable ? ("active" as const) : ("entered-in-error" as const),
      decisionAtTheTime: atTheTime.ok ? atTheTime.result : null,
      comparison: comparison?.ok ? comparison.result : null,
      judgmentCriteria: judgmentCriteriaInSnapshot(event.decisionSnapshot),
      laterEvents: doseEvents.filter((e) => e.sequence > event.sequence).length,
      stopEnds: scope.stopEnds,
    });
  }
  return items;
}
export type ReviewQueueItem = Awaited<ReturnType<typeof listReviewQueue>>[number];

/** Active monotherapy courses on the user's units whose cycle 1 is over and whose cycle 2 waits for a go-ahead. */
export async function listCycle2Queue(session: CurrentSession, now: Date): Promise<Cycle2QueueItem[]> {
  const courses = await prisma.course.findMany({
    where: {
      protocol: "monotherapy",
      status: "active",
      cycle2ApprovedAt: null,
      patient: { unitId: { in: session.user.unitIds } },
    },
    include: {
      patient: { include: { unit: true } },
      doseEvents: { where: { status: "active" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } },
    },
    orderBy: { startAt: "asc" },
  });
  const items: Cycle2QueueItem[] = [];
  for (const c of courses) {
    const { doseEvents, ...course } = c;
    const readiness = cycle2Readiness(course, doseEvents, now);
    if (readiness.ready) items.push({ course: c, patient: c.patient, timeZone: c.patient.unit.timeZone, readiness });
  }
  return items;
}
export type { Cycle2QueueItem } from "@/lib/views/reviews";

/** Signatures on the user's units in the last 24 hours, newest first: reviews and cycle-2 go-aheads. */
export async function listRecentSignatures(session: CurrentSession, now: Date) {
  const since = new Date(now.getTime() - DAY);
  const unitScope = { patient: { unitId: { in: session.user.unitIds } } };
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
  return { reviews, approvals };
}
