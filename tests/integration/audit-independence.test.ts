import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeUser } from "./support/factories";
import { admin, databaseUrl, urlOf, admin as withClient } from "./support/databases";
import { writeAuditAlone } from "@/lib/db/audit";
import { auditDigest, openRawDb, parseAnchor, verifyAuditChain, type AuditRowText, type RawDb } from "@/lib/db/audit-verify";
import { APP_GRANTS, checkApp, createRoles, grantApp } from "../../scripts/db-roles";

// Issue 12 item 1 (docs/decisions/051-audit-independence-and-roles.md). Before: audit:verify recomputed each hash with
// audit_event_digest(), a function the app's own role owned. Disable the trigger, edit a row, replace the function so
// it returns the stored hash — and verification passed. Now the hashes are recomputed in Node, the triggers and
// function bodies are compared with the migrations, and the app runs as a role that can do none of it.

const server = databaseUrl(); // the server as the run was given it (a superuser under `npm test`)
const tag = `${process.pid}_${Date.now().toString(36)}`;
const roles = { owner: `bolus_t${tag}_owner`, app: `bolus_t${tag}_app` };
const dbName = `bolus_audit_roles_${tag}`;
const asRole = (role: string, database = dbName) => {
  const u = new URL(urlOf(server, database));
  u.username = role;
  u.password = "";
  return u.toString();
};
const ownerUrl = () => asRole(roles.owner);
const appUrl = () => asRole(roles.app);


async function withRawDb<T>(url: string, fn: (db: RawDb) => Promise<T>): Promise<T> {
  const conn = await openRawDb({ DATABASE_URL: url });
  try {
    return await fn(conn.db);
  } finally {
    await conn.close();
  }
}

function cli(script: string, env: Record<string, string>, ...args: string[]) {
  const r = spawnSync("node_modules/.bin/tsx", [script, ...args], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}
const verifyCli = (url: string, ...args: string[]) => cli("scripts/audit-verify.ts", { DATABASE_URL: url }, ...args);

function deploy(env: Record<string, string>) {
  return spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
}

const work = mkdtempSync(path.join(tmpdir(), "bolus-audit-independence-"));
const keptHead = path.join(work, "head.json");

beforeAll(async () => {
  // a database of our own, owned by a fresh owner role: the migrations run as that owner, the app as the other role
  await admin(server, (c) => c.query(`CREATE DATABASE "${dbName}"`));
  await withClient(urlOf(server, dbName), (c) => createRoles(c, roles));
  // MIGRATION_DATABASE_URL wins over DATABASE_URL: with the app's URL chosen, CREATE TABLE would be refused
  const r = deploy({ MIGRATION_DATABASE_URL: ownerUrl(), DATABASE_URL: appUrl() });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toContain(`as ${roles.owner}`);
  const unknown = await withClient(ownerUrl(), (c) => grantApp(c, roles.app));
  expect(unknown).toEqual([]);
  // the app writes the chain's first rows through its own role
  await withClient(appUrl(), (c) =>
    c.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome, details) SELECT 'seed-' || g, 'AuditIndependence', 'success', jsonb_build_object('n', g) FROM generate_series(1, 5) g`),
  );
}, 180_000);

afterAll(async () => {
  rmSync(work, { recursive: true, force: true });
  await admin(server, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    for (const role of [roles.app, roles.owner]) await c.query(`DROP ROLE IF EXISTS "${role}"`);
  });
});

describe("the hash recomputed in Node is the database's digest", () => {
  test("on real rows of every shape (numbers as typed, Unicode, control characters, nested details, NULLs), and on every row of this database", async () => {
    const actor = await makeUser("nurse", []);
    const details = [
      {}, { n: 1, reason: "x" }, { nested: { b: [1, 2.5, -3e-7, null, true], aa: "é ñ 中文 🙂" } }, { text: "quote \" backslash \\ tab \t newline \n bell \u0007 del \u007f" },
      { big: 2 ** 60, small: 1e-20, keysByLength: { bbb: 1, a: 2, cc: 3 } }, [1, "two", { three: 3 }], "a string", 42, null,
    ];
    for (const d of details) await writeAuditAlone({ actorId: actor.id, actorLabel: `Nurse «${actor.name}»\u2028`, action: "shape", entityType: "AuditIndependence", entityId: "e\u0001", outcome: "denied", details: d as never, requestId: "req-1" });
    // values only SQL can write: numeric scale (1.10 stays 1.10 in jsonb), a huge exponent, a JSON null in details
    await withClient(process.env.DATABASE_URL!, (c) =>
      c.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome, details, at) VALUES
        ('numeric', 'AuditIndependence', 'error', '{"scale": 1.10, "exp": 1e400, "neg": -0.0, "int": 100}', '2026-01-01 00:00:00'),
        ('json-null', 'AuditIndependence', 'success', 'null', '1999-12-31 23:59:59.999')`),
    );
    const rows = await withRawDb(process.env.DATABASE_URL!, async (db) => {
      await db.query("SET datestyle = 'ISO, YMD'");
      return db.query(
        `SELECT a.id::text, a.at::text, a."actorId"::text, a."actorLabel", a.action, a."entityType", a."entityId", a.outcome::text, a.details::text,
                a."requestId", a."prevHash", a.hash, audit_event_digest(a) AS sql FROM "AuditEvent" a ORDER BY a.id`,
      );
    });
    expect(rows.length).toBeGreaterThanOrEqual(details.length + 2);
    expect(rows.some((r) => (r[8] ?? "").includes('"scale": 1.10'))).toBe(true); // as typed, not 1.1
    for (const r of rows) {
      const node = auditDigest(r.slice(0, 12) as unknown as AuditRowText);
      expect({ id: r[0], node }).toEqual({ id: r[0], node: r[12] });
      expect(node).toBe(r[11]);
    }
  });
});

