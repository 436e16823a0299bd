// Cycle-2 readiness (lib/domain/cycle2.ts), monotherapy 1.1.0 (protocols.md §2): cycle 1 window 120 h from startAt;
// cycle 2 opens at startAt + 14 d − 30 min, only with the attending's go-ahead; no cycle-2 dose by startAt + 21 d →
// the course is complete. startAt 2026-03-01 14:00 UTC; real engine decisions, no assessment (as the queue asks).
import { describe, expect, test } from "vitest";
import { cycle2GoAheadWanted, cycle2Readiness, waitsForCycle2GoAhead } from "@/lib/domain/cycle2";
import type { CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { after, course, D, event, H, MIN, MONO_START, monoCourse } from "./fixtures";

const g = (seq: number, hours: number, over: Partial<ReviewedDoseEvent> = {}) => event("given", seq, after(MONO_START, hours * H), { ruleSetId: "mono-2014", ...over });
/** Doses given at 0 h and 8 h. */
const twoGiven = () => [g(1, 0), g(2, 8)];
/** All 14 doses of cycle 1, 8 h apart (0 h … 104 h). */
const fourteenGiven = () => Array.from({ length: 14 }, (_, i) => g(i + 1, i * 8));
const approved = monoCourse({ cycle2ApprovedAt: after(MONO_START, 6 * D) });
const opensAt = after(MONO_START, 14 * D - 30 * MIN); // 2026-03-15 13:30

const NOT_OVER = { ready: false, why: "Cycle 1 is not over yet: the go-ahead is given after cycle 1 ends." };
const COURSE_OVER = { ready: false, why: "The course is over: there is no cycle 2 to approve." };

describe("cycle2Readiness", () => {
  test.each<[string, CourseRecord, ReviewedDoseEvent[], Date, unknown]>([
    ["day 1, 9 h after the start, two doses given → not over", monoCourse(), twoGiven(), after(MONO_START, 9 * H), NOT_OVER],
    ["120 h after the start exactly: the cycle 1 window is still open → not over", monoCourse(), twoGiven(), after(MONO_START, 120 * H), NOT_OVER],
    [
      "120 h 1 min after the start: the rest period → ready, the window has closed, cycle 2 opens 15 Mar 13:30",
      monoCourse(), twoGiven(), after(MONO_START, 120 * H + MIN),
      { ready: true, cycle1Ended: "the cycle 1 window has closed", cycle2OpensAt: opensAt, givenInCycle1: 2, heldInCycle1: 0 },
    ],
    [
      "13 of 14 doses given, at 105 h: the 14th is still open → not over",
      monoCourse(), fourteenGiven().slice(0, 13), after(MONO_START, 105 * H), NOT_OVER,
    ],
    [
      "14 of 14 doses given, at 105 h: the rest period → ready, all 14 given",
      monoCourse(), fourteenGiven(), after(MONO_START, 105 * H),
      { ready: true, cycle1Ended: "all 14 doses of cycle 1 were given", cycle2OpensAt: opensAt, givenInCycle1: 14, heldInCycle1: 0 },
    ],
    [
      "stopped at 10 h, now 11 h: a stop ends the cycle → ready, stopped in cycle 1",
      monoCourse(), [...twoGiven(), event("stopped", 3, after(MONO_START, 10 * H))], after(MONO_START, 11 * H),
      { ready: true, cycle1Ended: "IL-2 was stopped in cycle 1", cycle2OpensAt: opensAt, givenInCycle1: 2, heldInCycle1: 0 },
    ],
    [
      "held and entered-in-error events in cycle 1: only active ones are counted (2 given, 1 held)",
      monoCourse(),
      [g(1, 0), event("held", 2, after(MONO_START, 8 * H)), g(3, 16), g(4, 24, { status: "entered_in_error" }), event("held", 5, after(MONO_START, 32 * H), { status: "entered_in_error" })],
      after(MONO_START, 6 * D),
      { ready: true, cycle1Ended: "the cycle 1 window has closed", cycle2OpensAt: opensAt, givenInCycle1: 2, heldInCycle1: 1 },
    ],
    [
      "approved, 14 d − 31 min: still the rest period → ready, with the opening time",
      approved, twoGiven(), after(MONO_START, 14 * D - 31 * MIN),
      { ready: true, cycle1Ended: "the cycle 1 window has closed", cycle2OpensAt: opensAt, givenInCycle1: 2, heldInCycle1: 0 },
    ],
    [
      "approved, 14 d − 30 min: the engine decides a cycle-2 dose → ready, no opening time (it is open)",
      approved, twoGiven(), opensAt,
      { ready: true, cycle1Ended: "the cycle 1 window has closed", cycle2OpensAt: null, givenInCycle1: 2, heldInCycle1: 0 },
    ],
    [
      "approved, 21 d − 1 min, no cycle-2 dose yet: still a cycle-2 dose → ready",
      approved, twoGiven(), after(MONO_START, 21 * D - MIN),
      { ready: true, cycle1Ended: "the cycle 1 window has closed", cycle2OpensAt: null, givenInCycle1: 2, heldInCycle1: 0 },
    ],
    ["not approved, 21 d: no cycle-2 dose by day 22 → the course is over", monoCourse(), twoGiven(), after(MONO_START, 21 * D), COURSE_OVER],
    ["approved, 21 d, no cycle-2 dose → the course is over", approved, twoGiven(), after(MONO_START, 21 * D), COURSE_OVER],
    ["discontinued in cycle 1 → the course is over", monoCourse(), [...twoGiven(), event("discontinued", 3, after(MONO_START, 10 * H))], after(MONO_START, 11 * H), COURSE_OVER],
    [
      "stored data the engine cannot read (700,000 IU/kg) → cannot say",
      monoCourse({ doseIuPerKg: 700_000 }), twoGiven(), after(MONO_START, 6 * D),
      { ready: false, why: "The engine could not read this course's stored data." },
    ],
  ])("%s", (_label, c, events, now, want) => {
    expect(cycle2Readiness(c, events, now)).toEqual(want);
  });
});

describe("cycle2GoAheadWanted: an active monotherapy course without a go-ahead", () => {
  test.each([
    ["monotherapy, active, none yet → wanted", monoCourse(), true],
    ["monotherapy, active, already approved → not wanted", monoCourse({ cycle2ApprovedAt: after(MONO_START, 6 * D) }), false],
    ["monotherapy, ordered (not verified) → not wanted", monoCourse({ status: "ordered" }), false],
    ["monotherapy, closed → not wanted", monoCourse({ status: "closed" }), false],
    ["TIL, active → not wanted (one cycle)", course(), false],
  ] as const)("%s", (_label, c, want) => {
    expect(cycle2GoAheadWanted(c)).toBe(want);
  });
});

describe("waitsForCycle2GoAhead: wanted and ready", () => {
  test.each([
    ["rest period, no go-ahead → waits", monoCourse(), after(MONO_START, 6 * D), true],
    ["rest period, go-ahead given → does not wait", approved, after(MONO_START, 6 * D), false],
    ["cycle 1 still running → does not wait", monoCourse(), after(MONO_START, 9 * H), false],
    ["rest period, but the course is closed → does not wait", monoCourse({ status: "closed" }), after(MONO_START, 6 * D), false],
  ] as const)("%s", (_label, c, now, want) => {
    expect(waitsForCycle2GoAhead(c, twoGiven(), now)).toBe(want);
  });
});
