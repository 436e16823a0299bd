import { expect } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import { formatClock } from "@/lib/format";
import { signIn, fillSignature } from "./support";
import { demoUnit, tilCourseAfterDose1, tilCourseReadyForDose2, timePasses, test } from "./fixtures";

// Issue 10, observations 5 and 6: status words with one meaning (overdue only when the dose could be given; the
// course panel's heading from the decision), counts by dose (the schedule grid), and an amended order back with
// the pharmacist. Data is made by the fixtures; held and given attempts are written as the dose action stores them.

const HOUR = 3_600_000;

/** A dose event stored directly on a fixture course (a held attempt, or a given dose), `hoursAgo` before now. */
async function recordEvent(courseId: string, sequence: number, kind: "held" | "given", hoursAgo: number) {
  const course = await prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const at = new Date(Date.now() - hoursAgo * HOUR);
  await prisma.doseEvent.create({
    data: {
      courseId, sequence, kind, cycle: 1, doseIu: kind === "given" ? 48_000_000 : null, occurredAt: at, recordedAt: at,
      engineDecision: kind === "given" ? "give" : "hold", tier: kind === "held" ? "hold" : null, criteria: kind === "held" ? ["urine-output-low"] : [],
      decisionSnapshot: { fixture: true }, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion, recordedById: nurse.id,
    },
  });
}

test("a held patient's board row never says 'overdue'; a patient whose dose could be given and is past due does", async ({ page }) => {
  // dose 2 due 2 h ago (dose 1 given 10 h ago), held 1 h ago: the hold waits for the attending
  const held = await tilCourseAfterDose1({ familyName: "Heldrow", givenHoursAgo: 10 });
  await recordEvent(held.course.id, 2, "held", 1);
  // dose 2 due an hour ago on a complete, current assessment: it could be given, so it is overdue
  const late = await tilCourseReadyForDose2("Laterow");
  await timePasses(late.course.id, 1);

  await signIn(page, "nurse");
  await page.goto("/board");
  const heldRow = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: held.patientName }) });
  await expect(heldRow.getByTestId("dose-status")).toHaveText(/Held — waiting for attending review/);
  await expect(heldRow).not.toContainText(/overdue/i);
  const lateRow = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: late.patientName }) });
  await expect(lateRow.getByTestId("dose-status")).toHaveText(/Overdue — dose 2 was due/);
  await expect(lateRow).toContainText("(overdue)");
});

test("the course panel's heading under a 'wait' says 'Not yet — earliest hh:mm'", async ({ page }) => {
  const made = await tilCourseAfterDose1({ familyName: "Waitpanel", givenHoursAgo: 2 });
  const dose1 = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: made.course.id, sequence: 1 } });
  const { timeZone } = await demoUnit();
  // TIL: 8 h after the given dose, 30 min early tolerance (protocols.md §2)
  const earliest = formatClock(new Date(dose1.occurredAt.getTime() + 7.5 * HOUR), timeZone, new Date());
  await signIn(page, "nurse");
  await page.goto(`/courses/${made.course.id}`);
  await expect(page.getByRole("heading", { level: 2, name: `Not yet — earliest ${earliest}` })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Next dose — now" })).toHaveCount(0);
});

test("the schedule grid shows a dose held twice then given as one dose", async ({ page }) => {
  // dose 1 given 20 h ago; dose 2 held 11 h and 7 h ago, then given 3 h ago
  const made = await tilCourseAfterDose1({ familyName: "Gridrow", givenHoursAgo: 20 });
  await recordEvent(made.course.id, 2, "held", 11);
  await recordEvent(made.course.id, 3, "held", 7);
  await recordEvent(made.course.id, 4, "given", 3);

  await signIn(page, "nurse");
  await page.goto(`/courses/${made.course.id}`);
  const grid = page.getByTestId("schedule-grid");
  await expect(grid).toContainText("2 of 6 doses given");
  const dose2 = grid.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Dose 2", exact: true }) });
  await expect(dose2).toHaveCount(1);
  await expect(dose2.getByRole("listitem")).toHaveCount(3);
  await expect(dose2).toContainText("held twice, then given");
  await expect(dose2).toContainText("Urine output low");
  await expect(dose2).toContainText("Given");
  // dose 3 is the next one, not a fourth event-count
  await expect(grid.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "Dose 3", exact: true }) })).toContainText("Next");
  await grid.screenshot({ path: "test-results/screenshots/schedule-grid.png" });
});

test("an amended order shows 'not yet verified' and is in the pharmacist's queue again", async ({ page }) => {
  const made = await tilCourseAfterDose1({ familyName: "Amendrow", givenHoursAgo: 2 });
  await signIn(page, "attending");
  await page.goto(`/courses/${made.course.id}`);
  await expect(page.getByText(/verified by .*\(version 1\)/)).toBeVisible();
  await page.getByText("Amend the order…").click();
  await page.getByRole("textbox", { name: "Baseline weight (kg)" }).fill("82");
  await page.getByLabel("Reason for the change (required)").fill("Re-weighed on the admission scale");
  await fillSignature(page.locator("form").filter({ has: page.getByRole("button", { name: "Sign and amend order" }) }), "attending");
  await page.getByRole("button", { name: "Sign and amend order" }).click();
  await expect(page.getByText(/verified by .*\(version 1\) · version 2 not yet verified/)).toBeVisible();

  await signIn(page, "pharmacist");
  await page.goto("/verifications");
  const row = page.getByRole("table", { name: /^Orders waiting for a pharmacist/ }).getByRole("row").filter({ hasText: made.patientName });
  await expect(row).toContainText("version 2, not yet verified");
  await expect(row.getByRole("link", { name: `Check order for ${made.patientName}` })).toBeVisible();
});
