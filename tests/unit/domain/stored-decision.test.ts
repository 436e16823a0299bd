// The stored engine decision (lib/domain/stored-decision.ts): one writer shape, one reader, loose reading of old rows.
import { criterionLabel } from "@/lib/domain/vocabulary";
import { describe, expect, test } from "vitest";
import {
  decisionSnapshotOf, engineDecisionOf, readStoredDecision, storedDecisionBody, storedFindings, storedNeedsAttending,
} from "@/lib/domain/stored-decision";
import { assessment, outcomeFor, refusedOutcome } from "./fixtures";

// As the database returns a JSON column: a deep copy with Dates and undefined gone.
const stored = (v: unknown): unknown => JSON.parse(JSON.stringify(v)) as unknown;

const giveOutcome = outcomeFor({});
// heart rate 130, TIL 1.1.0: tachycardia hold, judgment (protocols.md §4)
const holdOutcome = outcomeFor({ assessment: assessment({ heartRateBpm: 130 }) });
const refusal = refusedOutcome();

describe("writer: decisionSnapshotOf and engineDecisionOf", () => {
  test("a decision is stored bare: the snapshot is the DoseDecision itself", () => {
    if (!holdOutcome.ok) throw new Error("expected a decision");
    expect(decisionSnapshotOf(holdOutcome)).toBe(holdOutcome.result);
    expect(engineDecisionOf(holdOutcome)).toBe("hold");
    expect(engineDecisionOf(giveOutcome)).toBe("give");
  });

  test("a refusal is stored as { ok: false, error, issues } and named by its error code", () => {
    expect(decisionSnapshotOf(refusal)).toEqual({
      ok: false,
      error: "invalid-request",
      issues: [{ path: "course.doseIuPerKg", message: "til-2024@1.1.0 allows 600000 or 720000 IU/kg" }],
    });
    expect(engineDecisionOf(refusal)).toBe("invalid-request");
  });
});

describe("reader: readStoredDecision round trip with real decisions", () => {
  test.each([
    ["a give", giveOutcome],
    ["a judgment hold", holdOutcome],
  ] as const)("%s: write → JSON column → read gives the same decision", (_label, outcome) => {
    if (!outcome.ok) throw new Error("expected a decision");
    expect(readStoredDecision(stored(decisionSnapshotOf(outcome)))).toEqual(outcome.result);
  });

  test("an old row stored as { ok: true, result } reads the same decision", () => {
    if (!holdOutcome.ok) throw new Error("expected a decision");
    expect(readStoredDecision(stored(holdOutcome))).toEqual(holdOutcome.result);
  });

  test.each<[string, unknown]>([
    ["a stored refusal", stored(decisionSnapshotOf(refusal))],
    ["an empty object", {}],
    ["null", null],
    ["a string", "hold"],
    ["a list", [stored(decisionSnapshotOf(holdOutcome))]],
  ])("%s → null", (_label, snapshot) => {
    expect(readStoredDecision(snapshot)).toBeNull();
  });

  test("a decision under an older contract (a key today's schema lacks, one it requires missing) → null", () => {
    const body = stored(decisionSnapshotOf(holdOutcome)) as Record<string, unknown>;
    expect(readStoredDecision({ ...body, legacyKey: 1 })).toBeNull();
    const { notes: _notes, ...withoutNotes } = body;
    expect(readStoredDecision(withoutNotes)).toBeNull();
    // the same body untouched still reads: the two nulls above come from the changes, not from the copy
    expect(readStoredDecision(body)).not.toBeNull();
  });
});

describe("storedDecisionBody: the object that holds the decision, either shape", () => {
  test.each<[string, unknown, unknown]>([
    ["bare → itself", { decision: "hold" }, { decision: "hold" }],
    ["{ ok: true, result } → result", { ok: true, result: { decision: "hold" } }, { decision: "hold" }],
    ["result null → the outer object", { ok: false, result: null }, { ok: false, result: null }],
    ["result a list → the outer object", { result: ["hold"] }, { result: ["hold"] }],
    ["a list → null", [{ decision: "hold" }], null],
    ["null → null", null, null],
    ["a number → null", 3, null],
  ])("%s", (_label, snapshot, want) => {
    expect(storedDecisionBody(snapshot)).toEqual(want);
  });
});

