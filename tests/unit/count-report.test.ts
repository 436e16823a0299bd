import { describe, expect, test } from "vitest";
import { Prisma, type Course, type DoseEvent } from "@/lib/generated/prisma/client";
import { buildCountReport, countVerificationDue, readStoredCountReport } from "@/lib/db/count-report";
import type { EngineDoseEvent } from "@/lib/domain/engine-request";

// A fixed clock: every time below is written out, never read.
const H = 3_600_000;
const MIN = 60_000;
const TIL_CELLS_END = Date.parse("2026-03-01T08:00:00Z");
const MONO_START = Date.parse("2026-03-01T08:00:00Z");
const NOW = new Date("2026-03-02T12:00:00Z");
// 82.4 kg × 600,000 IU/kg = 49,440,000 IU (protocols.md §1)
const DOSE = 49_440_000;

function course(over: Partial<Course> = {}): Course {
  const protocol = over.protocol ?? "til_adjunct";
  return {
    id: "00000000-0000-4000-8000-000000000001",
    patientId: "00000000-0000-4000-8000-000000000002",
    protocol,
    ruleSetId: protocol === "til_adjunct" ? "til-2024" : "mono-2014",
    ruleSetVersion: "1.0.0",
    dosingWeightKg: new Prisma.Decimal("82.4"),
    baselineWeightKg: new Prisma.Decimal("82.4"),
    doseIuPerKg: 600_000,
    startAt: protocol === "monotherapy" ? new Date(MONO_START) : null,
    tilInfusionEndAt: protocol === "til_adjunct" ? new Date(TIL_CELLS_END) : null,
    targetSbpMmHg: protocol === "til_adjunct" ? 90 : null,
    status: "active",
    orderedById: "00000000-0000-4000-8000-000000000003",
    orderedAt: new Date(TIL_CELLS_END - 24 * H),
    weightVerifiedById: "00000000-0000-4000-8000-000000000004",
    weightVerifiedAt: new Date(TIL_CELLS_END - 20 * H),
    cycle2ApprovedById: null,
    cycle2ApprovedAt: null,
    cycle2ApprovalNote: null,
    version: 2,
    createdAt: new Date(TIL_CELLS_END - 24 * H),
    ...over,
  };
}

let seq = 0;
function event(kind: DoseEvent["kind"], atMs: number, over: Partial<EngineDoseEvent> = {}): EngineDoseEvent {
  seq += 1;
  return {
    id: `00000000-0000-4000-9000-${String(seq).padStart(12, "0")}`,
    courseId: "00000000-0000-4000-8000-000000000001",
    sequence: over.sequence ?? seq,
    kind,
    cycle: 1,
    doseIu: kind === "given" ? DOSE : null,
    occurredAt: new Date(atMs),
    assessmentId: null,
    engineDecision: kind === "given" ? "give" : "hold",
    decisionSnapshot: {},
    ruleSetId: "til-2024",
    ruleSetVersion: "1.0.0",
    criteria: kind === "held" ? ["sbp-low"] : [],
    tier: kind === "held" ? "hold" : null,
    note: null,
    authorizedByReviewId: null,
    recordedAt: new Date(atMs),
    status: "active",
    enteredInErrorAt: null,
    enteredInErrorReason: null,
    holdReviews: [],
    ...over,
  };
}

/** Sequences restart at 1 for each list of events. */
function events(...make: (() => EngineDoseEvent)[]): EngineDoseEvent[] {
  seq = 0;
  return make.map((m) => m());
}

const til = (h: number, m = 0) => TIL_CELLS_END + h * H + m * MIN;

