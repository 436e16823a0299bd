// A wrong current password on /account/password is the form's own error, at the field: it never opens the
// "Your session has ended" dialog (review of issue 11, fix 1), and neither does the wait it starts.
import { expect } from "@playwright/test";
import { test, unitWithNurse } from "./fixtures";
import { screenshot } from "./support";
import { WRONG_CURRENT_PASSWORD } from "@/lib/schemas/account";
import { prisma } from "@/lib/db/client";

const PASSWORD = "a kettle of river stones at dusk";

test("a wrong current password shows the field error and no sign-in-again dialog", async ({ page }) => {
  const { nurse } = await unitWithNurse(PASSWORD);
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(nurse.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByText(nurse.name)).toBeVisible();

  await page.goto("/account/password");
  const current = page.getByLabel("Current password");
  await current.fill("not my password at all");
  await page.getByLabel("New password", { exact: true }).fill("copper lanterns over the quiet harbour");
  await page.getByLabel("New password again").fill("copper lanterns over the quiet harbour");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(current).toHaveAccessibleDescription(new RegExp(WRONG_CURRENT_PASSWORD.replace(/[.:]/g, "\\$&")));
  const dialog = page.getByRole("dialog", { name: "Your session has ended" });
  await expect(dialog).toBeHidden();
  await screenshot(page, "password-wrong-current");

  // an account locked after wrong passwords reads as a lock, at the field, not as a session end
  await prisma.user.update({ where: { id: nurse.id }, data: { lockedUntil: new Date(Date.now() + 15 * 60_000) } });
  await current.fill(PASSWORD);
  // a refused answer does not hand passwords back: type the new one again
  await page.getByLabel("New password", { exact: true }).fill("copper lanterns over the quiet harbour");
  await page.getByLabel("New password again").fill("copper lanterns over the quiet harbour");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(current).toHaveAccessibleDescription(/this account is locked until \d\d:\d\d, so the password cannot be changed/);
  await expect(dialog).toBeHidden();
  // still signed in: the page is there and the banner names her
  await expect(page.getByRole("banner").getByText(nurse.name)).toBeVisible();
});
