import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser, wellAssessment } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { writeAudit, writeAuditAlone, type AuditEntry } from "@/lib/db/audit";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { toUnitLocalInput } from "@/lib/time";
import { admin as withClient } from "./support/databases";

// Issue 5 item 3: the audit trail is append-only IN THE DATABASE, hash-chained, verifiable with
// `npm run audit:verify`, and written in the same transaction as the change it records.
// See docs/decisions/040-tamper-evident-audit.md.

// For "a failure after the clinical insert": the real writeAudit runs (the audit row IS inserted), then, when
// `failAfterAudit.on`, the transaction is made to fail. writeAuditAlone keeps using the real writeAudit.
const failAfterAudit = vi.hoisted(() => ({ on: false, seen: [] as { auditId: bigint; clinicalId: string | null }[] }));
vi.mock("@/lib/db/audit", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db/audit")>();
  return {
    ...real,
    writeAudit: async (tx: Tx, entry: AuditEntry) => {
      await real.writeAudit(tx, entry);
      if (!failAfterAudit.on) return;
      // both rows exist inside the transaction at this point
      const audit = await tx.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
      failAfterAudit.seen.push({ auditId: audit.id, clinicalId: entry.entityId ?? null });
      throw new Error("forced failure after the clinical insert and its audit row");
    },
  };
});

const serverUrl = process.env.DATABASE_URL!;
const GENESIS = "0".repeat(64);
const APPEND_ONLY = /AuditEvent is append-only: (UPDATE|DELETE|TRUNCATE) refused/;


