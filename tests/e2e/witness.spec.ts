import { expect } from "@playwright/test";
import { expectAccessible, screenshot, signIn } from "./support";
import { tilCourseReadyForDose2, test } from "./fixtures";
import { demoAccount } from "@/prisma/demo-accounts";
import { prisma } from "@/lib/db/client";

// Issue 12 item 7 (docs/decisions/055-signatures-part-11.md): the witness of a dose signs for themselves, blind. The
// nurse hands the screen to the witness, whose step hides the dose and volume; the witness types the figures they read
// on the syringe and label, then their own user id and password. A wrong figure is refused in words that name no
// figure and nothing is recorded; the right ones record the dose with the witness on the course timeline.

test("a blind witness with the wrong dose figure is refused and nothing is recorded; the right figures record the dose with the witness shown", async ({ page }) => {
  test.setTimeout(90_000);
  // dose 2 of a TIL course, 80 kg: 48,000,000 IU = 2.67 mL of reconstituted drug
  const { course } = await tilCourseReadyForDose2("Witness");
  const witness = demoAccount("attending");
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);

  await page.getByRole("button", { name: /^Give dose 2: 48,000,000 IU$/ }).click();
  const form = page.getByRole("form", { name: "Give dose 2" });
  await expect(form).toContainText("48,000,000 IU");
  await form.getByRole("button", { name: "Hand to the witness" }).click();

  // the witness's step covers the whole page (the course header and dose 1 show the figures too): nothing of the
  // nurse's figures is on screen, and the witness's fields are empty
  const dialog = page.getByRole("dialog", { name: "Witness for dose 2: independent double-check" });
  const step = dialog.getByRole("group", { name: "Witness: independent double-check" });
  await expect(step).toBeVisible();
  await expect(dialog.getByLabel("Witness", { exact: true })).toBeFocused();
  await expect(dialog).not.toContainText("48,000,000");
  await expect(dialog).not.toContainText("2.67");
  await expect(form).toContainText("figures hidden while the witness checks");
  const viewport = page.viewportSize()!;
  expect(await dialog.boundingBox()).toMatchObject({ x: 0, y: 0, width: viewport.width, height: viewport.height });
  // the course header's volume, where the witness would otherwise read it, is under the step
  const volumeHidden = await page.evaluate(() => {
    const cell = [...document.querySelectorAll("main *")].find((e) => e.children.length === 0 && e.textContent?.trim() === "2.67 mL");
    if (!cell) return "no volume on the page";
    cell.scrollIntoView({ block: "center" }); // the page behind the step scrolls it into the viewport: still covered
    const r = cell.getBoundingClientRect();
    return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.closest("[data-witness-step]") ? "covered" : "visible";
  });
  expect(volumeHidden).toBe("covered");
  await expect(step.getByLabel("Dose you checked")).toHaveValue("");
  await expect(step.getByLabel("Volume you checked")).toHaveValue("");
  await expect(step.getByLabel("Witness's password, to sign")).toHaveAttribute("autocomplete", "new-password");
  await screenshot(page, "witness-step");
  await expectAccessible(page);

  // a wrong dose figure (one zero short): refused in words, nothing recorded
  await step.getByLabel("Witness", { exact: true }).selectOption({ label: witness.name });
  await step.getByLabel("Dose you checked").fill("4800000");
  await step.getByLabel("Volume you checked").fill("2.67");
  await step.getByLabel("Witness's user id (e-mail)").fill(witness.email);
  await step.getByLabel("Witness's password, to sign").fill(witness.password);
  await dialog.getByRole("button", { name: "Record dose 2 as given" }).click();
  await expect(dialog.getByText("The witness's dose or volume does not match the prepared dose: check the syringe and label again. Nothing was recorded.").first()).toBeVisible();
  await expect(dialog).not.toContainText("48,000,000");
  expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
  await screenshot(page, "witness-refused");

  // the right figures: the dose is recorded, with the witness's own signature
  await step.getByLabel("Dose you checked").fill("48000000");
  await step.getByLabel("Volume you checked").fill("2.67");
  await step.getByLabel("Witness's password, to sign").fill(witness.password);
  await dialog.getByRole("button", { name: "Record dose 2 as given" }).click();
  await expect(page.getByText("Dose event #2 recorded as given.")).toBeVisible();
  const recorded = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, sequence: 2 }, include: { witness: true } });
  expect(recorded).toMatchObject({ kind: "given", witnessMeaning: "Independent double-check: dose and volume verified" });
  expect(recorded.witness?.email).toBe(witness.email);
  expect(recorded.witnessSignedAt).not.toBeNull();

  const timeline = page.getByRole("list", { name: "Dose events, oldest first" });
  await expect(timeline).toContainText(new RegExp(`witness ${witness.name}, double-checked`));
  await screenshot(page, "witness-recorded");
});
