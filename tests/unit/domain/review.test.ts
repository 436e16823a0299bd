// Review policy (lib/domain/review.ts): which events wait for an attending and for what, the outcomes each allows,
// the signatures and their meanings, what a stop ends. Real engine decisions from plain records, one fixed `now`.
import { describe, expect, test } from "vitest";
import {
  judgmentCriteriaInSnapshot, needsReason, needsSignature, stopIsJudgment, outcomesFor, refusedOutcome, REVIEW_OUTCOMES, reviewEndsCourse, reviewSubjectOf, reviewWaitOf,
  signatureMeaning, stopScope, type ReviewOutcome, type ReviewSubject,
} from "@/lib/domain/review";
import type { ReviewedDoseEvent } from "@/lib/domain/records";
import { assessment, course, decisionFor, event, monoCourse, NOW } from "./fixtures";

// TIL 1.1.0, heart rate 130: `tachycardia` holds (> 120) and is marked judgment (DUT uses 100: protocols.md §4);
// the engine asks for an attending. 131 is a stop (> 130), not a judgment.
const judgmentHold = decisionFor({ assessment: assessment({ heartRateBpm: 130 }) });
// SBP 89 under a target of 90: a plain hold (stated), the engine still asks for an attending, but no judgment.
const plainHold = decisionFor({ assessment: assessment({ sbpMmHg: 89 }) });
// 720,000 IU/kg differs from the rule set's 600,000: the engine asks for an attending with no finding at all.
const iuPerKgFlag = decisionFor({ course: course({ doseIuPerKg: 720_000 }) });
const give = decisionFor();

const at = new Date("2026-03-02T05:00:00Z");
const given = (decisionSnapshot: unknown, over: Partial<ReviewedDoseEvent> = {}) => event("given", 3, at, { decisionSnapshot, ...over });

describe("the decisions the tests stand on (so a change in the engine shows here first)", () => {
  test("heart rate 130 → hold, tachycardia, judgment, needs an attending; 131 → stop, not judgment", () => {
    expect(judgmentHold.decision).toBe("hold");
    expect(judgmentHold.needsAttendingReview).toBe(true);
    expect(judgmentHold.findings.map((f) => [f.criterion, f.tier, f.judgment])).toEqual([["tachycardia", "hold", true]]);
    const stop = decisionFor({ assessment: assessment({ heartRateBpm: 131 }) });
    expect(stop.findings.map((f) => [f.criterion, f.tier, f.judgment])).toEqual([["tachycardia", "stop", false]]);
  });
  test("SBP 89 → hold, sbp-low, not judgment; 720,000 IU/kg → give with needsAttendingReview and no finding", () => {
    expect([plainHold.decision, plainHold.needsAttendingReview, plainHold.findings.map((f) => [f.criterion, f.judgment])]).toEqual(["hold", true, [["sbp-low", false]]]);
    expect([iuPerKgFlag.decision, iuPerKgFlag.needsAttendingReview, iuPerKgFlag.findings]).toEqual(["give", true, []]);
    expect([give.decision, give.needsAttendingReview]).toEqual(["give", false]);
  });
});

describe("judgmentCriteriaInSnapshot: judgment findings of a decision that asked for an attending", () => {
  test.each([
    ["the decision stored bare", judgmentHold, ["tachycardia"]],
    ["the decision stored as { ok: true, result }", { ok: true, result: judgmentHold }, ["tachycardia"]],
    ["the decision after a JSON round trip (as the database returns it)", JSON.parse(JSON.stringify(judgmentHold)) as unknown, ["tachycardia"]],
    ["a judgment finding, but needsAttendingReview false → none", { ...judgmentHold, needsAttendingReview: false }, []],
    ["needsAttendingReview as the string \"true\" → none (read strictly)", { ...judgmentHold, needsAttendingReview: "true" }, []],
    ["a plain hold that asked for an attending → none (no judgment finding)", plainHold, []],
    ["a flag with no finding → none", iuPerKgFlag, []],
    ["a give → none", give, []],
    ["an engine refusal → none", { ok: false, error: "invalid-request", issues: [] }, []],
    ["an empty object → none", {}, []],
    ["null → none", null, []],
    ["a list → none", [judgmentHold], []],
    [
      "old-shaped findings: only those with judgment === true, in order; items without a criterion are skipped",
      {
        needsAttendingReview: true,
        findings: [
          { criterion: "tachycardia", judgment: true },
          { criterion: "sbp-low", judgment: false },
          { criterion: "infection", judgment: "true" },
          { judgment: true },
          null,
          "arrhythmia",
          { criterion: "arrhythmia", judgment: true },
        ],
      },
      ["tachycardia", "arrhythmia"],
    ],
  ] as const)("%s", (_label, snapshot, want) => {
    expect(judgmentCriteriaInSnapshot(snapshot)).toEqual(want);
  });
});

