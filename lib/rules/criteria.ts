// Hold criteria (protocols.md §3–4): which required inputs are missing or stale, which criteria fire, and the
// decision they add up to. Every limit comes from the rule set; this file holds only the arithmetic of the
// derived quantities (mL/h, mL/kg/h, % weight gain) and the comparison logic.
import { cmp, displayNumber, div, fromInt, fromNumber, mul, sub, type Rational } from "./decimal";
import type { Combination, Finding, ParsedAssessment, ValidAssessment } from "./schema";
import type { CompareCondition, Condition, Criterion, RuleSet, Threshold } from "./rule-sets/schema";
import { MS_PER_MINUTE } from "./time";
import {
  QUANTITIES, TIER_RANK, type AssessmentField, type Comparator, type Quantity, type Tier,
} from "./vocabulary";

export interface CriteriaCourse {
  dosingWeightKg: number;
  baselineWeightKg: number;
  targetSbpMmHg?: number | null | undefined;
}

/** Per-evaluation inputs, with a cache of exact quantities. */
interface Ctx {
  a: ParsedAssessment;
  course: CriteriaCourse;
  /** Exact quantities by QUANTITY_INDEX; undefined = not computed yet. */
  cache: (Rational | null | undefined)[];
}

const HUNDRED = fromInt(100);

/** Which assessment field a quantity is read from, for `finding.parameter`. */
const QUANTITY_PARAMETER: Readonly<Record<Quantity, AssessmentField>> = {
  sbpMmHg: "sbpMmHg", heartRateBpm: "heartRateBpm", spo2Pct: "spo2Pct", oxygenLpm: "oxygenLpm",
  urineOutputMl: "urineOutputMl", urineOutputHours: "urineOutputHours", weightKg: "weightKg",
  phenylephrineMcgKgMin: "phenylephrineMcgKgMin", phenylephrinePeakMcgKgMin: "phenylephrinePeakMcgKgMin",
  creatinineMgDl: "creatinineMgDl", plateletsPerUl: "plateletsPerUl", bilirubinMgDl: "bilirubinMgDl",
  bicarbonateMmolL: "bicarbonateMmolL", temperatureC: "temperatureC",
  urineOutputMlPerHour: "urineOutputMl", urineOutputMlPerKgPerHour: "urineOutputMl", weightGainPct: "weightKg",
};

function num(v: number | null | undefined): Rational | null {
  return v === null || v === undefined ? null : fromNumber(v);
}

const QUANTITY_INDEX = Object.fromEntries(QUANTITIES.map((q, i) => [q, i])) as Readonly<Record<Quantity, number>>;

function quantity(ctx: Ctx, q: Quantity, qi: number): Rational | null {
  const hit = ctx.cache[qi];
  if (hit !== undefined) return hit;
  const a = ctx.a;
  let r: Rational | null;
  if (q === "urineOutputMlPerHour") {
    const ml = num(a.urineOutputMl), h = num(a.urineOutputHours);
    r = ml === null || h === null ? null : div(ml, h);
  } else if (q === "urineOutputMlPerKgPerHour") {
    // Per kg of the locked dosing weight, never the daily weight (protocols.md §1).
    const ml = num(a.urineOutputMl), h = num(a.urineOutputHours);
    r = ml === null || h === null ? null : div(ml, mul(h, fromNumber(ctx.course.dosingWeightKg)));
  } else if (q === "weightGainPct") {
    const w = num(a.weightKg), base = fromNumber(ctx.course.baselineWeightKg);
    r = w === null ? null : div(mul(sub(w, base), HUNDRED), base);
  } else {
    r = num(a[q]);
  }
  ctx.cache[qi] = r;
  return r;
}

const fmt = String;

interface Fired {
  observed: Finding["observed"];
  limit: number | null;
  detail: string;
}

interface CompiledThreshold {
  readonly tier: Tier;
  readonly rank: number;
  readonly data: Threshold;
  readonly parameter: AssessmentField;
  readonly unit: string | null;
  readonly comparator: Comparator | null;
  readonly values: readonly string[] | null;
  readonly test: (ctx: Ctx) => Fired | null;
  readonly judgmentWhen: ((ctx: Ctx) => boolean) | null;
}

export interface CompiledCriterion {
  readonly id: string;
  readonly data: Criterion;
  readonly thresholds: readonly CompiledThreshold[];
}

function limitOf(cond: CompareCondition, ctx: Ctx): { r: Rational; n: number } | null {
  const l = cond.limit;
  if (typeof l === "number") return null; // precompiled
  const v = ctx.course[l.courseField] ?? l.default;
  return { r: fromNumber(v), n: v };
}

