// Walks the audit hash chain (docs/decisions/040-tamper-evident-audit.md):
//   npm run audit:verify [-- --anchor <id>:<hash>]
// DATABASE_URL set → that PostgreSQL; unset → the embedded PGlite (PGLITE_DIR), exactly as the app connects.
// Each row's digest is recomputed IN SQL by audit_event_digest() — the function the insert trigger uses, so the
// canonical form has one definition — and each row's prevHash must equal the stored hash of the row before it.
// Exit 0: `audit chain ok: N rows, head #id <hash>`. Exit 1: the first broken link. Exit 2: could not check.
// --anchor: a head printed earlier and kept outside the database; it must still be in the chain with that hash.
// That catches what a walk alone cannot: rows removed from the end, or a chain rebuilt from scratch.
import { prisma } from "@/lib/db/client";

const GENESIS = "0".repeat(64); // prevHash of the first row, set by the trigger
const BATCH = 1_000;
const USAGE = "usage: audit:verify [--anchor <id>:<sha256 hex>]";

type Row = { id: string; prevHash: string | null; hash: string | null; computed: string };
type Anchor = { id: bigint; hash: string };
type Outcome =
  | { ok: true; rows: number; head: { id: string; hash: string } | null; anchor: Anchor | null }
  | { ok: false; rows: number; id: string; problems: string[] };

function parseArgs(argv: string[]): Anchor | null | string {
  let anchor: Anchor | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    const value = a === "--anchor" ? argv[++i] : a.startsWith("--anchor=") ? a.slice("--anchor=".length) : undefined;
    if (value === undefined) return `unknown argument ${a}; ${USAGE}`;
    const m = /^(\d+):([0-9a-f]{64})$/.exec(value);
    if (!m) return `--anchor wants <id>:<64 hex digits>, got "${value}"; ${USAGE}`;
    anchor = { id: BigInt(m[1]!), hash: m[2]! };
  }
  return anchor;
}

async function verify(anchor: Anchor | null): Promise<Outcome> {
  let expectedPrev = GENESIS;
  let prevId: string | null = null;
  let rows = 0;
  let anchorSeen = false;
  // Keyset pages in id order. Ids are drawn under the chain lock, so no row can later commit below one already
  // read: rows appended while this runs are simply included or not.
  for (let after = "-1"; ; ) {
    const page = await prisma.$queryRaw<Row[]>`
      SELECT a.id::text AS id, a."prevHash", a.hash, audit_event_digest(a) AS computed
      FROM "AuditEvent" a
      WHERE a.id > ${after}::bigint
      ORDER BY a.id
      LIMIT ${BATCH}`;
    for (const row of page) {
      const problems: string[] = [];
      if (row.prevHash !== expectedPrev) {
        problems.push(
          prevId === null
            ? `prevHash mismatch: the first row does not start the chain (prevHash ${row.prevHash ?? "NULL"}) — earlier rows were removed`
            : `prevHash mismatch: it does not link to row #${prevId} (expected ${expectedPrev}, found ${row.prevHash ?? "NULL"}) — a row between them was removed, or rows were reordered`,
        );
      }
      if (row.hash === null) {
        problems.push("hash missing: the row was written with the chain trigger disabled");
      } else if (row.computed !== row.hash) {
        problems.push(`hash mismatch: the row was altered after it was written (stored ${row.hash}, recomputed ${row.computed})`);
      }
      if (anchor && BigInt(row.id) === anchor.id) {
        anchorSeen = true;
        if (row.hash !== anchor.hash) problems.push(`anchor mismatch: the anchor says ${anchor.hash} — the chain was rewritten since it was exported`);
      }
      if (problems.length) return { ok: false, rows, id: row.id, problems };
      expectedPrev = row.hash!;
      prevId = row.id;
      rows++;
    }
    if (page.length < BATCH) break;
    after = page.at(-1)!.id;
  }
  if (anchor && !anchorSeen) {
    return {
      ok: false,
      rows,
      id: anchor.id.toString(),
      problems: ["anchor row missing: rows were removed from the end of the chain, or the chain was rebuilt"],
    };
  }
  return { ok: true, rows, head: prevId === null ? null : { id: prevId, hash: expectedPrev }, anchor };
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(args);
    return 2;
  }
  try {
    const out = await verify(args);
    if (out.ok) {
      const head = out.head ? `, head #${out.head.id} ${out.head.hash}` : "";
      const anchor = out.anchor ? `, anchor #${out.anchor.id} matches` : "";
      console.log(`audit chain ok: ${out.rows} rows${head}${anchor}`);
      return 0;
    }
    console.log(`audit chain broken at row #${out.id} (${out.rows} rows before it are intact):`);
    for (const p of out.problems) console.log(`  ${p}`);
    return 1;
  } catch (e) {
    console.error(`audit:verify could not check the chain: ${(e as Error).message}`);
    return 2;
  } finally {
    await prisma.$disconnect();
  }
}

// PGlite and the pg pool can keep the event loop alive for a while after the work: exit explicitly.
process.exit(await main());