describe("a TIL course given on schedule", () => {
  // cells end 08:00; given +3 h, +11 h, held +19 h, given +20 h (9 h after the previous given dose)
  const rows = events(
    () => event("given", til(3)),
    () => event("given", til(11)),
    () => event("held", til(19)),
    () => event("given", til(20)),
  );
  const report = buildCountReport({ course: course(), events: rows, now: NOW });

  test("counts 3 given, 1 held, 6 − 3 = 3 remaining; 3 × 49,440,000 = 148,320,000 IU; ÷ 82.4 kg = 1,800,000 IU/kg", () => {
    expect(report.course).toEqual({
      given: 3, held: 1, stopped: 0, discontinued: 0, maxGiven: 6, remaining: 3, cumulativeIu: 148_320_000, cumulativeIuPerKg: 1_800_000,
    });
    expect(report.cycles).toEqual([{ cycle: 1, given: 3, held: 1, maxGiven: 6, remaining: 3, cumulativeIu: 148_320_000, cumulativeIuPerKg: 1_800_000 }]);
  });

  test("intervals between given doses: none for the first, 8 h = 480 min, then 9 h = 540 min (the hold in between does not count)", () => {
    expect(report.events.filter((e) => e.kind === "given").map((e) => [e.givenNumber, e.intervalMinutes])).toEqual([
      [1, null],
      [2, 480],
      [3, 540],
    ]);
  });

  test("every given dose was inside its window and equals the order's 49,440,000 IU; the engine's counts equal the recorded ones", () => {
    expect(report.events.filter((e) => e.kind === "given").map((e) => [e.window?.inside, e.doseIuMatches])).toEqual([
      [true, true],
      [true, true],
      [true, true],
    ]);
    expect(report.engine.ok).toBe(true);
    expect(report.comparisons.every((c) => c.matches)).toBe(true);
    expect(report.comparisons.map((c) => c.key)).toEqual([
      "givenInCourse", "heldInCourse", "remainingInCourse", "cumulativeIu", "givenInCycle", "heldInCycle", "remainingInCycle", "cumulativeIuInCycle",
    ]);
    expect(report.checks).toEqual({ counts: true, doseIu: true, windows: true });
    expect(report.discrepancies).toEqual([]);
    expect(report.countsMatch).toBe(true);
    expect(report.lastEventSequence).toBe(4);
    expect(report.expectedDoseIu).toBe(DOSE);
  });

  test("the report is plain JSON (it is stored as the verification's snapshot)", () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });
});

describe("a given dose outside its window, as the engine decides at the dose's own time", () => {
  test.each([
    ["first dose at +2 h 59 min: before the +3 h first-dose window opens", [til(2, 59)], "start-window", "wait"],
    ["first dose at +24 h 1 min: after the +24 h start deadline", [til(24, 1)], "start-window-missed", "complete"],
    ["second dose 7 h 29 min after the first: before 8 h − 30 min tolerance", [til(3), til(10, 29)], "interval", "wait"],
    ["second dose 120 h 1 min after the first event: the 120 h course window has closed", [til(3), til(123, 1)], "window-closed", "complete"],
    ["seventh dose after six given 8 h apart: the 6-dose maximum was reached", [3, 11, 19, 27, 35, 43, 51].map((h) => til(h)), "max-reached", "complete"],
  ] as const)("%s → outside (%s)", (_label, times, reason, decision) => {
    const rows = events(...times.map((t) => () => event("given", t)));
    const now = new Date(Math.max(...times) + H);
    const report = buildCountReport({ course: course(), events: rows, now });
    const last = report.events.at(-1);
    expect(last?.window).toMatchObject({ inside: false, reason, engineDecision: decision });
    expect(report.events.slice(0, -1).every((e) => e.window?.inside === true)).toBe(true);
    expect(report.checks.windows).toBe(false);
    expect(report.countsMatch).toBe(false);
    expect(report.discrepancies.filter((d) => d.kind === "window")).toEqual([
      { kind: "window", sequence: times.length, message: expect.stringMatching(new RegExp(`^Dose ${times.length} \\(event ${times.length}\\) was given outside its window: `)) },
    ]);
  });

  test("second dose exactly 7 h 30 min after the first: inside (the 30 min early tolerance)", () => {
    const rows = events(() => event("given", til(3)), () => event("given", til(10, 30)));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.events.map((e) => e.window?.inside)).toEqual([true, true]);
    expect(report.events[1]?.intervalMinutes).toBe(450);
    expect(report.countsMatch).toBe(true);
  });

  test("a dose given after IL-2 was stopped for the course → outside (stopped)", () => {
    const rows = events(() => event("given", til(3)), () => event("stopped", til(10)), () => event("given", til(11)));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.events[2]?.window).toMatchObject({ inside: false, reason: "stopped", text: "after IL-2 had been stopped" });
    expect(report.course.stopped).toBe(1);
  });

  test("the seventh TIL dose also makes the counts differ: 6 − 7 = −1 remaining recorded, the engine says 0", () => {
    const rows = events(...[3, 11, 19, 27, 35, 43, 51].map((h) => () => event("given", til(h))));
    const report = buildCountReport({ course: course(), events: rows, now: new Date(til(52)) });
    expect(report.course.remaining).toBe(-1);
    expect(report.comparisons.find((c) => c.key === "remainingInCourse")).toMatchObject({ recorded: -1, engine: 0, matches: false });
    expect(report.checks.counts).toBe(false);
    expect(report.discrepancies.map((d) => d.kind).sort()).toEqual(["counts", "counts", "window"]);
  });
});

