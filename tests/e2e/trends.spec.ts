// Issue 14, item 1: the trends on the course page — charts drawn (lazily) with the rule set's lines and the dose
// events, tables beside them with units and threshold rows, reachable by keyboard, axe clean, readable at tablet
// width, and printable. The course is made by tests/e2e/fixtures.ts tilCourseWithTrends (values computed by hand).
import { expect, type Page } from "@playwright/test";
import { test, tilCourseWithTrends } from "./fixtures";
import { expectAccessible, expectNoSidewaysScroll, screenshot, signIn, tabTo } from "./support";

const table = (page: Page, caption: string) => page.getByRole("table", { name: caption });

async function chartsDrawn(page: Page) {
  const trends = page.getByTestId("course-trends");
  // eight measures, each with values: eight charts (Recharts arrives after the page, in its own chunk)
  await expect(trends.locator(".recharts-wrapper")).toHaveCount(8);
  await expect(trends.getByTestId("trend-chart").first().locator(".recharts-reference-line").first()).toBeAttached();
}

test("trends: charts with the rule set's lines and dose markers, tables with units and thresholds, keyboard, axe, 820 px, print", async ({ page }) => {
  test.setTimeout(120_000); // three widths, two axe runs, three full-page screenshots and up to 250 Tab presses
  const { course } = await tilCourseWithTrends("Trend");
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page, "pharmacist");
  await page.goto(`/courses/${course.id}`);
  const trends = page.getByTestId("course-trends");
  await expect(trends.getByRole("heading", { name: "Trends", level: 2 })).toBeVisible();
  await chartsDrawn(page);

  // SBP: three points, the hold line at the course's admission target (95 mmHg), with its source key
  const sbp = table(page, "Systolic blood pressure (mmHg), each value at its own observation time");
  await expect(sbp.getByRole("columnheader", { name: "Systolic BP (mmHg)" })).toBeVisible();
  await expect(sbp.getByRole("cell", { name: "92", exact: true })).toBeVisible();
  await expect(sbp.getByRole("row").filter({ hasText: "92" })).toContainText("Hold line crossed (below 95 mmHg)");
  await expect(sbp.getByRole("row", { name: /Hold line \(dashed line\)/ })).toContainText("below 95 mmHg (the course's admission target) — Systolic blood pressure below the admission target; source BW");
  await expect(trends.getByTestId("trend-sbp").getByTestId("trend-chart")).toContainText("Hold: below 95 mmHg · BW");

  // urine output per kg of the dosing weight: 240 mL over 4 h at 70 kg = 0.857 mL/kg/h (above the 0.5 hold line)
  const perKg = table(page, "Urine output per kg (dosing weight) (mL/kg/h), each value at its own observation time");
  await expect(perKg.getByRole("row").filter({ hasText: "0.857" })).toContainText("240 mL over 4 h ÷ 70 kg dosing weight");
  await expect(perKg.getByRole("row").filter({ hasText: "0.857" })).toContainText("Within the lines");
  await expect(perKg.getByRole("row", { name: /Hold line/ })).toContainText("below 0.5 mL/kg/h — Urine output low; source BW");
  const perHour = table(page, "Urine output per hour (mL/h), each value at its own observation time");
  await expect(perHour.getByRole("cell", { name: "60.0", exact: true })).toBeVisible();
  await expect(perHour.getByRole("row", { name: /Stop line \(solid line\)/ })).toContainText("below 10 mL/h");

  // weight 75.6 kg over the 72 kg baseline = 5.0 %; the hold line above 15 %
  const weight = table(page, "Weight gain over the baseline weight (%), each value at its own observation time");
  await expect(weight.getByRole("cell", { name: "5.0", exact: true }).first()).toBeVisible();
  await expect(weight.getByRole("row", { name: /Hold line/ })).toContainText("above 15 %");

  // creatinine: the value carried into the second assessment is not a second point — two rows, 1.00 and 1.30
  const creatinine = table(page, "Creatinine (mg/dL), each value at its own observation time");
  await expect(creatinine.locator("tbody").first().getByRole("row")).toHaveCount(2);
  await expect(creatinine.locator("tbody").first()).toContainText("1.00");
  await expect(creatinine.locator("tbody").first()).toContainText("1.30");
  await expect(creatinine.getByRole("row", { name: /Stop line/ })).toContainText("at or above 3 mg/dL");

  // vasopressor: now and peak in mcg/kg/min, another vasopressor yes/no, TIL's any-phenylephrine hold line
  const pressor = table(page, "Vasopressor: phenylephrine (mcg/kg/min), each value at its own observation time");
  await expect(pressor.getByRole("columnheader", { name: "Phenylephrine now (mcg/kg/min)" })).toBeVisible();
  await expect(pressor.getByRole("columnheader", { name: "Another vasopressor running (yes/no)" })).toBeVisible();
  await expect(pressor.getByRole("row", { name: /Hold \(◆ marker\)/ })).toContainText("Another vasopressor running — Vasopressor running at dose time");

  // the dose events with their markers and criteria in words
  const events = table(page, "Dose event markers on the charts");
  await expect(events.getByRole("row").filter({ hasText: "Dose 1 given" })).toContainText("42,000,000");
  await expect(events.getByRole("row").filter({ hasText: "Dose held" })).toContainText("Systolic blood pressure below the admission target");
  await expect(events.getByRole("row").filter({ hasText: "Dose 2 given" })).toBeVisible();
  // each chart's legend draws every marker shape and line style beside its words
  const sbpChart = trends.getByTestId("trend-sbp").getByTestId("trend-chart");
  for (const words of ["Systolic BP (mmHg)", "Hold line (dashed)", "Dose given", "Dose held"]) await expect(sbpChart.getByRole("listitem").filter({ hasText: words })).toHaveCount(1);
  await expect(trends.getByTestId("trend-heart-rate").getByTestId("trend-chart").getByRole("listitem").filter({ hasText: "Stop line (solid)" })).toHaveCount(1);

  // keyboard only: Tab reaches the SBP table, and from it the next table
  await page.locator("body").click({ position: { x: 1, y: 1 } });
  const sbpRegion = page.getByRole("region", { name: "Systolic blood pressure (mmHg), each value at its own observation time" });
  await tabTo(page, sbpRegion, 250);
  await expect(sbpRegion).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("region", { name: "Heart rate (/min), each value at its own observation time" })).toBeFocused();

  await expectAccessible(page);
  await trends.scrollIntoViewIfNeeded();
  await screenshot(page, "trends-1280");

  // tablet width: the table goes under the chart, nothing scrolls sideways
  await page.setViewportSize({ width: 820, height: 1180 });
  await chartsDrawn(page);
  await expectNoSidewaysScroll(page);
  const chartBox = await trends.getByTestId("trend-sbp").getByTestId("trend-chart").boundingBox();
  const tableBox = await sbpRegion.boundingBox();
  expect(tableBox!.y).toBeGreaterThan(chartBox!.y + chartBox!.height - 1);
  await expectAccessible(page);
  await screenshot(page, "trends-820");

  // print: the charts at a printable width, the tables shown, the table links hidden
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ media: "print" });
  await chartsDrawn(page);
  await expect(sbp).toBeVisible();
  await expect(events).toBeVisible();
  await expect(trends.getByRole("navigation", { name: "Trend tables" })).toBeHidden();
  await screenshot(page, "trends-print");
});
