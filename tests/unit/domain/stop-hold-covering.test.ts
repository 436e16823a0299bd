// Review HIGH 1 (decision 041, "A stop observed while a stop waits"): a stop the assessment shows is left unrecorded
// only when a stop already waiting at the same or a higher tier can be cleared by nothing but ending IL-2. A judgment
// stop (reassess) or a holds-cumulative stop (override) can be cleared without it, so the new stop is its own item.
import { describe, expect, test } from "vitest";
import { stopHoldOf } from "@/lib/domain/stop-hold";
import { pendingStopCovers, pendingStops } from "@/lib/domain/blocking";
import type { DoseDecision, Finding } from "@/lib/rules";
import { assessment, decisionFor, event, tilTwoGiven, after, NOW, MIN } from "./fixtures";

const finding = (criterion: string, tier: Finding["tier"], parameter: string): Finding => ({ criterion, tier, parameter, criterionLabel: criterion }) as Finding;
const ectopyWhilePending = { decision: "stop", combination: null, findings: [finding("arrhythmia", "stop", "rhythm"), finding("pending-stop-review", "stop", "events")] } as unknown as Pick<DoseDecision, "decision" | "findings" | "combination">;

describe("stopHoldOf with the stops that wait", () => {
  test.each([
    ["a judgment stop waits (reassessable) → the stated stop is recorded", [{ tier: "stop", endsIl2Only: false }], { tier: "stop", criteria: ["arrhythmia"] }],
    ["a holds-cumulative stop waits (overridable) → recorded", [{ tier: "stop", endsIl2Only: false }], { tier: "stop", criteria: ["arrhythmia"] }],
    ["a stated stop waits (only stop/discontinue clear it) → not recorded twice", [{ tier: "stop", endsIl2Only: true }], null],
    ["a stated discontinue waits → not recorded", [{ tier: "discontinue", endsIl2Only: true }], null],
    ["a judgment stop and a stated stop wait → not recorded (the stated one ends IL-2 first)", [{ tier: "stop", endsIl2Only: false }, { tier: "stop", endsIl2Only: true }], null],
  ] as const)("%s", (_label, pending, want) => {
    const got = stopHoldOf(ectopyWhilePending, pending);
    if (want === null) expect(got).toBeNull();
    else expect(got).toMatchObject(want);
  });

  test("a discontinue while only a stated stop waits → recorded at discontinue", () => {
    const d = { ...ectopyWhilePending, decision: "discontinue", findings: [finding("permanent-event", "discontinue", "permanentEvents"), finding("pending-stop-review", "stop", "events")] } as typeof ectopyWhilePending;
    expect(stopHoldOf(d, [{ tier: "stop", endsIl2Only: true }])).toMatchObject({ tier: "discontinue" });
  });
});

describe("pendingStopCovers: which waiting stops only ending IL-2 clears", () => {
  const stopOn = (values: Parameters<typeof assessment>[0], sequence: number, over: Parameters<typeof event>[3] = {}) => {
    const d = decisionFor({ events: tilTwoGiven(), assessment: assessment({ takenAt: after(NOW, -20 * MIN), ...values }) });
    return event("held", sequence, after(NOW, -10 * MIN), { tier: "stop", engineDecision: d.decision, decisionSnapshot: d as unknown, ...over });
  };

  test("a combination stop (judgment) is reassessable; HR 131 (stated) ends IL-2 only; a holds-cumulative stop (engine said hold) is overridable", () => {
    const judgment = stopOn({ sbpMmHg: 85, heartRateBpm: 125 }, 3);
    const stated = stopOn({ heartRateBpm: 131 }, 3);
    const cumulative = event("held", 3, after(NOW, -10 * MIN), { tier: "stop", engineDecision: "hold" });
    expect(pendingStopCovers([...tilTwoGiven(), judgment])).toEqual([{ tier: "stop", endsIl2Only: false }]);
    expect(pendingStopCovers([...tilTwoGiven(), stated])).toEqual([{ tier: "stop", endsIl2Only: true }]);
    expect(pendingStopCovers([...tilTwoGiven(), cumulative])).toEqual([{ tier: "stop", endsIl2Only: false }]);
  });

  test("a reviewed stop no longer waits, so it covers nothing", () => {
    const stated = stopOn({ heartRateBpm: 131 }, 3, { holdReviews: [{ id: "r" }] });
    expect(pendingStops([...tilTwoGiven(), stated])).toEqual([]);
    expect(pendingStopCovers([...tilTwoGiven(), stated])).toEqual([]);
  });
});
