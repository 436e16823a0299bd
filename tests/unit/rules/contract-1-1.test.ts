// Engine contract 1.1 (engine-contract.md "Order of decision", "Changes in contract 1.1"; protocols.md §2–3), for
// every rule-set version: findings always reported, stop before wait and incomplete, a recorded stop not forgotten,
// per-value freshness and after-hold staleness, the urine-output window, holds-cumulative. Tests are named after
// the review findings they cover.
import { describe, expect, test } from "vitest";
import type { DoseEvent } from "@/lib/rules";
import { H, MIN, NOW, VERSIONS, at, decide, findingMap, given, held, monoRequest, tilRequest } from "./fixtures";

const T = "2026-03-01T10:00:00Z"; // TIL cells end (fixture)
const G1 = "2026-03-01T14:00:00Z", G2 = "2026-03-01T22:00:00Z"; // fixture's given doses
const both = VERSIONS.flatMap((v) => [["TIL", tilRequest, v] as const, ["mono", monoRequest, v] as const]);

describe("order of decision: stop and discontinue are never hidden by wait or incomplete (every version)", () => {
  const beforeDue = at(G2, 6 * H); // next dose earliest at G2 + 7 h 30 min
  test.each(both)("finding 1: coma + ventricular ectopy 2 h before due → stop, not wait (%s %s)", (_p, make, version) => {
    const d = decide(make({ version, now: beforeDue, assessment: { at: beforeDue, labsAt: beforeDue, mentalStatus: "coma", rhythm: "ventricular-ectopy" } }));
    expect(d.decision).toBe("stop");
    expect(d.reason).toBeNull();
    expect(findingMap(d)).toMatchObject({ "mental-status": "stop", arrhythmia: "stop" });
    expect(d.needsAttendingReview).toBe(true);
    expect(d.window.earliestAt).toBe(at(G2, 7.5 * H));
  });

  test.each(both)("finding 1: a stop value with creatinine missing → stop, not incomplete (%s %s)", (_p, make, version) => {
    const d = decide(make({ version, assessment: { creatinineMgDl: undefined, mentalStatus: "coma" } }));
    expect(d).toMatchObject({ decision: "stop", missing: ["creatinineMgDl"] });
  });

  test.each(both)("a permanent event before the first dose window → discontinue (%s %s)", (_p, make, version) => {
    const now = at(T, 2 * H);
    const d = decide(make({ version, now, events: [], course: { startAt: at(now, 5 * H) }, assessment: { at: now, labsAt: now, permanentEvents: ["ischemia"] } }));
    expect(d.decision).toBe("discontinue");
  });

  test.each(both)("the combination rule stops inside the interval too (%s %s)", (_p, make, version) => {
    const d = decide(make({ version, now: beforeDue, assessment: { at: beforeDue, labsAt: beforeDue, sbpMmHg: 85, heartRateBpm: 125, creatinineMgDl: 2.6 } }));
    expect(d.decision).toBe("stop");
    expect(d.combination?.fired).toBe(true);
  });

  test.each(both)("hold-tier findings are still listed while waiting; needsAttendingReview only if judgment (%s %s)", (_p, make, version) => {
    const d = decide(make({ version, now: beforeDue, assessment: { at: beforeDue, labsAt: beforeDue, sbpMmHg: 85 } }));
    expect(d).toMatchObject({ decision: "wait", reason: "interval" });
    expect(findingMap(d)).toEqual({ "sbp-low": "hold" });
    expect(d.needsAttendingReview).toBe(false);
  });

  test.each(both)("complete still reports what fires (%s %s)", (_p, make, version) => {
    const events = [G1, G2, "2026-03-02T06:00:00Z"].map((t) => given(t));
    events.push({ at: "2026-03-02T07:00:00Z", kind: "discontinued" });
    const d = decide(make({ version, now: "2026-03-02T08:00:00Z", events, assessment: { at: "2026-03-02T08:00:00Z", labsAt: "2026-03-02T08:00:00Z", spo2Pct: 85 } }));
    expect(d).toMatchObject({ decision: "complete", reason: "discontinued", dose: null });
    expect(findingMap(d)).toEqual({ hypoxia: "hold" });
  });

  test.each(both)("incomplete with a judgment finding needs an attending (%s %s)", (_p, make, version) => {
    const d = decide(make({ version, assessment: { creatinineMgDl: undefined, heartRateBpm: 125 } }));
    expect(d).toMatchObject({ decision: "incomplete", needsAttendingReview: true });
  });
});

