// The quality view's figures against values worked out by hand (issue 14, item 4; docs/decisions/062-quality-view.md).
import { describe, expect, test } from "vitest";
import { percentOf, qualityFigures, spreadOf, summarizeCourse, type QualityCourseInput, type QualityEvent } from "@/lib/domain/quality";
import { defaultRuleSetFor } from "@/lib/rules";
import { QUALITY_CSV_HEADER, qualityCsv, withoutTypedReasons } from "@/lib/views/quality";

const T0 = Date.parse("2026-09-01T08:00:00Z");
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0 + hours * HOUR);

const ev = (kind: QualityEvent["kind"], hours: number, extra: Partial<QualityEvent> = {}): QualityEvent => ({
  kind, status: "active", criteria: [], cycle: 1, occurredAt: at(hours), review: null, ...extra,
});
const til = (id: string, status: QualityCourseInput["status"], events: QualityEvent[]): QualityCourseInput => ({
  id, unitName: "Oncology 7 West", protocol: "til_adjunct", ruleSetId: "til-2024", ruleSetVersion: "1.1.0", status,
  startAt: null, tilInfusionEndAt: at(0), events,
});
const mono = (id: string, given: number, events: QualityEvent[] = [], version = "1.1.0"): QualityCourseInput => ({
  id, unitName: "Oncology 7 West", protocol: "monotherapy", ruleSetId: "mono-2014", ruleSetVersion: version, status: "closed",
  startAt: at(0), tilInfusionEndAt: null,
  // cycle 1 holds at most 14 given doses (the rule set's per-cycle maximum); the rest are cycle 2's
  events: [...Array.from({ length: given }, (_, i) => ev("given", i * 8, { cycle: i < 14 ? 1 : 2 })), ...events],
});

// TIL (til-2024 1.1.0: at most 6 given per course, read from the rule set below)
const T1 = til("t1", "closed", [4, 12, 20, 28, 36, 44].map((h) => ev("given", h))); // 6 given: the maximum; first dose 4 h
const T2 = til("t2", "closed", [
  ev("given", 6), // first dose 6 h after the cells
  ev("held", 14, { criteria: ["urine-output-low"], tier: "hold" }),
  // after TIL a held dose is delayed and re-evaluated: a second hold of the same dose 2
  ev("held", 15, { criteria: ["urine-output-low"], tier: "hold" }),
  // a stop-tier hold: counted with the stops, never as a hold
  ev("held", 22, { criteria: ["urine-output-low", "sbp-low"], tier: "stop", review: { outcome: "stop", reason: "Oliguria despite fluids" } }),
  ev("stopped", 23, { criteria: ["urine-output-low", "sbp-low"] }),
]);
const T3 = til("t3", "active", [
  ev("given", 3.5), ev("given", 12),
  // entered in error: counted nowhere (not a third dose, not a tachycardia hold)
  ev("given", 20, { status: "entered_in_error" }),
  ev("held", 21, { status: "entered_in_error", criteria: ["tachycardia"] }),
]);
const T4 = til("t4", "closed", [
  ev("held", 5, { criteria: ["sbp-low"], tier: "discontinue", review: { outcome: "discontinue", reason: "Refractory hypotension" } }),
  ev("discontinued", 6, { criteria: ["sbp-low"] }),
]);
const T5 = til("t5", "ordered", []); // waiting for the pharmacist: not counted

// Monotherapy (mono-2014: at most 28 given per course)
const M1 = mono("m1", 28);
const M2 = mono("m2", 10, [
  // in monotherapy a hold skips the dose: two held events (80 h, 88 h) are two held doses
  ev("held", 80, { criteria: ["tachycardia"], tier: "hold" }),
  ev("held", 88, { criteria: ["tachycardia"], tier: "hold" }),
  ev("held", 100, { criteria: ["tachycardia"], tier: "stop", review: { outcome: "stop", reason: null } }),
  ev("stopped", 101, { criteria: ["tachycardia"] }),
]);
const M3 = mono("m3", 14, [], "1.0.0");

const figures = qualityFigures([T1, T2, T3, T4, T5, M1, M2, M3]);
const [tilFigures, monoFigures] = figures.protocols;

