import { randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import { expectAccessible, expectNoSidewaysScroll, localInput, screenshot, signIn, tabTo } from "./support";
import { forgetAfterwards, test, unitWithNurse } from "./fixtures";

// Issue 11 item 3 (decision 049): an attending admits a patient, orders a course for them from the board, transfers
// the patient to another unit — the course is then on that unit's board and off this one's — and discharge is
// refused while the course is open.
test.describe.configure({ mode: "serial" });

const mrn = `E2E-${randomUUID().slice(0, 6).toUpperCase()}`;
const family = `Admitted${randomUUID().slice(0, 4)}`;
const name = `${family}, Ingrid`;
const PASSWORD = "a long e2e nurse passphrase";
let other: Awaited<ReturnType<typeof unitWithNurse>>;

test("1. the attending admits a patient and orders a course for them from the board", async ({ page }) => {
  other = await unitWithNurse(PASSWORD);
  await signIn(page, "attending");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Patients" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Patients" })).toBeVisible();
  const admit = page.getByRole("form", { name: "Admit a patient" });
  await admit.getByLabel("MRN").fill(mrn);
  await admit.getByLabel("Family name").fill(family);
  await admit.getByLabel("Given name").fill("Ingrid");
  await admit.getByLabel("Birth date").fill("1969-05-14");
  await admit.getByLabel("Administrative gender").selectOption("female");
  await admit.getByRole("button", { name: "Admit patient" }).click();
  await expect(admit.getByText(`${name} admitted to Oncology 7 West.`)).toBeVisible();
  await forgetAfterwards(mrn);

  // the same MRN again: refused at the MRN field, naming the patient it belongs to
  await admit.getByLabel("MRN").fill(mrn);
  await admit.getByLabel("Family name").fill("Someone");
  await admit.getByLabel("Given name").fill("Else");
  await admit.getByLabel("Birth date").fill("1980-01-01");
  await admit.getByLabel("Administrative gender").selectOption("male");
  await admit.getByRole("button", { name: "Admit patient" }).click();
  await expect(admit.getByLabel("MRN")).toHaveAccessibleDescription(
    new RegExp(`Not admitted: MRN ${mrn} already belongs to ${name} \\(born 14 May 1969\\), admitted to Oncology 7 West\\.`),
  );
  await expect(admit.getByRole("link", { name: /Not admitted: MRN/ })).toBeVisible(); // the error summary links to the field

  await page.goto("/board");
  await page.getByRole("link", { name: `Order an IL-2 course for ${name}` }).click();
  await expect(page.getByLabel("Patient")).toHaveValue(/[0-9a-f-]{36}/);
  await expect(page.getByLabel("Patient").locator("option:checked")).toHaveText(`${name} — MRN ${mrn}`);
  await page.getByLabel(/^TIL-adjunct/).check();
  await page.getByLabel("Dosing weight").fill("70");
  await page.getByLabel("Baseline weight").fill("70");
  await page.getByLabel("End of the TIL cell infusion").fill(localInput(-6 * 60));
  await page.getByLabel("Admission systolic BP target").fill("95");
  await page.getByRole("button", { name: "Order course" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
});

test("2. discharge is refused while the course is open; the transfer moves the course to the other unit's board", async ({ page }) => {
  await signIn(page, "attending");
  await page.goto("/patients");
  const row = page.getByRole("row", { name: new RegExp(`^${name}`) });
  await expect(row).toContainText("Ordered, waiting for the pharmacist");
  await page.getByText(`Transfer or discharge ${name}`).click();
  const discharge = page.getByRole("form", { name: `Discharge ${name}` });
  await discharge.getByRole("button", { name: `Discharge ${name}` }).click();
  await discharge.getByRole("button", { name: `Yes, discharge ${name}` }).click();
  await expect(discharge.getByText(/Not discharged: this patient has an IL-2 course ordered and waiting for the pharmacist/)).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "patients");

  const transfer = page.getByRole("form", { name: `Transfer ${name}` });
  await transfer.getByLabel("Transfer to unit").selectOption({ label: other.unit.name });
  await transfer.getByLabel("Transfer note (optional)").fill("Step-down bed free");
  await transfer.getByRole("button", { name: "Transfer patient" }).click();
  // the attending works on 7 West only: the patient leaves this list and this board, and the page says so
  await expect(page.getByTestId("movement-notice")).toContainText(
    `${name} transferred to ${other.unit.name}, with the open IL-2 course (now on that unit's board). That unit is not one of yours, so the patient is no longer on your list.`,
  );
  await expect(page.getByTestId("movement-notice")).toBeFocused();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toHaveCount(0);
  await page.goto("/board");
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);

  // the other unit's nurse sees the course on her board
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(other.nurse.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Unit board" })).toBeVisible();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await page.goto("/patients");
  const theirs = page.getByRole("row", { name: new RegExp(`^${name}`) });
  await expect(theirs).toContainText(other.unit.name);
  // nurses see, never edit
  await expect(page.getByText(`Transfer or discharge ${name}`)).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Admit a patient" })).toHaveCount(0);
});