describe("dose amounts", () => {
  test("a given dose of 48,000,000 IU on an 82.4 kg order (49,440,000 IU) is a discrepancy; counts and windows still pass", () => {
    const rows = events(() => event("given", til(3)), () => event("given", til(11), { doseIu: 48_000_000 }));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.events.map((e) => e.doseIuMatches)).toEqual([true, false]);
    expect(report.checks).toEqual({ counts: true, doseIu: false, windows: true });
    expect(report.countsMatch).toBe(false);
    expect(report.discrepancies).toEqual([
      { kind: "dose-iu", sequence: 2, message: "Dose 2 (event 2): 48,000,000 IU recorded; the order computes 49,440,000 IU." },
    ]);
    // cumulative sums what was recorded: 49,440,000 + 48,000,000 = 97,440,000 IU; ÷ 82.4 kg = 1,182,524.27… → 1,182,524 IU/kg
    expect(report.course.cumulativeIu).toBe(97_440_000);
    expect(report.course.cumulativeIuPerKg).toBe(1_182_524);
  });
});

describe("entered-in-error events", () => {
  test("are listed but neither counted nor used as the previous dose for intervals and windows", () => {
    const rows = events(
      () => event("given", til(3)),
      // recorded by mistake 1 h later, then marked entered-in-error
      () => event("given", til(4), { status: "entered_in_error", enteredInErrorAt: new Date(til(5)), enteredInErrorReason: "wrong patient" }),
      () => event("given", til(11)),
    );
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.course.given).toBe(2);
    expect(report.events.map((e) => e.sequence)).toEqual([1, 3]);
    expect(report.events[1]).toMatchObject({ intervalMinutes: 480, window: { inside: true } });
    expect(report.excluded).toEqual([
      expect.objectContaining({ sequence: 2, kind: "given", reason: "wrong patient", enteredInErrorAt: new Date(til(5)).toISOString() }),
    ]);
    expect(report.enteredInErrorCount).toBe(1);
    expect(report.lastEventSequence).toBe(3);
    expect(report.countsMatch).toBe(true);
  });
});

describe("monotherapy: two cycles", () => {
  const D = 24 * H;
  const mono = (days: number, h = 0) => MONO_START + days * D + h * H;
  const monoNow = new Date(mono(15, 12));

  test("per cycle: cycle 1 has 2 given, 1 held (14 − 2 = 12 remaining); cycle 2 has 1 given (13 remaining); course 28 − 3 = 25", () => {
    const rows = events(
      () => event("given", mono(0)),
      () => event("held", mono(0, 8)),
      () => event("given", mono(0, 16)),
      () => event("given", mono(14), { cycle: 2 }),
    );
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.cycles.map((c) => [c.cycle, c.given, c.held, c.remaining, c.cumulativeIu])).toEqual([
      [1, 2, 1, 12, 2 * DOSE],
      [2, 1, 0, 13, DOSE],
    ]);
    expect(report.course).toMatchObject({ given: 3, held: 1, remaining: 25, cumulativeIu: 3 * DOSE });
    // the engine describes the current cycle (2)
    expect(report.comparisons.find((c) => c.key === "givenInCycle")).toMatchObject({ label: "Doses given in cycle 2", recorded: 1, engine: 1, matches: true });
    expect(report.countsMatch).toBe(true);
  });

  test("a dose recorded in cycle 1 on day 15 is placed in cycle 2 by the engine: a discrepancy", () => {
    const rows = events(() => event("given", mono(0)), () => event("given", mono(14)));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.events[1]?.window).toMatchObject({ inside: true, engineCycle: 2 });
    expect(report.discrepancies).toContainEqual({ kind: "cycle", sequence: 2, message: "Dose 2 (event 2) is recorded in cycle 1; the engine places it in cycle 2." });
    expect(report.checks.windows).toBe(false);
    expect(report.countsMatch).toBe(false);
  });

  test("a cycle-2 dose on day 10 falls in the rest period between cycles → outside (rest-period)", () => {
    const rows = events(() => event("given", mono(0)), () => event("given", mono(10), { cycle: 2 }));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.events[1]?.window).toMatchObject({ inside: false, reason: "rest-period" });
  });
});