describe("reviewSubjectOf: what an event is to a reviewer, or null", () => {
  test.each([
    ["held → held", event("held", 3, at), "held"],
    ["held at stop tier → held", event("held", 3, at, { tier: "stop" }), "held"],
    ["stopped → stopped", event("stopped", 3, at), "stopped"],
    ["discontinued → discontinued", event("discontinued", 3, at), "discontinued"],
    ["given on a judgment hold (bare snapshot) → given-judgment", given(judgmentHold), "given-judgment"],
    ["given on a judgment hold ({ ok: true, result } snapshot) → given-judgment", given({ ok: true, result: judgmentHold }), "given-judgment"],
    ["given on a plain hold → null", given(plainHold), null],
    ["given with needsAttendingReview but no finding → null", given(iuPerKgFlag), null],
    ["given on a give → null", given(give), null],
    ["given with an empty snapshot → null", given({}), null],
    ["given with a null snapshot → null", given(null), null],
  ] as const)("%s", (_label, e, want) => {
    expect(reviewSubjectOf(e)).toBe(want);
  });
});

describe("reviewWaitOf: the one answer to 'does this event wait for an attending, and for what?'", () => {
  const reviewed = { holdReviews: [{ id: "00000000-0000-4000-b000-000000000001" }] };
  const signed = { authorizedByReviewId: "00000000-0000-4000-b000-000000000002" };
  const error = { status: "entered_in_error" as const, enteredInErrorAt: NOW, enteredInErrorReason: "wrong patient" };
  test.each([
    ["a plain hold (tier hold) → hold", event("held", 3, at), "hold"],
    ["a hold with no tier (written before contract 1.1) → hold", event("held", 3, at, { tier: null }), "hold"],
    ["a stop-tier hold → stop", event("held", 3, at, { tier: "stop" }), "stop"],
    ["a discontinue-tier hold → stop", event("held", 3, at, { tier: "discontinue" }), "stop"],
    ["a recorded stopped event → hold (IL-2 is already off; it waits for its confirmation)", event("stopped", 3, at), "hold"],
    ["a recorded discontinued event → hold", event("discontinued", 3, at), "hold"],
    ["a stopped event carrying tier stop is not a stop-tier hold → hold", event("stopped", 3, at, { tier: "stop" }), "hold"],
    ["a given dose on a judgment hold, bare snapshot → judgment", given(judgmentHold), "judgment"],
    ["a given dose on a judgment hold, { ok: true, result } snapshot → judgment", given({ ok: true, result: judgmentHold }), "judgment"],
    ["a given dose on a plain hold → nothing", given(plainHold), null],
    ["a given dose on a give → nothing", given(give), null],
    ["a plain hold already reviewed → nothing", event("held", 3, at, reviewed), null],
    ["a stop-tier hold already reviewed → nothing", event("held", 3, at, { tier: "stop", ...reviewed }), null],
    ["a given judgment dose already acknowledged → nothing", given(judgmentHold, reviewed), null],
    ["a stopped event written by a signed review → nothing", event("stopped", 3, at, signed), null],
    ["a given judgment dose given under a signed override → nothing", given(judgmentHold, signed), null],
    ["a stop-tier hold entered in error → nothing", event("held", 3, at, { tier: "stop", ...error }), null],
    ["a given judgment dose entered in error → nothing", given(judgmentHold, error), null],
  ] as const)("%s", (_label, e, want) => {
    expect(reviewWaitOf(e)).toBe(want);
  });
});

