// Counts by dose, not by event: the course's doses 1…N (per cycle for monotherapy) with the attempts that belong to
// each. A dose is a numbered place in the schedule; held, stopped and re-evaluated attempts belong to the dose that
// follows the last given one in their cycle (protocols.md §2: "held events do not use a number"), so "dose 2: held
// twice, then given" is one dose. Entered-in-error events are left out. The course page's schedule grid and the
// pharmacist's count report group this way. Planned windows are the engine's (earliest / due), asked at the dose's
// first attempt with only the earlier events in force, or, for the dose now being decided, the decision's own.
// Pure: the caller passes the decision made at its `now`. docs/decisions/043-status-words-and-reverification.md.
import { evaluateDose, getRuleSet, type DoseDecision } from "@/lib/rules";
import type { CourseRecord, DoseEventKindCode, ReviewedDoseEvent } from "@/lib/domain/records";
import { engineRequest } from "@/lib/domain/engine-request";
import { reviewWaitOf, type ReviewWait } from "@/lib/domain/review";
import { storedFindings } from "@/lib/domain/stored-decision";

export interface DoseAttempt {
  id: string;
  sequence: number;
  kind: DoseEventKindCode;
  at: Date;
  /** hold | stop | discontinue on held events */
  tier: string | null;
  /** the criteria that fired, in the rule set's words */
  criteria: string[];
  note: string | null;
  doseIu: number | null;
  waitsFor: ReviewWait | null;
}

/**
 * given: given (after any held attempts); held: held and still being re-evaluated (the dose now decided);
 * stopped / discontinued: IL-2 ended at this dose; next: the dose now decided, no attempt yet; planned: later;
 * not-given: the cycle or course ended (or moved on) without it.
 */
export type DoseOutcome = "given" | "held" | "stopped" | "discontinued" | "next" | "planned" | "not-given";

export interface ScheduledDose {
  cycle: number;
  /** the dose's number in its cycle (TIL: in the course) */
  number: number;
  window: { earliestAt: Date | null; dueAt: Date | null } | null;
  attempts: DoseAttempt[];
  outcome: DoseOutcome;
  givenAt: Date | null;
}

export interface ScheduleCycle {
  cycle: number;
  /** the rule set's maximum per cycle (null when the rule set is unknown: the grid shows the doses it knows) */
  max: number | null;
  doses: ScheduledDose[];
}

export interface DoseSchedule {
  cycles: ScheduleCycle[];
  /** given doses in the course */
  given: number;
  /** doses held at least once (each dose once, however many attempts) */
  dosesHeld: number;
  /** held attempts (events) — what "held" counted before, for the pharmacist's comparison with the engine */
  heldAttempts: number;
}

const byTimeThenSequence = (a: Pick<ReviewedDoseEvent, "occurredAt" | "sequence">, b: Pick<ReviewedDoseEvent, "occurredAt" | "sequence">) =>
  a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence;

/** A criterion key in the words of the rule set the event was decided under (its stored decision, else the rule set). */
function criterionWords(event: Pick<ReviewedDoseEvent, "criteria" | "decisionSnapshot" | "ruleSetId" | "ruleSetVersion">): string[] {
  const stored = new Map(storedFindings(event.decisionSnapshot).map((f) => [f.criterion, f.criterionLabel]));
  const ruleSet = getRuleSet(event.ruleSetId, event.ruleSetVersion);
  return event.criteria.map((c) => stored.get(c) ?? ruleSet?.criteria.find((x) => x.id === c)?.label ?? c);
}

/** Where an event stands in the schedule: its cycle, its dose's number in that cycle, and that dose's number in the course. */
export interface DosePlace {
  cycle: number;
  /** the dose's number in its cycle (TIL: in the course): given doses before it in its cycle + 1 */
  number: number;
  /** the dose's number in the course (the engine's `dose.number`): given doses before it in the course + 1 */
  inCourse: number;
}

type Placed = Pick<ReviewedDoseEvent, "id" | "kind" | "cycle" | "occurredAt" | "sequence" | "status">;

/**
 * The one rule for which dose an event belongs to (issue 10, observation 6): a held, stopped or re-evaluated
 * attempt belongs to the dose not yet given, a given event to the dose it gave. Events in force only, in time order
 * then sequence, as the engine orders them. lib/domain/blocking.ts doseNumberOf and doseNumbersOf read it.
 */
export function dosePlacesOf<E extends Placed>(events: readonly E[]): Map<string, DosePlace> {
  const givenInCycle = new Map<number, number>();
  let givenInCourse = 0;
  const out = new Map<string, DosePlace>();
  for (const e of [...events].filter((x) => x.status === "active").sort(byTimeThenSequence)) {
    const before = givenInCycle.get(e.cycle) ?? 0;
    out.set(e.id, { cycle: e.cycle, number: before + 1, inCourse: givenInCourse + 1 });
    if (e.kind === "given") {
      givenInCycle.set(e.cycle, before + 1);
      givenInCourse++;
    }
  }
  return out;
}

/**
 * Which dose each event in force belongs to: `number` = given doses before it in its cycle + 1 (dosePlacesOf).
 * Pure and engine-free: the count report uses it too.
 */
export function doseNumbersOf<E extends Placed>(events: readonly E[]): Map<string, { cycle: number; number: number }> {
  return new Map([...dosePlacesOf(events)].map(([id, p]) => [id, { cycle: p.cycle, number: p.number }]));
}

/**
 * The course's doses with their attempts, planned windows and outcomes. `decision` is the engine's answer now
 * (null when it could not be made): it says which dose is being decided and whether the course is over.
 */
