// The pharmacist's dose-count report (issue 4, part 6), built from stored rows. Pure: no database, no clock —
// the caller reads the rows and passes `now`. Every schedule judgement is the engine's (lib/rules); this file
// only counts rows and asks the engine. See docs/decisions/030-pharmacist-verification.md.
import type { CourseRecord as Course, DoseEventRecord } from "@/lib/domain/records";
import { computeDose, evaluateDose, getRuleSet, type Issue, type Reason } from "@/lib/rules";
import { engineRequest, type EngineDoseEvent } from "@/lib/domain/engine-request";
import { formatIu } from "@/lib/format";
import { longTilIntervals } from "@/lib/domain/til-interval";
import { dosePreparation } from "@/lib/domain/dose-preparation";
import {
  COUNT_REPORT_VERSION, type CountComparison, type CountReport, type CountReportV1, type CourseTally, type CycleTally, type Discrepancy,
  type DiscrepancyKind, type ExcludedEvent, type ReportedEvent, type StoredCountReport, type WindowCheck,
} from "@/lib/views/count-report";

export {
  COUNT_REPORT_VERSION, type CountComparison, type CountReport, type CountReportV1, type CourseTally, type CycleTally, type Discrepancy,
  type DiscrepancyKind, type ExcludedEvent, type ReportedEvent, type StoredCountReport, type WindowCheck,
};



/** Why a given dose fell outside its window, as the engine answered at the dose's own time. */
export const OUTSIDE_WINDOW_TEXT: Record<Reason, string> = {
  interval: "earlier than the minimum interval after the previous dose",
  "start-window": "before the first-dose window opened",
  "rest-period": "during the rest period between cycles",
  "max-reached": "after the maximum number of doses had been given",
  "window-closed": "after the dosing window had closed",
  "start-window-missed": "after the first-dose window had been missed",
  stopped: "after IL-2 had been stopped",
  discontinued: "after IL-2 had been discontinued",
};



/**
 * A stored `countsSnapshot` as a report of its own version, or null when it is not one. Old versions are read as
 * they were written, never filled in with today's rules.
 */
export function readStoredCountReport(snapshot: unknown): StoredCountReport | null {
  if (snapshot === null || typeof snapshot !== "object" || Array.isArray(snapshot)) return null;
  const version = (snapshot as { reportVersion?: unknown }).reportVersion;
  if (version === 1 || version === COUNT_REPORT_VERSION) return snapshot as StoredCountReport;
  return null;
}

const MS_PER_MINUTE = 60_000;

/** Hundredths of a kilogram from a Decimal(6,2) (or any decimal string), exactly. */
function centiKg(weight: { toString(): string }): number {
  const [whole = "0", frac = ""] = weight.toString().split(".");
  return Number(whole) * 100 + Number((frac + "00").slice(0, 2));
}

/** IU/kg to the nearest whole IU: cumulative IU ÷ dosing weight, computed in hundredths of a kilogram. */
function perKg(iu: number, weightCentiKg: number): number {
  return weightCentiKg > 0 ? Math.round((iu * 100) / weightCentiKg) : 0;
}

/** Time order, then the order of recording: "earlier" for a dose means before it in this order. */
function byTimeThenSequence(a: DoseEventRecord, b: DoseEventRecord): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence;
}

function issueText(issues: Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}

/**
 * Counts given / held / remaining per cycle and course from the active rows, and checks them against the engine:
 * the engine's own counts at `now` (no assessment), each given dose's window (the engine asked at the dose's own
 * time with only the earlier active events) and each given dose's IU against computeDose. Entered-in-error rows
 * are listed but never counted.
 */
