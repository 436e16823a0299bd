// The engine's command line, for real: `npm run evaluate` in a child process, as a pharmacist's script or the shared
// check-scenarios tool runs it. Each call starts npm and tsx (seconds, not milliseconds), so this file runs in the
// integration tier (Vitest project `cli`); the same scenarios in-process are in tests/scenarios (unit tier).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { check, scenarios } from "../scenarios/check";

const ROOT = join(import.meta.dirname, "..", "..");
const tmp = mkdtempSync(join(tmpdir(), "bolus-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const write = (name: string, body: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(body));
  return p;
};

/** `npm run --silent evaluate -- …args`, with `input` on standard input. */
function cli(args: string[], input?: string): Promise<{ exit: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "evaluate", "--", ...args], { cwd: ROOT, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => { stdout += d; });
    child.stderr.setEncoding("utf8").on("data", (d: string) => { stderr += d; });
    child.on("error", reject);
    child.on("close", (code) => resolve({ exit: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

// The calls are independent child processes: run them side by side.
describe.concurrent("the real command line", () => {
  test.each(scenarios.filter(([f]) => ["til-urine-output-hold.json", "compare-urine-output.json", "invalid-naive-time.json"].includes(f)))(
    "%s through `npm run evaluate`", async (file, s) => {
      const r = await cli([...(s.args ?? []), write(file, s.request)]);
      const out = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(check(s.expect, r.exit, out)).toEqual([]);
      expect(r.stdout).not.toMatch(/\n\s+at /); // no stack trace
    });

  test("reads the request from standard input with `-`", async () => {
    const s = scenarios.find(([f]) => f === "til-first-dose-give.json")?.[1];
    expect(s).toBeDefined();
    const r = await cli(["-"], JSON.stringify(s?.request));
    expect(r.exit).toBe(0);
    expect((JSON.parse(r.stdout) as { decision: string }).decision).toBe("give");
  });

  test("non-JSON input and an unreadable file exit 2 with one JSON document and no stack trace", async () => {
    const [bad, missing] = await Promise.all([cli(["-"], "{ not json"), cli([join(tmp, "does-not-exist.json")])]);
    expect(bad.exit).toBe(2);
    expect(JSON.parse(bad.stdout)).toMatchObject({ error: "invalid-request", issues: [{ path: "" }] });
    expect(missing.exit).toBe(2);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: "invalid-request" });
    expect(missing.stdout + missing.stderr).not.toMatch(/\n\s+at /);
  });
});
