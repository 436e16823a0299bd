// The rule-set registry. Each rule set is validated with RuleSetSchema once, when it is loaded; a malformed
// rule set is refused (the defaults are checked at module load, so a bad edit fails every test and the build).
import { compileCriteriaRules, type CriteriaRules } from "../criteria";
import { compileSchedule, type ScheduleRules } from "../schedule";
import type { Protocol } from "../vocabulary";
import { MONO_2014 } from "./mono-2014";
import { RuleSetSchema, type RuleSet } from "./schema";
import { TIL_2024 } from "./til-2024";

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

const DEFAULTS: readonly CompiledRuleSet[] = [mustCompile(MONO_2014), mustCompile(TIL_2024)];

/** The default rule sets as validated data, for display (thresholds with labels, units and sources). */
export const RULE_SETS: readonly RuleSet[] = Object.freeze(DEFAULTS.map((r) => r.data));

const DEFAULT_FOR: Readonly<Record<Protocol, CompiledRuleSet>> = {
  monotherapy: DEFAULTS[0] as CompiledRuleSet,
  "til-adjunct": DEFAULTS[1] as CompiledRuleSet,
};

export function defaultCompiledRuleSetFor(protocol: Protocol): CompiledRuleSet {
  return DEFAULT_FOR[protocol];
}

export function defaultRuleSetFor(protocol: Protocol): RuleSet {
  return DEFAULT_FOR[protocol].data;
}

/** Looks a rule set up by id and version among the defaults and any `extra` (institution) rule sets. */
export function findCompiledRuleSet(id: string, version: string, extra: readonly CompiledRuleSet[] = []): CompiledRuleSet | undefined {
  for (const r of extra) if (r.id === id && r.version === version) return r;
  for (const r of DEFAULTS) if (r.id === id && r.version === version) return r;
  return undefined;
}

export function getRuleSet(id: string, version: string): RuleSet | undefined {
  return findCompiledRuleSet(id, version)?.data;
}
