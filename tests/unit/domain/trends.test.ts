// lib/domain/trends.ts courseTrends: every figure below is computed by hand; the threshold lines are checked against
// shared/domain/protocols.md §4 (rule sets 1.1.0 and the TIL 1.0.0 default target).
import { describe, expect, test } from "vitest";
import { courseTrends, type TrendMeasureId } from "@/lib/domain/trends";
import type { AssessmentRecord } from "@/lib/domain/records";
import { H, MIN, NOW, after, assessment, course, dec, event, monoCourse } from "./fixtures";

const T0 = after(NOW, -12 * H);
let n = 0;
const a = (over: Partial<AssessmentRecord>): AssessmentRecord => assessment({ id: `a-${++n}`, takenAt: T0, recordedAt: T0, labsAt: T0, ...over });

const measure = (t: ReturnType<typeof courseTrends>, id: TrendMeasureId) => {
  const m = t.measures.find((x) => x.id === id);
  if (!m) throw new Error(id);
  return m;
};
const pointsOf = (t: ReturnType<typeof courseTrends>, id: TrendMeasureId, series = 0) => measure(t, id).series[series]!.points;

describe("values by hand", () => {
  test.each([
    ["240 mL over 4 h at 70 kg = 0.857 mL/kg/h", "urine-per-kg", { urineOutputMl: 240, urineOutputHours: dec("4") }, "70", "72", "0.857"],
    ["240 mL over 4 h = 60.0 mL/h", "urine-per-hour", { urineOutputMl: 240, urineOutputHours: dec("4") }, "70", "72", "60.0"],
    ["320 mL over 8 h at 80 kg = 0.500 mL/kg/h (on the 0.5 line, not below it)", "urine-per-kg", { urineOutputMl: 320, urineOutputHours: dec("8") }, "80", "80", "0.500"],
    ["319 mL over 8 h at 80 kg = 0.4984… shown 0.498 (below 0.5)", "urine-per-kg", { urineOutputMl: 319, urineOutputHours: dec("8") }, "80", "80", "0.498"],
    ["159 mL over 8 h = 19.875 mL/h, shown 19.9 (below 20)", "urine-per-hour", { urineOutputMl: 159, urineOutputHours: dec("8") }, "80", "80", "19.9"],
    ["weight 75.6 over baseline 72 = 5.0 %", "weight-gain", { weightKg: dec("75.6") }, "72", "72", "5.0"],
    ["weight 82.8 over baseline 72 = 15.0 % (on the line, not above it)", "weight-gain", { weightKg: dec("82.8") }, "72", "72", "15.0"],
    ["weight 82.81 over baseline 72 = 15.01… shown 15.01 (rounding to 15.0 would read as not above the line)", "weight-gain", { weightKg: dec("82.81") }, "72", "72", "15.01"],
    ["creatinine 2.45 mg/dL as recorded", "creatinine", { creatinineMgDl: dec("2.45") }, "70", "70", "2.45"],
    ["SBP 88 mmHg as recorded", "sbp", { sbpMmHg: 88 }, "70", "70", "88"],
  ] as const)("%s", (_label, id, over, dosing, baseline, shown) => {
    const t = courseTrends({ course: course({ dosingWeightKg: dec(dosing), baselineWeightKg: dec(baseline) }), assessments: [a(over)], events: [] });
    const [p] = pointsOf(t, id);
    expect(p?.shown).toBe(shown);
    expect(p?.value).toBe(Number(shown));
  });

  test("the urine rates say how they were computed, with the dosing weight", () => {
    const t = courseTrends({ course: course({ dosingWeightKg: dec("70") }), assessments: [a({ urineOutputMl: 240, urineOutputHours: dec("4") })], events: [] });
    expect(pointsOf(t, "urine-per-kg")[0]?.from).toBe("240 mL over 4 h ÷ 70 kg dosing weight");
    expect(pointsOf(t, "urine-per-hour")[0]?.from).toBe("240 mL over 4 h");
  });
});

