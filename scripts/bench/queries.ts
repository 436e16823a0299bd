// Query benchmark: `npm run bench:queries [-- --json] [--iterations 30] [--warmup 5] [--audit-runs 1]`.
// Times the real read functions of lib/db/queries exactly as the pages call them, on the database the app would
// use (DATABASE_URL → PostgreSQL; unset → the embedded PGlite), after `npm run db:seed:scale`:
//   board        app/(clinical)/board: loadBoard + unitClocks + listAdmittedWithoutCourse, the unit with 30 open courses
//   course page  app/(clinical)/courses/[id]: loadCourseView + listWitnesses + listCourseAmendments, a course with 28 given doses
//   review queue app/(clinical)/reviews: listReviewQueueByCourse + listCycle2Queue + listRecentSignatures, that unit's attending
//   count report app/(clinical)/verifications: listOrdersAwaitingVerification + listCountsAwaitingVerification, a pharmacist of
//                that unit (count_report_*) and a pharmacist of every unit (count_report_all_units_*)
//   audit verify lib/db/audit-verify.ts verifyAuditChain (what `npm run audit:verify` runs), rows per second
// Each query runs --warmup times untimed, then --iterations times; p50/p95/max per query. Prints a table, or with
// --json one JSON object whose keys end in their unit. Never asserts and never fails a test: the budgets are printed
// beside the numbers (docs/performance.md).
import { cpus } from "node:os";
import { prisma } from "@/lib/db/client";
import { loadBoard } from "@/lib/db/queries/board";
import { unitClocks } from "@/lib/db/queries/admin";
import { listAdmittedWithoutCourse } from "@/lib/db/queries/patients";
import { listWitnesses, loadCourseView } from "@/lib/db/queries/course-view";
import { listCourseAmendments } from "@/lib/db/queries/amendments";
import { listCycle2Queue, listRecentSignatures, listReviewQueueByCourse } from "@/lib/db/queries/reviews";
import { listCountsAwaitingVerification, listOrdersAwaitingVerification } from "@/lib/db/queries/verifications";
import { openRawDb, verifyAuditChain } from "@/lib/db/audit-verify";

const USAGE = "usage: bench:queries [-- --json] [--iterations N] [--warmup N] [--audit-runs N] [--unit <name>]";
type Args = { json: boolean; iterations: number; warmup: number; auditRuns: number; unit: string };

function parseArgs(argv: string[]): Args | string {
  const out: Args = { json: false, iterations: 30, warmup: 5, auditRuns: 1, unit: "Scale Ward 1" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    if (a === "--json") {
      out.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) return `${a} wants a value; ${USAGE}`;
    if (a === "--unit") out.unit = value;
    else if (a === "--iterations" || a === "--warmup" || a === "--audit-runs") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (a === "--warmup" ? 0 : 1)) return `${a} wants a whole number; ${USAGE}`;
      if (a === "--iterations") out.iterations = n;
      else if (a === "--warmup") out.warmup = n;
      else out.auditRuns = n;
    } else return `unknown argument ${a}; ${USAGE}`;
  }
  return out;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

async function time(run: () => Promise<unknown>, a: Args) {
  for (let i = 0; i < a.warmup; i++) await run();
  const ms: number[] = [];
  let size = 0;
  for (let i = 0; i < a.iterations; i++) {
    const t0 = performance.now();
    const r = await run();
    ms.push(performance.now() - t0);
    size = Array.isArray(r) ? r.length : 0;
  }
  ms.sort((x, y) => x - y);
  return { p50: quantile(ms, 0.5), p95: quantile(ms, 0.95), max: ms.at(-1)!, size };
}

const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

