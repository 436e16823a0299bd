import { availableParallelism } from "node:os";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { fileURLToPath } from "node:url";

// "server-only" throws outside a React Server Components bundle; tests load server modules directly.
const alias = { "@": fileURLToPath(new URL("./", import.meta.url)), "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)) };

// The projects are the test tiers of docs/testing.md; `npm test` (scripts/test.mjs) runs them one tier at a time
// and stops at the first that fails. groupOrder keeps that order when they run in one `vitest run`.
//   lint                lint-config tests (tests/lint): a boundary violation must fail lint        static tier
//   unit                pure, in-process, no database, no child process; seconds                    unit tier
//   cli                 the engine command line in child processes                                  integration tier
//   integration         real PostgreSQL, one cloned database per worker, files in parallel          integration tier
//   integration-serial  tests that stop the PostgreSQL server itself: alone, after the others        integration tier

// Integration workers each hold a database clone and a Prisma pool; most of their time is spent waiting on
// PostgreSQL and child processes, so two workers pay even on two cores. BOLUS_TEST_WORKERS overrides.
const INTEGRATION_WORKERS = Number(process.env.BOLUS_TEST_WORKERS ?? Math.max(2, Math.min(4, availableParallelism())));
// Stops and restarts the whole PostgreSQL server: nothing else may run beside it.
const SERIAL = ["tests/integration/outage.test.ts"];
const INTEGRATION_SETUP = [
  "tests/integration/support/setup-database.ts", // first: DATABASE_URL → this worker's clone, before lib/db loads
  "tests/integration/support/request-context.ts",
  "tests/integration/support/setup-clock.ts",
];

const project = (name: string, test: NonNullable<TestProjectInlineConfiguration["test"]>): TestProjectInlineConfiguration => ({
  resolve: { alias },
  test: { name, environment: "node", ...test },
});

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      project("lint", { include: ["tests/lint/**/*.test.ts"], testTimeout: 60_000, sequence: { groupOrder: 0 } }),
      project("unit", {
        include: ["tests/unit/**/*.test.ts", "tests/scenarios/**/*.test.ts"],
        // Pure tests share nothing mutable, so one module graph serves every file: no per-file re-import of the
        // engine (isolation cost ~2/3 of this tier's wall time). A unit test that needs vi.mock or module state
        // does not belong in this tier.
        pool: "threads",
        isolate: false,
        sequence: { groupOrder: 1 },
      }),
      project("cli", { include: ["tests/cli/**/*.test.ts"], testTimeout: 60_000, maxWorkers: INTEGRATION_WORKERS, sequence: { groupOrder: 2 } }),
      project("integration", {
        include: ["tests/integration/**/*.test.ts"],
        exclude: SERIAL,
        globalSetup: ["tests/integration/global-setup.ts"],
        setupFiles: INTEGRATION_SETUP,
        maxWorkers: INTEGRATION_WORKERS,
        testTimeout: 30_000,
        hookTimeout: 60_000,
        sequence: { groupOrder: 2 },
      }),
      project("integration-serial", {
        include: SERIAL,
        globalSetup: ["tests/integration/global-setup.ts"],
        setupFiles: INTEGRATION_SETUP,
        maxWorkers: 1,
        testTimeout: 30_000,
        hookTimeout: 60_000,
        sequence: { groupOrder: 3 },
      }),
    ],
  },
});
