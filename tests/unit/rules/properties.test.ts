// Invariants of the engine, checked with fast-check (fixed seed) for EVERY rule-set version: same input → same
// output; the order of events does not matter; a worse value never moves the decision toward give; a stop-tier value
// is never hidden by the schedule or by gaps in the data; an older observation never moves the decision toward give;
// missing data never gives.
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  DoseDecisionSchema, MENTAL_STATUSES, OXYGEN_DEVICES, RULE_SET_VERSIONS, evaluateDose, getRuleSet, type Assessment, type DoseEvent,
  type DoseRequest, type PermanentEvent,
} from "@/lib/rules";
import { H, MIN, NOW, VERSIONS, WELL, at, decide, given, held, monoRequest, tilRequest, type Version } from "./fixtures";

const SEED = 20_260_302;
const RUNS = { numRuns: 300, seed: SEED };
const dec = (lo: number, hi: number, places = 2) =>
  fc.integer({ min: Math.round(lo * 10 ** places), max: Math.round(hi * 10 ** places) }).map((n) => n / 10 ** places);

/** Assessments around every threshold of every rule set (room air never carries a flow: that is invalid). */
const assessmentArb: fc.Arbitrary<Assessment> = fc.record({
  sbpMmHg: dec(70, 130, 0),
  heartRateBpm: dec(40, 140, 0),
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
  plateletsPerUl: fc.integer({ min: 10_000, max: 200_000 }),
  bilirubinMgDl: dec(0.2, 9, 1),
  bicarbonateMmolL: dec(15, 28, 0),
  temperatureC: dec(36, 40, 1),
  infection: fc.constantFrom("none", "none", "suspected", "documented"),
  giBleeding: fc.constantFrom("none", "none", "occult", "frank"),
  permanentEvents: fc.constantFrom<PermanentEvent[][]>([], [], [], ["ischemia"]),
}).map((a): Assessment => ({ ...a, oxygenLpm: a.oxygenDevice === "room-air" ? 0 : a.oxygenLpm, at: NOW, labsAt: NOW }));

const makeArb = fc.constantFrom(tilRequest, monoRequest);
const versionArb = fc.constantFrom<Version>(...VERSIONS);
const requestArb = fc.tuple(makeArb, assessmentArb, dec(90, 110, 0), versionArb)
  .map(([make, a, target, version]) => make({ assessment: a, course: { targetSbpMmHg: target }, version }));

/** Decisions ordered by how far they are from giving a dose. */
const RANK: Readonly<Record<string, number>> = { give: 0, hold: 1, incomplete: 1, stop: 2, discontinue: 3 };

/** True when `after` gives a dose, or holds, where `before` did not: "toward give". */
function towardGive(before: string, after: string): boolean {
  if (after === "give") return before !== "give";
  if (after === "hold") return before !== "give" && before !== "hold";
  return false;
}