describe("outcomesFor: the outcomes each kind of event allows", () => {
  test.each([
    ["a plain hold: all four", "held", "hold", "hold", ["confirm", "stop", "discontinue", "override"]],
    ["a plain hold, engine decision unknown: all four", "held", "hold", undefined, ["confirm", "stop", "discontinue", "override"]],
    ["a stop-tier hold from the assessment: stop or discontinue only", "held", "stop", "stop", ["stop", "discontinue"]],
    ["a stop-tier hold, engine decision unknown: stop or discontinue only", "held", "stop", undefined, ["stop", "discontinue"]],
    ["a stop-tier hold the engine decided as a hold (holds-cumulative): stop, discontinue or a signed override", "held", "stop", "hold", ["stop", "discontinue", "override"]],
    ["a discontinue-tier hold: discontinue only", "held", "discontinue", "discontinue", ["discontinue"]],
    ["a discontinue-tier hold the engine decided as a hold: still discontinue only", "held", "discontinue", "hold", ["discontinue"]],
    ["a recorded stop: confirm or discontinue", "stopped", "", "stop", ["confirm", "discontinue"]],
    ["a recorded stop: the tier does not matter", "stopped", "stop", "hold", ["confirm", "discontinue"]],
    ["a recorded discontinuation: confirm only", "discontinued", "", "discontinue", ["confirm"]],
    ["a given dose with a judgment finding: confirm only", "given-judgment", "", "hold", ["confirm"]],
  ] as const)("%s", (_label, subject, tier, engineDecision, want) => {
    expect(outcomesFor(subject, tier, engineDecision)).toEqual(want);
  });
});

describe("outcomesFor with a judgment-tier stop: reassess is offered for it, and only for it", () => {
  test.each([
    ["a judgment stop (combination rule) from the assessment: stop, discontinue or reassess", "stop", "stop", true, ["stop", "discontinue", "reassess"]],
    ["a stop from a stop-tier criterion: no reassess", "stop", "stop", false, ["stop", "discontinue"]],
    ["a stop from the holds in a row (engine said hold): override, never reassess", "stop", "hold", true, ["stop", "discontinue", "override"]],
    ["a discontinue-tier hold: discontinue only, even if called judgment", "discontinue", "discontinue", true, ["discontinue"]],
    ["a plain hold: no reassess", "hold", "hold", true, ["confirm", "stop", "discontinue", "override"]],
  ] as const)("%s", (_label, tier, engineDecision, judgmentStop, want) => {
    expect(outcomesFor("held", tier, engineDecision, judgmentStop)).toEqual(want);
  });
  test.each([
    ["a recorded stop", "stopped"],
    ["a recorded discontinuation", "discontinued"],
    ["a given dose with a judgment finding", "given-judgment"],
  ] as const)("%s never offers reassess", (_label, subject) => {
    expect(outcomesFor(subject, "stop", "stop", true)).not.toContain("reassess");
  });
});

describe("stopIsJudgment: did the stop recorded with this decision come from judgment alone?", () => {
  // TIL 1.1.0, target 90: SBP 85 (sbp-low) + HR 125 (tachycardia) = 2 hold criteria → combination rule (judgment) → stop
  const combination = decisionFor({ assessment: assessment({ sbpMmHg: 85, heartRateBpm: 125 }) });
  // HR 131 > 130: tachycardia at stop tier, stated (not judgment)
  const criterionStop = decisionFor({ assessment: assessment({ heartRateBpm: 131 }) });
  // combination and a stated stop-tier criterion together: not judgment alone
  const both = decisionFor({ assessment: assessment({ sbpMmHg: 85, heartRateBpm: 131, mentalStatus: "mild" }) });
  test("the decisions the cases stand on", () => {
    expect([combination.decision, combination.combination?.fired, combination.findings.filter((f) => f.tier !== "hold")]).toEqual(["stop", true, []]);
    expect([criterionStop.decision, criterionStop.findings.map((f) => [f.tier, f.judgment])]).toEqual(["stop", [["stop", false]]]);
    expect(both.decision).toBe("stop");
  });
  test.each([
    ["the combination rule alone (judgment) → true", combination, true],
    ["the same decision stored as { ok, result } → true", { ok: true, result: combination }, true],
    ["a stated stop-tier criterion → false", criterionStop, false],
    ["the combination rule with a stated stop-tier criterion → false", both, false],
    ["a hold decision → false", decisionFor({ assessment: assessment({ sbpMmHg: 85 }) }), false],
    ["a stop read from the events (pending-stop-review / holds-cumulative, parameter events) → false",
      { decision: "stop", findings: [{ criterion: "holds-cumulative", tier: "stop", parameter: "events", judgment: true }], combination: null }, false],
    ["a judgment stop-tier finding of the assessment (e.g. TIL creatinine ≥ 3.0) → true",
      { decision: "stop", findings: [{ criterion: "creatinine-high", tier: "stop", parameter: "creatinineMgDl", judgment: true }], combination: null }, true],
    ["a discontinue finding → false", { decision: "discontinue", findings: [{ criterion: "permanent-event", tier: "discontinue", parameter: "permanentEvents", judgment: false }], combination: null }, false],
    ["nothing stored → false", null, false],
    ["a refusal stored → false", { ok: false, error: "invalid-request", issues: [] }, false],
  ] as const)("%s", (_label, snapshot, want) => {
    expect(stopIsJudgment(snapshot)).toBe(want);
  });
});