describe("TIL: four counted courses (t5 is only ordered)", () => {
  test("courses: 4 = 3 closed + 1 open", () => {
    expect(tilFigures).toMatchObject({ protocol: "til_adjunct", courses: 4, open: 1, closed: 3 });
    expect(figures.courses.map((c) => c.id)).not.toContain("t5");
  });

  // doses given, sorted: 0 (t4), 1 (t2), 2 (t3: the entered-in-error dose left out), 6 (t1); n = 4
  // median: position (4−1)·0.5 = 1.5 → 1 + 0.5·(2 − 1) = 1.5
  // Q1: position 0.75 → 0 + 0.75·(1 − 0) = 0.75; Q3: position 2.25 → 2 + 0.25·(6 − 2) = 3
  test("doses given per course: median 1.5, IQR 0.75–3, range 0–6", () => {
    expect(tilFigures!.given).toEqual({ n: 4, median: 1.5, q1: 0.75, q3: 3, min: 0, max: 6 });
  });

  test("distribution 0…6 (the rule set's maximum): one course each at 0, 1, 2 and 6", () => {
    const max = defaultRuleSetFor("til-adjunct").schedule.maxGivenPerCourse.value;
    expect(tilFigures!.maxima).toEqual([max]);
    expect(tilFigures!.distribution).toHaveLength(max + 1);
    expect(tilFigures!.distribution.map((d) => d.courses)).toEqual([1, 1, 1, 0, 0, 0, 1]);
  });

  test("reaching the maximum: t1 only, 1 of 4 = 25 %", () => {
    expect(tilFigures!.reachedMaximum).toEqual({ count: 1, of: 4 });
    expect(percentOf(tilFigures!.reachedMaximum)).toBe(25);
  });

  // hold-tier held events: t2 at 14 h and 15 h (urine output, both holding dose 2) = 2 events, 1 held dose (t3's is
  // in error); the stop-tier t2 at 22 h and the discontinue-tier t4 at 5 h are stops (2), not holds
  // urine output 2 of 2 = 100 %
  test("holds: 2 hold-tier events holding 1 dose; 2 stop-tier held events apart; urine output 2 of 2 (100 %)", () => {
    expect(tilFigures!.holds).toMatchObject({ heldEvents: 2, heldDoses: 1, stopTierHeldEvents: 2, coursesWithHold: { count: 1, of: 4 } });
    expect(tilFigures!.holds.byCriterion).toEqual([{ criterion: "urine-output-low", events: 2, share: { count: 2, of: 2 } }]);
    expect(percentOf(tilFigures!.holds.byCriterion[0]!.share)).toBe(100);
  });

  test("one cycle: no per-cycle maximum beside the course's", () => {
    expect(tilFigures!.reachedCycleMaximum).toBeNull();
  });

  // stopped: t2 (urine output + SBP); discontinued: t4 (SBP) → SBP 2, urine output 1
  test("stops and discontinuations with their criteria and the attending's reasons, oldest first", () => {
    expect(tilFigures!.stops).toMatchObject({
      stoppedEvents: 1, discontinuedEvents: 1, coursesStopped: { count: 1, of: 4 }, coursesDiscontinued: { count: 1, of: 4 },
      byCriterion: [{ criterion: "sbp-low", events: 2 }, { criterion: "urine-output-low", events: 1 }],
    });
    expect(tilFigures!.stops.reasons.map((r) => [r.courseId, r.outcome, r.reason])).toEqual([
      ["t4", "discontinue", "Refractory hypotension"], // reviewed hold at 5 h
      ["t2", "stop", "Oliguria despite fluids"], // reviewed hold at 22 h
    ]);
  });

  // first given dose after the cells: t1 4 h, t2 6 h, t3 3.5 h → sorted 3.5, 4, 6: median 4, range 3.5–6; t4 none
  test("hours from the end of the TIL infusion to the first given dose: median 4, range 3.5–6, 1 course without a dose", () => {
    expect(tilFigures!.firstDose).toEqual({ hours: { n: 3, median: 4, q1: 3.75, q3: 5, min: 3.5, max: 6 }, withoutGivenDose: 1 });
  });
});

describe("monotherapy: three closed courses", () => {
  // doses given, sorted: 10, 14, 28; median 14; Q1 position 0.5 → 10 + 0.5·4 = 12; Q3 position 1.5 → 14 + 0.5·14 = 21
  test("doses given per course: median 14, IQR 12–21, range 10–28", () => {
    expect(monoFigures!.given).toEqual({ n: 3, median: 14, q1: 12, q3: 21, min: 10, max: 28 });
  });

  test("the maximum is the rule set's (both versions): one course reached it, 1 of 3 = 33 %", () => {
    const max = defaultRuleSetFor("monotherapy").schedule.maxGivenPerCourse.value;
    expect(monoFigures!.maxima).toEqual([max]);
    expect(monoFigures!.distribution).toHaveLength(max + 1);
    expect(monoFigures!.reachedMaximum).toEqual({ count: 1, of: 3 });
    expect(percentOf(monoFigures!.reachedMaximum)).toBe(33);
  });

  test("a stop without a typed reason is listed with none; time to first dose is not applicable", () => {
    expect(monoFigures!.stops.reasons).toEqual([{ outcome: "stop", criteria: ["tachycardia"], reason: null, heldAt: at(100), courseId: "m2" }]);
    expect(monoFigures!.holds.byCriterion).toEqual([{ criterion: "tachycardia", events: 2, share: { count: 2, of: 2 } }]);
    expect(monoFigures!.firstDose).toBeNull();
  });
});

