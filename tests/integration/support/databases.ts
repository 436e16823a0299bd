// One PostgreSQL database per Vitest worker, so integration files can run side by side without seeing each other's
// rows, locks or audit chain. Global setup migrates one template database; each worker clones it on first use
// (CREATE DATABASE … TEMPLATE copies files, no migration run) and keeps it for every file it runs.
//   DATABASE_URL …/h1  →  template h1_tpl, workers h1_w1, h1_w2, …  (all dropped when the run ends)
// The database named by DATABASE_URL itself is only the door for CREATE/DROP DATABASE: tests never write to it.
// See docs/decisions/034-test-tiers.md.
import pg from "pg";

/** The server URL the run was given (in a worker, DATABASE_URL already names the worker's clone). */
export function databaseUrl(): URL {
  const raw = process.env.BOLUS_TEST_SERVER_URL ?? process.env.DATABASE_URL;
  if (!raw) throw new Error("Integration tests need DATABASE_URL (a PostgreSQL server where this user may CREATE DATABASE). Run them with `npm test`.");
  return new URL(raw);
}

const baseName = (u: URL) => decodeURIComponent(u.pathname.slice(1));
export const templateName = (u: URL) => `${baseName(u)}_tpl`;
export const workerName = (u: URL, poolId: string) => `${baseName(u)}_w${poolId}`;
export const workerPrefix = (u: URL) => `${baseName(u)}_w`;

export function urlOf(u: URL, database: string): string {
  const copy = new URL(u);
  copy.pathname = `/${encodeURIComponent(database)}`;
  return copy.toString();
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * BOLUS_TEST_DB_ROLE=app: the run migrates as an owner role and the tests connect as the app role, with only the
 * grants of scripts/db-roles.ts (docs/operations-roles.md). Role names follow the run's database (roles are
 * server-wide): …/h1 → h1_owner, h1_app. The server URL's own user (a superuser) still makes and drops databases.
 */
export const appRoleMode = () => process.env.BOLUS_TEST_DB_ROLE === "app";
export const testRoles = (u: URL) => ({ owner: `${baseName(u)}_owner`, app: `${baseName(u)}_app` });
export function asUser(url: string, user: string): string {
  const copy = new URL(url);
  copy.username = user;
  copy.password = "";
  return copy.toString();
}

/** One short-lived connection to `u` for `fn`, closed whatever happens (every test that makes or inspects a database). */
export async function admin<T>(u: URL | string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: u.toString() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Every worker database and the template of a run on `u` (also those a crashed earlier run left behind). */
export async function dropRunDatabases(u: URL): Promise<void> {
  await admin(u, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname = $1 OR (starts_with(datname, $2) AND substr(datname, length($2) + 1) ~ '^[0-9]+$')",
      [templateName(u), workerPrefix(u)],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
  });
}

export async function createEmptyDatabase(u: URL, name: string): Promise<void> {
  await admin(u, (c) => c.query(`CREATE DATABASE ${ident(name)}`));
}

/** The worker's clone of the template, created if this is the worker's first file. */
export async function ensureWorkerDatabase(u: URL, poolId: string): Promise<string> {
  const name = workerName(u, poolId);
  await admin(u, async (c) => {
    const exists = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount) return;
    try {
      await c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(templateName(u))}`);
    } catch (e) {
      if ((e as { code?: string }).code !== "42P04") throw e; // duplicate_database: already there, fine
    }
  });
  return urlOf(u, name);
}

/**
 * A new database with every migration applied and no rows, for a test that must damage or inspect a database of its
 * own: a copy of the run's template, so no migration runs (seconds saved per database). The caller drops it.
 */
export async function freshMigratedDatabase(name: string): Promise<string> {
  const u = databaseUrl();
  await admin(u, (c) => c.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(templateName(u))}`));
  return urlOf(u, name);
}
