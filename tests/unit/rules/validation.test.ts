// Request validation (engine-contract.md "Validation"): invalid input is refused with issues naming the field;
// missing required data is not invalid but `incomplete`.
import { describe, expect, test } from "vitest";
import { compareProtocols, evaluateDose, type DoseRequest } from "@/lib/rules";
import { H, MIN, NOW, at, decide, given, held, invalidPaths, monoRequest, tilRequest } from "./fixtures";

function issuesOf(input: unknown): { path: string; message: string }[] {
  const r = evaluateDose(input);
  if (r.ok) throw new Error(`expected invalid, got ${r.result.decision}`);
  expect(r.error).toBe("invalid-request");
  return r.issues;
}

function paths(input: unknown): string[] {
  return issuesOf(input).map((i) => i.path);
}

/** A request with one deep change: set(path, value), or delete when value is the symbol DEL. */
const DEL = Symbol("delete");
function edit(req: DoseRequest, path: string, value: unknown): unknown {
  const copy = structuredClone(req) as Record<string, unknown>;
  const parts = path.split(".");
  let cur: Record<string, unknown> = copy;
  for (const p of parts.slice(0, -1)) cur = cur[p] as Record<string, unknown>;
  const last = parts[parts.length - 1] as string;
  if (value === DEL) delete cur[last];
  else cur[last] = value;
  return copy;
}

describe("timestamps", () => {
  test.each([
    ["now without a zone (scenario invalid-naive-time)", "now", "2026-03-02T06:00:00"],
    ["assessment.at without a zone", "assessment.at", "2026-03-02T06:00:00"],
    ["labsAt as a date only", "assessment.labsAt", "2026-03-02"],
    ["event time without a zone", "events.0.at", "2026-03-01T14:00:00"],
    ["tilInfusionEndAt without a zone", "course.tilInfusionEndAt", "2026-03-01T10:00"],
    ["30 February", "now", "2026-02-30T06:00:00Z"],
    ["hour 24", "now", "2026-03-02T24:00:00Z"],
    ["a number instead of a string", "now", 1772431200000],
    ["free text", "assessment.at", "this morning"],
  ] as const)("%s → invalid at %s", (_label, path, value) => {
    expect(paths(edit(tilRequest(), path, value))).toContain(path);
  });

  test.each([
    ["+01:00 offset", "2026-03-02T07:00:00+01:00"],
    ["-0500 offset without colon", "2026-03-02T01:00:00-0500"],
    ["minutes precision with Z", "2026-03-02T06:00Z"],
    ["fractional seconds", "2026-03-02T06:00:00.000Z"],
  ])("now with %s is the same instant", (_label, now) => {
    const d = decide(tilRequest({ now }));
    expect(d.now).toBe("2026-03-02T06:00:00.000Z");
    expect(d.decision).toBe("give");
  });

  test.each([
    ["assessment.at 6 min after now → invalid", "assessment.at", at(NOW, 6 * MIN), true],
    ["assessment.at 5 min after now (clock skew) → allowed", "assessment.at", at(NOW, 5 * MIN), false],
    ["labsAt 6 min after now → invalid", "assessment.labsAt", at(NOW, 6 * MIN), true],
    ["an event 1 h after now → invalid", "events.1.at", at(NOW, 60 * MIN), true],
  ] as const)("%s", (_label, path, value, invalid) => {
    const r = evaluateDose(edit(tilRequest(), path, value));
    expect(r.ok).toBe(!invalid);
    if (!r.ok) expect(r.issues.map((i) => i.path)).toContain(path);
  });

  test("a course anchor in the future is allowed (a course that starts later waits)", () => {
    const d = decide(monoRequest({ course: { startAt: at(NOW, 24 * 60 * MIN) }, events: [] }));
    expect(d).toMatchObject({ decision: "wait", reason: "start-window" });
  });
});