test("3. keyboard only: the attending admits a patient; the list and its forms at 1280 and 820 px are axe clean and never scroll sideways", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "attending");
  await page.goto("/patients");
  const admit = page.getByRole("form", { name: "Admit a patient" });
  const kmrn = `E2E-K${randomUUID().slice(0, 5).toUpperCase()}`;
  const kname = `Keyes${randomUUID().slice(0, 4)}, Otto`;
  // the list above the form grows with every patient on the unit (the demo has 15): allow for it
  await tabTo(page, admit.getByLabel("MRN"), 200);
  await page.keyboard.type(kmrn);
  await page.keyboard.press("Tab");
  await page.keyboard.type(kname.split(", ")[0]!);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Otto");
  await page.keyboard.press("Tab");
  await expect(admit.getByLabel("Birth date")).toBeFocused();
  await page.keyboard.type("1958-02-30"); // a date that does not exist: refused in words, focus on the summary
  await page.keyboard.press("Tab");
  await page.keyboard.type("Male");
  await expect(admit.getByLabel("Administrative gender")).toHaveValue("male");
  await tabTo(page, admit.getByRole("button", { name: "Admit patient" }));
  await page.keyboard.press("Enter");
  await expect(admit.getByRole("alert")).toContainText("Enter the birth date as a date (year, month, day).");
  await admit.getByLabel("Birth date").focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("1958-02-28");
  await tabTo(page, admit.getByRole("button", { name: "Admit patient" }));
  await page.keyboard.press("Enter");
  await expect(admit.getByText(`${kname} admitted to Oncology 7 West.`)).toBeVisible();
  await forgetAfterwards(kmrn);
  const row = page.getByRole("row", { name: new RegExp(`^${kname}`) });
  await expect(row).toContainText("born 28 Feb 1958 · Male");

  for (const width of [1280, 820]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/patients");
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, `patients-${width}`);
    // the transfer and discharge forms, opened by keyboard, take the table's width
    const summary = page.getByText(`Transfer or discharge ${kname}`);
    await tabTo(page, summary);
    await page.keyboard.press("Enter");
    await expect(page.getByRole("form", { name: `Transfer ${kname}` })).toBeVisible();
    await expectNoSidewaysScroll(page);
    await expectAccessible(page);
    await screenshot(page, `patients-transfer-open-${width}`);
  }
  // discharge (no course): a question first, naming the patient and the MRN and saying what a discharge does
  // (decision 056); Cancel (Escape) asks nothing more; then the page says what happened, and the row stays
  const discharge = page.getByRole("form", { name: `Discharge ${kname}` });
  await tabTo(page, discharge.getByRole("button", { name: `Discharge ${kname}` }));
  await page.keyboard.press("Enter");
  const question = discharge.getByRole("group", { name: `Discharge ${kname}, MRN ${kmrn}?` });
  await expect(question).toHaveAccessibleDescription(/leaves the unit's board and the order form.*The record stays on the patient list, marked discharged\./);
  await expect(discharge.getByRole("button", { name: `Yes, discharge ${kname}` })).toBeFocused();
  await expectAccessible(page);
  await screenshot(page, "patients-discharge-confirm");
  await page.keyboard.press("Escape");
  await expect(discharge.getByRole("button", { name: `Discharge ${kname}` })).toBeFocused();
  await expect(row).toContainText("Admitted");
  await page.keyboard.press("Enter");
  await expect(discharge.getByRole("button", { name: `Yes, discharge ${kname}` })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("movement-notice")).toContainText(`${kname} discharged. The record stays on the list, marked discharged.`);
  await expect(row).toContainText("Discharged");
  await expect(page.getByTestId("movement-notice")).toBeFocused();

  // the discharge was a mistake: the attending marks it in error, with a reason and a question first; the patient
  // is admitted again, the discharge stays on record, and the list and the board say so (decision 056)
  await page.getByText(`Discharged ${kname} in error?`).click();
  const correction = page.getByRole("form", { name: `Mark the discharge of ${kname} in error` });
  await correction.getByRole("button", { name: `Mark discharge in error: ${kname}` }).click();
  await expect(correction.getByRole("group", { name: `Mark the discharge of ${kname}, MRN ${kmrn}, in error?` })).toHaveAccessibleDescription(
    /admitted again on the same unit and comes back to the board and the order form\. The discharge stays on record, marked in error with your reason and name\./,
  );
  const yes = correction.getByRole("button", { name: `Yes, ${kname} was discharged in error` });
  await expect(yes).toBeFocused();
  // no reason: refused in words at the field, nothing recorded; the question stays open
  await yes.click();
  await expect(correction.getByLabel("Why the discharge was recorded in error")).toHaveAccessibleDescription(/Say why the discharge was recorded in error\./);
  await expect(row).toContainText("Discharged");
  await correction.getByLabel("Why the discharge was recorded in error").fill("Discharged the wrong patient from the list");
  await expectAccessible(page);
  await screenshot(page, "patients-discharge-in-error-confirm");
  await yes.click();
  await expect(page.getByTestId("movement-notice")).toContainText(`${kname}'s discharge is marked in error: the patient is admitted again and back on the board.`);
  await expect(row).toContainText("Admitted");
  await expect(row.getByTestId("discharge-in-error")).toContainText(/Discharge of .* marked in error by .* at .*: Discharged the wrong patient from the list/);
  await expect(page.getByText(`Transfer or discharge ${kname}`)).toBeVisible();
  await screenshot(page, "patients-discharge-in-error-done");
  await page.goto("/board");
  const waiting = page.getByRole("region", { name: "Admitted without an IL-2 course" }).getByRole("listitem").filter({ hasText: kname });
  await expect(waiting).toContainText(/Discharge of .* marked in error by .*: Discharged the wrong patient from the list/);
  await expect(waiting.getByRole("link", { name: `Order an IL-2 course for ${kname}` })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "board-discharge-in-error");
});
