// Decision 047: a user holding a temporary password is sent to "Change password" and can open nothing else until
// they have chosen their own; then they land on their home page.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { test, demoUnit } from "./fixtures";
import { screenshot } from "./support";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

test("a temporary password must be changed before anything else opens", async ({ page }) => {
  const unit = await demoUnit();
  const temporary = "tmp-" + randomUUID().slice(0, 12);
  const email = `first-${randomUUID().slice(0, 6)}@hospital.example`;
  await prisma.user.create({
    data: { email, name: "Fay Firstday", role: "nurse", passwordHash: await hashPassword(temporary), mustChangePassword: true, assignments: { create: [{ unitId: unit.id }] } },
  });

  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(temporary);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
  await expect(page.getByText("You signed in with a temporary password")).toBeVisible();

  await page.goto("/board");
  await expect(page).toHaveURL(/\/account\/password$/);

  await page.getByLabel("Current password").fill(temporary);
  await page.getByLabel("New password", { exact: true }).fill("password");
  await page.getByLabel("New password again").fill("password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText(/at least 15 characters/).first()).toBeVisible();
  await screenshot(page, "first-run-change-password-refused");

  const mine = "copper kettle under the river lamp";
  await page.getByLabel("New password", { exact: true }).fill(mine);
  await page.getByLabel("New password again").fill(mine);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/board\?password-changed=1$/);
  await expect(page.getByRole("banner").getByText("Fay Firstday")).toBeVisible();
  expect((await prisma.user.findUniqueOrThrow({ where: { email } })).mustChangePassword).toBe(false);
  await screenshot(page, "first-run-home-after-change");
});
