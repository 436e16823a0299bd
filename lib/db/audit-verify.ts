// The audit chain's verifier (docs/decisions/040-tamper-evident-audit.md, corrected by
// docs/decisions/051-audit-independence-and-roles.md). It trusts nothing a database role can replace:
//   - every row's hash is recomputed HERE, in Node, from the column values (read through PostgreSQL's built-in
//     text output, never through a function of ours), in the canonical form the migration documents;
//   - the triggers that keep the table append-only and chained must exist, fire where the migration put them and be
//     enabled ALWAYS, and the bodies of their functions must be the migrated ones (SHA-256 kept below);
//   - the session pins search_path to pg_catalog, so no operator, cast or function of a user schema can stand in for
//     a built-in while it reads.
// A role that can rewrite every row from the tampered one to the head is still caught only by a head kept outside
// the database (exportHead / --anchor): the digest has no key.
import * as crypto from "node:crypto";
import { mkdirSync } from "node:fs";

export const AUDIT_GENESIS = "0".repeat(64);
const SCHEMA = "public";
const TABLE = `${SCHEMA}."AuditEvent"`;

/** A row as PostgreSQL's built-in text output gives it, in the canonical form's order, then the stored hash. */
export type AuditRowText = readonly [
  id: string,
  at: string, // timestamp(3) without time zone, DateStyle ISO: "2026-12-03 10:07:13.12"
  actorId: string | null,
  actorLabel: string | null,
  action: string,
  entityType: string,
  entityId: string | null,
  outcome: string,
  details: string | null, // jsonb's own text form, which is canonical (keys ordered, fixed spacing)
  requestId: string | null,
  prevHash: string | null,
  hash: string | null,
];

const TIMESTAMP = /^(\d{4,})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/;

/**
 * `(extract(epoch FROM at) * 1000)::bigint::text` of the migration, from the column's ISO text form. The column is
 * TIMESTAMP(3), so the fraction has at most 3 digits; a longer one is rounded half away from zero, as ::bigint does.
 */
export function epochMillisText(at: string): string {
  // fast path, the common shape "YYYY-MM-DD HH:MM:SS[.f{1,3}]": the day's start is cached (rows come in time order)
  const n = at.length;
  if (n >= 19 && n <= 23 && at.charCodeAt(10) === 32 && at.charCodeAt(4) === 45 && (n === 19 || at.charCodeAt(19) === 46)) {
    const day = at.slice(0, 10);
    if (day !== dayCache.day) {
      dayCache.day = day;
      dayCache.ms = /^\d{4}-\d\d-\d\d$/.test(day) && Number(day.slice(0, 4)) >= 1000 ? Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10))) : NaN;
    }
    const h = digits2(at, 11);
    const mi = digits2(at, 14);
    const sec = digits2(at, 17);
    let ms = 0;
    for (let i = 20, scale = 100; i < 23; i++, scale /= 10) ms += i < n ? (at.charCodeAt(i) - 48) * scale : 0;
    const v = dayCache.ms + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
    if (Number.isInteger(v) && at.charCodeAt(13) === 58 && at.charCodeAt(16) === 58 && /^\d*$/.test(at.slice(20))) return String(v);
  }
  return epochMillisSlow(at);
}

const dayCache = { day: "", ms: NaN };
const digits2 = (s: string, i: number) => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
};

function epochMillisSlow(at: string): string {
  const m = TIMESTAMP.exec(at);
  if (!m) throw new Error(`cannot read the audit time "${at}"`);
  const d = new Date(0);
  d.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  d.setUTCHours(Number(m[4]), Number(m[5]), Number(m[6]), 0);
  const frac = m[7] ?? "";
  const ms = frac.length <= 3 ? Number(frac.padEnd(3, "0")) : Math.round(Number(`0.${frac}`) * 1000);
  return String(d.getTime() + ms);
}

// PostgreSQL's escape_json and JSON.stringify agree on every string PostgreSQL can store (UTF-8, no NUL): both escape
// " \ \b \f \n \r \t and other controls below U+0020 as \u00xx in lower case, and nothing else.
const str = (v: string | null): string => (v === null ? "null" : JSON.stringify(v));

