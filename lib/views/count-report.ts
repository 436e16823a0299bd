// The pharmacist's dose-count report as stored and shown: plain types, no Prisma types (built by lib/db/count-report.ts).
import type { Counts, Decision, EventKind, Issue, Reason } from "@/lib/rules";
import type { LongIntervalFlag } from "@/lib/domain/til-interval";
import type { DosePreparation } from "@/lib/domain/dose-preparation";

/**
 * 2: adds `dose` (the engine's dilution figures and the administration facts) and `intervalFlags` (TIL pairs of
 * given doses more than 12 h apart). Version 1 snapshots lack both; `readStoredCountReport` reads either.
 */
export const COUNT_REPORT_VERSION = 2;

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

export type WindowCheck =
  | { inside: true; engineDecision: Decision; engineCycle: number | null }
  | { inside: false; engineDecision: "wait" | "complete"; reason: Reason | null; text: string; earliestAt: string | null }
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
}

export interface ExcludedEvent {
  id: string;
  sequence: number;
  kind: EventKind;
  cycle: number;
  occurredAt: string;
  doseIu: number | null;
  enteredInErrorAt: string | null;
  reason: string | null;
}

export interface CountComparison {
  key: string;
  label: string;
  recorded: number | null;
  engine: number | null;
  matches: boolean;
}

export type DiscrepancyKind = "counts" | "dose-iu" | "window" | "cycle" | "engine";

export interface Discrepancy {
  kind: DiscrepancyKind;
  sequence: number | null;
  message: string;
}

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

/** A report as stored before version 2 (no dose preparation, no interval flags). */
export type CountReportV1 = Omit<CountReport, "reportVersion" | "dose" | "intervalFlags"> & { reportVersion: 1 };
export type StoredCountReport = CountReport | CountReportV1;
