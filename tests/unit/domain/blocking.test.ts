// What blocks what (lib/domain/blocking.ts): which unresolved item stops the next dose and what clears it, the same
// rule the review queue, the review action, the dose screen and record-dose read. Plain records, one fixed `now`.
import { describe, expect, test } from "vitest";
import { blockingText, doseNumberOf, openItems, overrideBlocker, pendingStops, type BlockingEvent } from "@/lib/domain/blocking";
import { doseActions } from "@/lib/domain/dose-policy";
import { stopIsJudgment } from "@/lib/domain/review";
import type { ReviewedDoseEvent } from "@/lib/domain/records";
import { assessment, decisionFor, event, MIN, NOW, tilTwoGiven, after, ASSESSMENT_ID, OTHER_ASSESSMENT_ID } from "./fixtures";

const t = (hhmm: string) => new Date(`2026-03-02T${hhmm}:00Z`);
const reviewed = (outcome: string) => ({ holdReviews: [{ id: `r-${outcome}`, outcome }] });
const never = () => false;
const always = () => true;

// The story of issue 10, observation 3: doses 1 and 2 given; dose 3 held at stop tier at 04:10 (older, unresolved),
// then a plain hold at 05:45 on the latest assessment (newer). Both belong to dose 3.
const olderStop = event("held", 3, t("04:10"), { tier: "stop", engineDecision: "stop", assessmentId: OTHER_ASSESSMENT_ID });
const newerHold = event("held", 4, t("05:45"), { assessmentId: ASSESSMENT_ID });
const story = (): ReviewedDoseEvent[] => [...tilTwoGiven(), olderStop, newerHold];

describe("doseNumberOf: the dose an event belongs to", () => {
  test.each([
    ["the first given dose is dose 1", 0, 1],
    ["the second given dose is dose 2", 1, 2],
    ["a hold after two given doses belongs to dose 3", 2, 3],
    ["a second hold of the same dose is still dose 3", 3, 3],
  ] as const)("%s", (_label, index, want) => {
    const events = story();
    expect(doseNumberOf(events, events[index]!)).toBe(want);
  });
  test("an entered-in-error given dose does not count", () => {
    const events = [event("given", 1, t("00:00"), { status: "entered_in_error" }), event("held", 2, t("01:00"))];
    expect(doseNumberOf(events, events[1]!)).toBe(1);
  });
});

describe("pendingStops: the stop-tier holds the engine counts as pending-stop-review", () => {
  test.each<[string, ReviewedDoseEvent[], number[]]>([
    ["an unreviewed stop-tier hold → pending", story(), [3]],
    ["reviewed (any outcome, e.g. reassess) → not pending", [...tilTwoGiven(), { ...olderStop, ...reviewed("reassess") }, newerHold], []],
    ["followed by a stopped event → settled", [...tilTwoGiven(), olderStop, event("stopped", 4, t("05:00"))], []],
    ["entered in error → not pending", [...tilTwoGiven(), { ...olderStop, status: "entered_in_error" }], []],
    ["a plain hold is never a pending stop", [...tilTwoGiven(), newerHold], []],
    ["a discontinue-tier hold → pending", [...tilTwoGiven(), event("held", 3, t("04:10"), { tier: "discontinue" })], [3]],
  ])("%s", (_label, events, want) => {
    expect(pendingStops(events).map((e) => e.sequence)).toEqual(want);
  });

  test("agrees with the engine: an unreviewed stop-tier hold makes the next decision stop (pending-stop-review), a reviewed one does not", () => {
    const pending = decisionFor({ events: story(), assessment: assessment({ takenAt: after(NOW, -5 * MIN) }) });
    expect([pending.decision, pending.findings.map((f) => f.criterion)]).toEqual(["stop", ["pending-stop-review"]]);
    const settled = decisionFor({ events: [...tilTwoGiven(), { ...olderStop, ...reviewed("reassess") }], assessment: assessment({ takenAt: after(NOW, -5 * MIN) }) });
    expect(settled.decision).toBe("give");
  });
});

describe("overrideBlocker: an earlier stop that an override of a later hold could not get past", () => {
  test("the story: overriding the newer hold is blocked by the older stop (dose 3, event #3, held 04:10)", () => {
    expect(overrideBlocker(story(), newerHold.id)).toEqual({ eventId: olderStop.id, sequence: 3, doseNumber: 3, occurredAt: t("04:10"), tier: "stop" });
  });
  test("the stop-tier hold being overridden itself (holds-cumulative) does not block its own override", () => {
    const events = [...tilTwoGiven(), event("held", 3, t("04:10"), { tier: "stop", engineDecision: "hold" })];
    expect(overrideBlocker(events, events[2]!.id)).toBeNull();
  });
  test.each<[string, ReviewedDoseEvent[]]>([
    ["the older stop reassessed (signed)", [...tilTwoGiven(), { ...olderStop, ...reviewed("reassess") }, newerHold]],
    ["the older stop settled by a stopped event", [...tilTwoGiven(), olderStop, event("stopped", 4, t("05:00")), { ...newerHold, sequence: 5 }]],
    ["no older stop", [...tilTwoGiven(), newerHold]],
  ])("%s → nothing blocks the override", (_label, events) => {
    expect(overrideBlocker(events, newerHold.id)).toBeNull();
  });
});