/**
 * The text that is hashed: jsonb_build_array('bolus-audit-v1', id, at as epoch ms, actorId, actorLabel, action,
 * entityType, entityId, outcome, details, requestId, prevHash)::text — jsonb's array form, ", " between elements.
 */
export function auditCanonicalForm(r: AuditRowText): string {
  return `["bolus-audit-v1", ${str(r[0])}, "${epochMillisText(r[1])}", ${str(r[2])}, ${str(r[3])}, ${str(r[4])}, ${str(r[5])}, ${str(r[6])}, ${str(r[7])}, ${r[8] ?? "null"}, ${str(r[9])}, ${str(r[10])}]`;
}

/** hex SHA-256 of the canonical form's UTF-8 bytes: what audit_event_digest() returns for an untouched function. */
export function auditDigest(r: AuditRowText): string {
  return sha256Hex(auditCanonicalForm(r));
}

// crypto.hash (Node ≥ 20.12) is the one-shot form, a little faster than createHash per row
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function" ? (text) => crypto.hash("sha256", text, "hex") : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

// ---------------------------------------------------------------------------------------------------------------
// What the migrations installed. Bodies are pg_proc.prosrc, the text between $$ … $$ of the LAST migration that
// creates or replaces the function; tests/unit/audit-verify.test.ts recomputes these from prisma/migrations, so a
// migration that changes a body fails that test until the new hash is written here.
// ---------------------------------------------------------------------------------------------------------------
export const AUDIT_FUNCTIONS = {
  audit_event_digest: { language: "sql", bodySha256: "31363dba98cef010ee2efd0d2f43f116111fc9fb9b765504a7054e360d22dede" },
  audit_event_chain_lock: { language: "plpgsql", bodySha256: "06ea287ed199534d1d92a30f06ee0248978694c50488138aaf363d4fd92fa843" },
  audit_event_chain: { language: "plpgsql", bodySha256: "99a339bddc3f4a09df6b93bf5d189dda369e41828679d0e3353f442aaccb57f5" },
  audit_event_append_only: { language: "plpgsql", bodySha256: "b50785c20935c39e94b16fba382677ff8b65e5624c0f2f35b79e1e90d82d5d6c" },
} as const;
export type AuditFunctionName = keyof typeof AUDIT_FUNCTIONS;
export const AUDIT_MIGRATION = "20261129165136_audit-chain";

// pg_trigger.tgtype bits: ROW 1, BEFORE 2, INSERT 4, DELETE 8, UPDATE 16, TRUNCATE 32
export const AUDIT_TRIGGERS: readonly { name: string; fn: AuditFunctionName; type: number; fires: string }[] = [
  { name: "audit_event_chain_lock", fn: "audit_event_chain_lock", type: 2 | 4, fires: "BEFORE INSERT FOR EACH STATEMENT" },
  { name: "audit_event_chain", fn: "audit_event_chain", type: 1 | 2 | 4, fires: "BEFORE INSERT FOR EACH ROW" },
  { name: "audit_event_append_only", fn: "audit_event_append_only", type: 1 | 2 | 8 | 16, fires: "BEFORE UPDATE OR DELETE FOR EACH ROW" },
  { name: "audit_event_no_truncate", fn: "audit_event_append_only", type: 2 | 32, fires: "BEFORE TRUNCATE FOR EACH STATEMENT" },
];

/** Line endings normalised, so a checkout with CRLF neither breaks nor hides a comparison. */
export const bodySha256 = (body: string): string => crypto.createHash("sha256").update(body.replace(/\r\n/g, "\n"), "utf8").digest("hex");

const ENABLED: Record<string, string> = {
  D: "disabled",
  O: "enabled only for ordinary sessions (a session with session_replication_role = replica skips it); the migration enables it ALWAYS",
  R: "enabled only for replica sessions",
};

// ---------------------------------------------------------------------------------------------------------------
// Reading the database
// ---------------------------------------------------------------------------------------------------------------
/** The one thing the verifier needs from a connection: rows as arrays of text (or null). */
export interface RawDb {
  query(sql: string, params?: (string | number)[]): Promise<(string | null)[][]>;
}

