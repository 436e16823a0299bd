// The pharmacist's dose-count report as built and stored: plain types, no Prisma types. Version 3 stores facts —
// codes and numbers — and lib/views/count-report.ts writes the sentences when the report is shown; versions 1 and 2
// stored sentences, frozen here as written. See docs/decisions/038-count-report-facts.md.
import type { Counts, Decision, EventKind, Issue, Reason } from "@/lib/rules";
import type { LongIntervalFlag } from "@/lib/domain/til-interval";
import type { DosePreparation } from "@/lib/domain/dose-preparation";

/**
 * 4: every event in force says which dose it belongs to (`forDose`: its cycle and number in the cycle; a held or
 *    stopped attempt belongs to the dose after the last given one, lib/domain/dose-schedule.ts), so the report can
 *    say "dose 2: held twice, then given" (docs/decisions/043-status-words-and-reverification.md).
 * 3: discrepancies, outside-window verdicts and count comparisons are stored as facts (codes and numbers), not
 *    sentences; the sentences are written when the report is shown (lib/views/count-report.ts:
 *    `describeDiscrepancy`, `countLabel`, `outsideWindowText`).
 * 2: adds `dose` (the engine's dilution figures and the administration facts) and `intervalFlags` (TIL pairs of
 *    given doses more than 12 h apart).
 * Stored version-1 and version-2 snapshots keep their sentences; `readStoredCountReport` reads every version.
 */
export const COUNT_REPORT_VERSION = 4;

export interface CycleTally {
  cycle: number;
  given: number;
  held: number;
  /** null when the course's rule set is unknown */
  maxGiven: number | null;
  /** max − given, not clamped: a negative number means more doses were given than allowed */
  remaining: number | null;
  cumulativeIu: number;
  cumulativeIuPerKg: number;
}

export interface CourseTally {
  given: number;
  held: number;
  stopped: number;
  discontinued: number;
  maxGiven: number | null;
  remaining: number | null;
  cumulativeIu: number;
  cumulativeIuPerKg: number;
}

/** A given dose's window as the engine answered at the dose's own time, on only the earlier active events. */
export type WindowCheck =
  | { inside: true; engineDecision: Decision; engineCycle: number | null }
  | { inside: false; engineDecision: "wait" | "complete"; reason: Reason | null; earliestAt: string | null }
  | { inside: null; issues: Issue[] };

export interface ReportedEvent {
  id: string;
  sequence: number;
  kind: EventKind;
  cycle: number;
  occurredAt: string;
  doseIu: number | null;
  criteria: string[];
  /** given doses only: their number in the course and in the cycle, in time order */
  givenNumber: number | null;
  givenNumberInCycle: number | null;
  /** given doses only: minutes since the previous given dose (null for the first) */
  intervalMinutes: number | null;
  window: WindowCheck | null;
  /** given doses only: the recorded IU equals computeDose for the course */
  doseIuMatches: boolean | null;
  /** the dose this event belongs to: given, held and stopped attempts alike (version 4) */
  forDose: { cycle: number; number: number } | null;
}

export interface ExcludedEvent {
  id: string;
  sequence: number;
  kind: EventKind;
  cycle: number;
  occurredAt: string;
  doseIu: number | null;
  enteredInErrorAt: string | null;
  /** the reason typed by whoever marked the event entered-in-error */
  reason: string | null;
}

/** The counts compared with the engine's: four for the course, four for the engine's current cycle. */
export const COUNT_KEYS = [
  "givenInCourse", "heldInCourse", "remainingInCourse", "cumulativeIu",
  "givenInCycle", "heldInCycle", "remainingInCycle", "cumulativeIuInCycle",
] as const satisfies readonly (keyof Counts)[];
export type CountKey = (typeof COUNT_KEYS)[number];

export interface CountComparison {
  key: CountKey;
  /** the cycle a per-cycle count describes (the engine's current cycle); null for a course count */
  cycle: number | null;
  recorded: number | null;
  engine: number | null;
  matches: boolean;
}

export type DiscrepancyKind = "counts" | "dose-iu" | "window" | "cycle" | "engine";

