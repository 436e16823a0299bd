// Compare mode (engine-contract.md): the same course and assessment under both default rule sets, criteria only.
import { describe, expect, test } from "vitest";
import { CompareResultSchema, compareProtocols, type CompareResult } from "@/lib/rules";
import { H, MIN, NOW, at, given, held, monoRequest, tilRequest } from "./fixtures";

function compare(input: unknown): CompareResult {
  const r = compareProtocols(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.result;
}

describe("compareProtocols", () => {
  test("250 mL / 8 h at 80 kg: TIL 0.39 mL/kg/h < 0.5 holds; monotherapy 31.25 mL/h ≥ 20 gives", () => {
    const c = compare(tilRequest({ assessment: { urineOutputMl: 250 } }));
    expect(c["til-adjunct"].decision).toBe("hold");
    expect(c.monotherapy.decision).toBe("give");
    // Exactly the contract's keys: a scenario compares the list whole.
    expect(c.differences).toEqual([{ criterion: "urine-output-low", tilAdjunct: "hold", monotherapy: null }]);
    expect(c.criterionLabels).toEqual({ "urine-output-low": "Urine output low" });
    expect(c["til-adjunct"].ruleSet).toEqual({ id: "til-2024", version: "1.1.0" });
    expect(c.monotherapy.ruleSet).toEqual({ id: "mono-2014", version: "1.1.0" });
  });

  test("differences are sorted by criterion id and list only differing tiers", () => {
    const c = compare(monoRequest({ assessment: {
      rhythm: "atrial-fibrillation", // TIL stop, mono hold
      plateletsPerUl: 40_000, // mono hold, not a TIL criterion
      oxygenDevice: "nasal-cannula", oxygenLpm: 1, // TIL hold, mono none
      mentalStatus: "moderate", // TIL stop, mono hold
      infection: "suspected", // TIL hold, mono stop
      heartRateBpm: 125, // hold in both: not a difference
    } }));
    expect(c.differences.map((d) => [d.criterion, d.tilAdjunct, d.monotherapy])).toEqual([
      ["arrhythmia", "stop", "hold"],
      ["infection", "hold", "stop"],
      ["mental-status", "stop", "hold"],
      ["oxygen-need", "hold", null],
      ["platelets-low", null, "hold"],
    ]);
    expect(c["til-adjunct"].findings.find((f) => f.criterion === "tachycardia")?.tier).toBe("hold");
    expect(c.monotherapy.findings.find((f) => f.criterion === "tachycardia")?.tier).toBe("hold");
  });

  test("identical verdicts → no differences", () => {
    const c = compare(tilRequest({ assessment: { creatinineMgDl: 2.6 } }));
    expect(c.differences).toEqual([]);
    expect(c["til-adjunct"].decision).toBe("hold");
    expect(c.monotherapy.decision).toBe("hold");
  });

  test("criteria only: a course with 6 TIL doses given still gets verdicts, not complete", () => {
    const events = Array.from({ length: 6 }, (_, i) => given(at("2026-03-01T14:00:00Z", i * 8 * 60 * MIN)));
    const c = compare(tilRequest({ now: at(NOW, 48 * 60 * MIN), events, assessment: { at: at(NOW, 48 * 60 * MIN), labsAt: at(NOW, 48 * 60 * MIN) } }));
    expect(c["til-adjunct"].decision).toBe("give");
  });

  test("each side judges freshness and required fields by its own rule set", () => {
    const c = compare(tilRequest({ assessment: { fluidRefractoryHypotension: undefined, at: at(NOW, -200 * MIN) } }));
    // 200 min: stale after TIL (> 180), fresh in monotherapy (≤ 240); fluid-refractory hypotension required after TIL only.
    expect(c["til-adjunct"]).toMatchObject({ decision: "incomplete", stale: ["at"], missing: ["fluidRefractoryHypotension"] });
    expect(c.monotherapy).toMatchObject({ decision: "give", stale: [], missing: [] });
  });

  test("the TIL side uses the admission SBP target; monotherapy uses 90", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 93 }, course: { targetSbpMmHg: 95 } }));
    expect(c.differences).toEqual([expect.objectContaining({ criterion: "sbp-low", tilAdjunct: "hold", monotherapy: null })]);
  });

  test("contract 1.1: the combination rule firing on one side only is a difference row", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 125 } }));
    expect(c["til-adjunct"].decision).toBe("stop");
    expect(c.monotherapy.decision).toBe("hold");
    expect(c.differences).toEqual([{ criterion: "combination", tilAdjunct: "stop", monotherapy: null }]);
    expect(c.criterionLabels.combination).toMatch(/Combination/);
  });

  test("the combination firing on both sides is no difference", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 125, creatinineMgDl: 2.6 } }));
    expect(c.differences).toEqual([]);
    expect(c["til-adjunct"].combination.fired && c.monotherapy.combination.fired).toBe(true);
  });

  test("finding 5: compare, incomplete side still shows what fired (and stale values are compared too)", () => {
    const old = at(NOW, -200 * MIN);
    const c = compare(tilRequest({ assessment: { at: old, mentalStatus: "moderate", creatinineMgDl: undefined } }));
    expect(c["til-adjunct"]).toMatchObject({ missing: ["creatinineMgDl"], stale: ["at"] });
    expect(c["til-adjunct"].findings.map((f) => [f.criterion, f.tier])).toEqual([["mental-status", "stop"]]);
    expect(c["til-adjunct"].decision).toBe("stop");
    expect(c.monotherapy).toMatchObject({ decision: "incomplete", missing: ["creatinineMgDl"] });
    expect(c.monotherapy.findings.map((f) => [f.criterion, f.tier])).toEqual([["mental-status", "hold"]]);
    expect(c.differences).toEqual([{ criterion: "mental-status", tilAdjunct: "stop", monotherapy: "hold" }]);
  });

  test("a criterion one rule set does not have is null on that side, and criteriaIds says which it has", () => {
    const c = compare(tilRequest({ assessment: { fluidRefractoryHypotension: true } }));
    expect(c.differences).toEqual([{ criterion: "hypotension-refractory", tilAdjunct: "stop", monotherapy: null }]);
    expect(c["til-adjunct"].criteriaIds).toContain("hypotension-refractory");
    expect(c.monotherapy.criteriaIds).not.toContain("hypotension-refractory");
    expect(c.monotherapy.criteriaIds).toContain("holds-cumulative");
    expect(c["til-adjunct"].criteriaIds).not.toContain("holds-cumulative");
  });

  test("a monotherapy course without a target is judged after TIL at 90, with targetSbpMmHg missing on that side", () => {
    const c = compare(monoRequest({ assessment: { sbpMmHg: 89 } }));
    expect(c["til-adjunct"].missing).toEqual(["targetSbpMmHg"]);
    expect(c["til-adjunct"].findings.find((f) => f.criterion === "sbp-low")).toMatchObject({ tier: "hold", limit: 90 });
    expect(c["til-adjunct"].decision).toBe("incomplete");
    expect(c.monotherapy).toMatchObject({ decision: "hold", missing: [] });
  });

  test("holds-cumulative is judged on the monotherapy side from the events (current cycle by the time)", () => {
    const events = [given("2026-03-01T14:00:00Z"), held("2026-03-01T22:00:00Z"), held("2026-03-02T06:00:00Z"), held("2026-03-02T14:00:00Z")];
    const now = "2026-03-02T16:00:00Z";
    const c = compare(monoRequest({ now, events, assessment: { at: now, labsAt: now } }));
    expect(c.monotherapy.decision).toBe("stop");
    expect(c.differences).toEqual([{ criterion: "holds-cumulative", tilAdjunct: null, monotherapy: "stop" }]);
  });

  test("a pending stop review is the same on both sides (no difference) and stops both", () => {
    const events = [given("2026-03-01T14:00:00Z"), held("2026-03-01T22:00:00Z", undefined, ["mental-status"], { tier: "stop", reviewed: false })];
    const c = compare(tilRequest({ now: at("2026-03-01T22:00:00Z", H), events, assessment: { at: at("2026-03-01T22:00:00Z", H), labsAt: at("2026-03-01T22:00:00Z", H) } }));
    expect(c["til-adjunct"].decision).toBe("stop");
    expect(c.monotherapy.decision).toBe("stop");
    expect(c.differences).toEqual([]);
  });

  test("the output matches the response schema", () => {
    expect(CompareResultSchema.safeParse(compare(tilRequest({ assessment: { rhythm: "svt" } }))).success).toBe(true);
  });
});
