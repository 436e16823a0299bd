import { expect } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import { otherUnitCourse, test, tilCourseAfterDose1 } from "./fixtures";
import { expectAccessible, screenshot, signIn } from "./support";

// Issue 12, item 3 (decision 054): who looked at what. An attending opens a course; the administrator lists that
// patient's accesses and sees the attending's entry, in words and on the unit's clock; an out-of-unit course URL is
// refused and leaves a refused access record.

test("an attending opens a course; the administrator lists the patient's accesses and finds the attending's entry", async ({ page }) => {
  test.setTimeout(60_000);
  const { course, patient, patientName } = await tilCourseAfterDose1({ familyName: "Looked", givenHoursAgo: 8 });

  await signIn(page, "attending");
  await page.goto(`/courses/${course.id}`);
  await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();

  await signIn(page, "admin");
  await page.getByRole("link", { name: "Who looked at a patient" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Who looked at a patient" })).toBeVisible();
  const form = page.getByRole("form", { name: "Find a patient's accesses" });
  await form.getByLabel("Patient MRN").fill(patient.mrn);
  await form.getByRole("button", { name: "Show accesses" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/access\\?patient=${patient.mrn}$`));
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(`${patientName} · MRN ${patient.mrn}`) })).toBeVisible();

  const rows = page.getByRole("table", { name: /Accesses to/ }).getByRole("row");
  // the header, the administrator's own look at this list (newest), the attending's opening of the course
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText("Administrator");
  await expect(rows.nth(1)).toContainText("This list of accesses");
  const attendingRow = rows.nth(2);
  await expect(attendingRow).toContainText("Dr Ada Attending");
  await expect(attendingRow).toContainText("Attending physician");
  await expect(attendingRow).toContainText("Course page");
  await expect(attendingRow).toContainText("Shown");
  // the unit's clock, 24-hour, never a raw ISO time
  await expect(attendingRow.locator("time")).toHaveText(/^(\w{3} \d{1,2} \w{3} )?\d{2}:\d{2}$/);
  await expectAccessible(page);
  await screenshot(page, "access-records-list");
});

test("an out-of-unit course URL is refused and leaves a refused access record naming the patient", async ({ page }) => {
  const course = await otherUnitCourse();
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  await signIn(page, "attending");
  const since = new Date(Date.now() - 60_000);
  const res = await page.goto(`/courses/${course.id}`);
  expect(res?.status()).toBe(404);
  const records = await prisma.accessEvent.findMany({ where: { userId: attending.id, targetId: course.id, at: { gte: since } } });
  expect(records.map((r) => [r.page, r.patientId, r.outcome])).toEqual([["course", course.patientId, "refused-scope"]]);

  const patient = await prisma.patient.findUniqueOrThrow({ where: { id: course.patientId } });
  await signIn(page, "admin");
  await page.goto(`/admin/access?patient=${encodeURIComponent(patient.mrn)}`);
  const refused = page.getByRole("table", { name: /Accesses to/ }).getByRole("row").filter({ hasText: "Dr Ada Attending" });
  await expect(refused).toContainText("Refused: the patient is not on the user's units");
  await screenshot(page, "access-records-refused");
});