describe("numbers", () => {
  test.each([
    ["SBP 301 > 300", "assessment.sbpMmHg", 301],
    ["SBP −1", "assessment.sbpMmHg", -1],
    ["SBP 39 < 40 (contract 1.1: never decide on an arrest or a typo)", "assessment.sbpMmHg", 39],
    ["SBP 0", "assessment.sbpMmHg", 0],
    ["HR 19 < 20", "assessment.heartRateBpm", 19],
    ["HR 0", "assessment.heartRateBpm", 0],
    ["HR 301", "assessment.heartRateBpm", 301],
    ["SpO₂ 101", "assessment.spo2Pct", 101],
    ["weight 0.5 kg < 1", "assessment.weightKg", 0.5],
    ["weight 401 kg", "assessment.weightKg", 401],
    ["creatinine 31", "assessment.creatinineMgDl", 31],
    ["urine-output hours 0.5 < 1", "assessment.urineOutputHours", 0.5],
    ["urine-output hours 25 > 24", "assessment.urineOutputHours", 25],
    ["phenylephrine 10.1 > 10", "assessment.phenylephrineMcgKgMin", 10.1],
    ["urine output −5 mL", "assessment.urineOutputMl", -5],
    ["oxygen 61 L/min", "assessment.oxygenLpm", 61],
    ["platelets 2,000,001", "assessment.plateletsPerUl", 2_000_001],
    ["temperature 46 °C", "assessment.temperatureC", 46],
    ["dosing weight 0", "course.dosingWeightKg", 0],
    ["baseline weight −80", "course.baselineWeightKg", -80],
    ["doseIuPerKg 0", "course.doseIuPerKg", 0],
    ["NaN", "assessment.sbpMmHg", Number.NaN],
    ["Infinity", "assessment.creatinineMgDl", Number.POSITIVE_INFINITY],
    ["a numeric string", "assessment.sbpMmHg", "110"],
    ["the string NaN", "assessment.heartRateBpm", "NaN"],
    ["a boolean for a number", "assessment.spo2Pct", true],
    ["doseIu not whole", "events.0.doseIu", 48_000_000.5],
    ["cycle 1.5", "events.0.cycle", 1.5],
  ] as const)("%s → invalid", (_label, path, value) => {
    const issues = issuesOf(edit(tilRequest(), path, value));
    expect(issues.map((i) => i.path)).toContain(path);
    expect(issues.every((i) => i.message.length > 0)).toBe(true);
  });

  test("the message names the allowed range", () => {
    const [issue] = issuesOf(edit(tilRequest(), "assessment.sbpMmHg", 400));
    expect(issue).toEqual({ path: "assessment.sbpMmHg", message: "must be a number from 40 to 300 mmHg" });
  });

  test.each([
    ["SBP 40 (contract 1.1 floor)", "assessment.sbpMmHg", 40],
    ["HR 20 (contract 1.1 floor)", "assessment.heartRateBpm", 20],
    ["SBP 300", "assessment.sbpMmHg", 300],
    ["SpO₂ 100", "assessment.spo2Pct", 100],
    ["hours 24", "assessment.urineOutputHours", 24],
    ["phenylephrine 10", "assessment.phenylephrineMcgKgMin", 10],
  ] as const)("%s is at the edge of the range and valid", (_label, path, value) => {
    expect(evaluateDose(edit(tilRequest(), path, value)).ok).toBe(true);
  });
});

describe("words and keys", () => {
  test.each([
    ["protocol til", "protocol", "til"],
    ["rhythm afib", "assessment.rhythm", "afib"],
    ["oxygenDevice nasal", "assessment.oxygenDevice", "nasal"],
    ["mentalStatus confused", "assessment.mentalStatus", "confused"],
    ["infection yes", "assessment.infection", "yes"],
    ["giBleeding some", "assessment.giBleeding", "some"],
    ["permanent event stroke", "assessment.permanentEvents", ["stroke"]],
    ["event kind skipped", "events.0.kind", "skipped"],
    ["rhythm in capitals", "assessment.rhythm", "SINUS"],
    ["otherVasopressor as a string", "assessment.otherVasopressor", "no"],
  ] as const)("%s → invalid", (_label, path, value) => {
    const issues = issuesOf(edit(tilRequest(), path, value));
    expect(issues.map((i) => i.path.startsWith(path))).toContain(true);
  });

  test.each([
    ["assessment", "assessment.foo"],
    ["course", "course.weightKg"],
    ["events", "events.0.note"],
    ["the request", "comment"],
  ])("an unknown key in %s is refused by name", (_label, path) => {
    const issues = issuesOf(edit(tilRequest(), path, 1));
    expect(issues).toContainEqual({ path, message: `unknown field "${path.split(".").pop() ?? ""}"` });
  });

  test.each([["null", null], ["an array", []], ["a string", "request"], ["a number", 42], ["an empty object", {}]])(
    "%s is not a request", (_label, input) => {
      expect(evaluateDose(input).ok).toBe(false);
      expect(compareProtocols(input).ok).toBe(false);
    });
});