describe("storedFindings: reasons read loosely, so old rows still show them", () => {
  test("a real decision, both shapes: criterion, label, detail, tier, source, judgment", () => {
    if (!holdOutcome.ok) throw new Error("expected a decision");
    const f = holdOutcome.result.findings[0];
    if (!f) throw new Error("expected a finding");
    const want = [{ criterion: "tachycardia", criterionLabel: "Heart rate high", detail: f.detail, tier: "hold", source: f.source, judgment: true }];
    expect(storedFindings(stored(holdOutcome.result))).toEqual(want);
    expect(storedFindings(stored(holdOutcome))).toEqual(want);
    expect(f.detail).not.toBe("");
  });

  test("an old-shaped snapshot: a missing label reads in the rule sets' words (never the id), missing text '', judgment only when === true", () => {
    const old = {
      decision: "hold",
      findings: [
        { criterion: "sbp-low", tier: "hold" },
        { criterion: "tachycardia", criterionLabel: "", detail: 12, tier: "hold", source: "SPR", judgment: "true" },
        { criterion: "arrhythmia", criterionLabel: "Rhythm", detail: "AF", tier: "hold", source: "DUT", judgment: true },
        { criterionLabel: "no criterion" },
        { criterion: 7 },
        null,
        "sbp-low",
      ],
    };
    expect(storedFindings(old)).toEqual([
      { criterion: "sbp-low", criterionLabel: criterionLabel("sbp-low"), detail: "", tier: "hold", source: "", judgment: false },
      { criterion: "tachycardia", criterionLabel: "Heart rate high", detail: "", tier: "hold", source: "SPR", judgment: false },
      { criterion: "arrhythmia", criterionLabel: "Rhythm", detail: "AF", tier: "hold", source: "DUT", judgment: true },
    ]);
    expect(readStoredDecision(old)).toBeNull();
    expect(criterionLabel("sbp-low")).not.toBe("sbp-low");
  });

  test("a finding stored without its label reads in the words of the rule set the decision names", () => {
    if (!holdOutcome.ok) throw new Error("expected a decision");
    const ruleSet = holdOutcome.result.ruleSet;
    const snapshot = { ruleSet, findings: [{ criterion: "tachycardia", tier: "hold" }, { criterion: "not-a-criterion-anywhere", tier: "hold" }] };
    expect(storedFindings(snapshot).map((f) => f.criterionLabel)).toEqual([criterionLabel("tachycardia", ruleSet), "Not a criterion anywhere"]);
  });

  test.each<[string, unknown]>([
    ["findings not a list", { findings: { criterion: "sbp-low" } }],
    ["no findings", { decision: "give" }],
    ["a stored refusal", stored(decisionSnapshotOf(refusal))],
    ["null", null],
  ])("%s → []", (_label, snapshot) => {
    expect(storedFindings(snapshot)).toEqual([]);
  });
});

describe("storedNeedsAttending", () => {
  test.each<[string, unknown, boolean]>([
    ["a real judgment hold, bare → true", stored(decisionSnapshotOf(holdOutcome)), true],
    ["a real judgment hold, { ok: true, result } → true", stored(holdOutcome), true],
    ["a real give → false", stored(decisionSnapshotOf(giveOutcome)), false],
    ["the string \"true\" → false", { needsAttendingReview: "true" }, false],
    ["1 → false", { needsAttendingReview: 1 }, false],
    ["absent → false", {}, false],
    ["a refusal → false", stored(decisionSnapshotOf(refusal)), false],
    ["null → false", null, false],
  ])("%s", (_label, snapshot, want) => {
    expect(storedNeedsAttending(snapshot)).toBe(want);
  });
});
