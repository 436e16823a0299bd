// A tested backup (docs/operations.md "Backups", docs/decisions/058-more-than-one-machine.md):
//   npm run db:backup-check [-- --out <file.dump>] [--keep-copy]
// 1. opens one REPEATABLE READ snapshot of DATABASE_URL, exports it, and in it counts the rows of every table and
//    verifies the audit chain (lib/db/audit-verify.ts: every hash recomputed in Node, triggers and functions as
//    migrated);
// 2. pg_dump of exactly that snapshot (--snapshot), custom format, so a database in use gives exact counts;
// 3. restores the dump into a fresh database on the same server (pg_restore --exit-on-error; --no-owner
//    --no-privileges: the copy belongs to whoever runs the check);
// 4. on the copy: the same table list and row counts, and audit verification passes with the same head (id and hash);
// 5. drops the copy (unless --keep-copy) and the dump (unless --out keeps it).
// Prints each step. Exit 0: the backup restores and verifies. Exit 1: a mismatch (said in words). Exit 2: could not
// check (no DATABASE_URL, no pg_dump, no CREATEDB right, …).
// Binaries: PG_BIN if set, else the newest Debian PostgreSQL (/usr/lib/postgresql/<n>/bin), else pg_dump on PATH;
// pg_dump must be at least the server's major version. Connects as DATABASE_URL's user, which needs CREATEDB (run it
// as the owner role of docs/operations-roles.md, or a DBA), never as the app's role.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { describeVerification, verifyAuditChain, type AuditVerification, type RawDb } from "@/lib/db/audit-verify";

export type BackupCheckOptions = {
  sourceUrl: string;
  /** keep the dump here (otherwise a temporary file, removed) */
  out?: string;
  keepCopy?: boolean;
  /** tests only: runs on the restored copy before it is checked (to prove a tampered copy fails) */
  afterRestore?: (copyUrl: string) => Promise<void>;
  log?: (line: string) => void;
};

export type BackupCheckResult = { ok: boolean; problems: string[]; copy: string; tables: number; rows: number; auditRows: number };

export class CannotCheck extends Error {}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** pg_dump and pg_restore: PG_BIN, else Debian's newest, else PATH. */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/pg_dump`)).sort((a, b) => Number(a) - Number(b)) : [];
  return versions.length ? `${root}/${versions.at(-1)}/bin` : "";
}

function run(bin: string, name: string, args: string[]): void {
  const cmd = bin ? path.join(bin, name) : name;
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, PGAPPNAME: "bolus-backup-check" } });
  if (r.error) throw new CannotCheck(`${name} could not run (${r.error.message}); set PG_BIN to the folder holding pg_dump and pg_restore`);
  if (r.status !== 0) throw new CannotCheck(`${name} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split("\n").slice(-5).join(" / ")}`);
}

const rawDb = (c: pg.Client): RawDb => ({ query: async (text, values) => (await c.query<(string | null)[]>({ text, values, rowMode: "array" })).rows });

/** Every table of the public schema with its exact row count, in the client's current snapshot. */
async function rowCounts(c: pg.Client): Promise<Map<string, number>> {
  const tables = (await c.query<{ name: string }>(
    "SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
  )).rows.map((r) => r.name);
  const counts = new Map<string, number>();
  for (const t of tables) counts.set(t, Number((await c.query<{ n: string }>(`SELECT count(*)::text AS n FROM public.${ident(t)}`)).rows[0]!.n));
  return counts;
}

const head = (v: AuditVerification) => (v.chain.ok && v.chain.head ? `#${v.chain.head.id} ${v.chain.head.hash}` : "none");

