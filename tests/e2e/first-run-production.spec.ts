// Issue 11, "Done when" (decision 047): starting in production mode against an empty PostgreSQL creates no demo
// account, serves only the setup answer — a readable page with the sentence, never a bare status — until an
// administrator exists, and `npm run setup:admin` makes one, who must change the temporary password first.
// A second server is started here exactly as an operator starts it: `node scripts/start.mjs` with DATABASE_URL set
// and no BOLUS_DEMO, on a fresh database of its own (the run's build is reused).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import pg from "pg";
import { expect } from "@playwright/test";
import { test } from "./fixtures";
import { expectAccessible, screenshot } from "./support";

const PORT = Number(process.env.E2E_PORT ?? 3100) + 50;
const base = `http://127.0.0.1:${PORT}`;
const server = new URL(process.env.DATABASE_URL!);
const dbName = `${server.pathname.slice(1)}_prodfirst_${process.pid}`;
const fresh = new URL(server);
fresh.pathname = `/${dbName}`;

async function onServer<T>(url: URL, run: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  try {
    return await run(c);
  } finally {
    await c.end();
  }
}
const maintenance = new URL(server);
maintenance.pathname = "/postgres";

/** The operator's environment: production because DATABASE_URL is set; nothing the e2e server was given. */
function operatorEnv(): NodeJS.ProcessEnv {
  // BOLUS_ORIGIN: production refuses to start without its public address (docs/decisions/053)
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: fresh.toString(), PORT: String(PORT), BOLUS_ORIGIN: base };
  for (const k of ["BOLUS_DEMO", "BOLUS_SEED", "BOLUS_MODE", "NODE_ENV", "BOLUS_REBUILD"]) delete env[k];
  return env;
}

let child: ChildProcess | null = null;
let log = "";

test.beforeAll(async () => {
  await onServer(maintenance, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${dbName}"`);
  });
});

test.afterAll(async () => {
  // the server this spec started (its own process group: start.mjs and the `next start` it runs)
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  await onServer(maintenance, (c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
});

async function healthy(): Promise<void> {
  await expect
    .poll(async () => (await fetch(`${base}/api/health`).catch(() => null))?.status ?? 0, { timeout: 90_000, message: `production server did not start:\n${log}` })
    .toBe(200);
}

test("production against an empty PostgreSQL: no demo account, only the setup answer, then setup:admin makes the first administrator", async ({ page }) => {
  test.setTimeout(180_000);
  child = spawn("node", ["scripts/start.mjs"], { env: operatorEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  await healthy();
  expect(log).toMatch(/Bolus \(production mode\)/);
  expect(log).toMatch(/Bolus is not set up yet: run `npm run setup:admin/);
  expect(await onServer(fresh, (c) => c.query(`SELECT email FROM "User"`).then((r) => r.rows))).toEqual([]);

  // every page answers the setup sentence as a readable HTML page: home, sign-in, clinical and administration pages
  for (const path of ["/", "/login", "/board", "/patients", "/admin/users"]) {
    const response = await page.goto(`${base}${path}`);
    expect(response?.headers()["content-type"], path).toMatch(/^text\/html/);
    await expect(page.getByRole("heading", { level: 1, name: "Bolus is not set up yet" }), path).toBeVisible();
    await expect(page.getByText("This installation runs in production mode and has no administrator yet.")).toBeVisible();
    await expect(page.getByText('npm run setup:admin -- --email admin@your-hospital.example --name "Full Name"')).toBeVisible();
    await expect(page.getByLabel("E-mail"), path).toHaveCount(0);
    await expect(page.getByLabel("Password"), path).toHaveCount(0);
  }
  await expectAccessible(page);
  await screenshot(page, "first-run-production-setup-answer");

  // the operator runs the one command at the server's console
  const made = spawnSync("node_modules/.bin/tsx", ["scripts/setup-admin.ts", "--email", "chief@hospital.example", "--name", "Dr Chief Admin"], {
    encoding: "utf8", env: { ...operatorEnv(), NODE_ENV: "production" }, timeout: 120_000,
  });
  expect(made.status, made.stderr).toBe(0);
  const temporary = /Temporary password \(shown once, not stored in the clear\): (\S+)/.exec(made.stdout)?.[1];
  expect(temporary).toBeTruthy();
  expect(await onServer(fresh, (c) => c.query(`SELECT email, role, "mustChangePassword" FROM "User"`).then((r) => r.rows))).toEqual([
    { email: "chief@hospital.example", role: "admin", mustChangePassword: true },
  ]);

  // now the sign-in form; the temporary password opens only "Change password"
  await page.goto(`${base}/login`);
  await expect(page.getByRole("heading", { name: "Bolus is not set up yet" })).toHaveCount(0);
  await page.getByLabel("E-mail").fill("chief@hospital.example");
  await page.getByLabel("Password").fill(temporary!);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  const mine = "granite orchard beneath a quiet moon";
  await page.getByLabel("Current password").fill(temporary!);
  await page.getByLabel("New password", { exact: true }).fill(mine);
  await page.getByLabel("New password again").fill(mine);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/admin\?password-changed=1$/);
  await expect(page.getByRole("heading", { level: 1, name: "Administration" })).toBeVisible();
  // still no demo account in this database
  expect(await onServer(fresh, (c) => c.query(`SELECT count(*)::int AS n FROM "User" WHERE email LIKE '%@bolus.demo'`).then((r) => r.rows[0].n))).toBe(0);
});
