// Cases from the independent clinical review of the engine (issue 8), kept as JSON requests beside this file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compareProtocols, evaluateDose } from "@/lib/rules";

const load = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, "review-cases", `${name}.json`), "utf8"));
const decided = (name: string) => {
  const out = evaluateDose(load(name));
  if (!out.ok) throw new Error(JSON.stringify(out.issues));
  return out.result;
};

describe("engine review fixes", () => {
  test("a monotherapy cycle 1 that closed with no dose given needs an attending, also in the rest period (contract: needsAttendingReview)", () => {
    const d = decided("nar_c1_closed_nogiven");
    expect([d.decision, d.reason, d.needsAttendingReview]).toEqual(["wait", "rest-period", true]);
  });

  test("compare mode reads holds-cumulative only while the cycle's window is open (protocols.md §4, 'in compare mode too')", () => {
    const out = compareProtocols(load("cmp_hc_rest"));
    if (!out.ok) throw new Error(JSON.stringify(out.issues));
    expect(out.result.monotherapy.findings.map((f) => f.criterion)).not.toContain("holds-cumulative");
    expect(out.result.differences).toEqual([]);
  });

  test("TIL: when the window from the first event has closed and the start deadline was missed, the contract's order says window-closed", () => {
    const d = decided("til_both");
    expect([d.decision, d.reason, d.needsAttendingReview]).toEqual(["complete", "window-closed", true]);
  });

  test("a cycle-2 go-ahead dated after now is not yet given: cycle 2 waits", () => {
    const d = decided("appr_future");
    expect([d.decision, d.reason]).toEqual(["wait", "rest-period"]);
  });
});
