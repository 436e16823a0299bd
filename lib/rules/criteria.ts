// Hold criteria (protocols.md §3–4): which required inputs are missing, which values are stale (each by its own
// time and clock), which criteria fire on the values present, and the decision they add up to. Every limit comes
// from the rule set; this file holds only the arithmetic of the derived quantities (mL/h, mL/kg/h, % weight gain)
// and the comparison logic.
import { cmp, displayNumber, div, fromInt, fromNumber, mul, sub, type Rational } from "./decimal";
import { CONTRACT_DATA } from "./rule-sets/contract";
import type { Combination, Finding, ParsedAssessment, ValidAssessment } from "./schema";
import type { CompareCondition, Condition, ConsecutiveHoldsCondition, Criterion, RuleSet, Threshold } from "./rule-sets/schema";
import { MS_PER_MINUTE, toIso } from "./time";
import {
  ASSESSMENT_VALUE_FIELDS, LAB_FIELDS, QUANTITIES, TIER_RANK, type AssessmentField, type AssessmentValueField, type Comparator,
  type CriterionParameter, type EventTier, type Quantity, type Tier,
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
  /** Held events since the last given dose of the current cycle; null = not evaluated (window not open). */
  heldStreak: number | null;
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
  readonly parameter: CriterionParameter;
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
  /** Indexes (in the rule set's criteria) of the criteria whose firing suppresses this one. */
  readonly unlessFired: readonly number[];
  readonly countsTowardCombination: boolean;
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

function compileConsecutiveHolds(cond: ConsecutiveHoldsCondition): (ctx: Ctx) => Fired | null {
  const test = OP_TEST[cond.op];
  return (ctx) => {
    const n = ctx.heldStreak;
    if (n === null || !test(n < cond.limit ? -1 : n > cond.limit ? 1 : 0)) return null;
    return { observed: n, limit: cond.limit, detail: `${fmt(n)} held events since the last given dose of the cycle ${cond.op} ${fmt(cond.limit)} ${cond.unit}` };
  };
}

function compileCondition(cond: Condition, displayDecimals: number): (ctx: Ctx) => Fired | null {
  switch (cond.kind) {
    case "compare":
      return compileCompare(cond, displayDecimals);
    case "consecutive-holds":
      return compileConsecutiveHolds(cond);
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

function parameterOf(cond: Condition): CriterionParameter {
  return cond.kind === "compare" ? QUANTITY_PARAMETER[cond.quantity] : cond.kind === "consecutive-holds" ? "events" : cond.field;
}

/** The assessment fields a quantity is computed from. */
const QUANTITY_INPUTS: Readonly<Record<Quantity, readonly AssessmentValueField[]>> = Object.fromEntries(QUANTITIES.map((q) => [q,
  q === "urineOutputMlPerHour" || q === "urineOutputMlPerKgPerHour" ? ["urineOutputMl", "urineOutputHours"]
  : q === "weightGainPct" ? ["weightKg"] : [q],
])) as unknown as Record<Quantity, readonly AssessmentValueField[]>;

function conditionInputs(cond: Condition | undefined): readonly AssessmentValueField[] {
  if (cond === undefined) return [];
  switch (cond.kind) {
    case "compare": return QUANTITY_INPUTS[cond.quantity];
    case "consecutive-holds": return [];
    case "in": case "true": case "nonempty": return [cond.field];
  }
}

/** Every assessment value a rule set's criteria read, in contract field order. */
export function criterionInputs(rs: Pick<RuleSet, "criteria">): AssessmentValueField[] {
  const used = new Set<AssessmentValueField>();
  for (const c of rs.criteria) for (const t of c.thresholds) for (const f of [...conditionInputs(t.condition), ...conditionInputs(t.judgmentWhen)]) used.add(f);
  return ASSESSMENT_VALUE_FIELDS.filter((f) => used.has(f));
}

export function compileCriteria(rs: RuleSet): CompiledCriterion[] {
  const dd = rs.arithmetic.displayDecimals;
  const index = new Map(rs.criteria.map((c, i) => [c.id, i]));
  return rs.criteria.map((c) => ({
    id: c.id,
    data: c,
    unlessFired: (c.unlessFired ?? []).map((id) => index.get(id) ?? -1).filter((i) => i >= 0),
    countsTowardCombination: c.excludedFromCombination !== true,
    thresholds: c.thresholds.map((t): CompiledThreshold => ({
      tier: t.tier,
      rank: TIER_RANK[t.tier],
      data: t,
      parameter: parameterOf(t.condition),
      unit: t.condition.kind === "compare" || t.condition.kind === "consecutive-holds" ? t.condition.unit : null,
      comparator: t.condition.kind === "compare" || t.condition.kind === "consecutive-holds" ? t.condition.op : null,
      values: t.condition.kind === "in" ? t.condition.values : null,
      test: compileCondition(t.condition, dd),
      judgmentWhen: compileJudgmentWhen(t.judgmentWhen),
    })),
  }));
}

/** A course field a limit is read from, and whether (and in which range) the rule set requires it. */
export interface CourseLimitRule {
  readonly field: "targetSbpMmHg";
  readonly default: number;
  readonly required: { readonly min: number; readonly max: number; readonly label: string } | null;
}

/** What the criteria part of a rule set needs, precompiled once per rule set. */
export interface CriteriaRules {
  readonly criteria: readonly CompiledCriterion[];
  readonly ids: readonly string[];
  readonly required: readonly AssessmentField[];
  /** Values whose freshness is judged (every required value and every criterion input), with their time and clock. */
  readonly judged: readonly { readonly field: AssessmentValueField; readonly lab: boolean; readonly labsClock: boolean }[];
  /** Criterion inputs the rule set does not require: listed in `notAssessed` when not given. */
  readonly optionalInputs: readonly AssessmentValueField[];
  readonly assessmentMaxAgeMs: number;
  readonly labsMaxAgeMs: number;
  readonly urineWindow: { readonly min: number; readonly max: number } | null;
  readonly courseLimits: readonly CourseLimitRule[];
  /** True when a criterion reads the events (holds-cumulative). */
  readonly readsEvents: boolean;
  readonly combinationMin: number;
  readonly combination: RuleSet["combination"]["minHoldCriteria"];
}

const LABS: ReadonlySet<AssessmentValueField> = new Set(LAB_FIELDS);

export function compileCriteriaRules(rs: RuleSet): CriteriaRules {
  const inputs = criterionInputs(rs);
  const required = new Set<AssessmentField>(rs.requiredFields.fields);
  const judgedSet = new Set<AssessmentValueField>([...inputs, ...ASSESSMENT_VALUE_FIELDS.filter((f) => required.has(f))]);
  const limits = new Map<string, CourseLimitRule>();
  for (const c of rs.criteria) {
    for (const t of c.thresholds) {
      const cond = t.condition;
      if (cond.kind !== "compare" || typeof cond.limit === "number") continue;
      const r = cond.limit.required;
      limits.set(cond.limit.courseField, {
        field: cond.limit.courseField, default: cond.limit.default,
        required: r === undefined ? null : { min: r.min, max: r.max, label: r.label },
      });
    }
  }
  return {
    criteria: compileCriteria(rs),
    ids: rs.criteria.map((c) => c.id),
    required: rs.requiredFields.fields,
    judged: ASSESSMENT_VALUE_FIELDS.filter((f) => judgedSet.has(f)).map((field) => ({
      field, lab: LABS.has(field), labsClock: (rs.freshness.labsClockFields?.fields ?? LAB_FIELDS).some((x) => x === field),
    })),
    optionalInputs: inputs.filter((f) => !required.has(f)),
    assessmentMaxAgeMs: rs.freshness.assessmentMaxAgeMinutes.value * MS_PER_MINUTE,
    labsMaxAgeMs: rs.freshness.labsMaxAgeMinutes.value * MS_PER_MINUTE,
    urineWindow: rs.urineOutputWindow === undefined ? null : { min: rs.urineOutputWindow.minHours, max: rs.urineOutputWindow.maxHours },
    courseLimits: [...limits.values()],
    readsEvents: rs.criteria.some((c) => c.parameter === "events"),
    combinationMin: rs.combination.minHoldCriteria.value,
    combination: rs.combination.minHoldCriteria,
  };
}

export type CriteriaDecision = "give" | "hold" | "stop" | "discontinue";

/** What the events say before any assessment is read (events.ts). */
export interface EventContext {
  /** Held events since the last given dose of the current cycle, or null when the cycle's window is not open. */
  heldStreak: number | null;
  /** The latest given-or-held event, when it is a hold: other values observed at or before it are stale. */
  lastHeldAtMs: number | null;
  /** A stop- or discontinue-tier hold not yet reviewed and not followed by a stop (the highest tier, latest first). */
  pendingStop: { tier: Exclude<EventTier, "hold">; atMs: number } | null;
}

export const NO_EVENTS: EventContext = { heldStreak: null, lastHeldAtMs: null, pendingStop: null };

export interface AssessOptions {
  /** Compare mode: findings on every present value whatever its age (stale is still reported). */
  ignoreAge?: boolean;
  /** Course fields to list in `missing` (compare mode: a TIL target the course does not carry). */
  missingCourse?: readonly string[];
}

export interface CriteriaResult {
  missing: string[];
  stale: string[];
  notAssessed: AssessmentValueField[];
  /** Every criterion that fired on the values present and fresh (all present values when ignoring age). */
  findings: Finding[];
  combination: Combination;
  /** The decision the findings add up to; `incomplete` and the schedule are decided by the caller. */
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

const PENDING = CONTRACT_DATA.pendingStopReview;
export const PENDING_STOP_REVIEW = "pending-stop-review";

function pendingFinding(p: NonNullable<EventContext["pendingStop"]>): Finding {
  const iso = toIso(p.atMs);
  return {
    criterion: PENDING_STOP_REVIEW,
    tier: p.tier,
    parameter: "events",
    observed: iso,
    limit: null,
    unit: null,
    source: PENDING.source,
    judgment: false,
    label: PENDING.label,
    criterionLabel: PENDING.criterionLabel,
    comparator: null,
    confidence: PENDING.confidence,
    sources: [...(PENDING.sources ?? [PENDING.source])],
    values: null,
    detail: `held event at ${iso} recorded as ${p.tier}, not yet decided by the attending`,
    note: PENDING.note ?? null,
    alsoFired: [],
  };
}

const present = (v: unknown): boolean => v !== null && v !== undefined;

/**
 * Missing, stale and not-assessed inputs and the findings of one rule set (order of decision, first paragraph and
 * step 2's criteria). Pure; `nowMs` comes from the request.
 */
export function assessCriteria(
  rules: CriteriaRules,
  course: CriteriaCourse,
  assessment: ValidAssessment | null | undefined,
  nowMs: number,
  events: EventContext = NO_EVENTS,
  options: AssessOptions = {},
): CriteriaResult {
  const original = assessment?.values ?? EMPTY_ASSESSMENT;
  const missing: string[] = [];
  for (const f of rules.required) if (!present(original[f])) missing.push(f);
  const uw = rules.urineWindow;
  const hours = original.urineOutputHours;
  // Outside the window the field counts as missing (never give), but the rate is still judged.
  if (uw !== null && hours !== null && hours !== undefined && (hours < uw.min || hours > uw.max) && !missing.includes("urineOutputHours")) {
    missing.push("urineOutputHours");
  }
  if (options.missingCourse !== undefined) missing.push(...options.missingCourse);

  const notAssessed: AssessmentValueField[] = [];
  for (const f of rules.optionalInputs) if (!present(original[f])) notAssessed.push(f);

  // Freshness, value by value: its own observedAt, else labsAt (labs) or at; its clock from the rule set. After a
  // hold, a value on the other clock observed at or before the hold is stale for the held dose.
  let staleAt = false, staleLabsAt = false;
  const staleOwn: AssessmentValueField[] = [];
  let aside: AssessmentValueField[] | null = null;
  const atMs = assessment?.atMs ?? null, labsAtMs = assessment?.labsAtMs ?? null;
  const own = assessment?.observedMs ?? null;
  const heldAt = events.lastHeldAtMs;
  for (const { field: f, lab, labsClock } of rules.judged) {
    const v = original[f];
    if (!present(v)) continue;
    if (f === "permanentEvents" && Array.isArray(v) && v.length > 0) continue; // a permanent event never goes stale
    const ownMs = own === null ? undefined : own[f];
    const t = ownMs ?? (lab ? labsAtMs : atMs);
    if (t === null) continue;
    const tooOld = nowMs - t > (labsClock ? rules.labsMaxAgeMs : rules.assessmentMaxAgeMs);
    if (!tooOld && (labsClock || heldAt === null || t > heldAt)) continue;
    (aside ??= []).push(f);
    if (ownMs !== undefined) staleOwn.push(f);
    else if (lab) staleLabsAt = true;
    else staleAt = true;
  }
  const stale: string[] = [];
  if (staleAt) stale.push("at");
  if (staleLabsAt) stale.push("labsAt");
  stale.push(...staleOwn);

  let a = original;
  if (aside !== null && options.ignoreAge !== true) {
    const copy: Record<string, unknown> = { ...original };
    for (const f of aside) copy[f] = undefined;
    a = copy as ParsedAssessment;
  }

  const ctx: Ctx = { a, course, heldStreak: events.heldStreak, cache: new Array<Rational | null | undefined>(QUANTITIES.length) };
  const n = rules.criteria.length;
  // Sparse: only criteria that fired get an entry (most requests fire none).
  const best: (CompiledThreshold | undefined)[] = [];
  const bestFired: (Fired | undefined)[] = [];
  const others: (CompiledThreshold[] | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const c = rules.criteria[i] as CompiledCriterion;
    let also: CompiledThreshold[] | undefined;
    let b: CompiledThreshold | undefined;
    for (const t of c.thresholds) {
      const fired = t.test(ctx);
      if (fired === null) continue;
      if (b === undefined || t.rank > b.rank) {
        if (b !== undefined) (also ??= []).push(b);
        b = t;
        bestFired[i] = fired;
      } else {
        (also ??= []).push(t);
      }
    }
    if (b !== undefined) { best[i] = b; others[i] = also; }
  }

  const findings: Finding[] = [];
  let top = 0;
  const holdCriteria: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = rules.criteria[i] as CompiledCriterion;
    const b = best[i], fired = bestFired[i];
    if (b === undefined || fired === undefined) continue;
    if (c.unlessFired.some((j) => best[j] !== undefined)) continue;
    findings.push(toFinding(c, b, fired, ctx, others[i] ?? []));
    if (b.rank > top) top = b.rank;
    if (b.tier === "hold" && c.countsTowardCombination) holdCriteria.push(c.id);
  }
  if (events.pendingStop !== null) {
    findings.push(pendingFinding(events.pendingStop));
    top = Math.max(top, TIER_RANK[events.pendingStop.tier]);
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
  return { missing, stale, notAssessed, findings, combination, criteriaDecision };
}
