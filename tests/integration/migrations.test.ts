import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";

const serverUrl = process.env.DATABASE_URL!;
const name = `bolus_migrate_${process.pid}_${Date.now()}`;
const freshUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

function deploy(env: Record<string, string>) {
  return spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
}

afterAll(async () => {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe("migrations", () => {
  test("apply to an empty PostgreSQL database from zero, and a second deploy applies nothing", async () => {
    await admin((c) => c.query(`CREATE DATABASE "${name}"`));
    const first = deploy({ DATABASE_URL: freshUrl });
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/"appliedMigrationNames":\["\d+_init"/);
    const second = deploy({ DATABASE_URL: freshUrl });
    expect(second.status, second.stderr).toBe(0);
    expect(second.stdout).toContain('"appliedMigrationNames":[]');

    const c = new pg.Client({ connectionString: freshUrl });
    await c.connect();
    const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name);
    const unique = await c.query(`SELECT indexdef FROM pg_indexes WHERE tablename = 'DoseEvent' AND indexdef LIKE '%UNIQUE%'`);
    await c.end();
    expect(tables).toEqual(
      expect.arrayContaining(["AuditEvent", "Assessment", "Course", "DoseCountVerification", "DoseEvent", "HoldReview", "Patient", "Session", "Unit", "UnitAssignment", "User", "_prisma_migrations"]),
    );
    expect(unique.rows.map((r) => r.indexdef).join("\n")).toMatch(/\("courseId", sequence\)/);
  });

  test("apply to an empty embedded PGlite database, and the demo data loads into it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bolus-pglite-"));
    try {
      const env = { DATABASE_URL: "", PGLITE_DIR: dir };
      const r = deploy(env);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain("PGlite");
      const seed = spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts", "--if-empty"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
      expect(seed.status, seed.stderr).toBe(0);
      expect(seed.stdout).toMatch(/demo data loaded: 1 unit, 4 users, 5 patients/);
      const again = spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts", "--if-empty"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
      expect(again.status, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/already has users: demo data not loaded/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
