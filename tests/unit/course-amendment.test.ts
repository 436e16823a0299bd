import { describe, expect, test } from "vitest";
import { amendmentOf } from "@/lib/domain/course-amendment";

// A TIL order as stored: Decimal(6,2) weights (any value with an exact toString), SBP target 90 mmHg.
const dec = (s: string) => ({ toString: () => s });
const til = { protocol: "til_adjunct" as const, dosingWeightKg: dec("80.4"), baselineWeightKg: dec("81"), targetSbpMmHg: 90 };
const mono = { ...til, protocol: "monotherapy" as const, targetSbpMmHg: null };
const beforeDoses = { doseEventsRecorded: false, signed: false };
const afterDosesSigned = { doseEventsRecorded: true, signed: true };

describe("amendmentOf: which order values change (empty = unchanged; compared with the stored decimal)", () => {
  test.each([
    ["dosing 80.4 = stored 80.4: nothing", { dosingWeightKg: 80.4 }, []],
    ["dosing 80.41 ≠ 80.4: dosing", { dosingWeightKg: 80.41 }, ["dosingWeightKg"]],
    ["dosing '' (empty): nothing", { dosingWeightKg: "" as const }, []],
    ["baseline 81 = 81: nothing", { baselineWeightKg: 81 }, []],
    ["baseline 82 ≠ 81: baseline", { baselineWeightKg: 82 }, ["baselineWeightKg"]],
    ["target 90 = 90: nothing", { targetSbpMmHg: 90 }, []],
    ["target 100 ≠ 90: target", { targetSbpMmHg: 100 }, ["targetSbpMmHg"]],
    ["target null (empty): nothing", { targetSbpMmHg: null }, []],
    ["all three, typed in any order: named dosing, baseline, target", { targetSbpMmHg: 100, baselineWeightKg: 82, dosingWeightKg: 79 }, ["dosingWeightKg", "baselineWeightKg", "targetSbpMmHg"]],
  ] as const)("%s", (_label, asked, fields) => {
    const got = amendmentOf(til, asked, beforeDoses);
    if (fields.length === 0) expect(got).toEqual({ ok: false, refused: { why: "Nothing to change: the values are the order's current ones." } });
    else expect(got.ok && got.amendment.fields).toEqual(fields);
  });

  test("a monotherapy order has no SBP target: a typed target changes nothing", () => {
    expect(amendmentOf(mono, { targetSbpMmHg: 100 }, beforeDoses)).toMatchObject({ ok: false });
  });

  test("the history row: weights before as stored text and after as text, the target as numbers", () => {
    const got = amendmentOf(til, { dosingWeightKg: 79.5, targetSbpMmHg: 100 }, beforeDoses);
    expect(got).toEqual({
      ok: true,
      amendment: {
        fields: ["dosingWeightKg", "targetSbpMmHg"],
        before: { dosingWeightKg: "80.4", baselineWeightKg: "81", targetSbpMmHg: 90 },
        change: { dosingWeightKg: 79.5, targetSbpMmHg: 100 },
        changes: { dosingWeightKg: { before: "80.4", after: "79.5" }, targetSbpMmHg: { before: 90, after: 100 } },
        sendsBackForVerification: true,
      },
    });
  });
});

describe("amendmentOf: the dosing weight and the signature once a dose event exists", () => {
  test.each([
    ["dosing weight, no dose event: allowed, back to the pharmacist", { dosingWeightKg: 79 }, beforeDoses, { ok: true }],
    ["dosing weight, a dose event, signed: locked", { dosingWeightKg: 79 }, afterDosesSigned, { ok: false, refused: { field: "dosingWeightKg", why: "The dosing weight is locked once a dose event is recorded." } }],
    ["baseline, a dose event, signed: allowed, back to the pharmacist (decision 043)", { baselineWeightKg: 82 }, afterDosesSigned, { ok: true, amendment: { sendsBackForVerification: true } }],
    ["SBP target, a dose event, signed: allowed, back to the pharmacist (decision 043)", { targetSbpMmHg: 100 }, afterDosesSigned, { ok: true, amendment: { sendsBackForVerification: true } }],
    ["baseline, a dose event, unsigned: needs the password", { baselineWeightKg: 82 }, { doseEventsRecorded: true, signed: false }, { ok: false, refused: { field: "password" } }],
    ["baseline, no dose event, unsigned: allowed", { baselineWeightKg: 82 }, beforeDoses, { ok: true }],
    ["dosing weight, a dose event, unsigned: the lock is named first", { dosingWeightKg: 79 }, { doseEventsRecorded: true, signed: false }, { ok: false, refused: { field: "dosingWeightKg" } }],
  ] as const)("%s", (_label, asked, facts, want) => {
    expect(amendmentOf(til, asked, facts)).toMatchObject(want);
  });
});
