#!/usr/bin/env node
// `npm test`: every test, against real parts, in tiers from cheapest to dearest. It stops at the first tier that
// fails (the later ones are reported as not run), prints each tier's wall time, and ends with one plain line
// `N passed, N failed, N skipped` (CI reads it).
//   static       tsc --noEmit, eslint ., Vitest project `lint` (tests/lint: the lint config catches violations)
//   unit         Vitest project `unit`: pure, in-process, no database (seconds)
//   integration  Vitest projects `cli`, `integration` (parallel, one cloned database per worker), `integration-serial`
//   build        next build
//   e2e          Playwright in Debian's Chromium against `next start`
// PostgreSQL: the server at DATABASE_URL, or a throwaway one started here from the Debian binaries (only when a
// tier that needs it runs); fresh databases on it, dropped afterwards.
// `npm test -- unit integration` runs only the tiers named. See docs/testing.md and docs/decisions/034-test-tiers.md.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, mkdirSync, rmSync, chownSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";

process.env.NEXT_TELEMETRY_DISABLED = "1";
process.env.CHECKPOINT_DISABLE = "1";
const started = Date.now();
const log = (m) => console.log(`\n[test] ${m}`);
const bin = (name) => `node_modules/.bin/${name}`;
const cleanups = [];
async function cleanup() {
  while (cleanups.length) {
    try { await cleanups.pop()(); } catch (e) { console.error("[test] cleanup:", e.message); }
  }
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, async () => { await cleanup(); process.exit(130); });

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function startThrowawayPostgres() {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/initdb`)).sort((a, b) => Number(a) - Number(b)) : [];
  if (!versions.length) {
    throw new Error("No DATABASE_URL and no PostgreSQL server binaries (/usr/lib/postgresql/*/bin). Install Debian's `postgresql` package or set DATABASE_URL to a server where this user may CREATE DATABASE.");
  }
  const pgbin = `${root}/${versions.at(-1)}/bin`;
  const dir = mkdtempSync(path.join(tmpdir(), "bolus-pg-"));
  const asRoot = process.getuid?.() === 0;
  const as = (cmd, args) => (asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args]);
  if (asRoot) {
    // PostgreSQL refuses to run as root: the data folder belongs to the `postgres` OS user.
    const uid = Number(spawnSync("id", ["-u", "postgres"]).stdout.toString().trim());
    const gid = Number(spawnSync("id", ["-g", "postgres"]).stdout.toString().trim());
    chownSync(dir, uid, gid);
  }
  const port = await freePort();
  const must = (cmd, args) => {
    const [c, a] = as(cmd, args);
    const r = spawnSync(c, a, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  must(`${pgbin}/initdb`, ["-D", `${dir}/data`, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
  must(`${pgbin}/pg_ctl`, ["-D", `${dir}/data`, "-l", `${dir}/server.log`, "-w", "-t", "30", "-o",
    `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`, "start"]);
  cleanups.push(async () => {
    const [c, a] = as(`${pgbin}/pg_ctl`, ["-D", `${dir}/data`, "-m", "immediate", "stop"]);
    spawnSync(c, a);
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, pgbin, dataDir: `${dir}/data`, port, socketDir: dir };
}

async function createDatabase(serverUrl, name) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.query(`CREATE DATABASE "${name}"`);
  await client.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("error", (e) => { console.error(`[test] ${cmd}: ${e.message}`); resolve(1); });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const counts = { passed: 0, failed: 0, skipped: 0 };

/** Runs Vitest projects, adds their tests to the counts; true when every test passed and Vitest exited 0. */
async function vitest(tier, projects, env = {}) {
  const json = `test-results/vitest-${tier}.json`;
  rmSync(json, { force: true });
  const code = await run(bin("vitest"), ["run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile=${json}`], env);
  let failed = 0;
  if (existsSync(json)) {
    const v = JSON.parse(readFileSync(json, "utf8"));
    counts.passed += v.numPassedTests; counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
    failed = v.numFailedTests;
  }
  if (code !== 0 && failed === 0) failed = 1; // a crash outside any test (or no report) still fails the tier
  counts.failed += failed;
  return failed === 0;
}

/** A check without test cases (tsc, eslint, next build): its failure counts as one failed test. */
async function check(label, cmd, args, env = {}) {
  log(label);
  const code = await run(cmd, args, env);
  if (code !== 0) {
    counts.failed += 1;
    console.error(`[test] ${label}: failed (exit ${code})`);
  }
  return code === 0;
}