/** One thing the report found wrong, as a fact. `sequence` is the event's; `givenNumber` its number among the given doses. */
export type Discrepancy =
  | { kind: "counts"; sequence: null; key: CountKey; cycle: number | null; recorded: number | null; engine: number | null }
  | { kind: "dose-iu"; sequence: number; givenNumber: number; expectedIu: number; recordedIu: number | null }
  | { kind: "window"; sequence: number; givenNumber: number; engineDecision: "wait" | "complete"; reason: Reason | null }
  | { kind: "cycle"; sequence: number; givenNumber: number; recordedCycle: number; engineCycle: number }
  | { kind: "engine"; check: "window"; sequence: number; givenNumber: number; issues: Issue[] }
  | { kind: "engine"; check: "counts"; sequence: null; issues: Issue[] };

export interface CountReport {
  reportVersion: typeof COUNT_REPORT_VERSION;
  courseId: string;
  builtAt: string;
  protocol: "til_adjunct" | "monotherapy";
  ruleSet: { id: string; version: string; known: boolean };
  dosingWeightKg: string;
  doseIuPerKg: number;
  /** the dose the order computes (computeDose); every given dose should equal it */
  expectedDoseIu: number;
  /** the highest sequence of any event, corrected or not (0 when none): what the sign-off covers */
  lastEventSequence: number;
  enteredInErrorCount: number;
  cycles: CycleTally[];
  course: CourseTally;
  events: ReportedEvent[];
  excluded: ExcludedEvent[];
  engine:
    | { ok: true; decision: Decision; reason: Reason | null; counts: Counts }
    | { ok: false; issues: Issue[] };
  comparisons: CountComparison[];
  checks: { counts: boolean; doseIu: boolean; windows: boolean };
  discrepancies: Discrepancy[];
  /** true only when every check passes: counts equal the engine's, every dose equals the order, every dose in its window */
  countsMatch: boolean;
  /**
   * The ordered dose as the engine computes it, with its D5W bag, final concentration, whether the dose per kg is
   * the rule set's default, and the administration facts. Null when the course's rule set is unknown.
   */
  dose: DosePreparation | null;
  /**
   * TIL courses: every pair of consecutive given doses more than 12 h apart (PI-A "every 8–12 h"). A flag for the
   * pharmacist, not a discrepancy: after a hold the engine lets a TIL dose be given late (delayed, not skipped).
   */
  intervalFlags: LongIntervalFlag[];
}

// ---- Stored version 3: facts, but no event says which dose it belongs to. Frozen as written.

export type ReportedEventV3 = Omit<ReportedEvent, "forDose">;
export type CountReportV3 = Omit<CountReport, "reportVersion" | "events"> & { reportVersion: 3; events: ReportedEventV3[] };

// ---- Stored versions 1 and 2: frozen as written. They stored sentences; those sentences are shown as they are.

/** A discrepancy as versions 1 and 2 stored it: a sentence. */
export interface DiscrepancyV2 {
  kind: DiscrepancyKind;
  sequence: number | null;
  message: string;
}

/** A window as versions 1 and 2 stored it: an outside-window verdict carries its words (`text`). */
export type WindowCheckV2 =
  | { inside: true; engineDecision: Decision; engineCycle: number | null }
  | { inside: false; engineDecision: "wait" | "complete"; reason: Reason | null; text: string; earliestAt: string | null }
  | { inside: null; issues: Issue[] };

/** A count comparison as versions 1 and 2 stored it: with its label in words. */
export interface CountComparisonV2 {
  key: string;
  label: string;
  recorded: number | null;
  engine: number | null;
  matches: boolean;
}

export type ReportedEventV2 = Omit<ReportedEventV3, "window"> & { window: WindowCheckV2 | null };

/** A report as stored in version 2: sentences for discrepancies, window verdicts and count labels. */
export type CountReportV2 = Omit<CountReportV3, "reportVersion" | "events" | "comparisons" | "discrepancies"> & {
  reportVersion: 2;
  events: ReportedEventV2[];
  comparisons: CountComparisonV2[];
  discrepancies: DiscrepancyV2[];
};

/** A report as stored before version 2 (no dose preparation, no interval flags). */
export type CountReportV1 = Omit<CountReportV2, "reportVersion" | "dose" | "intervalFlags"> & { reportVersion: 1 };
export type StoredCountReport = CountReport | CountReportV3 | CountReportV2 | CountReportV1;