/** One assessment value made worse (by clinical reading), or null if it cannot get worse this way. */
type Worsen = (a: Assessment) => Partial<Assessment> | null;
const DEVICE_ORDER = OXYGEN_DEVICES;
const WORSEN: Record<string, fc.Arbitrary<Worsen>> = {
  sbpLower: dec(0.01, 40).map((d) => (a) => ({ sbpMmHg: Math.max(40, (a.sbpMmHg ?? 0) - d) })),
  // Heart rate is worse both ways: up from 50 (tachycardia), down from 120 (bradycardia).
  hrHigher: dec(0.01, 40).map((d) => (a) => ((a.heartRateBpm ?? 0) < 50 ? null : { heartRateBpm: (a.heartRateBpm ?? 0) + d })),
  hrLower: dec(0.01, 40).map((d) => (a) => ((a.heartRateBpm ?? 0) > 120 ? null : { heartRateBpm: Math.max(20, (a.heartRateBpm ?? 0) - d) })),
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
  oxygenFlowHigher: dec(0.1, 4, 1).map((d) => (a) => (a.oxygenDevice === "room-air" ? null : { oxygenLpm: Math.round(((a.oxygenLpm ?? 0) + d) * 10) / 10 })),
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

/** Stop-tier (or discontinue-tier) values of a rule set: the request's protocol decides which apply. */
const STOP_VALUES: Record<"til-adjunct" | "monotherapy" | "both", Partial<Assessment>[]> = {
  both: [
    { heartRateBpm: 131 }, { rhythm: "ventricular-ectopy" }, { urineOutputMl: 50, urineOutputHours: 8 }, { creatinineMgDl: 3.0 },
    { oxygenDevice: "face-mask", oxygenLpm: 6 }, { oxygenDevice: "intubated" }, { mentalStatus: "severe" }, { mentalStatus: "coma" },
    { infection: "documented" }, { giBleeding: "frank" }, { permanentEvents: ["dialysis-over-72h"] }, { permanentEvents: ["toxic-psychosis-over-48h"] },
  ],
  "til-adjunct": [{ fluidRefractoryHypotension: true }, { phenylephrineMcgKgMin: 0.6 }, { mentalStatus: "moderate" }, { rhythm: "svt" }],
  monotherapy: [{ plateletsPerUl: 29_000 }, { phenylephrineMcgKgMin: 0.9 }, { phenylephrinePeakMcgKgMin: 1.6 }, { infection: "suspected" }],
};

const FIELDS_TO_DROP = ["sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "urineOutputMl", "urineOutputHours", "weightKg", "mentalStatus",
  "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor", "fluidRefractoryHypotension", "creatinineMgDl", "labsAt",
  "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL", "infection", "giBleeding", "permanentEvents"] as const;

/** A request at a random point of its course (before the start, in an interval, open, after a window closed). */
const scheduledArb = fc.tuple(makeArb, versionArb, assessmentArb, fc.integer({ min: -10, max: 140 }), fc.subarray([...FIELDS_TO_DROP], { maxLength: 4 }), fc.boolean())
  .map(([make, version, a, offsetH, drop, withHold]) => {
    const first = "2026-03-01T14:00:00Z";
    const now = at(first, offsetH * H + 17 * MIN);
    const events: DoseEvent[] = [];
    if (offsetH > 0) events.push(given(first));
    if (offsetH > 9) events.push(withHold ? held(at(first, 8 * H)) : given(at(first, 8 * H)));
    const assessment: Record<string, unknown> = { ...a, at: now, labsAt: now };
    for (const f of drop) assessment[f] = null; // null: missing (deleting would bring the fixture's value back)
    return make({ now, events, version, assessment: assessment as Assessment, course: { targetSbpMmHg: 95, tilInfusionEndAt: at(first, -4 * H), startAt: first } });
  });

describe.each(RULE_SET_VERSIONS.map((v) => [`${v.id} ${v.version}`, v.protocol, v.version as Version] as const))("engine invariants, %s", (_name, protocol, version) => {
  const make = protocol === "til-adjunct" ? tilRequest : monoRequest;
  const reqArb = fc.tuple(assessmentArb, dec(90, 110, 0)).map(([a, target]) => make({ assessment: a, course: { targetSbpMmHg: target }, version }));

  test("deterministic: the same request (and a deep copy of it) gives the same answer, and the answer fits the schema", () => {
    fc.assert(fc.property(reqArb, (req) => {
      const a = evaluateDose(req);
      const b = evaluateDose(structuredClone(req));
      expect(b).toEqual(a);
      expect(a.ok && DoseDecisionSchema.safeParse(a.result).success).toBe(true);
      expect(a.ok && a.result.ruleSet.version).toBe(version);
    }), { ...RUNS, numRuns: 150 });
  });

  test("a worse single value never moves the decision toward give", () => {
    const worsenArb = fc.constantFrom(...Object.keys(WORSEN)).chain((k) => (WORSEN[k] as fc.Arbitrary<Worsen>).map((w) => [k, w] as const));
    fc.assert(fc.property(reqArb, worsenArb, (req, [name, worsen]) => {
      const a = req.assessment as Assessment;
      const patch = worsen(a);
      fc.pre(patch !== null);
      const worse: DoseRequest = { ...req, assessment: { ...a, ...patch } };
      const before = decide(req), after = decide(worse);
      expect(RANK[after.decision], `${name}: ${before.decision} → ${after.decision} with ${JSON.stringify(patch)}`)
        .toBeGreaterThanOrEqual(RANK[before.decision] ?? 0);
    }), { ...RUNS, numRuns: 1000 });
  });

  test("(a) adding a stop-tier value to any assessment, at any point of the course, never yields give, wait or incomplete", () => {
    const values = [...STOP_VALUES.both, ...STOP_VALUES[protocol]];
    fc.assert(fc.property(scheduledArb.filter((r) => r.protocol === protocol), fc.constantFrom(...values), (req0, value) => {
      const req = { ...req0, ruleSet: { id: protocol === "til-adjunct" ? "til-2024" : "mono-2014", version } };
      const a = { ...(req.assessment as Assessment), ...value };
      if (a.oxygenDevice === "room-air") a.oxygenLpm = 0;
      const d = decide({ ...req, assessment: a });
      expect(["stop", "discontinue", "complete"], `${JSON.stringify(value)} → ${d.decision} (${d.reason ?? ""})`).toContain(d.decision);
      if (d.decision !== "complete") expect(d.needsAttendingReview).toBe(true);
    }), { ...RUNS, numRuns: 600 });
  });

  test("(b) giving any value an older observedAt never moves the decision toward give", () => {
    const fieldArb = fc.constantFrom(...FIELDS_TO_DROP.filter((f) => f !== "labsAt"));
    fc.assert(fc.property(reqArb, fieldArb, fc.integer({ min: 1, max: 48 * 60 }), (req, field, ageMin) => {
      const a = req.assessment as Assessment;
      const older: DoseRequest = { ...req, assessment: { ...a, observedAt: { [field]: at(NOW, -ageMin * MIN) } } };
      const before = decide(req), after = decide(older);
      expect(towardGive(before.decision, after.decision), `${field} ${ageMin} min old: ${before.decision} → ${after.decision}`).toBe(false);
    }), { ...RUNS, numRuns: 600 });
  });

  test("(c) removing any required field never yields give", () => {
    const rs = getRuleSet(protocol === "til-adjunct" ? "til-2024" : "mono-2014", version);
    const required = rs?.requiredFields.fields ?? [];
    expect(required.length).toBeGreaterThan(10);
    fc.assert(fc.property(reqArb, fc.constantFrom(...required), fc.boolean(), (req, field, asNull) => {
      const a = { ...(req.assessment as Assessment) } as Record<string, unknown>;
      if (asNull) a[field] = null;
      else delete a[field];
      const d = decide({ ...req, assessment: a as Assessment });
      expect(d.decision).not.toBe("give");
      expect(d.missing).toContain(field);
    }), RUNS);
  });

  test("stale data never yields give", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 600 }), fc.boolean(), (extraMin, labs) => {
      const limitMin = protocol === "til-adjunct" ? (labs ? 720 : 180) : (labs ? 1440 : 240);
      const old = at(NOW, -(limitMin + extraMin) * MIN);
      const d = decide(make({ version, assessment: labs ? { labsAt: old } : { at: old } }));
      expect(d.decision).toBe("incomplete");
      expect(d.stale).toEqual([labs ? "labsAt" : "at"]);
    }), RUNS);
  });

  test("a well patient in an open window is given the dose", () => {
    expect(decide(make({ version, assessment: WELL })).decision).toBe("give");
  });
});

