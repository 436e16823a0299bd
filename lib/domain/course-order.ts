// What an order may hold, read from the rule set it records: the dose-per-kg choices and the TIL SBP target's
// bounds (protocols.md §1 "Dose per kg", §4 `sbp-low`). One home for the schemas, the actions and the forms.
// Pure: no I/O, no clock.
import { allowedDoseIuPerKgOf, getRuleSet, latestRuleSetFor, newerRuleSetVersion, type Protocol, type RuleSet } from "@/lib/rules";

export interface DoseIuPerKgOption {
  value: number;
  /** the rule set's words, e.g. "720,000 IU/kg (NCI TIL protocols)" */
  label: string;
}

/** The rule set a new course of this protocol records: the latest version. */
export function ruleSetForNewCourse(protocol: Protocol): RuleSet {
  return latestRuleSetFor(protocol);
}

/** The dose-per-kg values the rule set lists, in its order (contract 1.1: any other is refused). */
export function doseIuPerKgOptions(ruleSet: RuleSet): DoseIuPerKgOption[] {
  return ENGINE.doseIuPerKgOptions(ruleSet);
}

export function defaultDoseIuPerKg(ruleSet: RuleSet): number {
  return ruleSet.arithmetic.doseIuPerKg.value;
}

export function isListedDoseIuPerKg(ruleSet: RuleSet, value: number): boolean {
  return doseIuPerKgOptions(ruleSet).some((o) => o.value === value);
}

export interface TargetSbpBounds {
  min: number;
  max: number;
  /** the rule set's source key for the bounds */
  source: string;
}

/**
 * The TIL SBP target's bounds. The order and its amendments hold every TIL target to the strictest bounds of any
 * version (1.1.0: 90–140, never looser than monotherapy), so a course can always be moved to the newer version.
 */
export function targetSbpBounds(): TargetSbpBounds {
  return ENGINE.targetSbpBounds(latestRuleSetFor("til-adjunct"));
}

/** Whether this rule set refuses a TIL request without a target or with one outside its bounds (1.1.0: yes). */
export function requiresTargetSbp(ruleSet: RuleSet): boolean {
  return ENGINE.requiresTargetSbp(ruleSet);
}

export type NewerVersion = { id: string; version: string; ruleSet: RuleSet };

/** The newer version of the course's rule set, if one exists and loads. */
export function newerVersionOf(ruleSetId: string, ruleSetVersion: string): NewerVersion | null {
  const newer = newerRuleSetVersion(ruleSetId, ruleSetVersion);
  if (!newer) return null;
  const ruleSet = getRuleSet(newer.id, newer.version);
  return ruleSet ? { id: newer.id, version: newer.version, ruleSet } : null;
}

/**
 * Why a course cannot move to `target` as it stands, in one sentence, or null. A TIL course under 1.1.0 needs a
 * target within the bounds; a dose per kg the new version does not list would be refused by the engine.
 */
export function moveBlocker(
  course: { protocol: Protocol; targetSbpMmHg: number | null; doseIuPerKg: number },
  target: NewerVersion,
): { field: "targetSbpMmHg" | "doseIuPerKg"; message: string } | null {
  if (course.protocol === "til-adjunct" && requiresTargetSbp(target.ruleSet)) {
    const b = ENGINE.targetSbpBounds(target.ruleSet);
    const t = course.targetSbpMmHg;
    if (t === null || t < b.min || t > b.max) {
      return {
        field: "targetSbpMmHg",
        message: `Rule set ${target.id} version ${target.version} needs an SBP target of ${b.min}–${b.max} mmHg; this course's target is ${t === null ? "not set" : `${t} mmHg`}. Amend the target first, then move the course.`,
      };
    }
  }
  if (!isListedDoseIuPerKg(target.ruleSet, course.doseIuPerKg)) {
    return { field: "doseIuPerKg", message: `Rule set ${target.id} version ${target.version} does not list ${course.doseIuPerKg.toLocaleString("en-US")} IU/kg: this course cannot be moved.` };
  }
  return null;
}

// ---- how these facts are read from the engine's rule-set data (the one place that knows its shape)

type RequiredLimit = { min: number; max: number; source: string };

/** The `required` range of the TIL `sbp-low` limit (1.1.0), or null when the rule set has a default instead. */
function requiredTargetOf(ruleSet: RuleSet): RequiredLimit | null {
  for (const c of ruleSet.criteria) {
    for (const t of c.thresholds) {
      const cond = t.condition;
      if (cond.kind !== "compare" || typeof cond.limit !== "object" || cond.limit.courseField !== "targetSbpMmHg") continue;
      const r = cond.limit.required;
      if (r) return { min: r.min, max: r.max, source: r.source };
    }
  }
  return null;
}

const ENGINE = {
  doseIuPerKgOptions(ruleSet: RuleSet): { value: number; label: string }[] {
    return allowedDoseIuPerKgOf(ruleSet).map((o) => ({ value: o.value, label: o.label }));
  },
  targetSbpBounds(ruleSet: RuleSet): TargetSbpBounds {
    const r = requiredTargetOf(ruleSet);
    if (!r) throw new Error(`rule set ${ruleSet.id}@${ruleSet.version} states no bounds for the SBP target`);
    return r;
  },
  requiresTargetSbp(ruleSet: RuleSet): boolean {
    return requiredTargetOf(ruleSet) !== null;
  },
};

