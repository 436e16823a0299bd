// The pharmacist's count report (lib/domain/count-report): tally, windows and comparison, stored as facts (version 3)
// and written as sentences when shown (lib/views/count-report.ts). Stored version-1 and version-2 reports keep
// their sentences and are shown as written. No database: plain records, a fixed clock.
import { describe, expect, test } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { buildCountReport, countVerificationDue, readStoredCountReport, type CountReport, type CountReportV1, type CountReportV2, type Discrepancy } from "@/lib/domain/count-report";
import type { CourseRecord } from "@/lib/domain/records";
import type { EngineDoseEvent } from "@/lib/domain/engine-request";
import { comparisonLabel, countLabel, describeDiscrepancy, discrepancyText, doseGroupsText, outsideWindowText } from "@/lib/views/count-report";
import type { CountReportV3 } from "@/lib/domain/count-report";
import { CountReport as CountReportView } from "@/components/verification/count-report";

// A fixed clock: every time below is written out, never read.
const H = 3_600_000;
const MIN = 60_000;
const TIL_CELLS_END = Date.parse("2026-03-01T08:00:00Z");
const MONO_START = Date.parse("2026-03-01T08:00:00Z");
const NOW = new Date("2026-03-02T12:00:00Z");
// 82.4 kg × 600,000 IU/kg = 49,440,000 IU (protocols.md §1)
const DOSE = 49_440_000;

function course(over: Partial<CourseRecord> = {}): CourseRecord {
  const protocol = over.protocol ?? "til_adjunct";
  return {
    id: "00000000-0000-4000-8000-000000000001",
    protocol,
    ruleSetId: protocol === "til_adjunct" ? "til-2024" : "mono-2014",
    ruleSetVersion: "1.0.0",
    // a decimal is anything with an exact toString(): the stored Decimal(6,2) reads "82.4"
    dosingWeightKg: "82.4",
    baselineWeightKg: "82.4",
    doseIuPerKg: 600_000,
    startAt: protocol === "monotherapy" ? new Date(MONO_START) : null,
    tilInfusionEndAt: protocol === "til_adjunct" ? new Date(TIL_CELLS_END) : null,
    targetSbpMmHg: protocol === "til_adjunct" ? 90 : null,
    status: "active",
    cycle2ApprovedAt: null,
    ...over,
  };
}