describe("what a point is", () => {
  test("each value at its own observation time: a lab at its draw time, an observedAt entry over the assessment's time", () => {
    const drawn = after(T0, -3 * H);
    const sbpAt = after(T0, -20 * MIN);
    const t = courseTrends({ course: course(), assessments: [a({ labsAt: drawn, observedAt: { sbpMmHg: sbpAt.toISOString() } })], events: [] });
    expect(pointsOf(t, "creatinine")[0]?.at).toEqual(drawn);
    expect(pointsOf(t, "sbp")[0]?.at).toEqual(sbpAt);
    expect(pointsOf(t, "heart-rate")[0]?.at).toEqual(T0);
  });

  test("a creatinine carried into two later assessments is one point, at its draw time", () => {
    const drawn = after(T0, -H);
    const first = a({ creatinineMgDl: dec("1.4"), labsAt: drawn });
    const carriedTimes = { creatinineMgDl: drawn.toISOString() };
    const second = a({ takenAt: after(T0, 4 * H), recordedAt: after(T0, 4 * H), labsAt: drawn, creatinineMgDl: dec("1.4"), carriedFields: ["creatinineMgDl"], observedAt: carriedTimes });
    const third = a({ takenAt: after(T0, 8 * H), recordedAt: after(T0, 8 * H), labsAt: drawn, creatinineMgDl: dec("1.4"), carriedFields: ["creatinineMgDl"], observedAt: carriedTimes });
    const t = courseTrends({ course: course(), assessments: [first, second, third], events: [] });
    expect(pointsOf(t, "creatinine").map((p) => [p.at, p.shown])).toEqual([[drawn, "1.40"]]);
    // the values of their own are three points
    expect(pointsOf(t, "heart-rate")).toHaveLength(3);
  });

  test("a carried value is no point even when its own time was lost", () => {
    const second = a({ takenAt: after(T0, 4 * H), recordedAt: after(T0, 4 * H), phenylephrineMcgKgMin: dec("0.2"), carriedFields: ["phenylephrineMcgKgMin"] });
    const t = courseTrends({ course: course(), assessments: [a({ phenylephrineMcgKgMin: dec("0.2") }), second], events: [] });
    expect(pointsOf(t, "vasopressor", 0)).toHaveLength(1);
  });

  test("an entered-in-error assessment gives no point; the points are in time order", () => {
    const wrong = a({ takenAt: after(T0, H), sbpMmHg: 60, status: "entered_in_error" });
    const later = a({ takenAt: after(T0, 2 * H), recordedAt: after(T0, 2 * H), sbpMmHg: 104 });
    const earlier = a({ sbpMmHg: 118 });
    const t = courseTrends({ course: course(), assessments: [later, wrong, earlier], events: [] });
    expect(pointsOf(t, "sbp").map((p) => p.value)).toEqual([118, 104]);
  });

  test("an assessment without a value gives no point for it", () => {
    const t = courseTrends({ course: course(), assessments: [a({ urineOutputMl: null, urineOutputHours: null, weightKg: null })], events: [] });
    expect(pointsOf(t, "urine-per-kg")).toEqual([]);
    expect(pointsOf(t, "weight-gain")).toEqual([]);
  });

  test("phenylephrine now and peak are two series; another vasopressor is a yes/no flag at its time", () => {
    const t = courseTrends({
      course: course(),
      assessments: [a({ phenylephrineMcgKgMin: dec("0.3"), phenylephrinePeakMcgKgMin: dec("0.6"), otherVasopressor: true })],
      events: [],
    });
    const v = measure(t, "vasopressor");
    expect(v.series.map((s) => [s.label, s.points[0]?.shown])).toEqual([["Phenylephrine now", "0.30"], ["Phenylephrine peak since the last dose", "0.60"]]);
    expect(v.flags).toEqual([{ at: T0, on: true, assessmentId: expect.any(String) }]);
  });
});

