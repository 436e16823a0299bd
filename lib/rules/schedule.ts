// Schedule and counts (protocols.md §2; order of decision steps 1–2 in engine-contract.md). Every interval,
// tolerance, window and cap is read from the rule set. Times are epoch milliseconds taken from the request.
import type { RuleSet } from "./rule-sets/schema";
import { MS_PER_MINUTE, toIso } from "./time";
import { EVENT_KINDS, type Anchor, type CourseApprovalField, type EventKind, type Reason } from "./vocabulary";

export interface ScheduleEvent {
  at: number;
  kind: EventKind;
  cycle: number;
  doseIu?: number | null | undefined;
}

type MissedReason = "start-window-missed" | "window-closed";

interface CycleRules {
  readonly number: number;
  readonly opensAfterAnchorMs: number;
  readonly earlyToleranceMs: number;
  /** Events from anchor + opens − this belong to the cycle (the usual early tolerance; protocols.md §2). */
  readonly eventFromAfterAnchorMs: number;
  readonly startClosesAfterAnchorMs: number | null;
  /** "dose-event": any event at any time meets the deadline (1.0.0); "given": only a dose given by it (1.1.0). */
  readonly startMetBy: "dose-event" | "given";
  readonly startDeadlineExclusive: boolean;
  readonly startMissedReason: MissedReason;
  /** The course time that must be present for the cycle to open (mono 1.1.0 cycle 2), or null. */
  readonly opensOnlyWith: CourseApprovalField | null;
  readonly windowMs: number;
  readonly windowFrom: "anchor" | "first-event";
}

export interface ScheduleRules {
  readonly anchor: Anchor;
  readonly intervalMs: number;
  readonly intervalToleranceMs: number;
  readonly intervalFrom: "given-or-held" | "given";
  readonly maxPerCycle: number;
  readonly maxPerCourse: number;
  readonly cycles: readonly CycleRules[];
  readonly stopEnds: "cycle" | "course";
}

export function compileSchedule(rs: RuleSet): ScheduleRules {
  const s = rs.schedule;
  const ms = (m: { value: number }) => m.value * MS_PER_MINUTE;
  return {
    anchor: s.anchor.field,
    intervalMs: ms(s.interval.minutes),
    intervalToleranceMs: ms(s.interval.earlyToleranceMinutes),
    intervalFrom: s.interval.measuredFrom,
    maxPerCycle: s.maxGivenPerCycle.value,
    maxPerCourse: s.maxGivenPerCourse.value,
    cycles: s.cycles.map((c) => ({
      number: c.number,
      opensAfterAnchorMs: ms(c.opensAfterAnchorMinutes),
      earlyToleranceMs: ms(c.earlyToleranceMinutes),
      eventFromAfterAnchorMs: ms(c.opensAfterAnchorMinutes) - Math.max(ms(c.earlyToleranceMinutes), ms(s.interval.earlyToleranceMinutes)),
      startClosesAfterAnchorMs: c.startClosesAfterAnchorMinutes === null ? null : ms(c.startClosesAfterAnchorMinutes),
      startMetBy: c.startDeadline?.metBy ?? "dose-event",
      startDeadlineExclusive: c.startDeadline?.edge === "exclusive",
      startMissedReason: c.startDeadline?.missedReason ?? "start-window-missed",
      opensOnlyWith: c.opensOnlyWith?.courseField ?? null,
      windowMs: ms(c.window.minutes),
      windowFrom: c.window.from,
    })),
    stopEnds: s.stopEnds.value,
  };
}

// Same-time events sort given, held, stopped, discontinued (the vocabulary order).
const KIND_ORDER = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Readonly<Record<EventKind, number>>;

/** Time, then a fixed kind order, then cycle and dose: the input order of events never matters. */
export function sortEvents<E extends ScheduleEvent>(events: readonly E[]): E[] {
  return [...events].sort((x, y) =>
    x.at - y.at || KIND_ORDER[x.kind] - KIND_ORDER[y.kind] || x.cycle - y.cycle || (x.doseIu ?? 0) - (y.doseIu ?? 0));
}

/**
 * The cycle an event at `at` belongs to, from its time (contract 1.1): the last cycle whose opening, less the usual
 * early tolerance, it has reached (monotherapy: cycle 2 from startAt + 14 days − 30 min; TIL: always 1).
 */
export function cycleAt(rules: ScheduleRules, anchorAt: number, at: number): number {
  let n = 1;
  for (const c of rules.cycles) if (c.number > 1 && at >= anchorAt + c.eventFromAfterAnchorMs) n = c.number;
  return n;
}

/** The earliest time an event may carry: the anchor less the first cycle's early tolerance (mono: startAt − 30 min). */
export function earliestEventAt(rules: ScheduleRules, anchorAt: number): number {
  return anchorAt - (rules.cycles[0]?.earlyToleranceMs ?? 0);
}

interface Tally {
  given: number;
  held: number;
  cumulativeIu: number;
  firstEventAt: number | null;
  firstGivenAt: number | null;
  stopped: boolean;
}

