// Issue 14 on the demo data (prisma/seed.ts): the screens a clinician opens first — trends, the handoff sheets,
// replay and the downtime page — on the demo patients that `npm start` loads, read only (this spec writes nothing,
// so the demo stays as seeded for every other spec). The figures below are the seed's, worked out by hand:
//   Rivera (DEMO-1001), TIL, 72.5 kg dosing weight: doses 1 and 2 given; the second assessment has SBP 104 mmHg.
//   Chen (DEMO-1002), TIL, 88 kg: dose 2 held for urine output 280 mL over 8 h = 35 mL/h = 0.398 mL/kg/h, below TIL's
//     0.5 mL/kg/h; monotherapy holds below 20 mL/h, so under monotherapy rules that dose would have been given.
//   Okafor (DEMO-1003), monotherapy under rule set 1.0.0: its replay offers version 1.1.0.
// Each spec elsewhere builds its own data (fixtures.ts); this one is the exception the issue asks for.
import { expect, type Page } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import { test } from "./fixtures";
import { expectAccessible, screenshot, signIn } from "./support";

async function demoCourseId(mrn: string): Promise<string> {
  const course = await prisma.course.findFirstOrThrow({ where: { patient: { mrn }, status: { in: ["ordered", "active"] } }, select: { id: true } });
  return course.id;
}

async function at1280(page: Page) {
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("demo data: Rivera's trends draw her recorded values with the rule set's lines", async ({ page }) => {
  await at1280(page);
  await signIn(page, "nurse");
  await page.goto(`/courses/${await demoCourseId("DEMO-1001")}`);
  const trends = page.getByTestId("course-trends");
  await expect(trends.getByRole("heading", { name: "Trends", level: 2 })).toBeVisible();
  await expect(trends.locator(".recharts-wrapper").first()).toBeVisible();
  const sbp = page.getByRole("table", { name: "Systolic blood pressure (mmHg), each value at its own observation time" });
  await expect(sbp.getByRole("cell", { name: "104", exact: true })).toBeVisible();
  // her admission target is 95 mmHg: the hold line is the course's, not a typed 90
  await expect(sbp.getByRole("row", { name: /Hold line/ })).toContainText("below 95 mmHg");
  await expectAccessible(page);
  await screenshot(page, "trends-demo-1280");
});

test("demo data: the unit's handoff sheet lists every open demo course, Chen's waiting for the attending", async ({ page }) => {
  await at1280(page);
  await signIn(page, "nurse");
  await page.goto("/handoff");
  for (const name of ["Rivera, Maria", "Chen, David", "Okafor, Grace", "Novak, Elena"]) {
    await expect(page.getByRole("heading", { name: new RegExp(name) }).first()).toBeVisible();
  }
  const chen = page.locator("section, article").filter({ has: page.getByRole("heading", { name: /Chen, David/ }) }).first();
  await expect(chen).toContainText("Waiting for attending review");
  await expect(chen).toContainText(/urine output/i);
  await expect(page.getByText(/Printed .+ by .+ — anything recorded after this time is not on this sheet/).first()).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "handoff-demo-unit-1280");
});

test("demo data: Chen's held dose replayed under monotherapy would have been given; Okafor's course under 1.1.0", async ({ page }) => {
  await at1280(page);
  await signIn(page, "attending");
  await page.goto(`/courses/${await demoCourseId("DEMO-1002")}/replay`);
  await expect(page.getByRole("heading", { level: 1, name: "Replay: Chen, David" })).toBeVisible();
  const heldRow = page.getByRole("table").getByRole("row").filter({ hasText: /Held dose 2 — urine output low/ });
  await expect(heldRow).toContainText("Give dose 2");
  await expect(heldRow).toContainText("≠ Differs");
  await expect(heldRow).toContainText("280 mL ÷ 8 h ÷ 88 kg (dosing weight)");
  await expectAccessible(page);
  await screenshot(page, "replay-demo-1280");

  await page.goto(`/courses/${await demoCourseId("DEMO-1003")}/replay`);
  await expect(page.getByRole("heading", { level: 1, name: "Replay: Okafor, Grace" })).toBeVisible();
  await page.getByLabel("Replay under", { exact: true }).selectOption({ label: "Monotherapy rules, version 1.1.0 — another version of this course's rules" });
  await page.getByRole("button", { name: "Replay" }).click();
  await expect(page.getByRole("table")).toBeVisible();
  await expect(page.getByText("This course was decided under")).toContainText("version 1.0.0");
  await expectAccessible(page);
  await screenshot(page, "replay-demo-version-1280");
});
