// Invariants of the engine, checked with fast-check: same input → same output; the order of events does not
// matter; a worse value never moves the decision toward give; missing data never gives.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  DoseDecisionSchema, MENTAL_STATUSES, OXYGEN_DEVICES, evaluateDose, type Assessment, type DoseEvent, type DoseRequest,
  type PermanentEvent,
} from "@/lib/rules";
import { H, NOW, RANK, WELL, at, decide, monoRequest, tilRequest } from "./fixtures";

const RUNS = { numRuns: 300 };
const dec = (lo: number, hi: number, places = 2) =>
  fc.integer({ min: Math.round(lo * 10 ** places), max: Math.round(hi * 10 ** places) }).map((n) => n / 10 ** places);

/** Assessments around every threshold of both rule sets. */
const assessmentArb: fc.Arbitrary<Assessment> = fc.record({
  sbpMmHg: dec(70, 130, 0),
  heartRateBpm: dec(80, 140, 0),
  rhythm: fc.constantFrom("sinus", "sinus", "sinus", "atrial-fibrillation", "svt", "bradycardia-needing-treatment", "ventricular-ectopy"),
  spo2Pct: dec(85, 100, 0),
  oxygenDevice: fc.constantFrom(...OXYGEN_DEVICES),
  oxygenLpm: dec(0, 6, 1),
  urineOutputMl: dec(40, 600, 1),
  urineOutputHours: fc.constantFrom(4, 6, 8, 12),
  weightKg: dec(75, 95, 2),
  mentalStatus: fc.constantFrom(...MENTAL_STATUSES),
  phenylephrineMcgKgMin: fc.oneof(fc.constant(0), dec(0, 1.2, 2)),
  phenylephrinePeakMcgKgMin: fc.oneof(fc.constant(0), dec(0, 2, 2)),
  otherVasopressor: fc.boolean(),
  fluidRefractoryHypotension: fc.boolean(),
  creatinineMgDl: dec(0.5, 3.5, 2),
  plateletsPerUl: fc.integer({ min: 20_000, max: 200_000 }),
  bilirubinMgDl: dec(0.2, 9, 1),
  bicarbonateMmolL: dec(15, 28, 0),
  temperatureC: dec(36, 40, 1),
  infection: fc.constantFrom("none", "none", "suspected", "documented"),
  giBleeding: fc.constantFrom("none", "none", "occult", "frank"),
  permanentEvents: fc.constantFrom<PermanentEvent[][]>([], [], [], ["ischemia"]),
}).map((a): Assessment => ({ ...a, at: NOW, labsAt: NOW }));

const protocolArb = fc.constantFrom(tilRequest, monoRequest);
const requestArb = fc.tuple(protocolArb, assessmentArb, fc.option(dec(85, 100, 0), { nil: undefined }))
  .map(([make, a, target]) => make({ assessment: a, course: { targetSbpMmHg: target } }));