describe("least privilege: the app's role cannot switch the protection off", () => {
  test("the roles script leaves the app role no DDL, no ownership, SELECT and INSERT only on AuditEvent", async () => {
    expect(await withClient(ownerUrl(), (c) => checkApp(c, roles.app))).toEqual([]);
    const grants = await withClient(ownerUrl(), async (c) =>
      (await c.query<{ privilege_type: string }>(
        `SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = $1 AND table_name = 'AuditEvent' ORDER BY 1`,
        [roles.app],
      )).rows.map((r) => r.privilege_type),
    );
    expect(grants).toEqual(["INSERT", "SELECT"]);
  });

  test("npm run db:roles (the real command, as the owner) re-applies the grants and confirms least privilege", () => {
    const r = cli("scripts/db-roles.ts", { MIGRATION_DATABASE_URL: ownerUrl(), DATABASE_URL: "" }, "--app", roles.app);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`db:roles: ${roles.app} has least privilege (no DDL; "AuditEvent": SELECT, INSERT)`);
  });

  test("db:roles --check fails, in words, for a role that may update audit rows", async () => {
    await withClient(ownerUrl(), (c) => c.query(`GRANT UPDATE ("details") ON "AuditEvent" TO "${roles.app}"`));
    try {
      const problems = await withClient(ownerUrl(), (c) => checkApp(c, roles.app));
      expect(problems).toEqual([`${roles.app} has UPDATE "AuditEvent"`]);
    } finally {
      await withClient(ownerUrl(), (c) => grantApp(c, roles.app));
    }
    expect(await withClient(ownerUrl(), (c) => checkApp(c, roles.app))).toEqual([]);
  });

  test("every table of the migrated schema has its grants decided in scripts/db-roles.ts APP_GRANTS", async () => {
    const tables = await withClient(ownerUrl(), async (c) =>
      (await c.query<{ t: string }>(`SELECT relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND relkind = 'r'`)).rows.map((r) => r.t),
    );
    expect(tables.filter((t) => !(t in APP_GRANTS))).toEqual([]);
  });

  test.each([
    ["ALTER TABLE … DISABLE TRIGGER", `ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`, /must be owner of table AuditEvent/],
    ["ALTER TABLE … DISABLE TRIGGER USER", `ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`, /must be owner of table AuditEvent/],
    ["DROP TRIGGER", `DROP TRIGGER audit_event_chain ON "AuditEvent"`, /must be owner of (table|relation) AuditEvent/],
    ["UPDATE of an audit row", `UPDATE "AuditEvent" SET details = '{"n": 99}' WHERE id = 3`, /permission denied for table AuditEvent/],
    ["DELETE of an audit row", `DELETE FROM "AuditEvent" WHERE id = 3`, /permission denied for table AuditEvent/],
    ["TRUNCATE", `TRUNCATE "AuditEvent"`, /permission denied for table AuditEvent/],
    ["CREATE OR REPLACE FUNCTION audit_event_digest", `CREATE OR REPLACE FUNCTION audit_event_digest(e "AuditEvent") RETURNS text LANGUAGE sql STABLE AS $$ SELECT e.hash $$`, /permission denied for schema public|must be owner of function audit_event_digest/],
    ["ALTER FUNCTION … OWNER", `ALTER FUNCTION audit_event_digest("AuditEvent") OWNER TO CURRENT_USER`, /must be owner of function audit_event_digest/],
    ["CREATE TRIGGER on AuditEvent", `CREATE TRIGGER sneak BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`, /permission denied for table AuditEvent/],
    ["CREATE TABLE (any DDL)", `CREATE TABLE sneak (id int)`, /permission denied for schema public/],
    ["CREATE FUNCTION (any DDL)", `CREATE FUNCTION sneak() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$`, /permission denied for schema public/],
    ["SET session_replication_role = replica", `SET session_replication_role = replica`, /permission denied to set parameter/],
    ["UPDATE of a clinical value (a given dose's IU)", `UPDATE "DoseEvent" SET "doseIu" = 1`, /permission denied for table DoseEvent/],
    ["UPDATE of a clinical value (an assessment's blood pressure)", `UPDATE "Assessment" SET "sbpMmHg" = 1`, /permission denied for table Assessment/],
    ["DELETE of a clinical row", `DELETE FROM "DoseEvent"`, /permission denied for table DoseEvent/],
  ])("as the app's role, %s is refused", async (_label, sql, error) => {
    await withClient(appUrl(), async (c) => {
      await c.query("BEGIN");
      try {
        await expect(c.query(sql)).rejects.toThrow(error);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });

  test("as the app's role, the columns a correction or a status change needs can be updated (column grants)", async () => {
    await withClient(appUrl(), async (c) => {
      await c.query("BEGIN");
      try {
        await c.query(`UPDATE "DoseEvent" SET status = 'entered-in-error', "enteredInErrorAt" = now() WHERE false`);
        await c.query(`UPDATE "Course" SET status = 'closed', version = version + 1 WHERE false`);
        await c.query(`SELECT id FROM "Course" WHERE false FOR UPDATE`);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });
});

describe("audit:verify does not trust the database it checks", () => {
  test("intact: the module and the CLI pass; the CLI prints rows/s and exports a head an outside party can keep", async () => {
    const v = await withRawDb(appUrl(), (db) => verifyAuditChain(db));
    expect(v).toMatchObject({ ok: true, schema: [], chain: { ok: true, rows: 5, head: { id: "5" } } });
    const r = verifyCli(appUrl(), "--export-head", keptHead);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toMatch(/^audit protection as migrated: 4 triggers enabled ALWAYS, 4 function bodies match$/m);
    expect(r.out).toMatch(/^hashed 5 rows in Node in \d+\.\d\d s \([\d,]+ rows\/s\)$/m);
    expect(r.out).toMatch(/^audit chain ok: 5 rows, head #5 [0-9a-f]{64}$/m);
    const head = JSON.parse(readFileSync(keptHead, "utf8"));
    expect(head).toMatchObject({ format: "bolus-audit-head-v1", headId: "5", hash: v.chain.ok ? v.chain.head!.hash : "", count: 5 });
    expect(new Date(head.exportedAt).toISOString()).toBe(head.exportedAt);
    // a kept head is never overwritten
    const again = verifyCli(appUrl(), "--export-head", keptHead);
    expect(again.status, again.out).toBe(2);
    expect(again.out).toMatch(/could not export the head: EEXIST/);
  });

  test("after more rows the kept head still matches (module, with the export file's anchor)", async () => {
    await withClient(appUrl(), (c) => c.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('later', 'AuditIndependence', 'success')`));
    const anchor = parseAnchor(readFileSync(keptHead, "utf8"));
    if (typeof anchor === "string") throw new Error(anchor);
    const v = await withRawDb(appUrl(), (db) => verifyAuditChain(db, { anchor }));
    expect(v).toMatchObject({ ok: true, chain: { ok: true, rows: 6, anchorMatched: true } });
  });

  test("the owner disables the trigger, edits row 3 and replaces the digest so the database agrees: verify fails and names the row, the trigger and the function", async () => {
    await withClient(ownerUrl(), async (c) => {
      await c.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`);
      await c.query(`UPDATE "AuditEvent" SET details = '{"n": 99}' WHERE id = 3`);
      await c.query(`CREATE OR REPLACE FUNCTION audit_event_digest(e "AuditEvent") RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT e.hash $$`);
      // what the old verifier asked the database — and the database now says every row is intact
      expect((await c.query(`SELECT count(*)::int AS n FROM "AuditEvent" a WHERE audit_event_digest(a) IS DISTINCT FROM a.hash`)).rows[0].n).toBe(0);
    });

    const v = await withRawDb(appUrl(), (db) => verifyAuditChain(db));
    expect(v.ok).toBe(false);
    expect(v.chain).toMatchObject({ ok: false, id: "3", rows: 2, problems: [expect.stringMatching(/^hash mismatch: the row was altered after it was written/)] });
    expect(v.schema).toEqual([
      `trigger audit_event_append_only on "AuditEvent" is disabled`,
      expect.stringMatching(/^function audit_event_digest\(\) is not the migrated one: its body differs from migration 20261129165136_audit-chain/),
    ]);

    const r = verifyCli(appUrl(), "--anchor", keptHead); // the real command, with the kept head as well
    expect(r.status, r.out).toBe(1);
    expect(r.out).toContain(`trigger audit_event_append_only on "AuditEvent" is disabled`);
    expect(r.out).toContain("function audit_event_digest() is not the migrated one");
    expect(r.out).toContain("audit chain broken at row #3 (2 rows before it are intact):");
    expect(r.out).toMatch(/hash mismatch: the row was altered after it was written/);
  });

  test("triggers and function put back, the edited row stays: the walk alone still names row 3", async () => {
    const migration = readFileSync("prisma/migrations/20261129165136_audit-chain/migration.sql", "utf8");
    const original = /CREATE FUNCTION audit_event_digest[\s\S]*?\$\$;/.exec(migration)![0].replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION");
    await withClient(ownerUrl(), async (c) => {
      await c.query(original);
      await c.query(`ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_append_only`);
    });
    const v = await withRawDb(appUrl(), (db) => verifyAuditChain(db));
    expect(v.schema).toEqual([]);
    expect(v.chain).toMatchObject({ ok: false, id: "3", problems: [expect.stringMatching(/^hash mismatch/)] });
  });

  test("the owner rewrites every hash from row 3 to the head: the walk cannot tell (no key), the kept head can", async () => {
    await withClient(ownerUrl(), async (c) => {
      await c.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only`);
      await c.query(`DO $$ DECLARE r "AuditEvent"; prev text;
        BEGIN
          SELECT hash INTO prev FROM "AuditEvent" WHERE id = 2;
          FOR r IN SELECT * FROM "AuditEvent" WHERE id >= 3 ORDER BY id LOOP
            r."prevHash" := prev; prev := audit_event_digest(r);
            UPDATE "AuditEvent" SET "prevHash" = r."prevHash", hash = prev WHERE id = r.id;
          END LOOP;
        END $$`);
      await c.query(`ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_append_only`);
    });
    const walk = await withRawDb(appUrl(), (db) => verifyAuditChain(db));
    expect(walk.ok).toBe(true);
    const anchor = parseAnchor(readFileSync(keptHead, "utf8"));
    if (typeof anchor === "string") throw new Error(anchor);
    const anchored = await withRawDb(appUrl(), (db) => verifyAuditChain(db, { anchor }));
    expect(anchored.chain).toMatchObject({ ok: false, id: "5", problems: [expect.stringMatching(/^anchor mismatch: the kept head says [0-9a-f]{64} — the chain was rewritten since it was exported/)] });
  });

  test.each([
    ["a trigger enabled only for ordinary sessions (replica sessions skip it)", `ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_chain`, /^trigger audit_event_chain on "AuditEvent" is enabled only for ordinary sessions/],
    ["a dropped trigger", `DROP TRIGGER audit_event_no_truncate ON "AuditEvent"`, /^trigger audit_event_no_truncate on "AuditEvent" is missing \(BEFORE TRUNCATE FOR EACH STATEMENT\)$/],
    ["an extra trigger", `CREATE TRIGGER zz_after BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`, /^unexpected trigger zz_after on "AuditEvent"/],
    ["a replaced trigger function", `CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN OLD; END $$`, /^function audit_event_append_only\(\) is not the migrated one/],
    ["row level security", `ALTER TABLE "AuditEvent" ENABLE ROW LEVEL SECURITY`, /^row level security is on/],
  ])("the check names %s", async (_label, sql, message) => {
    await withClient(ownerUrl(), async (c) => {
      await c.query("BEGIN");
      try {
        await c.query(sql);
        // the verifier's own reads, inside the owner's uncommitted change (same checks, same words)
        const v = await verifyAuditChain({ query: async (text, values) => (await c.query<(string | null)[]>({ text, values, rowMode: "array" })).rows }, { inTransaction: true });
        expect(v.ok).toBe(false);
        expect(v.schema).toEqual([expect.stringMatching(message)]);
      } finally {
        await c.query("ROLLBACK");
      }
    });
  });
});

describe("migrations keep sslmode (issue 12 item 8)", () => {
  test("MIGRATION_DATABASE_URL with sslmode=require reaches pg: against this server without TLS the deploy refuses instead of migrating in clear text", async () => {
    const ssl = await admin(server, async (c) => (await c.query<{ ssl: string }>("SHOW ssl")).rows[0]!.ssl);
    if (ssl === "on") return; // a server with TLS would accept: nothing to show here (CI's and this one have none)
    const u = new URL(ownerUrl());
    u.searchParams.set("sslmode", "require");
    const r = deploy({ MIGRATION_DATABASE_URL: u.toString() });
    expect(r.status).toBe(1);
    expect(`${r.stdout}${r.stderr}`).toMatch(/does not support SSL/);
  });
});
