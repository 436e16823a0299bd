import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${PORT}`;
// Hospital sign-in (docs/decisions/050-hospital-sign-in-oidc.md): the app is started pointing at an OpenID provider
// that tests/e2e/oidc.spec.ts starts itself on this port (tests/support/oidc-provider.ts); for every other spec the
// only difference is the "Sign in with Test Hospital" button on /login. Client id and secret: TEST_CLIENT there.
const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT + 1000);

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
        // BOLUS_ORIGIN: the only origin the server answers for (proxy.ts); BOLUS_HSTS: HSTS comes from configuration;
        // OIDC_*: hospital sign-in against the test provider tests/e2e/oidc.spec.ts starts on E2E_OIDC_PORT;
        // TRUSTED_PROXY_HOPS=1: X-Forwarded-For names a browser's address, as a hospital's reverse proxy would write it,
        // so signin-throttle.spec can sign in "from another address" (docs/decisions/052). The sign-in gate is per
        // address and every spec signs in from 127.0.0.1: its limits are raised here (tests/integration covers them).
        env: {
          PORT: String(PORT), BOLUS_SEED: "1", BOLUS_DEMO: "1",
          BOLUS_ORIGIN: new URL(baseURL).origin, BOLUS_HSTS: "max-age=63072000; includeSubDomains",
          OIDC_ISSUER: `http://127.0.0.1:${E2E_OIDC_PORT}`, OIDC_CLIENT_ID: "bolus-test",
          OIDC_CLIENT_SECRET: "bolus-test-secret-not-for-production", OIDC_BUTTON_LABEL: "Sign in with Test Hospital",
          TRUSTED_PROXY_HOPS: "1", BOLUS_SIGNIN_BURST: "200", BOLUS_SIGNIN_PER_MINUTE: "600",
        },
        url: `${baseURL}/api/health`,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: "pipe",
      },
});
