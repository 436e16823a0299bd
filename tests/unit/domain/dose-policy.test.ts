// Dose policy (lib/domain/dose-policy.ts): the app's rules around the engine's answer. Real engine decisions from plain
// records (TIL 1.1.0 unless said: cells ended 2026-03-01 10:00, doses given 14:00 and 22:00, NOW 2026-03-02 06:00;
// thresholds from shared/domain/protocols.md), one fixed clock, times shown in UTC unless said.
import { describe, expect, test } from "vitest";
import type { DoseDecision } from "@/lib/rules";
import {
  decisionUnderOverride, doseActions, givenDoseRefusal, overrideNotCovering, heldOnThisAssessment, holdRefusal, holdTierOf, pendingStop, stopMetBy, whyNotGiven,
} from "@/lib/domain/dose-policy";
import type { AssessmentRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import {
  after, assessment, ASSESSMENT_ID, course, D, dec, decisionFor, DOSE_IU, event, H, MIN, MONO_START, monoCourse, NOW, OTHER_ASSESSMENT_ID, TIL_CELLS_END,
  tilTwoGiven,
} from "./fixtures";

const UTC = "UTC";
const NEW_YORK = "America/New_York";
const iso = (s: string) => new Date(s);

// An assessment taken 05:00 (labs 04:30): fresh from 02:00 to 08:00 under TIL's 180-min clock.
const a0500 = assessment({ takenAt: iso("2026-03-02T05:00:00Z"), labsAt: iso("2026-03-02T04:30:00Z") });
const a0130 = assessment({ takenAt: iso("2026-03-02T01:30:00Z"), labsAt: iso("2026-03-02T01:00:00Z") });
const stopTierHeld = (tier: "stop" | "discontinue", over: Partial<ReviewedDoseEvent> = {}) =>
  event("held", 3, iso("2026-03-02T05:00:00Z"), { tier, criteria: tier === "stop" ? ["tachycardia"] : ["permanent-event"], ...over });

// mono: cycle 1 started 2026-03-01 14:00, doses at 14:00 and 22:00
const monoGiven = () => [event("given", 1, MONO_START), event("given", 2, after(MONO_START, 8 * H))];
const tilSixGiven = () => [13, 21, 29, 37, 45, 53].map((h, i) => event("given", i + 1, after(TIL_CELLS_END, h * H)));
const earlyA = assessment({ takenAt: after(TIL_CELLS_END, 2 * H), labsAt: after(TIL_CELLS_END, 2 * H) });

const D_ = {
  give: decisionFor(),
  // 22:00 + 8 h − 30 min tolerance = 05:30 (protocols.md §2)
  interval: decisionFor({ now: iso("2026-03-02T05:29:59.999Z"), assessment: a0500 }),
  intervalAtBoundary: decisionFor({ now: iso("2026-03-02T05:30:00Z"), assessment: a0500 }),
  interval0200: decisionFor({ now: iso("2026-03-02T02:00:00Z"), assessment: a0130 }),
  // TIL first dose from +3 h (13:00)
  startWindow: decisionFor({ now: after(TIL_CELLS_END, 3 * H - MIN), events: [], assessment: earlyA }),
  startWindowOpen: decisionFor({ now: after(TIL_CELLS_END, 3 * H), events: [], assessment: earlyA }),
  restPeriod: decisionFor({ course: monoCourse(), events: monoGiven(), now: after(MONO_START, 6 * D), assessment: null }),
  startMissed: decisionFor({ now: after(TIL_CELLS_END, 24 * H + MIN), events: [], assessment: null }),
  windowClosed: decisionFor({ course: monoCourse(), events: monoGiven(), now: after(MONO_START, 21 * D), assessment: null }),
  maxReached: decisionFor({ events: tilSixGiven(), now: after(TIL_CELLS_END, 62 * H), assessment: null }),
  stopped: decisionFor({ events: [...tilTwoGiven(), event("stopped", 3, iso("2026-03-02T05:00:00Z"))] }),
  discontinued: decisionFor({ events: [...tilTwoGiven(), event("discontinued", 3, iso("2026-03-02T05:00:00Z"))] }),
  missingSbp: decisionFor({ assessment: assessment({ sbpMmHg: null }) }),
  // TIL vitals are fresh for 180 min
  stale181: decisionFor({ assessment: assessment({ takenAt: after(NOW, -181 * MIN) }) }),
  fresh180: decisionFor({ assessment: assessment({ takenAt: after(NOW, -180 * MIN) }) }),
  missingAndStale: decisionFor({ assessment: assessment({ sbpMmHg: null, takenAt: after(NOW, -181 * MIN) }) }),
  // SBP under the admission target 90 → hold; 90 → give
  sbp89: decisionFor({ assessment: assessment({ sbpMmHg: 89 }) }),
  sbp90: decisionFor({ assessment: assessment({ sbpMmHg: 90 }) }),
  monoTwoHolds: decisionFor({
    course: monoCourse(), events: monoGiven(), now: after(MONO_START, 16 * H),
    assessment: assessment({ sbpMmHg: 89, spo2Pct: 89, takenAt: after(MONO_START, 15 * H), labsAt: after(MONO_START, 15 * H) }),
  }),
  // heart rate > 130 → stop; 130 → hold (judgment)
  hr131: decisionFor({ assessment: assessment({ heartRateBpm: 131 }) }),
  hr130: decisionFor({ assessment: assessment({ heartRateBpm: 130 }) }),
  ischemia: decisionFor({ assessment: assessment({ permanentEvents: ["ischemia"] }) }),
  hr131AndIschemia: decisionFor({ assessment: assessment({ heartRateBpm: 131, permanentEvents: ["ischemia"] }) }),
  // TIL: 2 hold criteria at once → stop (combination)
  combination: decisionFor({ assessment: assessment({ sbpMmHg: 89, spo2Pct: 89 }) }),
  pendingStop: decisionFor({ events: [...tilTwoGiven(), stopTierHeld("stop")] }),
  pendingDiscontinue: decisionFor({ events: [...tilTwoGiven(), stopTierHeld("discontinue")] }),
  reviewedStop: decisionFor({ events: [...tilTwoGiven(), stopTierHeld("stop", { holdReviews: [{ id: "00000000-0000-4000-b000-000000000001" }] })] }),
} satisfies Record<string, DoseDecision>;

describe("the decisions the tests stand on", () => {
  test.each([
    ["give", D_.give, "give", null],
    ["05:29:59.999 → wait, interval", D_.interval, "wait", "interval"],
    ["05:30 → give", D_.intervalAtBoundary, "give", null],
    ["+2 h 59 → wait, start-window", D_.startWindow, "wait", "start-window"],
    ["+3 h → give", D_.startWindowOpen, "give", null],
    ["mono +6 d → wait, rest-period", D_.restPeriod, "wait", "rest-period"],
    ["+24 h 1 min, nothing given → complete, start-window-missed", D_.startMissed, "complete", "start-window-missed"],
    ["mono +21 d, no cycle-2 dose → complete, window-closed", D_.windowClosed, "complete", "window-closed"],
    ["TIL, six given → complete, max-reached", D_.maxReached, "complete", "max-reached"],
    ["stopped → complete, stopped", D_.stopped, "complete", "stopped"],
    ["discontinued → complete, discontinued", D_.discontinued, "complete", "discontinued"],
    ["181 min old → incomplete", D_.stale181, "incomplete", null],
    ["180 min old → give", D_.fresh180, "give", null],
    ["SBP 89 → hold", D_.sbp89, "hold", null],
    ["SBP 90 → give", D_.sbp90, "give", null],
    ["heart rate 131 → stop", D_.hr131, "stop", null],
    ["heart rate 130 → hold", D_.hr130, "hold", null],
    ["TIL SBP 89 + SpO₂ 89 → stop (combination at 2)", D_.combination, "stop", null],
    ["mono SBP 89 + SpO₂ 89 → hold (combination at 3)", D_.monoTwoHolds, "hold", null],
    ["an unreviewed stop-tier hold → stop", D_.pendingStop, "stop", null],
    ["a reviewed stop-tier hold → give", D_.reviewedStop, "give", null],
  ] as const)("%s", (_label, d, decision, reason) => {
    expect([d.decision, d.reason]).toEqual([decision, reason]);
  });
});

describe("whyNotGiven: the nurse's sentence for each decision", () => {
  test.each([
    ["give → empty", D_.give, UTC, NOW, ""],
    ["wait, interval, same day → the time only", D_.interval, UTC, iso("2026-03-02T05:29:59.999Z"), "Not yet: it is inside the interval since the previous dose; the dose may be given from 05:30."],
    [
      "wait, interval, in New York (05:30 UTC is 00:30 on Monday there, now is Sunday evening) → with the date",
      D_.interval0200, NEW_YORK, iso("2026-03-02T02:00:00Z"),
      "Not yet: it is inside the interval since the previous dose; the dose may be given from Mon 2 Mar 00:30.",
    ],
    ["wait, start-window", D_.startWindow, UTC, after(TIL_CELLS_END, 3 * H - MIN), "Not yet: the first-dose window has not opened; the dose may be given from 13:00."],
    ["wait, rest-period (cycle 2 from startAt + 14 d − 30 min)", D_.restPeriod, UTC, after(MONO_START, 6 * D), "Not yet: this is the rest period between cycles; the dose may be given from Sun 15 Mar 13:30."],
    ["complete, start-window-missed", D_.startMissed, UTC, NOW, "The course is complete: the first-dose window was missed."],
    ["complete, window-closed", D_.windowClosed, UTC, NOW, "The course is complete: the dosing window has closed."],
    ["complete, max-reached", D_.maxReached, UTC, NOW, "The course is complete: the maximum number of doses has been given."],
    ["complete, stopped", D_.stopped, UTC, NOW, "The course is complete: IL-2 was stopped."],
    ["complete, discontinued", D_.discontinued, UTC, NOW, "The course is complete: IL-2 was discontinued."],
    ["incomplete, missing", D_.missingSbp, UTC, NOW, "Cannot give: missing Systolic blood pressure. Enter these values again in a new assessment."],
    ["incomplete, stale", D_.stale181, UTC, NOW, "Cannot give: too old: assessment time. Enter these values again in a new assessment."],
    ["incomplete, both", D_.missingAndStale, UTC, NOW, "Cannot give: missing Systolic blood pressure; too old: assessment time. Enter these values again in a new assessment."],
    ["hold, one finding", D_.sbp89, UTC, NOW, "The rules say HOLD (Systolic blood pressure below the admission target): recording this dose as given needs an attending's signed override."],
    ["hold, two findings (mono)", D_.monoTwoHolds, UTC, NOW, "The rules say HOLD (Systolic blood pressure low, Oxygen saturation low): recording this dose as given needs an attending's signed override."],
    ["stop, a stop-tier finding", D_.hr131, UTC, NOW, "The rules say STOP (Heart rate high): IL-2 must stop until an attending has decided."],
    ["discontinue", D_.ischemia, UTC, NOW, "The rules say DISCONTINUE (Event requiring permanent discontinuation): IL-2 must be discontinued until an attending has decided."],
    [
      "discontinue with a stop too: both named",
      D_.hr131AndIschemia, UTC, NOW,
      "The rules say DISCONTINUE (Heart rate high, Event requiring permanent discontinuation): IL-2 must be discontinued until an attending has decided.",
    ],
    ["stop by the combination rule: hold findings are not named, the rule is", D_.combination, UTC, NOW, "The rules say STOP (2 or more hold criteria at once → stop): IL-2 must stop until an attending has decided."],
    ["a pending stop recorded at 05:00", D_.pendingStop, UTC, NOW, "A STOP recorded at 05:00 waits for the attending: no IL-2 until an attending has decided."],
    ["a pending discontinuation recorded at 05:00", D_.pendingDiscontinue, UTC, NOW, "A DISCONTINUE recorded at 05:00 waits for the attending: no IL-2 until an attending has decided."],
    ["a pending stop, in New York (00:00 the same day)", D_.pendingStop, NEW_YORK, NOW, "A STOP recorded at 00:00 waits for the attending: no IL-2 until an attending has decided."],
  ] as const)("%s", (_label, d, timeZone, now, want) => {
    expect(whyNotGiven(d, timeZone, now)).toBe(want);
  });

  test.each<[string, DoseDecision, string]>([
    ["wait with no reason and no earliest time → the general sentence", { ...D_.interval, reason: null, window: { ...D_.interval.window, earliestAt: null } }, "Not yet: the schedule does not allow a dose now."],
    ["complete with no reason → no more doses", { ...D_.stopped, reason: null }, "The course is complete: no more doses."],
    ["stop with neither a stop finding nor a combination → see the findings", { ...D_.hr131, findings: [], combination: null }, "The rules say STOP (see the findings): IL-2 must stop until an attending has decided."],
    [
      "a pending-stop finding without a time → the general stop sentence naming it",
      { ...D_.pendingStop, findings: D_.pendingStop.findings.map((f) => ({ ...f, observed: 0 })) },
      "The rules say STOP (Recorded stop awaiting the attending's decision): IL-2 must stop until an attending has decided.",
    ],
  ])("%s", (_label, d, want) => {
    expect(whyNotGiven(d, UTC, NOW)).toBe(want);
  });
});

describe("pendingStop: a recorded stop that waits for the attending", () => {
  test.each([
    ["an unreviewed stop-tier hold at 05:00 → stop, 05:00", D_.pendingStop, { tier: "stop", at: iso("2026-03-02T05:00:00Z") }],
    ["an unreviewed discontinue-tier hold at 05:00 → discontinue, 05:00", D_.pendingDiscontinue, { tier: "discontinue", at: iso("2026-03-02T05:00:00Z") }],
    ["the same hold reviewed → none", D_.reviewedStop, null],
    ["a stop from the assessment itself → none (nothing recorded yet)", D_.hr131, null],
    ["a give → none", D_.give, null],
    ["a pending-stop finding whose observed value is not a time → the tier, no time", { findings: D_.pendingStop.findings.map((f) => ({ ...f, observed: 3 })) }, { tier: "stop", at: null }],
  ] as const)("%s", (_label, d, want) => {
    expect(pendingStop(d)).toEqual(want);
  });
});

describe("heldOnThisAssessment: the held event on exactly this assessment as the last event in force", () => {
  const t = (h: number) => after(NOW, -h * H);
  const heldOnA = (seq: number, over: Partial<ReviewedDoseEvent> = {}) => event("held", seq, t(1), { assessmentId: ASSESSMENT_ID, ...over });
  test.each<[string, ReviewedDoseEvent[], number | null]>([
    ["no events → none", [], null],
    ["last is held on this assessment → it", [...tilTwoGiven(), heldOnA(3)], 3],
    ["last is held on another assessment → none", [...tilTwoGiven(), heldOnA(3, { assessmentId: OTHER_ASSESSMENT_ID })], null],
    ["last is held with no assessment → none", [...tilTwoGiven(), heldOnA(3, { assessmentId: null })], null],
    ["held on this assessment, then a given dose → none", [heldOnA(1), event("given", 2, t(0.5), { assessmentId: ASSESSMENT_ID })], null],
    ["held on this assessment, then a given dose entered in error → the hold", [heldOnA(1), event("given", 2, t(0.5), { status: "entered_in_error" })], 1],
    ["held on this assessment but entered in error → none", [...tilTwoGiven(), heldOnA(3, { status: "entered_in_error" })], null],
    ["last is a stopped event on this assessment → none (not a hold)", [...tilTwoGiven(), event("stopped", 3, t(1), { assessmentId: ASSESSMENT_ID })], null],
  ])("%s", (_label, events, want) => {
    expect(heldOnThisAssessment(events, ASSESSMENT_ID)?.sequence ?? null).toBe(want);
  });
});

describe("stopMetBy: what in an assessment's own decision means a stop", () => {
  const fired = D_.combination.combination;
  if (!fired) throw new Error("expected the combination rule in the decision");
  test.each<[string, Pick<DoseDecision, "findings" | "combination">, string | null]>([
    ["heart rate 131 → the stop finding", D_.hr131, "Heart rate high (stop)"],
    ["a permanent event → the discontinue finding", D_.ischemia, "Event requiring permanent discontinuation (discontinue)"],
    ["both → both, in the engine's order", D_.hr131AndIschemia, "Heart rate high (stop), Event requiring permanent discontinuation (discontinue)"],
    ["two holds under TIL → the combination rule", D_.combination, "2 or more hold criteria at once → stop"],
    ["two holds under mono (combination at 3, not fired) → none", D_.monoTwoHolds, null],
    ["heart rate 130 → none (a hold)", D_.hr130, null],
    ["a give → none", D_.give, null],
    ["a pending stop → the recorded stop", D_.pendingStop, "Recorded stop awaiting the attending's decision (stop)"],
    ["combination fired with no label → the general words", { findings: [], combination: { ...fired, label: undefined as unknown as string } }, "combination of hold criteria"],
    ["combination not fired, with its label → none", { findings: [], combination: { ...fired, fired: false } }, null],
    ["no combination at all → none", { findings: [], combination: null }, null],
  ])("%s", (_label, d, want) => {
    expect(stopMetBy(d)).toBe(want);
  });
});

describe("givenDoseRefusal: the cycle-2 go-ahead and the one fixed dose", () => {
  const mono = monoCourse();
  const approved = monoCourse({ cycle2ApprovedAt: after(MONO_START, 6 * D) });
  const doseMessage = "The dose for this course is 48,000,000 IU (verified dosing weight 80 kg); doses are never changed, only held.";
  test.each([
    ["mono cycle 2 without the go-ahead → refused", mono, 2, DOSE_IU, DOSE_IU, { why: "Cycle 2 needs the attending's signed go-ahead before its first dose." }],
    ["mono cycle 2 with the go-ahead, the right dose → allowed", approved, 2, DOSE_IU, DOSE_IU, null],
    ["mono cycle 1 without the go-ahead → allowed", mono, 1, DOSE_IU, DOSE_IU, null],
    ["TIL with cycle 2 (never for TIL) → no go-ahead asked", course(), 2, DOSE_IU, DOSE_IU, null],
    ["mono cycle 2 without the go-ahead and a wrong dose → the go-ahead first", mono, 2, DOSE_IU, DOSE_IU + 1, { why: "Cycle 2 needs the attending's signed go-ahead before its first dose." }],
    ["1 IU over → refused on doseIu", course(), 1, DOSE_IU, DOSE_IU + 1, { why: doseMessage, field: "doseIu" }],
    ["1 IU under → refused on doseIu", course(), 1, DOSE_IU, DOSE_IU - 1, { why: doseMessage, field: "doseIu" }],
    ["exactly the dose → allowed", course(), 1, DOSE_IU, DOSE_IU, null],
    ["nothing entered ('') → refused", course(), 1, DOSE_IU, "", { why: doseMessage, field: "doseIu" }],
    ["nothing entered (undefined) → refused", course(), 1, DOSE_IU, undefined, { why: doseMessage, field: "doseIu" }],
    [
      "the engine gave no dose → refused, the dose shown as ?",
      course(), 1, undefined, DOSE_IU,
      { why: "The dose for this course is ? IU (verified dosing weight 80 kg); doses are never changed, only held.", field: "doseIu" },
    ],
    [
      "82.4 kg: the weight as the Decimal writes it",
      course({ dosingWeightKg: dec("82.4") }), 1, 49_440_000, 49_440_001,
      { why: "The dose for this course is 49,440,000 IU (verified dosing weight 82.4 kg); doses are never changed, only held.", field: "doseIu" },
    ],
  ] as const)("%s", (_label, c, cycle, expectedIu, enteredIu, want) => {
    expect(givenDoseRefusal({ course: c, cycle, expectedIu, enteredIu })).toEqual(want);
  });
});

describe("holdRefusal: may a hold be recorded, and why not", () => {
  const known = new Set(["sbp-low", "tachycardia", "hypoxia"]);
  const base = { events: tilTwoGiven(), assessmentId: ASSESSMENT_ID, criteria: ["sbp-low"], knownCriteria: known, note: null, timeZone: UTC, now: NOW };
  test.each([
    ["wait → nothing to hold, with the reason and the time", { decision: D_.interval }, { why: "Nothing to hold: it is inside the interval since the previous dose; the dose may be given from 05:30.", details: { decision: "wait" } }],
    ["complete → nothing to hold", { decision: D_.stopped }, { why: "Nothing to hold: The course is complete: IL-2 was stopped.", details: { decision: "complete" } }],
    ["a pending stop → nothing more to record", { decision: D_.pendingStop }, { why: "IL-2 is already held at stop tier until an attending decides: nothing more to record. Call the attending." }],
    [
      "already held on this assessment (#3) → record a new assessment",
      { decision: D_.sbp89, events: [...tilTwoGiven(), event("held", 3, after(NOW, -10 * MIN), { assessmentId: ASSESSMENT_ID })] },
      { why: "Dose event #3 already holds the dose on this assessment. Record a new assessment to re-evaluate." },
    ],
    ["held on another assessment → allowed", { decision: D_.sbp89, events: [...tilTwoGiven(), event("held", 3, after(NOW, -3 * H), { assessmentId: OTHER_ASSESSMENT_ID })] }, null],
    ["an unknown criterion → refused on criteria", { decision: D_.sbp89, criteria: ["sbp-low", "made-up", "other"] }, { why: "These are not criteria of this course's rule set: Made up, Other.", field: "criteria" }],
    ["no criterion, no note → refused on note", { decision: D_.sbp89, criteria: [], note: null }, { why: "Say why the dose is held: tick the criteria or write a note.", field: "note" }],
    ["no criterion, an empty note → refused on note", { decision: D_.sbp89, criteria: [], note: "" }, { why: "Say why the dose is held: tick the criteria or write a note.", field: "note" }],
    ["no criterion, note undefined → refused on note", { decision: D_.sbp89, criteria: [], note: undefined }, { why: "Say why the dose is held: tick the criteria or write a note.", field: "note" }],
    ["no criterion, a note → allowed", { decision: D_.sbp89, criteria: [], note: "Patient asked to delay" }, null],
    ["a known criterion, no note → allowed", { decision: D_.sbp89 }, null],
    ["a give: the nurse may still hold → allowed", { decision: D_.give }, null],
    ["incomplete: a hold is allowed without the missing values", { decision: D_.missingSbp }, null],
    ["a stop from the assessment (not yet recorded) → allowed", { decision: D_.hr131, criteria: ["tachycardia"] }, null],
    ["a discontinue from the assessment → allowed", { decision: D_.ischemia, criteria: [], note: "Ischaemia" }, null],
  ] as const)("%s", (_label, over, want) => {
    expect(holdRefusal({ ...base, ...over })).toEqual(want);
  });
});

describe("holdTierOf: the tier a recorded hold carries", () => {
  test.each([
    ["give", "hold"],
    ["hold", "hold"],
    ["stop", "stop"],
    ["discontinue", "discontinue"],
    ["wait", "hold"],
    ["incomplete", "hold"],
    ["complete", "hold"],
  ] as const)("%s → %s", (decision, want) => {
    expect(holdTierOf({ decision })).toBe(want);
  });
});

describe("doseActions: what the dose screen offers", () => {
  test.each([
    ["give → give or hold", D_.give, false, false, { canGive: true, canHold: true, stopPending: false, heldOnThisAssessment: false, underOverride: false, overrideBlockedBy: null }],
    ["hold, no override → hold only", D_.sbp89, false, false, { canGive: false, canHold: true, stopPending: false, heldOnThisAssessment: false, underOverride: false, overrideBlockedBy: null }],
    ["hold already recorded, override usable → give under override", D_.sbp89, true, true, { canGive: true, canHold: false, stopPending: false, heldOnThisAssessment: true, underOverride: true, overrideBlockedBy: null }],
    ["a pending stop, even with an override → nothing", D_.pendingStop, true, false, { canGive: false, canHold: false, stopPending: true, heldOnThisAssessment: false, underOverride: false, overrideBlockedBy: null }],
    ["wait → nothing", D_.interval, false, false, { canGive: false, canHold: false, stopPending: false, heldOnThisAssessment: false, underOverride: false, overrideBlockedBy: null }],
    ["complete → nothing", D_.stopped, false, false, { canGive: false, canHold: false, stopPending: false, heldOnThisAssessment: false, underOverride: false, overrideBlockedBy: null }],
    ["incomplete → hold only", D_.missingSbp, false, false, { canGive: false, canHold: true, stopPending: false, heldOnThisAssessment: false, underOverride: false, overrideBlockedBy: null }],
  ] as const)("%s", (_label, decision, overrideUsable, held, want) => {
    expect(doseActions({ decision, overrideUsable, heldOnThisAssessment: held })).toEqual(want);
  });
});

describe("decisionUnderOverride: the decision an attending's override answered", () => {
  // The nurse held the 06:00 dose at 05:45 on an assessment taken 05:30; the attending overrides; the dose is given at 06:00.
  const heldAt = iso("2026-03-02T05:45:00Z");
  const heldEvent = event("held", 3, heldAt, { assessmentId: ASSESSMENT_ID });
  // `assessment`: the held event's own (the only one of the course unless `assessments` says otherwise)
  const run = ({ assessment: a = assessment({ sbpMmHg: 89 }), ...over }: Partial<Parameters<typeof decisionUnderOverride>[0]> & { assessment?: AssessmentRecord } = {}) =>
    decisionUnderOverride({ at: NOW, course: course(), events: [...tilTwoGiven(), heldEvent], held: heldEvent, assessments: [a], timeZone: UTC, now: NOW, ...over });

  test("with the held event counted, the same assessment is stale for the held dose (so the override must judge without it)", () => {
    const d = decisionFor({ events: [...tilTwoGiven(), heldEvent], assessment: assessment({ sbpMmHg: 89 }) });
    expect([d.decision, d.stale]).toEqual(["incomplete", ["at"]]);
  });

  test("a plain hold (SBP 89) → usable, the hold judged at the dose's time without the held event", () => {
    const r = run();
    if (!r.usable) throw new Error(`expected usable, got ${r.refused.why}`);
    expect([r.decision.decision, r.decision.now, r.decision.findings.map((f) => f.criterion), r.decision.counts.givenInCourse]).toEqual(["hold", NOW.toISOString(), ["sbp-low"], 2]);
  });

  test.each([
    ["a judgment hold (heart rate 130) → usable, hold", assessment({ heartRateBpm: 130 }), "hold"],
    ["a hold the nurse recorded on a give (all values well) → usable, give", assessment(), "give"],
  ] as const)("%s", (_label, a, want) => {
    // the held event names what the attending was shown (here: what the engine finds on `a`)
    const shown = decisionFor({ events: tilTwoGiven(), assessment: a }).findings.map((f) => f.criterion);
    const held = { ...heldEvent, criteria: shown };
    const r = run({ assessment: a, held, events: [...tilTwoGiven(), held] });
    expect(r.usable && r.decision.decision).toBe(want);
  });

  test.each([
    ["a stop (heart rate 131) → not usable: a stop is never overridden", { assessment: assessment({ heartRateBpm: 131 }) }, { why: "The rules say STOP (Heart rate high): IL-2 must stop until an attending has decided.", details: { decision: "stop" } }],
    ["a discontinuation (ischaemia) → not usable", { assessment: assessment({ permanentEvents: ["ischemia"] }) }, { why: "The rules say DISCONTINUE (Event requiring permanent discontinuation): IL-2 must be discontinued until an attending has decided.", details: { decision: "discontinue" } }],
    [
      "given at 05:29:59.999, inside the interval after 22:00 → not usable",
      { at: iso("2026-03-02T05:29:59.999Z"), now: iso("2026-03-02T05:29:59.999Z"), assessment: assessment({ sbpMmHg: 89, takenAt: iso("2026-03-02T05:00:00Z"), labsAt: iso("2026-03-02T04:30:00Z") }) },
      { why: "Not yet: it is inside the interval since the previous dose; the dose may be given from 05:30.", details: { decision: "wait" } },
    ],
    [
      "another unreviewed stop-tier hold in the course → not usable (the held event removed is only the overridden one)",
      { events: [...tilTwoGiven(), event("held", 9, iso("2026-03-02T05:40:00Z"), { tier: "stop" }), heldEvent] },
      // the one rule (lib/domain/blocking.ts) answers before the engine: it names the stop that blocks every dose
      {
        why: "A STOP recorded at 05:40 (dose 3, event #9) waits for the attending and blocks every dose: the override of the later hold cannot allow this dose until the attending has decided that stop.",
        details: { decision: "stop", blockedBySequence: 9 },
      },
    ],
    ["stored data the engine cannot read (700,000 IU/kg) → not usable", { course: course({ doseIuPerKg: 700_000 }) }, { why: "The stored data could not be evaluated. Record a new assessment.", details: { decision: null } }],
  ] as const)("%s", (_label, over, want) => {
    expect(run(over)).toEqual({ usable: false, refused: want });
  });

  test("given at exactly 05:30 (the interval's end) → usable", () => {
    const r = run({ at: iso("2026-03-02T05:30:00Z"), now: iso("2026-03-02T05:30:00Z"), assessment: assessment({ sbpMmHg: 89, takenAt: iso("2026-03-02T05:00:00Z"), labsAt: iso("2026-03-02T04:30:00Z") }) });
    expect(r.usable && r.decision.decision).toBe("hold");
  });

  test("the assessment entered in error → not usable: the engine sees no assessment (incomplete)", () => {
    const r = run({ assessment: assessment({ sbpMmHg: 89, status: "entered_in_error" }) });
    expect(r.usable).toBe(false);
    expect(!r.usable && r.refused.details).toEqual({ decision: "incomplete" });
  });
});

describe("an override is judged on the picture the attending signed (review HIGH 2)", () => {
  // The 05:45 hold on the 05:30 assessment (SBP 89, sbp-low); the attending overrides; the dose is given at 06:00.
  const heldAt = iso("2026-03-02T05:45:00Z");
  const heldEvent = event("held", 3, heldAt, { assessmentId: ASSESSMENT_ID, criteria: ["sbp-low"] });
  const held = assessment({ sbpMmHg: 89 });
  const run = (assessments: AssessmentRecord[]) =>
    decisionUnderOverride({ at: NOW, course: course(), events: [...tilTwoGiven(), heldEvent], held: heldEvent, assessments, timeZone: UTC, now: NOW });

  test("nothing recorded since the hold → usable, on the held assessment's picture", () => {
    const r = run([held]);
    expect(r.usable && r.decision.findings.map((f) => f.criterion)).toEqual(["sbp-low"]);
  });

  test("a back-dated assessment recorded after the hold (taken 05:20, creatinine 2.7) → not usable, though the held one stays the latest", () => {
    const late = assessment({ id: OTHER_ASSESSMENT_ID, takenAt: iso("2026-03-02T05:20:00Z"), recordedAt: iso("2026-03-02T05:50:00Z"), creatinineMgDl: dec("2.7") });
    const r = run([held, late]);
    expect(r.usable).toBe(false);
    expect(!r.usable && r.refused.why).toBe(
      "An assessment (taken 05:20) was recorded after the hold the attending overrode, at 05:50: the signed override covered only what was known at the hold. Record a hold on the new picture; the attending decides again.",
    );
  });

  test("an assessment entered in error after the hold does not count", () => {
    const late = assessment({ id: OTHER_ASSESSMENT_ID, status: "entered_in_error", recordedAt: iso("2026-03-02T05:50:00Z"), creatinineMgDl: dec("2.7") });
    expect(run([held, late]).usable).toBe(true);
  });

  test("overrideNotCovering: a finding at the hold neither among the held criteria nor in its stored decision → refused, naming it", () => {
    const atHold = decisionFor({ events: tilTwoGiven(), assessment: assessment({ sbpMmHg: 89, heartRateBpm: 125 }) });
    const r = overrideNotCovering({ held: heldEvent, assessments: [held], atHold, timeZone: UTC, now: NOW });
    expect(r?.why).toMatch(/^The override was signed for .+; the picture at the hold now also shows .+, which the attending did not see\. Record a hold; the attending decides again\.$/);
    expect(r?.details?.uncovered).toBe(atHold.findings.filter((f) => f.criterion !== "sbp-low").map((f) => f.criterion).join(","));
  });

  test("overrideNotCovering: a finding in the held event's stored decision counts as signed", () => {
    const atHold = decisionFor({ events: tilTwoGiven(), assessment: assessment({ sbpMmHg: 89, heartRateBpm: 125 }) });
    const shown = { ...heldEvent, criteria: [], decisionSnapshot: atHold as unknown };
    expect(overrideNotCovering({ held: shown, assessments: [held], atHold, timeZone: UTC, now: NOW })).toBeNull();
  });
});