let seq = 0;
function event(kind: EngineDoseEvent["kind"], atMs: number, over: Partial<EngineDoseEvent> = {}): EngineDoseEvent {
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
const D = 24 * H;
const mono = (days: number, h = 0, m = 0) => MONO_START + days * D + h * H + m * MIN;
const givenAt = (...times: number[]) => events(...times.map((t) => () => event("given", t)));
const ofKind = <K extends Discrepancy["kind"]>(r: CountReport, kind: K) => r.discrepancies.filter((d): d is Extract<Discrepancy, { kind: K }> => d.kind === kind);

/** The rendered report as plain text, one line per cell, paragraph and list item. */
function shown(report: Parameters<typeof CountReportView>[0]["report"]): string {
  return renderToStaticMarkup(createElement(CountReportView, { report, timeZone: "UTC", now: NOW, recordedBy: {} }))
    .replace(/<(td|th|p|li|tr|span)[^>]*>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

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
    expect(report.comparisons.map((c) => [c.key, c.cycle])).toEqual([
      ["givenInCourse", null], ["heldInCourse", null], ["remainingInCourse", null], ["cumulativeIu", null],
      ["givenInCycle", 1], ["heldInCycle", 1], ["remainingInCycle", 1], ["cumulativeIuInCycle", 1],
    ]);
    expect(report.checks).toEqual({ counts: true, doseIu: true, windows: true });
    expect(report.discrepancies).toEqual([]);
    expect(report.countsMatch).toBe(true);
    expect(report.lastEventSequence).toBe(4);
    expect(report.expectedDoseIu).toBe(DOSE);
  });

  test("the report is plain JSON (it is stored as the verification's snapshot), version 4", () => {
    expect(report.reportVersion).toBe(4);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  test("the comparison labels are written from key and cycle, as version 2 stored them", () => {
    expect(report.comparisons.map(comparisonLabel)).toEqual([
      "Doses given in the course", "Doses held in the course", "Doses remaining in the course", "Cumulative dose in the course (IU)",
      "Doses given in cycle 1", "Doses held in cycle 1", "Doses remaining in cycle 1", "Cumulative dose in cycle 1 (IU)",
    ]);
  });
});

describe("window facts: a given dose outside its window, as the engine decides at the dose's own time", () => {
  test.each([
    ["first dose at +2 h 59 min: before the +3 h first-dose window opens", [til(2, 59)], "start-window", "wait", "before the first-dose window opened"],
    ["first dose at +24 h 1 min: after the +24 h start deadline", [til(24, 1)], "start-window-missed", "complete", "after the first-dose window had been missed"],
    ["second dose 7 h 29 min after the first: before 8 h − 30 min tolerance", [til(3), til(10, 29)], "interval", "wait", "earlier than the minimum interval after the previous dose"],
    ["second dose 120 h 1 min after the first event: the 120 h course window has closed", [til(3), til(123, 1)], "window-closed", "complete", "after the dosing window had closed"],
    ["seventh dose after six given 8 h apart: the 6-dose maximum was reached", [3, 11, 19, 27, 35, 43, 51].map((h) => til(h)), "max-reached", "complete", "after the maximum number of doses had been given"],
  ] as const)("%s → outside (%s)", (_label, times, reason, decision, words) => {
    const report = buildCountReport({ course: course(), events: givenAt(...times), now: new Date(Math.max(...times) + H) });
    const last = report.events.at(-1);
    expect(last?.window).toMatchObject({ inside: false, reason, engineDecision: decision });
    expect(last?.window && "text" in last.window).toBe(false); // a fact: no words stored
    expect(report.events.slice(0, -1).every((e) => e.window?.inside === true)).toBe(true);
    expect(report.checks.windows).toBe(false);
    expect(report.countsMatch).toBe(false);
    const n = times.length;
    expect(ofKind(report, "window")).toEqual([{ kind: "window", sequence: n, givenNumber: n, engineDecision: decision, reason }]);
    expect(describeDiscrepancy(ofKind(report, "window")[0]!)).toBe(`Dose ${n} (event ${n}) was given outside its window: ${words}.`);
  });

  test.each([
    ["first dose at +3 h 00 min exactly: the first-dose window is open", [til(3)]],
    ["first dose at +24 h 00 min exactly: still inside the start window", [til(24)]],
    ["second dose exactly 7 h 30 min after the first: inside (the 30 min early tolerance)", [til(3), til(10, 30)]],
    ["second dose exactly 120 h after the first event: the window has not yet closed", [til(3), til(123)]],
    ["sixth dose after five given 8 h apart: the maximum is 6, so still inside", [3, 11, 19, 27, 35, 43].map((h) => til(h))],
  ] as const)("%s → inside, no window fact", (_label, times) => {
    const report = buildCountReport({ course: course(), events: givenAt(...times), now: new Date(Math.max(...times) + H) });
    expect(report.events.map((e) => e.window?.inside)).toEqual(times.map(() => true));
    expect(report.discrepancies).toEqual([]);
    expect(report.countsMatch).toBe(true);
  });

  test("a dose given after IL-2 was stopped for the course → outside (stopped)", () => {
    const rows = events(() => event("given", til(3)), () => event("stopped", til(10)), () => event("given", til(11)));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    const w = report.events[2]?.window;
    expect(w).toEqual({ inside: false, engineDecision: "complete", reason: "stopped", earliestAt: null });
    if (w?.inside !== false) throw new Error("unreachable");
    expect(outsideWindowText(w)).toBe("after IL-2 had been stopped");
    expect(report.course.stopped).toBe(1);
  });

  test("a `wait` keeps the engine's earliest allowed time: 7 h 29 min after a dose at 11:00 → earliest 18:30", () => {
    const report = buildCountReport({ course: course(), events: givenAt(til(3), til(10, 29)), now: NOW });
    expect(report.events[1]?.window).toEqual({ inside: false, engineDecision: "wait", reason: "interval", earliestAt: "2026-03-01T18:30:00.000Z" });
  });
});

describe("count facts: recorded counts against the engine's", () => {
  test("the seventh TIL dose: 6 − 7 = −1 remaining recorded, the engine says 0; each differing count is a fact", () => {
    const report = buildCountReport({ course: course(), events: givenAt(...[3, 11, 19, 27, 35, 43, 51].map((h) => til(h))), now: new Date(til(52)) });
    expect(report.course.remaining).toBe(-1);
    expect(report.comparisons.find((c) => c.key === "remainingInCourse")).toEqual({ key: "remainingInCourse", cycle: null, recorded: -1, engine: 0, matches: false });
    expect(report.checks.counts).toBe(false);
    expect(report.discrepancies.map((d) => d.kind).sort()).toEqual(["counts", "counts", "window"]);
    expect(ofKind(report, "counts")).toEqual([
      { kind: "counts", sequence: null, key: "remainingInCourse", cycle: null, recorded: -1, engine: 0 },
      { kind: "counts", sequence: null, key: "remainingInCycle", cycle: 1, recorded: -1, engine: 0 },
    ]);
    expect(ofKind(report, "counts").map(describeDiscrepancy)).toEqual([
      "Doses remaining in the course: -1 recorded, 0 derived by the engine.",
      "Doses remaining in cycle 1: -1 recorded, 0 derived by the engine.",
    ]);
  });

  test("the sixth TIL dose: 6 − 6 = 0 remaining, the engine says 0 — no count fact", () => {
    const report = buildCountReport({ course: course(), events: givenAt(...[3, 11, 19, 27, 35, 43].map((h) => til(h))), now: new Date(til(44)) });
    expect(report.course.remaining).toBe(0);
    expect(report.comparisons.find((c) => c.key === "remainingInCourse")).toMatchObject({ recorded: 0, engine: 0, matches: true });
    expect(ofKind(report, "counts")).toEqual([]);
    expect(report.checks.counts).toBe(true);
  });

  test("described with an unknown recorded count and an absent engine count in the words version 2 used", () => {
    const d: Discrepancy = { kind: "counts", sequence: null, key: "cumulativeIuInCycle", cycle: 2, recorded: null, engine: null };
    expect(describeDiscrepancy(d)).toBe("Cumulative dose in cycle 2 (IU): unknown recorded, none derived by the engine.");
    expect(countLabel("heldInCycle", 2)).toBe("Doses held in cycle 2");
  });
});

describe("dose-IU facts: each given dose against the order's computeDose", () => {
  test.each([
    ["49,440,000 IU, exactly the order: no fact", DOSE, null],
    ["49,439,999 IU, 1 IU under the order", DOSE - 1, "Dose 2 (event 2): 49,439,999 IU recorded; the order computes 49,440,000 IU."],
    ["49,440,001 IU, 1 IU over the order", DOSE + 1, "Dose 2 (event 2): 49,440,001 IU recorded; the order computes 49,440,000 IU."],
    ["48,000,000 IU", 48_000_000, "Dose 2 (event 2): 48,000,000 IU recorded; the order computes 49,440,000 IU."],
  ] as const)("second dose of %s", (_label, doseIu, sentence) => {
    const rows = events(() => event("given", til(3)), () => event("given", til(11), { doseIu }));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.events.map((e) => e.doseIuMatches)).toEqual([true, sentence === null]);
    expect(report.checks).toEqual({ counts: true, doseIu: sentence === null, windows: true });
    expect(report.countsMatch).toBe(sentence === null);
    expect(report.discrepancies).toEqual(sentence === null ? [] : [{ kind: "dose-iu", sequence: 2, givenNumber: 2, expectedIu: DOSE, recordedIu: doseIu }]);
    expect(report.discrepancies.map(describeDiscrepancy)).toEqual(sentence === null ? [] : [sentence]);
  });

  test("cumulative IU sums what was recorded: 49,440,000 + 48,000,000 = 97,440,000 IU; ÷ 82.4 kg = 1,182,524.27… → 1,182,524 IU/kg", () => {
    const rows = events(() => event("given", til(3)), () => event("given", til(11), { doseIu: 48_000_000 }));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.course.cumulativeIu).toBe(97_440_000);
    expect(report.course.cumulativeIuPerKg).toBe(1_182_524);
  });

  test("a given dose with no IU recorded is a fact with recordedIu null; the engine then refuses the later checks", () => {
    const rows = events(() => event("given", til(3), { doseIu: null }), () => event("given", til(11)));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    const [first, ...rest] = report.discrepancies;
    expect(first).toEqual({ kind: "dose-iu", sequence: 1, givenNumber: 1, expectedIu: DOSE, recordedIu: null });
    expect(describeDiscrepancy(first!)).toBe("Dose 1 (event 1) has no IU amount recorded; the order computes 49,440,000 IU.");
    // dose 2's window: the engine is asked with dose 1 (no IU) as an earlier event and refuses it
    expect(report.events[1]?.window).toMatchObject({ inside: null });
    expect(rest.map((d) => [d.kind, d.kind === "engine" ? d.check : null, d.sequence])).toEqual([
      ["engine", "window", 2],
      ["engine", "counts", null],
    ]);
  });
});

