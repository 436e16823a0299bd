// Issue 14: the demo seed's history for the quality view (prisma/seed.ts, docs/decisions/062-quality-view.md) adds
// only closed courses of discharged patients: the board, the review queue and the pharmacist's queues hold exactly
// what the five current demo patients put there, and the history's figures are the ones the e2e spec reads.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { admin, databaseUrl, freshMigratedDatabase } from "./support/databases";

const name = `${new URL(databaseUrl()).pathname.slice(1)}_demohistory_${process.pid}`;
let url: string;

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  url = await freshMigratedDatabase(name);
  const seed = spawnSync("node_modules/.bin/tsx", ["prisma/seed.ts"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url, BOLUS_DEMO: "1" }, timeout: 180_000 });
  expect(seed.status, seed.stderr).toBe(0);
  expect(seed.stdout).toMatch(/demo data loaded: 1 unit, 4 users, 5 patients, 10 discharged after past courses/);
}, 240_000);
afterAll(async () => {
  await admin(databaseUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe("the demo history", () => {
  test("ten discharged patients, each with one closed course 20 to 110 days ago; the open courses are the five patients' own", async () => {
    const courses = await query<{ mrn: string; status: string; discharged: boolean; days: number }>(`
      SELECT p.mrn, c.status::text AS status, p."dischargedAt" IS NOT NULL AS discharged,
             round(extract(epoch FROM now() - coalesce(c."tilInfusionEndAt", c."startAt")) / 86400)::int AS days
        FROM "Course" c JOIN "Patient" p ON p.id = c."patientId" ORDER BY p.mrn`);
    const past = courses.filter((c) => c.mrn.startsWith("DEMO-20"));
    expect(past).toHaveLength(10);
    expect(past.every((c) => c.status === "closed" && c.discharged && c.days >= 20 && c.days <= 110)).toBe(true);
    expect(courses.filter((c) => !c.mrn.startsWith("DEMO-20")).map((c) => [c.mrn, c.status])).toEqual([
      ["DEMO-1001", "active"], ["DEMO-1002", "active"], ["DEMO-1003", "active"], ["DEMO-1005", "ordered"],
    ]);
  });

  test("nothing of the history waits: every hold reviewed, every course's counts signed off through its last event", async () => {
    // the review queue's own predicate (lib/db/queries/reviews.ts): only the current demo hold (DEMO-1002) waits
    const waiting = await query<{ mrn: string }>(`
      SELECT p.mrn FROM "DoseEvent" e JOIN "Course" c ON c.id = e."courseId" JOIN "Patient" p ON p.id = c."patientId"
       WHERE e.status = 'active' AND e."authorizedByReviewId" IS NULL AND e."firstReviewedAt" IS NULL
         AND (e.kind <> 'given' OR (e."decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb)`);
    expect(waiting.map((w) => w.mrn)).toEqual(["DEMO-1002"]);
    const unsigned = await query<{ mrn: string }>(`
      SELECT p.mrn FROM "Course" c JOIN "Patient" p ON p.id = c."patientId"
       WHERE p.mrn LIKE 'DEMO-20%' AND NOT EXISTS (
         SELECT 1 FROM "DoseCountVerification" v WHERE v."courseId" = c.id AND v."countsMatch"
            AND v."lastEventSequence" = (SELECT max(sequence) FROM "DoseEvent" e WHERE e."courseId" = c.id))`);
    expect(unsigned).toEqual([]);
  });

  test("the doses given, holds and stops each course records (the figures tests/e2e/quality.spec.ts works out)", async () => {
    const rows = await query<{ mrn: string; protocol: string; given: number; held: number; stopped: number; discontinued: number }>(`
      SELECT p.mrn, c.protocol::text AS protocol,
             count(*) FILTER (WHERE e.kind = 'given')::int AS given, count(*) FILTER (WHERE e.kind = 'held')::int AS held,
             count(*) FILTER (WHERE e.kind = 'stopped')::int AS stopped, count(*) FILTER (WHERE e.kind = 'discontinued')::int AS discontinued
        FROM "Course" c JOIN "Patient" p ON p.id = c."patientId" LEFT JOIN "DoseEvent" e ON e."courseId" = c.id
       WHERE p.mrn LIKE 'DEMO-20%' GROUP BY p.mrn, c.protocol ORDER BY p.mrn`);
    expect(rows.map((r) => [r.mrn, r.protocol, r.given, r.held, r.stopped, r.discontinued])).toEqual([
      ["DEMO-2001", "til-adjunct", 6, 0, 0, 0],
      ["DEMO-2002", "monotherapy", 28, 0, 0, 0],
      ["DEMO-2003", "til-adjunct", 3, 2, 1, 0],
      ["DEMO-2004", "monotherapy", 14, 1, 0, 0],
      ["DEMO-2005", "til-adjunct", 6, 1, 0, 0],
      ["DEMO-2006", "monotherapy", 6, 3, 0, 1],
      ["DEMO-2007", "til-adjunct", 1, 1, 0, 1],
      ["DEMO-2008", "monotherapy", 17, 2, 1, 0],
      ["DEMO-2009", "til-adjunct", 0, 2, 0, 0],
      ["DEMO-2010", "monotherapy", 3, 1, 0, 1],
    ]);
  });
});
