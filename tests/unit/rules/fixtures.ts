// Shared requests for the engine's unit tests. One fixed `now`; times are written out, never read from a clock.
import { evaluateDose, type Assessment, type DoseDecision, type DoseEvent, type DoseRequest } from "@/lib/rules";

export const NOW = "2026-03-02T06:00:00Z";
export const H = 3_600_000;
export const MIN = 60_000;

/** ISO time `ms` after (or before, negative) `base`. */
export function at(base: string, ms: number): string {
  return new Date(Date.parse(base) + ms).toISOString();
}

/** Every parameter well inside every limit of both rule sets. */
export const WELL: Readonly<Assessment> = Object.freeze({
  at: NOW,
  sbpMmHg: 110, heartRateBpm: 100, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0,
  urineOutputMl: 400, urineOutputHours: 8, weightKg: 81, mentalStatus: "normal",
  phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
  creatinineMgDl: 1.0, labsAt: NOW, plateletsPerUl: 150_000, bilirubinMgDl: 0.8, bicarbonateMmolL: 24, temperatureC: 37.8,
  infection: "none", giBleeding: "none", permanentEvents: [],
});

const given = (iso: string, cycle: 1 | 2 = 1): DoseEvent => ({ at: iso, kind: "given", cycle, doseIu: 48_000_000 });

/** TIL: cells ended 2026-03-01 10:00, doses given 14:00 and 22:00; at 06:00 the 3rd dose is open. */
export function tilRequest(over: { assessment?: Partial<Assessment>; course?: Partial<DoseRequest["course"]>; events?: DoseEvent[]; now?: string } = {}): DoseRequest {
  return {
    now: over.now ?? NOW,
    protocol: "til-adjunct",
    course: { dosingWeightKg: 80, baselineWeightKg: 80, tilInfusionEndAt: "2026-03-01T10:00:00Z", ...over.course },
    events: over.events ?? [given("2026-03-01T14:00:00Z"), given("2026-03-01T22:00:00Z")],
    assessment: { ...WELL, ...over.assessment },
  };
}

/** Monotherapy: cycle 1 started 2026-03-01 14:00, doses given 14:00 and 22:00; at 06:00 the 3rd dose is open. */
export function monoRequest(over: { assessment?: Partial<Assessment>; course?: Partial<DoseRequest["course"]>; events?: DoseEvent[]; now?: string } = {}): DoseRequest {
  return {
    now: over.now ?? NOW,
    protocol: "monotherapy",
    course: { dosingWeightKg: 80, baselineWeightKg: 80, startAt: "2026-03-01T14:00:00Z", ...over.course },
    events: over.events ?? [given("2026-03-01T14:00:00Z"), given("2026-03-01T22:00:00Z")],
    assessment: { ...WELL, ...over.assessment },
  };
}

export { given };

export function held(iso: string, cycle: 1 | 2 = 1, criteria: string[] = ["sbp-low"]): DoseEvent {
  return { at: iso, kind: "held", cycle, criteria };
}

/** Evaluates and fails the test on an invalid request. */
export function decide(request: unknown): DoseDecision {
  const r = evaluateDose(request);
  if (!r.ok) throw new Error(`invalid request: ${JSON.stringify(r.issues)}`);
  return r.result;
}

export function findingMap(d: { findings: { criterion: string; tier: string }[] }): Record<string, string> {
  return Object.fromEntries(d.findings.map((f) => [f.criterion, f.tier]));
}

export const RANK: Readonly<Record<string, number>> = { give: 0, hold: 1, stop: 2, discontinue: 3 };
