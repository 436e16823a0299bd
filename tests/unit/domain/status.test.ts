// The course's dose status (lib/domain/status.ts): one answer and one set of words for the board and the course page.
// Real engine decisions from plain records (TIL 1.1.0: cells ended 2026-03-01 10:00, doses given 14:00 and 22:00, so
// dose 3 is due 2026-03-02 06:00 and may be given from 05:30); times shown in UTC.
import { describe, expect, test } from "vitest";
import { courseDoseStatus, courseNeedsAttendingReview, doseStatus, doseStatusText, mayBeOverdue, type DoseStatus } from "@/lib/domain/status";
import type { ReviewedDoseEvent } from "@/lib/domain/records";
import { after, assessment, course, decisionFor, event, H, MIN, TIL_CELLS_END, tilTwoGiven } from "./fixtures";

const UTC = "UTC";
const iso = (s: string) => new Date(s);
const DUE = iso("2026-03-02T06:00:00Z");
const a0530 = assessment({ takenAt: iso("2026-03-02T05:30:00Z"), labsAt: iso("2026-03-02T05:00:00Z") });
const lowSbp = assessment({ takenAt: iso("2026-03-02T05:30:00Z"), labsAt: iso("2026-03-02T05:00:00Z"), sbpMmHg: 85 });
const reviewed = { holdReviews: [{ id: "r1" }] };

function statusAt(args: { now: Date; events?: ReviewedDoseEvent[]; a?: typeof a0530 | null; courseStatus?: "ordered" | "active" | "closed"; heldOnThisAssessment?: boolean }): DoseStatus {
  const events = args.events ?? tilTwoGiven();
  const c = course({ status: args.courseStatus ?? "active" });
  const decision = decisionFor({ now: args.now, events, assessment: args.a === undefined ? a0530 : args.a, course: c });
  return courseDoseStatus({
    course: c,
    events,
    decision,
    actions: { canGive: decision.decision === "give", heldOnThisAssessment: args.heldOnThisAssessment ?? false, underOverride: false },
    hasAssessment: args.a !== null,
    now: args.now,
  });
}

describe("give, overdue and not yet", () => {
  test.each([
    ["05:29: inside the interval (22:00 + 8 h − 30 min = 05:30)", "2026-03-02T05:29:00Z", "not-yet", "Not yet — earliest 05:30"],
    ["05:30: from the earliest time, before the due time", "2026-03-02T05:30:00Z", "give", "Give dose 3 now"],
    ["06:00: at the due time, not past it", "2026-03-02T06:00:00Z", "give", "Give dose 3 now"],
    ["06:01: past the due time and nothing blocks the dose", "2026-03-02T06:01:00Z", "overdue", "Overdue — dose 3 was due 06:00"],
  ])("%s", (_label, now, kind, label) => {
    const s = statusAt({ now: iso(now) });
    expect(s.kind).toBe(kind);
    expect(doseStatusText(s, UTC, iso(now)).label).toBe(label);
  });

  test("the due time may turn overdue on screen only when the dose could be given", () => {
    expect(mayBeOverdue(statusAt({ now: iso("2026-03-02T05:45:00Z") }))).toBe(true);
    expect(mayBeOverdue(statusAt({ now: iso("2026-03-02T05:29:00Z") }))).toBe(false);
  });
});

describe("a held patient is never overdue", () => {
  const held = (over: Partial<ReviewedDoseEvent> = {}) => [...tilTwoGiven(), event("held", 3, iso("2026-03-02T05:40:00Z"), over)];
  test.each([
    ["the hold waits for the attending", {}, "held-review", "Held — waiting for attending review"],
    ["the hold was reviewed: a new assessment re-decides it", reviewed, "held", "Held — new assessment needed"],
  ])("%s (hours past the due time)", (_l, over, kind, label) => {
    const now = after(DUE, 5 * H);
    const s = statusAt({ now, events: held(over), a: lowSbp, heldOnThisAssessment: true });
    expect(s.kind).toBe(kind);
    const text = doseStatusText(s, UTC, now);
    expect(text.label).toBe(label);
    expect(`${text.label} ${text.detail}`).not.toMatch(/overdue/i);
    expect(mayBeOverdue(s)).toBe(false);
  });

  test("a stop-tier hold waiting for the attending: 'Stop IL-2 — attending to decide', even on a clean new assessment past the due time", () => {
    const now = after(DUE, 3 * H);
    const events = [...tilTwoGiven(), event("held", 3, iso("2026-03-02T05:40:00Z"), { tier: "stop", criteria: ["hypotension-refractory"] })];
    const fresh = assessment({ takenAt: after(now, -10 * MIN), labsAt: after(now, -20 * MIN) });
    const s = statusAt({ now, events, a: fresh });
    expect(s).toEqual({ kind: "stop-pending", tier: "stop" });
    expect(doseStatusText(s, UTC, now).label).toBe("Stop IL-2 — attending to decide");
  });

  test("the rules say hold on an assessment with no hold recorded yet: 'Hold dose 3', not overdue", () => {
    const now = after(DUE, 30 * MIN);
    const s = statusAt({ now, a: lowSbp });
    expect(s).toEqual({ kind: "hold", doseNumber: 3 });
    expect(doseStatusText(s, UTC, now).label).toBe("Hold dose 3");
  });
});

