import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";

// The demo mode's embedded PGlite has a single connection: a signature read through the global client while the
// action's transaction holds that connection would wait forever. Run one signed action there, in a child process
// (as migrations.test.ts does for deploy), with its own migrated PGlite folder.
describe("signatures on embedded PGlite", () => {
  test("a signed action completes, a wrong password is refused and counted", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bolus-pglite-sign-"));
    try {
      // the child is a vitest run of its own: none of this run's worker variables
      const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: "", PGLITE_DIR: dir, NO_COLOR: "1" };
      for (const k of Object.keys(env)) if (k.startsWith("VITEST") || k === "TEST" || k === "FORCE_COLOR") delete env[k];
      const deploy = spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env, timeout: 120_000 });
      expect(deploy.status, deploy.stderr).toBe(0);
      const run = spawnSync("node_modules/.bin/vitest", ["run", "--config", "tests/pglite/vitest.config.ts"], { encoding: "utf8", env, timeout: 150_000 });
      expect(run.signal, `the PGlite run did not finish:\n${run.stdout}`).toBeNull();
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/pglite signed action: wrong password refused and counted, right password signed/);
      expect(run.stdout).toMatch(/Tests\s+1 passed \(1\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