/** Like check, with the command's output held and printed in one piece when it ends (for checks run side by side). */
function checkQuiet(label, cmd, args, env = {}) {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...env } });
    const out = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => out.push(d));
    let ended = false;
    const done = (code) => {
      if (ended) return;
      ended = true;
      log(`${label} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
      process.stdout.write(Buffer.concat(out));
      if (code !== 0) {
        counts.failed += 1;
        console.error(`[test] ${label}: failed (exit ${code})`);
      }
      resolve(code === 0);
    };
    child.on("error", (e) => { out.push(Buffer.from(`${cmd}: ${e.message}\n`)); done(1); });
    child.on("close", (code) => done(code ?? 1)); // "close": after the output streams have ended
  });
}

const hasFiles = (dir, suffix) => existsSync(dir) && readdirSync(dir, { recursive: true }).some((f) => String(f).endsWith(suffix));

// The database server and the two databases, made on first need (static and unit tiers need none).
let db;
async function databases() {
  if (db) return db;
  let server;
  if (process.env.DATABASE_URL) {
    log("using the PostgreSQL server at DATABASE_URL (fresh databases are created on it and dropped afterwards)");
    server = { url: process.env.DATABASE_URL };
  } else {
    log("starting a throwaway PostgreSQL server");
    server = await startThrowawayPostgres();
  }
  const stamp = `${process.pid}_${Date.now()}`;
  db = {
    server,
    // the integration tier's global setup clones this into one database per Vitest worker
    itUrl: await createDatabase(server.url, `bolus_it_${stamp}`),
    e2eUrl: await createDatabase(server.url, `bolus_e2e_${stamp}`),
  };
  return db;
}

const TIERS = [
  {
    name: "static",
    async run() {
      // the type check and lint share nothing: on two cores they run side by side (each one's output is held and
      // printed whole when it ends, so the two never interleave)
      const [types, lint] = await Promise.all([
        checkQuiet("static: tsc --noEmit", bin("tsc"), ["--noEmit"]),
        checkQuiet("static: eslint .", bin("eslint"), ["."]),
      ]);
      let lintTests = true;
      if (hasFiles("tests/lint", ".test.ts")) {
        log("static: Vitest project lint (tests/lint)");
        lintTests = await vitest("lint", ["lint"]);
      } else {
        // said plainly rather than passed silently: nothing proves the lint config catches a violation
        log("static: tests/lint holds no test files: the lint-config tests did not run");
      }
      return types && lint && lintTests;
    },
  },
  {
    name: "unit",
    async run() {
      log("unit: Vitest project unit");
      return vitest("unit", ["unit"]);
    },
  },
  {
    name: "integration",
    async run() {
      const { server, itUrl } = await databases();
      log("integration: Vitest projects cli, integration (parallel), integration-serial");
      return vitest("integration", ["cli", "integration", "integration-serial"], {
        DATABASE_URL: itUrl,
        // the outage test may stop and restart this throwaway server
        ...(server.pgbin ? { BOLUS_TEST_PGBIN: server.pgbin, BOLUS_TEST_PGDATA: server.dataDir, BOLUS_TEST_PGPORT: String(server.port), BOLUS_TEST_PGSOCKET: server.socketDir } : {}),
      });
    },
  },
  {
    name: "build",
    async run() {
      const { e2eUrl } = await databases();
      return check("build: next build", bin("next"), ["build"], { DATABASE_URL: e2eUrl });
    },
  },
  {
    name: "e2e",
    async run() {
      const { e2eUrl } = await databases();
      log("e2e: Playwright in Chromium");
      const pwJson = "test-results/playwright.json";
      rmSync(pwJson, { force: true });
      const code = await run(bin("playwright"), ["test", "--reporter=list,json"], { DATABASE_URL: e2eUrl, PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
      let failed = 0;
      if (existsSync(pwJson)) {
        const p = JSON.parse(readFileSync(pwJson, "utf8"));
        counts.passed += p.stats.expected ?? 0; counts.skipped += p.stats.skipped ?? 0;
        failed = (p.stats.unexpected ?? 0) + (p.stats.flaky ?? 0);
      }
      if (code !== 0 && failed === 0) failed = 1;
      counts.failed += failed;
      return failed === 0;
    },
  },
];

const asked = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const unknown = asked.filter((a) => !TIERS.some((t) => t.name === a));
if (unknown.length) {
  console.error(`[test] unknown tier ${unknown.join(", ")}: the tiers are ${TIERS.map((t) => t.name).join(", ")}`);
  process.exit(2);
}
const selected = asked.length ? TIERS.filter((t) => asked.includes(t.name)) : TIERS;

const report = []; // [tier, result, seconds | null]
let stopped = null;
mkdirSync("test-results", { recursive: true });
try {
  for (const tier of TIERS) {
    if (!selected.includes(tier)) { report.push([tier.name, "not selected", null]); continue; }
    if (stopped) { report.push([tier.name, `not run: the ${stopped} tier failed`, null]); continue; }
    const t0 = Date.now();
    let ok;
    try {
      ok = await tier.run();
    } catch (e) {
      console.error(`\n[test] ${tier.name}: ${e.message}`);
      counts.failed += 1;
      ok = false;
    }
    const seconds = (Date.now() - t0) / 1000;
    report.push([tier.name, ok ? "passed" : "FAILED", seconds]);
    log(`${tier.name}: ${ok ? "passed" : "FAILED"} in ${seconds.toFixed(1)} s`);
    if (!ok) stopped = tier.name;
  }
} finally {
  await cleanup();
}

console.log("\n[test] tier         result                          wall");
for (const [name, result, seconds] of report) {
  console.log(`[test] ${name.padEnd(12)} ${result.padEnd(31)} ${seconds === null ? "" : `${seconds.toFixed(1)} s`}`);
}
if (stopped) console.log(`[test] stopped at the ${stopped} tier: the tiers after it did not run, their tests are not counted`);
console.log(`[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(counts.failed > 0 ? 1 : 0);
