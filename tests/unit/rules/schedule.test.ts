// Schedule and counts (protocols.md §2; order of decision steps 1 and 3): every wait and complete reason, in both
// protocols where it applies. The first part pins rule sets 1.0.0 (their windows must replay unchanged); "1.1.0
// windows" covers what changed. A clean assessment taken at `now` is attached unless a test says otherwise.
import { describe, expect, test } from "vitest";
import type { DoseEvent } from "@/lib/rules";
import { H, MIN, WELL, at, decide, given, held, type Version } from "./fixtures";

const T = "2026-03-01T10:00:00Z"; // TIL: end of the cell infusion
const S = "2026-03-01T08:00:00Z"; // monotherapy: cycle 1 day 1
const DAY = 24 * H;

function til(now: string, events: DoseEvent[] = [], version: Version = "1.0.0") {
  return decide({
    now, protocol: "til-adjunct", ruleSet: { id: "til-2024", version },
    course: { dosingWeightKg: 80, baselineWeightKg: 80, tilInfusionEndAt: T, targetSbpMmHg: 90 },
    events, assessment: { ...WELL, at: now, labsAt: now },
  });
}

function mono(now: string, events: DoseEvent[] = [], startAt = S, version: Version = "1.0.0", cycle2ApprovedAt?: string) {
  return decide({
    now, protocol: "monotherapy", ruleSet: { id: "mono-2014", version },
    course: { dosingWeightKg: 80, baselineWeightKg: 80, startAt, ...(cycle2ApprovedAt === undefined ? {} : { cycle2ApprovedAt }) },
    events, assessment: { ...WELL, at: now, labsAt: now },
  });
}

/** `n` given doses every 8 h from `from`. */
function q8(from: string, n: number, cycle: 1 | 2 = 1): DoseEvent[] {
  return Array.from({ length: n }, (_, i) => given(at(from, i * 8 * H), cycle));
}