describe("monotherapy: held doses and the per-cycle maximum", () => {
  // m2: two hold-tier events (80 h, 88 h), each skipping its dose → 2 held doses; the stop-tier one at 100 h is a stop
  test("2 held events, 2 held doses (a hold skips the dose), 1 stop-tier held event", () => {
    expect(monoFigures!.holds).toMatchObject({ heldEvents: 2, heldDoses: 2, stopTierHeldEvents: 1, coursesWithHold: { count: 1, of: 3 } });
  });
  // per-cycle maximum 14 (the rule set's): m1 14 + 14, m3 14 in cycle 1 → reached; m2 10 → not: 2 of 3 = 67 %
  test("courses reaching the per-cycle maximum (14, read from the rule set): 2 of 3 (67 %)", () => {
    expect(defaultRuleSetFor("monotherapy").schedule.maxGivenPerCycle.value).toBe(14);
    expect(monoFigures!.reachedCycleMaximum).toEqual({ count: 2, of: 3 });
    expect(percentOf(monoFigures!.reachedCycleMaximum!)).toBe(67);
  });
});

describe("one course's row", () => {
  test("t2: 1 given of 6, 2 hold-tier held events on 1 dose (urine output), 1 stop-tier held, stopped, first dose 6 h after the cells", () => {
    expect(summarizeCourse(T2)).toMatchObject({
      given: 1, maximum: 6, reachedMaximum: false, maximumPerCycle: null, reachedCycleMaximum: false,
      held: 2, heldDoses: 1, stopTierHeld: 1, holdCriteria: ["urine-output-low"], stopped: 1, discontinued: 0,
      stopCriteria: ["urine-output-low", "sbp-low"], hoursToFirstDose: 6, anchorAt: at(0),
    });
  });

  test("a rule set this build does not know: no maximum, never counted as reaching it", () => {
    const own = { ...mono("inst", 30), ruleSetId: "institution-mono", ruleSetVersion: "2.0.0" };
    expect(summarizeCourse(own)).toMatchObject({ maximum: null, reachedMaximum: false, given: 30 });
    const f = qualityFigures([own]).protocols[1]!;
    expect(f.unknownMaximum).toBe(1);
    // no known maximum: the protocol's default says how far the distribution runs, widened to the 30 given
    expect(f.distribution).toHaveLength(31);
  });

  test("no courses: no median, shares of nothing have no percentage", () => {
    const f = qualityFigures([]).protocols[0]!;
    expect(f.given).toEqual({ n: 0, median: null, q1: null, q3: null, min: null, max: null });
    expect(percentOf(f.reachedMaximum)).toBeNull();
  });
});

describe("spreadOf: median and quartiles by linear interpolation (QUARTILE.INC)", () => {
  test.each([
    [[5], 5, 5, 5],
    [[1, 2], 1.5, 1.25, 1.75], // positions 0.5, 0.25, 0.75
    [[1, 2, 3, 4, 5], 3, 2, 4], // positions 2, 1, 3
    [[4, 1, 3, 2], 2.5, 1.75, 3.25], // sorted 1 2 3 4; positions 1.5, 0.75, 2.25
  ])("%j → median %d, Q1 %d, Q3 %d", (values, median, q1, q3) => {
    expect(spreadOf(values)).toMatchObject({ median, q1, q3 });
  });
});

describe("what leaves the screen and the file (review findings 8 and 13)", () => {
  test("an administrator's figures: every typed reason withheld and marked so, the rest unchanged", () => {
    const hidden = withoutTypedReasons(figures.protocols);
    expect(hidden[0]!.stops.reasons.map((r) => [r.courseId, r.reason, r.reasonWithheld])).toEqual([["t4", null, true], ["t2", null, true]]);
    // m2's stop had no typed reason: it stays "no reason typed", not "withheld"
    expect(hidden[1]!.stops.reasons.map((r) => [r.reason, r.reasonWithheld])).toEqual([[null, false]]);
    expect(JSON.stringify(hidden)).not.toContain("Oliguria");
    expect(hidden[0]!.holds).toEqual(figures.protocols[0]!.holds);
  });

  test("the CSV: numbered rows, the start month, never the course id", () => {
    const csv = qualityCsv([summarizeCourse(T1), summarizeCourse(M2)], () => "UTC");
    const lines = csv.split("\r\n").filter(Boolean).map((l) => l.split(","));
    expect(lines[0]).toEqual([...QUALITY_CSV_HEADER]);
    expect(lines.slice(1).map((l) => [l[0], l[5]])).toEqual([["1", "2026-09"], ["2", "2026-09"]]);
    expect(csv).not.toMatch(/\bt1\b|\bm2\b|2026-09-01/);
  });
});
