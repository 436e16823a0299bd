// The shared scenarios beside this file, and check-scenarios' expectation semantics (shared/tools/check-scenarios),
// for the in-process run (tests/scenarios/scenarios.test.ts, unit tier) and the command-line run
// (tests/cli/evaluate-cli.test.ts, integration tier).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Scenario { name: string; why: string; args?: string[]; request: unknown; expect: Record<string, unknown> }

export const SCENARIO_DIR = import.meta.dirname;
export const scenarioFiles = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".json")).sort();
export const scenarios = scenarioFiles.map((f) => [f, JSON.parse(readFileSync(join(SCENARIO_DIR, f), "utf8")) as Scenario] as const);

function asInstant(v: unknown): number | null {
  if (typeof v === "string" && v.length >= 20 && v[4] === "-" && v.includes("T")) {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

function same(a: unknown, b: unknown): boolean {
  const ia = asInstant(a), ib = asInstant(b);
  if (ia !== null && ib !== null) return Math.abs(ia - ib) < 1e-3;
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object" && !Array.isArray(a) && !Array.isArray(b)) {
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => k in b && same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

const ABSENT = Symbol("absent");
function get(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split(".")) {
    if (cur !== null && typeof cur === "object" && !Array.isArray(cur) && part in cur) cur = (cur as Record<string, unknown>)[part];
    else return ABSENT;
  }
  return cur;
}

/** The errors check-scenarios would print for this output; empty when the scenario passes. */
export function check(exp: Record<string, unknown>, exit: number, out: Record<string, unknown>): string[] {
  const errs: string[] = [];
  const wantExit = (exp.exit as number | undefined) ?? 0;
  if (exit !== wantExit) errs.push(`exit ${exit}, want ${wantExit}`);
  const findings = (out.findings as { criterion: string; tier: string; judgment?: boolean }[] | undefined) ?? [];
  for (const [key, want] of Object.entries(exp)) {
    if (key === "exit") continue;
    if (key === "findings") {
      const got = Object.fromEntries(findings.map((f) => [f.criterion, f.tier]));
      if (Object.keys(got).length !== findings.length) errs.push("a criterion appears twice in findings");
      if (!same(got, want)) errs.push(`findings ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    } else if (key === "judgment") {
      const marked = new Set(findings.filter((f) => f.judgment === true).map((f) => f.criterion));
      if (!(want as string[]).every((c) => marked.has(c))) errs.push(`judgment marked on ${[...marked].join(",")}, want ${JSON.stringify(want)}`);
    } else if (key === "missing" || key === "stale" || key === "notAssessed") {
      const got = [...((out[key] as string[] | undefined) ?? [])].sort();
      if (!same(got, [...(want as string[])].sort())) errs.push(`${key} ${JSON.stringify(out[key])}, want ${JSON.stringify(want)}`);
    } else if (key.startsWith("finding:")) {
      // finding:<criterion>.<field>, e.g. finding:holds-cumulative.observed
      const rest = key.slice("finding:".length);
      const dot = rest.indexOf(".");
      const crit = dot < 0 ? rest : rest.slice(0, dot), field = dot < 0 ? "" : rest.slice(dot + 1);
      const f = (out.findings as Record<string, unknown>[] | undefined ?? []).find((x) => x.criterion === crit);
      const got = f === undefined || !(field in f) ? ABSENT : f[field];
      if (got === ABSENT || !same(got, want)) errs.push(`${key} = ${JSON.stringify(got === ABSENT ? "<absent>" : got)}, want ${JSON.stringify(want)}`);
    } else {
      const got = get(out, key);
      if (got === ABSENT || !same(got, want)) errs.push(`${key} = ${JSON.stringify(got === ABSENT ? "<absent>" : got)}, want ${JSON.stringify(want)}`);
    }
  }
  return errs;
}
