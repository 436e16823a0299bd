// Dose arithmetic (protocols.md §1), exact: doseIu = round(dosingWeightKg × doseIuPerKg), then mg, mL and vials
// from the rule set's drug facts (PI-P), and (contract 1.1) the D5W bag and final concentration from the
// contract-wide dilution table (rule-sets/contract.ts).
// 82.4 kg → 49,440,000 IU = 3.05 mg = 2.75 mL, 3 vials, 50 mL D5W, 0.058 mg/mL.
import { add, ceilToNumber, cmp, div, fromInt, fromNumber, mul, roundToNumber, type Rational } from "./decimal";
import { CONTRACT_DATA, type ContractData } from "./rule-sets/contract";
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
  /** D5W bag (mL) for this dose (contract 1.1). */
  diluentMl: number;
  /** doseMg / (doseMl + diluentMl) from the unrounded mg and mL, shown to the table's decimals (3). */
  concentrationMgMl: number;
  /** Within the table's range (0.030–0.070 mg/mL, inclusive), judged on the exact value. */
  concentrationInRange: boolean;
  /** The arithmetic written out, for the pharmacist's check. */
  steps: { doseIu: string; doseMg: string; doseMl: string; vials: string; dilution: string };
}

export type DilutionTable = ContractData["dilution"];

export interface Dilution {
  diluentMl: number;
  concentrationMgMl: number;
  concentrationInRange: boolean;
}

interface CompiledDilution {
  readonly table: DilutionTable;
  readonly min: Rational;
  readonly max: Rational;
  readonly diluent: readonly { readonly maxDoseIu: number | null; readonly ml: number; readonly r: Rational }[];
}

function compileDilution(table: DilutionTable): CompiledDilution {
  return {
    table,
    min: fromNumber(table.concentrationMgMl.min),
    max: fromNumber(table.concentrationMgMl.max),
    diluent: table.bags.map((b) => ({ maxDoseIu: b.maxDoseIu, ml: b.diluentMl, r: fromNumber(b.diluentMl) })),
  };
}

const CONTRACT_DILUTION = compileDilution(CONTRACT_DATA.dilution);

function dilutionExact(iuR: Rational, doseIu: number, a: DoseArithmetic, d: CompiledDilution): Dilution {
  const bag = d.diluent.find((b) => b.maxDoseIu === null || doseIu <= b.maxDoseIu) ?? d.diluent[d.diluent.length - 1];
  if (bag === undefined) throw new RangeError("empty dilution table");
  const mg = div(mul(iuR, fromNumber(a.referenceMg.value)), fromInt(a.referenceIu.value));
  const ml = div(iuR, fromInt(a.iuPerMl.value));
  const c = div(mg, add(ml, bag.r));
  return {
    diluentMl: bag.ml,
    concentrationMgMl: roundToNumber(c, d.table.concentrationDecimals),
    concentrationInRange: cmp(c, d.min) >= 0 && cmp(c, d.max) <= 0,
  };
}

/** The D5W bag and final concentration of a dose in IU (protocols.md §1; every rule-set version). */
export function dilutionFor(doseIu: number, arithmetic: DoseArithmetic = DEFAULT_ARITHMETIC, table: DilutionTable = CONTRACT_DATA.dilution): Dilution {
  if (!Number.isSafeInteger(doseIu) || doseIu <= 0) throw new RangeError("doseIu must be a positive whole number");
  return dilutionExact(fromInt(doseIu), doseIu, arithmetic, table === CONTRACT_DATA.dilution ? CONTRACT_DILUTION : compileDilution(table));
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
    ...dilutionExact(iuR, iu, arithmetic, CONTRACT_DILUTION),
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
      dilution: `${fmtInt(d.diluentMl)} mL D5W; ${mg.toFixed(dp)} mg ÷ (${ml.toFixed(dp)} mL + ${fmtInt(d.diluentMl)} mL) = `
        + `${d.concentrationMgMl.toFixed(CONTRACT_DATA.dilution.concentrationDecimals)} mg/mL`
        + `${d.concentrationInRange ? "" : ` (outside ${CONTRACT_DATA.dilution.concentrationMgMl.min.toFixed(CONTRACT_DATA.dilution.concentrationDecimals)}–${CONTRACT_DATA.dilution.concentrationMgMl.max.toFixed(CONTRACT_DATA.dilution.concentrationDecimals)} mg/mL)`}`,
    },
  };
}