describe("cycle facts: the engine places a dose in another cycle than the one recorded", () => {
  // mono-2014 1.0.0: cycle 2 opens at startAt + 14 days, with no early start for cycle 2 (its rule set data)
  const monoNow = new Date(mono(15, 12));

  test("recorded in cycle 1 at startAt + 14 d exactly: the engine places it in cycle 2 — a cycle fact", () => {
    const rows = events(() => event("given", mono(0)), () => event("given", mono(14)));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.events[1]?.window).toMatchObject({ inside: true, engineCycle: 2 });
    expect(report.discrepancies).toEqual([
      { kind: "cycle", sequence: 2, givenNumber: 2, recordedCycle: 1, engineCycle: 2 },
      // the engine also refuses the counts: the stored cycle contradicts the event's time
      { kind: "engine", check: "counts", sequence: null, issues: [{ path: "events.1.cycle", message: "an event at 2026-03-15T08:00:00.000Z is in cycle 2 by its time, not 1" }] },
    ]);
    expect(report.discrepancies.map(describeDiscrepancy)).toEqual([
      "Dose 2 (event 2) is recorded in cycle 1; the engine places it in cycle 2.",
      "The engine could not derive counts from these events (events.1.cycle: an event at 2026-03-15T08:00:00.000Z is in cycle 2 by its time, not 1).",
    ]);
    expect(report.checks.windows).toBe(false);
    expect(report.countsMatch).toBe(false);
  });

  test("recorded in cycle 2 at the same instant: inside, no fact", () => {
    const rows = events(() => event("given", mono(0)), () => event("given", mono(14), { cycle: 2 }));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.events[1]?.window).toMatchObject({ inside: true, engineCycle: 2 });
    expect(report.discrepancies).toEqual([]);
    expect(report.countsMatch).toBe(true);
  });

  test("recorded in cycle 2 one minute earlier (startAt + 14 d − 1 min): the rest period — a window fact, not a cycle fact", () => {
    const rows = events(() => event("given", mono(0)), () => event("given", mono(13, 23, 59), { cycle: 2 }));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.events[1]?.window).toEqual({ inside: false, engineDecision: "wait", reason: "rest-period", earliestAt: "2026-03-15T08:00:00.000Z" });
    expect(ofKind(report, "window")).toEqual([{ kind: "window", sequence: 2, givenNumber: 2, engineDecision: "wait", reason: "rest-period" }]);
    expect(ofKind(report, "cycle")).toEqual([]);
  });
});