describe("needsSignature: every outcome carries a password signature with its meaning (21 CFR Part 11 §11.200, decision 055)", () => {
  test.each([
    ["override", true],
    ["reassess", true],
    ["discontinue", true],
    ["confirm", true],
    ["stop", true],
    ["Override (another case) is not an outcome", false],
    ["", false],
  ] as const)("%s → %s", (outcome, want) => {
    expect(needsSignature(outcome)).toBe(want);
  });
  test("all five outcomes are signed; three of them also need a written reason", () => {
    expect(REVIEW_OUTCOMES.filter(needsSignature)).toEqual([...REVIEW_OUTCOMES]);
    expect(REVIEW_OUTCOMES.filter(needsReason)).toEqual(["discontinue", "override", "reassess"]);
  });
});

describe("signatureMeaning: the manifestation stored with the review", () => {
  test.each([
    ["confirm", "held", "cycle", "Reviewed: hold confirmed"],
    ["confirm", "stopped", "cycle", "Reviewed: stop confirmed"],
    ["confirm", "discontinued", "course", "Reviewed: discontinuation confirmed"],
    ["confirm", "given-judgment", "course", "Reviewed: judgment finding acknowledged"],
    ["stop", "held", "cycle", "Reviewed: IL-2 stopped for this cycle"],
    ["stop", "held", "course", "Reviewed: IL-2 stopped for this course"],
    ["discontinue", "held", "cycle", "Discontinue IL-2 for this course"],
    ["discontinue", "stopped", "course", "Discontinue IL-2 for this course"],
    ["override", "held", "cycle", "Override: I allow this dose despite the hold"],
    ["reassess", "held", "course", "Judgment stop not applied: the hold stands and the next assessment re-decides"],
  ] as const)("%s on %s (a stop ends the %s) → %s", (outcome, subject, stopEnds, want) => {
    expect(signatureMeaning(outcome, subject, stopEnds)).toBe(want);
  });
});

describe("stopScope: what a stop ends under the course's rule set", () => {
  test.each([
    ["TIL 1.1.0: the course, 1 cycle", course(), { stopEnds: "course", cycles: 1 }],
    ["TIL 1.0.0: the course, 1 cycle", course({ ruleSetVersion: "1.0.0" }), { stopEnds: "course", cycles: 1 }],
    ["monotherapy 1.1.0: the cycle, 2 cycles", monoCourse(), { stopEnds: "cycle", cycles: 2 }],
    ["monotherapy 1.0.0: the cycle, 2 cycles", monoCourse({ ruleSetVersion: "1.0.0" }), { stopEnds: "cycle", cycles: 2 }],
    ["an unknown TIL rule set: the protocol's meaning, the course", course({ ruleSetId: "til-local", ruleSetVersion: "9.9.9" }), { stopEnds: "course", cycles: 1 }],
    ["an unknown monotherapy version: the protocol's meaning, the cycle", monoCourse({ ruleSetVersion: "9.9.9" }), { stopEnds: "cycle", cycles: 2 }],
  ] as const)("%s", (_label, c, want) => {
    expect(stopScope(c)).toEqual(want);
  });
});