type SchemaRow = [kind: string, name: string, a: string | null, b: string | null, c: string | null, d: string | null];

/** Everything about the table's protection that differs from what the migrations installed, in words. */
export async function auditSchemaDeviations(db: RawDb): Promise<string[]> {
  const out: string[] = [];
  const table = await db.query(
    `SELECT c.relkind::text, c.relrowsecurity::text, (SELECT count(*) FROM pg_rewrite r WHERE r.ev_class = c.oid)::text
     FROM pg_class c WHERE c.oid = to_regclass($1)`,
    [TABLE],
  );
  const t = table[0];
  if (!t) throw new Error(`the table ${TABLE} does not exist: are the migrations applied?`);
  if (t[0] !== "r") out.push(`${TABLE} is not an ordinary table (relkind ${t[0]})`);
  if (t[1] === "true") out.push(`row level security is on for ${TABLE}: a policy can hide rows from this check`);
  if (t[2] !== "0") out.push(`${TABLE} has ${t[2]} rewrite rule(s): an insert may not reach the table`);

  const rows = (await db.query(
    `SELECT 'trigger', t.tgname::text, t.tgenabled::text, t.tgtype::text, p.proname::text, NULL
       FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE t.tgrelid = to_regclass($1) AND NOT t.tgisinternal
     UNION ALL
     SELECT 'function', p.proname::text, l.lanname::text, p.prosrc, p.prosecdef::text, NULL
       FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $2 AND p.proname = ANY($3::text[])`,
    [TABLE, SCHEMA, `{${Object.keys(AUDIT_FUNCTIONS).join(",")}}`],
  )) as SchemaRow[];

  const triggers = new Map(rows.filter((r) => r[0] === "trigger").map((r) => [r[1], r]));
  for (const want of AUDIT_TRIGGERS) {
    const got = triggers.get(want.name);
    triggers.delete(want.name);
    if (!got) {
      out.push(`trigger ${want.name} on "AuditEvent" is missing (${want.fires})`);
      continue;
    }
    const [, , enabled, type, fn] = got;
    if (enabled !== "A") out.push(`trigger ${want.name} on "AuditEvent" is ${ENABLED[enabled ?? ""] ?? `in state ${enabled}`}`);
    if (Number(type) !== want.type) out.push(`trigger ${want.name} on "AuditEvent" no longer fires ${want.fires} (tgtype ${type}, expected ${want.type})`);
    if (fn !== want.fn) out.push(`trigger ${want.name} on "AuditEvent" calls ${fn}(), not ${want.fn}()`);
  }
  for (const name of triggers.keys()) out.push(`unexpected trigger ${name} on "AuditEvent" (not created by the migrations)`);

  const functions = rows.filter((r) => r[0] === "function");
  for (const [name, want] of Object.entries(AUDIT_FUNCTIONS)) {
    const found = functions.filter((r) => r[1] === name);
    if (found.length === 0) {
      out.push(`function ${name}() is missing`);
      continue;
    }
    if (found.length > 1) out.push(`function ${name}() has ${found.length} definitions (overloads added after the migration)`);
    for (const [, , language, body, secdef] of found) {
      const sha = bodySha256(body ?? "");
      if (sha !== want.bodySha256 || language !== want.language) {
        out.push(
          `function ${name}() is not the migrated one: its body differs from migration ${AUDIT_MIGRATION} (LANGUAGE ${language}, body sha256 ${sha}; expected LANGUAGE ${want.language}, ${want.bodySha256})`,
        );
      }
      if (secdef === "true") out.push(`function ${name}() was made SECURITY DEFINER`);
    }
  }
  return out;
}

export type Anchor = { id: string; hash: string; count?: number };

export type ChainWalk =
  | { ok: true; rows: number; head: { id: string; hash: string } | null; anchorMatched: boolean }
  | { ok: false; rows: number; id: string; problems: string[] };

export const VERIFY_BATCH = 20_000;

function pageSql(limit: number) {
  // every value through its type's built-in text output; no function or operator of ours is called
  // (qualified a.id: a bare `ORDER BY id` would sort by the output column id::text, as text)
  return `SELECT a.id::text, a.at::text, a."actorId"::text, a."actorLabel", a.action, a."entityType", a."entityId", a.outcome::text,
                 a.details::text, a."requestId", a."prevHash", a.hash
            FROM ${TABLE} a WHERE a.id > $1::int8 ORDER BY a.id LIMIT ${limit}`;
}