describe("engine facts: when the engine cannot check a window or derive counts", () => {
  test("a TIL event recorded in cycle 2 (til-2024 has 1 cycle): the engine refuses the counts; the refusal is stored as its issues", () => {
    const rows = events(() => event("given", til(3)), () => event("given", til(11), { cycle: 2 }));
    const report = buildCountReport({ course: course(), events: rows, now: NOW });
    expect(report.engine.ok).toBe(false);
    expect(report.checks.counts).toBe(false);
    expect(report.cycles.map((c) => [c.cycle, c.given])).toEqual([[1, 1], [2, 1]]);
    expect(report.comparisons.map((c) => [c.key, c.engine, c.matches])).toEqual([
      ["givenInCourse", null, false],
      ["heldInCourse", null, false],
      ["cumulativeIu", null, false],
    ]);
    const refusal = ofKind(report, "engine");
    expect(refusal).toEqual([{ kind: "engine", check: "counts", sequence: null, issues: report.engine.ok ? [] : report.engine.issues }]);
    expect(refusal[0]!.issues.length).toBeGreaterThan(0);
    expect(describeDiscrepancy(refusal[0]!)).toMatch(/^The engine could not derive counts from these events \(.+: .+\)\.$/);
    expect(report.countsMatch).toBe(false);
  });

  test("a window the engine could not check names the dose and the engine's issues", () => {
    const d: Discrepancy = { kind: "engine", check: "window", sequence: 4, givenNumber: 3, issues: [{ path: "events.0.doseIu", message: "Required" }, { path: "now", message: "Invalid" }] };
    expect(describeDiscrepancy(d)).toBe("Dose 3 (event 4): the engine could not check its window (events.0.doseIu: Required; now: Invalid).");
  });

  test("an unknown rule set: maxima and remaining are unknown, never guessed", () => {
    const report = buildCountReport({ course: course({ ruleSetId: "til-2099" }), events: givenAt(til(3)), now: NOW });
    expect(report.ruleSet.known).toBe(false);
    expect(report.course).toMatchObject({ maxGiven: null, remaining: null });
    expect(report.countsMatch).toBe(false);
  });
});

