// Runs every scenario file beside this test through the engine in-process, with check-scenarios' expectation
// semantics (./check.ts). The same scenarios through the real command line (`npm run evaluate`, a child process per
// call) are in tests/cli/evaluate-cli.test.ts, outside the unit tier.
import { describe, expect, test } from "vitest";
import { compareProtocols, evaluateDose } from "@/lib/rules";
import { check, scenarioFiles, scenarios, type Scenario } from "./check";

function runInProcess(s: Scenario): { exit: number; out: Record<string, unknown> } {
  const compare = (s.args ?? []).includes("--compare");
  const outcome = compare ? compareProtocols(s.request) : evaluateDose(s.request);
  if (!outcome.ok) return { exit: 2, out: { error: outcome.error, issues: outcome.issues } };
  // Through JSON, exactly as the CLI prints it.
  return { exit: 0, out: JSON.parse(JSON.stringify(outcome.result)) as Record<string, unknown> };
}

describe("shared scenarios, in-process", () => {
  test("the scenario folder holds the shared scenarios", () => {
    expect(scenarioFiles.length).toBeGreaterThanOrEqual(22);
  });

  test.each(scenarios)("%s", (_file, s) => {
    const { exit, out } = runInProcess(s);
    expect(check(s.expect, exit, out)).toEqual([]);
  });
});

describe("the expectation checker itself", () => {
  test("reports a wrong decision, a wrong finding tier, a missing judgment and a wrong exit", () => {
    const out = { decision: "hold", findings: [{ criterion: "sbp-low", tier: "hold", judgment: false }], missing: ["at"] };
    expect(check({ decision: "give" }, 0, out)).toHaveLength(1);
    expect(check({ findings: { "sbp-low": "stop" } }, 0, out)).toHaveLength(1);
    expect(check({ judgment: ["sbp-low"] }, 0, out)).toHaveLength(1);
    expect(check({ exit: 2 }, 0, out)).toHaveLength(1);
    expect(check({ missing: ["at", "labsAt"] }, 0, out)).toHaveLength(1);
    expect(check({ "window.earliestAt": "2026-03-01T13:00:00Z" }, 0, out)).toHaveLength(1);
    expect(check({ decision: "hold", findings: { "sbp-low": "hold" }, missing: ["at"] }, 0, out)).toEqual([]);
    expect(check({ "finding:sbp-low.tier": "stop" }, 0, out)).toHaveLength(1);
    expect(check({ "finding:sbp-low.tier": "hold" }, 0, out)).toEqual([]);
    expect(check({ "finding:tachycardia.tier": "hold" }, 0, out)).toHaveLength(1);
    expect(check({ notAssessed: ["bilirubinMgDl"] }, 0, out)).toHaveLength(1);
  });
});