describe("openItems: every unresolved item, by dose, with what it blocks and what clears it", () => {
  test("the story: the older stop blocks every dose (clears by stop, discontinue; reassess only for a judgment stop); the newer hold blocks giving on its assessment and no override is offered", () => {
    expect(openItems(story(), never).map((i) => [i.sequence, i.doseNumber, i.wait, i.blocks, i.clearedBy, i.blockedBy?.sequence ?? null])).toEqual([
      [3, 3, "stop", "every-dose", ["stop", "discontinue"], null],
      [4, 3, "hold", "giving-on-its-assessment", ["new-assessment"], 3],
    ]);
    expect(openItems(story(), always)[0]?.clearedBy).toEqual(["stop", "discontinue", "reassess"]);
  });

  test("a plain hold alone: override or a new assessment clears it", () => {
    expect(openItems([...tilTwoGiven(), newerHold], never).map((i) => [i.blocks, i.clearedBy, i.blockedBy])).toEqual([["giving-on-its-assessment", ["override", "new-assessment"], null]]);
  });

  test("a plain hold with a later event: it blocks nothing more, it waits to be confirmed", () => {
    const events = [...tilTwoGiven(), newerHold, event("given", 5, t("05:55"))];
    expect(openItems(events, never).map((i) => [i.sequence, i.blocks, i.clearedBy])).toEqual([[4, "nothing", ["confirm"]]]);
  });

  test("a judgment finding on a given dose blocks nothing and waits to be acknowledged", () => {
    const judgment = decisionFor({ assessment: assessment({ heartRateBpm: 130, sbpMmHg: 110 }) });
    // (HR 130: tachycardia hold, judgment; recorded here as a dose given under review for the test)
    const events = [...tilTwoGiven(), event("given", 3, t("05:50"), { decisionSnapshot: { ...judgment, decision: "give" } })];
    expect(openItems(events, never).map((i) => [i.doseNumber, i.wait, i.blocks, i.clearedBy])).toEqual([[3, "judgment", "nothing", ["confirm"]]]);
  });

  test("a stop-tier hold settled by a later stopped event blocks nothing more (IL-2 is off); the stopped event waits for confirmation", () => {
    const events = [...tilTwoGiven(), olderStop, event("stopped", 4, t("05:00"))];
    expect(openItems(events, always).map((i) => [i.sequence, i.wait, i.blocks, i.clearedBy])).toEqual([
      [3, "stop", "nothing", ["confirm"]],
      [4, "hold", "nothing", ["confirm"]],
    ]);
  });

  test("a discontinue-tier hold clears only by discontinue", () => {
    const events = [...tilTwoGiven(), event("held", 3, t("04:10"), { tier: "discontinue" })];
    expect(openItems(events, always)[0]?.clearedBy).toEqual(["discontinue"]);
  });

  test("reviewed items are not open; items sort by dose, then event", () => {
    const events: BlockingEvent[] = [
      event("held", 1, t("00:10"), { tier: "hold" }),
      event("given", 2, t("00:20")),
      { ...event("held", 3, t("00:30")), ...reviewed("confirm") },
      event("held", 4, t("00:40"), { tier: "stop", engineDecision: "stop" }),
    ];
    expect(openItems(events, never).map((i) => [i.sequence, i.doseNumber])).toEqual([[1, 1], [4, 2]]);
  });
});

describe("blockingText: what an item blocks and what clears it, in words", () => {
  test.each([
    ["a pending judgment stop", { blocks: "every-dose", clearedBy: ["stop", "discontinue", "reassess"], wait: "stop" }, "blocks every dose; clears when you stop, discontinue or reassess at the next assessment"],
    ["a pending stop", { blocks: "every-dose", clearedBy: ["stop", "discontinue"], wait: "stop" }, "blocks every dose; clears when you stop or discontinue"],
    ["a plain hold", { blocks: "giving-on-its-assessment", clearedBy: ["override", "new-assessment"], wait: "hold" }, "blocks giving on its assessment; clears when you override, or when a new assessment re-decides"],
    ["a plain hold behind a stop", { blocks: "giving-on-its-assessment", clearedBy: ["new-assessment"], wait: "hold" }, "blocks giving on its assessment; clears when a new assessment re-decides"],
    ["a judgment finding", { blocks: "nothing", clearedBy: ["confirm"], wait: "judgment" }, "blocks nothing; waits for you to acknowledge it"],
    ["a settled item", { blocks: "nothing", clearedBy: ["confirm"], wait: "hold" }, "blocks nothing more; waits for you to confirm it"],
  ] as const)("%s", (_label, item, want) => {
    expect(blockingText({ ...item, clearedBy: [...item.clearedBy] })).toBe(want);
  });
});