describe("tally: entered-in-error events", () => {
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

describe("tally: monotherapy, two cycles", () => {
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
    const givenInCycle = report.comparisons.find((c) => c.key === "givenInCycle");
    expect(givenInCycle).toEqual({ key: "givenInCycle", cycle: 2, recorded: 1, engine: 1, matches: true });
    expect(comparisonLabel(givenInCycle!)).toBe("Doses given in cycle 2");
    expect(report.countsMatch).toBe(true);
  });

  test("a cycle-2 dose on day 10 falls in the rest period between cycles → outside (rest-period)", () => {
    const rows = events(() => event("given", mono(0)), () => event("given", mono(10), { cycle: 2 }));
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: monoNow });
    expect(report.events[1]?.window).toMatchObject({ inside: false, reason: "rest-period" });
    expect(report.discrepancies.filter((d) => d.kind === "window").map(describeDiscrepancy)).toEqual([
      "Dose 2 (event 2) was given outside its window: during the rest period between cycles.",
    ]);
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
    ["verified through 2 at 10:00, event 1 marked in error at 10:00 exactly (not after)", [ev(1, "2026-03-02T10:00:00Z"), ev(2)], { lastEventSequence: 2, verifiedAt }, { due: false }],
    ["verified through 2 at 10:00, event 1 marked in error at 09:55 (already seen)", [ev(1, "2026-03-02T09:55:00Z"), ev(2)], { lastEventSequence: 2, verifiedAt }, { due: false }],
  ] as const)("%s", (_label, evs, last, expected) => {
    expect(countVerificationDue(evs, last)).toEqual(expected);
  });
});

