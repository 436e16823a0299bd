import { spawnSync } from "node:child_process";
import { createEmptyDatabase, databaseUrl, dropRunDatabases, templateName, urlOf } from "./support/databases";

// Integration tests need a real PostgreSQL: `npm test` creates a fresh database and passes it as DATABASE_URL.
// Here: one template database with every migration applied; each worker clones it (support/setup-database.ts).
// Both integration projects (parallel and serial) name this file; Vitest runs every project's global setup before
// any test and every teardown after the last, in one process: the first setup builds the template, the last
// teardown drops the run's databases.
const shared = globalThis as unknown as { bolusIntegrationDatabases?: { users: number } };

export default async function setup(): Promise<() => Promise<void>> {
  const server = databaseUrl();
  if (shared.bolusIntegrationDatabases) {
    shared.bolusIntegrationDatabases.users += 1;
  } else {
    await dropRunDatabases(server); // leftovers of an interrupted run would hold an older schema
    const template = templateName(server);
    await createEmptyDatabase(server, template);
    const r = spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: urlOf(server, template) } });
    if (r.status !== 0) {
      await dropRunDatabases(server);
      throw new Error(`migrations failed:\n${r.stdout}\n${r.stderr}`);
    }
    shared.bolusIntegrationDatabases = { users: 1 };
  }
  return async () => {
    const state = shared.bolusIntegrationDatabases;
    if (!state || --state.users > 0) return;
    delete shared.bolusIntegrationDatabases;
    await dropRunDatabases(server);
  };
}