describe("the order, the course and the data", () => {
  test("an order waiting for the pharmacist is never 'give' nor overdue", () => {
    const now = after(DUE, H);
    const s = statusAt({ now, courseStatus: "ordered" });
    expect(s.kind).toBe("verify-order");
    expect(doseStatusText(s, UTC, now).label).toBe("Order not yet verified");
  });

  test("a closed course", () => {
    expect(statusAt({ now: DUE, courseStatus: "closed" })).toEqual({ kind: "closed" });
  });

  test("six doses given: course complete, the maximum reached", () => {
    const now = after(TIL_CELLS_END, 60 * H);
    const events = [13, 21, 29, 37, 45, 53].map((h, i) => event("given", i + 1, after(TIL_CELLS_END, h * H)));
    const s = statusAt({ now, events, a: null });
    expect(s).toEqual({ kind: "complete", reason: "max-reached" });
    expect(doseStatusText(s, UTC, now)).toMatchObject({ label: "Course complete", detail: "The maximum number of doses has been given." });
  });

  test("no assessment at all: 'No assessment yet', not overdue although the due time passed", () => {
    const now = after(DUE, H);
    const s = statusAt({ now, a: null });
    expect(s).toMatchObject({ kind: "incomplete", noAssessment: true });
    expect(doseStatusText(s, UTC, now).label).toBe("No assessment yet");
  });

  test("values missing: 'Incomplete data' naming them in clinical words", () => {
    const now = iso("2026-03-02T05:45:00Z");
    const s = statusAt({ now, a: assessment({ takenAt: iso("2026-03-02T05:30:00Z"), labsAt: iso("2026-03-02T05:00:00Z"), urineOutputMl: null }) });
    expect(s.kind).toBe("incomplete");
    const text = doseStatusText(s, UTC, now);
    expect(text.label).toBe("Incomplete data");
    expect(text.detail).toMatch(/^Cannot decide: missing /);
    expect(text.detail).not.toMatch(/urineOutputMl/);
  });

  test("an engine refusal: 'Cannot evaluate'", () => {
    expect(doseStatus({ courseStatus: "active", decision: null, lastEvent: null, waiting: [], now: DUE })).toEqual({ kind: "cannot-evaluate" });
  });
});

describe("'Needs attending review' clears once the event was reviewed", () => {
  const c = course();
  const heldEvent = (over: Partial<ReviewedDoseEvent> = {}) => event("held", 3, iso("2026-03-02T05:40:00Z"), over);
  const hold = decisionFor({ now: iso("2026-03-02T05:45:00Z"), assessment: lowSbp });
  test.each([
    ["a hold decision with nothing recorded yet: it will need the attending", tilTwoGiven(), false, true],
    ["the hold recorded, not yet reviewed", [...tilTwoGiven(), heldEvent()], true, true],
    ["the hold recorded and reviewed", [...tilTwoGiven(), heldEvent(reviewed)], true, false],
  ])("%s", (_l, events, heldOnThisAssessment, expected) => {
    expect(courseNeedsAttendingReview({ course: c, events, decision: hold, actions: { heldOnThisAssessment } })).toBe(expected);
  });

  test("a give with nothing waiting does not need the attending", () => {
    const give = decisionFor({ now: iso("2026-03-02T05:45:00Z"), assessment: a0530 });
    expect(courseNeedsAttendingReview({ course: c, events: tilTwoGiven(), decision: give, actions: { heldOnThisAssessment: false } })).toBe(false);
  });
});

describe("a dose given during downtime that met a stop at its time (issue 14, review finding 1)", () => {
  test("the engine says give on the new values, yet the status is 'attending to decide' until it is acknowledged", () => {
    const decision = decisionFor();
    expect(decision.decision).toBe("give");
    const waiting = [{ who: "attending" as const, what: "review" as const, wait: "downtime" as const, events: [2], tier: "stop" as const }];
    expect(doseStatus({ courseStatus: "active", decision, lastEvent: null, waiting, now: new Date() })).toEqual({ kind: "stop-pending", tier: "stop" });
    // without the tier (the rules would only have held it) the dose may be given
    expect(doseStatus({ courseStatus: "active", decision, lastEvent: null, waiting: [{ ...waiting[0]!, tier: undefined }], now: new Date() }).kind).toMatch(/^(give|overdue)$/);
  });
});
