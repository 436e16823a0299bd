// The pharmacist's dose-count report (issue 4, part 6; facts since issue 9), built from stored rows. Pure: no
// database, no clock — the caller reads the rows and passes `now`. Three concerns, one file each: the tally
// (tally.ts), each given dose's window (windows.ts) and the comparison with the engine and the order
// (comparison.ts); this module composes them. Every schedule judgement is the engine's (lib/rules). The report
// stores facts — codes and numbers — and lib/views/count-report.ts writes the sentences when it is shown. The
// report's types are in types.ts (lib/views re-exports them for the components).
// See docs/decisions/030-pharmacist-verification.md and 038-count-report-facts.md.
import type { CourseRecord } from "@/lib/domain/records";
import { computeDose, getRuleSet } from "@/lib/rules";
import type { EngineDoseEvent } from "@/lib/domain/engine-request";
import { dosePreparation } from "@/lib/domain/dose-preparation";
import { doseNumbersOf } from "@/lib/domain/dose-schedule";
import { centiKg, tallyEvents } from "@/lib/domain/count-report/tally";
import { checkDoseWindow, intervalFlagsFor } from "@/lib/domain/count-report/windows";
import { checkDoseIu, compareWithEngine } from "@/lib/domain/count-report/comparison";
import { COUNT_REPORT_VERSION, type CountReport, type Discrepancy, type ReportedEvent } from "@/lib/domain/count-report/types";

export {
  COUNT_KEYS, COUNT_REPORT_VERSION, type CountComparison, type CountComparisonV2, type CountKey, type CountReport, type CountReportV1,
  type CountReportV2, type CountReportV3, type CourseTally, type CycleTally, type Discrepancy, type DiscrepancyKind, type DiscrepancyV2, type ExcludedEvent,
  type ReportedEvent, type ReportedEventV2, type ReportedEventV3, type StoredCountReport, type WindowCheck, type WindowCheckV2,
} from "@/lib/domain/count-report/types";
export { readStoredCountReport } from "@/lib/domain/count-report/stored";
export { countVerificationDue, type CountVerificationDue } from "@/lib/domain/count-report/due";

/**
 * Counts given / held / remaining per cycle and course from the active rows, and checks them against the engine:
 * the engine's own counts at `now` (no assessment), each given dose's window (the engine asked at the dose's own
 * time with only the earlier active events) and each given dose's IU against computeDose. Entered-in-error rows
 * are listed but never counted.
 */
export function buildCountReport(args: { course: CourseRecord; events: readonly EngineDoseEvent[]; now: Date }): CountReport {
  const { course, now } = args;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  const weightCentiKg = centiKg(course.dosingWeightKg);
  const expectedDoseIu = computeDose(weightCentiKg / 100, course.doseIuPerKg, ruleSet?.arithmetic).doseIu;

  const tally = tallyEvents({
    events: args.events,
    cycleCount: ruleSet?.schedule.cycles.length ?? 1,
    maxPerCycle: ruleSet?.schedule.maxGivenPerCycle.value ?? null,
    maxPerCourse: ruleSet?.schedule.maxGivenPerCourse.value ?? null,
    weightCentiKg,
  });

  // Per given dose, in time order: its IU against the order, then its window.
  const discrepancies: Discrepancy[] = [];
  const activeEvents = tally.active.map((t) => t.event);
  const doseOf = doseNumbersOf(activeEvents);
  const events: ReportedEvent[] = tally.active.map(({ event: e, givenNumber, givenNumberInCycle, intervalMinutes }, i) => {
    const row: ReportedEvent = {
      id: e.id,
      sequence: e.sequence,
      kind: e.kind,
      cycle: e.cycle,
      occurredAt: e.occurredAt.toISOString(),
      doseIu: e.doseIu,
      criteria: e.criteria,
      givenNumber,
      givenNumberInCycle,
      intervalMinutes,
      window: null,
      doseIuMatches: null,
      forDose: doseOf.get(e.id) ?? null,
    };
    if (e.kind !== "given" || givenNumber === null) return row;
    const iu = checkDoseIu({ sequence: e.sequence, givenNumber, doseIu: e.doseIu }, expectedDoseIu);
    row.doseIuMatches = iu.matches;
    if (iu.discrepancy) discrepancies.push(iu.discrepancy);
    const w = checkDoseWindow({ course, earlier: activeEvents.slice(0, i), dose: { sequence: e.sequence, givenNumber, cycle: e.cycle, occurredAt: e.occurredAt } });
    row.window = w.window;
    if (w.discrepancy) discrepancies.push(w.discrepancy);
    return row;
  });

  const compared = compareWithEngine({ course, events: args.events, now, tally });
  discrepancies.push(...compared.discrepancies);

  const intervalFlags = intervalFlagsFor(
    course.protocol,
    events.flatMap((e) => (e.kind === "given" && e.givenNumber !== null ? [{ sequence: e.sequence, givenNumber: e.givenNumber, occurredAt: e.occurredAt }] : [])),
  );

  const checks = {
    counts: compared.engine.ok && compared.comparisons.every((x) => x.matches),
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
    lastEventSequence: tally.lastEventSequence,
    enteredInErrorCount: tally.excluded.length,
    cycles: tally.cycles,
    course: tally.course,
    events,
    excluded: tally.excluded,
    engine: compared.engine,
    comparisons: compared.comparisons,
    checks,
    discrepancies,
    countsMatch: discrepancies.length === 0,
    dose: ruleSet ? dosePreparation(weightCentiKg / 100, course.doseIuPerKg, ruleSet) : null,
    intervalFlags,
  };
}