describe("refusedOutcome: why an outcome makes no sense, in one sentence", () => {
  test.each([
    ["confirm on a stop-tier hold", "held", "confirm", "stop", "The rules said STOP for this hold: IL-2 must be stopped or discontinued; it cannot be confirmed as a hold or overridden."],
    ["override on a stop-tier hold", "held", "override", "stop", "The rules said STOP for this hold: IL-2 must be stopped or discontinued; it cannot be confirmed as a hold or overridden."],
    ["stop on a discontinue-tier hold", "held", "stop", "discontinue", "The rules said DISCONTINUE for this hold: IL-2 must be discontinued; it cannot be confirmed as a hold or overridden."],
    ["an impossible outcome on a plain hold", "held", "confirm", "hold", "That outcome is not possible for this hold."],
    ["override on a recorded stop", "stopped", "override", "", "A stop cannot be overridden: a review does not restart IL-2. Confirm the stop, or discontinue IL-2."],
    ["stop on a recorded stop", "stopped", "stop", "", "IL-2 is already stopped by this event. Confirm the stop, or discontinue IL-2."],
    ["a tier on a recorded stop does not make it a stop-tier hold", "stopped", "override", "stop", "A stop cannot be overridden: a review does not restart IL-2. Confirm the stop, or discontinue IL-2."],
    ["stop on a recorded discontinuation", "discontinued", "stop", "", "IL-2 is already discontinued for this course: this event can only be confirmed."],
    ["override on a given judgment dose", "given-judgment", "override", "", "This dose was already given: the review can only acknowledge its judgment finding (confirm)."],
  ] as const)("%s", (_label, subject, outcome, tier, want) => {
    expect(refusedOutcome(subject, outcome, tier)).toBe(want);
  });

  // outcomesFor allows a signed override on a stop-tier hold the engine decided as a hold (mono 1.1.0
  // `holds-cumulative`, protocols.md §4): the refusal of "confirm" must not deny that override.
  test.each([
    ["reassess on a stated stop", "stop", "stop", /not from judgment alone: it cannot be reassessed/],
    ["reassess on a holds-cumulative stop", "stop", "hold", /the holds in a row.*override with a signed reason/],
    ["reassess on a discontinue-tier hold", "discontinue", "discontinue", /must be discontinued; it cannot be reassessed/],
  ] as const)("%s: says why, and agrees with outcomesFor", (_label, tier, engineDecision, want) => {
    expect(outcomesFor("held", tier, engineDecision, false)).not.toContain("reassess");
    expect(refusedOutcome("held", "reassess", tier, engineDecision)).toMatch(want);
  });

  test("the refusal for a holds-cumulative stop-tier hold agrees with outcomesFor", () => {
    expect(outcomesFor("held", "stop", "hold")).toContain("override");
    expect(refusedOutcome("held", "confirm", "stop", "hold")).not.toMatch(/cannot be .*overridden/);
    expect(refusedOutcome("held", "confirm", "stop", "hold")).toMatch(/override with a signed reason/);
    expect(refusedOutcome("held", "confirm", "stop", "stop")).toMatch(/cannot be confirmed as a hold or overridden/);
  });
});

describe("reviewEndsCourse: is IL-2 over for the course after this review?", () => {
  const til = { stopEnds: "course", cycles: 1 } as const;
  const mono = { stopEnds: "cycle", cycles: 2 } as const;
  const cases: [string, ReviewOutcome, ReviewSubject, number, typeof til | typeof mono, boolean][] = [
    ["discontinue on a hold, mono cycle 1 → over", "discontinue", "held", 1, mono, true],
    ["confirming a recorded discontinuation, mono cycle 1 → over", "confirm", "discontinued", 1, mono, true],
    ["stop on a TIL hold (a stop ends the course) → over", "stop", "held", 1, til, true],
    ["confirming a recorded TIL stop → over", "confirm", "stopped", 1, til, true],
    ["stop on a mono hold in cycle 1 of 2 → not over (cycle 2 may follow)", "stop", "held", 1, mono, false],
    ["stop on a mono hold in cycle 2 of 2 → over (the last cycle)", "stop", "held", 2, mono, true],
    ["confirming a recorded mono stop in cycle 1 of 2 → not over", "confirm", "stopped", 1, mono, false],
    ["confirming a recorded mono stop in cycle 2 of 2 → over", "confirm", "stopped", 2, mono, true],
    ["confirming a plain hold on TIL → not over", "confirm", "held", 1, til, false],
    ["overriding a hold on TIL → not over", "override", "held", 1, til, false],
    ["acknowledging a given judgment dose on TIL → not over", "confirm", "given-judgment", 1, til, false],
  ];
  test.each(cases)("%s", (_label, outcome, subject, cycle, scope, want) => {
    expect(reviewEndsCourse(outcome, subject, cycle, scope)).toBe(want);
  });
});