export function buildCountReport(args: { course: Course; events: readonly EngineDoseEvent[]; now: Date }): CountReport {
  const { course, now } = args;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  const maxPerCycle = ruleSet?.schedule.maxGivenPerCycle.value ?? null;
  const maxPerCourse = ruleSet?.schedule.maxGivenPerCourse.value ?? null;
  const nCycles = ruleSet?.schedule.cycles.length ?? 1;
  const weightCentiKg = centiKg(course.dosingWeightKg);
  const expectedDoseIu = computeDose(weightCentiKg / 100, course.doseIuPerKg, ruleSet?.arithmetic).doseIu;

  const all = [...args.events].sort(byTimeThenSequence);
  const active = all.filter((e) => e.status === "active");
  const excluded: ExcludedEvent[] = all
    .filter((e) => e.status !== "active")
    .sort((a, b) => a.sequence - b.sequence)
    .map((e) => ({
      id: e.id,
      sequence: e.sequence,
      kind: e.kind,
      cycle: e.cycle,
      occurredAt: e.occurredAt.toISOString(),
      doseIu: e.doseIu,
      enteredInErrorAt: e.enteredInErrorAt?.toISOString() ?? null,
      reason: e.enteredInErrorReason,
    }));
  const lastEventSequence = all.reduce((m, e) => Math.max(m, e.sequence), 0);

  // Recorded counts: the stored active rows, counted directly.
  const cycleNumbers = new Set<number>(Array.from({ length: nCycles }, (_, i) => i + 1));
  for (const e of active) cycleNumbers.add(e.cycle);
  const tallies = new Map<number, { given: number; held: number; iu: number }>();
  for (const c of [...cycleNumbers].sort((a, b) => a - b)) tallies.set(c, { given: 0, held: 0, iu: 0 });
  const total = { given: 0, held: 0, stopped: 0, discontinued: 0, iu: 0 };

  const discrepancies: Discrepancy[] = [];
  const events: ReportedEvent[] = [];
  let previousGivenAt: number | null = null;

  active.forEach((e, i) => {
    const t = tallies.get(e.cycle);
    if (t === undefined) return; // every active cycle was added above
    const row: ReportedEvent = {
      id: e.id,
      sequence: e.sequence,
      kind: e.kind,
      cycle: e.cycle,
      occurredAt: e.occurredAt.toISOString(),
      doseIu: e.doseIu,
      criteria: e.criteria,
      givenNumber: null,
      givenNumberInCycle: null,
      intervalMinutes: null,
      window: null,
      doseIuMatches: null,
    };
    switch (e.kind) {
      case "held":
        t.held++;
        total.held++;
        break;
      case "stopped":
        total.stopped++;
        break;
      case "discontinued":
        total.discontinued++;
        break;
      case "given": {
        t.given++;
        total.given++;
        t.iu += e.doseIu ?? 0;
        total.iu += e.doseIu ?? 0;
        row.givenNumber = total.given;
        row.givenNumberInCycle = t.given;
        const at = e.occurredAt.getTime();
        row.intervalMinutes = previousGivenAt === null ? null : Math.round((at - previousGivenAt) / MS_PER_MINUTE);
        previousGivenAt = at;
        const label = `Dose ${total.given} (event ${e.sequence})`;

        row.doseIuMatches = e.doseIu === expectedDoseIu;
        if (e.doseIu === null) {
          discrepancies.push({ kind: "dose-iu", sequence: e.sequence, message: `${label} has no IU amount recorded; the order computes ${formatIu(expectedDoseIu)}.` });
        } else if (!row.doseIuMatches) {
          discrepancies.push({
            kind: "dose-iu",
            sequence: e.sequence,
            message: `${label}: ${formatIu(e.doseIu)} recorded; the order computes ${formatIu(expectedDoseIu)}.`,
          });
        }

        // The engine at the dose's own time, on only the earlier active events, with no assessment: `wait` or
        // `complete` means the schedule did not allow a dose then; anything else means the window was open.
        const outcome = evaluateDose(engineRequest({ now: e.occurredAt, course, events: active.slice(0, i) }));
        if (!outcome.ok) {
          row.window = { inside: null, issues: outcome.issues };
          discrepancies.push({ kind: "engine", sequence: e.sequence, message: `${label}: the engine could not check its window (${issueText(outcome.issues)}).` });
        } else {
          const r = outcome.result;
          if (r.decision === "wait" || r.decision === "complete") {
            const text = r.reason === null ? "outside the schedule" : OUTSIDE_WINDOW_TEXT[r.reason];
            row.window = { inside: false, engineDecision: r.decision, reason: r.reason, text, earliestAt: r.decision === "wait" ? r.window.earliestAt : null };
            discrepancies.push({ kind: "window", sequence: e.sequence, message: `${label} was given outside its window: ${text}.` });
          } else {
            const engineCycle = r.dose?.cycle ?? null;
            row.window = { inside: true, engineDecision: r.decision, engineCycle };
            if (engineCycle !== null && engineCycle !== e.cycle) {
              discrepancies.push({ kind: "cycle", sequence: e.sequence, message: `${label} is recorded in cycle ${e.cycle}; the engine places it in cycle ${engineCycle}.` });
            }
          }
        }
        break;
      }
    }
    events.push(row);
  });

  const cycles: CycleTally[] = [...tallies.entries()].map(([cycle, t]) => ({
    cycle,
    given: t.given,
    held: t.held,
    maxGiven: maxPerCycle,
    remaining: maxPerCycle === null ? null : maxPerCycle - t.given,
    cumulativeIu: t.iu,
    cumulativeIuPerKg: perKg(t.iu, weightCentiKg),
  }));
  const courseTally: CourseTally = {
    given: total.given,
    held: total.held,
    stopped: total.stopped,
    discontinued: total.discontinued,
    maxGiven: maxPerCourse,
    remaining: maxPerCourse === null ? null : maxPerCourse - total.given,
    cumulativeIu: total.iu,
    cumulativeIuPerKg: perKg(total.iu, weightCentiKg),
  };

  // Engine-derived counts: the engine's answer at `now` on all active events, without an assessment.
  const derived = evaluateDose(engineRequest({ now, course, events: [...args.events] }));
  const comparisons: CountComparison[] = [];
  const compare = (key: string, label: string, recorded: number | null, engine: number | null) =>
    comparisons.push({ key, label, recorded, engine, matches: recorded !== null && recorded === engine });
  let engine: CountReport["engine"];
  if (derived.ok) {
    const c = derived.result.counts;
    engine = { ok: true, decision: derived.result.decision, reason: derived.result.reason, counts: c };
    compare("givenInCourse", "Doses given in the course", courseTally.given, c.givenInCourse);
    compare("heldInCourse", "Doses held in the course", courseTally.held, c.heldInCourse);
    compare("remainingInCourse", "Doses remaining in the course", courseTally.remaining, c.remainingInCourse);
    compare("cumulativeIu", "Cumulative dose in the course (IU)", courseTally.cumulativeIu, c.cumulativeIu);
    const rc = cycles.find((x) => x.cycle === c.cycle);
    compare("givenInCycle", `Doses given in cycle ${c.cycle}`, rc?.given ?? 0, c.givenInCycle);
    compare("heldInCycle", `Doses held in cycle ${c.cycle}`, rc?.held ?? 0, c.heldInCycle);
    compare("remainingInCycle", `Doses remaining in cycle ${c.cycle}`, rc?.remaining ?? null, c.remainingInCycle);
    compare("cumulativeIuInCycle", `Cumulative dose in cycle ${c.cycle} (IU)`, rc?.cumulativeIu ?? 0, c.cumulativeIuInCycle);
    for (const x of comparisons) {
      if (!x.matches) {
        discrepancies.push({ kind: "counts", sequence: null, message: `${x.label}: ${x.recorded ?? "unknown"} recorded, ${x.engine ?? "none"} derived by the engine.` });
      }
    }
  } else {
    engine = { ok: false, issues: derived.issues };
    compare("givenInCourse", "Doses given in the course", courseTally.given, null);
    compare("heldInCourse", "Doses held in the course", courseTally.held, null);
    compare("cumulativeIu", "Cumulative dose in the course (IU)", courseTally.cumulativeIu, null);
    discrepancies.push({ kind: "engine", sequence: null, message: `The engine could not derive counts from these events (${issueText(derived.issues)}).` });
  }

  const intervalFlags =
    course.protocol === "til_adjunct"
      ? longTilIntervals(
          events.flatMap((e) => (e.kind === "given" && e.givenNumber !== null ? [{ sequence: e.sequence, givenNumber: e.givenNumber, occurredAt: e.occurredAt }] : [])),
        )
      : [];

  const checks = {
    counts: derived.ok && comparisons.every((x) => x.matches),
    doseIu: events.every((e) => e.doseIuMatches !== false),
    windows: events.every((e) => e.window === null || e.window.inside === true) && !discrepancies.some((d) => d.kind === "cycle"),
  };
  return {
    reportVersion: COUNT_REPORT_VERSION,
    courseId: course.id,
    builtAt: now.toISOString(),
    protocol: course.protocol,
    ruleSet: { id: course.ruleSetId, version: course.ruleSetVersion, known: ruleSet !== undefined },
    dosingWeightKg: course.dosingWeightKg.toString(),
    doseIuPerKg: course.doseIuPerKg,
    expectedDoseIu,
    lastEventSequence,
    enteredInErrorCount: excluded.length,
    cycles,
    course: courseTally,
    events,
    excluded,
    engine,
    comparisons,
    checks,
    discrepancies,
    countsMatch: discrepancies.length === 0,
    dose: ruleSet ? dosePreparation(weightCentiKg / 100, course.doseIuPerKg, ruleSet) : null,
    intervalFlags,
  };
}

export type CountVerificationDue =
  | { due: false }
  | { due: true; reason: "never-verified" | "new-events" | "entered-in-error"; newEvents: number; lastEventSequence: number };

/**
 * Whether a course's counts need (another) pharmacist check: it has events and was never verified, an event was
 * recorded after the last verification (a higher sequence), or an event was marked entered-in-error after it.
 */
export function countVerificationDue(
  events: readonly Pick<DoseEventRecord, "sequence" | "enteredInErrorAt">[],
  last: { lastEventSequence: number; verifiedAt: Date } | null,
): CountVerificationDue {
  if (events.length === 0) return { due: false };
  const lastEventSequence = events.reduce((m, e) => Math.max(m, e.sequence), 0);
  if (last === null) return { due: true, reason: "never-verified", newEvents: events.length, lastEventSequence };
  const newEvents = events.filter((e) => e.sequence > last.lastEventSequence).length;
  if (newEvents > 0) return { due: true, reason: "new-events", newEvents, lastEventSequence };
  if (events.some((e) => e.enteredInErrorAt !== null && e.enteredInErrorAt.getTime() > last.verifiedAt.getTime())) {
    return { due: true, reason: "entered-in-error", newEvents: 0, lastEventSequence };
  }
  return { due: false };
}