describe("when the engine cannot derive counts", () => {
  test("a TIL event recorded in cycle 2 (til-2024 has 1 cycle): the engine refuses, the report says so and does not match", () => {
    const rows = events(() => event("given", til(3)), () => event("given", til(11), { cycle: 2 }));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.engine.ok).toBe(false);
    expect(report.checks.counts).toBe(false);
    expect(report.cycles.map((c) => [c.cycle, c.given])).toEqual([[1, 1], [2, 1]]);
    expect(report.discrepancies.some((d) => d.kind === "engine" && d.sequence === null && /could not derive counts/.test(d.message))).toBe(true);
    expect(report.countsMatch).toBe(false);
  });

  test("an unknown rule set: maxima and remaining are unknown, never guessed", () => {
    const rows = events(() => event("given", til(3)));
    const report = buildCountReport({ course: course({ ruleSetId: "til-2099" }), events: rows, now: NOW });
    expect(report.ruleSet.known).toBe(false);
    expect(report.course).toMatchObject({ maxGiven: null, remaining: null });
    expect(report.countsMatch).toBe(false);
  });
});

describe("countVerificationDue", () => {
  const verifiedAt = new Date("2026-03-02T10:00:00Z");
  const ev = (sequence: number, enteredInErrorAt: string | null = null) => ({ sequence, enteredInErrorAt: enteredInErrorAt ? new Date(enteredInErrorAt) : null });

  test.each([
    ["no events: nothing to verify", [], null, { due: false }],
    ["events 1–2, never verified", [ev(1), ev(2)], null, { due: true, reason: "never-verified", newEvents: 2, lastEventSequence: 2 }],
    ["verified through 2, events 1–2: up to date", [ev(1), ev(2)], { lastEventSequence: 2, verifiedAt }, { due: false }],
    ["verified through 2, events 1–4: 2 new events", [ev(1), ev(2), ev(3), ev(4)], { lastEventSequence: 2, verifiedAt }, { due: true, reason: "new-events", newEvents: 2, lastEventSequence: 4 }],
    ["verified through 2 at 10:00, event 1 marked in error at 10:05", [ev(1, "2026-03-02T10:05:00Z"), ev(2)], { lastEventSequence: 2, verifiedAt }, { due: true, reason: "entered-in-error", newEvents: 0, lastEventSequence: 2 }],
    ["verified through 2 at 10:00, event 1 marked in error at 09:55 (already seen)", [ev(1, "2026-03-02T09:55:00Z"), ev(2)], { lastEventSequence: 2, verifiedAt }, { due: false }],
  ] as const)("%s", (_label, evs, last, expected) => {
    expect(countVerificationDue(evs, last)).toEqual(expected);
  });
});