describe("threshold lines from the course's own rule set", () => {
  const lines = (t: ReturnType<typeof courseTrends>, id: TrendMeasureId) =>
    measure(t, id).thresholds.map((l) => `${l.seriesKey} ${l.tier} ${l.op} ${l.value} ${l.criterionId} ${l.sources[0]}`);

  test("TIL 1.1.0: the SBP line is the course's admission target (95), from the course", () => {
    const t = courseTrends({ course: course({ targetSbpMmHg: 95 }), assessments: [], events: [] });
    expect(lines(t, "sbp")).toEqual(["sbp hold < 95 sbp-low BW"]);
    expect(measure(t, "sbp").thresholds[0]?.fromCourse).toBe(true);
  });

  test("TIL 1.0.0 without a target: the rule set's default, 90", () => {
    const t = courseTrends({ course: course({ ruleSetVersion: "1.0.0", targetSbpMmHg: null }), assessments: [], events: [] });
    expect(lines(t, "sbp")).toEqual(["sbp hold < 90 sbp-low BW"]);
  });

  test("monotherapy SBP: hold under 90, a fixed number of the rule set", () => {
    const t = courseTrends({ course: monoCourse(), assessments: [], events: [] });
    expect(lines(t, "sbp")).toEqual(["sbp hold < 90 sbp-low PI-P"]);
    expect(measure(t, "sbp").thresholds[0]?.fromCourse).toBe(false);
  });

  test("urine output: TIL judges per kg (0.5) and per hour (20, 10); monotherapy only per hour", () => {
    const til = courseTrends({ course: course(), assessments: [], events: [] });
    expect(lines(til, "urine-per-kg")).toEqual(["urine-per-kg hold < 0.5 urine-output-low BW"]);
    expect(lines(til, "urine-per-hour")).toEqual(["urine-per-hour hold < 20 urine-output-low DUT", "urine-per-hour stop < 10 urine-output-low SPR"]);
    const mono = courseTrends({ course: monoCourse(), assessments: [], events: [] });
    expect(lines(mono, "urine-per-kg")).toEqual([]);
    expect(lines(mono, "urine-per-hour").map((l) => l.split(" ").slice(1, 4).join(" "))).toEqual(["hold < 20", "stop < 10"]);
  });

  test("heart rate, creatinine, weight gain, SpO₂", () => {
    const t = courseTrends({ course: course(), assessments: [], events: [] });
    expect(lines(t, "heart-rate").map((l) => l.split(" ").slice(1, 5).join(" "))).toEqual(["hold > 120 tachycardia", "stop > 130 tachycardia", "hold < 50 bradycardia"]);
    expect(lines(t, "creatinine").map((l) => l.split(" ").slice(1, 4).join(" "))).toEqual(["hold >= 2.5", "stop >= 3"]);
    expect(lines(t, "weight-gain").map((l) => l.split(" ").slice(1, 4).join(" "))).toEqual(["hold > 15"]);
    expect(lines(t, "spo2").map((l) => l.split(" ").slice(1, 4).join(" "))).toEqual(["hold < 90"]);
  });

  test("vasopressor: TIL holds on any phenylephrine and stops over 0.5; monotherapy holds over 0.5 and stops over 0.8 (now), 1.0 / 1.5 (peak)", () => {
    const til = courseTrends({ course: course(), assessments: [], events: [] });
    expect(lines(til, "vasopressor").map((l) => l.split(" ").slice(0, 4).join(" "))).toEqual([
      "phenylephrine-now hold > 0", "phenylephrine-now stop > 0.5", "phenylephrine-peak hold > 0",
    ]);
    expect(measure(til, "vasopressor").flagRules.map((r) => `${r.tier} ${r.criterionId}`)).toEqual(["hold pressor-at-dose"]);
    const mono = courseTrends({ course: monoCourse(), assessments: [], events: [] });
    expect(lines(mono, "vasopressor").map((l) => l.split(" ").slice(0, 4).join(" "))).toEqual([
      "phenylephrine-now hold > 0.5", "phenylephrine-now stop > 0.8", "phenylephrine-peak hold > 1", "phenylephrine-peak stop > 1.5",
    ]);
  });

  test("each line names its criterion in the rule set's words", () => {
    const t = courseTrends({ course: course(), assessments: [], events: [] });
    expect(measure(t, "creatinine").thresholds[0]?.criterionLabel).toBe("Creatinine high");
  });
});

describe("dose events", () => {
  test("given doses are numbered, holds carry their criteria in words, entered-in-error events are left out", () => {
    const events = [
      event("given", 1, after(T0, H)),
      event("held", 2, after(T0, 9 * H), { criteria: ["urine-output-low", "tachycardia"] }),
      event("given", 3, after(T0, 10 * H), { status: "entered_in_error" }),
      event("given", 4, after(T0, 11 * H)),
    ];
    const t = courseTrends({ course: course(), assessments: [], events });
    expect(t.events.map((e) => [e.sequence, e.kind, e.doseNumber, e.criteria.map((c) => c.label)])).toEqual([
      [1, "given", 1, []],
      [2, "held", null, ["Urine output low", "Heart rate high"]],
      [4, "given", 2, []],
    ]);
    expect(t.span).toEqual({ from: after(T0, H), to: after(T0, 11 * H) });
  });

  test("nothing recorded: no span", () => {
    expect(courseTrends({ course: course(), assessments: [], events: [] }).span).toBeNull();
  });
});
