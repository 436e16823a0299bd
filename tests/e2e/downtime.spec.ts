import { expect, type Locator, type Page } from "@playwright/test";
import { expectAccessible, expectNoSidewaysScroll, localInput, screenshot, signIn, tabTo, typeSignature } from "./support";
import { clinicianOn, demoUnit, test, tilCourseWithoutDoses } from "./fixtures";
import { demoAccount } from "@/prisma/demo-accounts";
import { prisma } from "@/lib/db/client";

// Issue 14 item 3 (docs/decisions/061-downtime-back-entry.md): after a downtime a nurse enters each paper dose with
// its real time and its paper assessment; a second nurse co-signs with her own user id and password. The rules judge
// each at its time: both read "Entered after downtime", only the dose given although urine output was below the TIL
// threshold is flagged, in words. Everything is done from the keyboard.

const PASSWORD = "second nurse downtime pw";

/** Focus and type: the keyboard, never the mouse. */
async function typeInto(page: Page, field: Locator, text: string) {
  await field.focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type(text);
}
/** A select chosen from the keyboard: focused, its option typed (the browser's type-to-select). */
async function choose(page: Page, field: Locator, label: string, value: string) {
  await field.focus();
  await page.keyboard.type(label);
  await expect(field).toHaveValue(value);
}

async function fillPaperDose(page: Page, form: Locator, o: { doseMinutesAgo: number; urineOutputMl: string; coSigner: { id: string; email: string } }) {
  const label = (text: string) => form.getByLabel(text, { exact: true });
  await typeInto(page, label("Time of the dose"), localInput(-o.doseMinutesAgo));
  await expect(form.getByRole("radio", { name: "Given" })).toBeChecked();
  await typeInto(page, label("Dose given (IU)"), "48000000");
  await typeInto(page, label("Time of the assessment"), localInput(-o.doseMinutesAgo - 20));
  await typeInto(page, label("Systolic blood pressure (mmHg)"), "112");
  await typeInto(page, label("Heart rate (beats/min)"), "96");
  await choose(page, label("Rhythm"), "Sinus", "sinus");
  await typeInto(page, label("SpO₂ (%)"), "97");
  await choose(page, label("Oxygen device"), "Room", "room-air");
  await typeInto(page, label("Oxygen flow (L/min)"), "0");
  await typeInto(page, label("Temperature (°C)"), "37.8");
  await typeInto(page, label("Urine output over the last 4–8 h (mL)"), o.urineOutputMl);
  await typeInto(page, label("Collected over (hours, 4 to 8)"), "8");
  await typeInto(page, label("Today's weight (kg)"), "80.5");
  await choose(page, label("Mental status"), "Normal", "normal");
  await typeInto(page, label("Phenylephrine now (µg/kg/min)"), "0");
  await typeInto(page, label("Phenylephrine peak since the last dose (µg/kg/min)"), "0");
  await choose(page, label("Other vasopressor running"), "No", "no");
  await choose(page, label("Hypotension refractory to fluids"), "No", "no");
  for (const [lab, value] of [["Creatinine", "1.0"], ["Platelets", "142000"], ["Bilirubin", "0.7"], ["Bicarbonate", "24"]] as const) {
    // a lab carried from the previous paper assessment is entered again, as the paper record has it
    const again = form.getByRole("button", { name: `Enter a new ${lab.toLowerCase()}`, exact: true });
    if (await again.count()) {
      await again.focus();
      await page.keyboard.press("Enter");
    }
    const unit = { Creatinine: "mg/dL", Platelets: "/µL", Bilirubin: "mg/dL", Bicarbonate: "mmol/L" }[lab];
    await typeInto(page, label(`${lab} (${unit})`), value);
    await typeInto(page, label(`${lab} drawn at`), localInput(-o.doseMinutesAgo - 60));
  }
  await choose(page, label("Infection"), "None", "none");
  await choose(page, label("GI bleeding"), "None", "none");
  const none = form.getByRole("radio", { name: "None", exact: true });
  await none.focus();
  await page.keyboard.press("Space");
  await expect(none).toBeChecked();
  // the co-signer: chosen, then her own user id and password
  const coSigner = label("Co-signer");
  await coSigner.focus();
  await coSigner.selectOption(o.coSigner.id);
  await typeInto(page, label("Co-signer's user id (e-mail)"), o.coSigner.email);
  await typeInto(page, label("Co-signer's password, to sign"), PASSWORD);
  // the nurse's own signature (the user id too at the session's first)
  const nurse = demoAccount("nurse");
  const userId = form.getByLabel("Your user id (e-mail)");
  if (await userId.count()) await typeInto(page, userId, nurse.email);
  await typeInto(page, form.getByLabel(/^Your password, to sign/), nurse.password);
  await tabTo(page, form.getByRole("button", { name: "Record the paper dose" }));
  await page.keyboard.press("Enter");
}

