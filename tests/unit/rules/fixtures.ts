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

const given = (iso: string, cycle?: 1 | 2): DoseEvent => ({ at: iso, kind: "given", ...(cycle === undefined ? {} : { cycle }), doseIu: 48_000_000 });

export type Version = "1.0.0" | "1.1.0";
export const VERSIONS: readonly Version[] = ["1.0.0", "1.1.0"];

export interface Over {
  assessment?: Partial<Assessment>;
  course?: Partial<DoseRequest["course"]>;
  events?: DoseEvent[];
  now?: string;
  /** Pin a rule-set version (the request's `ruleSet`); absent = the default (latest). */
  version?: Version;
}

/**
 * TIL: cells ended 2026-03-01 10:00, doses given 14:00 and 22:00; at 06:00 the 3rd dose is open. Under 1.1.0 (the
 * default) the course carries the required SBP target, 90 mmHg; under 1.0.0 it carries none (default 90).
 */
export function tilRequest(over: Over = {}): DoseRequest {
  return {
    now: over.now ?? NOW,
    protocol: "til-adjunct",
    ...(over.version === undefined ? {} : { ruleSet: { id: "til-2024", version: over.version } }),
    course: {
      dosingWeightKg: 80, baselineWeightKg: 80, tilInfusionEndAt: "2026-03-01T10:00:00Z",
      ...(over.version === "1.0.0" ? {} : { targetSbpMmHg: 90 }), ...over.course,
    },
    events: over.events ?? [given("2026-03-01T14:00:00Z"), given("2026-03-01T22:00:00Z")],
    assessment: { ...WELL, ...over.assessment },
  };
}

/** Monotherapy: cycle 1 started 2026-03-01 14:00, doses given 14:00 and 22:00; at 06:00 the 3rd dose is open. */
export function monoRequest(over: Over = {}): DoseRequest {
  return {
    now: over.now ?? NOW,
    protocol: "monotherapy",
    ...(over.version === undefined ? {} : { ruleSet: { id: "mono-2014", version: over.version } }),
    course: { dosingWeightKg: 80, baselineWeightKg: 80, startAt: "2026-03-01T14:00:00Z", ...over.course },
    events: over.events ?? [given("2026-03-01T14:00:00Z"), given("2026-03-01T22:00:00Z")],
    assessment: { ...WELL, ...over.assessment },
  };
}

export { given };

export function held(iso: string, cycle?: 1 | 2, criteria: string[] = ["sbp-low"], extra: Partial<DoseEvent> = {}): DoseEvent {
  return { at: iso, kind: "held", ...(cycle === undefined ? {} : { cycle }), criteria, ...extra };
}

/** Evaluates and returns the issues' paths, failing the test on a valid request. */
export function invalidPaths(request: unknown): string[] {
  const r = evaluateDose(request);
  if (r.ok) throw new Error(`expected an invalid request, got ${r.result.decision}`);
  return r.issues.map((i) => i.path);
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
