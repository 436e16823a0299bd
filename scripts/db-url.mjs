// Which database the migration tooling (scripts/db.mjs) connects to, and how. Pure, so tests/unit can check it.
//   MIGRATION_DATABASE_URL: the owner role that runs migrations (docs/operations-roles.md); when it is not set,
//   DATABASE_URL (the demo, the tests, a deployment with one role). Neither set: the embedded PGlite.
// The URL is passed to pg whole, as the app passes it (lib/db/client.ts): query parameters such as sslmode,
// sslrootcert or options are kept. Only the database name is swapped, for the shadow database of `draft`/`dev`.

/** @param {Record<string, string | undefined>} env @returns {string | null} */
export function migrationUrl(env) {
  return env.MIGRATION_DATABASE_URL || env.DATABASE_URL || null;
}

/** The same server, user, password and parameters, another database. @param {string} url @param {string} database */
export function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** The pg pool configuration for adapter-pg: the connection string itself, nothing rebuilt from its parts. @param {string} url */
export function pgConfig(url) {
  return { connectionString: url };
}

/** Where, for the log line: host, port and database, never the password or parameters. @param {string} url */
export function describeUrl(url) {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}${u.username ? ` as ${decodeURIComponent(u.username)}` : ""}`;
}
