// Issue 14, item 2 (and item 3's paper sheet): the handoff sheet of one patient and the unit's sheet, on screen and
// printed to PDF by Chromium; the PDF's text is read back with unpdf and checked. Two courses of our own: dose 2 due
// in 15 minutes, and dose 2 held for urine output, waiting for the attending's review.
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { prisma } from "@/lib/db/client";
import { demoAccount } from "@/prisma/demo-accounts";
import { clinicianOn, demoUnit, otherUnitCourse, test, tilCourseDose2DueSoon, tilCourseHeldAwaitingReview } from "./fixtures";
import { expectAccessible, expectNoSidewaysScroll, screenshot, signIn, tabTo } from "./support";

/** The page printed to an A4 PDF (print styles), saved under test-results/, and its text: one string per page. */
async function printToPdf(page: Page, name: string): Promise<{ pages: string[]; all: string }> {
  await page.emulateMedia({ media: "print" });
  const pdf = await page.pdf({ format: "A4", printBackground: true });
  await page.emulateMedia({ media: "screen" });
  mkdirSync("test-results/pdf", { recursive: true });
  writeFileSync(`test-results/pdf/${name}.pdf`, pdf);
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: false });
  const pages = text.map((t) => t.replace(/\s+/g, " "));
  return { pages, all: pages.join(" ") };
}

/** window.print() answered by a mark on the page, so a keyboard press on "Print" can be seen to print. */
async function watchPrint(page: Page) {
  await page.evaluate(() => {
    window.print = () => {
      document.body.dataset.printed = String(Number(document.body.dataset.printed ?? "0") + 1);
    };
  });
}

