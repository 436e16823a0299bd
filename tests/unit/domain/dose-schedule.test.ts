// Counts by dose (lib/domain/dose-schedule.ts): attempts grouped under the dose they belong to. TIL 1.1.0 unless
// said: cells ended 2026-03-01 10:00, so dose 1 may be given from 13:00; 8 h between given doses, 30 min early.
import { describe, expect, test } from "vitest";
import { attemptsSummary, doseCountText, doseNumbersOf, dosePlacesOf, doseSchedule } from "@/lib/domain/dose-schedule";
import { doseNumberOf } from "@/lib/domain/blocking";
import type { ReviewedDoseEvent } from "@/lib/domain/records";
import { after, course, D, decisionFor, event, H, MIN, MONO_START, monoCourse } from "./fixtures";

const iso = (s: string) => new Date(s);
const urine = { criteria: ["urine-output-low"] };
// dose 1 given 14:00; dose 2 held 22:10 and 02:05 (urine output), then given 06:00
const heldTwiceThenGiven = (): ReviewedDoseEvent[] => [
  event("given", 1, iso("2026-03-01T14:00:00Z")),
  event("held", 2, iso("2026-03-01T22:10:00Z"), urine),
  event("held", 3, iso("2026-03-02T02:05:00Z"), urine),
  event("given", 4, iso("2026-03-02T06:00:00Z")),
];