describe("finding 2: a recorded stop is not forgotten (pending-stop-review, every version)", () => {
  const heldStop = (extra: Partial<DoseEvent> = {}) => held("2026-03-02T06:00:00Z", undefined, ["mental-status"], { tier: "stop", reviewed: false, ...extra });
  const later = at("2026-03-02T06:00:00Z", H);
  const run = (make: typeof tilRequest, version: (typeof VERSIONS)[number], events: DoseEvent[], withAssessment = true) =>
    decide({ ...make({ version, now: later, events, assessment: { at: later, labsAt: later } }), ...(withAssessment ? {} : { assessment: undefined }) });

  test.each(both)("an unreviewed stop-tier hold → stop with pending-stop-review, even on a clean assessment (%s %s)", (_p, make, version) => {
    const d = run(make, version, [given(G1), given(G2), heldStop()]);
    expect(d.decision).toBe("stop");
    expect(d.findings).toEqual([expect.objectContaining({
      criterion: "pending-stop-review", tier: "stop", parameter: "events", observed: "2026-03-02T06:00:00.000Z", limit: null,
    })]);
    expect(d.needsAttendingReview).toBe(true);
  });

  test.each(both)("… and without an assessment (%s %s)", (_p, make, version) => {
    expect(run(make, version, [given(G1), given(G2), heldStop()], false)).toMatchObject({ decision: "stop" });
  });

  test.each(both)("a discontinue-tier hold → discontinue (%s %s)", (_p, make, version) => {
    expect(run(make, version, [given(G1), given(G2), heldStop({ tier: "discontinue" })]).decision).toBe("discontinue");
  });

  test.each(both)("reviewed: true → no pending finding (%s %s)", (_p, make, version) => {
    const d = run(make, version, [given(G1), given(G2), heldStop({ reviewed: true })]);
    expect(findingMap(d)).toEqual({});
  });

  test.each(both)("a hold-tier hold is never pending (%s %s)", (_p, make, version) => {
    expect(findingMap(run(make, version, [given(G1), given(G2), heldStop({ tier: "hold" })]))).toEqual({});
  });

  test("a stopped event after it settles it: TIL → complete stopped, no pending finding", () => {
    const d = run(tilRequest, "1.1.0", [given(G1), given(G2), heldStop(), { at: at("2026-03-02T06:00:00Z", 30 * MIN), kind: "stopped" }]);
    expect(d).toMatchObject({ decision: "complete", reason: "stopped" });
    expect(findingMap(d)).toEqual({});
  });
});

describe("holds-cumulative (mono 1.1.0): 3 consecutive held events in the current cycle → stop (judgment)", () => {
  const S = "2026-03-01T14:00:00Z";
  const holds = (n: number) => Array.from({ length: n }, (_, i) => held(at(S, (i + 1) * 8 * H)));
  const now = (n: number) => at(S, (n * 8 + 1) * H);
  const run = (events: DoseEvent[], t: string, version: "1.0.0" | "1.1.0" = "1.1.0", withAssessment = true) =>
    decide({ ...monoRequest({ version, now: t, events, assessment: { at: t, labsAt: t } }), ...(withAssessment ? {} : { assessment: undefined }) });

  test.each([
    ["given, 2 holds → 2 < 3, no finding", 2, null],
    ["given, 3 holds → 3 ≥ 3 → stop", 3, "stop"],
    ["given, 4 holds → stop", 4, "stop"],
  ] as const)("%s", (_label, n, tier) => {
    const d = run([given(S), ...holds(n)], now(n));
    expect(findingMap(d)["holds-cumulative"] ?? null).toBe(tier);
    if (tier !== null) {
      expect(d.decision).toBe("stop");
      expect(d.findings.find((f) => f.criterion === "holds-cumulative")).toMatchObject({
        observed: n, limit: 3, unit: "holds", parameter: "events", judgment: true, source: "SPR",
      });
    }
  });

  test("a given dose between resets the count: hold, hold, given, hold → 1", () => {
    const events = [given(S), held(at(S, 8 * H)), held(at(S, 16 * H)), given(at(S, 24 * H)), held(at(S, 32 * H))];
    expect(findingMap(run(events, at(S, 33 * H)))).toEqual({});
  });

  test("it applies with no assessment (the events alone) and inside the interval", () => {
    expect(run([given(S), ...holds(3)], now(3), "1.1.0", false).decision).toBe("stop");
  });

  test("1.0.0 has no holds-cumulative: 3 holds and a clean assessment give", () => {
    expect(run([given(S), ...holds(3)], at(S, 32 * H), "1.0.0").decision).toBe("give");
  });

  test("not in the rest period: 3 holds at the end of cycle 1, day 8 → wait rest-period", () => {
    const events = [given(S), held(at(S, 96 * H)), held(at(S, 104 * H)), held(at(S, 112 * H))];
    const d = run(events, at(S, 7 * 24 * H));
    expect(d).toMatchObject({ decision: "wait", reason: "rest-period" });
    expect(findingMap(d)).toEqual({});
  });

  test("only the current cycle counts: 3 holds ending cycle 1, one given in cycle 2 → no finding", () => {
    const c2 = at(S, 14 * 24 * H);
    const events = [given(S), held(at(S, 96 * H)), held(at(S, 104 * H)), held(at(S, 112 * H)), given(c2, 2)];
    const t = at(c2, 9 * H);
    const d = decide(monoRequest({ now: t, events, course: { cycle2ApprovedAt: at(S, 12 * 24 * H) }, assessment: { at: t, labsAt: t } }));
    expect(d.decision).toBe("give");
  });
});

