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
  /** a held event's tier (hold | stop | discontinue); a stop- or discontinue-tier hold is a stop, not a hold. Absent: hold */
  tier?: string | null;
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
  /** the rule set's maximum of given doses per cycle when it has more than one cycle (monotherapy), else null */
  maximumPerCycle: number | null;
  /** a cycle of the course reached the per-cycle maximum (false when there is none) */
  reachedCycleMaximum: boolean;
  /** hold-tier held events (after TIL a held dose is re-evaluated: several events may hold one dose) */
  held: number;
  /**
   * held doses: the distinct doses the hold-tier events held. The rule set says which: an interval measured from the
   * given dose only (TIL) delays the held dose, so its re-evaluations are one dose; measured from given or held
   * (monotherapy) skips it, so every held event is a dose of its own.
   */
  heldDoses: number;
  /** held events of the stop or discontinue tier (counted with the stops, never as holds) */
  stopTierHeld: number;
  /** distinct criteria of the course's hold-tier held events, in the order they first fired */
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
  /** the typed reason is withheld from this reader (an administrator: lib/views/quality.ts withoutTypedReasons) */
  reasonWithheld?: boolean;
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
  /** courses whose rule set has more than one cycle that reached the per-cycle maximum; null when none has */
  reachedCycleMaximum: Share | null;
  /** hold-tier held events and the doses they held; stop-tier held events apart (they are stops) */
  holds: { heldEvents: number; heldDoses: number; coursesWithHold: Share; byCriterion: CriterionCount[]; stopTierHeldEvents: number };
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

/** The per-cycle maximum of a rule set of more than one cycle (read from the rule set), else null. */
function cycleMaximumOf(ruleSetId: string, ruleSetVersion: string): number | null {
  const schedule = getRuleSet(ruleSetId, ruleSetVersion)?.schedule;
  return schedule && schedule.cycles.length > 1 ? schedule.maxGivenPerCycle.value : null;
}

/** A held event of the hold tier (an event with no tier recorded is a hold). */
const isHoldTier = (e: QualityEvent) => e.kind === "held" && (e.tier ?? "hold") === "hold";

/**
 * How many doses the hold-tier events held (events in time order). Interval measured from the given dose only: the
 * held dose is delayed and re-evaluated, so the events between two given doses of a cycle hold one dose. Measured
 * from given or held: a hold skips the dose, each event is a dose. Unknown rule set: as delayed (never over-counts).
 */
function heldDosesOf(events: readonly QualityEvent[], ruleSetId: string, ruleSetVersion: string): number {
  const skips = getRuleSet(ruleSetId, ruleSetVersion)?.schedule.interval.measuredFrom === "given-or-held";
  const places = new Set<string>();
  const givenInCycle = new Map<number, number>();
  events.forEach((e, i) => {
    if (e.kind === "given") givenInCycle.set(e.cycle, (givenInCycle.get(e.cycle) ?? 0) + 1);
    else if (isHoldTier(e)) places.add(skips ? `event ${i}` : `${e.cycle}:${givenInCycle.get(e.cycle) ?? 0}`);
  });
  return places.size;
}

/** One course's figures from its active rows (entered-in-error ones are left out). */
export function summarizeCourse(course: QualityCourseInput): QualityCourseSummary {
  const events = course.events.filter(isActive).sort(byTime);
  const given = events.filter((e) => e.kind === "given");
  const held = events.filter(isHoldTier);
  const ended = events.filter((e) => e.kind === "stopped" || e.kind === "discontinued");
  const maximum = maximumOf(course.ruleSetId, course.ruleSetVersion);
  const maximumPerCycle = cycleMaximumOf(course.ruleSetId, course.ruleSetVersion);
  const perCycle = new Map<number, number>();
  for (const e of given) perCycle.set(e.cycle, (perCycle.get(e.cycle) ?? 0) + 1);
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
    maximumPerCycle,
    reachedCycleMaximum: maximumPerCycle !== null && [...perCycle.values()].some((n) => n >= maximumPerCycle),
    held: held.length,
    heldDoses: heldDosesOf(events, course.ruleSetId, course.ruleSetVersion),
    stopTierHeld: events.filter((e) => e.kind === "held" && !isHoldTier(e)).length,
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
  const held = active.filter((x) => isHoldTier(x.event));
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
    reachedCycleMaximum: summaries.some((s) => s.maximumPerCycle !== null)
      ? { count: summaries.filter((s) => s.reachedCycleMaximum).length, of: summaries.filter((s) => s.maximumPerCycle !== null).length }
      : null,
    holds: {
      heldEvents: held.length,
      heldDoses: summaries.reduce((n, s) => n + s.heldDoses, 0),
      stopTierHeldEvents: summaries.reduce((n, s) => n + s.stopTierHeld, 0),
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