test("a nurse back-enters two paper doses, co-signed by a second nurse: both read 'Entered after downtime', only the one the rules would have held is flagged", async ({ page }) => {
  test.setTimeout(180_000);
  // cells ended 20 h ago: paper dose 1 at 16 h ago, dose 2 at 8 h ago
  const { course, patientName } = await tilCourseWithoutDoses("Downtime", 20);
  const secondNurse = await clinicianOn("nurse", [(await demoUnit()).id], PASSWORD);
  await signIn(page, "nurse");

  // from the course page, by keyboard
  await page.goto(`/courses/${course.id}`);
  const link = page.getByRole("link", { name: "Enter doses given during a downtime" });
  await tabTo(page, link, 80);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: /^Doses given during a downtime/ })).toBeVisible();
  await expect(page.getByRole("link", { name: "Print the unit's current sheet" })).toHaveAttribute("href", "/handoff");
  const form = page.getByRole("form", { name: "Dose from the paper record" });
  await expect(form.getByLabel("Dose given (IU)", { exact: true })).toBeVisible();
  await expectAccessible(page);
  await screenshot(page, "downtime-form-1280");
  await page.setViewportSize({ width: 820, height: 1180 });
  await expectNoSidewaysScroll(page);
  await screenshot(page, "downtime-form-820");
  await page.setViewportSize({ width: 1280, height: 900 });

  // dose 1: every value normal — the rules at its time would have given it
  await fillPaperDose(page, form, { doseMinutesAgo: 16 * 60, urineOutputMl: "520", coSigner: secondNurse });
  await expect(form.getByText(/Entered after downtime: dose event #1, given, co-signed\. The rules at its time agree with it\./)).toBeVisible();
  // the form is empty again for the next paper dose: no time field still reads the last one's time
  await expect(form.getByLabel("Time of the dose", { exact: true })).toHaveValue("");
  await expect(form.getByText(/^Reads as /)).toHaveCount(0);
  // dose 2: 200 mL over 8 h is 25 mL/h, under 0.5 mL/kg/h at 80 kg — the rules would have held it
  await fillPaperDose(page, form, { doseMinutesAgo: 8 * 60, urineOutputMl: "200", coSigner: secondNurse });
  await expect(form.getByText(/Entered after downtime: dose event #2, given, co-signed\. Flagged — Given during downtime; the rules would have held it: .*[Uu]rine output/)).toBeVisible();

  const entries = page.getByRole("list", { name: "Doses entered after downtime, oldest first" }).getByRole("listitem");
  await expect(entries).toHaveCount(2);
  for (const e of [entries.nth(0), entries.nth(1)]) {
    await expect(e).toContainText("Entered after downtime by Nora Nurse");
    await expect(e).toContainText(`co-signed by ${secondNurse.name}`);
    await expect(e).toContainText("I confirm this entry matches the paper record");
  }
  await expect(entries.nth(0)).toContainText("Not flagged.");
  await expect(entries.nth(0)).not.toContainText("Flagged:");
  await expect(entries.nth(1)).toContainText(/Flagged: Given during downtime; the rules would have held it: .*[Uu]rine output/);
  await expect(entries.nth(1)).not.toContainText("urine-output-low");
  await expect(entries.nth(1)).toContainText("Waiting for the attending's signed review (Reviews).");
  await expect(entries.nth(0)).not.toContainText("Waiting for the attending");
  await expectAccessible(page);
  await screenshot(page, "downtime-flagged-1280");

  const stored = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
  expect(stored.map((e) => [e.enteredAfterDowntime, e.coSignedById, e.downtimeFlag === null])).toEqual([[true, secondNurse.id, true], [true, secondNurse.id, false]]);

  // the course page's timeline says so too, the flag beside the second dose only
  await page.goto(`/courses/${course.id}`);
  const timeline = page.getByRole("list", { name: "Dose events, oldest first" }).getByRole("listitem");
  await expect(timeline.nth(0)).toContainText("Entered after downtime from the paper record");
  await expect(timeline.nth(0)).not.toContainText("Flagged:");
  await expect(timeline.nth(1)).toContainText("Entered after downtime from the paper record");
  await expect(timeline.nth(1)).toContainText(/Flagged: Given during downtime; the rules would have held it/);
  // …and it waits for the attending (decision 061, amendment): the course page says so beside the flagged dose only
  await expect(timeline.nth(1)).toContainText("Given during downtime against the rules — waiting for the attending to acknowledge");
  await expect(timeline.nth(0)).not.toContainText("waiting for the attending");

  // the handoff sheet's last events say so too: entered after downtime, the co-signer, the flag with ⚠ and words
  await page.goto(`/courses/${course.id}/handoff`);
  const rows = page.getByTestId("handoff-sheet").getByRole("table").getByRole("row");
  await expect(rows.nth(1)).toContainText(`Entered after downtime, co-signed by ${secondNurse.name}`);
  await expect(rows.nth(1)).toContainText(/⚠ Flagged: Given during downtime; the rules would have held it/);
  await expect(rows.nth(2)).toContainText(`Entered after downtime, co-signed by ${secondNurse.name}`);
  await expect(rows.nth(2)).not.toContainText("Flagged:");

  // the attending sees it in the review queue as its own kind of item, and acknowledges it with a signed note, by keyboard
  await signIn(page, "attending");
  await page.goto("/reviews");
  const card = page.getByRole("region", { name: new RegExp(patientName) }).getByRole("article");
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("heading", { level: 4 })).toContainText(/Dose 2: ⚠ Given during downtime against the rules \(.+, event #2\)/);
  await expect(card).toContainText(/Flagged: Given during downtime although the rules would have held it: .*[Uu]rine output/);
  await expect(card).toContainText(`entered by Nora Nurse`);
  await expect(card).toContainText(`co-signed by ${secondNurse.name}`);
  await expect(card).toContainText("Blocks nothing (already given); waits for you to acknowledge it with a signed note.");
  await expect(card).toContainText("Paper assessment (entered after downtime)");
  await expect(card).not.toContainText("urine-output-low");
  await expect(card.getByRole("radio")).toHaveCount(0);
  const note = card.getByLabel(/^Note \(required/);
  await tabTo(page, note, 120);
  await page.keyboard.type("Paper record checked with the nurse: urine output recovered to 60 mL/h the next hour. Team informed.");
  await page.keyboard.press("Tab");
  await typeSignature(page, card, "attending");
  await expect(card).toContainText("I have reviewed this dose given during downtime against the rules");
  await expectAccessible(page);
  await screenshot(page, "downtime-acknowledge-1280");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("region", { name: new RegExp(patientName) })).toHaveCount(0);

  const review = await prisma.holdReview.findFirstOrThrow({ where: { doseEventId: stored[1]!.id } });
  expect([review.outcome, review.signatureMeaning, review.reason?.startsWith("Paper record checked")]).toEqual(["acknowledge", "I have reviewed this dose given during downtime against the rules", true]);

  // the course timeline shows the acknowledgement: who, when, what the signature means; nothing waits any more
  await page.goto(`/courses/${course.id}`);
  const after = page.getByRole("list", { name: "Dose events, oldest first" }).getByRole("listitem").nth(1);
  await expect(after).toContainText(/Reviewed: given during downtime, acknowledged — signed by Dr Ada Attending, [^(]*\d\d:\d\d/);
  await expect(after).toContainText("I have reviewed this dose given during downtime against the rules");
  await expect(after).not.toContainText("waiting for the attending");

  // …and the nurse's downtime page shows the signed review beside the entry
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}/downtime`);
  const reviewed = page.getByRole("list", { name: "Doses entered after downtime, oldest first" }).getByRole("listitem").nth(1);
  await expect(reviewed).toContainText(/Reviewed: .+ — signed by Dr Ada Attending, [^(]*\d\d:\d\d \(“I have reviewed this dose given during downtime against the rules”\)/);
  await expect(reviewed).not.toContainText("Waiting for the attending");
});