async function main(): Promise<number> {
  const a = parseArgs(process.argv.slice(2));
  if (typeof a === "string") {
    console.error(a);
    return 2;
  }
  const engine = process.env.DATABASE_URL ? "postgresql" : "pglite";
  const unit = await prisma.unit.findFirst({ where: { name: a.unit } });
  if (!unit) {
    console.error(`bench:queries: no unit named "${a.unit}" — run npm run db:seed:scale first`);
    return 2;
  }
  const [{ courses, events }] = (await prisma.$queryRaw<{ courses: bigint; events: bigint }[]>`SELECT (SELECT count(*) FROM "Course") AS courses, (SELECT count(*) FROM "DoseEvent") AS events`) as [{ courses: bigint; events: bigint }];
  const open = await prisma.course.count({ where: { status: { not: "closed" }, patient: { unitId: unit.id } } });
  // the course page: a course of this unit with 28 given doses (the full monotherapy course)
  // (a small seed may have none: then the course with the most given doses, and the output says how many)
  const [full] = await prisma.$queryRaw<{ id: string; given: number }[]>`
    SELECT c.id::text, g.given::int FROM "Course" c JOIN "Patient" p ON p.id = c."patientId"
     CROSS JOIN LATERAL (SELECT count(*) AS given FROM "DoseEvent" e WHERE e."courseId" = c.id AND e.kind = 'given' AND e.status = 'active') g
     WHERE p."unitId" = ${unit.id}::uuid AND g.given <= 28
     ORDER BY g.given DESC, c."startAt" DESC NULLS LAST LIMIT 1`;
  if (!full) {
    console.error(`bench:queries: no course with given doses on ${a.unit}`);
    return 2;
  }
  const nurse = await prisma.user.findFirst({ where: { role: "nurse", assignments: { some: { unitId: unit.id } } } });
  const allUnits = (await prisma.unit.findMany({ select: { id: true } })).map((u) => u.id);
  const unitIds = [unit.id];
  const now = new Date();

  const results = {
    board: await time(async () => (await Promise.all([loadBoard(unitIds, now), unitClocks(unitIds), listAdmittedWithoutCourse(unitIds)]))[0], a),
    course_page: await time(async () => {
      const v = await loadCourseView(unitIds, full.id, now);
      await Promise.all([listWitnesses(unit.id, nurse?.id ?? "00000000-0000-0000-0000-000000000000"), listCourseAmendments(full.id)]);
      return v?.timeline ?? [];
    }, a),
    review_queue: await time(async () => (await Promise.all([listReviewQueueByCourse(unitIds, now), listCycle2Queue(unitIds, now), listRecentSignatures(unitIds, now)]))[0], a),
    count_report: await time(async () => (await Promise.all([listOrdersAwaitingVerification(unitIds), listCountsAwaitingVerification(unitIds)]))[1], a),
    count_report_all_units: await time(async () => (await Promise.all([listOrdersAwaitingVerification(allUnits), listCountsAwaitingVerification(allUnits)]))[1], a),
  };
  await prisma.$disconnect();

  // the audit chain, as `npm run audit:verify` checks it
  let auditRows = 0;
  const rates: number[] = [];
  let auditOk = true;
  for (let i = 0; i < a.auditRuns; i++) {
    const conn = await openRawDb();
    try {
      const v = await verifyAuditChain(conn.db);
      auditRows = v.chain.rows;
      auditOk &&= v.ok;
      rates.push(v.chain.rows / v.seconds);
    } finally {
      await conn.close();
    }
  }
  rates.sort((x, y) => x - y);
  const auditRate = rates[Math.floor(rates.length / 2)]!;

  const out: Record<string, number | string | boolean> = {
    database: engine,
    cpus: cpus().length,
    courses: Number(courses),
    dose_events: Number(events),
    board_open_courses: open,
    course_page_given_doses: full.given,
    iterations: a.iterations,
  };
  for (const [k, r] of Object.entries(results)) {
    out[`${k}_p50_ms`] = round(r.p50);
    out[`${k}_p95_ms`] = round(r.p95);
    out[`${k}_max_ms`] = round(r.max);
    out[`${k}_rows`] = r.size;
  }
  out.audit_verify_rows = auditRows;
  out.audit_verify_rows_per_s = Math.round(auditRate);
  out.audit_verify_ok = auditOk;

  if (a.json) {
    console.log(JSON.stringify(out));
    return 0;
  }
  const budgets: Record<string, number> = { board: 50, course_page: 100, review_queue: 100, count_report: 100, count_report_all_units: 100 };
  console.log(`query benchmark — ${engine}, ${out.courses} courses, ${out.dose_events} dose events, ${cpus().length} cpus; ${a.warmup} warm-up + ${a.iterations} timed runs each`);
  console.log("");
  const rows = [["query", "rows", "p50 ms", "p95 ms", "max ms", "budget p95"]];
  for (const [k, r] of Object.entries(results)) rows.push([k.replaceAll("_", " "), String(r.size), r.p50.toFixed(1), r.p95.toFixed(1), r.max.toFixed(1), `≤ ${budgets[k]} ms`]);
  rows.push(["audit verify", String(auditRows), "", "", "", "≥ 100,000 rows/s"]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  "));
  console.log("");
  console.log(`audit verify: ${Math.round(auditRate).toLocaleString("en-US")} rows/s (median of ${a.auditRuns}), chain ${auditOk ? "ok" : "BROKEN"}; board unit has ${open} open courses; the course page has ${full.given} given doses`);
  return 0;
}

process.exit(await main());
