// evaluateDose: one decision for one due dose, in the contract's order of decision —
// 1 course over → complete, 2 not yet allowed → wait, 3 missing/stale → incomplete, 4 criteria.
import { doseNumbers } from "./arithmetic";
import { assessCriteria, type CriteriaResult } from "./criteria";
import type { CompiledRuleSet } from "./rule-sets/index";
import { computeSchedule } from "./schedule";
import type { Dose, DoseDecision, EvaluateOutcome } from "./schema";
import { toIso } from "./time";
import { validateRequest, type ValidRequest } from "./validate";

export interface EvaluateOptions {
  /** Institution rule sets (compileRuleSet) that a request may name besides the defaults. */
  ruleSets?: readonly CompiledRuleSet[];
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

/** The criteria verdict of one rule set: incomplete when required input is missing or stale, else the findings' decision. */
export function criteriaVerdict(c: CriteriaResult): { decision: "give" | "hold" | "stop" | "discontinue" | "incomplete"; needsAttendingReview: boolean } {
  if (c.missing.length > 0 || c.stale.length > 0) return { decision: "incomplete", needsAttendingReview: false };
  const decision = c.criteriaDecision;
  const needsAttendingReview = decision !== "give" || c.findings.some((f) => f.judgment) || c.combination.fired;
  return { decision, needsAttendingReview };
}

export function decide(req: ValidRequest): DoseDecision {
  const rs = req.ruleSet;
  const anchorAt = req.course[rs.schedule.anchor];
  // validateRequest guarantees the anchor outside compare mode.
  const sched = computeSchedule(rs.schedule, anchorAt ?? req.now, req.events, req.now);
  const out = (d: Pick<DoseDecision, "decision" | "reason" | "dose" | "findings" | "missing" | "stale" | "needsAttendingReview" | "combination" | "provisionalFindings">): DoseDecision => ({
    ruleSet: { id: rs.id, version: rs.version },
    protocol: req.protocol,
    now: toIso(req.now),
    decision: d.decision,
    reason: d.reason,
    dose: d.dose,
    counts: sched.counts,
    window: { earliestAt: isoOrNull(sched.window.earliestAt), closesAt: isoOrNull(sched.window.closesAt), dueAt: isoOrNull(sched.window.dueAt) },
    findings: d.findings,
    missing: d.missing,
    stale: d.stale,
    needsAttendingReview: d.needsAttendingReview,
    combination: d.combination,
    provisionalFindings: d.provisionalFindings,
    notes: sched.notes,
  });
  const quiet = { findings: [], missing: [], stale: [], needsAttendingReview: false, combination: null, provisionalFindings: [] };
  if (sched.state.status === "complete") return out({ decision: "complete", reason: sched.state.reason, dose: null, ...quiet });
  const arithmetic = rs.data.arithmetic;
  const amount = doseNumbers(req.course.dosingWeightKg, req.course.doseIuPerKg ?? arithmetic.doseIuPerKg.value, arithmetic);
  const dose: Dose = {
    number: sched.next.number, numberInCycle: sched.next.numberInCycle, cycle: sched.next.cycle,
    doseIu: amount.doseIu, doseMg: amount.doseMg, doseMl: amount.doseMl, vials: amount.vials,
  };
  if (sched.state.status === "wait") return out({ decision: "wait", reason: sched.state.reason, dose, ...quiet });

  const c = assessCriteria(rs.criteria, req.course, req.assessment, req.now);
  const v = criteriaVerdict(c);
  const incomplete = v.decision === "incomplete";
  return out({
    decision: v.decision,
    reason: null,
    dose,
    findings: incomplete ? [] : c.findings,
    missing: c.missing,
    stale: c.stale,
    needsAttendingReview: v.needsAttendingReview,
    combination: incomplete ? null : c.combination,
    // On incomplete data the criteria that already fire are shown, never decided on.
    provisionalFindings: incomplete ? c.findings : [],
  });
}

/** Validates the request and decides. Never throws on bad input: `{ ok: false, error: "invalid-request", issues }`. */
export function evaluateDose(input: unknown, options: EvaluateOptions = {}): EvaluateOutcome {
  const v = validateRequest(input, { ruleSets: options.ruleSets });
  if (!v.ok) return { ok: false, error: "invalid-request", issues: v.issues };
  return { ok: true, result: decide(v.request) };
}
