// Compare mode (engine-contract.md): the same course and assessment under both default rule sets, criteria only.
import { describe, expect, test } from "vitest";
import { CompareResultSchema, compareProtocols, type CompareResult } from "@/lib/rules";
import { MIN, NOW, at, given, monoRequest, tilRequest } from "./fixtures";

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
    expect(c["til-adjunct"].ruleSet).toEqual({ id: "til-2024", version: "1.0.0" });
    expect(c.monotherapy.ruleSet).toEqual({ id: "mono-2014", version: "1.0.0" });
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
    const c = compare(tilRequest({ assessment: { plateletsPerUl: undefined, at: at(NOW, -200 * MIN) } }));
    // 200 min: stale after TIL (> 180), fresh in monotherapy (≤ 240); platelets required in monotherapy only.
    expect(c["til-adjunct"]).toMatchObject({ decision: "incomplete", stale: ["at"], missing: [] });
    expect(c.monotherapy).toMatchObject({ decision: "incomplete", stale: [], missing: ["plateletsPerUl"] });
  });

  test("the TIL side uses the admission SBP target; monotherapy uses 90", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 93 }, course: { targetSbpMmHg: 95 } }));
    expect(c.differences).toEqual([expect.objectContaining({ criterion: "sbp-low", tilAdjunct: "hold", monotherapy: null })]);
  });

  test("the combination rule differs: two hold criteria stop after TIL, hold in monotherapy", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 125 } }));
    expect(c["til-adjunct"].decision).toBe("stop");
    expect(c.monotherapy.decision).toBe("hold");
    expect(c.differences).toEqual([]);
  });

  test("the output matches the response schema", () => {
    expect(CompareResultSchema.safeParse(compare(tilRequest({ assessment: { rhythm: "svt" } }))).success).toBe(true);
  });
});
