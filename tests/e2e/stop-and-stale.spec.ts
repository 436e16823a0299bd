import { expect } from "@playwright/test";
import { expectAccessible, fillAssessment, screenshot, signIn, fillSignature } from "./support";
import { tilCourseAfterDose1, timePasses, test } from "./fixtures";

// Issue 8 (contract 1.1): a stop recorded before the dose is due holds every later dose until the attending acts
// (review finding 1); a value carried from an earlier assessment keeps its own time and goes stale (finding 2).

test("finding 1: a stop-tier assessment before the due time blocks giving until the attending acts", async ({ page }) => {
  // two complete assessments, the board, the queue and three sign-ins: more than the default 30 s on 2 cores
  test.setTimeout(90_000);
  const { course, patientName } = await tilCourseAfterDose1({ familyName: "Stopper", givenHoursAgo: 2 });
  const url = `/courses/${course.id}`;
  await signIn(page, "nurse");
  await page.goto(url);
  await fillAssessment(page, { mentalStatus: "coma", rhythm: "ventricular-ectopy" });
  const preview = page.getByRole("complementary", { name: "Live preview" });
  // not yet due, and still the preview says stop: a reason to stop is never hidden by the schedule
  await expect(preview).toContainText("Stop IL-2");
  await expect(preview).toContainText("Mental status");
  await page.getByRole("form", { name: "Pre-dose assessment" }).getByRole("button", { name: "Record assessment" }).click();
  await expect(page.getByText(/Stop IL-2 — attending to decide/).first()).toBeVisible();
  await expect(page.getByRole("list", { name: "Dose events, oldest first" })).toContainText("■ Stop IL-2 — attending to decide");
  await expect(page.getByRole("button", { name: /^Give dose/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Hold dose/ })).toHaveCount(0);

  await page.goto("/board");
  await expect(page.getByRole("listitem").filter({ hasText: patientName })).toContainText("Stop IL-2 — attending to decide");

  // seven hours later the dose is due, and a clean assessment still cannot be given on
  await timePasses(course.id, 7);
  await page.goto(url);
  await fillAssessment(page);
  await page.getByRole("form", { name: "Pre-dose assessment" }).getByRole("button", { name: "Record assessment" }).click();
  await expect(page.getByText("Assessment recorded.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Give dose/ })).toHaveCount(0);
  await expect(page.getByText(/Stop IL-2 — attending to decide/).first()).toBeVisible();

  // the attending decides: IL-2 stops for the course
  await signIn(page, "attending");
  await page.goto("/reviews");
  const item = page.getByRole("article").filter({ hasText: patientName });
  await expect(item.getByRole("heading", { level: 4 })).toContainText("Stop IL-2 — attending to decide");
  await expect(item.getByLabel(/^Confirm/)).toHaveCount(0);
  await item.getByLabel(/^Stop/).check();
  await item.getByLabel(/^Reason/).fill("Coma and ventricular ectopy before dose 2");
  await fillSignature(item, "attending");
  await item.getByRole("button", { name: /^Sign: Stop/ }).click();
  await expect(page.getByText(/signed for/)).toBeVisible();
  await signIn(page, "nurse");
  await page.goto(url);
  await expect(page.getByText("This course is closed.")).toBeVisible();
});

test("finding 2: a carried value past its freshness makes the preview incomplete, naming it as too old", async ({ page }) => {
  // dose 1 was given 8 h ago: dose 2 is due now, so nothing but the old values stands between the nurse and a decision
  const { course } = await tilCourseAfterDose1({ familyName: "Carrier", givenHoursAgo: 8 });
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  const form = page.getByRole("form", { name: "Pre-dose assessment" });
  // the rhythm is carried from the assessment before dose 1, 8 h 20 min ago: shown with its own time, never re-timed
  await expect(form.getByText(/carried · observed .*8 h 2\d min ago/).first()).toBeVisible();
  await fillAssessment(page, { skipCarried: true });
  const preview = page.getByRole("complementary", { name: "Live preview" });
  await expect(preview).toContainText("Cannot decide");
  await expect(preview).toContainText(/Too old — enter again: .*Rhythm/);
  await expect(form.getByText("too old for the rules: enter it again").first()).toBeVisible();
  await screenshot(page, "assessment-carried-stale");
  await expectAccessible(page);
  // entering the carried values again makes them current: the decision is no longer incomplete
  await fillAssessment(page);
  await expect(preview).not.toContainText("Cannot decide");
  await expect(preview).toContainText("Give");
});