describe("TIL schedule", () => {
  test.each([
    ["T + 2 h < T + 3 h → wait start-window", 2 * H, "wait", "start-window"],
    ["T + 2 h 59 min: no early tolerance for the first TIL dose → wait", 3 * H - MIN, "wait", "start-window"],
    ["T + 3 h opens the window → give", 3 * H, "give", null],
    ["T + 24 h is still inside the window → give", 24 * H, "give", null],
    ["T + 24 h 1 min with no dose event → complete start-window-missed", 24 * H + MIN, "complete", "start-window-missed"],
  ] as const)("%s", (_label, offset, decision, reason) => {
    const d = til(at(T, offset));
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
  });

  test("start-window: earliestAt = T + 3 h, closesAt = T + 24 h, dose 1 of 6", () => {
    const d = til(at(T, 2 * H));
    expect(d.window).toEqual({ earliestAt: at(T, 3 * H), dueAt: at(T, 3 * H), closesAt: at(T, 24 * H) });
    expect(d.dose).toMatchObject({ number: 1, numberInCycle: 1, cycle: 1 });
    expect(d.needsAttendingReview).toBe(false);
  });

  test("start-window-missed reports the window that closed and no dose", () => {
    const d = til(at(T, 25 * H));
    expect(d.window.closesAt).toBe(at(T, 24 * H));
    expect(d.dose).toBeNull();
  });

  const g1 = at(T, 4 * H);
  test.each([
    ["given + 7 h < given + 8 h − 30 min → wait interval", 7 * H, "wait", "interval"],
    ["given + 7 h 29 min → wait interval", 7 * H + 29 * MIN, "wait", "interval"],
    ["given + 7 h 30 min (30 min early tolerance) → give", 7 * H + 30 * MIN, "give", null],
    ["given + 12 h → give", 12 * H, "give", null],
  ] as const)("interval: %s", (_label, offset, decision, reason) => {
    const d = til(at(g1, offset), [given(g1)]);
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
    expect(d.window.earliestAt).toBe(at(g1, 7.5 * H));
    expect(d.window.dueAt).toBe(at(g1, 8 * H));
    expect(d.window.closesAt).toBe(at(g1, 120 * H));
  });

  test("after a hold the dose may be re-evaluated at any time: the interval runs from the last given dose", () => {
    const h = at(g1, 8 * H);
    const d = til(at(h, 1 * H), [given(g1), held(h)]);
    expect(d.decision).toBe("give");
    expect(d.window.earliestAt).toBe(at(g1, 7.5 * H));
    expect(d.counts).toMatchObject({ givenInCourse: 1, heldInCourse: 1, remainingInCourse: 5 });
    expect(d.dose).toMatchObject({ number: 2, numberInCycle: 2 });
  });

  test("first dose held: re-evaluated at once (no interval from a hold), window runs from that hold", () => {
    const h = at(T, 4 * H);
    const d = til(at(h, 30 * MIN), [held(h)]);
    expect(d.decision).toBe("give");
    expect(d.dose?.number).toBe(1);
    expect(d.window.closesAt).toBe(at(h, 120 * H));
  });

  test("a first dose held within the start window keeps the course alive past T + 24 h", () => {
    const h = at(T, 4 * H);
    expect(til(at(T, 30 * H), [held(h)]).decision).toBe("give");
  });

  test("max-reached: 6 given → complete, cumulative 288,000,000 IU", () => {
    const d = til(at(g1, 48 * H), q8(g1, 6));
    expect(d).toMatchObject({ decision: "complete", reason: "max-reached", dose: null });
    expect(d.counts).toMatchObject({ givenInCourse: 6, remainingInCourse: 0, cumulativeIu: 288_000_000 });
  });

  test("5 given → the 6th is still open", () => {
    const d = til(at(g1, 40 * H), q8(g1, 5));
    expect(d.decision).toBe("give");
    expect(d.dose).toMatchObject({ number: 6 });
    expect(d.counts.remainingInCourse).toBe(1);
  });

  test.each([
    ["first event + 120 h is the last moment → give", 120 * H, "give", null],
    ["first event + 120 h 1 min → complete window-closed", 120 * H + MIN, "complete", "window-closed"],
  ] as const)("window: %s", (_label, offset, decision, reason) => {
    const d = til(at(g1, offset), q8(g1, 3));
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
  });

  test("window runs from the first dose event of any kind (a hold at T + 4 h)", () => {
    const h = at(T, 4 * H);
    const d = til(at(h, 120 * H + MIN), [held(h), given(at(h, 8 * H))]);
    expect(d).toMatchObject({ decision: "complete", reason: "window-closed" });
    expect(d.window.closesAt).toBe(at(h, 120 * H));
  });

  test("stopped → complete stopped (TIL: the course)", () => {
    const d = til(at(g1, 20 * H), [given(g1), { at: at(g1, 9 * H), kind: "stopped", cycle: 1 }]);
    expect(d).toMatchObject({ decision: "complete", reason: "stopped" });
  });

  test("discontinued → complete discontinued, and it outranks stopped and max-reached", () => {
    const events = [...q8(g1, 6), { at: at(g1, 41 * H), kind: "stopped" as const, cycle: 1 as const }, { at: at(g1, 42 * H), kind: "discontinued" as const, cycle: 1 as const }];
    expect(til(at(g1, 43 * H), events)).toMatchObject({ decision: "complete", reason: "discontinued" });
  });

  test("stopped outranks max-reached", () => {
    const events = [...q8(g1, 6), { at: at(g1, 41 * H), kind: "stopped" as const, cycle: 1 as const }];
    expect(til(at(g1, 43 * H), events)).toMatchObject({ decision: "complete", reason: "stopped" });
  });

  test("max-reached outranks window-closed", () => {
    expect(til(at(g1, 200 * H), q8(g1, 6))).toMatchObject({ decision: "complete", reason: "max-reached" });
  });

  test("complete outranks wait: 6th dose given 1 h ago → complete, not interval", () => {
    expect(til(at(g1, 41 * H), q8(g1, 6))).toMatchObject({ decision: "complete", reason: "max-reached" });
  });

  test("wait outranks incomplete: inside the interval with no assessment → wait, listing what is missing", () => {
    const d = decide({
      now: at(g1, 2 * H), protocol: "til-adjunct", ruleSet: { id: "til-2024", version: "1.0.0" },
      course: { dosingWeightKg: 80, baselineWeightKg: 80, tilInfusionEndAt: T }, events: [given(g1)],
    });
    expect(d).toMatchObject({ decision: "wait", reason: "interval", findings: [] });
    expect(d.missing).toContain("at");
  });
});