function urlFor(database: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${database}`;
  return u.toString();
}

function verifyCli(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync("node_modules/.bin/tsx", ["scripts/audit-verify.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function deploy(env: Record<string, string>) {
  const r = spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env: { ...process.env, ...env }, timeout: 120_000 });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
}

const freshDatabases: string[] = [];
/** A new, empty database on the same server with every migration applied (the tamper tests must not damage the shared one). */
async function freshDatabase(tag: string): Promise<string> {
  const name = `bolus_audit_${tag}_${process.pid}_${Date.now()}`;
  await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  freshDatabases.push(name);
  const url = urlFor(name);
  deploy({ DATABASE_URL: url });
  return url;
}

afterAll(async () => {
  await withClient(serverUrl, async (c) => {
    for (const name of freshDatabases) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
});

const entry = (action: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({ action, entityType: "AuditTrailTest", outcome: "success", ...extra });

async function head() {
  return prisma.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true, hash: true } });
}

/** Rows after `afterId` in id order, with the digest recomputed by the database's own function. */
async function rowsAfter(afterId: bigint) {
  return prisma.$queryRaw<{ id: bigint; action: string; prevHash: string | null; hash: string | null; computed: string }[]>`
    SELECT a.id, a.action, a."prevHash", a.hash, audit_event_digest(a) AS computed
    FROM "AuditEvent" a WHERE a.id > ${afterId} ORDER BY a.id`;
}

/** Each row links to the one before it (the first to `start`) and its hash is its digest. */
function expectLinked(rows: { prevHash: string | null; hash: string | null; computed: string }[], start: string) {
  let prev = start;
  for (const row of rows) {
    expect(row.prevHash).toBe(prev);
    expect(row.hash).toBe(row.computed);
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
    prev = row.hash!;
  }
}

describe("AuditEvent is append-only in the database", () => {
  let id: bigint;
  beforeAll(async () => {
    await writeAuditAlone(entry("append-only-target", { details: { original: true } }));
    id = (await head())!.id;
  });

  test.each([
    ["update", () => prisma.auditEvent.update({ where: { id }, data: { outcome: "denied" } })],
    ["updateMany", () => prisma.auditEvent.updateMany({ where: { id }, data: { details: { edited: true } } })],
    ["delete", () => prisma.auditEvent.delete({ where: { id } })],
    ["deleteMany", () => prisma.auditEvent.deleteMany({ where: { id } })],
  ])("Prisma %s is refused by the database, and the row is unchanged", async (_label, call) => {
    const before = await prisma.auditEvent.findUniqueOrThrow({ where: { id } });
    await expect(call()).rejects.toThrow(APPEND_ONLY);
    expect(await prisma.auditEvent.findUniqueOrThrow({ where: { id } })).toEqual(before);
  });

  // Each statement runs in a transaction that is rolled back whatever happens: if the protection were missing,
  // the test fails without emptying the shared test database.
  test.each([
    ["UPDATE", `UPDATE "AuditEvent" SET details = '{"edited": true}' WHERE id = $1`, true],
    ["UPDATE of the chain columns", `UPDATE "AuditEvent" SET hash = NULL, "prevHash" = NULL WHERE id = $1`, true],
    ["DELETE", `DELETE FROM "AuditEvent" WHERE id = $1`, true],
    ["TRUNCATE", `TRUNCATE "AuditEvent"`, false],
    ["TRUNCATE … CASCADE from User", `TRUNCATE "User" CASCADE`, false],
  ])("raw SQL %s is refused", async (_label, sql, withId) => {
    await withClient(serverUrl, async (c) => {
      await c.query("BEGIN");
      try {
        await expect(c.query(sql, withId ? [id.toString()] : [])).rejects.toThrow(APPEND_ONLY);
      } finally {
        await c.query("ROLLBACK");
      }
    });
    expect(await prisma.auditEvent.findUnique({ where: { id } })).toMatchObject({ details: { original: true } });
  });
});

describe("each row carries the hash of the previous row", () => {
  test("three writes: each links to the one before, the first to the previous head", async () => {
    const before = await head();
    for (const action of ["chain-1", "chain-2", "chain-3"]) await writeAuditAlone(entry(action));
    const rows = await rowsAfter(before?.id ?? 0n);
    expect(rows.map((r) => r.action)).toEqual(["chain-1", "chain-2", "chain-3"]);
    expectLinked(rows, before?.hash ?? GENESIS);
  });

  test("the digest is SHA-256 over the documented canonical form (recomputed here, independently of SQL)", async () => {
    const actor = await makeUser("nurse", []);
    const row = await prisma.auditEvent.create({
      data: { actorId: actor.id, actorLabel: "a|b\"c", action: "canonical", entityType: "AuditTrailTest", entityId: "e-1", outcome: "denied", details: { reason: "x", n: 1 }, requestId: null },
    });
    // jsonb's text form: ", " and ": " separators, object keys ordered by length and then bytewise
    const canonical = `[${[
      JSON.stringify("bolus-audit-v1"),
      JSON.stringify(row.id.toString()),
      JSON.stringify(String(row.at.getTime())),
      JSON.stringify(actor.id),
      JSON.stringify("a|b\"c"),
      JSON.stringify("canonical"),
      JSON.stringify("AuditTrailTest"),
      JSON.stringify("e-1"),
      JSON.stringify("denied"),
      `{"n": 1, "reason": "x"}`,
      "null",
      JSON.stringify(row.prevHash),
    ].join(", ")}]`;
    expect(row.hash).toBe(createHash("sha256").update(canonical, "utf8").digest("hex"));
  });

  test("prevHash and hash sent by the app are ignored: the trigger sets both", async () => {
    const before = await head();
    const row = await prisma.auditEvent.create({ data: { action: "forged", entityType: "AuditTrailTest", outcome: "success", prevHash: "f".repeat(64), hash: "f".repeat(64) } });
    expect(row.prevHash).toBe(before?.hash ?? GENESIS);
    expect(row.hash).not.toBe("f".repeat(64));
    expectLinked(await rowsAfter(before?.id ?? 0n), before?.hash ?? GENESIS);
  });

  test("several rows in one INSERT statement (createMany) are chained in id order", async () => {
    const before = await head();
    await prisma.auditEvent.createMany({ data: ["many-1", "many-2", "many-3", "many-4"].map((action) => ({ action, entityType: "AuditTrailTest", outcome: "success" as const })) });
    const rows = await rowsAfter(before?.id ?? 0n);
    expect(rows.map((r) => r.action)).toEqual(["many-1", "many-2", "many-3", "many-4"]);
    expectLinked(rows, before?.hash ?? GENESIS);
  });

  test("20 concurrent transactions, each holding its transaction open a little after its audit row, form one unbroken chain", async () => {
    const before = await head();
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        prisma.$transaction(
          async (tx) => {
            await sleep(Math.random() * 20);
            await writeAudit(tx, entry(`concurrent-${i}`));
            await sleep(Math.random() * 30); // commit later: the next writer must wait for this row
          },
          { maxWait: 20_000, timeout: 20_000 },
        ),
      ),
    );
    const rows = await rowsAfter(before?.id ?? 0n);
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.action)).size).toBe(20);
    expectLinked(rows, before?.hash ?? GENESIS);
  });

  test("a writer that waits for the chain lock draws its id after the lock, so id order is chain order", async () => {
    const before = await head();
    await withClient(serverUrl, async (holder) => {
      await holder.query("BEGIN");
      await holder.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('holder-1', 'AuditTrailTest', 'success')`);
      // this write starts while `holder` holds the chain lock, and must wait for it
      const waiting = writeAuditAlone(entry("waiter"));
      await expect
        .poll(async () => (await holder.query(
          `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database
           WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`,
        )).rows[0].n, { timeout: 10_000, interval: 50 })
        .toBe(1);
      // had the waiter drawn its id before waiting, this row would get a higher id yet come first in the chain
      await holder.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('holder-2', 'AuditTrailTest', 'success')`);
      await holder.query("COMMIT");
      await waiting;
    });
    const rows = await rowsAfter(before?.id ?? 0n);
    expect(rows.map((r) => r.action)).toEqual(["holder-1", "holder-2", "waiter"]);
    expectLinked(rows, before?.hash ?? GENESIS);
  });

  test("a REPEATABLE READ snapshot older than the head cannot fork the chain: the stale insert is refused", async () => {
    const before = await head();
    await withClient(serverUrl, async (stale) => {
      await stale.query("BEGIN ISOLATION LEVEL REPEATABLE READ");
      await stale.query("SELECT 1"); // the snapshot is taken here
      await writeAuditAlone(entry("committed-meanwhile"));
      // the trigger's query sees the old head through the old snapshot: same predecessor, refused by the unique prevHash
      await expect(stale.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('stale', 'AuditTrailTest', 'success')`)).rejects.toThrow(
        /AuditEvent_prevHash_key/,
      );
      await stale.query("ROLLBACK");
    });
    const rows = await rowsAfter(before?.id ?? 0n);
    expect(rows.map((r) => r.action)).toEqual(["committed-meanwhile"]);
    expectLinked(rows, before?.hash ?? GENESIS);
  });
});

