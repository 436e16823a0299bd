import { expect } from "@playwright/test";
import { expectAccessible, fillAssessment, localInput, screenshot, signIn, fillSignature } from "./support";
import { newDemoPatient, timePasses, test } from "./fixtures";

// The whole clinical story of issue 4, in one real browser against `next start` on PostgreSQL:
// attending orders a TIL course → pharmacist verifies → nurse assesses and gives dose 1 → a later assessment with
// low urine output is held → attending sees the comparison and confirms → pharmacist verifies the count.
test.describe.configure({ mode: "serial" });

let patientName = "";
let courseUrl = "";

test("1. the attending orders a TIL-adjunct course and sees the computed dose before saving", async ({ page }) => {
  const patient = await newDemoPatient("Story");
  patientName = `${patient.familyName}, ${patient.givenName}`;
  await signIn(page, "attending");
  await screenshot(page, "attending-reviews");
  await expectAccessible(page);
  await page.goto("/board");
  await page.getByRole("link", { name: "Order a course" }).click();
  await page.getByLabel("Patient").selectOption({ label: `${patientName} — MRN ${patient.mrn}` });
  await page.getByLabel(/^TIL-adjunct/).check();
  await page.getByLabel("Dosing weight").fill("80");
  await page.getByLabel("Baseline weight").fill("80");
  await page.getByLabel("End of the TIL cell infusion").fill(localInput(-12 * 60));
  await page.getByLabel("Admission systolic BP target").fill("95");
  const preview = page.getByRole("region", { name: "Computed dose at 600,000 IU/kg (rule set til-2024 version 1.1.0)" });
  await expect(preview).toContainText("48,000,000 IU");
  await expect(preview).toContainText("2.96 mg");
  await expect(preview).toContainText("2.67 mL");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Order course" }).click();
  await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();
  await expect(page.getByText("Waiting for a pharmacist to verify")).toBeVisible();
  courseUrl = new URL(page.url()).pathname;
});

test("2. the pharmacist verifies weight and dose", async ({ page }) => {
  await signIn(page, "pharmacist");
  await expect(page.getByRole("heading", { level: 1, name: "Verifications" })).toBeVisible();
  await screenshot(page, "pharmacist-verifications");
  await expectAccessible(page);
  await page.getByRole("link", { name: `Check order for ${patientName}` }).click();
  await page.getByLabel("Dosing weight you checked").fill("80");
  await page.getByLabel("Dose you computed").fill("48000000");
  await fillSignature(page, "pharmacist");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Verify order" }).click();
  await expect(page.getByText(/verified/i).first()).toBeVisible();
  await page.goto(courseUrl);
  await expect(page.getByText("Waiting for a pharmacist to verify")).toHaveCount(0);
});

test("3. the nurse assesses and gives dose 1 in two presses once the assessment is current", async ({ page }) => {
  await signIn(page, "nurse");
  await expect(page.getByRole("heading", { level: 1, name: "Unit board" })).toBeVisible();
  await screenshot(page, "nurse-board");
  await expectAccessible(page);
  await page.getByRole("link", { name: patientName }).click();
  const form = await fillAssessment(page, { urineOutputMl: "480" });
  // the live preview judges the values as they are typed, before anything is recorded
  await expect(page.getByRole("complementary", { name: "Live preview" })).toContainText("Give");
  await expectAccessible(page);
  await form.getByRole("button", { name: "Record assessment" }).click();
  await expect(page.getByText("Assessment recorded.")).toBeVisible();
  await screenshot(page, "nurse-course-page");
  // with a current assessment: press 1 "Give dose 1", press 2 "Record dose 1 as given"
  await page.getByRole("button", { name: /^Give dose 1: 48,000,000 IU$/ }).click();
  await page.getByRole("button", { name: "Record dose 1 as given" }).click();
  await expect(page.getByText("Dose event #1 recorded as given.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Dose events, oldest first" })).toContainText("#1 ✓ Given — 48,000,000 IU");
});

test("4. eight hours later, low urine output: the nurse holds dose 2", async ({ page }) => {
  await timePasses(courseUrl.split("/").at(-1)!, 8);
  await signIn(page, "nurse");
  await page.goto(courseUrl);
  await fillAssessment(page, { urineOutputMl: "250" });
  const preview = page.getByRole("complementary", { name: "Live preview" });
  await expect(preview).toContainText("Hold");
  await expect(preview).toContainText("Urine output low");
  await page.getByRole("form", { name: "Pre-dose assessment" }).getByRole("button", { name: "Record assessment" }).click();
  await expect(page.getByText("Assessment recorded.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Give dose/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Hold dose 2" }).click();
  await expect(page.getByLabel(/Urine output low/)).toBeChecked();
  await page.getByLabel("Note (optional)").fill("Fluid bolus given; attending paged.");
  await page.getByRole("button", { name: "Record dose 2 as held" }).click();
  await expect(page.getByText("Dose event #2 recorded as held.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Dose events, oldest first" })).toContainText("Waiting for attending review");
});

test("5. the attending sees the hold judged under both protocols and confirms it", async ({ page }) => {
  await signIn(page, "attending");
  const item = page.getByRole("article").filter({ hasText: patientName });
  await expect(item).toBeVisible();
  await expect(item.getByRole("heading", { name: "Same assessment under TIL-adjunct and monotherapy" })).toBeVisible();
  await expect(item).toContainText("Urine output low");
  await expect(item).toContainText(/our inference/);
  await screenshot(page, "attending-review-with-comparison");
  await expectAccessible(page);
  await item.getByLabel(/^Confirm/).check();
  await fillSignature(item, "attending");
  await item.getByRole("button", { name: "Sign: Confirm" }).click();
  await expect(page.getByText(/signed for/)).toBeVisible();
  await page.goto(courseUrl);
  await expect(page.getByRole("list", { name: "Dose events, oldest first" })).toContainText("hold confirmed");
});

test("6. the pharmacist verifies the dose count", async ({ page }) => {
  await signIn(page, "pharmacist");
  await page.getByRole("link", { name: `Check counts for ${patientName}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Dose counts: ${patientName}` })).toBeVisible();
  await screenshot(page, "pharmacist-count-report");
  await expectAccessible(page);
  await fillSignature(page, "pharmacist");
  await page.getByRole("button", { name: "Sign off counts through event 2" }).click();
  await expect(page.getByText(/signed off|verified/i).first()).toBeVisible();
});