/** One assessment value made worse (by clinical reading), or null if it cannot get worse. */
type Worsen = (a: Assessment) => Partial<Assessment> | null;
const DEVICE_ORDER = OXYGEN_DEVICES;
const WORSEN: Record<string, fc.Arbitrary<Worsen>> = {
  sbpLower: dec(0.01, 40).map((d) => (a) => ({ sbpMmHg: Math.max(0, (a.sbpMmHg ?? 0) - d) })),
  hrHigher: dec(0.01, 40).map((d) => (a) => ({ heartRateBpm: (a.heartRateBpm ?? 0) + d })),
  spo2Lower: dec(0.01, 10).map((d) => (a) => ({ spo2Pct: Math.max(0, (a.spo2Pct ?? 0) - d) })),
  urineLower: dec(0.1, 300, 1).map((d) => (a) => ({ urineOutputMl: Math.max(0, Math.round(((a.urineOutputMl ?? 0) - d) * 10) / 10) })),
  urineOverLongerHours: fc.constantFrom(1, 2, 4).map((d) => (a) => ({ urineOutputHours: Math.min(24, (a.urineOutputHours ?? 8) + d) })),
  weightHigher: dec(0.01, 10).map((d) => (a) => ({ weightKg: Math.round(((a.weightKg ?? 0) + d) * 100) / 100 })),
  creatinineHigher: dec(0.01, 2).map((d) => (a) => ({ creatinineMgDl: Math.round(((a.creatinineMgDl ?? 0) + d) * 100) / 100 })),
  plateletsLower: fc.integer({ min: 1, max: 40_000 }).map((d) => (a) => ({ plateletsPerUl: Math.max(0, (a.plateletsPerUl ?? 0) - d) })),
  bilirubinHigher: dec(0.1, 5, 1).map((d) => (a) => ({ bilirubinMgDl: Math.round(((a.bilirubinMgDl ?? 0) + d) * 10) / 10 })),
  bicarbonateLower: dec(1, 8, 0).map((d) => (a) => ({ bicarbonateMmolL: Math.max(0, (a.bicarbonateMmolL ?? 0) - d) })),
  phenylephrineHigher: dec(0.01, 1).map((d) => (a) => ({ phenylephrineMcgKgMin: Math.round(((a.phenylephrineMcgKgMin ?? 0) + d) * 100) / 100 })),
  peakHigher: dec(0.01, 1).map((d) => (a) => ({ phenylephrinePeakMcgKgMin: Math.round(((a.phenylephrinePeakMcgKgMin ?? 0) + d) * 100) / 100 })),
  oxygenFlowHigher: dec(0.1, 4, 1).map((d) => (a) => ({ oxygenLpm: Math.round(((a.oxygenLpm ?? 0) + d) * 10) / 10 })),
  oxygenDeviceUp: fc.integer({ min: 1, max: 5 }).map((k) => (a) => {
    const i = DEVICE_ORDER.indexOf(a.oxygenDevice ?? "room-air");
    const next = DEVICE_ORDER[Math.min(DEVICE_ORDER.length - 1, i + k)];
    return next === undefined ? null : { oxygenDevice: next };
  }),
  mentalWorse: fc.integer({ min: 1, max: 4 }).map((k) => (a) => {
    const i = MENTAL_STATUSES.indexOf(a.mentalStatus ?? "normal");
    const next = MENTAL_STATUSES[Math.min(MENTAL_STATUSES.length - 1, i + k)];
    return next === undefined ? null : { mentalStatus: next };
  }),
  rhythmWorse: fc.constant((a) => (a.rhythm === "sinus" ? { rhythm: "svt" } : a.rhythm === "ventricular-ectopy" ? null : { rhythm: "ventricular-ectopy" })),
  otherVasopressorOn: fc.constant(() => ({ otherVasopressor: true })),
  refractoryHypotension: fc.constant(() => ({ fluidRefractoryHypotension: true })),
  infectionWorse: fc.constant((a) => (a.infection === "none" ? { infection: "suspected" } : { infection: "documented" })),
  giWorse: fc.constant((a) => (a.giBleeding === "none" ? { giBleeding: "occult" } : { giBleeding: "frank" })),
  permanentEvent: fc.constant(() => ({ permanentEvents: ["tamponade"] })),
};

const REQUIRED_TIL = ["at", "sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "oxygenDevice", "oxygenLpm", "urineOutputMl",
  "urineOutputHours", "weightKg", "mentalStatus", "phenylephrineMcgKgMin", "otherVasopressor", "creatinineMgDl", "labsAt"] as const;

