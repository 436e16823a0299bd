// The count report's comparison: the recorded counts against the engine's, and each given dose's IU against the
// order's computeDose. Pure: no I/O, no clock — `now` is the caller's. Every result is a fact (codes and numbers);
// the sentences are written when the report is shown (lib/views/count-report.ts).
import type { CourseRecord } from "@/lib/domain/records";
import { evaluateDose } from "@/lib/rules";
import { engineRequest, type EngineDoseEvent } from "@/lib/domain/engine-request";
import type { CountComparison, CountKey, CountReport, CourseTally, CycleTally, Discrepancy } from "@/lib/domain/count-report/types";

/** A given dose's IU against the order's: equal only when recorded and exactly the same whole IU. */
export function checkDoseIu(dose: { sequence: number; givenNumber: number; doseIu: number | null }, expectedIu: number): { matches: boolean; discrepancy: Discrepancy | null } {
  const matches = dose.doseIu === expectedIu;
  return {
    matches,
    discrepancy: matches ? null : { kind: "dose-iu", sequence: dose.sequence, givenNumber: dose.givenNumber, expectedIu, recordedIu: dose.doseIu },
  };
}

/**
 * The engine's counts at `now` on every event (it ignores entered-in-error ones), without an assessment, compared
 * with the recorded tally: for the course (given, held, remaining, cumulative IU) and for the engine's current cycle
 * (the same four). A count matches only when it is known and equal. When the engine refuses the events, the
 * course's given, held and cumulative IU are listed against nothing, and the refusal is the discrepancy.
 */
export function compareWithEngine(args: {
  course: CourseRecord;
  events: readonly EngineDoseEvent[];
  now: Date;
  tally: { course: CourseTally; cycles: readonly CycleTally[] };
}): { engine: CountReport["engine"]; comparisons: CountComparison[]; discrepancies: Discrepancy[] } {
  const { course: recorded, cycles } = args.tally;
  const derived = evaluateDose(engineRequest({ now: args.now, course: args.course, events: args.events }));
  const comparisons: CountComparison[] = [];
  const compare = (key: CountKey, cycle: number | null, rec: number | null, engine: number | null) =>
    comparisons.push({ key, cycle, recorded: rec, engine, matches: rec !== null && rec === engine });

  if (!derived.ok) {
    compare("givenInCourse", null, recorded.given, null);
    compare("heldInCourse", null, recorded.held, null);
    compare("cumulativeIu", null, recorded.cumulativeIu, null);
    return { engine: { ok: false, issues: derived.issues }, comparisons, discrepancies: [{ kind: "engine", check: "counts", sequence: null, issues: derived.issues }] };
  }
  const c = derived.result.counts;
  compare("givenInCourse", null, recorded.given, c.givenInCourse);
  compare("heldInCourse", null, recorded.held, c.heldInCourse);
  compare("remainingInCourse", null, recorded.remaining, c.remainingInCourse);
  compare("cumulativeIu", null, recorded.cumulativeIu, c.cumulativeIu);
  const rc = cycles.find((x) => x.cycle === c.cycle);
  compare("givenInCycle", c.cycle, rc?.given ?? 0, c.givenInCycle);
  compare("heldInCycle", c.cycle, rc?.held ?? 0, c.heldInCycle);
  compare("remainingInCycle", c.cycle, rc?.remaining ?? null, c.remainingInCycle);
  compare("cumulativeIuInCycle", c.cycle, rc?.cumulativeIu ?? 0, c.cumulativeIuInCycle);
  const discrepancies: Discrepancy[] = comparisons
    .filter((x) => !x.matches)
    .map((x) => ({ kind: "counts", sequence: null, key: x.key, cycle: x.cycle, recorded: x.recorded, engine: x.engine }));
  return { engine: { ok: true, decision: derived.result.decision, reason: derived.result.reason, counts: c }, comparisons, discrepancies };
}
