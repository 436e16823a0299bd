// Runs every scenario file beside this test through the engine in-process, with check-scenarios' expectation
// semantics (shared/tools/check-scenarios), and proves the CLI path by spawning the real command.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compareProtocols, evaluateDose } from "@/lib/rules";

const DIR = import.meta.dirname;
const ROOT = join(DIR, "..", "..");

interface Scenario { name: string; why: string; args?: string[]; request: unknown; expect: Record<string, unknown> }

const files = readdirSync(DIR).filter((f) => f.endsWith(".json")).sort();
const scenarios = files.map((f) => [f, JSON.parse(readFileSync(join(DIR, f), "utf8")) as Scenario] as const);

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
function check(exp: Record<string, unknown>, exit: number, out: Record<string, unknown>): string[] {
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

function runInProcess(s: Scenario): { exit: number; out: Record<string, unknown> } {
  const compare = (s.args ?? []).includes("--compare");
  const outcome = compare ? compareProtocols(s.request) : evaluateDose(s.request);
  if (!outcome.ok) return { exit: 2, out: { error: outcome.error, issues: outcome.issues } };
  // Through JSON, exactly as the CLI prints it.
  return { exit: 0, out: JSON.parse(JSON.stringify(outcome.result)) as Record<string, unknown> };
}

describe("shared scenarios, in-process", () => {
  test("the scenario folder holds the shared scenarios", () => {
    expect(files.length).toBeGreaterThanOrEqual(22);
  });

  test.each(scenarios)("%s", (_file, s) => {
    const { exit, out } = runInProcess(s);
    expect(check(s.expect, exit, out)).toEqual([]);
  });
});

describe("the expectation checker itself", () => {
  test("reports a wrong decision, a wrong finding tier, a missing judgment and a wrong exit", () => {
    const out = { decision: "hold", findings: [{ criterion: "sbp-low", tier: "hold", judgment: false }], missing: ["at"] };
    expect(check({ decision: "give" }, 0, out)).toHaveLength(1);
    expect(check({ findings: { "sbp-low": "stop" } }, 0, out)).toHaveLength(1);
    expect(check({ judgment: ["sbp-low"] }, 0, out)).toHaveLength(1);
    expect(check({ exit: 2 }, 0, out)).toHaveLength(1);
    expect(check({ missing: ["at", "labsAt"] }, 0, out)).toHaveLength(1);
    expect(check({ "window.earliestAt": "2026-03-01T13:00:00Z" }, 0, out)).toHaveLength(1);
    expect(check({ decision: "hold", findings: { "sbp-low": "hold" }, missing: ["at"] }, 0, out)).toEqual([]);
    expect(check({ "finding:sbp-low.tier": "stop" }, 0, out)).toHaveLength(1);
    expect(check({ "finding:sbp-low.tier": "hold" }, 0, out)).toEqual([]);
    expect(check({ "finding:tachycardia.tier": "hold" }, 0, out)).toHaveLength(1);
    expect(check({ notAssessed: ["bilirubinMgDl"] }, 0, out)).toHaveLength(1);
  });
});

describe("the real command line", () => {
  const tmp = mkdtempSync(join(tmpdir(), "bolus-cli-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, body: unknown) => {
    const p = join(tmp, name);
    writeFileSync(p, JSON.stringify(body));
    return p;
  };
  const cli = (args: string[], input?: string) => {
    const r = spawnSync("npm", ["run", "--silent", "evaluate", "--", ...args], { cwd: ROOT, encoding: "utf8", input, timeout: 60_000 });
    return { exit: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };

  test.each(scenarios.filter(([f]) => ["til-urine-output-hold.json", "compare-urine-output.json", "invalid-naive-time.json"].includes(f)))(
    "%s through `npm run evaluate`", (file, s) => {
      const r = cli([...(s.args ?? []), write(file, s.request)]);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(check(s.expect, r.exit, out)).toEqual([]);
      expect(r.stdout).not.toMatch(/\n\s+at /); // no stack trace
    }, 60_000);

  test("reads the request from standard input with `-`", () => {
    const s = scenarios.find(([f]) => f === "til-first-dose-give.json")?.[1];
    expect(s).toBeDefined();
    const r = cli(["-"], JSON.stringify(s?.request));
    expect(r.exit).toBe(0);
    expect((JSON.parse(r.stdout) as { decision: string }).decision).toBe("give");
  }, 60_000);

  test("non-JSON input and an unreadable file exit 2 with one JSON document and no stack trace", () => {
    const bad = cli(["-"], "{ not json");
    expect(bad.exit).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: "invalid-request", issues: [{ path: "" }] });
    const missing = cli([join(tmp, "does-not-exist.json")]);
    expect(missing.exit).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: "invalid-request" });
    expect(missing.stdout + missing.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
