import { expect } from "@playwright/test";
import { signIn } from "./support";
import { otherUnitCourse, test, tilCourseReadyForDose2 } from "./fixtures";

test.describe("not allowed", () => {
  test("a nurse cannot open the review queue (no override) nor the verifications (no verifying)", async ({ page }) => {
    await signIn(page, "nurse");
    await expect(page.getByRole("link", { name: "Reviews" })).toHaveCount(0);
    await expect(page.getByRole("link", { name: "Verifications" })).toHaveCount(0);
    for (const path of ["/reviews", "/verifications"]) {
      await page.goto(path);
      await expect(page).toHaveURL(/\/board\?denied=1$/);
      await expect(page.getByText("That page is not part of your role.")).toBeVisible();
    }
  });

  // Each course below is ready for dose 2: the nurse sees give, hold and the assessment form on it first, so the
  // other role's empty page is its role's doing, not a course on which nobody could give.
  async function readyCourseSeenByTheNurse(page: Parameters<typeof signIn>[0], familyName: string) {
    const { course, patientName } = await tilCourseReadyForDose2(familyName);
    await signIn(page, "nurse");
    await page.goto(`/courses/${course.id}`);
    await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Give dose 2/ })).toHaveCount(1);
    await expect(page.getByRole("button", { name: /^Hold dose 2/ })).toHaveCount(1);
    await expect(page.getByRole("form", { name: "Pre-dose assessment" })).toHaveCount(1);
    return { url: `/courses/${course.id}`, patientName };
  }

  test("a pharmacist sees a course but has no give or hold, and no assessment form", async ({ page }) => {
    test.setTimeout(60_000); // two sign-ins on 2 cores
    const { url, patientName } = await readyCourseSeenByTheNurse(page, "Pharmacy");
    await signIn(page, "pharmacist");
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();
    await expect(page.getByRole("button", { name: /Give dose/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /Hold dose/ })).toHaveCount(0);
    await expect(page.getByRole("form", { name: "Pre-dose assessment" })).toHaveCount(0);
  });

  test("an attending cannot give a dose: no give button on the course page", async ({ page }) => {
    test.setTimeout(60_000);
    const { url, patientName } = await readyCourseSeenByTheNurse(page, "Attended");
    await signIn(page, "attending");
    await page.goto(url);
    await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();
    await expect(page.getByRole("button", { name: /Give dose/ })).toHaveCount(0);
  });

  for (const role of ["nurse", "attending", "pharmacist"] as const) {
    test(`a ${role} cannot see another unit's patient: the page answers as for a course that does not exist`, async ({ page }) => {
      const course = await otherUnitCourse();
      await signIn(page, role);
      const foreign = await page.goto(`/courses/${course.id}`);
      expect(foreign?.status()).toBe(404);
      await expect(page.getByText("Elsewhere")).toHaveCount(0);
      const missing = await page.goto(`/courses/${crypto.randomUUID()}`);
      expect(missing?.status()).toBe(404);
    });
  }
});
