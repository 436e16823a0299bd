// Course replay (lib/domain/replay.ts) against hand-computed expectations. Every expected value is worked out in a
// comment from protocols.md (rule sets 1.0.0 and 1.1.0). Times are UTC; the "unit" below is in UTC too.
import { describe, expect, test } from "vitest";
import { answerText, assumptionText, findingText, chooseAlternative, firstDoseOpensAfterMs, recordedText, replayAlternatives, replayCourse, replaySummary, sbpTargetRule, type ReplayRecord } from "@/lib/domain/replay";
import { getRuleSet } from "@/lib/rules";
import type { AssessmentRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { H, MIN, after, assessment, course, dec, event, monoCourse } from "./fixtures";

const at = (iso: string) => new Date(iso);
const utc = (d: Date) => d.toISOString().slice(11, 16); // "22:00": the tests' own time words
const CELLS_END = at("2026-03-01T10:00:00Z");

/** An assessment taken `takenAt`, labs drawn 30 min before it, every value inside every limit at 50 kg. */
function a(id: string, takenAt: Date, over: Partial<AssessmentRecord> = {}): AssessmentRecord {
  return assessment({
    id: `00000000-0000-4000-a000-${id.padStart(12, "0")}`,
    takenAt, recordedAt: after(takenAt, 5 * MIN), labsAt: after(takenAt, -30 * MIN),
    weightKg: dec("51"), urineOutputMl: 400, urineOutputHours: dec("8"),
    ...over,
  });
}
const linked = (kind: ReviewedDoseEvent["kind"], seq: number, when: Date, asmt: AssessmentRecord | null, over: Partial<ReviewedDoseEvent> = {}) =>
  event(kind, seq, when, { assessmentId: asmt?.id ?? null, ...over });

// ---------------------------------------------------------------------------------------------------------------
// 1. A TIL course at 50 kg held for urine output 0.4 mL/kg/h: held under TIL, given under monotherapy.
//    Urine 160 mL over 8 h = 20 mL/h; 20 mL/h ÷ 50 kg = 0.4 mL/kg/h.
//    TIL 1.1.0: 0.4 < 0.5 mL/kg/h → hold (BW); 20 < 20 mL/h is false, so only the per-kg threshold fires.
//    Monotherapy 1.1.0: urine output judged per hour only: 20 < 20 mL/h is false → no finding → give.
function tilUrineCourse(): ReplayRecord {
  const a1 = a("1", at("2026-03-01T13:30:00Z"));
  const a2 = a("2", at("2026-03-01T21:30:00Z"), { urineOutputMl: 160 });
  const a3 = a("3", at("2026-03-02T00:30:00Z"), { urineOutputMl: 300, urineOutputHours: dec("6") }); // 50 mL/h = 1.0 mL/kg/h
  return {
    course: course({ dosingWeightKg: dec("50"), baselineWeightKg: dec("50"), tilInfusionEndAt: CELLS_END, targetSbpMmHg: 90 }),
    assessments: [a1, a2, a3],
    events: [
      linked("given", 1, at("2026-03-01T14:00:00Z"), a1, { doseIu: 30_000_000 }),
      linked("held", 2, at("2026-03-01T22:00:00Z"), a2, { criteria: ["urine-output-low"] }),
      linked("given", 3, at("2026-03-02T01:00:00Z"), a3, { doseIu: 30_000_000 }),
    ],
  };
}

describe("a TIL course held for urine output, replayed under monotherapy 1.1.0", () => {
  const result = replayCourse(tilUrineCourse(), { id: "mono-2014", version: "1.1.0" });
  const [r1, r2, r3] = result.rows;

  test("the TIL course has no monotherapy start: day 1 is the first recorded dose event, 14:00, shown as an assumption", () => {
    expect(result.assumptions).toContainEqual({ kind: "start-at-first-event", at: at("2026-03-01T14:00:00Z") });
    const words = result.assumptions.map((x) => assumptionText(x, "monotherapy", utc));
    expect(words.join(" ")).toContain("day 1 of cycle 1 is taken as the first recorded dose event, 14:00");
  });

  test("three dose rows, in time order; no assessment row (each assessment had its dose)", () => {
    expect(result.rows.map((r) => [r.kind, utc(r.at)])).toEqual([["dose", "14:00"], ["dose", "22:00"], ["dose", "01:00"]]);
  });

  test("14:00: given in the record, given under monotherapy (dose 1 at its start) — the same", () => {
    expect([r1?.recorded.outcome, r1?.alternative.decision, r1?.alternative.doseNumber, r1?.differs]).toEqual(["given", "give", 1, false]);
  });

  test("22:00: held for urine output low (0.4 mL/kg/h) in the record; monotherapy gives dose 2 (20 mL/h is not < 20; 8 h after 14:00)", () => {
    expect(r2?.recorded).toMatchObject({ kind: "held", doseNumber: 2, criteria: ["urine-output-low"], outcome: "held" });
    expect([r2?.alternative.decision, r2?.alternative.doseNumber, r2?.alternative.findings, r2?.differs]).toEqual(["give", 2, [], true]);
    expect(recordedText(r2!.recorded)).toBe("Held dose 2 — urine output low");
    expect(answerText(r2!.alternative, result.alternative, utc)).toBe("Give dose 2");
  });

  test("01:00: TIL gave the delayed dose 2; under monotherapy dose 2 went at 22:00, so 01:00 is inside 8 h: no dose, due from 05:30 (06:00 less 30 min)", () => {
    expect(r3?.recorded).toMatchObject({ kind: "given", doseNumber: 2, outcome: "given" });
    expect([r3?.alternative.decision, r3?.alternative.reason, r3?.alternative.outcome, r3?.differs]).toEqual(["wait", "interval", "not-given", true]);
    expect(r3?.alternative.earliestAt).toEqual(at("2026-03-02T05:30:00Z"));
  });

  test("totals: record 2 given 1 held; monotherapy 2 given (14:00, 22:00), 0 held, 1 not due", () => {
    expect(result.totals).toEqual({
      recorded: { given: 2, held: 1, stopped: 0 },
      alternative: { given: 2, held: 0, stopped: 0, notGiven: 1, cannotJudge: 0 },
    });
  });

  test("the summary says in clinical words which dose would have been given, and why it was held", () => {
    const summary = replaySummary(result, utc);
    expect(summary[0]).toBe("Under Monotherapy rules, version 1.1.0, this dose would have been given: dose 2 held 22:00 for urine output low.");
    expect(summary.join(" ")).toContain("dose 2 (given 01:00): not yet due (inside the interval since the previous dose)");
    expect(summary.at(-1)).toBe("In the record: 2 given, 1 held. Under Monotherapy rules, version 1.1.0: 2 given, 0 held, 1 not due or after the course was over.");
    expect(summary.join(" ")).not.toMatch(/urine-output-low|mono-2014/);
  });

  test("the same course under its own current rules replays as recorded: the hold at 22:00 stays a hold for urine output", () => {
    // sanity of the simulation: TIL 1.1.0 against itself reproduces every recorded decision
    const self = replayCourse(tilUrineCourse(), { id: "til-2024", version: "1.1.0" });
    expect(self.rows.map((r) => r.alternative.decision)).toEqual(["give", "hold", "give"]);
    expect(self.rows[1]?.alternative.findings).toEqual([{ criterion: "urine-output-low", tier: "hold", detail: "160 mL ÷ 8 h ÷ 50 kg (dosing weight) = 0.4 mL/kg/h < 0.5 mL/kg/h" }]);
    expect(self.rows.some((r) => r.differs)).toBe(false);
    expect(findingText(self.rows[1]!.alternative.findings[0]!)).toBe("Urine output low: 160 mL ÷ 8 h ÷ 50 kg (dosing weight) = 0.4 mL/kg/h < 0.5 mL/kg/h");
    expect(self.assumptions.map((x) => x.kind)).not.toContain("start-at-first-event");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. A monotherapy course with 8 doses given q8h, replayed under TIL 1.1.0: TIL's maximum of 6 (C144) cuts 7 and 8.
//    Anchor: no TIL cell infusion → its end is taken 3 h before the first dose (14:00 − 3 h = 11:00), so dose 1 falls
//    at the opening of the TIL first-dose window (+3 h, no early tolerance). No SBP target → 90 mmHg, shown.
//    Doses at 14:00, 22:00, 06:00, … every 8 h: each ≥ 8 h after the previous given dose (TIL interval) and within
//    120 h of the first dose event (the 8th is at +56 h). After 6 given, the 7th is `complete`, `max-reached`.
function monoEight(): ReplayRecord {
  const start = at("2026-03-01T14:00:00Z");
  const assessments: AssessmentRecord[] = [];
  const events: ReviewedDoseEvent[] = [];
  for (let i = 0; i < 8; i++) {
    const when = after(start, i * 8 * H);
    const asmt = a(String(10 + i), after(when, -30 * MIN));
    assessments.push(asmt);
    events.push(linked("given", i + 1, when, asmt, { ruleSetId: "mono-2014" }));
  }
  return { course: monoCourse({ dosingWeightKg: dec("50"), baselineWeightKg: dec("50"), startAt: start }), assessments, events };
}

describe("a monotherapy course of 8 doses replayed under TIL 1.1.0: the TIL maximum of 6 cuts doses 7 and 8", () => {
  const result = replayCourse(monoEight(), { id: "til-2024", version: "1.1.0" });

  test("assumptions: TIL cells ended 11:00 (3 h before the first dose at 14:00) and the SBP target is 90 mmHg", () => {
    expect(result.assumptions).toContainEqual({ kind: "til-end-before-first-event", at: at("2026-03-01T11:00:00Z"), firstEventAt: at("2026-03-01T14:00:00Z") });
    expect(result.assumptions).toContainEqual({ kind: "sbp-target", mmHg: 90 });
    expect(assumptionText({ kind: "sbp-target", mmHg: 90 }, "TIL", utc)).toContain("against 90 mmHg");
  });

  test("doses 1–6 given under TIL too (numbers 1–6); doses 7 and 8: no dose, the maximum had been reached", () => {
    expect(result.rows.map((r) => r.alternative.decision)).toEqual(["give", "give", "give", "give", "give", "give", "complete", "complete"]);
    expect(result.rows.slice(0, 6).map((r) => r.alternative.doseNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result.rows.slice(6).map((r) => [r.alternative.reason, r.differs])).toEqual([["max-reached", true], ["max-reached", true]]);
    expect(answerText(result.rows[6]!.alternative, result.alternative, utc)).toBe("No dose: the maximum number of doses had been given");
  });

  test("the summary names doses 7 and 8 and the maximum", () => {
    const s = replaySummary(result, utc).join(" ");
    // dose 7 at 14:00 + 6 × 8 h = 14:00 two days later; dose 8 at 22:00
    expect(s).toContain("no dose would have been decided at these moments: dose 7 (given 14:00): the maximum number of doses had been given and dose 8 (given 22:00): the maximum number of doses had been given.");
    expect(s).toContain("In the record: 8 given, 0 held. Under TIL-adjunct rules, version 1.1.0: 6 given, 0 held, 2 not due or after the course was over.");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Version replay, til-2024 1.1.0 ↔ 1.0.0: criteria that 1.1.0 added change the answer.
describe("a TIL 1.1.0 course held for bradycardia, replayed under 1.0.0", () => {
  // Heart rate 45 bpm at 21:30: 1.1.0 `bradycardia` < 50 → hold; 1.0.0 has no bradycardia criterion (tachycardia
  // > 120 only) → give dose 2 (8 h after 14:00).
  const a1 = a("1", at("2026-03-01T13:30:00Z"));
  const a2 = a("2", at("2026-03-01T21:30:00Z"), { heartRateBpm: 45 });
  const record: ReplayRecord = {
    course: course({ dosingWeightKg: dec("50"), baselineWeightKg: dec("50") }),
    assessments: [a1, a2],
    events: [linked("given", 1, at("2026-03-01T14:00:00Z"), a1), linked("held", 2, at("2026-03-01T22:00:00Z"), a2, { criteria: ["bradycardia"] })],
  };

  test("the course's own 1.1.0 holds at 22:00 for heart rate low; 1.0.0 gives dose 2", () => {
    expect(replayCourse(record, { id: "til-2024", version: "1.1.0" }).rows[1]?.alternative.findings).toEqual([{ criterion: "bradycardia", tier: "hold", detail: "Heart rate 45 bpm < 50 bpm" }]);
    const old = replayCourse(record, { id: "til-2024", version: "1.0.0" });
    expect(old.assumptions.map((x) => x.kind)).toEqual(["decides-at-recorded-moments", "attending-decisions-kept", "no-answer-records-nothing"]);
    expect([old.rows[1]?.alternative.decision, old.rows[1]?.alternative.doseNumber, old.rows[1]?.differs]).toEqual(["give", 2, true]);
    expect(replaySummary(old, utc)[0]).toBe("Under TIL-adjunct rules, version 1.0.0, this dose would have been given: dose 2 held 22:00 for heart rate low.");
  });
});

describe("a TIL 1.0.0 course given after a pressor since the last dose, replayed under 1.1.0", () => {
  // At 21:30 phenylephrine peak 0.2 µg/kg/min since the last dose, none running now. 1.0.0: TIL has no pressor-peak
  // criterion → give (recorded). 1.1.0: pressor-peak > 0 → hold (pressor-at-dose did not fire: 0 running, no other).
  const a1 = a("1", at("2026-03-01T13:30:00Z"));
  const a2 = a("2", at("2026-03-01T21:30:00Z"), { phenylephrinePeakMcgKgMin: dec("0.2") });
  const record: ReplayRecord = {
    course: course({ ruleSetVersion: "1.0.0", dosingWeightKg: dec("50"), baselineWeightKg: dec("50") }),
    assessments: [a1, a2],
    events: [
      linked("given", 1, at("2026-03-01T14:00:00Z"), a1, { ruleSetVersion: "1.0.0" }),
      linked("given", 2, at("2026-03-01T22:00:00Z"), a2, { ruleSetVersion: "1.0.0" }),
    ],
  };

  test("dose 2 would have been held for a vasopressor since the last dose", () => {
    const r = replayCourse(record, { id: "til-2024", version: "1.1.0" });
    expect(r.rows[1]?.alternative).toMatchObject({ decision: "hold", findings: [{ criterion: "pressor-peak", tier: "hold" }] });
    expect(replaySummary(r, utc)[0]).toBe("Under TIL-adjunct rules, version 1.1.0, this dose would have been held: dose 2 (given 22:00) for vasopressor since the last dose.");
  });

  test("1.1.0 requires inputs 1.0.0 did not: without platelets the dose could not be judged, never given", () => {
    // 1.1.0 requires plateletsPerUl (protocols.md §3) → missing → incomplete; 1.0.0 TIL does not require it.
    const noPlatelets = { ...record, assessments: record.assessments.map((x) => ({ ...x, plateletsPerUl: null })) };
    const r = replayCourse(noPlatelets, { id: "til-2024", version: "1.1.0" });
    expect(r.rows.map((x) => [x.alternative.decision, x.alternative.outcome])).toEqual([["incomplete", "cannot-judge"], ["incomplete", "cannot-judge"]]);
    expect(r.rows[0]?.alternative.missing).toContain("plateletsPerUl");
    expect(r.totals.alternative).toMatchObject({ given: 0, cannotJudge: 2 });
    expect(answerText(r.rows[0]!.alternative, r.alternative, utc)).toMatch(/^Could not be judged: missing platelets/i);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. An event entered in error is ignored: not a row, not in the simulated history.
describe("an event marked entered in error", () => {
  // Record: given 14:00; a "given" at 18:00 entered in error; given 22:00 (the real second dose). Under monotherapy
  // (start = 14:00), if 18:00 counted, 22:00 would be inside 8 h of it (wait); ignored, 22:00 is 8 h after 14:00 → give.
  const a1 = a("1", at("2026-03-01T13:30:00Z"));
  const a2 = a("2", at("2026-03-01T21:30:00Z"));
  const record: ReplayRecord = {
    course: course({ dosingWeightKg: dec("50"), baselineWeightKg: dec("50") }),
    assessments: [a1, a2],
    events: [
      linked("given", 1, at("2026-03-01T14:00:00Z"), a1),
      linked("given", 2, at("2026-03-01T18:00:00Z"), null, { status: "entered_in_error", enteredInErrorAt: at("2026-03-01T18:10:00Z"), enteredInErrorReason: "wrong patient" }),
      linked("given", 3, at("2026-03-01T22:00:00Z"), a2),
    ],
  };
  const r = replayCourse(record, { id: "mono-2014", version: "1.1.0" });

  test("two rows (14:00, 22:00); 22:00 is dose 2 in both columns", () => {
    expect(r.rows.map((x) => utc(x.at))).toEqual(["14:00", "22:00"]);
    expect([r.rows[1]?.recorded.doseNumber, r.rows[1]?.alternative.decision, r.rows[1]?.alternative.doseNumber]).toEqual([2, "give", 2]);
    expect(r.ignoredEvents).toBe(1);
    expect(replaySummary(r, utc)).toContain("1 dose event marked entered in error is left out.");
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 5. Across protocols, what cannot be judged stays unjudged; an assessment without a dose is its own row.
describe("a monotherapy course with daily labs, replayed under TIL", () => {
  // Labs drawn 20 h before the 14:00 dose: monotherapy takes labs ≤ 24 h (gave); TIL takes ≤ 12 h → labs too old →
  // incomplete → "could not be judged", not give; nothing enters the TIL history, so the 22:00 assessment-only row
  // (fresh labs, 21:30) finds no dose given yet: TIL says give dose 1 there.
  const start = at("2026-03-01T14:00:00Z");
  const a1 = a("1", after(start, -30 * MIN), { labsAt: after(start, -20 * H) });
  const a2 = a("2", at("2026-03-01T21:30:00Z"));
  const record: ReplayRecord = {
    course: monoCourse({ dosingWeightKg: dec("50"), baselineWeightKg: dec("50"), startAt: start }),
    assessments: [a1, a2],
    events: [linked("given", 1, start, a1, { ruleSetId: "mono-2014" })],
  };
  const r = replayCourse(record, { id: "til-2024", version: "1.1.0" });

  test("14:00 could not be judged under TIL: labs too old (20 h > 12 h)", () => {
    expect(r.rows[0]?.alternative).toMatchObject({ decision: "incomplete", outcome: "cannot-judge" });
    expect(r.rows[0]?.alternative.stale.length).toBeGreaterThan(0);
    expect(r.rows[0]?.differs).toBe(true);
    expect(replaySummary(r, utc).join(" ")).toMatch(/one moment could not be judged — 14:00: too old: /);
  });

  test("21:30 is an assessment row: nothing recorded on it; TIL would have said give dose 1 (nothing given in its history)", () => {
    expect(r.rows[1]).toMatchObject({ kind: "assessment", differs: false, recorded: { kind: null, outcome: "none" } });
    expect([r.rows[1]?.alternative.decision, r.rows[1]?.alternative.doseNumber]).toEqual(["give", 1]);
    expect(recordedText(r.rows[1]!.recorded)).toBe("Assessment only: no dose was decided on it");
  });
});

describe("the choice of alternative", () => {
  test("a TIL 1.1.0 course: monotherapy 1.1.0 first, then TIL 1.0.0; an unknown choice falls back to the first", () => {
    const c = course();
    expect(replayAlternatives(c).map((x) => `${x.id} ${x.version}`)).toEqual(["mono-2014 1.1.0", "til-2024 1.0.0"]);
    expect(chooseAlternative(c, "til-2024@1.0.0")?.version).toBe("1.0.0");
    expect(chooseAlternative(c, "til-2024@1.1.0")?.id).toBe("mono-2014"); // its own version is not an alternative
    expect(chooseAlternative(monoCourse({ ruleSetVersion: "1.0.0" }), undefined)?.id).toBe("til-2024");
    expect(replayAlternatives(monoCourse({ ruleSetVersion: "1.0.0" })).map((x) => `${x.id} ${x.version}`)).toEqual(["til-2024 1.1.0", "mono-2014 1.1.0"]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Review findings 10 and 11 (issue 14): a stop under the alternative is an assumption stated on screen, and the TIL
// target and first-dose offset the replay assumes are read from the alternative rule set, never typed.
//    A TIL course at 50 kg: dose 1 at 14:00; at 22:00 urine output 60 mL over 8 h = 7.5 mL/h (< 10 mL/h: a stop under
//    TIL, and under monotherapy 1.1.0 too), recorded as a stop-tier hold. Monotherapy answers stop at 22:00.
describe("a stop answered by the alternative", () => {
  const a1 = a("11", at("2026-03-01T13:30:00Z"));
  const a2 = a("12", at("2026-03-01T21:30:00Z"), { urineOutputMl: 60 });
  const record: ReplayRecord = {
    course: course({ dosingWeightKg: dec("50"), baselineWeightKg: dec("50"), tilInfusionEndAt: CELLS_END, targetSbpMmHg: 90 }),
    assessments: [a1, a2],
    events: [
      linked("given", 1, at("2026-03-01T14:00:00Z"), a1, { doseIu: 30_000_000 }),
      linked("held", 2, at("2026-03-01T22:00:00Z"), a2, { criteria: ["urine-output-low"], tier: "stop" }),
    ],
  };
  const result = replayCourse(record, { id: "mono-2014", version: "1.1.0" });

  test("monotherapy stops at 22:00, and the replay says it takes that stop as confirmed by the attending", () => {
    expect(result.rows[1]?.alternative.decision).toBe("stop");
    expect(result.assumptions).toContainEqual({ kind: "alternative-stop-confirmed" });
    expect(assumptionText({ kind: "alternative-stop-confirmed" }, "monotherapy", utc)).toBe(
      "A stop or discontinue under monotherapy is taken as confirmed by the attending, and the later rows follow it; recorded overrides are not replayed.",
    );
  });

  test("no such assumption where the alternative never stops", () => {
    expect(replayCourse(tilUrineCourse(), { id: "mono-2014", version: "1.1.0" }).assumptions).not.toContainEqual({ kind: "alternative-stop-confirmed" });
  });
});

describe("the TIL target and first-dose opening come from the alternative rule set", () => {
  test("TIL 1.1.0: target required 90–140 mmHg, the assumed one its minimum; first dose from 3 h after the cells", () => {
    const til = getRuleSet("til-2024", "1.1.0");
    expect(sbpTargetRule(til)).toEqual({ field: "targetSbpMmHg", min: 90, max: 140, assumed: 90 });
    expect(firstDoseOpensAfterMs(til)).toBe(til!.schedule.cycles[0]!.opensAfterAnchorMinutes.value * MIN);
    expect(firstDoseOpensAfterMs(til)).toBe(3 * H);
  });
  test("monotherapy reads no course target: nothing assumed", () => {
    expect(sbpTargetRule(getRuleSet("mono-2014", "1.1.0"))).toBeNull();
  });
  test("the words give the offset the rule set gave (3 h)", () => {
    const words = assumptionText({ kind: "til-end-before-first-event", at: at("2026-03-01T11:00:00Z"), firstEventAt: at("2026-03-01T14:00:00Z") }, "TIL", utc);
    expect(words).toContain("11:00, 3 h (the alternative's first-dose opening) before the first recorded dose event (14:00)");
  });
});
