// compareProtocols (compare mode, contract 1.1): the request's course, events and assessment judged under both
// default (latest) rule sets, criteria only (order of decision steps 2, 4 and 5; no schedule). Findings are
// computed on every present value whatever its age (each side still reports its own missing and stale), so a side
// that is incomplete still shows what fired; `differences` lists every criterion whose tier differs, a criterion a
// rule set does not have as null on that side, and the combination rule as the row "combination" when it fires on
// one side only. The attending's side-by-side view.
import { assessCriteria, PENDING_STOP_REVIEW, type CriteriaCourse } from "./criteria";
import { approvalsAt, criteriaVerdict, cycleWindowOpen, findingsNeedReview, type EvaluateOptions } from "./evaluate";
import { eventContext } from "./events";
import { CONTRACT_DATA } from "./rule-sets/contract";
import { defaultCompiledRuleSetFor, type CompiledRuleSet } from "./rule-sets/index";
import { computeSchedule, cycleAt } from "./schedule";
import type { CompareOutcome, CompareResult, CriteriaVerdict, Difference } from "./schema";
import { validateRequest, type ValidRequest } from "./validate";
import type { Tier } from "./vocabulary";

/** The id of the combination rule's row in `differences`. */
export const COMBINATION_ROW = "combination";

function verdict(rs: CompiledRuleSet, req: ValidRequest): CriteriaVerdict {
  const rules = rs.criteria;
  // A course limit this side requires but the course does not carry in range (a monotherapy course judged after TIL):
  // judged at the rule set's default and listed in `missing`.
  let course: CriteriaCourse = req.course;
  const missingCourse: string[] = [];
  for (const l of rules.courseLimits) {
    if (l.required === null) continue;
    const v = req.course[l.field];
    if (v === null || v < l.required.min || v > l.required.max) {
      course = { ...course, [l.field]: null };
      missingCourse.push(l.field);
    }
  }
  // The current cycle: cycle 2 from its opening less the early tolerance, else 1 (without the anchor: 1).
  const anchorAt = req.course[rs.schedule.anchor];
  // holds-cumulative is read only while the current cycle's window is open (protocols.md §4, in compare mode too):
  // with an anchor the schedule says so; without one, cycle 1 is taken as open.
  const open = anchorAt === null || cycleWindowOpen(computeSchedule(rs.schedule, anchorAt, req.events, req.now, approvalsAt(req)));
  const streakCycle = rules.readsEvents && open ? (anchorAt === null ? 1 : cycleAt(rs.schedule, anchorAt, req.now)) : null;
  const c = assessCriteria(rules, course, req.assessment, req.now, eventContext(req.events, streakCycle), { ignoreAge: true, missingCourse });
  const decision = criteriaVerdict(c);
  return {
    ruleSet: { id: rs.id, version: rs.version },
    decision,
    findings: c.findings,
    missing: c.missing,
    stale: c.stale,
    notAssessed: c.notAssessed,
    needsAttendingReview: decision === "hold" || decision === "stop" || decision === "discontinue" || findingsNeedReview(c.findings, c.combination.fired),
    combination: c.combination,
    criteriaIds: [...rules.ids],
  };
}

const byCodeUnit = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

export function compareVerdicts(req: ValidRequest): CompareResult {
  const til = verdict(defaultCompiledRuleSetFor("til-adjunct"), req);
  const mono = verdict(defaultCompiledRuleSetFor("monotherapy"), req);
  const tilTier = new Map<string, Tier>(til.findings.map((f) => [f.criterion, f.tier]));
  const monoTier = new Map<string, Tier>(mono.findings.map((f) => [f.criterion, f.tier]));
  if (til.combination.fired !== mono.combination.fired) {
    if (til.combination.fired) tilTier.set(COMBINATION_ROW, "stop");
    else monoTier.set(COMBINATION_ROW, "stop");
  }
  const labels = new Map<string, string>([...mono.findings, ...til.findings].map((f) => [f.criterion, f.criterionLabel]));
  labels.set(COMBINATION_ROW, "Combination rule (hold criteria at once → stop)");
  labels.set(PENDING_STOP_REVIEW, CONTRACT_DATA.pendingStopReview.criterionLabel);
  const ids = [...new Set([...tilTier.keys(), ...monoTier.keys()])].sort(byCodeUnit);
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

/** Validates (without the anchor requirement) and compares. Never throws on bad input. */
export function compareProtocols(input: unknown, options: EvaluateOptions = {}): CompareOutcome {
  const v = validateRequest(input, { compare: true, ruleSets: options.ruleSets });
  if (!v.ok) return { ok: false, error: "invalid-request", issues: v.issues };
  return { ok: true, result: compareVerdicts(v.request) };
}
