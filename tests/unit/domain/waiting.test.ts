// What waits for whom (lib/domain/waiting.ts): one list for the board, the timeline, the queues and the actions,
// most urgent first, and its words. Plain records, real engine decisions in the snapshots.
import { describe, expect, test } from "vitest";
import { eventWaitText, waitingFor, waitingText, type WaitingItem } from "@/lib/domain/waiting";
import type { ReviewedDoseEvent } from "@/lib/domain/records";
import { assessment, decisionFor, event, NOW, H, after } from "./fixtures";

// heart rate 130 under TIL 1.1.0: a judgment hold (protocols.md §4) that an attending must acknowledge once given
const judgmentHold = decisionFor({ assessment: assessment({ heartRateBpm: 130 }) });
const give = decisionFor();
const t = (h: number) => after(NOW, -h * H);

const reviewed = { holdReviews: [{ id: "00000000-0000-4000-b000-000000000001" }] };

describe("waitingFor: everything a course waits for, most urgent first", () => {
  test("order: stop, hold, judgment reviews, the cycle-2 go-ahead, order verification, the count", () => {
    const events: ReviewedDoseEvent[] = [
      event("given", 1, t(20), { decisionSnapshot: judgmentHold }),
      event("held", 2, t(12)),
      event("given", 3, t(11), { decisionSnapshot: give }),
      event("held", 4, t(4), { tier: "stop" }),
      event("held", 5, t(3)),
      event("stopped", 6, t(2)),
      event("held", 7, t(1), { tier: "discontinue" }),
    ];
    expect(waitingFor({ course: { status: "ordered" }, events, countDue: true, cycle2Ready: true })).toEqual<WaitingItem[]>([
      { who: "attending", what: "review", wait: "stop", events: [4, 7], tier: "discontinue" },
      { who: "attending", what: "review", wait: "hold", events: [2, 5, 6] },
      { who: "attending", what: "review", wait: "judgment", events: [1] },
      { who: "attending", what: "cycle-2-go-ahead" },
      { who: "pharmacist", what: "verify-order" },
      { who: "pharmacist", what: "count" },
    ]);
  });

  test("the order does not depend on the order of the events: a judgment listed before a stop still comes after it", () => {
    const events = [event("given", 1, t(3), { decisionSnapshot: judgmentHold }), event("held", 2, t(2)), event("held", 3, t(1), { tier: "stop" })];
    expect(waitingFor({ course: { status: "active" }, events, countDue: false, cycle2Ready: false }).map((i) => (i.what === "review" ? i.wait : i.what))).toEqual([
      "stop",
      "hold",
      "judgment",
    ]);
  });

  test("a given dose with a judgment finding waits for the attending (the copies that disagreed in issue 9)", () => {
    const events = [event("given", 1, t(1), { decisionSnapshot: { ok: true, result: judgmentHold } })];
    expect(waitingFor({ course: { status: "active" }, events, countDue: false, cycle2Ready: false })).toEqual([
      { who: "attending", what: "review", wait: "judgment", events: [1] },
    ]);
  });

  test("nothing waits: an active course, events reviewed, signed or entered in error, nothing due → []", () => {
    const events = [
      event("given", 1, t(5), { decisionSnapshot: give }),
      event("held", 2, t(4), reviewed),
      event("held", 3, t(3), { tier: "stop", ...reviewed }),
      event("stopped", 4, t(2), { authorizedByReviewId: "00000000-0000-4000-b000-000000000002" }),
      event("given", 5, t(1), { decisionSnapshot: judgmentHold, status: "entered_in_error" }),
    ];
    expect(waitingFor({ course: { status: "active" }, events, countDue: false, cycle2Ready: false })).toEqual([]);
  });

  test.each([
    ["ordered → the pharmacist verifies the order", "ordered", [{ who: "pharmacist", what: "verify-order" }]],
    ["active → no order verification", "active", []],
    ["closed → no order verification", "closed", []],
  ] as const)("course status %s", (_label, status, want) => {
    expect(waitingFor({ course: { status }, events: [], countDue: false, cycle2Ready: false })).toEqual(want);
  });

  test.each([
    ["countDue true → the pharmacist's count", true, false, [{ who: "pharmacist", what: "count" }]],
    ["cycle2Ready true → the attending's go-ahead", false, true, [{ who: "attending", what: "cycle-2-go-ahead" }]],
    ["both → the go-ahead first, then the count", true, true, [{ who: "attending", what: "cycle-2-go-ahead" }, { who: "pharmacist", what: "count" }]],
  ] as const)("%s", (_label, countDue, cycle2Ready, want) => {
    expect(waitingFor({ course: { status: "active" }, events: [], countDue, cycle2Ready })).toEqual(want);
  });
});

