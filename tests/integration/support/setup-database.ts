// Setup file (runs before each integration test file, before it imports lib/db/client): point DATABASE_URL at this
// worker's own clone of the migrated template. The server's URL as given stays in BOLUS_TEST_SERVER_URL, for tests
// that make databases of their own (./databases.ts).
import { appRoleMode, asUser, databaseUrl, ensureWorkerDatabase, testRoles } from "./databases";

const server = databaseUrl();
process.env.BOLUS_TEST_SERVER_URL = server.toString();
// scripts/db.mjs prefers MIGRATION_DATABASE_URL: one left in a developer's shell must never receive the migrations a
// test runs against its own throwaway database (tests pass DATABASE_URL to `db.mjs deploy`).
delete process.env.MIGRATION_DATABASE_URL;
const worker = await ensureWorkerDatabase(server, process.env.VITEST_POOL_ID ?? "1");
// BOLUS_TEST_DB_ROLE=app: the app's restricted role, as in production (global-setup.ts, docs/operations-roles.md)
process.env.DATABASE_URL = appRoleMode() ? asUser(worker, testRoles(server).app) : worker;