describe("engine invariants", () => {
  test("deterministic: the same request (and a deep copy of it) gives the same answer, and the answer fits the schema", () => {
    fc.assert(fc.property(requestArb, (req) => {
      const a = evaluateDose(req);
      const b = evaluateDose(structuredClone(req));
      expect(b).toEqual(a);
      expect(a.ok && DoseDecisionSchema.safeParse(a.result).success).toBe(true);
    }), RUNS);
  });

  test("the request is not mutated", () => {
    fc.assert(fc.property(requestArb, (req) => {
      const before = structuredClone(req);
      evaluateDose(req);
      expect(req).toEqual(before);
    }), { numRuns: 50 });
  });

  const eventsArb = fc.array(
    fc.record({
      offsetH: fc.integer({ min: 0, max: 110 }),
      kind: fc.constantFrom("given", "given", "given", "held", "stopped", "discontinued"),
    }),
    { maxLength: 10 },
  );
  test("the order of events does not matter (TIL and monotherapy)", () => {
    fc.assert(fc.property(protocolArb, eventsArb, fc.integer({ min: 0, max: 140 }), fc.nat(), (make, raw, nowH, seed) => {
      const base = "2026-03-01T14:00:00Z";
      const now = at(base, (Math.max(...raw.map((e) => e.offsetH), 0) + (nowH % 30)) * H);
      const events: DoseEvent[] = raw.map((e) => ({
        at: at(base, e.offsetH * H), kind: e.kind, cycle: 1, ...(e.kind === "given" ? { doseIu: 48_000_000 } : {}),
      }));
      const shuffled = [...events];
      let s = seed;
      for (let i = shuffled.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as DoseEvent, shuffled[i] as DoseEvent];
      }
      const req = (evs: DoseEvent[]) => make({ now, events: evs, assessment: { at: now, labsAt: now } });
      expect(evaluateDose(req(shuffled))).toEqual(evaluateDose(req(events)));
      expect(evaluateDose(req([...events].reverse()))).toEqual(evaluateDose(req(events)));
    }), RUNS);
  });

  test("worsening any single assessment value never moves the decision toward give", () => {
    const worsenArb = fc.constantFrom(...Object.keys(WORSEN)).chain((k) => (WORSEN[k] as fc.Arbitrary<Worsen>).map((w) => [k, w] as const));
    fc.assert(fc.property(requestArb, worsenArb, (req, [name, worsen]) => {
      const a = req.assessment as Assessment;
      const patch = worsen(a);
      fc.pre(patch !== null);
      const worse: DoseRequest = { ...req, assessment: { ...a, ...patch } };
      const before = decide(req), after = decide(worse);
      const rb = RANK[before.decision], ra = RANK[after.decision];
      expect(rb).toBeDefined();
      expect(ra, `${name}: ${before.decision} → ${after.decision} with ${JSON.stringify(patch)}`).toBeGreaterThanOrEqual(rb ?? 0);
    }), { numRuns: 2000 });
  });

  test("removing any required field never yields give", () => {
    fc.assert(fc.property(requestArb, fc.constantFrom(...REQUIRED_TIL, "plateletsPerUl" as const), fc.boolean(), (req, field, asNull) => {
      const a = { ...(req.assessment as Assessment) } as Record<string, unknown>;
      if (asNull) a[field] = null;
      else delete a[field];
      const d = decide({ ...req, assessment: a as Assessment });
      if (field === "plateletsPerUl" && req.protocol === "til-adjunct") return; // not required after TIL
      expect(d.decision).toBe("incomplete");
      expect(d.missing).toContain(field);
    }), RUNS);
  });

  test("stale data never yields give", () => {
    fc.assert(fc.property(protocolArb, fc.integer({ min: 1, max: 600 }), fc.boolean(), (make, extraMin, labs) => {
      const req = make();
      const limitMin = req.protocol === "til-adjunct" ? (labs ? 720 : 180) : (labs ? 1440 : 240);
      const old = at(NOW, -(limitMin + extraMin) * 60_000);
      const d = decide(make({ assessment: labs ? { labsAt: old } : { at: old } }));
      expect(d.decision).toBe("incomplete");
      expect(d.stale).toEqual([labs ? "labsAt" : "at"]);
    }), RUNS);
  });

  test("a well patient in an open window is given the dose", () => {
    expect(decide(tilRequest({ assessment: WELL })).decision).toBe("give");
    expect(decide(monoRequest({ assessment: WELL })).decision).toBe("give");
  });
});
