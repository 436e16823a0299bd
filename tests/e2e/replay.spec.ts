// Course replay (issue 14 items 5 and 6): a TIL course with a dose held for urine output, replayed under the
// monotherapy rules (that dose would have been given) and under the TIL rules' other version; keyboard only; axe;
// tablet and desktop widths. The fixture's own data (tests/e2e/fixtures.ts tilCourseHeldForUrineOutput).
import { expect } from "@playwright/test";
import { expectAccessible, expectNoSidewaysScroll, screenshot, signIn, tabTo } from "./support";
import { otherUnitCourse, test, tilCourseHeldForUrineOutput } from "./fixtures";

test("an attending replays a TIL course under monotherapy and under the other TIL version, by keyboard", async ({ page }) => {
  test.slow(); // two widths, two rule sets, axe three times, on a shared machine
  const made = await tilCourseHeldForUrineOutput("Replay");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "attending");

  // from the course page, by its link
  await page.goto(`/courses/${made.course.id}`);
  await page.getByRole("link", { name: "Replay under other rules" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Replay: ${made.patientName}` })).toBeVisible();
  await expect(page.getByText("This course was decided under")).toContainText("TIL-adjunct rules, version 1.1.0");

  // default: the other protocol's current rules
  const summary = page.getByRole("region", { name: "Under Monotherapy rules, version 1.1.0", exact: true });
  await expect(summary).toContainText(/this dose would have been given: dose 2 held .+ for urine output low\./);
  await expect(summary).toContainText("In the record: 1 given, 1 held. Under Monotherapy rules, version 1.1.0: 2 given, 0 held.");
  await expect(page.getByRole("region", { name: "What this replay assumes" })).toContainText("day 1 of cycle 1 is taken as the first recorded dose event");

  const table = page.getByRole("table");
  const heldRow = table.getByRole("row").filter({ hasText: "Held dose 2 — urine output low" });
  await expect(heldRow).toContainText("Give dose 2");
  await expect(heldRow).toContainText("≠ Differs");
  await expect(heldRow).toContainText("The rules then (version 1.1.0) said: hold");
  // the arithmetic with its units: 160 mL over 8 h at 50 kg
  await expect(heldRow).toContainText("Urine output low: 160 mL ÷ 8 h ÷ 50 kg (dosing weight) = 0.4 mL/kg/h < 0.5 mL/kg/h");
  await expect(heldRow).toContainText("No criterion fired on these values.");
  const givenRow = table.getByRole("row").filter({ hasText: "Given, dose 1" });
  await expect(givenRow).toContainText("= Same");
  const assessmentRow = table.getByRole("row").filter({ hasText: "Assessment only: no dose was decided on it" });
  await expect(assessmentRow).toContainText("Give dose 3");
  await expect(page.getByText(/mono-2014|til-2024|urine-output-low|urineOutput/)).toHaveCount(0);

  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await screenshot(page, "replay-1280");

  await page.setViewportSize({ width: 820, height: 1100 });
  await expect(heldRow).toContainText("Give dose 2");
  await expectNoSidewaysScroll(page);
  await expectAccessible(page);
  await screenshot(page, "replay-820");

  // keyboard only: choose the other TIL version and replay
  await page.setViewportSize({ width: 1280, height: 900 });
  const choice = page.getByLabel("Replay under", { exact: true });
  await tabTo(page, choice);
  await expect(choice).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(choice).toHaveValue("til-2024@1.0.0");
  const replay = page.getByRole("button", { name: "Replay", exact: true });
  await tabTo(page, replay);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/rules=til-2024%401\.0\.0/);
  const versionSummary = page.getByRole("region", { name: "Under TIL-adjunct rules, version 1.0.0", exact: true });
  // 1.0.0 TIL also holds under 0.5 mL/kg/h: the same hold, for the same reason
  await expect(versionSummary).toContainText("every recorded dose decision would have been the same.");
  await expect(table.getByRole("row").filter({ hasText: "Held dose 2 — urine output low" })).toContainText("Hold dose 2 — urine output low");
  await expect(table.getByRole("row").filter({ hasText: "Held dose 2 — urine output low" })).toContainText("= Same");
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await screenshot(page, "replay-version-1280");
});

test("a course on another unit cannot be replayed (not found), while the nurse may replay her own unit's", async ({ page }) => {
  const mine = await tilCourseHeldForUrineOutput("Replay Nurse");
  const other = await otherUnitCourse();
  await signIn(page, "nurse");
  await page.goto(`/courses/${mine.course.id}/replay`);
  await expect(page.getByRole("heading", { level: 1, name: `Replay: ${mine.patientName}` })).toBeVisible();
  const res = await page.goto(`/courses/${other.id}/replay`);
  expect(res?.status()).toBe(404);
});
