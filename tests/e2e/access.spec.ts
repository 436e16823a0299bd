import { expect, type Page } from "@playwright/test";
import { expectAccessible, fillAssessment, screenshot, signIn, fillSignature } from "./support";
import { tilCourseReadyForDose2, test } from "./fixtures";
import { prisma } from "@/lib/db/client";
import { demoAccount } from "@/prisma/demo-accounts";

// Issue 10, observation 10 (deliver 9) and forms without JavaScript: a nurse corrects her own entry; signing in
// returns to the page asked for; an ended session signs in again in place without losing the form; the sign-in form
// works with JavaScript off (Referrer-Policy same-origin keeps the Origin header on a same-origin POST).

async function fillSignIn(page: Page, role: "nurse" | "attending" | "pharmacist") {
  const account = demoAccount(role);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test.describe("signing in returns to the page asked for", () => {
  test("a signed-out nurse opening a course signs in and lands on that course", async ({ page }) => {
    const { course, patientName } = await tilCourseReadyForDose2("Returner");
    await page.goto(`/courses/${course.id}`);
    await expect(page).toHaveURL(new RegExp(`/login\\?next=%2Fcourses%2F${course.id}$`));
    await fillSignIn(page, "nurse");
    await expect(page).toHaveURL(new RegExp(`/courses/${course.id}$`));
    await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();
  });

  test("a page the role may not open, or another site, leads to the role's home", async ({ page }) => {
    await page.goto("/login?next=%2Freviews");
    await fillSignIn(page, "nurse");
    await expect(page).toHaveURL(/\/board$/);
    await page.context().clearCookies();
    for (const evil of ["//evil.example/board", "https://evil.example/", "/%2F%2Fevil.example", "/\\evil.example"]) {
      await page.goto(`/login?next=${encodeURIComponent(evil)}`);
      await fillSignIn(page, "pharmacist");
      await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/verifications$/);
      await page.context().clearCookies();
    }
  });
});

test.describe("without JavaScript", () => {
  test("the sign-in form works, and returns to the page asked for", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto("/login");
      await fillSignIn(page, "nurse");
      await expect(page).toHaveURL(/\/board$/);
      await expect(page.getByRole("banner").getByText(demoAccount("nurse").name)).toBeVisible();

      await context.clearCookies();
      const { course, patientName } = await tilCourseReadyForDose2("NoScript");
      await page.goto(`/courses/${course.id}`);
      await expect(page).toHaveURL(/\/login\?next=/);
      await fillSignIn(page, "nurse");
      await expect(page.getByRole("heading", { level: 1, name: patientName })).toBeVisible();
    } finally {
      await context.close();
    }
  });
});

test("a session that ends while the assessment form is open: sign in again in the dialog, nothing typed is lost", async ({ page }) => {
  test.setTimeout(60_000);
  const { course } = await tilCourseReadyForDose2("Reauth");
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  const form = await fillAssessment(page);
  await form.getByLabel("Urine output over the last 4–8 h (mL)", { exact: true }).fill("455");

  // the session ends on the server (as an idle timeout or an administrator would end it)
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: demoAccount("nurse").email } });
  await prisma.session.updateMany({ where: { userId: nurse.id, endedAt: null }, data: { endedAt: new Date(), endReason: "ended-by-test" } });

  const before = await prisma.assessment.count({ where: { courseId: course.id } });
  await form.getByRole("button", { name: "Record assessment" }).click();
  const dialog = page.getByRole("dialog", { name: "Your session has ended" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(demoAccount("nurse").name);
  await expectAccessible(page);
  await screenshot(page, "reauth-dialog");

  // a wrong password is answered in the dialog, with the same lock rules as sign-in
  await dialog.getByLabel("Your password").fill("not the password");
  await dialog.getByRole("button", { name: "Sign in again" }).click();
  await expect(dialog.getByRole("alert")).toContainText("E-mail or password is incorrect.");
  await dialog.getByLabel("Your password").fill(demoAccount("nurse").password);
  await dialog.getByRole("button", { name: "Sign in again" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status").getByText("Signed in again. What you typed is still in the form")).toBeVisible();

  // every value typed is still there; nothing was recorded meanwhile
  await expect(form.getByLabel("Urine output over the last 4–8 h (mL)", { exact: true })).toHaveValue("455");
  await expect(form.getByLabel("Systolic blood pressure (mmHg)", { exact: true })).toHaveValue("112");
  await expect(form.getByLabel("Mental status", { exact: true })).toHaveValue("normal");
  expect(await prisma.assessment.count({ where: { courseId: course.id } })).toBe(before);

  await form.getByRole("button", { name: "Record assessment" }).click();
  await expect(page.getByText("Assessment recorded.")).toBeVisible();
  const recorded = await prisma.assessment.findFirstOrThrow({ where: { courseId: course.id }, orderBy: { recordedAt: "desc" } });
  expect(recorded).toMatchObject({ urineOutputMl: 455, sbpMmHg: 112, recordedById: nurse.id });
  // both sign-ins went through the one sign-in action: audited
  const signIns = await prisma.auditEvent.findMany({ where: { action: "sign-in", actorId: nurse.id }, orderBy: { id: "desc" }, take: 2 });
  expect(signIns.map((a) => a.outcome)).toEqual(["success", "denied"]);
});

test("a nurse marks her own dose entry entered in error; an older entry is not offered to her", async ({ page }) => {
  test.setTimeout(60_000);
  const { course } = await tilCourseReadyForDose2("Typo");
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: /^Give dose 2: 48,000,000 IU$/ }).click();
  await page.getByRole("button", { name: "Record dose 2 as given" }).click();
  await expect(page.getByText("Dose event #2 recorded as given.")).toBeVisible();

  const events = page.getByRole("list", { name: "Dose events, oldest first" });
  const first = events.getByRole("listitem").filter({ hasText: "#1" });
  const second = events.getByRole("listitem").filter({ hasText: "#2" });
  // dose 1 was recorded 8 hours ago: past her 30 minutes, only an attending corrects it
  await expect(first.getByText("Mark event #1 entered in error…")).toHaveCount(0);
  await second.getByText("Mark event #2 entered in error…").click();
  await second.getByLabel("Why is it in error? (required)").fill("Recorded on the wrong patient's course");
  await fillSignature(second, "nurse");
  await expectAccessible(page);
  await second.getByRole("button", { name: "Sign: entered in error" }).click();
  // the page is drawn again at once: the entry reads ENTERED IN ERROR and the form is no longer offered
  await expect(second).toContainText("ENTERED IN ERROR");
  await expect(second).toContainText("Recorded on the wrong patient's course");
  await expect(second.getByText("Mark event #2 entered in error…")).toHaveCount(0);
  const row = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, sequence: 2 } });
  expect(row).toMatchObject({ status: "entered_in_error", enteredInErrorReason: "Recorded on the wrong patient's course" });
  await screenshot(page, "nurse-own-correction");
});