describe("per-value freshness (protocols.md §3): own observedAt, else labsAt for labs, else at; exactly at the limit is fresh", () => {
  // [rule set, field, limit in minutes on its clock]
  const cases = [
    ["til-2024 1.1.0", tilRequest, "1.1.0", "rhythm", 180], ["til-2024 1.1.0", tilRequest, "1.1.0", "sbpMmHg", 180],
    ["til-2024 1.1.0", tilRequest, "1.1.0", "plateletsPerUl", 720], ["til-2024 1.1.0", tilRequest, "1.1.0", "weightKg", 720],
    ["mono-2014 1.1.0", monoRequest, "1.1.0", "rhythm", 240], ["mono-2014 1.1.0", monoRequest, "1.1.0", "urineOutputMl", 240],
    ["mono-2014 1.1.0", monoRequest, "1.1.0", "plateletsPerUl", 1440], ["mono-2014 1.1.0", monoRequest, "1.1.0", "weightKg", 1440],
    ["til-2024 1.0.0", tilRequest, "1.0.0", "rhythm", 180], ["til-2024 1.0.0", tilRequest, "1.0.0", "creatinineMgDl", 720],
    ["til-2024 1.0.0 (weight on the other clock)", tilRequest, "1.0.0", "weightKg", 180],
    ["mono-2014 1.0.0", monoRequest, "1.0.0", "sbpMmHg", 240], ["mono-2014 1.0.0", monoRequest, "1.0.0", "plateletsPerUl", 1440],
    ["mono-2014 1.0.0 (weight on the other clock)", monoRequest, "1.0.0", "weightKg", 240],
  ] as const;
  test.each(cases.flatMap(([name, make, version, field, limit]) => [
    [`${name}: ${field} observed ${limit} min ago is fresh`, make, version, field, limit, false] as const,
    [`${name}: ${field} observed ${limit + 1} min ago is stale, listed by name`, make, version, field, limit + 1, true] as const,
  ]))("%s", (_label, make, version, field, ageMin, stale) => {
    const d = decide(make({ version, assessment: { observedAt: { [field]: at(NOW, -ageMin * MIN) } } }));
    expect(d.stale).toEqual(stale ? [field] : []);
    expect(d.decision).toBe(stale ? "incomplete" : "give");
  });

  test("scenario mono-carried-platelets-stale: platelets carried 27 h → stale by name; the rest is fresh", () => {
    const d = decide(monoRequest({ assessment: { observedAt: { plateletsPerUl: at(NOW, -27 * H) } } }));
    expect(d).toMatchObject({ decision: "incomplete", stale: ["plateletsPerUl"] });
  });

  test("a stale value is set aside: platelets 25,000 observed 25 h ago fire nothing (mono 1.1.0)", () => {
    const d = decide(monoRequest({ assessment: { plateletsPerUl: 25_000, observedAt: { plateletsPerUl: at(NOW, -25 * H) } } }));
    expect(d).toMatchObject({ decision: "incomplete", stale: ["plateletsPerUl"], findings: [] });
  });

  test("TIL 1.1.0: weight is on the labs clock (timed by at): at 200 min old → stale at, not the weight", () => {
    const old = at(NOW, -200 * MIN);
    const d = decide(tilRequest({ assessment: { at: old, weightKg: 93 } }));
    expect(d.stale).toEqual(["at"]);
    expect(findingMap(d)).toEqual({ "weight-gain": "hold" });
  });

  test("a non-empty permanentEvents never goes stale", () => {
    const d = decide(tilRequest({ assessment: { permanentEvents: ["ischemia"], observedAt: { permanentEvents: at(NOW, -72 * H) } } }));
    expect(d).toMatchObject({ decision: "discontinue", stale: [] });
  });

  test("temperature is not a criterion: its age never blocks a dose", () => {
    expect(decide(tilRequest({ assessment: { observedAt: { temperatureC: at(NOW, -48 * H) } } })).decision).toBe("give");
  });
});