describe("a dose held twice, then given, is one dose", () => {
  const events = heldTwiceThenGiven();
  const now = iso("2026-03-02T07:00:00Z");
  const s = doseSchedule({ course: course(), events, decision: decisionFor({ now, events, assessment: null }) });
  const doses = s.cycles[0]!.doses;

  test("doses 1…6 (the rule set's maximum); dose 2 holds all three attempts", () => {
    expect(s.cycles).toHaveLength(1);
    expect(doses.map((d) => d.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doses[1]!.attempts.map((a) => [a.sequence, a.kind])).toEqual([[2, "held"], [3, "held"], [4, "given"]]);
    expect(doses[1]!.outcome).toBe("given");
    expect(doses[1]!.givenAt).toEqual(iso("2026-03-02T06:00:00Z"));
    expect(attemptsSummary(doses[1]!)).toBe("held twice, then given");
  });

  test("the held attempts say why in the rule set's words, not its keys", () => {
    expect(doses[1]!.attempts[0]!.criteria).toEqual(["Urine output low"]);
  });

  test("counts in doses: 2 given, 1 dose held (2 attempts) — not '2 given, 2 held'", () => {
    expect({ given: s.given, dosesHeld: s.dosesHeld, heldAttempts: s.heldAttempts }).toEqual({ given: 2, dosesHeld: 1, heldAttempts: 2 });
    expect(doseCountText(s)).toBe("2 of 6 doses given · 1 given after a hold");
  });

  test("planned windows from the engine: dose 2 from 21:30, due 22:00 (14:00 + 8 h); dose 3 (now decided) from 13:30, due 14:00", () => {
    expect(doses[1]!.window).toEqual({ earliestAt: iso("2026-03-01T21:30:00Z"), dueAt: iso("2026-03-01T22:00:00Z") });
    expect(doses[2]).toMatchObject({ outcome: "next", window: { earliestAt: iso("2026-03-02T13:30:00Z"), dueAt: iso("2026-03-02T14:00:00Z") } });
    expect(doses.slice(3).map((d) => [d.outcome, d.window])).toEqual([["planned", null], ["planned", null], ["planned", null]]);
  });

  test("before the give: dose 2 is the dose being re-evaluated, held twice", () => {
    const before = events.slice(0, 3);
    const s2 = doseSchedule({ course: course(), events: before, decision: decisionFor({ now: iso("2026-03-02T03:00:00Z"), events: before, assessment: null }) });
    expect(s2.cycles[0]!.doses[1]).toMatchObject({ outcome: "held", givenAt: null });
    expect(doseCountText(s2)).toBe("1 of 6 doses given · dose 2 held (2 attempts)");
  });
});

describe("a stop-tier hold", () => {
  const stopHeld = [event("given", 1, iso("2026-03-01T14:00:00Z")), event("held", 2, iso("2026-03-01T22:10:00Z"), { tier: "stop", criteria: ["hypotension-refractory"] })];

  test("waiting for the attending: dose 2 held at stop tier, waiting for the stop decision", () => {
    const s = doseSchedule({ course: course(), events: stopHeld, decision: decisionFor({ now: iso("2026-03-01T23:00:00Z"), events: stopHeld, assessment: null }) });
    const dose2 = s.cycles[0]!.doses[1]!;
    expect(dose2.outcome).toBe("held");
    expect(dose2.attempts).toMatchObject([{ kind: "held", tier: "stop", waitsFor: "stop", criteria: ["Hypotension not responding to fluids"] }]);
  });

  test("IL-2 stopped by the attending: dose 2 'stopped', doses 3–6 not given (the TIL course is over)", () => {
    const events = [...stopHeld.map((e) => ({ ...e, holdReviews: [{ id: "r" }] })), event("stopped", 3, iso("2026-03-01T23:00:00Z"))];
    const s = doseSchedule({ course: course(), events, decision: decisionFor({ now: iso("2026-03-02T00:00:00Z"), events, assessment: null }) });
    expect(s.cycles[0]!.doses.map((d) => d.outcome)).toEqual(["given", "stopped", "not-given", "not-given", "not-given", "not-given"]);
    expect(attemptsSummary(s.cycles[0]!.doses[1]!)).toBe("held, then stopped");
  });
});

test("an event entered in error is left out: the hold after it belongs to dose 2, not dose 3", () => {
  const events = [
    event("given", 1, iso("2026-03-01T14:00:00Z")),
    event("given", 2, iso("2026-03-01T22:00:00Z"), { status: "entered_in_error", enteredInErrorAt: iso("2026-03-01T22:05:00Z"), enteredInErrorReason: "wrong patient" }),
    event("held", 3, iso("2026-03-01T22:10:00Z"), urine),
  ];
  expect([...doseNumbersOf(events).entries()]).toEqual([[events[0]!.id, { cycle: 1, number: 1 }], [events[2]!.id, { cycle: 1, number: 2 }]]);
  const s = doseSchedule({ course: course(), events, decision: decisionFor({ now: iso("2026-03-01T23:00:00Z"), events, assessment: null }) });
  expect(s.cycles[0]!.doses[1]!.attempts.map((a) => a.sequence)).toEqual([3]);
  expect(s.given).toBe(1);
});

test("monotherapy: doses are numbered per cycle; cycle 2 starts again at dose 1, cycle 1's doses not given stay not given", () => {
  const c2 = after(MONO_START, 14 * D);
  const events = [
    event("given", 1, MONO_START),
    event("given", 2, after(MONO_START, 8 * H)),
    event("given", 3, c2, { cycle: 2 }),
    event("held", 4, after(c2, 8 * H), { cycle: 2, ...urine }),
  ];
  const c = monoCourse({ cycle2ApprovedAt: after(MONO_START, 10 * D) });
  const s = doseSchedule({ course: c, events, decision: decisionFor({ course: c, now: after(c2, 9 * H), events, assessment: null }) });
  expect(s.cycles.map((x) => [x.cycle, x.max, x.doses.length])).toEqual([[1, 14, 14], [2, 14, 14]]);
  expect(s.cycles[0]!.doses.slice(0, 3).map((d) => d.outcome)).toEqual(["given", "given", "not-given"]);
  expect(s.cycles[1]!.doses[0]).toMatchObject({ number: 1, outcome: "given" });
  expect(s.cycles[1]!.doses[1]).toMatchObject({ number: 2, outcome: "held", attempts: [{ sequence: 4 }] });
  expect(doseCountText(s)).toBe("3 of 28 doses given · cycle 2 dose 2 held");
});

test.each([
  [["held", "held", "given"], "held twice, then given"],
  [["held", "held", "held", "given"], "held 3 times, then given"],
  [["given"], "given"],
  [["held", "stopped"], "held, then stopped"],
] as const)("attemptsSummary %j → %s", (kinds, words) => {
  expect(attemptsSummary({ attempts: kinds.map((kind, i) => ({ id: `${i}`, sequence: i + 1, kind, at: new Date(0), tier: null, criteria: [], note: null, doseIu: null, waitsFor: null })) })).toBe(words);
});

describe("one rule for which dose an event belongs to: blocking's doseNumberOf and the schedule agree (and with the engine)", () => {
  // monotherapy: cycle 1 — dose 1 given; dose 2 held, re-evaluated and held again, then given; dose 3 held at stop
  // tier, the attending stops IL-2 for the cycle; cycle 2 — dose 1 given; dose 2 held, then given.
  const c2 = after(MONO_START, 14 * D);
  const c = monoCourse({ cycle2ApprovedAt: after(MONO_START, 10 * D) });
  const events: ReviewedDoseEvent[] = [
    event("given", 1, MONO_START),
    event("held", 2, after(MONO_START, 8 * H), urine),
    event("held", 3, after(MONO_START, 10 * H), urine),
    event("given", 4, after(MONO_START, 12 * H)),
    event("held", 5, after(MONO_START, 20 * H), { tier: "stop", engineDecision: "stop", criteria: ["hypotension-refractory"], holdReviews: [{ id: "r-stop" }] }),
    event("stopped", 6, after(MONO_START, 21 * H)),
    event("given", 7, c2, { cycle: 2 }),
    event("held", 8, after(c2, 8 * H), { cycle: 2, ...urine }),
    event("given", 9, after(c2, 10 * H), { cycle: 2 }),
  ];

  test("each event's dose: in the course (doseNumberOf) and in its cycle (doseNumbersOf)", () => {
    expect(events.map((e) => doseNumberOf(events, e))).toEqual([1, 2, 2, 2, 3, 3, 3, 4, 4]);
    const numbers = doseNumbersOf(events);
    expect(events.map((e) => numbers.get(e.id))).toEqual([
      { cycle: 1, number: 1 }, { cycle: 1, number: 2 }, { cycle: 1, number: 2 }, { cycle: 1, number: 2 }, { cycle: 1, number: 3 }, { cycle: 1, number: 3 },
      { cycle: 2, number: 1 }, { cycle: 2, number: 2 }, { cycle: 2, number: 2 },
    ]);
    const places = dosePlacesOf(events);
    for (const e of events) expect(doseNumberOf(events, e), `#${e.sequence}`).toBe(places.get(e.id)!.inCourse);
  });

  test("the schedule grid groups every attempt under the dose doseNumberOf names", () => {
    const s = doseSchedule({ course: c, events, decision: decisionFor({ course: c, now: after(c2, 11 * H), events, assessment: null }) });
    const grouped = s.cycles.flatMap((cy) => cy.doses.flatMap((d) => d.attempts.map((a) => [a.sequence, cy.cycle, d.number] as const)));
    expect(grouped).toEqual(events.map((e) => [e.sequence, doseNumbersOf(events).get(e.id)!.cycle, doseNumbersOf(events).get(e.id)!.number]));
    // and in the course's numbering: cycle 2's dose 1 is the course's dose 3, as blocking counts it
    expect(doseNumberOf(events, events[6]!)).toBe(s.cycles[0]!.doses.filter((d) => d.outcome === "given").length + 1);
  });

  test("the engine, asked when each attempt was made, names the same dose", () => {
    let asked = 0;
    for (const [i, e] of events.entries()) {
      const d = decisionFor({ course: c, now: e.occurredAt, events: events.slice(0, i), assessment: null });
      if (!d.dose) continue;
      asked++;
      const place = dosePlacesOf(events).get(e.id)!;
      expect([d.dose.cycle, d.dose.numberInCycle, d.dose.number], `#${e.sequence}`).toEqual([place.cycle, place.number, doseNumberOf(events, e)]);
    }
    expect(asked).toBeGreaterThanOrEqual(7);
  });

  test("time order, as the engine orders events: a given dose documented late (a later sequence, an earlier time) comes first", () => {
    const late = [event("given", 1, MONO_START), event("held", 2, after(MONO_START, 8 * H + 10 * MIN), urine), event("given", 3, after(MONO_START, 8 * H))];
    expect(late.map((e) => doseNumberOf(late, e))).toEqual([1, 3, 2]);
    expect(late.map((e) => doseNumbersOf(late).get(e.id)!.number)).toEqual([1, 3, 2]);
  });

  test("an event entered in error is placed where it would stand, and does not move the others", () => {
    const withError = [...events.slice(0, 4), { ...events[4]!, status: "entered_in_error" as const }, ...events.slice(5)];
    expect(doseNumberOf(withError, withError[4]!)).toBe(3);
    expect(withError.map((e) => doseNumberOf(withError, e))).toEqual([1, 2, 2, 2, 3, 3, 3, 4, 4]);
  });
});
