// The pharmacist's dose-count report as shown. The report's types are the domain's (lib/domain/count-report/types.ts,
// re-exported here for the components); this file writes the sentences. From version 3 the report stores facts —
// codes and numbers — and the sentences below are written from them when it is shown; versions 1 and 2 stored
// sentences, which are shown as written. Pure. See docs/decisions/038-count-report-facts.md.
import type { Issue } from "@/lib/rules";
import { outsideWindowReasonText } from "@/lib/domain/vocabulary";
import { formatIu } from "@/lib/format";
import { attemptsSummary } from "@/lib/domain/dose-schedule";
import type {
  CountComparison, CountComparisonV2, CountKey, Discrepancy, DiscrepancyV2, ReportedEvent, StoredCountReport, WindowCheck, WindowCheckV2,
} from "@/lib/domain/count-report/types";

export {
  COUNT_KEYS, COUNT_REPORT_VERSION, type CountComparison, type CountComparisonV2, type CountKey, type CountReport, type CountReportV1,
  type CountReportV2, type CountReportV3, type CourseTally, type CycleTally, type Discrepancy, type DiscrepancyKind, type DiscrepancyV2, type ExcludedEvent,
  type ReportedEvent, type ReportedEventV2, type ReportedEventV3, type StoredCountReport, type WindowCheck, type WindowCheckV2,
} from "@/lib/domain/count-report/types";

// ---- The sentences, written from the facts when a version-3 report is shown. Pure.

/** An outside-window verdict in words: the stored text (versions 1, 2), else the words for the engine's reason. */
export function outsideWindowText(w: Extract<WindowCheck | WindowCheckV2, { inside: false }>): string {
  if ("text" in w) return w.text;
  return w.reason === null ? "outside the schedule" : outsideWindowReasonText(w.reason);
}

const COUNT_LABEL: Record<CountKey, (cycle: number | null) => string> = {
  givenInCourse: () => "Doses given in the course",
  heldInCourse: () => "Doses held in the course",
  remainingInCourse: () => "Doses remaining in the course",
  cumulativeIu: () => "Cumulative dose in the course (IU)",
  givenInCycle: (c) => `Doses given in cycle ${c ?? "?"}`,
  heldInCycle: (c) => `Doses held in cycle ${c ?? "?"}`,
  remainingInCycle: (c) => `Doses remaining in cycle ${c ?? "?"}`,
  cumulativeIuInCycle: (c) => `Cumulative dose in cycle ${c ?? "?"} (IU)`,
};

/** "Doses given in cycle 2": a compared count in words. */
export function countLabel(key: CountKey, cycle: number | null): string {
  return COUNT_LABEL[key](cycle);
}

/** A comparison's label: the stored one (versions 1, 2), else written from its key and cycle. */
export function comparisonLabel(c: CountComparison | CountComparisonV2): string {
  return "label" in c ? c.label : countLabel(c.key, c.cycle);
}

/** The engine's refusal, each issue as "path: message". */
export function issuesText(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join("; ");
}

/** A version-3 discrepancy in words (the sentences versions 1 and 2 stored). */
export function describeDiscrepancy(d: Discrepancy): string {
  switch (d.kind) {
    case "dose-iu": {
      const label = `Dose ${d.givenNumber} (event ${d.sequence})`;
      return d.recordedIu === null
        ? `${label} has no IU amount recorded; the order computes ${formatIu(d.expectedIu)}.`
        : `${label}: ${formatIu(d.recordedIu)} recorded; the order computes ${formatIu(d.expectedIu)}.`;
    }
    case "window":
      return `Dose ${d.givenNumber} (event ${d.sequence}) was given outside its window: ${outsideWindowText({ inside: false, engineDecision: d.engineDecision, reason: d.reason, earliestAt: null })}.`;
    case "cycle":
      return `Dose ${d.givenNumber} (event ${d.sequence}) is recorded in cycle ${d.recordedCycle}; the engine places it in cycle ${d.engineCycle}.`;
    case "counts":
      return `${countLabel(d.key, d.cycle)}: ${d.recorded ?? "unknown"} recorded, ${d.engine ?? "none"} derived by the engine.`;
    case "engine":
      return d.check === "window"
        ? `Dose ${d.givenNumber} (event ${d.sequence}): the engine could not check its window (${issuesText(d.issues)}).`
        : `The engine could not derive counts from these events (${issuesText(d.issues)}).`;
  }
}

/** A stored discrepancy in words: the stored sentence (versions 1, 2), else described from its facts. */
export function discrepancyText(d: Discrepancy | DiscrepancyV2): string {
  return "message" in d ? d.message : describeDiscrepancy(d);
}

/** "dose 2" (one cycle) or "cycle 2, dose 1" (monotherapy's second cycle and after). */
export function doseLabel(forDose: { cycle: number; number: number }, cycles: number): string {
  return cycles > 1 ? `cycle ${forDose.cycle}, dose ${forDose.number}` : `dose ${forDose.number}`;
}

/**
 * The events in force grouped by the dose they belong to (version 4 on), in words: "Dose 2: held twice, then
 * given". Null for a stored report of an earlier version, which does not say which dose a held event belongs to.
 */
export function doseGroupsText(report: StoredCountReport): string[] | null {
  if (report.reportVersion !== 4) return null;
  const events: ReportedEvent[] = report.events;
  const cycles = new Set([...report.cycles.map((c) => c.cycle), ...events.map((e) => e.forDose?.cycle ?? e.cycle)]).size;
  const groups = new Map<string, { forDose: { cycle: number; number: number }; kinds: ReportedEvent["kind"][] }>();
  for (const e of events) {
    if (!e.forDose) continue;
    const key = `${e.forDose.cycle}:${e.forDose.number}`;
    const g = groups.get(key) ?? { forDose: e.forDose, kinds: [] };
    g.kinds.push(e.kind);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const label = doseLabel(g.forDose, cycles);
    return `${label[0]!.toUpperCase()}${label.slice(1)}: ${attemptsSummary({ attempts: g.kinds.map((kind) => ({ kind })) })}`;
  });
}