/**
 * Walks the chain in id order in keyset pages (the next page is fetched while this one is hashed): each row's
 * prevHash must be the stored hash of the row before it, and its hash the digest of its columns, computed here.
 * Stops at the first broken row.
 */
export async function walkAuditChain(db: RawDb, anchor: Anchor | null = null, batch = VERIFY_BATCH): Promise<ChainWalk> {
  const sql = pageSql(batch);
  let expectedPrev = AUDIT_GENESIS;
  let prevId: string | null = null;
  let rows = 0;
  let anchorMatched = false;
  let next = db.query(sql, ["-1"]);
  for (;;) {
    const page = (await next) as unknown as AuditRowText[];
    const last = page.at(-1);
    if (page.length === batch && last) next = db.query(sql, [last[0]]);
    for (const row of page) {
      const id = row[0];
      const prevHash = row[10];
      const hash = row[11];
      // the common case without allocating: linked, hashed, recomputed equal, not the anchor
      if (prevHash === expectedPrev && hash !== null && (anchor === null || id !== anchor.id) && auditDigest(row) === hash) {
        expectedPrev = hash;
        prevId = id;
        rows++;
        continue;
      }
      const problems: string[] = [];
      if (prevHash !== expectedPrev) {
        problems.push(
          prevId === null
            ? `prevHash mismatch: the first row does not start the chain (prevHash ${prevHash ?? "NULL"}) — earlier rows were removed`
            : `prevHash mismatch: it does not link to row #${prevId} (expected ${expectedPrev}, found ${prevHash ?? "NULL"}) — a row between them was removed, or rows were reordered`,
        );
      }
      if (hash === null) {
        problems.push("hash missing: the row was written with the chain trigger disabled");
      } else {
        const computed = auditDigest(row);
        if (computed !== hash) problems.push(`hash mismatch: the row was altered after it was written (stored ${hash}, recomputed ${computed})`);
      }
      if (anchor && id === anchor.id) {
        if (hash !== anchor.hash) problems.push(`anchor mismatch: the kept head says ${anchor.hash} — the chain was rewritten since it was exported`);
        else if (anchor.count !== undefined && rows + 1 !== anchor.count) {
          problems.push(`anchor count mismatch: the kept head counted ${anchor.count} rows up to it, the chain now has ${rows + 1}`);
        } else anchorMatched = true;
      }
      if (problems.length) {
        void next.catch(() => undefined); // a page fetched ahead is not needed any more
        return { ok: false, rows, id, problems };
      }
      expectedPrev = hash!;
      prevId = id;
      rows++;
    }
    if (page.length < batch) break;
  }
  if (anchor && !anchorMatched) {
    return { ok: false, rows, id: anchor.id, problems: ["anchor row missing: rows were removed from the end of the chain, or the chain was rebuilt"] };
  }
  return { ok: true, rows, head: prevId === null ? null : { id: prevId, hash: expectedPrev }, anchorMatched };
}

export type AuditVerification = { schema: string[]; chain: ChainWalk; seconds: number; ok: boolean; anchor: Anchor | null };

/**
 * The whole check in one READ ONLY, REPEATABLE READ transaction (one snapshot for the catalogue and the rows), with
 * search_path = pg_catalog and DateStyle ISO for this session only.
 */
export async function verifyAuditChain(
  db: RawDb,
  opts: { anchor?: Anchor | null; batch?: number; clock?: () => number; /** the caller's transaction is open: run inside it */ inTransaction?: boolean } = {},
): Promise<AuditVerification> {
  const clock = opts.clock ?? (() => performance.now());
  const t0 = clock();
  if (!opts.inTransaction) await db.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    await db.query("SELECT pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', true), pg_catalog.set_config('datestyle', 'ISO, YMD', true)");
    const schema = await auditSchemaDeviations(db);
    const chain = await walkAuditChain(db, opts.anchor ?? null, opts.batch);
    return { schema, chain, seconds: (clock() - t0) / 1000, ok: schema.length === 0 && chain.ok, anchor: opts.anchor ?? null };
  } finally {
    if (!opts.inTransaction) await db.query("COMMIT");
  }
}