describe("the audit row is written in the same transaction as the change", () => {
  test("a transaction that inserts an Assessment and its audit row, then fails: neither row exists, and the chain has no hole", async () => {
    const unit = await makeUnit();
    const nurse = await makeUser("nurse", [unit.id]);
    const course = await makeCourse((await makePatient(unit.id)).id, { orderedById: nurse.id });
    const before = await head();
    let inside: { assessmentId: string; auditId: bigint } | undefined;
    await expect(
      prisma.$transaction(async (tx) => {
        const assessment = await tx.assessment.create({
          data: { ...(wellAssessment() as object), courseId: course.id, recordedById: nurse.id, takenAt: new Date() } as Prisma.AssessmentUncheckedCreateInput,
        });
        await writeAudit(tx, entry("assessment-record", { entityType: "Assessment", entityId: assessment.id }));
        const audit = await tx.auditEvent.findFirstOrThrow({ where: { entityId: assessment.id } });
        inside = { assessmentId: assessment.id, auditId: audit.id };
        throw new Error("failure after the clinical insert");
      }),
    ).rejects.toThrow("failure after the clinical insert");
    expect(inside).toBeDefined(); // both rows were written inside the transaction
    expect(await prisma.assessment.findUnique({ where: { id: inside!.assessmentId } })).toBeNull();
    expect(await prisma.auditEvent.findUnique({ where: { id: inside!.auditId } })).toBeNull();
    expect(await head()).toEqual(before);
    // the next row links to the last committed one: a rolled-back row leaves a gap in ids, not in the chain
    await writeAuditAlone(entry("after-rollback"));
    expectLinked(await rowsAfter(before?.id ?? 0n), before?.hash ?? GENESIS);
  });

  test("the real action path (recordAssessmentAction) failing after its audit row: INTERNAL, neither row exists", async () => {
    const unit = await makeUnit();
    const nurse = await makeUser("nurse", [unit.id]);
    const course = await makeCourse((await makePatient(unit.id)).id, { orderedById: nurse.id });
    await signedInBrowser(nurse);
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined); // the action logs the failure
    failAfterAudit.on = true;
    failAfterAudit.seen = [];
    try {
      const out = await recordAssessmentAction(null, formOf({ courseId: course.id, at: toUnitLocalInput(new Date(), "UTC"), sbpMmHg: "118", heartRateBpm: "90" }));
      expect(out).toMatchObject({ ok: false, code: "INTERNAL" });
    } finally {
      failAfterAudit.on = false;
      quiet.mockRestore();
    }
    expect(failAfterAudit.seen).toHaveLength(1);
    const [{ auditId, clinicalId }] = failAfterAudit.seen as [{ auditId: bigint; clinicalId: string }];
    expect(await prisma.auditEvent.findUnique({ where: { id: auditId } })).toBeNull();
    expect(await prisma.assessment.findUnique({ where: { id: clinicalId } })).toBeNull();
    expect(await prisma.assessment.count({ where: { courseId: course.id } })).toBe(0);
    // and without the forced failure the same call saves both
    const ok = await recordAssessmentAction(null, formOf({ courseId: course.id, at: toUnitLocalInput(new Date(), "UTC"), sbpMmHg: "118", heartRateBpm: "90" }));
    expect(ok).toMatchObject({ ok: true });
    const saved = await prisma.assessment.findFirstOrThrow({ where: { courseId: course.id } });
    expect(await prisma.auditEvent.count({ where: { entityType: "Assessment", entityId: saved.id, outcome: "success" } })).toBe(1);
  });
});