describe("engine invariants across protocols and versions", () => {
  test("the request is not mutated", () => {
    fc.assert(fc.property(requestArb, (req) => {
      const before = structuredClone(req);
      evaluateDose(req);
      expect(req).toEqual(before);
    }), { ...RUNS, numRuns: 50 });
  });

  const eventsArb = fc.array(
    fc.record({
      offsetH: fc.integer({ min: 0, max: 110 }),
      kind: fc.constantFrom("given", "given", "given", "held", "stopped", "discontinued"),
      tier: fc.constantFrom(undefined, "hold", "stop", "discontinue"),
      reviewed: fc.boolean(),
    }),
    { maxLength: 10 },
  );
  test("the order of events does not matter (TIL and monotherapy, both versions)", () => {
    fc.assert(fc.property(makeArb, versionArb, eventsArb, fc.integer({ min: 0, max: 140 }), fc.nat(), (make, version, raw, nowH, seed) => {
      const base = "2026-03-01T14:00:00Z";
      const now = at(base, (Math.max(...raw.map((e) => e.offsetH), 0) + (nowH % 30)) * H);
      const events: DoseEvent[] = raw.map((e) => ({
        at: at(base, e.offsetH * H), kind: e.kind, ...(e.kind === "given" ? { doseIu: 48_000_000 } : {}),
        ...(e.kind === "held" && e.tier !== undefined ? { tier: e.tier, reviewed: e.reviewed } : {}),
      }));
      const shuffled = [...events];
      let s = seed;
      for (let i = shuffled.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2 ** 31;
        const j = s % (i + 1);
        [shuffled[i], shuffled[j]] = [shuffled[j] as DoseEvent, shuffled[i] as DoseEvent];
      }
      const req = (evs: DoseEvent[]) => make({ now, events: evs, version, assessment: { at: now, labsAt: now } });
      expect(evaluateDose(req(shuffled))).toEqual(evaluateDose(req(events)));
      expect(evaluateDose(req([...events].reverse()))).toEqual(evaluateDose(req(events)));
    }), RUNS);
  });
});