describe("monotherapy schedule", () => {
  test.each([
    ["startAt − 31 min → wait start-window", -31 * MIN, "wait", "start-window"],
    ["startAt − 30 min (30 min early tolerance) → give", -30 * MIN, "give", null],
    ["startAt → give", 0, "give", null],
  ] as const)("%s", (_label, offset, decision, reason) => {
    const d = mono(at(S, offset));
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
    expect(d.window).toMatchObject({ earliestAt: at(S, -30 * MIN), dueAt: at(S, 0), closesAt: at(S, 120 * H) });
  });

  test("a course that starts tomorrow → wait start-window (anchors may be in the future)", () => {
    const d = mono(at(S, -DAY));
    expect(d).toMatchObject({ decision: "wait", reason: "start-window" });
    expect(d.window.earliestAt).toBe(at(S, -30 * MIN));
  });

  test.each([
    ["given + 7 h 29 min → wait interval", [given(S)], 7 * H + 29 * MIN, "wait", "interval"],
    ["given + 7 h 30 min → give", [given(S)], 7.5 * H, "give", null],
    ["held + 7 h: a held dose is skipped, the interval runs from it → wait interval", [held(S)], 7 * H, "wait", "interval"],
    ["held + 7 h 30 min → give", [held(S)], 7.5 * H, "give", null],
  ] as const)("interval: %s", (_label, events, offset, decision, reason) => {
    const d = mono(at(S, offset), [...events]);
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
    expect(d.window.earliestAt).toBe(at(S, 7.5 * H));
    expect(d.window.dueAt).toBe(at(S, 8 * H));
  });

  test("held doses use no number: 2 given + 1 held → dose 3, 1 held in course", () => {
    const d = mono(at(S, 24 * H), [given(S), held(at(S, 8 * H)), given(at(S, 16 * H))]);
    expect(d.dose).toMatchObject({ number: 3, numberInCycle: 3, cycle: 1 });
    expect(d.counts).toMatchObject({ givenInCycle: 2, heldInCourse: 1, remainingInCycle: 12, remainingInCourse: 26 });
  });

  test("14 given in cycle 1 → wait rest-period until day 15; counts still describe cycle 1", () => {
    const d = mono(at(S, 4 * DAY + 18 * H), q8(S, 14));
    expect(d).toMatchObject({ decision: "wait", reason: "rest-period" });
    expect(d.window.earliestAt).toBe(at(S, 14 * DAY));
    expect(d.window.closesAt).toBeNull();
    expect(d.counts).toMatchObject({ cycle: 1, givenInCycle: 14, remainingInCycle: 0, givenInCourse: 14, remainingInCourse: 14, maxPerCycle: 14, maxPerCourse: 28 });
    expect(d.dose).toMatchObject({ number: 15, numberInCycle: 1, cycle: 2 });
  });

  test("cycle 1 window closes at startAt + 120 h: with 10 given, 120 h 1 min → rest-period", () => {
    const events = q8(S, 10);
    expect(mono(at(S, 120 * H), events).decision).toBe("give");
    const d = mono(at(S, 120 * H + MIN), events);
    expect(d).toMatchObject({ decision: "wait", reason: "rest-period" });
    expect(d.counts.givenInCycle).toBe(10);
  });

  test("cycle 1 window closes even if no dose was ever given → rest-period, not start-window-missed", () => {
    expect(mono(at(S, 6 * DAY))).toMatchObject({ decision: "wait", reason: "rest-period" });
  });

  test("stopped in cycle 1 → rest-period (stop ends the cycle, not the course)", () => {
    const d = mono(at(S, 20 * H), [given(S), { at: at(S, 8 * H), kind: "stopped", cycle: 1 }]);
    expect(d).toMatchObject({ decision: "wait", reason: "rest-period" });
    expect(d.window.earliestAt).toBe(at(S, 14 * DAY));
  });

  test("day 15 exactly: cycle 2 opens (no early tolerance) → give dose 1 of cycle 2", () => {
    expect(mono(at(S, 14 * DAY - MIN), q8(S, 14))).toMatchObject({ decision: "wait", reason: "rest-period" });
    const d = mono(at(S, 14 * DAY), q8(S, 14));
    expect(d.decision).toBe("give");
    expect(d.dose).toMatchObject({ number: 15, numberInCycle: 1, cycle: 2 });
    expect(d.counts).toMatchObject({ cycle: 2, givenInCycle: 0, givenInCourse: 14, remainingInCycle: 14, remainingInCourse: 14 });
    expect(d.window).toMatchObject({ earliestAt: at(S, 14 * DAY), closesAt: null });
  });

  const c2 = at(S, 14 * DAY);
  test("cycle 2 window closes 120 h after its first dose event", () => {
    const events = [...q8(S, 14), ...q8(c2, 3, 2)];
    const open = mono(at(c2, 120 * H), events);
    expect(open.decision).toBe("give");
    expect(open.window.closesAt).toBe(at(c2, 120 * H));
    expect(open.dose).toMatchObject({ number: 18, numberInCycle: 4, cycle: 2 });
    expect(mono(at(c2, 120 * H + MIN), events)).toMatchObject({ decision: "complete", reason: "window-closed" });
  });

  test("stopped in cycle 2 → complete stopped", () => {
    const events = [...q8(S, 14), given(c2, 2), { at: at(c2, 8 * H), kind: "stopped" as const, cycle: 2 as const }];
    expect(mono(at(c2, 9 * H), events)).toMatchObject({ decision: "complete", reason: "stopped" });
  });

  test("28 given → complete max-reached", () => {
    const d = mono(at(c2, 4 * DAY + 18 * H), [...q8(S, 14), ...q8(c2, 14, 2)]);
    expect(d).toMatchObject({ decision: "complete", reason: "max-reached" });
    expect(d.counts).toMatchObject({ givenInCourse: 28, remainingInCourse: 0, cumulativeIu: 28 * 48_000_000 });
  });

  test("cycle 2 at its 14-dose cap after a short cycle 1 → complete max-reached (no cycle 3)", () => {
    const d = mono(at(c2, 4 * DAY + 18 * H), [...q8(S, 5), ...q8(c2, 14, 2)]);
    expect(d).toMatchObject({ decision: "complete", reason: "max-reached" });
    expect(d.counts).toMatchObject({ givenInCourse: 19, givenInCycle: 14, remainingInCourse: 9 });
  });

  test("discontinued in cycle 1 → complete discontinued, no cycle 2", () => {
    const d = mono(at(S, 15 * DAY), [given(S), { at: at(S, 8 * H), kind: "discontinued", cycle: 1 }]);
    expect(d).toMatchObject({ decision: "complete", reason: "discontinued" });
  });

  test("cumulative dose per cycle and per course", () => {
    const d = mono(at(c2, 8 * H), [...q8(S, 14), given(c2, 2)]);
    expect(d.counts).toMatchObject({ cumulativeIu: 15 * 48_000_000, cumulativeIuInCycle: 48_000_000, givenInCycle: 1 });
  });
});

