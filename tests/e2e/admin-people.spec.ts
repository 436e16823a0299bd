// Issue 11, item 2: the administrator creates a unit and a nurse's account (the temporary password is shown once),
// and deactivates a colleague, whose open session (another browser, signed in) stops working at its next request.
import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { forgetUnitAfterwards, test } from "./fixtures";
import { expectAccessible, expectNoSidewaysScroll, fillSignature, screenshot, signIn, tabTo, typeSignature } from "./support";
import { demoAccount } from "@/prisma/demo-accounts";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";

const tag = () => randomUUID().slice(0, 6);

test("the administrator creates a unit and a nurse account, and a deactivated user's open session stops at once", async ({ page, browser }) => {
  test.setTimeout(60_000);
  // a colleague to deactivate, signed in in a browser of their own
  const unit = await prisma.unit.findUniqueOrThrow({ where: { name: "Oncology 7 West" } });
  const colleague = { name: `Nora Leaving ${tag()}`, email: `leaving-${tag()}@e2e.bolus`, password: "leaving nurse password 1" };
  await prisma.user.create({
    data: { name: colleague.name, email: colleague.email, role: "nurse", passwordHash: await hashPassword(colleague.password), assignments: { create: [{ unitId: unit.id }] } },
  });
  const theirs = await browser.newContext();
  const theirPage = await theirs.newPage();
  await theirPage.goto("/login");
  await theirPage.getByLabel("E-mail").fill(colleague.email);
  await theirPage.getByLabel("Password").fill(colleague.password);
  await theirPage.getByRole("button", { name: "Sign in" }).click();
  await expect(theirPage.getByRole("banner").getByText(colleague.name)).toBeVisible();
  await theirPage.goto("/board");
  await expect(theirPage.getByRole("heading", { name: "Unit board" })).toBeVisible();

  await signIn(page, "admin");
  await page.goto("/admin");
  await page.getByRole("link", { name: "Units (names, time zones)" }).click();
  await expect(page.getByRole("heading", { name: "Units", level: 1 })).toBeVisible();

  // a unit, by keyboard: type, Tab, type, Enter. An unknown zone is refused in words first.
  const unitName = `Ward ${tag()}`;
  const create = page.getByRole("form", { name: "Create a unit" });
  await create.getByLabel("Unit name").focus();
  await page.keyboard.type(unitName);
  await page.keyboard.press("Tab");
  await expect(create.getByLabel("Time zone")).toBeFocused();
  await page.keyboard.type("Europe/Atlantis");
  await page.keyboard.press("Enter");
  await expect(create.getByText("Enter a time zone by its IANA name, for example Europe/Paris or America/New_York.").first()).toBeVisible();
  await create.getByLabel("Time zone").fill("America/Chicago");
  await page.keyboard.press("Enter");
  await expect(page.getByText(`${unitName} created; times on its screens are read in America/Chicago.`)).toBeVisible();
  await forgetUnitAfterwards(unitName);
  const unitItem = page.getByRole("list", { name: "Units by name" }).getByRole("listitem").filter({ hasText: unitName });
  await expect(unitItem.getByText("Times in America/Chicago")).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-units");

  // a nurse's account on the new unit: the temporary password is shown once
  await page.goto("/admin");
  await page.getByRole("link", { name: "People (accounts, passwords)" }).click();
  const nurse = { name: `Nina New ${tag()}`, email: `nina-${tag()}@e2e.bolus` };
  const form = page.getByRole("form", { name: "Create an account" });
  await form.getByLabel("Full name").fill(nurse.name);
  await form.getByLabel("E-mail address").fill(nurse.email);
  await form.getByLabel("Role").selectOption("nurse");
  await form.getByRole("checkbox", { name: unitName }).check();
  await fillSignature(form, "admin");
  await form.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Temporary password for ${nurse.name}`)).toBeVisible();
  const temporary = await page.getByTestId("temporary-password").textContent();
  expect(temporary).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
  const stored = await prisma.user.findUniqueOrThrow({ where: { email: nurse.email }, include: { assignments: { include: { unit: true } } } });
  expect(stored).toMatchObject({ role: "nurse", mustChangePassword: true, active: true });
  expect(stored.assignments.map((a) => a.unit.name)).toEqual([unitName]);
  await expectAccessible(page);
  await screenshot(page, "admin-users");

  // deactivate the colleague: their next request is refused and sends them to sign in
  const item = page.getByRole("list", { name: "Accounts, active first" }).getByRole("listitem").filter({ hasText: colleague.email });
  await item.getByRole("button", { name: `Deactivate ${colleague.name}` }).click();
  // nothing happens before the administrator says yes to the consequence in words
  await expect(item.getByRole("group", { name: `Deactivate ${colleague.name}?` })).toContainText("ends at once");
  expect((await prisma.user.findUniqueOrThrow({ where: { email: colleague.email } })).active).toBe(true);
  // the administrator re-enters their own password to deactivate (decision 055)
  await fillSignature(item, "admin");
  await item.getByRole("button", { name: `Yes, deactivate ${colleague.name}` }).click();
  await expect(item.getByText(`${colleague.name} is deactivated; 1 open session ended.`)).toBeVisible();
  await theirPage.goto("/board");
  await expect(theirPage).toHaveURL(/\/login/);
  await expect(theirPage.getByRole("heading", { name: "Unit board" })).toHaveCount(0);
  await theirs.close();
});

test("a nurse cannot open the people or units pages; her board names her unit's clock", async ({ page }) => {
  await signIn(page, "nurse");
  const unit = await prisma.unit.findUniqueOrThrow({ where: { name: "Oncology 7 West" } });
  await expect(page.getByTestId("board-units")).toHaveText(`Oncology 7 West: times in ${unit.timeZone}`);
  for (const path of ["/admin/users", "/admin/units"]) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/board\?denied=1$/);
    await expect(page.getByText("That page is not part of your role.")).toBeVisible();
  }
});

test("the administrator's screens at 1280 and 820 px wide: axe clean, nothing scrolls sideways", async ({ page }) => {
  test.setTimeout(120_000); // a dozen full-page screenshots and axe runs
  await signIn(page, "admin");
  for (const width of [1280, 820]) {
    await page.setViewportSize({ width, height: 900 });
    for (const [path, heading, shot] of [["/admin", "Administration", "admin"], ["/admin/users", "People", "admin-users"], ["/admin/units", "Units", "admin-units"]] as const) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
      await expectNoSidewaysScroll(page);
      await expectAccessible(page);
      await screenshot(page, `${shot}-${width}`);
    }
    // a colleague's reset question open, at this width
    await page.goto("/admin/users");
    const nurse = page.getByRole("list", { name: "Accounts, active first" }).getByRole("listitem").filter({ hasText: "nurse@bolus.demo" });
    await nurse.getByRole("button", { name: "Reset password for Nora Nurse" }).click();
    await expect(nurse.getByRole("group", { name: "Reset the password of Nora Nurse?" })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await screenshot(page, `admin-users-confirm-reset-${width}`);
    await nurse.getByRole("button", { name: "Cancel" }).click();
    await expect(nurse.getByRole("button", { name: "Reset password for Nora Nurse" })).toBeFocused();
  }
  // the nurse's own password page at both widths
  await signIn(page, "nurse");
  for (const width of [1280, 820]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/account/password");
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, `password-${width}`);
  }
});

test("keyboard only: the administrator creates an account, then asks to reset a password, cancels with Escape, and resets it", async ({ page }) => {
  test.setTimeout(60_000);
  await signIn(page, "admin");
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Create an account" });
  const person = { name: `Kit Keyboard ${tag()}`, email: `kit-${tag()}@e2e.bolus` };
  await tabTo(page, form.getByLabel("Full name"));
  await page.keyboard.type(person.name);
  await page.keyboard.press("Tab");
  await page.keyboard.type(person.email);
  await page.keyboard.press("Tab");
  await expect(form.getByLabel("Role")).toBeFocused();
  await page.keyboard.type("Pharm"); // a closed list chooses by the first letters typed
  await expect(form.getByLabel("Role")).toHaveValue("pharmacist");
  await page.keyboard.press("Tab");
  await expect(form.getByRole("checkbox", { name: "Oncology 7 West" })).toBeFocused();
  await page.keyboard.press("Space");
  // the administrator's own password (and user id at the session's first signature), by keyboard (decision 055)
  const admin = demoAccount("admin");
  const ownId = form.getByLabel("Your user id (e-mail)");
  if (await ownId.count()) {
    await tabTo(page, ownId);
    await page.keyboard.type(admin.email);
  }
  await tabTo(page, form.getByLabel("Your own password, to sign"));
  await page.keyboard.type(admin.password);
  await tabTo(page, form.getByRole("button", { name: "Create account" }));
  await page.keyboard.press("Enter");
  await expect(page.getByText(`Temporary password for ${person.name}`)).toBeVisible();

  const item = page.getByRole("list", { name: "Accounts, active first" }).getByRole("listitem").filter({ hasText: person.email });
  const reset = item.getByRole("button", { name: `Reset password for ${person.name}` });
  await tabTo(page, reset);
  await page.keyboard.press("Enter");
  const question = item.getByRole("group", { name: `Reset the password of ${person.name}?` });
  await expect(question).toContainText("Their current password stops working and every open session ends at once.");
  // the question opens on the administrator's own signature: it takes the focus
  await expect(question.getByLabel(/^Your (user id|own password)/).first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(question).toHaveCount(0);
  await expect(reset).toBeFocused();
  const before = (await prisma.user.findUniqueOrThrow({ where: { email: person.email } })).passwordHash;
  await page.keyboard.press("Enter");
  await typeSignature(page, question, "admin");
  await page.keyboard.press("Enter");
  await expect(item.getByTestId("temporary-password")).toBeVisible();
  expect((await prisma.user.findUniqueOrThrow({ where: { email: person.email } })).passwordHash).not.toBe(before);
  await expectAccessible(page);
});