export async function backupCheck(opts: BackupCheckOptions): Promise<BackupCheckResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const source = new URL(opts.sourceUrl);
  const dbName = decodeURIComponent(source.pathname.slice(1));
  if (!dbName) throw new CannotCheck("DATABASE_URL names no database");
  const copyName = `${dbName}_restore_check_${process.pid}_${Date.now().toString(36)}`.slice(0, 63);
  const copyUrl = withDatabase(opts.sourceUrl, copyName);
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), "bolus-backup-"));
  const dump = opts.out ?? path.join(dir, `${dbName}.dump`);
  const problems: string[] = [];

  // 1. one snapshot: counts and the audit check in it, and pg_dump of the same snapshot
  const src = new pg.Client({ connectionString: opts.sourceUrl, application_name: "bolus-backup-check" });
  await src.connect().catch((e: Error) => {
    throw new CannotCheck(`cannot connect to DATABASE_URL: ${e.message}`);
  });
  let before: Map<string, number>;
  let sourceAudit: AuditVerification;
  let created = false;
  try {
    await src.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const snapshot = (await src.query<{ s: string }>("SELECT pg_export_snapshot() AS s")).rows[0]!.s;
    before = await rowCounts(src);
    const total = [...before.values()].reduce((a, b) => a + b, 0);
    log(`source ${source.hostname}:${source.port || 5432}/${dbName}: ${before.size} tables, ${total} rows (snapshot ${snapshot})`);
    sourceAudit = await verifyAuditChain(rawDb(src), { inTransaction: true });
    log(`source audit: ${describeVerification(sourceAudit).at(-1)}`);
    if (!sourceAudit.ok) problems.push(`the source's audit trail does not verify: ${describeVerification(sourceAudit).join(" / ")}`);

    const t0 = performance.now();
    run(bin, "pg_dump", ["--format=custom", "--no-password", `--snapshot=${snapshot}`, `--file=${dump}`, `--dbname=${opts.sourceUrl}`]);
    log(`pg_dump${bin ? ` (${bin})` : ""} → ${dump} in ${((performance.now() - t0) / 1000).toFixed(2)} s`);
    await src.query("COMMIT");

    // 2. a fresh database, the dump restored into it
    try {
      await src.query(`CREATE DATABASE ${ident(copyName)}`);
    } catch (e) {
      throw new CannotCheck(`cannot create the copy ${copyName} (the check's user needs CREATEDB): ${(e as Error).message}`);
    }
    created = true;
    const t1 = performance.now();
    run(bin, "pg_restore", ["--exit-on-error", "--no-owner", "--no-privileges", "--no-password", `--dbname=${copyUrl}`, dump]);
    log(`pg_restore into the fresh database ${copyName} in ${((performance.now() - t1) / 1000).toFixed(2)} s`);
    if (opts.afterRestore) await opts.afterRestore(copyUrl);

    // 3. the copy: the same tables and rows, and an audit trail that verifies to the same head
    const copy = new pg.Client({ connectionString: copyUrl, application_name: "bolus-backup-check" });
    await copy.connect();
    let after: Map<string, number>;
    let copyAudit: AuditVerification;
    try {
      await copy.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
      after = await rowCounts(copy);
      copyAudit = await verifyAuditChain(rawDb(copy), { inTransaction: true });
      await copy.query("COMMIT");
    } finally {
      await copy.end();
    }
    for (const [table, n] of before) {
      const m = after.get(table);
      if (m === undefined) problems.push(`table ${table} is missing from the copy`);
      else if (m !== n) problems.push(`table ${table}: ${n} rows in the source, ${m} in the copy`);
    }
    for (const table of after.keys()) if (!before.has(table)) problems.push(`table ${table} is in the copy but not in the source`);
    const matching = [...before].filter(([t, n]) => after.get(t) === n).length;
    log(`row counts: ${matching} of ${before.size} tables match`);
    for (const line of describeVerification(copyAudit)) log(`copy audit: ${line}`);
    if (!copyAudit.ok) problems.push("the copy's audit trail does not verify");
    else if (head(copyAudit) !== head(sourceAudit) || copyAudit.chain.rows !== sourceAudit.chain.rows) {
      problems.push(`the copy's audit head (${copyAudit.chain.rows} rows, ${head(copyAudit)}) is not the source's (${sourceAudit.chain.rows} rows, ${head(sourceAudit)})`);
    }
    return {
      ok: problems.length === 0,
      problems,
      copy: copyName,
      tables: before.size,
      rows: [...before.values()].reduce((a, b) => a + b, 0),
      auditRows: sourceAudit.chain.rows,
    };
  } finally {
    await src.query("ROLLBACK").catch(() => undefined);
    if (created && !opts.keepCopy) {
      await src.query(`DROP DATABASE IF EXISTS ${ident(copyName)} WITH (FORCE)`);
      log(`dropped the copy ${copyName}`);
    } else if (created) log(`kept the copy ${copyName} (--keep-copy)`);
    await src.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2).filter((a) => a !== "--");
  const opts: Partial<BackupCheckOptions> = {};
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--keep-copy") opts.keepCopy = true;
    else if (argv[i] === "--out" && argv[i + 1]) opts.out = path.resolve(argv[++i]!);
    else {
      console.error(`unknown argument ${argv[i]}; usage: db:backup-check [-- --out <file.dump>] [--keep-copy]`);
      return 2;
    }
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error("db:backup-check needs DATABASE_URL (PostgreSQL). The embedded PGlite database is a folder: stop the app and copy .data/pglite.");
    return 2;
  }
  try {
    const r = await backupCheck({ ...opts, sourceUrl: url });
    if (!r.ok) {
      console.log(`backup check FAILED (${r.problems.length}):`);
      for (const p of r.problems) console.log(`  ${p}`);
      return 1;
    }
    console.log(`backup check ok: ${r.tables} tables, ${r.rows} rows and ${r.auditRows} audit rows restored and verified`);
    return 0;
  } catch (e) {
    console.error(`backup check could not run: ${e instanceof CannotCheck ? e.message : (e as Error).stack ?? String(e)}`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main();
}
