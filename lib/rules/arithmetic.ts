// Dose arithmetic (protocols.md §1), exact: doseIu = round(dosingWeightKg × doseIuPerKg), then mg, mL and vials
// from the rule set's drug facts (PI-P). 82.4 kg → 49,440,000 IU = 3.05 mg = 2.75 mL, 3 vials.
import { ceilToNumber, div, fromInt, fromNumber, mul, roundToNumber } from "./decimal";
import type { RuleSet } from "./rule-sets/schema";
import { defaultRuleSetFor } from "./rule-sets/index";

export type DoseArithmetic = Pick<RuleSet["arithmetic"], "referenceIu" | "referenceMg" | "iuPerMl" | "iuPerVial" | "displayDecimals">;

export interface DoseAmount {
  doseIu: number;
  doseMiu: number;
  doseMg: number;
  doseMl: number;
  vials: number;
  doseIuPerKg: number;
  dosingWeightKg: number;
  /** The arithmetic written out, for the pharmacist's check. */
  steps: { doseIu: string; doseMg: string; doseMl: string; vials: string };
}

/** Both default rule sets share the drug facts; this is the default when no rule set is named. */
export const DEFAULT_ARITHMETIC: DoseArithmetic = defaultRuleSetFor("monotherapy").arithmetic;

const GROUPED = new Intl.NumberFormat("en-US");
const fmtInt = (n: number) => (Number.isInteger(n) ? GROUPED.format(n) : String(n));

export type DoseNumbers = Omit<DoseAmount, "steps">;

/** The numbers only (used per evaluation). */
export function doseNumbers(dosingWeightKg: number, doseIuPerKg: number, arithmetic: DoseArithmetic = DEFAULT_ARITHMETIC): DoseNumbers {
  if (!Number.isFinite(dosingWeightKg) || dosingWeightKg <= 0) throw new RangeError("dosingWeightKg must be a positive number");
  if (!Number.isFinite(doseIuPerKg) || doseIuPerKg <= 0) throw new RangeError("doseIuPerKg must be a positive number");
  const dp = arithmetic.displayDecimals;
  const iu = roundToNumber(mul(fromNumber(dosingWeightKg), fromNumber(doseIuPerKg)), 0);
  const iuR = fromInt(iu);
  const mg = roundToNumber(div(mul(iuR, fromNumber(arithmetic.referenceMg.value)), fromInt(arithmetic.referenceIu.value)), dp);
  const ml = roundToNumber(div(iuR, fromInt(arithmetic.iuPerMl.value)), dp);
  const vials = ceilToNumber(div(iuR, fromInt(arithmetic.iuPerVial.value)));
  return {
    doseIu: iu,
    doseMiu: roundToNumber(div(iuR, fromInt(1_000_000)), 6),
    doseMg: mg,
    doseMl: ml,
    vials,
    doseIuPerKg,
    dosingWeightKg,
  };
}

/** The numbers with the arithmetic written out, for the pharmacist's screen. */
export function computeDose(dosingWeightKg: number, doseIuPerKg: number, arithmetic: DoseArithmetic = DEFAULT_ARITHMETIC): DoseAmount {
  const d = doseNumbers(dosingWeightKg, doseIuPerKg, arithmetic);
  const dp = arithmetic.displayDecimals;
  const { doseIu: iu, doseMg: mg, doseMl: ml, vials } = d;
  return {
    ...d,
    steps: {
      doseIu: `round(${dosingWeightKg} kg × ${fmtInt(doseIuPerKg)} IU/kg) = ${fmtInt(iu)} IU`,
      doseMg: `${fmtInt(iu)} IU × ${arithmetic.referenceMg.value} mg ÷ ${fmtInt(arithmetic.referenceIu.value)} IU = ${mg.toFixed(dp)} mg`,
      doseMl: `${fmtInt(iu)} IU ÷ ${fmtInt(arithmetic.iuPerMl.value)} IU/mL = ${ml.toFixed(dp)} mL`,
      vials: `ceil(${fmtInt(iu)} IU ÷ ${fmtInt(arithmetic.iuPerVial.value)} IU/vial) = ${vials} vials`,
    },
  };
}
