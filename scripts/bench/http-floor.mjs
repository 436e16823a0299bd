/* global process, console, Buffer */
// The floor of the HTTP benchmark (issue 13, item 2; scripts/bench/http.ts starts it): a bare Node HTTP handler with
// a `pg` pool that, per request, does the least a recorded dose needs in the database — in one transaction, the
// course's row lock (lib/auth/scope.ts lockCourse, which every write to a course takes), the dose event row with the
// next sequence number and a stored engine snapshot, and the audit row, whose trigger takes the audit chain's
// advisory lock and chains the row (prisma/migrations/20261129165136_audit-chain) — then COMMIT. No session, no
// form parsing, no engine, no rendering: what a server action adds on top is what the benchmark measures against it.
//
//   POST /dose  {"courseId": "…", "actorId": "…", "assessmentId": "…"}  → 200 {"sequence": n}
//
// Environment: DATABASE_URL, PORT, FLOOR_POOL_SIZE (default DATABASE_POOL_SIZE or 10, the app's pool size,
// lib/db/client.ts), FLOOR_SNAPSHOT (a JSON file: the decisionSnapshot to store; default a small one).
import http from "node:http";
import { readFileSync } from "node:fs";
import pg from "pg";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("http-floor: DATABASE_URL is not set.");
  process.exit(1);
}
const pool = new pg.Pool({ connectionString: url, max: Number(process.env.FLOOR_POOL_SIZE ?? process.env.DATABASE_POOL_SIZE ?? 10) });
const snapshot = process.env.FLOOR_SNAPSHOT ? readFileSync(process.env.FLOOR_SNAPSHOT, "utf8") : JSON.stringify({ decision: "give" });

async function recordDose({ courseId, actorId, assessmentId }) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(`SELECT id FROM "Course" WHERE id = $1::uuid FOR UPDATE`, [courseId]);
    const { rows: [event] } = await client.query(
      `INSERT INTO "DoseEvent" (id, "courseId", sequence, kind, cycle, "doseIu", "occurredAt", "assessmentId", "engineDecision",
         "decisionSnapshot", "ruleSetId", "ruleSetVersion", criteria, "recordedById", "recordedAt")
       SELECT gen_random_uuid(), $1::uuid, COALESCE(MAX(sequence), 0) + 1, 'given', 1, 48000000, now(), $2::uuid, 'give',
         $3::jsonb, 'til-2024', '1.1.0', '{}', $4::uuid, now()
       FROM "DoseEvent" WHERE "courseId" = $1::uuid
       RETURNING id, sequence`,
      [courseId, assessmentId, snapshot, actorId],
    );
    await client.query(
      `INSERT INTO "AuditEvent" ("actorId", "actorLabel", action, "entityType", "entityId", outcome, details, at)
       VALUES ($1::uuid, 'floor@bench.bolus', 'dose-record', 'DoseEvent', $2, 'success', $3::jsonb, now())`,
      [actorId, event.id, JSON.stringify({ courseId, sequence: event.sequence, kind: "given", doseIu: 48000000, engineDecision: "give", tier: null, authorizedByReviewId: null, criteria: [] })],
    );
    await client.query("COMMIT");
    return event.sequence;
  } catch (e) {
    await client.query("ROLLBACK").catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

const server = http.createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/dose") {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    recordDose(body).then(
      (sequence) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ sequence })),
      (e) => {
        console.error(`http-floor: ${e instanceof Error ? e.message : e}`);
        res.writeHead(500).end();
      },
    );
  });
});
server.listen(Number(process.env.PORT ?? 3224), "127.0.0.1", () => console.log(`http-floor listening on ${process.env.PORT ?? 3224}`));
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.close(() => pool.end().then(() => process.exit(0))));
