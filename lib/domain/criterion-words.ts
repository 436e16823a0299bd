// The two word rules that the lowest domain modules need (lib/domain/stored-decision.ts reads stored findings): a
// criterion id in the rule set's words, and words for a key nobody has named. Kept apart from vocabulary.ts, which
// re-exports them, because vocabulary.ts reads the review policy (lib/domain/review.ts), which reads stored
// decisions: importing vocabulary.ts from stored-decision.ts would be a cycle. Pure and client-safe.
import { ALL_RULE_SETS, CONTRACT_DATA, PENDING_STOP_REVIEW, getRuleSet, type RuleSet } from "@/lib/rules";

/**
 * Last resort for a key nobody has named yet (a new action, a future enum value): words, never the key itself —
 * "urine-output-low" → "Urine output low", "sbpMmHg" → "Sbp mm hg", "entered_in_error" → "Entered in error".
 * A key that reaches this is a gap: tests/unit/vocabulary.test.ts proves every known key has its own label.
 */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[-_.]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words.replace(/^./, (c) => c.toUpperCase()) : "—";
}

const COMBINATION_WORDS = "Combination of hold criteria";

/** The criterion ids and labels of every shipped rule set, newest version last (a later label wins by id). */
function labelsOf(ruleSets: readonly RuleSet[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const rs of ruleSets) for (const c of rs.criteria) out.set(c.id, c.label);
  return out;
}
const SHIPPED_CRITERION_LABELS = labelsOf(ALL_RULE_SETS);

/**
 * A criterion id in words: the label the rule set gives it (the course's own rule set when named), the contract's
 * label for a recorded stop awaiting review, "Combination of hold criteria" for the combination rule.
 */
export function criterionLabel(id: string, ruleSet?: { id: string; version: string }): string {
  if (id === PENDING_STOP_REVIEW) return CONTRACT_DATA.pendingStopReview.criterionLabel;
  if (id === "combination") return COMBINATION_WORDS;
  const own = ruleSet ? getRuleSet(ruleSet.id, ruleSet.version)?.criteria.find((c) => c.id === id)?.label : undefined;
  return own ?? SHIPPED_CRITERION_LABELS.get(id) ?? humanize(id);
}