function describe(q: Quantity, ctx: Ctx, shown: number, unit: string): string {
  const a = ctx.a;
  if (q === "urineOutputMlPerHour") {
    return `${fmt(a.urineOutputMl ?? 0)} mL ÷ ${fmt(a.urineOutputHours ?? 0)} h = ${fmt(shown)} ${unit}`;
  }
  if (q === "urineOutputMlPerKgPerHour") {
    return `${fmt(a.urineOutputMl ?? 0)} mL ÷ ${fmt(a.urineOutputHours ?? 0)} h ÷ ${fmt(ctx.course.dosingWeightKg)} kg (dosing weight) = ${fmt(shown)} ${unit}`;
  }
  if (q === "weightGainPct") {
    return `(${fmt(a.weightKg ?? 0)} kg − ${fmt(ctx.course.baselineWeightKg)} kg) ÷ ${fmt(ctx.course.baselineWeightKg)} kg × 100 = ${fmt(shown)} ${unit}`;
  }
  return `${q} ${fmt(shown)} ${unit}`;
}

/** The comparison as written in the rule set, on the sign of observed − limit. */
const OP_TEST: Readonly<Record<Comparator, (c: -1 | 0 | 1) => boolean>> = {
  "<": (c) => c < 0, "<=": (c) => c <= 0, ">": (c) => c > 0, ">=": (c) => c >= 0,
};

function compileCompare(cond: CompareCondition, displayDecimals: number): (ctx: Ctx) => Fired | null {
  const fixed = typeof cond.limit === "number" ? { r: fromNumber(cond.limit), n: cond.limit } : null;
  const derived = QUANTITY_PARAMETER[cond.quantity] !== cond.quantity;
  const qi = QUANTITY_INDEX[cond.quantity];
  const test = OP_TEST[cond.op];
  return (ctx) => {
    const v = quantity(ctx, cond.quantity, qi);
    if (v === null) return null;
    const lim = fixed ?? limitOf(cond, ctx);
    if (lim === null) return null;
    if (!test(cmp(v, lim.r))) return null;
    const observed = derived ? displayNumber(v, displayDecimals, lim.r) : (ctx.a[QUANTITY_PARAMETER[cond.quantity]] as number);
    return {
      observed,
      limit: lim.n,
      detail: `${describe(cond.quantity, ctx, observed, cond.unit)} ${cond.op} ${fmt(lim.n)} ${cond.unit}`,
    };
  };
}

function compileCondition(cond: Condition, displayDecimals: number): (ctx: Ctx) => Fired | null {
  switch (cond.kind) {
    case "compare":
      return compileCompare(cond, displayDecimals);
    case "in": {
      const set = new Set<string>(cond.values);
      return (ctx) => {
        const v = ctx.a[cond.field];
        return v === null || v === undefined || !set.has(v) ? null
          : { observed: v, limit: null, detail: `${cond.field} is ${v}` };
      };
    }
    case "true":
      // Absent means false (docs/decisions/013-request-validation.md).
      return (ctx) => (ctx.a[cond.field] === true ? { observed: true, limit: null, detail: `${cond.field} is true` } : null);
    case "nonempty":
      return (ctx) => {
        const list = ctx.a[cond.field];
        return list === null || list === undefined || list.length === 0 ? null
          : { observed: [...list], limit: null, detail: `${cond.field}: ${list.join(", ")}` };
      };
  }
}

function compileJudgmentWhen(cond: CompareCondition | undefined): ((ctx: Ctx) => boolean) | null {
  if (cond === undefined) return null;
  const test = compileCompare(cond, 0);
  return (ctx) => test(ctx) !== null;
}

function parameterOf(cond: Condition): AssessmentField {
  return cond.kind === "compare" ? QUANTITY_PARAMETER[cond.quantity] : cond.field;
}

export function compileCriteria(rs: RuleSet): CompiledCriterion[] {
  const dd = rs.arithmetic.displayDecimals;
  return rs.criteria.map((c) => ({
    id: c.id,
    data: c,
    thresholds: c.thresholds.map((t): CompiledThreshold => ({
      tier: t.tier,
      rank: TIER_RANK[t.tier],
      data: t,
      parameter: parameterOf(t.condition),
      unit: t.condition.kind === "compare" ? t.condition.unit : null,
      comparator: t.condition.kind === "compare" ? t.condition.op : null,
      values: t.condition.kind === "in" ? t.condition.values : null,
      test: compileCondition(t.condition, dd),
      judgmentWhen: compileJudgmentWhen(t.judgmentWhen),
    })),
  }));
}

/** What the criteria part of a rule set needs, precompiled once per rule set. */
export interface CriteriaRules {
  readonly criteria: readonly CompiledCriterion[];
  readonly required: readonly AssessmentField[];
  readonly assessmentMaxAgeMs: number;
  readonly labsMaxAgeMs: number;
  readonly combinationMin: number;
  readonly combination: RuleSet["combination"]["minHoldCriteria"];
}

