// The quality view's figures (issue 14, item 4; docs/decisions/062-quality-view.md): across courses, per protocol,
// side by side — how many doses each course was given, how many reached the rule set's maximum, which criteria
// held doses, why IL-2 was stopped or discontinued, and (TIL only) how long after the cell infusion the first dose
// was given. Pure: the caller reads the rows (lib/db/queries/quality.ts) and the page words the facts
// (lib/views/quality.ts). Entered-in-error rows are never counted. Every maximum is the course's own rule set's
// (lib/rules), never a number typed here.
import { defaultRuleSetFor, getRuleSet } from "@/lib/rules";
import type { CourseStatusCode, DoseEventKindCode, ProtocolCode, RecordStatusCode, ReviewOutcomeCode } from "@/lib/domain/records";

export const QUALITY_PROTOCOLS: readonly ProtocolCode[] = ["til_adjunct", "monotherapy"];

const HOUR_MS = 3_600_000;

/** One dose event of a course as the quality view reads it, with the attending's review of it when there is one. */
export interface QualityEvent {
  kind: DoseEventKindCode;
  status: RecordStatusCode;
  criteria: readonly string[];
  cycle: number;
  occurredAt: Date;
  review: { outcome: ReviewOutcomeCode; reason: string | null } | null;
}

export interface QualityCourseInput {
  id: string;
  unitName: string;
  protocol: ProtocolCode;
  ruleSetId: string;
  ruleSetVersion: string;
  status: CourseStatusCode;
  startAt: Date | null;
  tilInfusionEndAt: Date | null;
  events: readonly QualityEvent[];
}

/** One course's own figures (a row of the CSV export). */
export interface QualityCourseSummary {
  id: string;
  unitName: string;
  protocol: ProtocolCode;
  ruleSetId: string;
  ruleSetVersion: string;
  status: CourseStatusCode;
  /** TIL: the end of the cell infusion; monotherapy: the course start (cycle 1 day 1) */
  anchorAt: Date | null;
  given: number;
  /** the rule set's maximum of given doses per course; null for a rule set this build does not know */
  maximum: number | null;
  reachedMaximum: boolean;
  held: number;
  /** distinct criteria of the course's held events, in the order they first fired */
  holdCriteria: string[];
  stopped: number;
  discontinued: number;
  /** distinct criteria of the course's stopped and discontinued events */
  stopCriteria: string[];
  /** TIL with a given dose: hours from the end of the cell infusion to the first given dose; null otherwise */
  hoursToFirstDose: number | null;
}

export interface Share {
  count: number;
  /** what the share is of; a share of 0 has no percentage */
  of: number;
}

export interface Spread {
  n: number;
  median: number | null;
  /** first and third quartiles (linear interpolation between order statistics, as spreadsheet QUARTILE.INC) */
  q1: number | null;
  q3: number | null;
  min: number | null;
  max: number | null;
}

export interface CriterionCount {
  criterion: string;
  events: number;
  /** of all held events of the protocol (one event may name several criteria: shares may add up to over 100 %) */
  share: Share;
}

export interface StopReason {
  outcome: "stop" | "discontinue";
  criteria: readonly string[];
  reason: string | null;
  heldAt: Date;
  courseId: string;
}

export interface ProtocolFigures {
  protocol: ProtocolCode;
  courses: number;
  open: number;
  closed: number;
  /** the distinct course maxima of the rule sets of these courses (the protocol's default when there is none) */
  maxima: number[];
  given: Spread;
  /** courses by doses given, 0 … the largest maximum (or the most given, when more) */
  distribution: { doses: number; courses: number }[];
  reachedMaximum: Share;
  /** courses whose rule set this build does not know (their maximum cannot be judged) */
  unknownMaximum: number;
  holds: { heldEvents: number; coursesWithHold: Share; byCriterion: CriterionCount[] };
  stops: {
    stoppedEvents: number;
    discontinuedEvents: number;
    coursesStopped: Share;
    coursesDiscontinued: Share;
    byCriterion: { criterion: string; events: number }[];
    reasons: StopReason[];
  };
  /** TIL only (null for monotherapy: not applicable) */
  firstDose: { hours: Spread; withoutGivenDose: number } | null;
}

export interface QualityFigures {
  protocols: ProtocolFigures[];
  courses: QualityCourseSummary[];
}

const isActive = (e: QualityEvent) => e.status === "active";
const byTime = (a: QualityEvent, b: QualityEvent) => a.occurredAt.getTime() - b.occurredAt.getTime();

function distinctInOrder(lists: readonly (readonly string[])[]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const c of list) seen.add(c);
  return [...seen];
}

function maximumOf(ruleSetId: string, ruleSetVersion: string): number | null {
  return getRuleSet(ruleSetId, ruleSetVersion)?.schedule.maxGivenPerCourse.value ?? null;
}

/** One course's figures from its active rows (entered-in-error ones are left out). */
export function summarizeCourse(course: QualityCourseInput): QualityCourseSummary {
  const events = course.events.filter(isActive).sort(byTime);
  const given = events.filter((e) => e.kind === "given");
  const held = events.filter((e) => e.kind === "held");
  const ended = events.filter((e) => e.kind === "stopped" || e.kind === "discontinued");
  const maximum = maximumOf(course.ruleSetId, course.ruleSetVersion);
  const anchorAt = course.protocol === "til_adjunct" ? course.tilInfusionEndAt : course.startAt;
  const first = given[0];
  const hoursToFirstDose = course.protocol === "til_adjunct" && first && course.tilInfusionEndAt
    ? (first.occurredAt.getTime() - course.tilInfusionEndAt.getTime()) / HOUR_MS
    : null;
  return {
    id: course.id,
    unitName: course.unitName,
    protocol: course.protocol,
    ruleSetId: course.ruleSetId,
    ruleSetVersion: course.ruleSetVersion,
    status: course.status,
    anchorAt,
    given: given.length,
    maximum,
    reachedMaximum: maximum !== null && given.length >= maximum,
    held: held.length,
    holdCriteria: distinctInOrder(held.map((e) => e.criteria)),
    stopped: ended.filter((e) => e.kind === "stopped").length,
    discontinued: ended.filter((e) => e.kind === "discontinued").length,
    stopCriteria: distinctInOrder(ended.map((e) => e.criteria)),
    hoursToFirstDose,
  };
}

