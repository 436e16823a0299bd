// Issue 11, "Done when": the hospital's whole story in one real browser against `next start` on PostgreSQL.
// An administrator creates a unit (with its time zone), a nurse's account on it and admits a patient there; the nurse
// signs in with the temporary password, is made to change it, and sees the patient on her board once an attending
// has ordered a course; a transfer moves the course to the other unit's board (both boards checked); the nurse,
// deactivated, loses her open session at its next request.
import { randomUUID } from "node:crypto";
import { expect, type Browser, type Page } from "@playwright/test";
import { clinicianOn, forgetAfterwards, forgetUnitAfterwards, test, unitWithNurse } from "./fixtures";
import { expectAccessible, fillSignature, localInput, screenshot, signIn, typeSignature } from "./support";
import { prisma } from "@/lib/db/client";

const tag = () => randomUUID().slice(0, 6);
const PASSWORD = "a long e2e clinician passphrase";

async function signInAs(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  return page;
}

test("a unit, a nurse and a patient made by the administrator; the course on her board, transferred, and her session ended by deactivation", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const zone = "Pacific/Auckland";
  const unitName = `Ward ${tag()}`;
  const nurse = { name: `Nadia Newhire ${tag()}`, email: `nadia-${tag()}@hospital.example` };
  const mrn = `HS-${tag().toUpperCase()}`;
  const family = `Storyfield${tag().slice(0, 4)}`;
  const patientName = `${family}, Maren`;

  // 1. the administrator creates the unit, with its clock; she is assigned to it (decision 048, amendment)
  await signIn(page, "admin");
  await page.goto("/admin/units");
  const createUnit = page.getByRole("form", { name: "Create a unit" });
  await createUnit.getByLabel("Unit name").fill(unitName);
  await createUnit.getByLabel("Time zone").fill(zone);
  await createUnit.getByRole("button", { name: "Create unit" }).click();
  await expect(createUnit.getByText(`${unitName} created; times on its screens are read in ${zone}. You are assigned to it`)).toBeVisible();
  await forgetUnitAfterwards(unitName);
  const unit = await prisma.unit.findUniqueOrThrow({ where: { name: unitName } });
  expect(unit.timeZone).toBe(zone);

  // 2. the nurse's account on the new unit: a temporary password, shown once
  await page.goto("/admin/users");
  const createUser = page.getByRole("form", { name: "Create an account" });
  await createUser.getByLabel("Full name").fill(nurse.name);
  await createUser.getByLabel("E-mail address").fill(nurse.email);
  await createUser.getByLabel("Role").selectOption("nurse");
  await createUser.getByRole("checkbox", { name: unitName }).check();
  await fillSignature(createUser, "admin");
  await createUser.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText(`Temporary password for ${nurse.name}`)).toBeVisible();
  const temporary = (await page.getByTestId("temporary-password").textContent())!.trim();

  // 3. the patient, admitted by the administrator to the unit she opened
  await page.goto("/patients");
  const admit = page.getByRole("form", { name: "Admit a patient" });
  await admit.getByLabel("Unit").selectOption({ label: unitName });
  await admit.getByLabel("MRN").fill(mrn);
  await admit.getByLabel("Family name").fill(family);
  await admit.getByLabel("Given name").fill("Maren");
  await admit.getByLabel("Birth date").fill("1968-11-02");
  await admit.getByLabel("Administrative gender").selectOption("female");
  await admit.getByRole("button", { name: "Admit patient" }).click();
  await expect(admit.getByText(`${patientName} admitted to ${unitName}.`)).toBeVisible();
  await forgetAfterwards(mrn);

  // 4. the nurse signs in (her own browser) with the temporary password and is made to change it first
  const nursePage = await signInAs(browser, nurse.email, temporary);
  await expect(nursePage).toHaveURL(/\/account\/password$/);
  await nursePage.goto("/board");
  await expect(nursePage).toHaveURL(/\/account\/password$/);
  await expect(nursePage.getByText("You signed in with a temporary password")).toBeVisible();
  const mine = "saffron lantern over the harbour wall";
  await nursePage.getByLabel("Current password").fill(temporary);
  await nursePage.getByLabel("New password", { exact: true }).fill(mine);
  await nursePage.getByLabel("New password again").fill(mine);
  await nursePage.getByRole("button", { name: "Change password" }).click();
  await expect(nursePage).toHaveURL(/\/board\?password-changed=1$/);
  // her board names her unit's clock; no course yet, so the patient is not on it
  await expect(nursePage.getByTestId("board-units")).toHaveText(`${unitName}: times in ${zone}`);
  await expect(nursePage.getByText("No open IL-2 courses on your units.")).toBeVisible();
  await expect(nursePage.getByRole("link", { name: patientName, exact: true })).toHaveCount(0);

  // 5. an attending of the unit orders a course for the patient
  const attending = await clinicianOn("attending", [unit.id], PASSWORD);
  const attendingPage = await signInAs(browser, attending.email, PASSWORD);
  await attendingPage.goto("/board");
  await attendingPage.getByRole("link", { name: `Order an IL-2 course for ${patientName}` }).click();
  await expect(attendingPage.getByLabel("Patient").locator("option:checked")).toHaveText(`${patientName} — MRN ${mrn}`);
  await attendingPage.getByLabel(/^TIL-adjunct/).check();
  await attendingPage.getByLabel("Dosing weight").fill("70");
  await attendingPage.getByLabel("Baseline weight").fill("70");
  await attendingPage.getByLabel("End of the TIL cell infusion").fill(localInput(-6 * 60, zone));
  await attendingPage.getByLabel("Admission systolic BP target").fill("95");
  await attendingPage.getByRole("button", { name: "Order course" }).click();
  await expect(attendingPage.getByRole("heading", { level: 1, name: patientName })).toBeVisible();

  // the nurse's board now shows the patient
  await nursePage.goto("/board");
  await expect(nursePage.getByRole("link", { name: patientName, exact: true })).toBeVisible();

  // 6. the administrator transfers the patient: the open course moves to the other unit's board
  const other = await unitWithNurse(PASSWORD);
  await page.goto("/patients");
  const row = page.getByRole("row", { name: new RegExp(`^${patientName}`) });
  await expect(row).toContainText("Ordered, waiting for the pharmacist");
  await page.getByText(`Transfer or discharge ${patientName}`).click();
  const transfer = page.getByRole("form", { name: `Transfer ${patientName}` });
  await transfer.getByLabel("Transfer to unit").selectOption({ label: other.unit.name });
  await transfer.getByRole("button", { name: "Transfer patient" }).click();
  await expect(page.getByTestId("movement-notice")).toContainText(`${patientName} transferred to ${other.unit.name}, with the open IL-2 course`);
  await expect(page.getByRole("row", { name: new RegExp(patientName) })).toHaveCount(0);
  // both boards: off the first unit's, on the other's
  await nursePage.goto("/board");
  await expect(nursePage.getByText("No open IL-2 courses on your units.")).toBeVisible();
  await expect(nursePage.getByRole("link", { name: patientName, exact: true })).toHaveCount(0);
  const otherNursePage = await signInAs(browser, other.nurse.email, PASSWORD);
  await expect(otherNursePage.getByRole("heading", { level: 1, name: "Unit board" })).toBeVisible();
  await expect(otherNursePage.getByRole("link", { name: patientName, exact: true })).toBeVisible();
  const movements = await prisma.patientMovement.findMany({ where: { patient: { mrn } }, orderBy: { at: "asc" } });
  expect(movements.map((m) => [m.kind, m.fromUnitId, m.toUnitId])).toEqual([["admit", null, unit.id], ["transfer", unit.id, other.unit.id]]);

  // 7. the administrator deactivates the nurse, by keyboard, after saying yes to the consequence in words
  await page.goto("/admin/users");
  const item = page.getByRole("list", { name: "Accounts, active first" }).getByRole("listitem").filter({ hasText: nurse.email });
  await item.getByRole("button", { name: `Deactivate ${nurse.name}` }).focus();
  await page.keyboard.press("Enter");
  const question = item.getByRole("group", { name: `Deactivate ${nurse.name}?` });
  await expect(question).toContainText(`Every open session of ${nurse.name} ends at once`);
  // the question opens on the administrator's own signature (decision 055); Enter in it says yes
  await expect(question.getByRole("button", { name: `Yes, deactivate ${nurse.name}` })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "admin-users-confirm-deactivate");
  await typeSignature(page, question, "admin");
  await page.keyboard.press("Enter");
  await expect(item.getByText(`${nurse.name} is deactivated; 1 open session ended.`)).toBeVisible();
  await expect(item.getByRole("button", { name: `Reactivate ${nurse.name}` })).toBeFocused();

  // her open session stops at its next request
  await nursePage.goto("/board");
  await expect(nursePage).toHaveURL(/\/login/);
  await expect(nursePage.getByRole("heading", { name: "Unit board" })).toHaveCount(0);
  const ended = await prisma.session.findMany({ where: { user: { email: nurse.email } } });
  expect(ended.length).toBeGreaterThan(0);
  expect(ended.every((s) => s.endedAt !== null)).toBe(true);

  for (const p of [nursePage, attendingPage, otherNursePage]) await p.context().close();
});
