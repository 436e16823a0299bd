// Request validation (engine-contract.md "Validation"): invalid input is refused with issues naming the field;
// missing required data is not invalid but `incomplete`.
import { describe, expect, test } from "vitest";
import { compareProtocols, evaluateDose, type DoseRequest } from "@/lib/rules";
import { MIN, NOW, at, decide, monoRequest, tilRequest } from "./fixtures";

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
    expect(issue).toEqual({ path: "assessment.sbpMmHg", message: "must be a number from 0 to 300 mmHg" });
  });

  test.each([
    ["SBP 0", "assessment.sbpMmHg", 0],
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

  test("ruleSet naming the protocol's default is accepted", () => {
    expect(decide({ ...tilRequest(), ruleSet: { id: "til-2024", version: "1.0.0" } }).ruleSet).toEqual({ id: "til-2024", version: "1.0.0" });
  });

  test("a TIL event in cycle 2 → invalid (one cycle)", () => {
    expect(paths(edit(tilRequest(), "events.0.cycle", 2))).toEqual(["events.0.cycle"]);
  });

  test("monotherapy cycle 3 → invalid; cycle 2 is fine", () => {
    expect(paths(edit(monoRequest(), "events.0.cycle", 3))).toContain("events.0.cycle");
  });

  test("a cycle-1 event after a cycle-2 event → invalid", () => {
    const req = monoRequest({ events: [
      { at: "2026-03-01T14:00:00Z", kind: "given", cycle: 2, doseIu: 48_000_000 },
      { at: "2026-03-01T22:00:00Z", kind: "given", cycle: 1, doseIu: 48_000_000 },
    ] });
    expect(paths(req)).toEqual(["events.1.cycle"]);
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

  test("platelets are required in monotherapy only", () => {
    expect(decide(monoRequest({ assessment: { plateletsPerUl: undefined } }))).toMatchObject({ decision: "incomplete", missing: ["plateletsPerUl"] });
    expect(decide(tilRequest({ assessment: { plateletsPerUl: undefined } })).decision).toBe("give");
  });

  test("assessment omitted → incomplete with every required field, `at` included", () => {
    const d = decide(edit(tilRequest(), "assessment", DEL));
    expect(d.decision).toBe("incomplete");
    expect([...d.missing].sort()).toEqual([
      "at", "creatinineMgDl", "heartRateBpm", "labsAt", "mentalStatus", "otherVasopressor", "oxygenDevice", "oxygenLpm",
      "phenylephrineMcgKgMin", "rhythm", "sbpMmHg", "spo2Pct", "urineOutputHours", "urineOutputMl", "weightKg",
    ]);
    const m = decide(edit(monoRequest(), "assessment", null));
    expect(m.missing).toContain("plateletsPerUl");
    expect(m.missing).toHaveLength(16);
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

  test("incomplete shows the criteria that already fire as provisional, never as findings", () => {
    const d = decide(tilRequest({ assessment: { creatinineMgDl: undefined, sbpMmHg: 70 } }));
    expect(d).toMatchObject({ decision: "incomplete", findings: [], needsAttendingReview: false });
    expect(d.provisionalFindings.map((f) => f.criterion)).toEqual(["sbp-low"]);
  });
});
