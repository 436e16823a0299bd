import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { classifyDatabaseError, violatedConstraint } from "@/lib/db/errors";
import { admin as withClient } from "./support/databases";

// One HoldReview per dose event is a database constraint, not only the `if (prior)` check in
// lib/actions/review-hold.ts: the check runs under the course lock, the constraint holds whatever path writes.

const MIGRATION = "20261202184719_one-review-per-dose-event";

type User = Awaited<ReturnType<typeof makeUser>>;
let attending: User;
let colleague: User;
let nurse: User;
let course: Awaited<ReturnType<typeof makeCourse>>;

beforeAll(async () => {
  const unit = (await makeUnit()).id;
  attending = await makeUser("attending", [unit]);
  colleague = await makeUser("attending", [unit]);
  nurse = await makeUser("nurse", [unit]);
  const pharmacist = await makeUser("pharmacist", [unit]);
  const patient = await makePatient(unit);
  course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -4 });
});

const reviewOf = (doseEventId: string, attendingId: string, outcome: "confirm" | "override") => ({
  doseEventId, attendingId, outcome, signatureMeaning: outcome === "confirm" ? "Reviewed: hold confirmed" : "Override: I allow this dose despite the hold",
  reason: outcome === "override" ? "r" : null, signedAt: new Date(),
});

describe("one review per dose event", () => {
  test("a second review row for the same event is refused by the database with P2002; the first review stands", async () => {
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 1, criteria: ["urine-output-low"] });
    const first = await prisma.holdReview.create({ data: reviewOf(held.id, attending.id, "confirm") });

    const second = prisma.$transaction(async (tx) => {
      await tx.holdReview.create({ data: reviewOf(held.id, colleague.id, "override") });
    });
    await expect(second).rejects.toMatchObject({
      code: "P2002",
      meta: { modelName: "HoldReview", driverAdapterError: { cause: { constraint: { index: "HoldReview_doseEventId_key" } } } },
    });

    // the action pipeline reads the same error by its codes: a unique violation of this index (CONFLICT, not INTERNAL)
    const caught = await second.catch((e: unknown) => e);
    expect(classifyDatabaseError(caught)).toBe("unique-violation");
    expect(violatedConstraint(caught)).toBe("HoldReview_doseEventId_key");

    const rows = await prisma.holdReview.findMany({ where: { doseEventId: held.id } });
    expect(rows.map((r) => [r.id, r.attendingId, r.outcome])).toEqual([[first.id, attending.id, "confirm"]]);
  });

  test("reviews of two different events of one course are both kept", async () => {
    const a = await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 0.5, criteria: ["urine-output-low"] });
    const b = await makeDoseEvent(course.id, nurse.id, { sequence: 3, kind: "stopped", hoursAgo: 0.25 });
    await prisma.$transaction(async (tx) => {
      await tx.holdReview.create({ data: reviewOf(a.id, attending.id, "confirm") });
      await tx.holdReview.create({ data: reviewOf(b.id, attending.id, "confirm") });
    });
    expect(await prisma.holdReview.count({ where: { doseEventId: { in: [a.id, b.id] } } })).toBe(2);
  });
});

// The migration meets a database that already holds duplicate reviews: it must stop with a clear message and
// delete nothing. A scratch database gets every migration before this one, then two reviews of one event.
describe(`migration ${MIGRATION}`, () => {
  const serverUrl = process.env.DATABASE_URL!;
  const name = `bolus_review_unique_${process.pid}_${Date.now()}`;
  const scratchUrl = (() => {
    const u = new URL(serverUrl);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const work = mkdtempSync(path.join(tmpdir(), "bolus-review-unique-"));
  const root = process.cwd();


  /** scripts/db.mjs deploy, run in `work`: it reads prisma/schema.prisma and prisma/migrations from its cwd. */
  const deploy = () =>
    spawnSync("node", [path.join(root, "scripts/db.mjs"), "deploy"], {
      cwd: work, encoding: "utf8", env: { ...process.env, DATABASE_URL: scratchUrl }, timeout: 120_000,
    });

  afterAll(async () => {
    await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    rmSync(work, { recursive: true, force: true });
  });

  test("refuses to add the constraint over duplicate reviews, names the event, and deletes nothing", async () => {
    const migrations = path.join(root, "prisma/migrations");
    const before = readdirSync(migrations).filter((d) => d < MIGRATION);
    expect(before.length).toBeGreaterThan(0);
    for (const d of [...before, "migration_lock.toml"]) cpSync(path.join(migrations, d), path.join(work, "prisma/migrations", d), { recursive: true });
    cpSync(path.join(root, "prisma/schema.prisma"), path.join(work, "prisma/schema.prisma"));

    await withClient(serverUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
    const first = deploy();
    expect(first.status, first.stderr).toBe(0);

    // Two reviews of one event, as a database from before the constraint may hold. Foreign keys are not the
    // subject here: the rows reference ids that exist nowhere, so replication mode skips the FK triggers.
    const eventId = "00000000-0000-4000-8000-00000000e001";
    await withClient(scratchUrl, async (c) => {
      await c.query("SET session_replication_role = replica");
      for (const [id, outcome] of [["00000000-0000-4000-8000-0000000000a1", "confirm"], ["00000000-0000-4000-8000-0000000000a2", "stop"]]) {
        await c.query(
          `INSERT INTO "HoldReview" (id, "doseEventId", "attendingId", outcome, "signatureMeaning", "signedAt")
           VALUES ($1, $2, '00000000-0000-4000-8000-000000000001', $3, 'm', now())`,
          [id, eventId, outcome],
        );
      }
    });

    cpSync(path.join(migrations, MIGRATION), path.join(work, "prisma/migrations", MIGRATION), { recursive: true });
    const second = deploy();
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`1 dose event(s) already have more than one HoldReview (first 20: ${eventId} (2 reviews))`);
    expect(second.stderr).toContain("Nothing was changed and no review was deleted");

    await withClient(scratchUrl, async (c) => {
      const rows = await c.query(`SELECT id, outcome FROM "HoldReview" ORDER BY id`);
      expect(rows.rows).toEqual([
        { id: "00000000-0000-4000-8000-0000000000a1", outcome: "confirm" },
        { id: "00000000-0000-4000-8000-0000000000a2", outcome: "stop" },
      ]);
      const indexes = await c.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'HoldReview' ORDER BY 1`);
      expect(indexes.rows.map((r) => r.indexname)).toEqual(["HoldReview_doseEventId_idx", "HoldReview_pkey"]);
    });
  }, 180_000);
});