/** The value at quantile p of sorted values: linear interpolation at position (n − 1)·p (QUARTILE.INC). */
function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

export function spreadOf(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    q1: quantile(sorted, 0.25),
    q3: quantile(sorted, 0.75),
    min: sorted[0] ?? null,
    max: sorted.at(-1) ?? null,
  };
}

function countBy(lists: readonly (readonly string[])[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const list of lists) for (const c of new Set(list)) out.set(c, (out.get(c) ?? 0) + 1);
  return out;
}

const sortedCounts = (m: Map<string, number>) =>
  [...m.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function protocolMaximum(protocol: ProtocolCode, summaries: readonly QualityCourseSummary[]): number[] {
  const known = [...new Set(summaries.map((s) => s.maximum).filter((m): m is number => m !== null))].sort((a, b) => a - b);
  if (known.length > 0) return known;
  // no course (or none of a known rule set): the protocol's default rule set says what the maximum would be
  return [defaultRuleSetFor(protocol === "til_adjunct" ? "til-adjunct" : "monotherapy").schedule.maxGivenPerCourse.value];
}

function figuresFor(protocol: ProtocolCode, inputs: readonly QualityCourseInput[], summaries: readonly QualityCourseSummary[]): ProtocolFigures {
  const n = summaries.length;
  const maxima = protocolMaximum(protocol, summaries);
  const top = Math.max(maxima.at(-1) ?? 0, ...summaries.map((s) => s.given));
  const distribution = Array.from({ length: top + 1 }, (_, doses) => ({ doses, courses: summaries.filter((s) => s.given === doses).length }));

  const active = inputs.flatMap((c) => c.events.filter(isActive).map((e) => ({ course: c, event: e })));
  const held = active.filter((x) => x.event.kind === "held");
  const ended = active.filter((x) => x.event.kind === "stopped" || x.event.kind === "discontinued");
  const holdCounts = countBy(held.map((x) => x.event.criteria));
  const reasons: StopReason[] = active
    .filter((x) => x.event.review && (x.event.review.outcome === "stop" || x.event.review.outcome === "discontinue"))
    .map((x) => ({
      outcome: x.event.review!.outcome as "stop" | "discontinue",
      criteria: x.event.criteria,
      reason: x.event.review!.reason,
      heldAt: x.event.occurredAt,
      courseId: x.course.id,
    }))
    .sort((a, b) => a.heldAt.getTime() - b.heldAt.getTime());

  return {
    protocol,
    courses: n,
    open: summaries.filter((s) => s.status !== "closed").length,
    closed: summaries.filter((s) => s.status === "closed").length,
    maxima,
    given: spreadOf(summaries.map((s) => s.given)),
    distribution,
    reachedMaximum: { count: summaries.filter((s) => s.reachedMaximum).length, of: n },
    unknownMaximum: summaries.filter((s) => s.maximum === null).length,
    holds: {
      heldEvents: held.length,
      coursesWithHold: { count: summaries.filter((s) => s.held > 0).length, of: n },
      byCriterion: sortedCounts(holdCounts).map(([criterion, events]) => ({ criterion, events, share: { count: events, of: held.length } })),
    },
    stops: {
      stoppedEvents: ended.filter((x) => x.event.kind === "stopped").length,
      discontinuedEvents: ended.filter((x) => x.event.kind === "discontinued").length,
      coursesStopped: { count: summaries.filter((s) => s.stopped > 0).length, of: n },
      coursesDiscontinued: { count: summaries.filter((s) => s.discontinued > 0).length, of: n },
      byCriterion: sortedCounts(countBy(ended.map((x) => x.event.criteria))).map(([criterion, events]) => ({ criterion, events })),
      reasons,
    },
    firstDose: protocol === "til_adjunct"
      ? {
        hours: spreadOf(summaries.flatMap((s) => (s.hoursToFirstDose === null ? [] : [s.hoursToFirstDose]))),
        withoutGivenDose: summaries.filter((s) => s.hoursToFirstDose === null).length,
      }
      : null,
  };
}

/**
 * The quality figures of these courses: each course's own summary and, per protocol (TIL first), the figures
 * side by side. Courses still waiting for the pharmacist's verification (status ordered) are left out: no dose
 * can have been recorded on them.
 */
export function qualityFigures(courses: readonly QualityCourseInput[]): QualityFigures {
  const counted = courses.filter((c) => c.status !== "ordered");
  const summaries = counted.map(summarizeCourse);
  return {
    courses: summaries,
    protocols: QUALITY_PROTOCOLS.map((p) =>
      figuresFor(p, counted.filter((c) => c.protocol === p), summaries.filter((s) => s.protocol === p)),
    ),
  };
}

/** A share as a whole percentage (half up), or null when it is a share of nothing. */
export function percentOf(share: Share): number | null {
  return share.of === 0 ? null : Math.round((100 * share.count) / share.of);
}
