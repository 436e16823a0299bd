import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS, demoAccount } from "@/prisma/demo-accounts";
import { expectAccessible, screenshot } from "./support";

const HOME: Record<string, { path: string; heading: string }> = {
  nurse: { path: "/board", heading: "Unit board" },
  attending: { path: "/reviews", heading: "Reviews waiting for you" },
  pharmacist: { path: "/verifications", heading: "Verifications" },
  admin: { path: "/admin", heading: "Administration" },
};

for (const account of DEMO_ACCOUNTS) {
  test(`a ${account.role} signs in and lands on their page, which passes axe`, async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(account.email);
    await page.getByLabel("Password").fill(account.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`${HOME[account.role]!.path}$`));
    await expect(page.getByRole("heading", { level: 1, name: HOME[account.role]!.heading })).toBeVisible();
    await expect(page.getByRole("banner").getByText(account.name)).toBeVisible();
    await screenshot(page, `home-${account.role}`);
    await expectAccessible(page);
  });
}

test("the sign-in page passes axe", async ({ page }) => {
  await page.goto("/login");
  await expectAccessible(page);
});

test("a wrong password is refused with a clear message and the e-mail stays typed", async ({ page }) => {
  const nurse = demoAccount("nurse");
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(nurse.email);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "E-mail or password is incorrect." })).toBeVisible();
  await expect(page.getByLabel("E-mail")).toHaveValue(nurse.email);
  await expect(page).toHaveURL(/\/login$/);
});

test("a signed-out visitor is sent to sign-in", async ({ page }) => {
  for (const path of ["/board", "/reviews", "/verifications", "/admin"]) {
    await page.goto(path);
    // the page asked for rides along, to return to after sign-in (lib/auth/return-to.ts)
    await expect(page).toHaveURL(new RegExp(`/login\\?next=${encodeURIComponent(path)}$`));
  }
  await page.goto("/");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
});

test("sign-out ends the session: the clinical pages are closed again", async ({ page }) => {
  const pharmacist = demoAccount("pharmacist");
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(pharmacist.email);
  await page.getByLabel("Password").fill(pharmacist.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/verifications$/);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/verifications");
  await expect(page).toHaveURL(/\/login\?next=%2Fverifications$/);
});

test("a role's page that is not theirs sends them home with a note", async ({ page }) => {
  const nurse = demoAccount("nurse");
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(nurse.email);
  await page.getByLabel("Password").fill(nurse.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/board$/);
  await page.goto("/reviews");
  await expect(page).toHaveURL(/\/board\?denied=1$/);
  await expect(page.getByText("That page is not part of your role.")).toBeVisible();
});

test("health answers ok with the database up", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", db: "ok" });
});
