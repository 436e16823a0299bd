// The rule-set registry. Each rule set is validated with RuleSetSchema once, when it is loaded; a malformed
// rule set is refused (the defaults are checked at module load, so a bad edit fails every test and the build).
import { compileCriteriaRules, type CriteriaRules } from "../criteria";
import { compileSchedule, type ScheduleRules } from "../schedule";
import type { Confidence, Protocol, SourceKey } from "../vocabulary";
import { CONTRACT_DATA } from "./contract";
import { MONO_2014 } from "./mono-2014";
import { MONO_2014_1_1_0 } from "./mono-2014-1.1.0";
import { RuleSetSchema, type RuleSet } from "./schema";
import { TIL_2024 } from "./til-2024";
import { TIL_2024_1_1_0 } from "./til-2024-1.1.0";

export interface CompiledRuleSet {
  readonly id: string;
  readonly version: string;
  readonly protocol: Protocol;
  readonly data: RuleSet;
  readonly criteria: CriteriaRules;
  readonly schedule: ScheduleRules;
}

export interface RuleSetIssue { path: string; message: string }

function deepFreeze<T>(o: T): T {
  if (o !== null && typeof o === "object" && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** Validates and precompiles a rule set (for example an institution's own version). */
export function compileRuleSet(input: unknown): { ok: true; ruleSet: CompiledRuleSet } | { ok: false; issues: RuleSetIssue[] } {
  const parsed = RuleSetSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) };
  }
  const data = deepFreeze(parsed.data);
  return {
    ok: true,
    ruleSet: Object.freeze({
      id: data.id,
      version: data.version,
      protocol: data.protocol,
      data,
      criteria: compileCriteriaRules(data),
      schedule: compileSchedule(data),
    }),
  };
}

function mustCompile(input: unknown): CompiledRuleSet {
  const r = compileRuleSet(input);
  if (!r.ok) throw new Error(`malformed default rule set: ${r.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
  return r.ruleSet;
}

/** Every shipped (id, version), oldest first per id. A course always sends the version it recorded. */
const SHIPPED: readonly CompiledRuleSet[] = [
  mustCompile(MONO_2014), mustCompile(MONO_2014_1_1_0), mustCompile(TIL_2024), mustCompile(TIL_2024_1_1_0),
];

/** -1, 0 or 1 as MAJOR.MINOR.PATCH version a is older, equal or newer than b (numeric per part). */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const pa = a.split(".").map(Number), pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? 0, y = pb[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

function latestOf(protocol: Protocol): CompiledRuleSet {
  let best: CompiledRuleSet | undefined;
  for (const r of SHIPPED) if (r.protocol === protocol && (best === undefined || compareVersions(r.version, best.version) > 0)) best = r;
  if (best === undefined) throw new Error(`no rule set ships for ${protocol}`);
  return best;
}

const DEFAULT_FOR: Readonly<Record<Protocol, CompiledRuleSet>> = {
  monotherapy: latestOf("monotherapy"),
  "til-adjunct": latestOf("til-adjunct"),
};

export interface RuleSetRef { readonly id: string; readonly version: string }

export interface RuleSetVersion extends RuleSetRef {
  readonly protocol: Protocol;
  /** The current default for new courses of its protocol. */
  readonly latest: boolean;
}

/** Every shipped rule-set version, for the app's version pickers and "a newer version exists" notices. */
export const RULE_SET_VERSIONS: readonly RuleSetVersion[] = Object.freeze(SHIPPED.map((r) => Object.freeze({
  id: r.id, version: r.version, protocol: r.protocol, latest: DEFAULT_FOR[r.protocol] === r,
})));

/** The current default rule sets (the latest version per protocol) as validated data, for display. */
export const RULE_SETS: readonly RuleSet[] = Object.freeze([DEFAULT_FOR.monotherapy.data, DEFAULT_FOR["til-adjunct"].data]);

/** Every shipped rule set (all versions) as validated data. */
export const ALL_RULE_SETS: readonly RuleSet[] = Object.freeze(SHIPPED.map((r) => r.data));

export function defaultCompiledRuleSetFor(protocol: Protocol): CompiledRuleSet {
  return DEFAULT_FOR[protocol];
}

/** The latest (default) rule set for a protocol: the one a new course records. */
export function defaultRuleSetFor(protocol: Protocol): RuleSet {
  return DEFAULT_FOR[protocol].data;
}

/** The latest version for a protocol (the same as defaultRuleSetFor): what a new course records. */
export function latestRuleSetFor(protocol: Protocol): RuleSet {
  return DEFAULT_FOR[protocol].data;
}

/**
 * The doses per kg a course under this rule set may carry (contract 1.1): the rule set's own list, else the
 * contract-wide one (rule-sets/contract.ts). Any other `course.doseIuPerKg` is refused.
 */
export function allowedDoseIuPerKgOf(ruleSet: Pick<RuleSet, "arithmetic">): readonly AllowedDoseIuPerKg[] {
  return ruleSet.arithmetic.allowedDoseIuPerKg ?? CONTRACT_DATA.allowedDoseIuPerKg;
}

export interface AllowedDoseIuPerKg {
  readonly value: number;
  readonly unit: string;
  readonly label: string;
  readonly source: SourceKey;
  readonly confidence: Confidence;
}

/** The latest shipped version of rule set `id` when it is newer than `version`, else null (also for an unknown id). */
export function newerRuleSetVersion(id: string, version: string): RuleSetRef | null {
  let best: CompiledRuleSet | undefined;
  for (const r of SHIPPED) if (r.id === id && (best === undefined || compareVersions(r.version, best.version) > 0)) best = r;
  return best !== undefined && compareVersions(best.version, version) > 0 ? { id: best.id, version: best.version } : null;
}

/** Looks a rule set up by id and version among the shipped ones and any `extra` (institution) rule sets. */
export function findCompiledRuleSet(id: string, version: string, extra: readonly CompiledRuleSet[] = []): CompiledRuleSet | undefined {
  for (const r of extra) if (r.id === id && r.version === version) return r;
  for (const r of SHIPPED) if (r.id === id && r.version === version) return r;
  return undefined;
}

export function getRuleSet(id: string, version: string): RuleSet | undefined {
  return findCompiledRuleSet(id, version)?.data;
}

/** The criterion ids of a rule set, in rule-set order (compare mode: "not a criterion here" vs "did not fire"). */
export function criterionIdsOf(ruleSet: Pick<RuleSet, "criteria">): string[] {
  return ruleSet.criteria.map((c) => c.id);
}
