import { spawnSync } from "node:child_process";
import { admin, appRoleMode, asUser, createEmptyDatabase, databaseUrl, dropRunDatabases, templateName, testRoles, urlOf } from "./support/databases";
import { createRoles, grantApp } from "../../scripts/db-roles";

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
    // BOLUS_TEST_DB_ROLE=app: production's two roles (docs/operations-roles.md). The template belongs to an owner role
    // that runs the migrations; the tests' DATABASE_URL connects as the app role (support/setup-database.ts).
    const roles = appRoleMode() ? testRoles(server) : null;
    if (roles) await admin(new URL(urlOf(server, template)), (c) => createRoles(c, roles));
    const migrateAs = roles ? asUser(urlOf(server, template), roles.owner) : urlOf(server, template);
    const r = spawnSync("node", ["scripts/db.mjs", "deploy"], { encoding: "utf8", env: { ...process.env, DATABASE_URL: migrateAs, MIGRATION_DATABASE_URL: "" } });
    if (r.status !== 0) {
      await dropRunDatabases(server);
      throw new Error(`migrations failed:\n${r.stdout}\n${r.stderr}`);
    }
    if (roles) await admin(new URL(migrateAs), (c) => grantApp(c, roles.app));
    shared.bolusIntegrationDatabases = { users: 1 };
  }
  return async () => {
    const state = shared.bolusIntegrationDatabases;
    if (!state || --state.users > 0) return;
    delete shared.bolusIntegrationDatabases;
    await dropRunDatabases(server);
    if (appRoleMode()) {
      const { owner, app } = testRoles(server);
      await admin(server, async (c) => {
        for (const role of [app, owner]) await c.query(`DROP ROLE IF EXISTS "${role}"`);
      });
    }
  };
}