test("scenario mono-cycle1-max: rest-period until 2026-03-15T08:00Z", () => {
  const d = mono("2026-03-06T02:00:00Z", q8(S, 14));
  expect(d).toMatchObject({ decision: "wait", reason: "rest-period" });
  expect(d.window.earliestAt).toBe("2026-03-15T08:00:00.000Z");
});

describe("1.1.0 windows", () => {
  const g = (iso: string, cycle?: 1 | 2) => given(iso, cycle);
  test.each([
    ["1.0.0: a held first dose at T + 4 h keeps the course open at T + 30 h → give", "1.0.0", [held(at(T, 4 * H))], 30 * H, "give", null],
    ["1.1.0: held at T + 4 h, nothing given by T + 24 h → at T + 24 h 1 min complete start-window-missed", "1.1.0", [held(at(T, 4 * H))], 24 * H + MIN, "complete", "start-window-missed"],
    ["1.1.0: held at T + 4 h, at T + 24 h exactly the deadline is still open → give", "1.1.0", [held(at(T, 4 * H))], 24 * H, "give", null],
    ["1.1.0: held at T + 4 h, given at T + 12 h → the deadline is met; T + 30 h → give", "1.1.0", [held(at(T, 4 * H)), g(at(T, 12 * H))], 30 * H, "give", null],
    ["1.1.0: given at T + 24 h exactly meets the deadline; T + 33 h → give", "1.1.0", [g(at(T, 24 * H))], 33 * H, "give", null],
  ] as const)("TIL start deadline: %s", (_label, version, events, offset, decision, reason) => {
    const d = til(at(T, offset), [...events], version);
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
  });

  test("1.1.0 TIL: a missed start needs an attending (no dose was given) and closesAt is the deadline", () => {
    const d = til(at(T, 25 * H), [held(at(T, 4 * H))], "1.1.0");
    expect(d).toMatchObject({ decision: "complete", reason: "start-window-missed", needsAttendingReview: true });
    expect(d.window.closesAt).toBe(at(T, 24 * H));
  });

  test("1.1.0 TIL: before any given dose the window closes at the start deadline, even after a hold", () => {
    const d = til(at(T, 5 * H), [held(at(T, 4 * H))], "1.1.0");
    expect(d.decision).toBe("give");
    expect(d.window.closesAt).toBe(at(T, 24 * H));
  });

  const c2 = at(S, 14 * DAY);
  const cycle1 = q8(S, 10);
  test.each([
    ["no go-ahead, day 16 → wait rest-period", undefined, at(c2, 25 * H), "wait", "rest-period"],
    ["go-ahead on day 12, day 16 → give dose 1 of cycle 2", at(S, 11 * DAY), at(c2, 25 * H), "give", null],
    ["go-ahead, 14 days − 31 min → wait rest-period", at(S, 11 * DAY), at(c2, -31 * MIN), "wait", "rest-period"],
    ["go-ahead, 14 days − 30 min (the usual 30-min tolerance) → give", at(S, 11 * DAY), at(c2, -30 * MIN), "give", null],
    ["no go-ahead, day 22 minus 1 min → still wait rest-period", undefined, at(S, 21 * DAY - MIN), "wait", "rest-period"],
    ["no go-ahead, startAt + 21 days → complete window-closed", undefined, at(S, 21 * DAY), "complete", "window-closed"],
    ["go-ahead but no cycle-2 dose given, startAt + 21 days 1 h (day 22) → complete window-closed", at(S, 11 * DAY), at(S, 21 * DAY + H), "complete", "window-closed"],
  ] as const)("mono cycle 2: %s", (_label, approvedAt, now, decision, reason) => {
    const d = mono(now, cycle1, S, "1.1.0", approvedAt);
    expect(d.decision).toBe(decision);
    expect(d.reason).toBe(reason);
  });

  test("mono 1.1.0 day 22 with no cycle-2 dose: an attending must look; 1.0.0 keeps cycle 2 open", () => {
    const d = mono(at(S, 22 * DAY), cycle1, S, "1.1.0", at(S, 11 * DAY));
    expect(d).toMatchObject({ decision: "complete", reason: "window-closed", needsAttendingReview: true });
    expect(mono(at(S, 22 * DAY), cycle1, S, "1.0.0")).toMatchObject({ decision: "give" });
  });

  test("mono 1.1.0: a cycle-2 dose given on day 21 meets the deadline; the cycle then runs 120 h from its first event", () => {
    const first = at(S, 20 * DAY);
    const events = [...cycle1, g(first, 2)];
    const d = mono(at(S, 22 * DAY), events, S, "1.1.0", at(S, 11 * DAY));
    expect(d.decision).toBe("give");
    expect(d.window.closesAt).toBe(at(first, 120 * H));
  });

  test("mono 1.1.0: only a held cycle-2 event before day 22 → complete window-closed at day 22, review needed", () => {
    const events = [...cycle1, held(at(c2, 2 * H), 2)];
    const d = mono(at(S, 21 * DAY + MIN), events, S, "1.1.0", at(S, 11 * DAY));
    expect(d).toMatchObject({ decision: "complete", reason: "window-closed", needsAttendingReview: true });
  });

  test("mono 1.1.0 rest period without a go-ahead says so in the notes", () => {
    const d = mono(at(c2, 2 * H), cycle1, S, "1.1.0");
    expect(d.notes.join(" ")).toContain("cycle2ApprovedAt");
    expect(d.window.closesAt).toBe(at(S, 21 * DAY));
  });
});
