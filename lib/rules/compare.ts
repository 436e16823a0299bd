// compareProtocols: the request's course and assessment judged under both default rule sets, criteria only
// (order of decision steps 3–4), with the criteria whose tiers differ — the attending's side-by-side view.
import { assessCriteria } from "./criteria";
import { criteriaVerdict, type EvaluateOptions } from "./evaluate";
import { defaultCompiledRuleSetFor, type CompiledRuleSet } from "./rule-sets/index";
import type { CompareOutcome, CompareResult, CriteriaVerdict, Difference } from "./schema";
import { validateRequest, type ValidRequest } from "./validate";
import type { Tier } from "./vocabulary";

function verdict(rs: CompiledRuleSet, req: ValidRequest): CriteriaVerdict {
  const c = assessCriteria(rs.criteria, req.course, req.assessment, req.now);
  const v = criteriaVerdict(c);
  const incomplete = v.decision === "incomplete";
  return {
    ruleSet: { id: rs.id, version: rs.version },
    decision: v.decision,
    findings: incomplete ? [] : c.findings,
    missing: c.missing,
    stale: c.stale,
    needsAttendingReview: v.needsAttendingReview,
    combination: incomplete ? null : c.combination,
    provisionalFindings: incomplete ? c.findings : [],
  };
}

export function compareVerdicts(req: ValidRequest): CompareResult {
  const til = verdict(defaultCompiledRuleSetFor("til-adjunct"), req);
  const mono = verdict(defaultCompiledRuleSetFor("monotherapy"), req);
  const tilTier = new Map<string, Tier>(til.findings.map((f) => [f.criterion, f.tier]));
  const monoTier = new Map<string, Tier>(mono.findings.map((f) => [f.criterion, f.tier]));
  const labels = new Map<string, string>([...mono.findings, ...til.findings].map((f) => [f.criterion, f.criterionLabel]));
  const ids = [...new Set([...tilTier.keys(), ...monoTier.keys()])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const differences: Difference[] = [];
  const criterionLabels: Record<string, string> = {};
  for (const id of ids) {
    const t = tilTier.get(id) ?? null, m = monoTier.get(id) ?? null;
    if (t !== m) {
      differences.push({ criterion: id, tilAdjunct: t, monotherapy: m });
      criterionLabels[id] = labels.get(id) ?? id;
    }
  }
  return { "til-adjunct": til, monotherapy: mono, differences, criterionLabels };
}

/** Validates (without the anchor check) and compares. Never throws on bad input. */
export function compareProtocols(input: unknown, options: EvaluateOptions = {}): CompareOutcome {
  const v = validateRequest(input, { compare: true, ruleSets: options.ruleSets });
  if (!v.ok) return { ok: false, error: "invalid-request", issues: v.issues };
  return { ok: true, result: compareVerdicts(v.request) };
}