describe("course and rule set", () => {
  test("TIL without tilInfusionEndAt → invalid", () => {
    expect(paths(edit(tilRequest(), "course.tilInfusionEndAt", DEL))).toEqual(["course.tilInfusionEndAt"]);
  });

  test("monotherapy without startAt → invalid, even with tilInfusionEndAt", () => {
    const req = edit(monoRequest(), "course.startAt", DEL) as DoseRequest;
    req.course.tilInfusionEndAt = "2026-03-01T10:00:00Z";
    expect(paths(req)).toEqual(["course.startAt"]);
  });

  test("compare mode does not need the anchor", () => {
    expect(compareProtocols(edit(tilRequest(), "course.tilInfusionEndAt", DEL)).ok).toBe(true);
  });

  test("missing dosing weight → invalid (the dose and mL/kg/h depend on it)", () => {
    expect(paths(edit(tilRequest(), "course.dosingWeightKg", DEL))).toContain("course.dosingWeightKg");
  });

  test.each([
    ["unknown id", { id: "til-2099", version: "1.0.0" }],
    ["unknown version", { id: "til-2024", version: "9.9.9" }],
    ["the other protocol's rule set", { id: "mono-2014", version: "1.0.0" }],
  ])("ruleSet with %s → invalid", (_label, ruleSet) => {
    expect(paths({ ...tilRequest(), ruleSet })).toEqual(["ruleSet"]);
  });

  test.each(["1.0.0", "1.1.0"])("ruleSet naming til-2024 %s is accepted and used", (version) => {
    expect(decide({ ...tilRequest(), ruleSet: { id: "til-2024", version } }).ruleSet).toEqual({ id: "til-2024", version });
  });

  test("no ruleSet → the latest version (1.1.0)", () => {
    expect(decide(tilRequest()).ruleSet).toEqual({ id: "til-2024", version: "1.1.0" });
    expect(decide(monoRequest()).ruleSet).toEqual({ id: "mono-2014", version: "1.1.0" });
  });

  test("a TIL event in cycle 2 → invalid (one cycle)", () => {
    expect(paths(edit(tilRequest(), "events.0.cycle", 2))).toEqual(["events.0.cycle"]);
  });

  test("monotherapy cycle 3 → invalid; cycle 2 is fine", () => {
    expect(paths(edit(monoRequest(), "events.0.cycle", 3))).toContain("events.0.cycle");
  });

  test("a day-1 event labelled cycle 2 → invalid: an event's cycle follows from its time", () => {
    const req = monoRequest({ events: [
      { at: "2026-03-01T14:00:00Z", kind: "given", cycle: 2, doseIu: 48_000_000 },
      { at: "2026-03-01T22:00:00Z", kind: "given", cycle: 1, doseIu: 48_000_000 },
    ] });
    expect(paths(req)).toEqual(["events.0.cycle"]);
  });

  test("a given event without doseIu → invalid; a held one needs none", () => {
    expect(paths(edit(tilRequest(), "events.0.doseIu", DEL))).toEqual(["events.0.doseIu"]);
    const ok = tilRequest({ events: [{ at: "2026-03-01T14:00:00Z", kind: "held", cycle: 1, criteria: ["sbp-low"] }] });
    expect(evaluateDose(ok).ok).toBe(true);
  });

  test("events may be omitted", () => {
    const now = "2026-03-01T14:00:00Z";
    const d = decide(edit(tilRequest({ now, assessment: { at: now, labsAt: now } }), "events", DEL));
    expect(d).toMatchObject({ decision: "give", dose: { number: 1 } });
  });
});