test("one patient's sheet: on screen, by keyboard, and on paper", async ({ page }) => {
  const due = await tilCourseDose2DueSoon("Handoffdue");
  const held = await tilCourseHeldAwaitingReview("Handoffheld");
  const nurse = demoAccount("nurse");
  await signIn(page, "nurse");
  await page.setViewportSize({ width: 1280, height: 900 });

  // from the course page to its sheet, by keyboard
  await page.goto(`/courses/${due.course.id}`);
  const link = page.locator(`a[href="/courses/${due.course.id}/handoff"]`);
  await tabTo(page, link, 120);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/courses/${due.course.id}/handoff$`));
  await expect(page.getByRole("heading", { level: 1, name: due.patientName })).toBeVisible();
  const sheet = page.getByTestId("handoff-sheet");
  await expect(sheet).toContainText("Dose 2 of 6");
  await expect(sheet).toContainText(/Next due\s*Due \d{2}:\d{2}/);
  await expect(sheet).toContainText("Give dose 2 now");
  await expect(sheet).toContainText("Nurse: Give dose 2");
  await expect(sheet).toContainText(`Printed`);
  await expect(sheet).toContainText(`by ${nurse.name} — anything recorded after this time is not on this sheet`);
  await expect(sheet.getByText("Phenylephrine now (µg/kg/min):")).toBeVisible();
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await screenshot(page, "handoff-course-1280");

  // Print, by keyboard
  await watchPrint(page);
  await tabTo(page, page.getByRole("button", { name: "Print this sheet" }));
  await page.keyboard.press("Enter");
  await expect(page.locator("body")).toHaveAttribute("data-printed", "1");

  const paper = await printToPdf(page, "handoff-course-due");
  expect(paper.pages).toHaveLength(1);
  expect(paper.all).toContain(due.patientName);
  expect(paper.all).toContain("Dose 2 of 6");
  expect(paper.all).toMatch(/Next due Due \d{2}:\d{2}/);
  // the answer's limit and the course's own hold limits (review finding 5), on screen and on paper
  await expect(page.getByTestId("handoff-rests-on")).toHaveText(/^Re-assess before every dose: this answer rests on values taken at .+; valid until (\w{3} \d{1,2} \w{3} )?\d{2}:\d{2}\.$/);
  await expect(page.getByTestId("handoff-hold-limits")).toContainText(/hold below 0\.5 mL\/kg\/h × [\d.]+ kg = [\d.]+ mL\/h/);
  expect(paper.all).toContain("Re-assess before every dose");
  expect(paper.all).toContain("Hold limits of this course");
  expect(paper.all).toMatch(new RegExp(`Printed \\w{3} \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2} by ${escapeRe(nurse.name)} — anything recorded after this time is not on this sheet`));
  // the app's header, navigation and buttons stay off paper
  expect(paper.all).not.toContain("Sign out");
  expect(paper.all).not.toContain("Print this sheet");

  await page.setViewportSize({ width: 820, height: 1100 });
  await expectNoSidewaysScroll(page);
  await screenshot(page, "handoff-course-820");

  // the held patient: the hold, its reason, and who it waits for
  await page.goto(`/courses/${held.course.id}/handoff`);
  const heldSheet = page.getByTestId("handoff-sheet");
  await expect(heldSheet).toContainText("Held — waiting for attending review");
  await expect(heldSheet).toContainText("Urine output low");
  await expect(heldSheet).toContainText("Attending: Review the hold (dose 2, recorded");
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  const heldPaper = await printToPdf(page, "handoff-course-held");
  expect(heldPaper.all).toContain(held.patientName);
  expect(heldPaper.all).toContain("Dose 2 of 6");
  expect(heldPaper.all).toContain("None now: Held — waiting for attending review");
  expect(heldPaper.all).toContain("Urine output low");
  expect(heldPaper.all).toContain("At the hold of dose 2");
  expect(heldPaper.all).toContain("Waiting for attending review");
  expect(heldPaper.all).toContain("Attending: Review the hold (dose 2, recorded");
  expect(heldPaper.all).toContain(`by ${nurse.name} — anything recorded after this time is not on this sheet`);
});

test("the unit's sheet: every open course, one patient a printed page", async ({ page }) => {
  const due = await tilCourseDose2DueSoon("Handoffunitdue");
  const held = await tilCourseHeldAwaitingReview("Handoffunitheld");
  const attending = demoAccount("attending");
  await signIn(page, "attending");
  await page.setViewportSize({ width: 1280, height: 900 });

  // from the navigation, by keyboard
  await page.goto("/reviews");
  await tabTo(page, page.getByRole("navigation").getByRole("link", { name: "Handoff sheet" }));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/handoff$/);
  await expect(page.getByRole("heading", { level: 1, name: "Unit handoff sheet" })).toBeVisible();
  for (const name of [due.patientName, held.patientName]) await expect(page.getByRole("heading", { level: 2, name })).toBeVisible();
  const heldSheet = page.getByTestId("handoff-sheet").filter({ has: page.getByRole("heading", { level: 2, name: held.patientName }) });
  await expect(heldSheet).toContainText("Attending: Review the hold (dose 2, recorded");
  await expectAccessible(page);
  await expectNoSidewaysScroll(page);
  await screenshot(page, "handoff-unit-1280");
  await page.setViewportSize({ width: 820, height: 1100 });
  await expectNoSidewaysScroll(page);
  await page.setViewportSize({ width: 1280, height: 900 });

  await watchPrint(page);
  await tabTo(page, page.getByRole("button", { name: "Print the unit's sheet" }));
  await page.keyboard.press("Enter");
  await expect(page.locator("body")).toHaveAttribute("data-printed", "1");

  const sheets = await page.getByTestId("handoff-sheet").count();
  await page.emulateMedia({ media: "print" });
  await screenshot(page, "handoff-unit-print");
  await page.emulateMedia({ media: "screen" });
  const paper = await printToPdf(page, "handoff-unit");
  // one patient a page: at least a page each, and never two patients on one page
  expect(paper.pages.length).toBeGreaterThanOrEqual(sheets);
  const pageOf = (name: string) => paper.pages.findIndex((p) => p.includes(name));
  expect(pageOf(due.patientName)).toBeGreaterThanOrEqual(0);
  expect(pageOf(held.patientName)).toBeGreaterThanOrEqual(0);
  expect(pageOf(due.patientName)).not.toBe(pageOf(held.patientName));
  const heldPage = paper.pages[pageOf(held.patientName)]!;
  expect(heldPage).toContain("Dose 2 of 6");
  expect(heldPage).toContain("Urine output low");
  expect(heldPage).toContain("Attending: Review the hold (dose 2, recorded");
  expect(heldPage).toContain(`by ${attending.name} — anything recorded after this time is not on this sheet`);
  expect(paper.pages[pageOf(due.patientName)]).toMatch(/Next due Due \d{2}:\d{2}/);
  // every page that starts a patient is headed with the printed line
  for (const p of paper.pages.filter((t) => t.includes("MRN"))) {
    expect(p).toContain("— anything recorded after this time is not on this sheet");
    expect(p.indexOf("Printed ")).toBeLessThan(p.indexOf("MRN"));
  }
  expect(paper.all).not.toContain("Sign out");
});

test("a clinician of two units chooses one, by keyboard", async ({ page }) => {
  const elsewhere = await otherUnitCourse();
  const mine = await tilCourseDose2DueSoon("Handoffchoice");
  const unit = await demoUnit();
  const password = "handoff two units only";
  const attending = await clinicianOn("attending", [unit.id, (await elsewhereUnit(elsewhere.patientId)).id], password);
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(attending.email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByText(attending.name)).toBeVisible();

  await page.goto("/handoff");
  await expect(page.getByRole("heading", { level: 2, name: mine.patientName })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Elsewhere, Ona/ })).toBeVisible();
  const choice = page.getByLabel("Unit", { exact: true });
  await tabTo(page, choice);
  await page.keyboard.type("Oncology 7");
  await expect(choice.locator("option:checked")).toHaveText(unit.name);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Show this unit" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/handoff\\?unit=${unit.id}$`));
  await expect(page.getByRole("heading", { level: 2, name: mine.patientName })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: /^Elsewhere, Ona/ })).toHaveCount(0);
  await expectAccessible(page);
});

async function elsewhereUnit(patientId: string) {
  const p = await prisma.patient.findUniqueOrThrow({ where: { id: patientId } });
  return { id: p.unitId };
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