describe("dose preparation (report version 2 on): the engine's D5W bag and concentration, and the administration facts", () => {
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
    const c = course({ dosingWeightKg: weight, baselineWeightKg: weight, doseIuPerKg: perKg, ruleSetVersion: "1.1.0" });
    const report = buildCountReport({ course: c, events: [], now: NOW });
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

describe("windows: TIL intervals between consecutive given doses over 12 h (PI-A: every 8–12 h)", () => {
  test.each([
    ["given +3 h and +15 h: 12 h 00 min apart → not flagged", [til(3), til(15)], []],
    ["given +3 h and +15 h 01 min: 12 h 01 min = 721 min > 720 → flagged", [til(3), til(15, 1)], [[1, 2, 721]]],
    ["given +3 h, +15 h, +27 h 01 min: only the second pair (12 h 01 min) is flagged", [til(3), til(15), til(27, 1)], [[2, 3, 721]]],
    ["given +3 h, +16 h, +30 h: both pairs (13 h = 780 min, 14 h = 840 min) are flagged", [til(3), til(16), til(30)], [[1, 2, 780], [2, 3, 840]]],
    ["given +3 h and +15 h 00 min 30 s: 720.5 min > 720 → flagged", [til(3), til(15) + 30_000], [[1, 2, 720.5]]],
  ] as const)("%s", (_label, times, expected) => {
    const report = buildCountReport({ course: course(), events: givenAt(...times), now: new Date(Math.max(...times) + H) });
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
    const rows = givenAt(MONO_START, MONO_START + 12 * H + MIN);
    const report = buildCountReport({ course: course({ protocol: "monotherapy" }), events: rows, now: new Date(MONO_START + 13 * H) });
    expect(report.events.map((e) => e.intervalMinutes)).toEqual([null, 721]);
    expect(report.intervalFlags).toEqual([]);
  });
});

// ---- Stored snapshots. A version-2 snapshot exactly as the version-2 code wrote it for this course: a TIL course,
// given +3 h, given +10 h 29 min (7 h 29 min later) at 48,000,000 IU, now +12 h. The sentences below are the stored
// ones; they are shown as written.
const V2_DISCREPANCIES = [
  { kind: "dose-iu", sequence: 2, message: "Dose 2 (event 2): 48,000,000 IU recorded; the order computes 49,440,000 IU." },
  { kind: "window", sequence: 2, message: "Dose 2 (event 2) was given outside its window: earlier than the minimum interval after the previous dose." },
] as const;

/** The version-2 shape of a report: sentences for discrepancies, window verdicts and comparison labels. */
function asStoredV2(r: CountReport, words: { discrepancies: readonly { kind: Discrepancy["kind"]; sequence: number | null; message: string }[]; window: string; label: (key: string) => string }): CountReportV2 {
  return JSON.parse(
    JSON.stringify({
      ...r,
      reportVersion: 2,
      events: r.events.map((e) => (e.window?.inside === false ? { ...e, window: { ...e.window, text: words.window } } : e)),
      comparisons: r.comparisons.map(({ cycle: _cycle, ...c }) => ({ ...c, label: words.label(c.key) })),
      discrepancies: words.discrepancies,
    }),
  ) as CountReportV2;
}

describe("stored snapshots of every version stay readable, and are shown as written", () => {
  const rows = events(() => event("given", til(3)), () => event("given", til(10, 29), { doseIu: 48_000_000 }));
  const v3 = buildCountReport({ course: course(), events: rows, now: new Date(til(12)) });

  test("version 3 stores facts whose sentences are the ones version 2 stored for the same course", () => {
    expect(v3.discrepancies).toEqual([
      { kind: "dose-iu", sequence: 2, givenNumber: 2, expectedIu: DOSE, recordedIu: 48_000_000 },
      { kind: "window", sequence: 2, givenNumber: 2, engineDecision: "wait", reason: "interval" },
    ]);
    expect(v3.discrepancies.map(describeDiscrepancy)).toEqual(V2_DISCREPANCIES.map((d) => d.message));
  });

  test("version 3 is read back whole; 2 and 1 as they were written; anything else is refused", () => {
    expect(readStoredCountReport(JSON.parse(JSON.stringify(v3)))).toEqual(v3);
    const v2 = asStoredV2(v3, { discrepancies: V2_DISCREPANCIES, window: "stored words", label: (k) => `stored ${k}` });
    expect(readStoredCountReport(v2)).toEqual(v2);
    const { dose: _dose, intervalFlags: _flags, ...rest } = v2;
    const v1: CountReportV1 = { ...rest, reportVersion: 1 };
    const read = readStoredCountReport(JSON.parse(JSON.stringify(v1)));
    expect(read).toEqual(v1);
    expect(read && "dose" in read).toBe(false);
    expect(readStoredCountReport({ ...v3, reportVersion: 5 })).toBeNull();
    expect(readStoredCountReport({ ...v3, reportVersion: "4" })).toBeNull();
    expect(readStoredCountReport({ ...v3, reportVersion: undefined })).toBeNull();
    expect(readStoredCountReport(null)).toBeNull();
    expect(readStoredCountReport([])).toBeNull();
  });

  test("the sentence helpers return a stored sentence unchanged and describe only version-3 facts", () => {
    expect(discrepancyText({ kind: "dose-iu", sequence: 2, message: "as stored in 2026" })).toBe("as stored in 2026");
    expect(discrepancyText(v3.discrepancies[0]!)).toBe(V2_DISCREPANCIES[0].message);
    expect(comparisonLabel({ key: "givenInCycle", label: "Doses given in cycle 9 (as stored)", recorded: 1, engine: 1, matches: true })).toBe("Doses given in cycle 9 (as stored)");
    expect(outsideWindowText({ inside: false, engineDecision: "wait", reason: "interval", text: "as stored", earliestAt: null })).toBe("as stored");
    expect(outsideWindowText({ inside: false, engineDecision: "complete", reason: null, earliestAt: null })).toBe("outside the schedule");
  });

  test("a version-3 report is shown with its sentences written from the facts", () => {
    const text = shown(v3);
    for (const d of V2_DISCREPANCIES) expect(text).toContain(d.message);
    expect(text).toContain("2 discrepancies: a note is required to sign off.");
    expect(text).toContain("Given earlier than the minimum interval after the previous dose.");
    expect(text).toContain("Doses given in cycle 1");
    expect(text).not.toContain("This report was stored as version");
  });

  // Stored sentences that today's code would never write: shown as they are, never rewritten from today's rules.
  const stored = {
    discrepancies: [
      { kind: "dose-iu", sequence: 2, message: "Stored: dose 2 differs from the order (older wording)." },
      { kind: "window", sequence: 2, message: "Stored: dose 2 was early (older wording)." },
    ],
    window: "too soon (older wording)",
    label: (k: string) => `Stored label for ${k}`,
  } as const;

  test("a stored version-2 report is shown as written: its discrepancy sentences, window words and count labels", () => {
    const v2 = readStoredCountReport(asStoredV2(v3, stored));
    if (v2 === null) throw new Error("unreadable");
    const text = shown(v2);
    for (const d of stored.discrepancies) expect(text).toContain(d.message);
    expect(text).toContain("Given too soon (older wording).");
    expect(text).toContain("Stored label for givenInCourse");
    expect(text).toContain("Stored label for cumulativeIuInCycle");
    // nothing re-derived from the facts
    for (const d of V2_DISCREPANCIES) expect(text).not.toContain(d.message);
    expect(text).not.toContain("earlier than the minimum interval");
    expect(text).not.toContain("Doses given in the course");
    // version 2 has the preparation figures and interval check
    expect(text).not.toContain("This report was stored as version");
    expect(text).toContain("mg/mL");
  });

  test("a stored version-1 report is shown as written, and says it has no preparation figures or interval check", () => {
    const { dose: _dose, intervalFlags: _flags, ...rest } = asStoredV2(v3, stored);
    const v1 = readStoredCountReport({ ...rest, reportVersion: 1 });
    if (v1 === null) throw new Error("unreadable");
    const text = shown(v1);
    for (const d of stored.discrepancies) expect(text).toContain(d.message);
    expect(text).toContain("Given too soon (older wording).");
    expect(text).toContain("Stored label for remainingInCourse");
    expect(text).not.toContain("earlier than the minimum interval");
    expect(text).toContain("This report was stored as version 1: it has no preparation figures and no check of intervals over 12 h.");
    expect(text).not.toContain("mg/mL");
  });
});

// Version 4 (issue 10): counts by dose. Dose 1 given +4 h; dose 2 held +12 h 10 min and +16 h 05 min (SBP), then given
// +20 h; a held attempt belongs to the dose after the last given one (lib/domain/dose-schedule.ts).
describe("version 4: every event says which dose it belongs to", () => {
  const rows = events(
    () => event("given", til(4)),
    () => event("held", til(12, 10)),
    () => event("held", til(16, 5)),
    () => event("given", til(20)),
  );
  const v4 = buildCountReport({ course: course(), events: rows, now: NOW });

  test("the held rows belong to dose 2, as does the given dose after them", () => {
    expect(v4.events.map((e) => [e.sequence, e.kind, e.forDose])).toEqual([
      [1, "given", { cycle: 1, number: 1 }],
      [2, "held", { cycle: 1, number: 2 }],
      [3, "held", { cycle: 1, number: 2 }],
      [4, "given", { cycle: 1, number: 2 }],
    ]);
  });

  test("grouped by dose: 'Dose 2: held twice, then given', and the held rows say 'for dose 2'", () => {
    expect(doseGroupsText(v4)).toEqual(["Dose 1: given", "Dose 2: held twice, then given"]);
    const text = shown(v4);
    expect(text).toContain("Dose 2: held twice, then given");
    expect(text.match(/for dose 2/g)).toHaveLength(2);
  });

  test("monotherapy cycle 2 starts again at dose 1: 'Cycle 2, dose 1: held, then given'", () => {
    const monoRows = events(
      () => event("given", mono(0), { cycle: 1 }),
      () => event("held", mono(14, 0), { cycle: 2 }),
      () => event("given", mono(14, 8), { cycle: 2 }),
    );
    const r = buildCountReport({ course: course({ protocol: "monotherapy", cycle2ApprovedAt: new Date(mono(10)) }), events: monoRows, now: new Date(mono(14, 9)) });
    expect(doseGroupsText(r)).toEqual(["Cycle 1, dose 1: given", "Cycle 2, dose 1: held, then given"]);
  });

  test("an event entered in error is not grouped: the hold after it belongs to dose 2", () => {
    const withError = events(
      () => event("given", til(4)),
      () => event("given", til(12), { status: "entered_in_error", enteredInErrorAt: new Date(til(12, 5)), enteredInErrorReason: "wrong patient" }),
      () => event("held", til(12, 10)),
    );
    expect(doseGroupsText(buildCountReport({ course: course(), events: withError, now: NOW }))).toEqual(["Dose 1: given", "Dose 2: held"]);
  });

  test("a stored version-3 report (no dose per event) still reads, and says it does not group by dose", () => {
    const v3: CountReportV3 = JSON.parse(JSON.stringify({ ...v4, reportVersion: 3, events: v4.events.map(({ forDose: _f, ...e }) => e) }));
    const read = readStoredCountReport(v3);
    expect(read).toEqual(v3);
    if (read === null) throw new Error("unreadable");
    expect(doseGroupsText(read)).toBeNull();
    const text = shown(read);
    expect(text).toContain("Stored as report version 3, before events named the dose they belong to: not grouped by dose.");
    expect(text).not.toContain("for dose 2");
  });
});