describe("waitingText: the board's words for one item", () => {
  test.each<[WaitingItem, string]>([
    [{ who: "attending", what: "review", wait: "stop", events: [4], tier: "stop" }, "Stop IL-2 — attending to decide"],
    [{ who: "attending", what: "review", wait: "stop", events: [4], tier: "discontinue" }, "Discontinue IL-2 — attending to decide"],
    [{ who: "attending", what: "review", wait: "stop", events: [4] }, "Stop IL-2 — attending to decide"],
    [{ who: "attending", what: "review", wait: "hold", events: [2, 5] }, "Attending: review a hold"],
    [{ who: "attending", what: "review", wait: "judgment", events: [1] }, "Attending: review a judgment finding"],
    [{ who: "attending", what: "cycle-2-go-ahead" }, "Attending: go-ahead for cycle 2"],
    [{ who: "pharmacist", what: "verify-order" }, "Pharmacist: verify the order"],
    [{ who: "pharmacist", what: "count" }, "Pharmacist: dose count"],
  ])("%j → %s", (item, want) => {
    expect(waitingText(item)).toBe(want);
  });
});

describe("eventWaitText: the timeline's words under an event", () => {
  test.each([
    ["waits for nothing → null", null, "hold", null],
    ["a stop-tier hold → stop", "stop", "stop", "■ Stop IL-2 — attending to decide"],
    ["a discontinue-tier hold → discontinue", "stop", "discontinue", "■ Discontinue IL-2 — attending to decide"],
    ["a stop wait with no tier → stop", "stop", null, "■ Stop IL-2 — attending to decide"],
    ["a hold → waiting for review", "hold", "hold", "◔ Waiting for attending review"],
    ["a judgment finding → waiting for acknowledgement", "judgment", null, "◔ Judgment finding — waiting for the attending to acknowledge"],
  ] as const)("%s", (_label, wait, tier, want) => {
    expect(eventWaitText(wait, tier)).toBe(want);
  });
});

describe("a dose given during downtime that met a stop at its time (issue 14, review finding 1)", () => {
  const flag = "Given during downtime; the rules would have stopped IL-2: Mental status changed.";
  test("its downtime wait carries the tier, so every screen's status is 'attending to decide'", () => {
    const events = [event("given", 1, t(9), { decisionSnapshot: give }), event("given", 2, t(1), { engineDecision: "discontinue", downtimeFlag: flag })];
    expect(waitingFor({ course: { status: "active" }, events, countDue: false, cycle2Ready: false })).toEqual<WaitingItem[]>([
      { who: "attending", what: "review", wait: "downtime", events: [2], tier: "discontinue" },
    ]);
  });
  test("a dose given during downtime the rules would only have held waits without a tier (it blocks nothing)", () => {
    const events = [event("given", 1, t(1), { engineDecision: "hold", downtimeFlag: "Given during downtime; the rules would have held it: Urine output low." })];
    expect(waitingFor({ course: { status: "active" }, events, countDue: false, cycle2Ready: false })).toEqual<WaitingItem[]>([
      { who: "attending", what: "review", wait: "downtime", events: [1] },
    ]);
  });
});

test("the board's words for a stop found on a paper dose: the stop first, then where it comes from", () => {
  expect(waitingText({ who: "attending", what: "review", wait: "downtime", events: [2], tier: "stop" })).toBe("Stop IL-2 — attending to decide (found on a dose given during downtime)");
  expect(waitingText({ who: "attending", what: "review", wait: "downtime", events: [2] })).toBe("Attending: acknowledge a dose given during downtime against the rules");
});