describe("dose preparation (report version 2): the engine's D5W bag and concentration, and the administration facts", () => {
  test.each([
    // mg = IU × 0.037 ÷ 600,000; mL = IU ÷ 18,000,000; concentration = mg ÷ (mL + D5W) from the unrounded mg and mL
    ["82.4 kg × 600,000 = 49,440,000 IU → 3.05 mg, 2.75 mL, 3 vials; ≤ 60,000,000 → 50 mL D5W; 3.0488 ÷ 52.7467 = 0.0578 → 0.058 mg/mL, in range",
      "82.4", 600_000, { doseIu: 49_440_000, doseMg: 3.05, doseMl: 2.75, vials: 3, diluentMl: 50, concentrationMgMl: 0.058, concentrationInRange: true, iuPerKgDiffersFromRuleSet: false }],
    ["82.4 kg × 720,000 = 59,328,000 IU → 3.66 mg, 3.30 mL, 3 vials; ≤ 60,000,000 → 50 mL; 3.65856 ÷ 53.296 = 0.0686 → 0.069 mg/mL; 720,000 ≠ the rule set's 600,000",
      "82.4", 720_000, { doseIu: 59_328_000, doseMg: 3.66, doseMl: 3.3, vials: 3, diluentMl: 50, concentrationMgMl: 0.069, concentrationInRange: true, iuPerKgDiffersFromRuleSet: true }],
    ["20 kg × 600,000 = 12,000,000 IU → 0.74 mg, 0.67 mL, 1 vial; ≤ 25,400,000 → 25 mL; 0.74 ÷ 25.6667 = 0.0288 → 0.029 mg/mL, below 0.030: out of range",
      "20", 600_000, { doseIu: 12_000_000, doseMg: 0.74, doseMl: 0.67, vials: 1, diluentMl: 25, concentrationMgMl: 0.029, concentrationInRange: false, iuPerKgDiffersFromRuleSet: false }],
    ["101 kg × 600,000 = 60,600,000 IU → above 60,000,000 → 100 mL; 3.737 ÷ 103.3667 = 0.0362 → 0.036 mg/mL, in range",
      "101", 600_000, { doseIu: 60_600_000, doseMg: 3.74, doseMl: 3.37, vials: 3, diluentMl: 100, concentrationMgMl: 0.036, concentrationInRange: true, iuPerKgDiffersFromRuleSet: false }],
  ] as const)("%s", (_label, weight, perKg, expected) => {
    const c = course({ dosingWeightKg: new Prisma.Decimal(weight), baselineWeightKg: new Prisma.Decimal(weight), doseIuPerKg: perKg, ruleSetVersion: "1.1.0" });
    const report = buildCountReport({ course: c, events: [], now: NOW });
    expect(report.reportVersion).toBe(2);
    expect(report.dose).toMatchObject({ ...expected, doseIuPerKg: perKg, ruleSetDoseIuPerKg: 600_000, dilutionSource: "PI-P" });
    expect(report.dose?.concentrationRange).toEqual({ min: 0.03, max: 0.07, decimals: 3 });
    expect(report.expectedDoseIu).toBe(expected.doseIu);
  });

  test("720,000 IU/kg names its source (NCI TIL protocols); 600,000 the label", () => {
    const at720 = buildCountReport({ course: course({ doseIuPerKg: 720_000, ruleSetVersion: "1.1.0" }), events: [], now: NOW });
    expect(at720.dose?.doseIuPerKgLabel).toEqual({ label: "720,000 IU/kg (NCI TIL protocols)", source: "NCT03991741" });
    const at600 = buildCountReport({ course: course({ ruleSetVersion: "1.1.0" }), events: [], now: NOW });
    expect(at600.dose?.doseIuPerKgLabel).toEqual({ label: "600,000 IU/kg (label dose)", source: "PI-P" });
  });

  test("the four administration facts, each with its source key (PI-P)", () => {
    const report = buildCountReport({ course: course(), events: [], now: NOW });
    expect(report.dose?.administration.map((f) => [f.key, f.source])).toEqual([
      ["infusion-time", "PI-P"],
      ["diluent-only", "PI-P"],
      ["flush", "PI-P"],
      ["use-within", "PI-P"],
    ]);
    expect(report.dose?.administration.map((f) => f.text).join(" ")).toMatch(/15 minutes.*D5W.*no in-line filter.*50 mL D5W before and after.*48 hours/);
  });

  test("an unknown rule set: no dose preparation is guessed", () => {
    const report = buildCountReport({ course: course({ ruleSetId: "til-2099" }), events: [], now: NOW });
    expect(report.dose).toBeNull();
  });
});

