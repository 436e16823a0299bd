// Migration …_review-pending (decision 057, amendment of 3 Dec 2026): DoseEvent.firstReviewedAt, the review queue's
// index key, is backfilled from the earliest HoldReview of each event on rows written before the migration.
// A fresh database is migrated up to the migration before it (the same db.mjs deploy, run over a copy of the
// migrations without it), rows are written, and then the real deploy applies only …_review-pending.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, test } from "vitest";
import { admin } from "./support/databases";

const serverUrl = process.env.DATABASE_URL!;
const name = `bolus_review_pending_${process.pid}_${Date.now()}`;
const freshUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
})();
const repo = process.cwd();
const dirs = readdirSync(path.join(repo, "prisma/migrations"));
const mine = dirs.find((d) => d.endsWith("_review-pending"))!;


function deploy(cwd: string) {
  return spawnSync("node", [path.join(repo, "scripts/db.mjs"), "deploy"], { cwd, encoding: "utf8", env: { ...process.env, DATABASE_URL: freshUrl }, timeout: 120_000 });
}

afterAll(async () => {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe("migration review-pending", () => {
  test("backfills firstReviewedAt from the earliest review of each event written before it, and nothing else", async () => {
    expect(mine).toBeDefined();
    await admin(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    // the database as it was before the migration
    const before = mkdtempSync(path.join(tmpdir(), "bolus-before-review-pending-"));
    try {
      cpSync(path.join(repo, "prisma/schema.prisma"), path.join(before, "prisma/schema.prisma"));
      for (const d of dirs.filter((d) => d < mine)) cpSync(path.join(repo, "prisma/migrations", d), path.join(before, "prisma/migrations", d), { recursive: true });
      cpSync(path.join(repo, "prisma/migrations/migration_lock.toml"), path.join(before, "prisma/migrations/migration_lock.toml"));
      const first = deploy(before);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).not.toContain(mine);
    } finally {
      rmSync(before, { recursive: true, force: true });
    }

    const ids = { unit: randomUUID(), nurse: randomUUID(), attending: randomUUID(), patient: randomUUID(), course: randomUUID() };
    const ev = { reviewed: randomUUID(), waiting: randomUUID(), given: randomUUID(), stopped: randomUUID() };
    const review = randomUUID();
    const signedAt = "2026-11-30 09:41:07.123";
    await admin(freshUrl, async (c) => {
      const column = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = 'DoseEvent' AND column_name = 'firstReviewedAt'`);
      expect(column.rowCount).toBe(0);
      await c.query(`INSERT INTO "Unit" (id, name, "timeZone") VALUES ($1, 'Migration Ward', 'Europe/London')`, [ids.unit]);
      await c.query(
        `INSERT INTO "User" (id, email, name, role, "passwordHash") VALUES ($1, 'n@migration.example', 'Nurse M', 'nurse', 'x'), ($2, 'a@migration.example', 'Dr A', 'attending', 'x')`,
        [ids.nurse, ids.attending],
      );
      await c.query(`INSERT INTO "Patient" (id, mrn, "familyName", "givenName", "birthDate", "unitId") VALUES ($1, 'MIG-1', 'Doe', 'Jo', '1970-01-01', $2)`, [ids.patient, ids.unit]);
      await c.query(
        `INSERT INTO "Course" (id, "patientId", protocol, "ruleSetId", "ruleSetVersion", "dosingWeightKg", "baselineWeightKg", "doseIuPerKg", "orderedById")
         VALUES ($1, $2, 'monotherapy', 'monotherapy-default', '1.1.0', 70, 70, 600000, $3)`,
        [ids.course, ids.patient, ids.nurse],
      );
      const event = (id: string, seq: number, kind: string, authorizedBy: string | null = null) =>
        c.query(
          `INSERT INTO "DoseEvent" (id, "courseId", sequence, kind, cycle, "occurredAt", "engineDecision", "decisionSnapshot", "ruleSetId", "ruleSetVersion", "recordedById", "authorizedByReviewId")
           VALUES ($1, $2, $3, $4::"DoseEventKind", 1, '2026-11-30 08:00', 'hold', '{}'::jsonb, 'monotherapy-default', '1.1.0', $5, $6)`,
          [id, ids.course, seq, kind, ids.nurse, authorizedBy],
        );
      await event(ev.reviewed, 1, "held");
      await event(ev.waiting, 2, "held");
      await event(ev.given, 3, "given");
      await c.query(
        `INSERT INTO "HoldReview" (id, "doseEventId", "attendingId", outcome, "signatureMeaning", "signedAt") VALUES ($1, $2, $3, 'stop', 'Stop', $4)`,
        [review, ev.reviewed, ids.attending, signedAt],
      );
      await event(ev.stopped, 4, "stopped", review);
    });

    const second = deploy(repo);
    expect(second.status, second.stderr).toBe(0);
    // this migration first; later ones (…_downtime-back-entry, …_downtime-acknowledge) follow it in the same deploy
    expect(second.stdout).toContain(`"appliedMigrationNames":["${mine}"`);

    await admin(freshUrl, async (c) => {
      const rows = (await c.query(`SELECT id::text, to_char("firstReviewedAt", 'YYYY-MM-DD HH24:MI:SS.MS') AS at FROM "DoseEvent"`)).rows as { id: string; at: string | null }[];
      const at = Object.fromEntries(rows.map((r) => [r.id, r.at]));
      expect(at).toEqual({ [ev.reviewed]: signedAt, [ev.waiting]: null, [ev.given]: null, [ev.stopped]: null });
      // the queue's partial index: the new predicate, and the old index is gone
      const idx = (await c.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'DoseEvent' AND indexname LIKE '%review%'`)).rows as { indexname: string; indexdef: string }[];
      expect(idx.map((i) => i.indexname)).toEqual(["DoseEvent_awaits_review_idx"]);
      expect(idx[0]!.indexdef).toContain(`"firstReviewedAt" IS NULL`);
      // the day's signatures are found through indexes, not by reading every review and course
      const plain = (await c.query(`SELECT indexname FROM pg_indexes WHERE indexname IN ('HoldReview_signedAt_idx', 'Course_cycle2ApprovedAt_idx') ORDER BY 1`)).rows.map((r) => r.indexname);
      expect(plain).toEqual(["Course_cycle2ApprovedAt_idx", "HoldReview_signedAt_idx"]);
      // the waiting set, as the queue asks it: only the unreviewed hold
      const waiting = await c.query(
        `SELECT e.id::text AS id FROM "DoseEvent" e WHERE e.status = 'active' AND e."authorizedByReviewId" IS NULL AND e."firstReviewedAt" IS NULL
           AND (e.kind <> 'given' OR (e."decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb OR (e."decisionSnapshot" #> '{result,needsAttendingReview}') = 'true'::jsonb)`,
      );
      expect(waiting.rows.map((r) => r.id)).toEqual([ev.waiting]);
    });
  }, 240_000);
});
