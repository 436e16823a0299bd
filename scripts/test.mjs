#!/usr/bin/env node
// `npm test`: every test, against real parts, ending with one plain line `N passed, N failed, N skipped`.
//   1. a PostgreSQL server: the one at DATABASE_URL, or a throwaway one started here from the Debian binaries
//   2. two fresh databases on it (integration, end-to-end), dropped afterwards
//   3. Vitest (unit + integration), `next build`, Playwright in Debian's Chromium against `next start`
// See docs/decisions/004-test-harness.md.
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
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

const counts = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;
try {
  let server;
  if (process.env.DATABASE_URL) {
    log("using the PostgreSQL server at DATABASE_URL (fresh databases are created on it and dropped afterwards)");
    server = { url: process.env.DATABASE_URL };
  } else {
    log("starting a throwaway PostgreSQL server");
    server = await startThrowawayPostgres();
  }
  const stamp = `${process.pid}_${Date.now()}`;
  const itUrl = await createDatabase(server.url, `bolus_it_${stamp}`);
  const e2eUrl = await createDatabase(server.url, `bolus_e2e_${stamp}`);
  mkdirSync("test-results", { recursive: true });

  log("Vitest: unit and integration tests");
  const vitestJson = "test-results/vitest.json";
  rmSync(vitestJson, { force: true });
  const vitestCode = await run(bin("vitest"), ["run", "--reporter=default", "--reporter=json", `--outputFile=${vitestJson}`], {
    DATABASE_URL: itUrl,
    // the outage test may stop and restart this throwaway server
    ...(server.pgbin ? { BOLUS_TEST_PGBIN: server.pgbin, BOLUS_TEST_PGDATA: server.dataDir, BOLUS_TEST_PGPORT: String(server.port), BOLUS_TEST_PGSOCKET: server.socketDir } : {}),
  });
  if (existsSync(vitestJson)) {
    const v = JSON.parse(readFileSync(vitestJson, "utf8"));
    counts.passed += v.numPassedTests; counts.failed += v.numFailedTests; counts.skipped += v.numPendingTests + (v.numTodoTests ?? 0);
  } else {
    counts.failed += 1;
  }
  if (vitestCode !== 0 && counts.failed === 0) counts.failed += 1; // a crash outside any test still fails the run

  log("next build");
  const buildCode = await run(bin("next"), ["build"], { DATABASE_URL: e2eUrl });
  if (buildCode !== 0) {
    counts.failed += 1;
    throw new Error("next build failed: end-to-end tests not run");
  }

  log("Playwright: end-to-end tests in Chromium");
  const pwJson = "test-results/playwright.json";
  rmSync(pwJson, { force: true });
  const pwCode = await run(bin("playwright"), ["test", "--reporter=list,json"], {
    DATABASE_URL: e2eUrl,
    PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
  });
  if (existsSync(pwJson)) {
    const p = JSON.parse(readFileSync(pwJson, "utf8"));
    counts.passed += p.stats.expected ?? 0; counts.failed += (p.stats.unexpected ?? 0) + (p.stats.flaky ?? 0); counts.skipped += p.stats.skipped ?? 0;
  } else {
    counts.failed += 1;
  }
  if (pwCode !== 0 && counts.failed === 0) counts.failed += 1;
} catch (e) {
  console.error(`\n[test] ${e.message}`);
  if (counts.failed === 0) counts.failed += 1;
} finally {
  await cleanup();
}
exitCode = counts.failed > 0 ? 1 : 0;
console.log(`\n[test] finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(exitCode);