describe("missing and stale data is incomplete, never invalid and never give", () => {
  test("a required field given as null counts as missing", () => {
    const d = decide(tilRequest({ assessment: { creatinineMgDl: null } }));
    expect(d).toMatchObject({ decision: "incomplete", missing: ["creatinineMgDl"] });
  });

  test("1.0.0: platelets are required in monotherapy only; 1.1.0: in both", () => {
    expect(decide(monoRequest({ version: "1.0.0", assessment: { plateletsPerUl: undefined } }))).toMatchObject({ decision: "incomplete", missing: ["plateletsPerUl"] });
    expect(decide(tilRequest({ version: "1.0.0", assessment: { plateletsPerUl: undefined } })).decision).toBe("give");
    expect(decide(tilRequest({ assessment: { plateletsPerUl: undefined } }))).toMatchObject({ decision: "incomplete", missing: ["plateletsPerUl"] });
  });

  test("1.0.0: assessment omitted → incomplete with every required field, `at` included; optional inputs not assessed", () => {
    const d = decide(edit(tilRequest({ version: "1.0.0" }), "assessment", DEL));
    expect(d.decision).toBe("incomplete");
    expect([...d.missing].sort()).toEqual([
      "at", "creatinineMgDl", "heartRateBpm", "labsAt", "mentalStatus", "otherVasopressor", "oxygenDevice", "oxygenLpm",
      "phenylephrineMcgKgMin", "rhythm", "sbpMmHg", "spo2Pct", "urineOutputHours", "urineOutputMl", "weightKg",
    ]);
    expect([...d.notAssessed].sort()).toEqual(["bicarbonateMmolL", "bilirubinMgDl", "fluidRefractoryHypotension", "giBleeding", "infection", "permanentEvents"]);
    const m = decide(edit(monoRequest({ version: "1.0.0" }), "assessment", null));
    expect(m.missing).toContain("plateletsPerUl");
    expect(m.missing).toHaveLength(16);
    expect([...m.notAssessed].sort()).toEqual(["bicarbonateMmolL", "bilirubinMgDl", "giBleeding", "infection", "permanentEvents", "phenylephrinePeakMcgKgMin"]);
  });

  test("1.1.0: assessment omitted → every criterion input is missing, nothing is merely not assessed", () => {
    const d = decide(edit(tilRequest(), "assessment", DEL));
    expect([...d.missing].sort()).toEqual([
      "at", "bicarbonateMmolL", "bilirubinMgDl", "creatinineMgDl", "fluidRefractoryHypotension", "giBleeding", "heartRateBpm", "infection",
      "labsAt", "mentalStatus", "otherVasopressor", "oxygenDevice", "oxygenLpm", "permanentEvents", "phenylephrineMcgKgMin",
      "phenylephrinePeakMcgKgMin", "plateletsPerUl", "rhythm", "sbpMmHg", "spo2Pct", "urineOutputHours", "urineOutputMl", "weightKg",
    ]);
    expect(d.notAssessed).toEqual([]);
    const m = decide(edit(monoRequest(), "assessment", DEL));
    expect(m.missing).toHaveLength(22);
    expect(m.missing).not.toContain("fluidRefractoryHypotension");
    expect(m.notAssessed).toEqual([]);
  });

  test("1.0.0: an optional input given is assessed; not given it is listed", () => {
    expect(decide(monoRequest({ version: "1.0.0" })).notAssessed).toEqual([]);
    expect(decide(monoRequest({ version: "1.0.0", assessment: { bilirubinMgDl: null } })).notAssessed).toEqual(["bilirubinMgDl"]);
  });

  test.each([
    ["TIL assessment 180 min old is fresh", tilRequest, "assessment.at", at(NOW, -180 * MIN), []],
    ["TIL assessment 181 min old is stale", tilRequest, "assessment.at", at(NOW, -181 * MIN), ["at"]],
    ["mono assessment 240 min old is fresh", monoRequest, "assessment.at", at(NOW, -240 * MIN), []],
    ["mono assessment 241 min old is stale", monoRequest, "assessment.at", at(NOW, -241 * MIN), ["at"]],
    ["TIL labs 12 h old are fresh", tilRequest, "assessment.labsAt", at(NOW, -720 * MIN), []],
    ["TIL labs 13 h old are stale (scenario til-stale-labs)", tilRequest, "assessment.labsAt", at(NOW, -780 * MIN), ["labsAt"]],
    ["mono labs 24 h old are fresh", monoRequest, "assessment.labsAt", at(NOW, -1440 * MIN), []],
    ["mono labs 24 h 1 min old are stale", monoRequest, "assessment.labsAt", at(NOW, -1441 * MIN), ["labsAt"]],
  ] as const)("%s", (_label, make, path, value, stale) => {
    const d = decide(edit(make(), path, value));
    expect(d.stale).toEqual(stale);
    expect(d.decision).toBe(stale.length > 0 ? "incomplete" : "give");
  });

  test("contract 1.1: incomplete lists what fires on the values present as findings (no provisional list)", () => {
    const d = decide(tilRequest({ assessment: { creatinineMgDl: undefined, sbpMmHg: 70 } }));
    expect(d).toMatchObject({ decision: "incomplete", missing: ["creatinineMgDl"], needsAttendingReview: false });
    expect(d.findings.map((f) => f.criterion)).toEqual(["sbp-low"]);
    expect("provisionalFindings" in d).toBe(false);
  });
});