describe("doseActions uses the same rule: give is never offered under an override that an earlier stop blocks", () => {
  const hold = decisionFor({ assessment: assessment({ sbpMmHg: 89 }) });
  test("an override marked usable but blocked by an earlier stop → no give, the blocker named", () => {
    const blocker = overrideBlocker(story(), newerHold.id);
    const a = doseActions({ decision: hold, overrideUsable: true, heldOnThisAssessment: true, overrideBlockedBy: blocker });
    expect([a.canGive, a.underOverride, a.overrideBlockedBy?.sequence]).toEqual([false, false, 3]);
  });
  test("the same override with nothing blocking → give under override", () => {
    const a = doseActions({ decision: hold, overrideUsable: true, heldOnThisAssessment: true, overrideBlockedBy: null });
    expect([a.canGive, a.underOverride]).toEqual([true, true]);
  });
});

describe("reassess: the hold stands and only new observations re-decide (contract 1.1)", () => {
  // TIL 1.1.0: SBP 85 + HR 125 at 05:30 → the combination rule (judgment) → stop, recorded as a stop-tier hold at 05:35
  const stopValues = assessment({ sbpMmHg: 85, heartRateBpm: 125 });
  const stopDecision = decisionFor({ assessment: stopValues });
  const stopHold = (over: Partial<ReviewedDoseEvent> = {}) =>
    event("held", 3, t("05:35"), { tier: "stop", engineDecision: "stop", decisionSnapshot: stopDecision, assessmentId: ASSESSMENT_ID, ...over });

  test("the stop is a judgment stop, so reassess is offered", () => {
    expect([stopDecision.decision, stopIsJudgment(stopDecision)]).toEqual(["stop", true]);
  });
  test("before the attending decides: the same values say stop (pending-stop-review)", () => {
    expect(decisionFor({ events: [...tilTwoGiven(), stopHold()], assessment: stopValues }).decision).toBe("stop");
  });
  test("reassessed: the same, now stale, values never say give", () => {
    const d = decisionFor({ events: [...tilTwoGiven(), stopHold(reviewed("reassess"))], assessment: stopValues });
    expect([d.decision, d.stale]).toEqual(["incomplete", ["at"]]);
  });
  test("reassessed, then a new assessment: clean values give, the same combination stops again", () => {
    const events = [...tilTwoGiven(), stopHold(reviewed("reassess"))];
    expect(decisionFor({ events, assessment: assessment({ takenAt: after(NOW, -5 * MIN) }) }).decision).toBe("give");
    const again = decisionFor({ events, assessment: assessment({ sbpMmHg: 85, heartRateBpm: 125, takenAt: after(NOW, -5 * MIN) }) });
    expect([again.decision, again.combination?.fired]).toEqual(["stop", true]);
  });
  test("after the reassessment the stop is no longer open: it blocks nothing and waits for nobody", () => {
    expect(openItems([...tilTwoGiven(), stopHold(reviewed("reassess"))], always)).toEqual([]);
  });
});

describe("two pending stops: the newer one names the older as still blocking", () => {
  test("the older has no blocker; the newer (a holds-cumulative stop the engine decided as a hold) is blocked by the older, so its override would not allow the dose", () => {
    const events = [...tilTwoGiven(), olderStop, event("held", 4, t("05:45"), { tier: "stop", engineDecision: "hold" })];
    expect(openItems(events, never).map((i) => [i.sequence, i.blocks, i.blockedBy?.sequence ?? null])).toEqual([
      [3, "every-dose", null],
      [4, "every-dose", 3],
    ]);
    expect(overrideBlocker(events, events[3]!.id)?.sequence).toBe(3);
  });
});

describe("a dose given during downtime against the rules (issue 14)", () => {
  const flagged = (engineDecision: string) =>
    event("given", 3, NOW, { engineDecision, downtimeFlag: "Given during downtime; the rules would not have given it.", holdReviews: [] });
  test("met a stop at its time: blocks every dose until the attending acknowledges it", () => {
    expect(openItems([flagged("stop")], never).map((i) => [i.wait, i.blocks, i.clearedBy])).toEqual([["downtime", "every-dose", ["acknowledge"]]]);
    expect(openItems([flagged("discontinue")], never)[0]?.blocks).toBe("every-dose");
  });
  test("would only have been held (or not yet due): blocks nothing, waits for the acknowledgement", () => {
    expect(openItems([flagged("hold")], never).map((i) => [i.wait, i.blocks, i.clearedBy])).toEqual([["downtime", "nothing", ["acknowledge"]]]);
    expect(openItems([flagged("wait")], never)[0]?.blocks).toBe("nothing");
  });
});