/** Course times a cycle may need to open (mono 1.1.0: the attending's go-ahead for cycle 2). */
export type CourseApprovals = Readonly<Record<CourseApprovalField, number | null>>;

export interface ScheduleCounts {
  cycle: number;
  givenInCycle: number;
  heldInCycle: number;
  cumulativeIuInCycle: number;
  givenInCourse: number;
  heldInCourse: number;
  cumulativeIu: number;
  maxPerCycle: number;
  maxPerCourse: number;
  remainingInCycle: number;
  remainingInCourse: number;
}

export interface ScheduleWindow {
  earliestAt: number | null;
  dueAt: number | null;
  closesAt: number | null;
}

export type ScheduleState =
  | {
    status: "complete";
    reason: Extract<Reason, "discontinued" | "stopped" | "max-reached" | "window-closed" | "start-window-missed">;
    /** The cycle (or course) ended by its window with no dose given in it: an attending must look. */
    endedWithoutGiven: boolean;
  }
  | {
    status: "wait";
    reason: Extract<Reason, "interval" | "start-window" | "rest-period">;
    /** In the rest period after a cycle that closed by its window with no dose given in it: an attending must look. */
    endedWithoutGiven?: boolean;
  }
  | { status: "open" };

export interface ScheduleResult {
  state: ScheduleState;
  counts: ScheduleCounts;
  window: ScheduleWindow;
  /** The dose being decided: its cycle, course number and number within the cycle. */
  next: { cycle: number; number: number; numberInCycle: number };
  notes: string[];
}

/**
 * Where the course stands at `now`: over (`complete`), not yet allowed (`wait`), or open for a dose.
 * `events` must be sorted (sortEvents) and already validated (cycles within the rule set).
 */