describe("npm run audit:verify", () => {
  test("passes on the intact chain of the test database and counts every row", async () => {
    const r = verifyCli({ DATABASE_URL: serverUrl });
    expect(r.status, r.out).toBe(0);
    const rows = await prisma.auditEvent.count();
    const h = await head();
    // the head is the last line; before it, the protection check and the rate (docs/decisions/051)
    expect(r.out.trim().split("\n").at(-1)).toBe(`audit chain ok: ${rows} rows, head #${h!.id} ${h!.hash}`);
    expect(r.out).toContain("audit protection as migrated: 4 triggers enabled ALWAYS, 4 function bodies match");
    expect(r.out).toMatch(new RegExp(`^hashed ${rows} rows in Node in \\d+\\.\\d\\d s \\([\\d,]+ rows/s\\)$`, "m"));
    // the head it prints is an anchor for a later run
    const anchored = verifyCli({ DATABASE_URL: serverUrl }, "--anchor", `${h!.id}:${h!.hash}`);
    expect(anchored.status, anchored.out).toBe(0);
    expect(anchored.out).toContain(`anchor #${h!.id} matches`);
  });

  // Tampering needs the privileged path: ALTER TABLE … DISABLE TRIGGER is allowed only to the table owner or a
  // superuser. Under `npm test` the test user is the superuser `postgres`; on a developer's server it is the user
  // that ran the migrations and so owns the tables. Either is exactly the attacker the chain exists for: someone
  // who can switch the triggers off. The chain does not stop them; it makes the change visible.
  test.each([
    {
      label: "a row's details changed",
      tamper: `UPDATE "AuditEvent" SET details = '{"n": 99}' WHERE id = 3`,
      brokenAt: 3,
      intact: 2,
      problem: /hash mismatch: the row was altered after it was written/,
    },
    {
      label: "a row in the middle deleted",
      tamper: `DELETE FROM "AuditEvent" WHERE id = 3`,
      brokenAt: 4,
      intact: 2,
      problem: /prevHash mismatch: it does not link to row #2 .* a row between them was removed, or rows were reordered/,
    },
    {
      label: "a row changed and its own hash recomputed to match",
      tamper: `UPDATE "AuditEvent" SET outcome = 'denied' WHERE id = 3; UPDATE "AuditEvent" a SET hash = audit_event_digest(a) WHERE id = 3`,
      brokenAt: 4,
      intact: 3,
      problem: /prevHash mismatch: it does not link to row #3/,
    },
    {
      label: "the first row deleted",
      tamper: `DELETE FROM "AuditEvent" WHERE id = 1`,
      brokenAt: 2,
      intact: 0,
      problem: /prevHash mismatch: the first row does not start the chain/,
    },
    {
      label: "a row inserted with the triggers off",
      tamper: `INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('smuggled', 'AuditTrailTest', 'success')`,
      brokenAt: 6,
      intact: 5,
      problem: /prevHash mismatch[\s\S]*hash missing: the row was written with the chain trigger disabled/,
    },
  ])("reports the first broken link when $label", async ({ tamper, brokenAt, intact: intactRows, problem }) => {
    const url = await freshDatabase("tamper");
    await withClient(url, async (c) => {
      await c.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome, details) SELECT 'seed-' || g, 'AuditTrailTest', 'success', jsonb_build_object('n', g) FROM generate_series(1, 5) g`);
      const who = (await c.query(`SELECT current_user AS "user", r.rolsuper AS super, pg_get_userbyid(t.relowner) = current_user AS owner
        FROM pg_roles r, pg_class t WHERE r.rolname = current_user AND t.oid = '"AuditEvent"'::regclass`)).rows[0];
      expect(who.super || who.owner, `${who.user} can neither own nor bypass the table`).toBe(true);
    });
    const intact = verifyCli({ DATABASE_URL: url });
    expect(intact.status, intact.out).toBe(0);
    expect(intact.out).toMatch(/^audit chain ok: 5 rows, head #5 [0-9a-f]{64}$/m);

    await withClient(url, async (c) => {
      // with the triggers on, changing or removing a row is refused (an INSERT would just join the chain)
      if (!tamper.startsWith("INSERT")) await expect(c.query(tamper)).rejects.toThrow(APPEND_ONLY);
      await c.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      await c.query(tamper);
    });
    const broken = verifyCli({ DATABASE_URL: url });
    expect(broken.status, broken.out).toBe(1);
    expect(broken.out).toContain(`audit chain broken at row #${brokenAt} (${intactRows} rows before it are intact):`);
    expect(broken.out).toMatch(problem);
    // and the switched-off protection is named too (docs/decisions/051)
    expect(broken.out).toContain(`trigger audit_event_append_only on "AuditEvent" is disabled`);
  });

  test("the last row deleted: the walk alone cannot tell, the exported head (--anchor) can", async () => {
    const url = await freshDatabase("tail");
    await withClient(url, (c) => c.query(`INSERT INTO "AuditEvent" (action, "entityType", outcome) SELECT 'seed-' || g, 'AuditTrailTest', 'success' FROM generate_series(1, 5) g`));
    const first = verifyCli({ DATABASE_URL: url });
    const anchor = /head #(\d+) ([0-9a-f]{64})/.exec(first.out);
    expect(anchor, first.out).not.toBeNull();
    await withClient(url, async (c) => {
      await c.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`);
      await c.query(`DELETE FROM "AuditEvent" WHERE id = 5`);
      // and the triggers switched back on as the migration left them, so the protection check finds nothing
      for (const t of ["audit_event_chain_lock", "audit_event_chain", "audit_event_append_only", "audit_event_no_truncate"]) {
        await c.query(`ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER ${t}`);
      }
    });
    const walk = verifyCli({ DATABASE_URL: url });
    expect(walk.status, walk.out).toBe(0);
    expect(walk.out).toMatch(/^audit chain ok: 4 rows/m);
    const anchored = verifyCli({ DATABASE_URL: url }, "--anchor", `${anchor![1]}:${anchor![2]}`);
    expect(anchored.status, anchored.out).toBe(1);
    expect(anchored.out).toContain("audit chain broken at row #5 (4 rows before it are intact):");
    expect(anchored.out).toContain("anchor row missing");
  });

  test("exits 2 and says why when it cannot check (a database without the audit-chain migration)", async () => {
    const name = `bolus_audit_empty_${process.pid}_${Date.now()}`;
    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    freshDatabases.push(name);
    const r = verifyCli({ DATABASE_URL: urlFor(name) });
    expect(r.status, r.out).toBe(2);
    expect(r.out).toMatch(/^audit:verify could not check the chain: /m);
  });
});

describe("embedded PGlite (the demo database)", () => {
  test("the same migration gives the same triggers and chain, and audit:verify checks it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "bolus-audit-pglite-"));
    const env = { DATABASE_URL: "", PGLITE_DIR: dir };
    const pglite = (sql: string) => {
      // PGlite is in-process: a small script opens the folder, runs the SQL, reports the outcome, closes it
      const code = `import { PGlite } from "@electric-sql/pglite";
        const db = await PGlite.create(process.env.PGLITE_DIR);
        let out;
        try { await db.exec(process.env.SQL); out = { ok: true }; } catch (e) { out = { ok: false, error: e.message }; }
        await db.close();
        console.log(JSON.stringify(out));`;
      const r = spawnSync("node", ["--input-type=module", "-e", code], { encoding: "utf8", env: { ...process.env, ...env, SQL: sql }, timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as { ok: boolean; error?: string };
    };
    try {
      deploy(env);
      expect(pglite(`INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('one', 'AuditTrailTest', 'success');
                     INSERT INTO "AuditEvent" (action, "entityType", outcome) VALUES ('two', 'AuditTrailTest', 'success')`)).toEqual({ ok: true });
      expect(pglite(`UPDATE "AuditEvent" SET action = 'edited'`)).toMatchObject({ ok: false, error: expect.stringMatching(APPEND_ONLY) });
      expect(pglite(`DELETE FROM "AuditEvent"`)).toMatchObject({ ok: false, error: expect.stringMatching(APPEND_ONLY) });
      const ok = verifyCli(env);
      expect(ok.status, ok.out).toBe(0);
      expect(ok.out).toMatch(/^audit chain ok: 2 rows, head #2 [0-9a-f]{64}$/m);

      expect(pglite(`ALTER TABLE "AuditEvent" DISABLE TRIGGER USER; UPDATE "AuditEvent" SET action = 'edited' WHERE id = 1`)).toEqual({ ok: true });
      const broken = verifyCli(env);
      expect(broken.status, broken.out).toBe(1);
      expect(broken.out).toContain("audit chain broken at row #1 (0 rows before it are intact):");
      expect(broken.out).toContain("hash mismatch");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
