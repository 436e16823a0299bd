// Dose arithmetic (protocols.md §1): doseIu = round(weight × IU/kg); mg = IU × 0.037 / 600,000; mL = IU / 18 MIU;
// vials = ceil(IU / 22 MIU). Exact, half away from zero.
import { describe, expect, test } from "vitest";
import { CONTRACT_DATA, computeDose, dilutionFor, getRuleSet } from "@/lib/rules";
import { decide, monoRequest, tilRequest } from "./fixtures";
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
    // Exactly the contract's keys (1.1: with the dilution fields).
    expect(d.dose).toEqual({
      number: 3, numberInCycle: 3, cycle: 1, doseIu: 49_440_000, doseMg: 3.05, doseMl: 2.75, vials: 3,
      diluentMl: 50, concentrationMgMl: 0.058, concentrationInRange: true, iuPerKgDiffersFromRuleSet: false,
    });
  });

  test.each(["1.0.0", "1.1.0"] as const)("%s: course.doseIuPerKg 720,000 (listed) overrides 600,000, is flagged and needs an attending", (version) => {
    const d = decide(tilRequest({ version, course: { doseIuPerKg: 720_000 } }));
    expect(d.dose).toMatchObject({ doseIu: 57_600_000, iuPerKgDiffersFromRuleSet: true });
    expect(d.decision).toBe("give");
    expect(d.needsAttendingReview).toBe(true);
  });

  test("course.doseIuPerKg 600,000 equals the rule set's default: not flagged", () => {
    const d = decide(monoRequest({ course: { doseIuPerKg: 600_000 } }));
    expect(d.dose?.iuPerKgDiffersFromRuleSet).toBe(false);
    expect(d.needsAttendingReview).toBe(false);
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

describe("dilution (contract 1.1, every version): D5W bag by IU, concentration from the unrounded mg and mL", () => {
  test.each([
    ["25,400,000 IU ≤ 25.4 MIU → 25 mL", 25_400_000, 25],
    ["25,400,001 IU > 25.4 MIU → 50 mL", 25_400_001, 50],
    ["60,000,000 IU ≤ 60 MIU → 50 mL", 60_000_000, 50],
    ["60,000,001 IU > 60 MIU → 100 mL", 60_000_001, 100],
  ] as const)("%s", (_label, iu, ml) => {
    expect(dilutionFor(iu).diluentMl).toBe(ml);
  });

  test("82.4 kg example: 49,440,000 IU → 3.0488 mg ÷ (2.7467 mL + 50 mL) = 0.0578 → 0.058 mg/mL, in range", () => {
    expect(dilutionFor(49_440_000)).toEqual({ diluentMl: 50, concentrationMgMl: 0.058, concentrationInRange: true });
    const d = computeDose(82.4, 600_000);
    expect(d).toMatchObject({ diluentMl: 50, concentrationMgMl: 0.058, concentrationInRange: true });
    expect(d.steps.dilution).toContain("50 mL D5W");
  });

  // In a 25 mL bag c = IU × 37/6e8 ÷ (IU/18e6 + 25): c = 0.030 exactly at 12,500,000 IU.
  // In a 100 mL bag c = 0.070 at 121,153,846.15… IU (no whole IU lands on it).
  test.each([
    ["12,500,000 IU in 25 mL = 0.030 mg/mL exactly → in range", 12_500_000, 0.03, true],
    ["12,499,999 IU in 25 mL = 0.02999999… → below 0.030 (shown 0.030, judged exactly)", 12_499_999, 0.03, false],
    ["121,153,846 IU in 100 mL = 0.0699999… → in range", 121_153_846, 0.07, true],
    ["121,153,847 IU in 100 mL = 0.0700000… → above 0.070", 121_153_847, 0.07, false],
    ["600,000 IU (1 kg) in 25 mL = 0.0015 → out of range", 600_000, 0.001, false],
  ] as const)("%s", (_label, iu, shown, inRange) => {
    const d = dilutionFor(iu);
    expect(d.concentrationMgMl).toBe(shown);
    expect(d.concentrationInRange).toBe(inRange);
  });

  test("a concentration out of range needs an attending whatever the decision (20 kg: 12,000,000 IU → 0.029 mg/mL)", () => {
    const d = decide(tilRequest({ course: { dosingWeightKg: 20, baselineWeightKg: 20 }, assessment: { weightKg: 20, urineOutputMl: 200 } }));
    expect(d.dose).toMatchObject({ doseIu: 12_000_000, diluentMl: 25, concentrationMgMl: 0.029, concentrationInRange: false });
    expect(d.decision).toBe("give");
    expect(d.needsAttendingReview).toBe(true);
  });

  test("the table is contract data with its source", () => {
    expect(CONTRACT_DATA.dilution).toMatchObject({ source: "PI-P", confidence: "stated", concentrationMgMl: { min: 0.03, max: 0.07 } });
    expect(Object.isFrozen(CONTRACT_DATA.dilution.bags)).toBe(true);
  });
});
