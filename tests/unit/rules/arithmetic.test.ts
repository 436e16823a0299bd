// Dose arithmetic (protocols.md §1): doseIu = round(weight × IU/kg); mg = IU × 0.037 / 600,000; mL = IU / 18 MIU;
// vials = ceil(IU / 22 MIU). Exact, half away from zero.
import { describe, expect, test } from "vitest";
import { computeDose, getRuleSet } from "@/lib/rules";
import { decide, tilRequest } from "./fixtures";
import { cmp, fromDecimalString, fromNumber, roundToNumber } from "@/lib/rules/decimal";

describe("computeDose at 600,000 IU/kg", () => {
  test.each([
    ["82.4 kg × 600,000 = 49,440,000 IU = 3.05 mg = 2.75 mL, 3 vials (protocols.md example)", 82.4, 49_440_000, 3.05, 2.75, 3],
    ["80 kg × 600,000 = 48,000,000 IU = 2.96 mg = 2.67 mL, 3 vials", 80, 48_000_000, 2.96, 2.67, 3],
    ["36.6 kg × 600,000 = 21,960,000 IU ≤ 22 MIU → 1 vial; 1.35 mg; 1.22 mL", 36.6, 21_960_000, 1.35, 1.22, 1],
    ["36.7 kg × 600,000 = 22,020,000 IU > 22 MIU → 2 vials", 36.7, 22_020_000, 1.36, 1.22, 2],
    ["80.25 kg → 48,150,000 IU / 18 MIU = 2.675 mL → 2.68 (float toFixed says 2.67)", 80.25, 48_150_000, 2.97, 2.68, 3],
    ["110 kg × 600,000 = 66,000,000 IU = 3 × 22 MIU → exactly 3 vials", 110, 66_000_000, 4.07, 3.67, 3],
    ["0.1 + 0.2 style: 70.3 kg → 42,180,000 IU", 70.3, 42_180_000, 2.6, 2.34, 2],
  ] as const)("%s", (_label, kg, iu, mg, ml, vials) => {
    const d = computeDose(kg, 600_000);
    expect(d).toMatchObject({ doseIu: iu, doseMg: mg, doseMl: ml, vials });
  });

  test("the written-out steps show the arithmetic for the pharmacist", () => {
    const d = computeDose(82.4, 600_000);
    expect(d.steps.doseIu).toBe("round(82.4 kg × 600,000 IU/kg) = 49,440,000 IU");
    expect(d.steps.vials).toBe("ceil(49,440,000 IU ÷ 22,000,000 IU/vial) = 3 vials");
    expect(d.doseMiu).toBe(49.44);
  });

  test("doseIu rounds half away from zero exactly: 1.0000025 kg × 200,000 = 200,000.5 → 200,001 (float gives 200,000.49999999997)", () => {
    expect(computeDose(1.0000025, 200_000).doseIu).toBe(200_001);
    expect(computeDose(1.0000024, 200_000).doseIu).toBe(200_000);
  });

  test("an institution dose per kg is honoured: 80 kg × 500,000 = 40,000,000 IU", () => {
    expect(computeDose(80, 500_000).doseIu).toBe(40_000_000);
  });

  test("non-positive or non-finite inputs are refused", () => {
    expect(() => computeDose(0, 600_000)).toThrow(RangeError);
    expect(() => computeDose(80, Number.NaN)).toThrow(RangeError);
    expect(() => computeDose(Number.POSITIVE_INFINITY, 600_000)).toThrow(RangeError);
  });
});

describe("the decision carries the dose", () => {
  test("TIL 82.4 kg: the dose being decided is 49,440,000 IU = 3.05 mg = 2.75 mL, 3 vials", () => {
    const d = decide(tilRequest({ course: { dosingWeightKg: 82.4, baselineWeightKg: 82.4 }, assessment: { weightKg: 83 } }));
    // Exactly the contract's keys.
    expect(d.dose).toEqual({ number: 3, numberInCycle: 3, cycle: 1, doseIu: 49_440_000, doseMg: 3.05, doseMl: 2.75, vials: 3 });
  });

  test("course.doseIuPerKg overrides the rule set's 600,000", () => {
    const d = decide(tilRequest({ course: { doseIuPerKg: 720_000 } }));
    expect(d.dose?.doseIu).toBe(57_600_000);
  });

  test("the default dose per kg is read from the rule set", () => {
    expect(getRuleSet("til-2024", "1.0.0")?.arithmetic.doseIuPerKg.value).toBe(600_000);
    expect(decide(tilRequest()).dose?.doseIu).toBe(80 * 600_000);
  });
});

describe("exact decimals", () => {
  test.each([
    ["0.1 + 0.2 read as 0.30000000000000004 is above 0.3", fromNumber(0.1 + 0.2), fromDecimalString("0.3"), 1],
    ["82.4 is 824/10 exactly", fromNumber(82.4), fromDecimalString("82.40"), 0],
    ["1e-7 < 0.000001", fromNumber(1e-7), fromDecimalString("0.000001"), -1],
    ["1.5e21 = 1500000000000000000000", fromNumber(1.5e21), fromDecimalString("1500000000000000000000"), 0],
    ["-2.5 < -2.49", fromNumber(-2.5), fromNumber(-2.49), -1],
  ] as const)("%s", (_label, a, b, want) => {
    expect(cmp(a, b)).toBe(want);
  });

  test.each([
    ["2.675 → 2.68", "2.675", 2, 2.68],
    ["3.0488 → 3.05", "3.0488", 2, 3.05],
    ["-1.005 → -1.01 (half away from zero)", "-1.005", 2, -1.01],
    ["0.5 → 1", "0.5", 0, 1],
  ] as const)("round %s", (_label, s, places, want) => {
    expect(roundToNumber(fromDecimalString(s), places)).toBe(want);
  });

  test("malformed decimal strings are refused", () => {
    expect(() => fromDecimalString("1.2.3")).toThrow(RangeError);
    expect(() => fromDecimalString("")).toThrow(RangeError);
    expect(() => fromNumber(Number.NaN)).toThrow(RangeError);
  });
});
