// Setup file (runs before each integration test file, before it imports lib/db/client): point DATABASE_URL at this
// worker's own clone of the migrated template. The server's URL as given stays in BOLUS_TEST_SERVER_URL, for tests
// that make databases of their own (./databases.ts).
import { databaseUrl, ensureWorkerDatabase } from "./databases";

const server = databaseUrl();
process.env.BOLUS_TEST_SERVER_URL = server.toString();
process.env.DATABASE_URL = await ensureWorkerDatabase(server, process.env.VITEST_POOL_ID ?? "1");
