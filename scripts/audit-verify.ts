// Verifies the audit trail (docs/decisions/040-tamper-evident-audit.md, corrected by 051):
//   npm run audit:verify [-- --anchor <id>:<hash> | --anchor <kept-head.json>] [--export-head <file.json> | -]
//   npm run audit:anchor -- <file.json>        (= audit:verify --export-head <file.json>)
// DATABASE_URL set → that PostgreSQL; unset → the embedded PGlite (PGLITE_DIR), exactly as the app connects.
// Every hash is recomputed in Node from the column values (lib/db/audit-verify.ts), and the triggers and function
// bodies must be the migrated ones — nothing a database role can replace takes part in the check.
// Exit 0: `audit chain ok: N rows, head #id <hash>` (last line). Exit 1: what was changed — the first broken row,
// and every trigger or function that differs from the migrations. Exit 2: could not check.
// --anchor: a head kept outside the database; it must still be in the chain with that hash (and, for an exported
// head, the same count of rows up to it). That catches what a walk alone cannot: rows removed from the end, or a
// chain rebuilt from scratch. --export-head: after a clean check, writes the head (id, hash, count, time) as JSON
// for an outside party to keep; nothing is exported from a chain that fails.
import { readFileSync, writeFileSync } from "node:fs";
import { now } from "@/lib/clock";
import { describeVerification, headExport, openRawDb, parseAnchor, verifyAuditChain, type Anchor } from "@/lib/db/audit-verify";

const USAGE = "usage: audit:verify [--anchor <id>:<sha256 hex> | --anchor <kept-head.json>] [--export-head <file.json> | -]";

type Args = { anchor: Anchor | null; exportTo: string | null };

function parseArgs(argv: string[]): Args | string {
  const out: Args = { anchor: null, exportTo: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (flag !== "--anchor" && flag !== "--export-head") return `unknown argument ${a}; ${USAGE}`;
    const value = inline ?? argv[++i];
    if (value === undefined || value === "") return `${flag} wants a value; ${USAGE}`;
    if (flag === "--export-head") {
      out.exportTo = value;
      continue;
    }
    let text = value;
    if (!/^\d+:/.test(value)) {
      try {
        text = readFileSync(value, "utf8");
      } catch (e) {
        return `--anchor: cannot read the kept head ${value}: ${(e as Error).message}`;
      }
    }
    const anchor = parseAnchor(text);
    if (typeof anchor === "string") return `--anchor: ${anchor}; ${USAGE}`;
    out.anchor = anchor;
  }
  return out;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    console.error(args);
    return 2;
  }
  let conn: Awaited<ReturnType<typeof openRawDb>> | undefined;
  try {
    conn = await openRawDb();
    const v = await verifyAuditChain(conn.db, { anchor: args.anchor });
    for (const line of describeVerification(v)) console.log(line);
    if (!v.ok) return 1;
    if (args.exportTo) {
      try {
        const json = `${JSON.stringify(headExport(v, now(), conn.where), null, 2)}\n`;
        if (args.exportTo === "-") process.stdout.write(json);
        else {
          writeFileSync(args.exportTo, json, { flag: "wx" }); // a kept head is never overwritten
          console.log(`head exported to ${args.exportTo}: keep it outside this database, then run audit:verify --anchor ${args.exportTo}`);
        }
      } catch (e) {
        console.error(`audit:verify could not export the head: ${(e as Error).message}`);
        return 2;
      }
    }
    return 0;
  } catch (e) {
    console.error(`audit:verify could not check the chain: ${(e as Error).message}`);
    return 2;
  } finally {
    await conn?.close();
  }
}

// PGlite and the pg client can keep the event loop alive for a while after the work: exit explicitly.
process.exit(await main());