describe("TIL: intervals between consecutive given doses over 12 h (PI-A: every 8–12 h)", () => {
  test.each([
    ["given +3 h and +15 h: 12 h 00 min apart → not flagged", [til(3), til(15)], []],
    ["given +3 h and +15 h 01 min: 12 h 01 min = 721 min > 720 → flagged", [til(3), til(15, 1)], [[1, 2, 721]]],
    ["given +3 h, +15 h, +27 h 01 min: only the second pair (12 h 01 min) is flagged", [til(3), til(15), til(27, 1)], [[2, 3, 721]]],
    ["given +3 h, +16 h, +30 h: both pairs (13 h = 780 min, 14 h = 840 min) are flagged", [til(3), til(16), til(30)], [[1, 2, 780], [2, 3, 840]]],
    ["given +3 h and +15 h 00 min 30 s: 720.5 min > 720 → flagged", [til(3), til(15) + 30_000], [[1, 2, 720.5]]],
  ] as const)("%s", (_label, times, expected) => {
    const rows = events(...times.map((t) => () => event("given", t)));
    const report = buildCountReport({ course: course(), events: rows, now: new Date(Math.max(...times) + H) });
    expect(report.intervalFlags.map((f) => [f.from.givenNumber, f.to.givenNumber, f.intervalMinutes])).toEqual(expected);
  });

  test("a flag is a stored fact: both doses by sequence, number and time; the limit, its source and the rule", () => {
    // given +3 h, held +11 h, given +15 h 01 min: the hold in between does not split the pair of given doses
    const rows = events(() => event("given", til(3)), () => event("held", til(11)), () => event("given", til(15, 1)));
    const report = buildCountReport({ course: course(), events: rows, now: new Date(til(16)) });
    expect(report.intervalFlags).toEqual([
      {
        kind: "til-interval-over-max",
        from: { sequence: 1, givenNumber: 1, occurredAt: "2026-03-01T11:00:00.000Z" },
        to: { sequence: 3, givenNumber: 2, occurredAt: "2026-03-01T23:01:00.000Z" },
        intervalMinutes: 721,
        maxMinutes: 720,
        source: "PI-A",
        rule: "PI-A: every 8–12 h",
      },
    ]);
    // a flag, not a discrepancy: after a hold the engine lets a TIL dose be given late, so the counts still match
    expect(report.discrepancies).toEqual([]);
    expect(report.countsMatch).toBe(true);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test("entered-in-error doses are not part of a pair: +3 h, (+9 h in error), +15 h 01 min → one flag, 1 → 2", () => {
    const rows = events(
      () => event("given", til(3)),
      () => event("given", til(9), { status: "entered_in_error", enteredInErrorAt: new Date(til(10)), enteredInErrorReason: "wrong patient" }),
      () => event("given", til(15, 1)),
    );
    const report = buildCountReport({ course: course(), events: rows, now: new Date(til(16)) });
    expect(report.intervalFlags.map((f) => [f.from.sequence, f.to.sequence, f.intervalMinutes])).toEqual([[1, 3, 721]]);
  });

  test("monotherapy courses are not flagged: doses 12 h 01 min apart on day 1", () => {
    const rows = events(() => event("given", MONO_START), () => event("given", MONO_START + 12 * H + MIN));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: new Date(MONO_START + 13 * H) });
    expect(report.events.map((e) => e.intervalMinutes)).toEqual([null, 721]);
    expect(report.intervalFlags).toEqual([]);
  });
});

describe("stored snapshots of either version stay readable", () => {
  test("version 2 is read back whole; version 1 (no dose, no interval flags) as it was written; anything else is refused", () => {
    const report = buildCountReport({ course: course(), events: events(() => event("given", til(3))), now: NOW });
    const v2 = JSON.parse(JSON.stringify(report)) as unknown;
    expect(readStoredCountReport(v2)).toEqual(report);
    const { dose: _dose, intervalFlags: _flags, ...rest } = report;
    const v1 = JSON.parse(JSON.stringify({ ...rest, reportVersion: 1 })) as unknown;
    const read = readStoredCountReport(v1);
    expect(read?.reportVersion).toBe(1);
    expect(read && "dose" in read).toBe(false);
    expect(readStoredCountReport({ ...rest, reportVersion: 3 })).toBeNull();
    expect(readStoredCountReport(null)).toBeNull();
    expect(readStoredCountReport([])).toBeNull();
  });
});
