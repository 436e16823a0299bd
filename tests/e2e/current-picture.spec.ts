import { expect } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./support";
import { tilCourseReadyForDose2, test } from "./fixtures";

// Issue 10, observation 7: an assessment with only SBP hid the complete one taken just before. The decision is made
// on the current picture, the latest value of each field with its own time (decision 042), shown on the course page.

test("an assessment with only SBP after a complete one: the page shows the picture with each value's source and time, and dose 2 is given", async ({ page }) => {
  test.setTimeout(60_000);
  // dose 1 given 8 h ago; a complete, well assessment taken 10 min ago
  const { course } = await tilCourseReadyForDose2("Picture");
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  const form = page.getByRole("form", { name: "Pre-dose assessment" });
  await form.getByLabel("Systolic blood pressure (mmHg)", { exact: true }).fill("118");
  await form.getByRole("button", { name: "Record assessment" }).click();
  await expect(page.getByText("Assessment recorded.")).toBeVisible();

  const picture = page.getByRole("region", { name: "Current picture of the patient" });
  await expect(picture.getByRole("row", { name: /^Systolic blood pressure \(mmHg\) 118 / })).toContainText("latest assessment");
  await expect(picture.getByRole("row", { name: /^Heart rate \(beats\/min\) 96 / })).toContainText("earlier assessment of");
  // the form carried the labs into the new assessment: shown as carried, with their own (earlier) draw time
  await expect(picture.getByRole("row", { name: /^Creatinine \(mg\/dL\) 1 / })).toContainText("(carried)");
  await screenshot(page, "current-picture");
  await expectAccessible(page);

  // decided on every field, not "incomplete" on SBP alone
  await page.getByRole("button", { name: /^Give dose 2: 48,000,000 IU$/ }).click();
  await page.getByRole("button", { name: "Record dose 2 as given" }).click();
  await expect(page.getByText("Dose event #2 recorded as given.")).toBeVisible();
});