export function compileCriteriaRules(rs: RuleSet): CriteriaRules {
  return {
    criteria: compileCriteria(rs),
    required: rs.requiredFields.fields,
    assessmentMaxAgeMs: rs.freshness.assessmentMaxAgeMinutes.value * MS_PER_MINUTE,
    labsMaxAgeMs: rs.freshness.labsMaxAgeMinutes.value * MS_PER_MINUTE,
    combinationMin: rs.combination.minHoldCriteria.value,
    combination: rs.combination.minHoldCriteria,
  };
}

export type CriteriaDecision = "give" | "hold" | "stop" | "discontinue";

export interface CriteriaResult {
  missing: AssessmentField[];
  stale: ("at" | "labsAt")[];
  /** Criteria that fired on the data present (all of them when nothing is missing or stale). */
  findings: Finding[];
  combination: Combination;
  /** The decision the findings add up to; `incomplete` is decided by the caller from missing/stale. */
  criteriaDecision: CriteriaDecision;
}

const EMPTY_ASSESSMENT: ParsedAssessment = {};

function isJudgment(t: CompiledThreshold, ctx: Ctx): boolean {
  return t.data.confidence === "judgment" || (t.judgmentWhen !== null && t.judgmentWhen(ctx));
}

function toFinding(c: CompiledCriterion, t: CompiledThreshold, f: Fired, ctx: Ctx, also: CompiledThreshold[]): Finding {
  const d = t.data;
  return {
    criterion: c.id,
    tier: t.tier,
    parameter: t.parameter,
    observed: f.observed,
    limit: f.limit,
    unit: t.unit,
    source: d.source,
    judgment: isJudgment(t, ctx),
    label: d.label,
    criterionLabel: c.data.label,
    comparator: t.comparator,
    confidence: d.confidence,
    sources: d.sources ?? [d.source],
    values: t.values === null ? null : [...t.values],
    detail: f.detail,
    note: d.note ?? c.data.note ?? null,
    alsoFired: also.map((o) => ({ tier: o.tier, label: o.data.label })),
  };
}

/** Steps 3–4 of the order of decision, for one rule set. Pure; `nowMs` comes from the request. */
export function assessCriteria(
  rules: CriteriaRules,
  course: CriteriaCourse,
  assessment: ValidAssessment | null | undefined,
  nowMs: number,
): CriteriaResult {
  const a = assessment?.values ?? EMPTY_ASSESSMENT;
  const missing: AssessmentField[] = [];
  for (const f of rules.required) {
    const v = a[f];
    if (v === null || v === undefined) missing.push(f);
  }
  const stale: ("at" | "labsAt")[] = [];
  // Fresh means taken at most N minutes before now: an age of exactly N is still fresh.
  const atMs = assessment?.atMs ?? null, labsAtMs = assessment?.labsAtMs ?? null;
  if (atMs !== null && nowMs - atMs > rules.assessmentMaxAgeMs) stale.push("at");
  if (labsAtMs !== null && nowMs - labsAtMs > rules.labsMaxAgeMs) stale.push("labsAt");

  const ctx: Ctx = { a, course, cache: new Array<Rational | null | undefined>(QUANTITIES.length) };
  const findings: Finding[] = [];
  let top = 0;
  const holdCriteria: string[] = [];
  for (const c of rules.criteria) {
    let best: CompiledThreshold | null = null;
    let bestFired: Fired | null = null;
    const others: CompiledThreshold[] = [];
    for (const t of c.thresholds) {
      const fired = t.test(ctx);
      if (fired === null) continue;
      if (best === null || t.rank > best.rank) {
        if (best !== null) others.push(best);
        best = t;
        bestFired = fired;
      } else {
        others.push(t);
      }
    }
    if (best === null || bestFired === null) continue;
    findings.push(toFinding(c, best, bestFired, ctx, others));
    if (best.rank > top) top = best.rank;
    if (best.tier === "hold") holdCriteria.push(c.id);
  }
  const comboFired = holdCriteria.length >= rules.combinationMin;
  const combination: Combination = {
    holdCriteria,
    threshold: rules.combinationMin,
    fired: comboFired,
    label: rules.combination.label,
    source: rules.combination.source,
    confidence: rules.combination.confidence,
    judgment: rules.combination.confidence === "judgment",
  };
  let criteriaDecision: CriteriaDecision =
    top >= TIER_RANK.discontinue ? "discontinue" : top >= TIER_RANK.stop ? "stop" : top >= TIER_RANK.hold ? "hold" : "give";
  if (comboFired && criteriaDecision === "hold") criteriaDecision = "stop";
  return { missing, stale, findings, combination, criteriaDecision };
}
