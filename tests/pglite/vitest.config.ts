import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

// Checks that need the embedded PGlite database (one connection), run in a child process by
// tests/integration/pglite-signature.test.ts with DATABASE_URL="" and PGLITE_DIR set to a migrated folder.
const root = fileURLToPath(new URL("../../", import.meta.url));
const alias = { "@": root, "server-only": `${root}/node_modules/server-only/empty.js` };

export default defineConfig({
  resolve: { alias },
  test: {
    root,
    include: ["tests/pglite/**/*.pglite.ts"],
    environment: "node",
    setupFiles: ["tests/integration/support/request-context.ts"],
    // a query made outside the open interactive transaction waits for PGlite's only connection forever: fail instead
    testTimeout: 60_000,
  },
});