export function computeSchedule(
  rules: ScheduleRules, anchorAt: number, events: readonly ScheduleEvent[], now: number, approvals: CourseApprovals = { cycle2ApprovedAt: null },
): ScheduleResult {
  const nCycles = rules.cycles.length;
  const tallies: Tally[] = rules.cycles.map(() => ({ given: 0, held: 0, cumulativeIu: 0, firstEventAt: null, firstGivenAt: null, stopped: false }));
  let givenInCourse = 0, heldInCourse = 0, cumulativeIu = 0;
  let discontinued = false;
  let stoppedCourse = false;
  let lastCycleWithEvents = 0;
  let intervalRef: number | null = null;
  for (const e of events) {
    const t = tallies[e.cycle - 1];
    if (t === undefined) continue; // validation refuses cycles the rule set does not have
    if (t.firstEventAt === null) t.firstEventAt = e.at;
    if (e.cycle > lastCycleWithEvents) lastCycleWithEvents = e.cycle;
    switch (e.kind) {
      case "given":
        if (t.firstGivenAt === null) t.firstGivenAt = e.at;
        t.given++; givenInCourse++;
        t.cumulativeIu += e.doseIu ?? 0; cumulativeIu += e.doseIu ?? 0;
        intervalRef = e.at;
        break;
      case "held":
        t.held++; heldInCourse++;
        if (rules.intervalFrom === "given-or-held") intervalRef = e.at;
        break;
      case "stopped":
        t.stopped = true;
        if (rules.stopEnds === "course") stoppedCourse = true;
        break;
      case "discontinued":
        discontinued = true;
        break;
    }
  }

  const notes: string[] = [];
  /** True while the start deadline is still to be met by what the cycle's events hold. */
  const deadlineOpen = (c: CycleRules, t: Tally): boolean => (c.startMetBy === "given" ? t.firstGivenAt === null : t.firstEventAt === null);
  const closesOf = (i: number): number | null => {
    const c = rules.cycles[i];
    const t = tallies[i];
    if (c === undefined || t === undefined) return null;
    if (c.windowFrom === "anchor") return anchorAt + c.opensAfterAnchorMs + c.windowMs;
    let closes = t.firstEventAt === null ? null : t.firstEventAt + c.windowMs;
    if (c.startClosesAfterAnchorMs !== null && deadlineOpen(c, t)) {
      const d = anchorAt + c.startClosesAfterAnchorMs;
      closes = closes === null ? d : Math.min(closes, d);
    }
    return closes;
  };
  /** The start deadline has passed without what meets it (1.0.0: any event ever; 1.1.0: a dose given by it). */
  const startMissedIn = (i: number): boolean => {
    const c = rules.cycles[i];
    const t = tallies[i];
    if (c === undefined || t === undefined || c.startClosesAfterAnchorMs === null) return false;
    const d = anchorAt + c.startClosesAfterAnchorMs;
    if (c.startDeadlineExclusive ? now < d : now <= d) return false;
    if (c.startMetBy === "dose-event") return t.firstEventAt === null;
    const g = t.firstGivenAt;
    return g === null || (c.startDeadlineExclusive ? g >= d : g > d);
  };
  const approved = (c: CycleRules): boolean => c.opensOnlyWith === null || approvals[c.opensOnlyWith] !== null;

  let ci = Math.max(1, lastCycleWithEvents) - 1; // index of the cycle being looked at
  let doseCi = ci;
  let state: ScheduleState | null = null;
  let win: ScheduleWindow = { earliestAt: null, dueAt: null, closesAt: null };

  // Contract order: discontinued, stopped (TIL, or the last monotherapy cycle), max-reached, window-closed, start-window-missed.
  if (discontinued) state = { status: "complete", reason: "discontinued", endedWithoutGiven: false };
  else if (stoppedCourse || tallies[nCycles - 1]?.stopped === true) state = { status: "complete", reason: "stopped", endedWithoutGiven: false };
  else if (givenInCourse >= rules.maxPerCourse) state = { status: "complete", reason: "max-reached", endedWithoutGiven: false };

  while (state === null) {
    const c = rules.cycles[ci];
    const t = tallies[ci];
    if (c === undefined || t === undefined) break;
    const closes = closesOf(ci);
    const ended: "stopped" | "max-reached" | MissedReason | null =
      t.stopped ? "stopped"
      : t.given >= rules.maxPerCycle ? "max-reached"
      // contract order: window-closed before start-window-missed when both apply (a window opened by a first
      // event has closed, and the start deadline passed without what meets it)
      : c.windowFrom === "first-event" && t.firstEventAt !== null && now > t.firstEventAt + c.windowMs ? "window-closed"
      : startMissedIn(ci) ? c.startMissedReason
      : closes !== null && now > closes ? "window-closed"
      : null;
    doseCi = ci;
    if (ended === null) break;
    if (ci === nCycles - 1) {
      const byWindow = ended === "window-closed" || ended === "start-window-missed";
      state = { status: "complete", reason: ended, endedWithoutGiven: byWindow && t.given === 0 };
      win = { earliestAt: null, dueAt: null, closesAt: byWindow ? closes : null };
      break;
    }
    const next = rules.cycles[ci + 1];
    if (next === undefined) break;
    const opens = anchorAt + next.opensAfterAnchorMs;
    const earliest = opens - next.earlyToleranceMs;
    doseCi = ci + 1;
    // Without its go-ahead the next cycle stays in the rest period, until its own deadline ends the course.
    const awaitingApproval = !approved(next) && !startMissedIn(ci + 1);
    if (now < earliest || awaitingApproval) {
      const byWindow = ended === "window-closed" || ended === "start-window-missed";
      state = { status: "wait", reason: "rest-period", endedWithoutGiven: byWindow && t.given === 0 };
      win = { earliestAt: earliest, dueAt: opens, closesAt: closesOf(ci + 1) };
      notes.push(`Cycle ${c.number} ended (${ended}); cycle ${next.number} opens ${toIso(earliest)}.`);
      if (awaitingApproval) notes.push(`Cycle ${next.number} opens only with the attending's go-ahead (course.${next.opensOnlyWith ?? ""}).`);
      break;
    }
    ci++;
  }

  if (state === null) {
    // The cycle at `ci` is open: the dose may be given from the later of the cycle opening and the interval.
    const c = rules.cycles[ci];
    const opens = c === undefined ? anchorAt : anchorAt + c.opensAfterAnchorMs;
    const cycleEarliest = opens - (c?.earlyToleranceMs ?? 0);
    let earliest = cycleEarliest, due = opens;
    if (intervalRef !== null) {
      const ivDue = intervalRef + rules.intervalMs;
      const ivEarliest = ivDue - rules.intervalToleranceMs;
      if (ivEarliest > earliest) earliest = ivEarliest;
      if (ivDue > due) due = ivDue;
    }
    const closes = closesOf(ci);
    win = { earliestAt: earliest, dueAt: due, closesAt: closes };
    if (c !== undefined && !approved(c)) {
      state = { status: "wait", reason: "rest-period" };
      notes.push(`Cycle ${c.number} opens only with the attending's go-ahead (course.${c.opensOnlyWith ?? ""}).`);
    } else if (now < earliest) {
      state = { status: "wait", reason: now < cycleEarliest ? (ci === 0 ? "start-window" : "rest-period") : "interval" };
    } else {
      state = { status: "open" };
    }
    if (closes !== null && earliest > closes) {
      notes.push(`The next dose could not be given before the window closes at ${toIso(closes)}.`);
    }
  }

  // In the rest period the counts still describe the cycle that ended; the dose is the next cycle's first.
  const countsCi = ci;
  const tc = tallies[countsCi] ?? { given: 0, held: 0, cumulativeIu: 0 };
  const td = tallies[doseCi] ?? { given: 0 };
  return {
    state,
    counts: {
      cycle: countsCi + 1,
      givenInCycle: tc.given,
      heldInCycle: tc.held,
      cumulativeIuInCycle: tc.cumulativeIu,
      givenInCourse,
      heldInCourse,
      cumulativeIu,
      maxPerCycle: rules.maxPerCycle,
      maxPerCourse: rules.maxPerCourse,
      remainingInCycle: Math.max(0, rules.maxPerCycle - tc.given),
      remainingInCourse: Math.max(0, rules.maxPerCourse - givenInCourse),
    },
    window: win,
    next: { cycle: doseCi + 1, number: givenInCourse + 1, numberInCycle: td.given + 1 },
    notes,
  };
}
