// The attending's side-by-side view (compare 1.1), rendered to text from real engine output: what each side says.
import { describe, expect, test } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { compareProtocols, type CompareResult } from "@/lib/rules";
import { ProtocolComparison } from "@/components/review/protocol-comparison";
import { MIN, NOW, at, monoRequest, tilRequest } from "../rules/fixtures";

function compare(input: unknown): CompareResult {
  const r = compareProtocols(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.result;
}

/** The rendered view as plain text, one line per cell, paragraph and list item. */
function view(c: CompareResult): string {
  return renderToStaticMarkup(createElement(ProtocolComparison, { comparison: c }))
    .replace(/<(td|th|p|li|tr)[^>]*>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

describe("ProtocolComparison", () => {
  test("SBP 85 and HR 125: 2 hold criteria stop after TIL (≥ 2), hold in monotherapy (needs 3); the combination row and the reason say so", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 125 } }));
    expect(c.differences).toEqual([{ criterion: "combination", tilAdjunct: "stop", monotherapy: null }]);
    const text = view(c);
    expect(text).toContain("TIL ≥ 2 → stop / monotherapy ≥ 3 → stop");
    expect(text).toContain("Stop: fired");
    expect(text).toMatch(/The decisions differ\. After TIL: stop, because 2 hold criteria make a stop \(combination rule: 2 or more\); monotherapy: hold, because .* \(2 hold criteria; the combination rule needs 3 to stop\)\./);
    expect(text).toMatch(/stop after TIL \(2 hold criteria\); did not fire in monotherapy \(2 hold criteria, needs 3\)/);
    expect(text).not.toContain("same tier");
  });

  test("TIL stop, monotherapy hold with the same criteria and tiers: the box says in words that the combination rule counts them differently (issue 10)", () => {
    const c = compare(tilRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 125 } }));
    expect([c["til-adjunct"].decision, c.monotherapy.decision]).toEqual(["stop", "hold"]);
    const text = view(c);
    expect(text).toContain("Same criteria and tiers, but after TIL 2 hold criteria at once make a stop (combination rule, judgment); monotherapy needs 3.");
    expect(text).not.toContain("Every criterion that fires has the same tier");
  });

  test("a criterion with a different tier explains the difference itself: no “same criteria and tiers” sentence", () => {
    const c = compare(tilRequest({ assessment: { fluidRefractoryHypotension: true } }));
    expect(view(c)).not.toContain("Same criteria and tiers");
  });

  test("a criterion monotherapy lacks reads “Not a criterion in monotherapy”, never “did not fire”", () => {
    const c = compare(tilRequest({ assessment: { fluidRefractoryHypotension: true } }));
    expect(c.differences).toContainEqual({ criterion: "hypotension-refractory", tilAdjunct: "stop", monotherapy: null });
    const text = view(c);
    expect(text).toMatch(/\nHypotension not responding to fluids\s*\n■ Stop[\s\S]*?\nNot a criterion in monotherapy/);
    // the row names the criterion in the rule set's words only, never its id
    expect(text).not.toContain("hypotension-refractory");
    expect(text).toContain("not a criterion in monotherapy.");
  });

  test("an incomplete side still shows its findings, says it cannot decide, and names what is missing and too old in the form's words", () => {
    // 200 min old: too old after TIL (> 180), fresh in monotherapy (≤ 240); creatinine missing on both sides
    const c = compare(tilRequest({ assessment: { creatinineMgDl: undefined, at: at(NOW, -200 * MIN), mentalStatus: "mild" } }));
    expect(c["til-adjunct"]).toMatchObject({ decision: "incomplete", missing: ["creatinineMgDl"], stale: ["at"] });
    const text = view(c);
    expect(text).toContain("Missing: Creatinine (mg/dL).");
    expect(text).toContain("Too old for this rule set: the assessment time.");
    expect(text).toContain("Its findings are shown below, but it cannot decide on missing or stale data.");
    expect(text).toMatch(/\nMental status changed\s*\n‖ Hold[\s\S]*\n‖ Hold/);
    expect(text).not.toContain("mental-status");
    expect(text).not.toContain("Both rule sets decide cannot decide");
  });

  test("a monotherapy course judged after TIL: the missing SBP target is named, and the decisions differ in words", () => {
    const c = compare(monoRequest({ assessment: { urineOutputMl: 250 } }));
    expect(c["til-adjunct"]).toMatchObject({ decision: "incomplete", missing: ["targetSbpMmHg"] });
    expect(c.monotherapy.decision).toBe("give");
    const text = view(c);
    expect(text).toContain("Missing: the admission SBP target (an order field).");
    expect(text).toMatch(/The decisions differ\. After TIL: cannot decide: the admission SBP target \(an order field\) missing; its findings \(Urine output low: Hold this dose\) are shown, but it cannot decide; monotherapy: give, no criterion fired\./);
    expect(text).not.toContain("same tier");
  });

  test("same decision, same tiers: the view says so; published vs our inference is shown for what fires", () => {
    const c = compare(tilRequest({ assessment: { creatinineMgDl: 2.6 } }));
    expect(c.differences).toEqual([]);
    const text = view(c);
    expect(text).toContain("Both rule sets decide hold.");
    expect(text).toContain("Every criterion that fires has the same tier under both rule sets.");
    expect(text).toContain("Published or our inference");
  });
});
