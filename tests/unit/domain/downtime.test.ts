// Downtime back-entry (lib/domain/downtime.ts): what is bad data, and the flag of a given dose the rules, judging it
// at its own time, would not have given. Plain records, one fixed `now` (fixtures.ts).
import { describe, expect, test } from "vitest";
import { downtimeEntryRefusal, downtimeFlag } from "@/lib/domain/downtime";
import { after, assessment, course, dec, H, MIN, NOW, outcomeFor, refusedOutcome, tilTwoGiven, TIL_CELLS_END } from "./fixtures";

const TZ = "UTC";
const base = { now: NOW, lastEventAt: new Date("2026-03-01T22:00:00Z"), earliestAt: TIL_CELLS_END, skewMinutes: 5, timeZone: TZ };
const at = (occurredAt: Date, assessedAt: Date = after(occurredAt, -20 * MIN)) => downtimeEntryRefusal({ ...base, occurredAt, assessedAt });

describe("downtimeEntryRefusal: bad data is refused, anything else is history", () => {
  test("a paper dose after the last event, before now, assessed before it → accepted", () => {
    expect(at(after(NOW, -2 * H))).toBeNull();
  });
  test("a dose at the very time of the last event is not before it", () => {
    expect(at(base.lastEventAt)).toBeNull();
  });
  test.each<[string, Date, Date | undefined, string, RegExp]>([
    ["a dose in the future", after(NOW, 10 * MIN), after(NOW, -5 * MIN), "occurredAt", /in the future/],
    ["an assessment in the future", after(NOW, 2 * MIN), after(NOW, 10 * MIN), "at", /assessment is in the future/],
    ["an assessment after its dose", after(NOW, -2 * H), after(NOW, -H), "at", /before the dose/],
    ["a dose before the last recorded event", new Date("2026-03-01T21:00:00Z"), undefined, "occurredAt", /oldest first/],
  ])("%s → refused on %s", (_label, occurredAt, assessedAt, field, why) => {
    const r = at(occurredAt, assessedAt);
    expect(r?.field).toBe(field);
    expect(r?.why).toMatch(why);
  });
  test("a dose before the course could start → refused, naming the time in the unit's clock", () => {
    const r = downtimeEntryRefusal({ ...base, lastEventAt: null, occurredAt: after(TIL_CELLS_END, -H), assessedAt: after(TIL_CELLS_END, -2 * H) });
    expect(r?.why).toMatch(/before this course could start \(.*10:00\)/);
  });
  test("a few minutes of clock difference are not the future", () => {
    expect(at(after(NOW, 3 * MIN), after(NOW, -5 * MIN))).toBeNull();
  });
});

describe("downtimeFlag: a given dose the rules at its time would not have given", () => {
  test("the rules would have given it → no flag", () => {
    expect(downtimeFlag({ kind: "given", outcome: outcomeFor({}), timeZone: TZ, now: NOW })).toBeNull();
  });
  test("urine output below the TIL threshold in the paper assessment → flagged, the criterion in words, no internal key", () => {
    const outcome = outcomeFor({ assessment: assessment({ urineOutputMl: 200, urineOutputHours: dec("8") }) });
    const flag = downtimeFlag({ kind: "given", outcome, timeZone: TZ, now: NOW });
    expect(flag).toMatch(/^Given during downtime; the rules would have held it: .*[Uu]rine output/);
    expect(flag).not.toMatch(/urine-output-low|urineOutputMl/);
  });
  test("a held dose is never flagged, whatever the rules said", () => {
    const outcome = outcomeFor({ assessment: assessment({ urineOutputMl: 200 }) });
    expect(downtimeFlag({ kind: "held", outcome, timeZone: TZ, now: NOW })).toBeNull();
  });
  test("values missing from the paper assessment → the rules could not judge it, the fields in words", () => {
    const outcome = outcomeFor({ assessment: assessment({ sbpMmHg: null }) });
    expect(downtimeFlag({ kind: "given", outcome, timeZone: TZ, now: NOW })).toMatch(/could not judge it: missing .*(blood pressure|SBP)/i);
  });
  test("too old → the rules could not judge it", () => {
    const outcome = outcomeFor({ assessment: assessment({ takenAt: after(NOW, -6 * H), labsAt: after(NOW, -7 * H) }) });
    expect(downtimeFlag({ kind: "given", outcome, timeZone: TZ, now: NOW })).toMatch(/could not judge it: .*too old/);
  });
  test("a dose before its interval → the rules would not have given it yet, with the time it was due from", () => {
    const outcome = outcomeFor({ now: new Date("2026-03-02T00:00:00Z"), assessment: assessment({ takenAt: new Date("2026-03-01T23:50:00Z"), labsAt: new Date("2026-03-01T23:00:00Z") }) });
    expect(downtimeFlag({ kind: "given", outcome, timeZone: TZ, now: NOW })).toMatch(/would not have given it yet: .*\(due from .*\)/);
  });
  test("the engine refused the stored data → the rules could not judge it", () => {
    expect(downtimeFlag({ kind: "given", outcome: refusedOutcome(), timeZone: TZ, now: NOW })).toMatch(/^Given during downtime; the rules could not judge it: /);
  });
  test("a stop-tier finding → the rules would have stopped IL-2", () => {
    const outcome = outcomeFor({ course: course(), events: tilTwoGiven(), assessment: assessment({ urineOutputMl: 40, urineOutputHours: dec("8") }) });
    expect(downtimeFlag({ kind: "given", outcome, timeZone: TZ, now: NOW })).toMatch(/would have stopped IL-2: /);
  });
});
