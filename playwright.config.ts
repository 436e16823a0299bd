import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${PORT}`;

// Debian's Chromium, never a downloaded browser (see docs/decisions/004-test-harness.md).
export default defineConfig({
  testDir: "./tests/e2e",
  // not test-results/ itself: Playwright empties its output folder, and the Vitest report lives there
  outputDir: "./test-results/playwright-artifacts",
  timeout: 30_000,
  expect: { timeout: 10_000 },
  retries: 0,
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL,
    ...devices["Desktop Chrome"],
    channel: undefined,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : {
        command: "node scripts/start.mjs",
        // DATABASE_URL set means production mode: the specs sign in with the demo accounts, so allow them explicitly
        // TRUSTED_PROXY_HOPS=1: X-Forwarded-For names a browser's address, as a hospital's reverse proxy would write it,
        // so signin-throttle.spec can sign in "from another address" (docs/decisions/052). The sign-in gate is per
        // address and every spec signs in from 127.0.0.1: its limits are raised here (tests/integration covers them).
        env: { PORT: String(PORT), BOLUS_SEED: "1", BOLUS_DEMO: "1", TRUSTED_PROXY_HOPS: "1", BOLUS_SIGNIN_BURST: "200", BOLUS_SIGNIN_PER_MINUTE: "600" },
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
      },
});
