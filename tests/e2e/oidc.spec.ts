// Issue 11, item 5, in real Chromium: hospital sign-in against a real OpenID provider (oidc-provider) this spec
// starts on the port playwright.config.ts pointed the app's OIDC_ISSUER at. The nurse uses the provider's own login
// and consent pages. docs/decisions/050-hospital-sign-in-oidc.md.
import { expect } from "@playwright/test";
import { test } from "./fixtures";
import { screenshot } from "./support";
import { demoAccount } from "@/prisma/demo-accounts";
import { prisma } from "@/lib/db/client";
import { startTestProvider, type TestProvider } from "../support/oidc-provider";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT + 1000);

let provider: TestProvider;

test.beforeAll(async () => {
  test.skip(!!process.env.E2E_BASE_URL, "against a server started elsewhere, its OIDC settings do not point at this spec's provider");
  provider = await startTestProvider(`http://127.0.0.1:${PORT}/api/auth/oidc/callback`, OIDC_PORT);
  const nurse = demoAccount("nurse");
  provider.accounts.set("nora.nurse", { email: nurse.email, email_verified: true, name: nurse.name });
  // each run links her afresh (an earlier run on this database may have linked her to a provider on another port)
  await prisma.user.update({ where: { email: nurse.email }, data: { oidcIssuer: null, oidcSubject: null } });
  provider.accounts.set("sam.stranger", { email: "sam.stranger@hospital.example", email_verified: true, name: "Sam Stranger" });
});

test.afterAll(async () => {
  await provider?.close();
});

async function signInAtProvider(page: import("@playwright/test").Page, login: string) {
  await page.getByRole("link", { name: "Sign in with Test Hospital" }).click();
  // the provider's own pages (oidc-provider's development login and consent)
  await expect(page).toHaveURL(new RegExp(`^http://127\\.0\\.0\\.1:${OIDC_PORT}/interaction/`));
  // the attempt waits in a sealed, Secure, host-only cookie (decision 056: `__Host-` under next start)
  const flow = (await page.context().cookies(`http://127.0.0.1:${PORT}/api/auth/oidc/callback`)).find((c) => c.name === "__Host-bolus_oidc");
  expect(flow).toMatchObject({ secure: true, httpOnly: true, path: "/", sameSite: "Lax" });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password: the test provider takes it");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test("a nurse signs in with the hospital's sign-in and lands on her board", async ({ page }) => {
  await page.goto("/login");
  await screenshot(page, "oidc-login-button");
  await signInAtProvider(page, "nora.nurse");
  await expect(page).toHaveURL(/\/board$/);
  await expect(page.getByRole("heading", { level: 1, name: "Unit board" })).toBeVisible();
  await expect(page.getByRole("banner").getByText(demoAccount("nurse").name)).toBeVisible();
  // linked by the ID token's own iss (decision 056), as the provider spells it
  expect(await prisma.user.findUniqueOrThrow({ where: { email: demoAccount("nurse").email } })).toMatchObject({ oidcIssuer: provider.issuer, oidcSubject: "nora.nurse" });
  await screenshot(page, "oidc-nurse-board");
  // a Bolus session like any other: signing out ends it
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login\?next=%2Fboard$/);
});

test("a person Bolus does not know is sent back to sign-in with a sentence, not signed in", async ({ page }) => {
  await page.goto("/login");
  await signInAtProvider(page, "sam.stranger");
  await expect(page).toHaveURL(/\/login\?sso=unknown-user$/);
  await expect(page.getByRole("alert").filter({ hasText: "Not signed in: Your hospital account is not a Bolus account yet." })).toBeVisible();
  await screenshot(page, "oidc-unknown-user");
  await page.goto("/board");
  await expect(page).toHaveURL(/\/login\?next=%2Fboard$/);
});
