// evaluateDose: one decision for one due dose, in the order of decision of contract 1.1 (engine-contract.md), for
// every rule-set version. First every criterion is evaluated on the values present and fresh (and on the events),
// whatever the decision turns out to be; then 1 course over → complete, 2 discontinue / stop (a stop-tier finding,
// the combination rule, a pending stop review), 3 not yet allowed → wait, 4 missing/stale → incomplete,
// 5 hold or give.
import { cachedDoseNumbers } from "./dose-cache";
import { assessCriteria, type CriteriaResult } from "./criteria";
import { eventContext } from "./events";
import type { CompiledRuleSet } from "./rule-sets/index";
import { computeSchedule, cycleAt, type ScheduleResult } from "./schedule";
import type { Dose, DoseDecision, EvaluateOutcome, Finding } from "./schema";
import type { Decision } from "./vocabulary";
import { toIso } from "./time";
import { validateRequest, type ValidRequest } from "./validate";

export interface EvaluateOptions {
  /** Institution rule sets (compileRuleSet) that a request may name besides the shipped ones. */
  ruleSets?: readonly CompiledRuleSet[];
}

const isoOrNull = (ms: number | null): string | null => (ms === null ? null : toIso(ms));

export type CriteriaOnlyDecision = "give" | "hold" | "stop" | "discontinue" | "incomplete";

/** Steps 2, 4 and 5 of the order of decision: what the criteria say about a dose that is allowed now. */
export function criteriaVerdict(c: CriteriaResult): CriteriaOnlyDecision {
  const d = c.criteriaDecision;
  if (d === "discontinue" || d === "stop") return d;
  if (c.missing.length > 0 || c.stale.length > 0) return "incomplete";
  return d;
}

/** Contract 1.1: a stop/discontinue-tier or judgment finding needs an attending, whatever the decision. */
export function findingsNeedReview(findings: readonly Finding[], comboFired: boolean): boolean {
  return comboFired || findings.some((f) => f.judgment || f.tier !== "hold");
}

/** Whether the events' criteria (holds-cumulative) are read: only while the current cycle's window is open. */
export function cycleWindowOpen(s: ScheduleResult): boolean {
  return s.state.status === "open" || (s.state.status === "wait" && s.state.reason === "interval");
}

/** The attending's go-ahead counts from its own time: an approval dated after `now` is not yet given. */
export function approvalsAt(req: ValidRequest): { cycle2ApprovedAt: number | null } {
  const at = req.course.cycle2ApprovedAt;
  return { cycle2ApprovedAt: at !== null && at <= req.now ? at : null };
}

export function decide(req: ValidRequest): DoseDecision {
  const rs = req.ruleSet;
  const anchorAt = req.course[rs.schedule.anchor] ?? req.now; // validateRequest guarantees the anchor outside compare mode
  const sched = computeSchedule(rs.schedule, anchorAt, req.events, req.now, approvalsAt(req));
  const streakCycle = rs.criteria.readsEvents && cycleWindowOpen(sched) ? cycleAt(rs.schedule, anchorAt, req.now) : null;
  const c = assessCriteria(rs.criteria, req.course, req.assessment, req.now, eventContext(req.events, streakCycle));

  let dose: Dose | null = null;
  if (sched.state.status !== "complete") {
    const arithmetic = rs.data.arithmetic;
    const perKg = req.course.doseIuPerKg ?? arithmetic.doseIuPerKg.value;
    const amount = cachedDoseNumbers(req.course.dosingWeightKg, perKg, arithmetic);
    dose = {
      number: sched.next.number, numberInCycle: sched.next.numberInCycle, cycle: sched.next.cycle,
      doseIu: amount.doseIu, doseMg: amount.doseMg, doseMl: amount.doseMl, vials: amount.vials,
      diluentMl: amount.diluentMl, concentrationMgMl: amount.concentrationMgMl, concentrationInRange: amount.concentrationInRange,
      iuPerKgDiffersFromRuleSet: perKg !== arithmetic.doseIuPerKg.value,
    };
  }

  let decision: Decision;
  let reason: DoseDecision["reason"] = null;
  const st = sched.state;
  if (st.status === "complete") {
    decision = "complete";
    reason = st.reason;
  } else if (c.criteriaDecision === "discontinue" || c.criteriaDecision === "stop") {
    decision = c.criteriaDecision; // the combination rule is folded into criteriaDecision
  } else if (st.status === "wait") {
    decision = "wait";
    reason = st.reason;
  } else {
    decision = criteriaVerdict(c);
  }

  const needsAttendingReview =
    decision === "hold" || decision === "stop" || decision === "discontinue"
    || findingsNeedReview(c.findings, c.combination.fired)
    || ((st.status === "complete" || st.status === "wait") && st.endedWithoutGiven === true)
    || (dose !== null && (dose.iuPerKgDiffersFromRuleSet || !dose.concentrationInRange));

  return {
    ruleSet: { id: rs.id, version: rs.version },
    protocol: req.protocol,
    now: toIso(req.now),
    decision,
    reason,
    dose,
    counts: sched.counts,
    window: { earliestAt: isoOrNull(sched.window.earliestAt), closesAt: isoOrNull(sched.window.closesAt), dueAt: isoOrNull(sched.window.dueAt) },
    findings: c.findings,
    missing: c.missing,
    stale: c.stale,
    notAssessed: c.notAssessed,
    needsAttendingReview,
    combination: c.combination,
    notes: sched.notes,
  };
}

/** Validates the request and decides. Never throws on bad input: `{ ok: false, error: "invalid-request", issues }`. */
export function evaluateDose(input: unknown, options: EvaluateOptions = {}): EvaluateOutcome {
  const v = validateRequest(input, { ruleSets: options.ruleSets });
  if (!v.ok) return { ok: false, error: "invalid-request", issues: v.issues };
  return { ok: true, result: decide(v.request) };
}
