import { describe, expect, test } from "vitest";
import { stopHoldOf } from "@/lib/domain/stop-hold";
import type { DoseDecision, Finding } from "@/lib/rules";

const finding = (criterion: string, tier: Finding["tier"], parameter = "mentalStatus"): Finding =>
  ({ criterion, tier, parameter, criterionLabel: criterion }) as Finding;
const decision = (d: DoseDecision["decision"], findings: Finding[], combination: DoseDecision["combination"] = null) =>
  ({ decision: d, findings, combination }) as Pick<DoseDecision, "decision" | "findings" | "combination">;
const combo = (fired: boolean, holdCriteria: string[]) => ({ fired, holdCriteria }) as DoseDecision["combination"];

describe("stopHoldOf: which decisions are recorded at once as a held event at their tier", () => {
  test.each([
    ["give", [], null, null],
    ["hold", [finding("sbp-low", "hold", "sbpMmHg")], null, null],
    ["wait with a hold finding", [finding("sbp-low", "hold", "sbpMmHg")], null, null],
    ["stop from coma", [finding("mental-status", "stop")], null, { tier: "stop", criteria: ["mental-status"] }],
    ["discontinue beats stop", [finding("mental-status", "stop"), finding("permanent-event", "discontinue", "permanentEvents")], null, { tier: "discontinue", criteria: ["mental-status", "permanent-event"] }],
    ["stop from events only (pending review)", [finding("pending-stop-review", "stop", "events")], null, null],
    ["stop from events only (3 consecutive holds)", [finding("holds-cumulative", "stop", "events")], null, null],
    ["a new stop while a stop is pending, nothing said of the pending one: recorded (never assumed covered)", [finding("pending-stop-review", "stop", "events"), finding("mental-status", "stop")], null, { tier: "stop", criteria: ["mental-status"] }],
    ["a discontinue while only a stop is pending: recorded", [finding("pending-stop-review", "stop", "events"), finding("permanent-event", "discontinue", "permanentEvents")], null, { tier: "discontinue", criteria: ["permanent-event"] }],
  ] as const)("%s", (label, findings, _c, want) => {
    const d = label.startsWith("give") ? "give" : label.startsWith("hold") ? "hold" : label.startsWith("wait") ? "wait" : label.startsWith("discontinue") || label.includes("a discontinue") ? "discontinue" : "stop";
    const got = stopHoldOf(decision(d, [...findings]));
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatchObject(want);
  });

  test("the combination rule (two hold criteria after TIL) is a stop naming its hold criteria", () => {
    const got = stopHoldOf(decision("stop", [finding("sbp-low", "hold", "sbpMmHg"), finding("hypoxia", "hold", "spo2Pct")], combo(true, ["sbp-low", "hypoxia"])));
    expect(got).toMatchObject({ tier: "stop", criteria: ["sbp-low", "hypoxia"] });
  });
});
