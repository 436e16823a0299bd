// How the ordered dose is prepared and given, for the pharmacist's two screens (order check, count report). Pure:
// no I/O, no clock. Every number comes from the engine: its dose arithmetic (computeDose, which carries the contract
// 1.1 dilution table) and the course's rule set; nothing here re-decides a bag size or a concentration limit.
import { allowedDoseIuPerKgOf, computeDose, CONTRACT_DATA, type Confidence, type RuleSet, type SourceKey } from "@/lib/rules";

export interface AdministrationFact {
  key: "infusion-time" | "diluent-only" | "flush" | "use-within";
  text: string;
  source: SourceKey;
}

/** Shown, not computed (protocols.md §1, "Administration facts"): PI-P, stated. */
export const ADMINISTRATION_FACTS: readonly AdministrationFact[] = [
  { key: "infusion-time", text: "Infuse over 15 minutes.", source: "PI-P" },
  { key: "diluent-only", text: "Dilute in 5 % dextrose (D5W) only; no in-line filter.", source: "PI-P" },
  { key: "flush", text: "Flush the line with 50 mL D5W before and after the infusion.", source: "PI-P" },
  { key: "use-within", text: "Use reconstituted or diluted drug within 48 hours.", source: "PI-P" },
];

export interface DosePreparation {
  doseIu: number;
  doseMg: number;
  doseMl: number;
  vials: number;
  /** the D5W bag for this dose (engine: contract 1.1 dilution table) */
  diluentMl: number;
  /** doseMg / (doseMl + diluentMl), as the engine rounds it */
  concentrationMgMl: number;
  /** the engine's verdict on the exact concentration against the range below */
  concentrationInRange: boolean;
  /** the range and display decimals the engine judged it by, so the screen can say it without knowing them */
  concentrationRange: { min: number; max: number; decimals: number };
  /** the engine's arithmetic written out: "50 mL D5W; 3.05 mg ÷ (2.75 mL + 50 mL) = 0.058 mg/mL" */
  dilutionStep: string;
  dilutionSource: SourceKey;
  dilutionConfidence: Confidence;
  doseIuPerKg: number;
  /** where the course's dose per kg comes from, when the rule set lists it */
  doseIuPerKgLabel: { label: string; source: SourceKey } | null;
  /** the rule set's default dose per kg */
  ruleSetDoseIuPerKg: number;
  /** the course's dose per kg is not the rule set's default (the engine's `dose.iuPerKgDiffersFromRuleSet`) */
  iuPerKgDiffersFromRuleSet: boolean;
  administration: AdministrationFact[];
}

/** The ordered dose as the engine computes it, with its D5W bag, final concentration and administration facts. */
export function dosePreparation(dosingWeightKg: number, doseIuPerKg: number, ruleSet: RuleSet): DosePreparation {
  const d = computeDose(dosingWeightKg, doseIuPerKg, ruleSet.arithmetic);
  const table = CONTRACT_DATA.dilution;
  const listed = allowedDoseIuPerKgOf(ruleSet).find((a) => a.value === doseIuPerKg);
  return {
    doseIu: d.doseIu,
    doseMg: d.doseMg,
    doseMl: d.doseMl,
    vials: d.vials,
    diluentMl: d.diluentMl,
    concentrationMgMl: d.concentrationMgMl,
    concentrationInRange: d.concentrationInRange,
    concentrationRange: { min: table.concentrationMgMl.min, max: table.concentrationMgMl.max, decimals: table.concentrationDecimals },
    dilutionStep: d.steps.dilution,
    dilutionSource: table.source,
    dilutionConfidence: table.confidence,
    doseIuPerKg,
    doseIuPerKgLabel: listed ? { label: listed.label, source: listed.source } : null,
    ruleSetDoseIuPerKg: ruleSet.arithmetic.doseIuPerKg.value,
    iuPerKgDiffersFromRuleSet: doseIuPerKg !== ruleSet.arithmetic.doseIuPerKg.value,
    administration: ADMINISTRATION_FACTS.map((f) => ({ ...f })),
  };
}