describe("contract 1.1 refusals", () => {
  test.each([
    ["room air with 0.5 L/min", { oxygenDevice: "room-air", oxygenLpm: 0.5 }, true],
    ["room air with 0 L/min", { oxygenDevice: "room-air", oxygenLpm: 0 }, false],
    ["nasal cannula with 2 L/min", { oxygenDevice: "nasal-cannula", oxygenLpm: 2 }, false],
  ] as const)("%s", (_label, a, invalid) => {
    for (const make of [tilRequest, monoRequest]) {
      const r = evaluateDose(make({ assessment: a }));
      expect(r.ok).toBe(!invalid);
      if (!r.ok) expect(r.issues.map((i) => i.path)).toEqual(["assessment.oxygenLpm"]);
    }
  });

  test.each([
    ["TIL: an event 1 min before tilInfusionEndAt", tilRequest, at("2026-03-01T10:00:00Z", -MIN), true],
    ["TIL: an event at tilInfusionEndAt", tilRequest, "2026-03-01T10:00:00Z", false],
    ["mono: an event 31 min before startAt", monoRequest, at("2026-03-01T14:00:00Z", -31 * MIN), true],
    ["mono: an event 30 min before startAt (tolerance)", monoRequest, at("2026-03-01T14:00:00Z", -30 * MIN), false],
  ] as const)("%s", (_label, make, t, invalid) => {
    const req = make({ events: [held(t)] });
    if (invalid) expect(invalidPaths(req)).toEqual(["events.0.at"]);
    else expect(evaluateDose(req).ok).toBe(true);
  });

  test.each([
    ["day 15 − 31 min labelled cycle 2", -31 * MIN, 2, true],
    ["day 15 − 30 min labelled cycle 2", -30 * MIN, 2, false],
    ["day 15 − 30 min labelled cycle 1", -30 * MIN, 1, true],
    ["day 15 − 31 min labelled cycle 1", -31 * MIN, 1, false],
  ] as const)("mono event cycle by its time (startAt + 14 days − 30 min): %s", (_label, offset, cycle, invalid) => {
    const t = at("2026-03-01T14:00:00Z", 14 * 24 * H + offset);
    const req = monoRequest({ now: at(t, H), events: [{ at: t, kind: "held", cycle, criteria: [] }], assessment: { at: at(t, H), labsAt: at(t, H) } });
    if (invalid) expect(invalidPaths(req)).toEqual(["events.0.cycle"]);
    else expect(evaluateDose(req).ok).toBe(true);
  });

  test("an event's cycle may be omitted: it follows from its time", () => {
    const req = tilRequest({ events: [given("2026-03-01T14:00:00Z"), given("2026-03-01T22:00:00Z")] });
    expect(decide(req).dose).toMatchObject({ number: 3, cycle: 1 });
  });

  test.each([
    ["an unknown observedAt key", { observedAt: { pulse: NOW } }, "assessment.observedAt.pulse"],
    ["observedAt for `at` itself", { observedAt: { at: NOW } }, "assessment.observedAt.at"],
    ["an observedAt 6 min after now", { observedAt: { rhythm: at(NOW, 6 * MIN) } }, "assessment.observedAt.rhythm"],
    ["an observedAt without zone", { observedAt: { rhythm: "2026-03-02T05:00:00" } }, "assessment.observedAt.rhythm"],
  ] as const)("%s → invalid", (_label, a, path) => {
    expect(invalidPaths(tilRequest({ assessment: a as never }))).toEqual([path]);
  });

  test("an observedAt 5 min after now (clock skew) is allowed", () => {
    expect(evaluateDose(tilRequest({ assessment: { observedAt: { rhythm: at(NOW, 5 * MIN) } } })).ok).toBe(true);
  });

  test.each([
    ["600,000 IU/kg (label)", 600_000, false],
    ["720,000 IU/kg (NCI TIL protocols)", 720_000, false],
    ["700,000 IU/kg is not listed", 700_000, true],
    ["500,000 IU/kg is not listed", 500_000, true],
  ] as const)("doseIuPerKg %s", (_label, perKg, invalid) => {
    for (const req of [tilRequest({ course: { doseIuPerKg: perKg } }), monoRequest({ course: { doseIuPerKg: perKg } }),
      tilRequest({ version: "1.0.0", course: { doseIuPerKg: perKg } }), monoRequest({ version: "1.0.0", course: { doseIuPerKg: perKg } })]) {
      if (invalid) expect(invalidPaths(req)).toEqual(["course.doseIuPerKg"]);
      else expect(evaluateDose(req).ok).toBe(true);
    }
  });

  test.each([
    ["89 < 90", 89, true],
    ["90", 90, false],
    ["140", 140, false],
    ["141 > 140", 141, true],
    ["absent (no silent default)", undefined, true],
  ] as const)("TIL 1.1.0 targetSbpMmHg %s", (_label, target, invalid) => {
    const req = tilRequest({ course: { targetSbpMmHg: target } });
    if (invalid) expect(invalidPaths(req)).toEqual(["course.targetSbpMmHg"]);
    else expect(decide(req).findings.find((f) => f.criterion === "sbp-low")?.limit ?? target).toBe(target); // SBP 110 < 140 holds
  });

  test("the target is checked on til-adjunct requests under 1.1.0 only", () => {
    expect(evaluateDose(tilRequest({ version: "1.0.0", course: { targetSbpMmHg: 85 } })).ok).toBe(true);
    expect(evaluateDose(tilRequest({ version: "1.0.0" })).ok).toBe(true);
    expect(evaluateDose(monoRequest({ course: { targetSbpMmHg: 85 } })).ok).toBe(true);
  });

  test("a compare request of a TIL course without a target is refused too (it is a til-adjunct request)", () => {
    expect(compareProtocols(tilRequest({ course: { targetSbpMmHg: undefined } })).ok).toBe(false);
  });

  test.each([
    ["an unknown id", { id: "til-2099", version: "1.1.0" }],
    ["an unknown version", { id: "mono-2014", version: "1.2.0" }],
    ["the other protocol's 1.1.0", { id: "til-2024", version: "1.1.0" }],
  ])("mono ruleSet with %s → invalid", (_label, ruleSet) => {
    expect(invalidPaths({ ...monoRequest(), ruleSet })).toEqual(["ruleSet"]);
  });

  test.each([["tier", "pause"], ["reviewed", "yes"]] as const)("an event %s outside its type → invalid", (field, value) => {
    expect(invalidPaths(edit(tilRequest({ events: [held("2026-03-01T14:00:00Z")] }), `events.0.${field}`, value))).toEqual([`events.0.${field}`]);
  });
});
