// The plans behind bench:queries: `npx tsx --conditions react-server scripts/bench/explain.ts [--out docs/performance/plans]`
// (PostgreSQL only: DATABASE_URL). Runs each page's query functions once through a Prisma client that reports its
// SQL, then runs `EXPLAIN (ANALYZE, BUFFERS)` of every statement with the same parameters and writes one file per
// page: the statement, its parameters and its plan.
import { mkdirSync, writeFileSync } from "node:fs";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("explain: PostgreSQL only — set DATABASE_URL (after npm run db:seed:scale)");
  process.exit(2);
}
const outDir = process.argv.includes("--out") ? process.argv[process.argv.indexOf("--out") + 1]! : "docs/performance/plans";
const captured: { query: string; params: string }[] = [];
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }), log: [{ emit: "event", level: "query" }] });
client.$on("query", (e) => captured.push({ query: e.query, params: e.params }));
(globalThis as unknown as { bolusPrisma?: PrismaClient }).bolusPrisma = client; // lib/db/client.ts takes this one

const { loadBoard } = await import("@/lib/db/queries/board");
const { loadCourseView } = await import("@/lib/db/queries/course-view");
const { listReviewQueueByCourse, listCycle2Queue, listRecentSignatures } = await import("@/lib/db/queries/reviews");
const { listCountsAwaitingVerification, listOrdersAwaitingVerification } = await import("@/lib/db/queries/verifications");

const unit = await client.unit.findFirstOrThrow({ where: { name: "Scale Ward 1" } });
const allUnits = (await client.unit.findMany({ select: { id: true } })).map((u) => u.id);
const [full] = (await client.$queryRaw<{ id: string }[]>`
  SELECT c.id::text FROM "Course" c JOIN "Patient" p ON p.id = c."patientId"
   WHERE p."unitId" = ${unit.id}::uuid AND (SELECT count(*) FROM "DoseEvent" e WHERE e."courseId" = c.id AND e.kind = 'given' AND e.status = 'active') = 28
   ORDER BY c."startAt" DESC NULLS LAST LIMIT 1`) as [{ id: string }];
const now = new Date();

const pages: [string, () => Promise<unknown>][] = [
  ["board", () => loadBoard([unit.id], now)],
  ["course-page", () => loadCourseView([unit.id], full.id, now)],
  ["review-queue", () => Promise.all([listReviewQueueByCourse([unit.id], now), listCycle2Queue([unit.id], now), listRecentSignatures([unit.id], now)])],
  ["count-report", () => Promise.all([listOrdersAwaitingVerification(allUnits), listCountsAwaitingVerification(allUnits)])],
];

const db = new pg.Client({ connectionString: url });
await db.connect();
mkdirSync(outDir, { recursive: true });
for (const [name, run] of pages) {
  await run(); // warm
  captured.length = 0;
  await run();
  const statements = [...captured];
  const parts: string[] = [`-- ${name}: ${statements.length} statement(s), EXPLAIN (ANALYZE, BUFFERS) on ${new URL(url).pathname.slice(1)}, ${now.toISOString()}`];
  for (const [i, s] of statements.entries()) {
    const params = JSON.parse(s.params) as unknown[];
    const plan = await db.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${s.query}`, values: params });
    parts.push(`\n-- statement ${i + 1}\n${s.query}\n-- parameters: ${s.params.length > 400 ? `${s.params.slice(0, 400)}…` : s.params}\n${plan.rows.map((r) => r["QUERY PLAN"]).join("\n")}`);
  }
  writeFileSync(`${outDir}/${name}.txt`, `${parts.join("\n")}\n`);
  console.log(`${name}: ${statements.length} statements → ${outDir}/${name}.txt`);
}
await db.end();
await client.$disconnect();
process.exit(0);
