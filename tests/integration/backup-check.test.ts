import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import pg from "pg";
import { admin, databaseUrl, urlOf } from "./support/databases";
import { backupCheck } from "../../scripts/backup-check";
import { AUDIT_TRIGGERS } from "@/lib/db/audit-verify";

// Issue 13 item 4 (docs/operations.md "Backups", docs/decisions/058): `npm run db:backup-check` dumps, restores into a
// fresh database, compares row counts and verifies the audit chain on the copy — and fails when the copy differs.

const server = databaseUrl();
const dbName = `${decodeURIComponent(server.pathname.slice(1))}_backup_${process.env.VITEST_POOL_ID ?? "1"}`;
const url = urlOf(server, dbName);
const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
delete env.MIGRATION_DATABASE_URL;

async function sql<T extends pg.QueryResultRow>(target: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: target });
  await c.connect();
  try {
    return (await c.query<T>(text)).rows;
  } finally {
    await c.end();
  }
}
const copies = () => admin(server, async (c) => (await c.query("SELECT datname FROM pg_database WHERE datname LIKE $1", [`${dbName}_restore_check_%`])).rowCount);
const quiet = () => undefined;
/** Runs `statement` on the audit table with its triggers off (as its owner could), then turns them back on as migrated. */
async function behindTriggers(target: string, statement: string): Promise<void> {
  await sql(target, `ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
  await sql(target, statement);
  for (const t of AUDIT_TRIGGERS) await sql(target, `ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER ${t.name}`);
}

beforeAll(async () => {
  await admin(server, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${dbName}"`);
  });
  const deploy = spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env, timeout: 120_000 });
  expect(deploy.status, deploy.stderr).toBe(0);
  // the demo data (a unit, its clinicians, patients, courses and doses): production mode loads it only with BOLUS_DEMO=1
  const seed = spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts"], { encoding: "utf8", env: { ...env, BOLUS_DEMO: "1" }, timeout: 120_000 });
  expect(seed.status, seed.stderr).toBe(0);
  expect(seed.stdout).toMatch(/demo data loaded/);
  // a few more chained audit rows (the chain's triggers fill prevHash and hash)
  await sql(url, `INSERT INTO "AuditEvent" (action, "entityType", outcome, details) SELECT 'backup-check-' || g, 'BackupCheck', 'success', jsonb_build_object('n', g) FROM generate_series(1, 5) g`);
}, 240_000);

afterAll(async () => {
  await admin(server, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
});

describe("npm run db:backup-check", () => {
  test("dumps the seeded database, restores it into a fresh one, finds the same rows and a verifying audit chain, drops the copy, exits 0", () => {
    const r = spawnSync("node_modules/.bin/tsx", ["scripts/backup-check.ts"], { encoding: "utf8", env, timeout: 120_000 });
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const tables = Number(/source .*: (\d+) tables, (\d+) rows/.exec(r.stdout)![1]);
    expect(tables).toBeGreaterThan(10);
    expect(Number(/source .*: \d+ tables, (\d+) rows/.exec(r.stdout)![1])).toBeGreaterThan(40); // the demo unit: users, patients, courses, doses, audit rows
    expect(r.stdout).toMatch(/pg_dump .* in [\d.]+ s/);
    expect(r.stdout).toMatch(/pg_restore into the fresh database \S+_restore_check_\S+ in/);
    expect(r.stdout).toContain(`row counts: ${tables} of ${tables} tables match`);
    expect(r.stdout).toMatch(/copy audit: audit protection as migrated/);
    expect(r.stdout).toMatch(/copy audit: audit chain ok: 6 rows, head #\d+ [0-9a-f]{64}/);
    expect(r.stdout).toMatch(/dropped the copy/);
    expect(r.stdout).toMatch(/^backup check ok: \d+ tables, \d+ rows and 6 audit rows restored and verified$/m);
  }, 120_000);

  test("a copy whose audit row was edited (triggers disabled) fails, and names the row; the copy is dropped all the same", async () => {
    const r = await backupCheck({
      sourceUrl: url,
      log: quiet,
      afterRestore: async (copy) => {
        await behindTriggers(copy, `UPDATE "AuditEvent" SET details = '{"n": 99}' WHERE action = 'backup-check-3'`);
      },
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual(["the copy's audit trail does not verify"]);
    expect(await copies()).toBe(0);
  }, 120_000);

  test("a copy missing a row fails and says which table", async () => {
    const [{ n }] = await sql<{ n: string }>(url, `SELECT count(*)::text AS n FROM "UnitAssignment"`) as [{ n: string }];
    const r = await backupCheck({
      sourceUrl: url,
      log: quiet,
      afterRestore: (copy) => sql(copy, `DELETE FROM "UnitAssignment" WHERE ctid = (SELECT ctid FROM "UnitAssignment" LIMIT 1)`).then(() => undefined),
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toEqual([`table UnitAssignment: ${n} rows in the source, ${Number(n) - 1} in the copy`]);
    expect(await copies()).toBe(0);
  }, 120_000);

  test("a copy whose audit trail lost its last rows verifies as a chain but not as the source's head: it fails", async () => {
    const r = await backupCheck({
      sourceUrl: url,
      log: quiet,
      afterRestore: async (copy) => {
        await behindTriggers(copy, `DELETE FROM "AuditEvent" WHERE action = 'backup-check-5'`);
      },
    });
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.stringMatching(/^table AuditEvent: 6 rows in the source, 5 in the copy$/));
    expect(r.problems).toContainEqual(expect.stringMatching(/^the copy's audit head \(5 rows, #\d+ [0-9a-f]{64}\) is not the source's \(6 rows, #\d+ [0-9a-f]{64}\)$/));
  }, 120_000);

  test("a source whose own audit trail was tampered with: the check exits 1 and says so", async () => {
    await behindTriggers(url, `UPDATE "AuditEvent" SET outcome = 'denied' WHERE action = 'backup-check-2'`);
    const r = spawnSync("node_modules/.bin/tsx", ["scripts/backup-check.ts"], { encoding: "utf8", env, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/backup check FAILED/);
    expect(r.stdout).toMatch(/the source's audit trail does not verify: .*audit chain broken at row #\d+/);
    expect(await copies()).toBe(0);
  }, 120_000);
});
