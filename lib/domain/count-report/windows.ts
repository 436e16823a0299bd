// The count report's windows: each given dose's window as the engine answered at the dose's own time, and the TIL
// long-interval flags. Pure: no I/O, no clock — every time is the dose's own. Nothing about the schedule is
// re-decided here: the 8 h interval, its tolerance, the start windows, the maxima and the stop rules are the
// engine's, from the course's own rule set version (docs/decisions/030-pharmacist-verification.md).
import type { CourseRecord } from "@/lib/domain/records";
import { evaluateDose } from "@/lib/rules";
import { engineRequest, type EngineDoseEvent } from "@/lib/domain/engine-request";
import { longTilIntervals, type GivenDoseTime, type LongIntervalFlag } from "@/lib/domain/til-interval";
import type { Discrepancy, WindowCheck } from "@/lib/domain/count-report/types";

/** A given dose as the window check needs it. */
export interface GivenDoseRef {
  sequence: number;
  givenNumber: number;
  /** the cycle the dose was recorded in */
  cycle: number;
  occurredAt: Date;
}

/**
 * The engine at the dose's own time, on only the earlier active events (earlier time; at the same time, a lower
 * sequence), with no assessment: `wait` or `complete` means the schedule did not allow a dose then; anything else
 * (`incomplete`, for want of an assessment) means the window was open. A dose inside its window but in another
 * cycle than the engine places it is a `cycle` discrepancy; a refusal by the engine is an `engine` one.
 */
export function checkDoseWindow(args: {
  course: CourseRecord;
  earlier: readonly EngineDoseEvent[];
  dose: GivenDoseRef;
}): { window: WindowCheck; discrepancy: Discrepancy | null } {
  const { course, dose } = args;
  const outcome = evaluateDose(engineRequest({ now: dose.occurredAt, course, events: args.earlier }));
  const at = { sequence: dose.sequence, givenNumber: dose.givenNumber };
  if (!outcome.ok) {
    return { window: { inside: null, issues: outcome.issues }, discrepancy: { kind: "engine", check: "window", ...at, issues: outcome.issues } };
  }
  const r = outcome.result;
  if (r.decision === "wait" || r.decision === "complete") {
    return {
      window: { inside: false, engineDecision: r.decision, reason: r.reason, earliestAt: r.decision === "wait" ? r.window.earliestAt : null },
      discrepancy: { kind: "window", ...at, engineDecision: r.decision, reason: r.reason },
    };
  }
  const engineCycle = r.dose?.cycle ?? null;
  return {
    window: { inside: true, engineDecision: r.decision, engineCycle },
    discrepancy: engineCycle !== null && engineCycle !== dose.cycle ? { kind: "cycle", ...at, recordedCycle: dose.cycle, engineCycle } : null,
  };
}

/**
 * TIL courses: every pair of consecutive given doses more than 12 h apart (lib/domain/til-interval.ts, PI-A
 * "every 8–12 h"). A flag, not a discrepancy. Monotherapy courses are not flagged.
 */
export function intervalFlagsFor(protocol: CourseRecord["protocol"], given: readonly GivenDoseTime[]): LongIntervalFlag[] {
  return protocol === "til_adjunct" ? longTilIntervals(given) : [];
}