export function doseSchedule(args: { course: CourseRecord; events: readonly ReviewedDoseEvent[]; decision: DoseDecision | null }): DoseSchedule {
  const { course, decision } = args;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  const active = args.events.filter((e) => e.status === "active").sort(byTimeThenSequence);
  const numbers = doseNumbersOf(active);

  const cycleCount = Math.max(ruleSet?.schedule.cycles.length ?? 1, ...active.map((e) => e.cycle));
  const maxPerCycle = ruleSet ? Math.min(ruleSet.schedule.maxGivenPerCycle.value, ruleSet.schedule.maxGivenPerCourse.value) : null;

  // attempts per (cycle, number)
  const attempts = new Map<string, { event: ReviewedDoseEvent; index: number }[]>();
  active.forEach((event, index) => {
    const n = numbers.get(event.id);
    if (!n) return;
    const key = `${n.cycle}:${n.number}`;
    attempts.set(key, [...(attempts.get(key) ?? []), { event, index }]);
  });

  const current = decision && decision.decision !== "complete" && decision.dose ? { cycle: decision.dose.cycle, number: decision.dose.numberInCycle } : null;
  const over = decision?.decision === "complete";
  // before the dose now decided: an earlier cycle, or an earlier number in its cycle
  const isBefore = (cycle: number, number: number) => current !== null && (cycle < current.cycle || (cycle === current.cycle && number < current.number));

  const windowAt = (firstIndex: number, at: Date): ScheduledDose["window"] => {
    const outcome = evaluateDose(engineRequest({ now: at, course, events: active.slice(0, firstIndex) }));
    if (!outcome.ok) return null;
    const w = outcome.result.window;
    if (!w.earliestAt && !w.dueAt) return null;
    return { earliestAt: w.earliestAt ? new Date(w.earliestAt) : null, dueAt: w.dueAt ? new Date(w.dueAt) : null };
  };

  let given = 0;
  let dosesHeld = 0;
  let heldAttempts = 0;
  const cycles: ScheduleCycle[] = [];
  for (let cycle = 1; cycle <= cycleCount; cycle++) {
    const known = active.filter((e) => e.cycle === cycle).map((e) => numbers.get(e.id)?.number ?? 0);
    const upTo = Math.max(maxPerCycle ?? 0, ...known, current?.cycle === cycle ? current.number : 0);
    const doses: ScheduledDose[] = [];
    for (let number = 1; number <= upTo; number++) {
      const list = attempts.get(`${cycle}:${number}`) ?? [];
      const givenEvent = list.find((a) => a.event.kind === "given")?.event ?? null;
      const ended = list.find((a) => a.event.kind === "stopped" || a.event.kind === "discontinued")?.event ?? null;
      const held = list.filter((a) => a.event.kind === "held").length;
      heldAttempts += held;
      if (held) dosesHeld++;
      if (givenEvent) given++;
      const isCurrent = current?.cycle === cycle && current.number === number;
      const outcome: DoseOutcome = givenEvent
        ? "given"
        : ended
          ? (ended.kind as "stopped" | "discontinued")
          : over || isBefore(cycle, number)
            ? "not-given"
            : held
              ? "held"
              : isCurrent
                ? "next"
                : "planned";
      const first = list[0];
      const window = first
        ? windowAt(first.index, first.event.occurredAt)
        : isCurrent && decision && (decision.window.earliestAt || decision.window.dueAt)
          ? { earliestAt: decision.window.earliestAt ? new Date(decision.window.earliestAt) : null, dueAt: decision.window.dueAt ? new Date(decision.window.dueAt) : null }
          : null;
      doses.push({
        cycle,
        number,
        window,
        attempts: list.map(({ event: e }) => ({
          id: e.id,
          sequence: e.sequence,
          kind: e.kind,
          at: e.occurredAt,
          tier: e.tier,
          criteria: criterionWords(e),
          note: e.note,
          doseIu: e.doseIu,
          waitsFor: reviewWaitOf(e),
        })),
        outcome,
        givenAt: givenEvent?.occurredAt ?? null,
      });
    }
    cycles.push({ cycle, max: maxPerCycle, doses });
  }
  return { cycles, given, dosesHeld, heldAttempts };
}

/**
 * The counts in doses, for a heading or the decision panel: "2 of 6 doses given · dose 3 held (2 attempts)". A dose
 * held and then given counts once, as given.
 */
export function doseCountText(s: DoseSchedule): string {
  const max = s.cycles.reduce((m, c) => m + (c.max ?? c.doses.length), 0);
  const parts = [`${s.given} of ${max} doses given`];
  for (const c of s.cycles) {
    for (const d of c.doses) {
      const held = d.attempts.filter((a) => a.kind === "held").length;
      if (d.outcome === "held" && held) {
        parts.push(`${s.cycles.length > 1 ? `cycle ${c.cycle} ` : ""}dose ${d.number} held${held > 1 ? ` (${held} attempts)` : ""}`);
      }
    }
  }
  const heldThenGiven = s.cycles.flatMap((c) => c.doses).filter((d) => d.outcome === "given" && d.attempts.some((a) => a.kind === "held")).length;
  if (heldThenGiven) parts.push(`${heldThenGiven} given after a hold`);
  return parts.join(" · ");
}

/** "held twice, then given": one dose's attempts in words (the count report's and the grid's summary). */
export function attemptsSummary(d: { attempts: readonly Pick<DoseAttempt, "kind">[] }): string {
  const words: string[] = [];
  let i = 0;
  while (i < d.attempts.length) {
    const kind = d.attempts[i]!.kind;
    let n = 1;
    while (d.attempts[i + n]?.kind === kind) n++;
    words.push(`${kind}${n === 1 ? "" : n === 2 ? " twice" : ` ${n} times`}`);
    i += n;
  }
  return words.join(", then ");
}