describe("after a hold, values observed at or before it are stale for the held dose (every version)", () => {
  const h = "2026-03-02T05:00:00Z";
  test.each(VERSIONS.flatMap((v) => [
    [`TIL ${v}: assessment at the hold time → stale at`, v, h, ["at"]] as const,
    [`TIL ${v}: assessment 1 min after the hold → fresh`, v, at(h, MIN), []] as const,
  ]))("%s", (_label, version, atTime, stale) => {
    const d = decide(tilRequest({ version, events: [given(G1), held(h)], assessment: { at: atTime } }));
    expect(d.stale).toEqual(stale);
    expect(d.decision).toBe(stale.length > 0 ? "incomplete" : "give");
  });

  test("labs are not re-timed by a hold (labs clock): labsAt before the hold stays fresh", () => {
    const d = decide(tilRequest({ events: [given(G1), held(h)], assessment: { at: at(h, 30 * MIN), labsAt: at(h, -2 * H) } }));
    expect(d).toMatchObject({ decision: "give", stale: [] });
  });

  test("a value carried with its own time from before the hold is stale by name", () => {
    const d = decide(tilRequest({ events: [given(G1), held(h)], assessment: { at: at(h, 30 * MIN), observedAt: { rhythm: at(h, -10 * MIN) } } }));
    expect(d).toMatchObject({ decision: "incomplete", stale: ["rhythm"] });
  });

  test("scenario til-stop-reviewed-give: the held dose is re-decided on the new assessment and given", () => {
    const events = [given(G1), held(G2, undefined, ["mental-status"], { tier: "stop", reviewed: true })];
    const t = at(G2, H);
    expect(decide(tilRequest({ now: t, events, assessment: { at: t, labsAt: t } })).decision).toBe("give");
  });
});

describe("urine-output window (1.1.0: 4–8 h; outside → urineOutputHours missing, the rate still judged)", () => {
  test.each([
    ["3.9 h → outside", 3.9, true],
    ["4 h → inside", 4, false],
    ["8 h → inside", 8, false],
    ["8.1 h → outside", 8.1, true],
  ] as const)("%s (both rule sets)", (_label, hours, outside) => {
    for (const make of [tilRequest, monoRequest]) {
      const d = decide(make({ assessment: { urineOutputMl: 400 * hours / 8, urineOutputHours: hours } }));
      expect(d.missing).toEqual(outside ? ["urineOutputHours"] : []);
      expect(d.decision).toBe(outside ? "incomplete" : "give");
    }
  });

  test("1.0.0 has no window: 24 h is judged and may give", () => {
    expect(decide(monoRequest({ version: "1.0.0", assessment: { urineOutputMl: 1800, urineOutputHours: 24 } })).decision).toBe("give");
  });

  test("a stop-level rate over 24 h is still a stop (the rate is judged outside the window)", () => {
    const d = decide(monoRequest({ assessment: { urineOutputMl: 200, urineOutputHours: 24 } }));
    expect(d).toMatchObject({ decision: "stop", missing: ["urineOutputHours"] });
    expect(findingMap(d)).toEqual({ "urine-output-low": "stop" });
  });
});

describe("1.0.0 replay: thresholds, required inputs and windows unchanged", () => {
  test.each([
    ["TIL platelets 10,000 is not a 1.0.0 criterion", tilRequest, { plateletsPerUl: 10_000 }, "give"],
    ["TIL peak phenylephrine 2.0 is not a 1.0.0 criterion", tilRequest, { phenylephrinePeakMcgKgMin: 2 }, "give"],
    ["TIL 30 kg at 19.875 mL/h ≥ 0.5 mL/kg/h gives under 1.0.0", tilRequest, { urineOutputMl: 159 }, "give"],
    ["mono bicarbonate absent is only not assessed", monoRequest, { bicarbonateMmolL: undefined }, "give"],
    ["mono 2 h urine window is accepted", monoRequest, { urineOutputMl: 50, urineOutputHours: 2.5 }, "give"],
  ] as const)("%s", (_label, make, a, decision) => {
    const course = make === tilRequest && "urineOutputMl" in a ? { dosingWeightKg: 30, baselineWeightKg: 30 } : {};
    const d = decide(make({ version: "1.0.0", assessment: { ...a, ...(Object.keys(course).length ? { weightKg: 30 } : {}) }, course }));
    expect(d.decision).toBe(decision);
  });
});