/** The lines audit:verify prints; the chain's own line comes last (040: the head to export is the last line). */
export function describeVerification(v: AuditVerification): string[] {
  const lines: string[] = [];
  if (v.schema.length) {
    lines.push(`audit protection changed since the migrations (${v.schema.length}):`);
    for (const s of v.schema) lines.push(`  ${s}`);
  } else {
    lines.push(`audit protection as migrated: ${AUDIT_TRIGGERS.length} triggers enabled ALWAYS, ${Object.keys(AUDIT_FUNCTIONS).length} function bodies match`);
  }
  const rate = v.seconds > 0 ? Math.round(v.chain.rows / v.seconds) : v.chain.rows;
  lines.push(`hashed ${v.chain.rows} rows in Node in ${v.seconds.toFixed(2)} s (${rate.toLocaleString("en-US")} rows/s)`);
  if (v.chain.ok) {
    const head = v.chain.head ? `, head #${v.chain.head.id} ${v.chain.head.hash}` : "";
    lines.push(`audit chain ok: ${v.chain.rows} rows${head}${v.chain.anchorMatched && v.anchor ? `, anchor #${v.anchor.id} matches` : ""}`);
  } else {
    lines.push(`audit chain broken at row #${v.chain.id} (${v.chain.rows} rows before it are intact):`);
    for (const p of v.chain.problems) lines.push(`  ${p}`);
  }
  return lines;
}

// ---------------------------------------------------------------------------------------------------------------
// The head an outside party keeps
// ---------------------------------------------------------------------------------------------------------------
export type HeadExport = { format: "bolus-audit-head-v1"; headId: string; hash: string; count: number; exportedAt: string; database: string };

export function headExport(v: AuditVerification, exportedAt: Date, database: string): HeadExport {
  if (!v.ok || !v.chain.ok) throw new Error("the chain did not verify: no head is exported from a chain that fails its check");
  if (!v.chain.head) throw new Error("the chain is empty: there is no head to export");
  return { format: "bolus-audit-head-v1", headId: v.chain.head.id, hash: v.chain.head.hash, count: v.chain.rows, exportedAt: exportedAt.toISOString(), database };
}

/** `<id>:<64 hex>` or the JSON that --export-head wrote. */
export function parseAnchor(text: string): Anchor | string {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  if (m) return { id: BigInt(m[1]!).toString(), hash: m[2]! };
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    return "an anchor is <id>:<64 hex digits> or a head exported with --export-head";
  }
  const h = j as Partial<HeadExport>;
  if (h?.format !== "bolus-audit-head-v1" || typeof h.headId !== "string" || !/^\d+$/.test(h.headId) || typeof h.hash !== "string" || !/^[0-9a-f]{64}$/.test(h.hash) || typeof h.count !== "number") {
    return "the kept head is not a bolus-audit-head-v1 export (headId, hash, count)";
  }
  return { id: h.headId, hash: h.hash, count: h.count };
}

// ---------------------------------------------------------------------------------------------------------------
// Connections: PostgreSQL through pg, or the embedded PGlite folder, as the app connects (lib/db/client.ts)
// ---------------------------------------------------------------------------------------------------------------
export async function openRawDb(env: Partial<Record<string, string>> = process.env): Promise<{ db: RawDb; where: string; close: () => Promise<void> }> {
  const url = env.DATABASE_URL;
  if (url) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    await client.connect();
    const u = new URL(url);
    return {
      db: { query: async (text, values) => (await client.query<(string | null)[]>({ text, values, rowMode: "array" })).rows },
      where: `${u.hostname}:${u.port || 5432}${u.pathname}`,
      close: () => client.end(),
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = env.PGLITE_DIR ?? ".data/pglite";
  mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  return {
    db: { query: async (text, values) => (await lite.query<(string | null)[]>(text, values, { rowMode: "array" })).rows },
    where: `PGlite ${dir}`,
    close: () => lite.close(),
  };
}
