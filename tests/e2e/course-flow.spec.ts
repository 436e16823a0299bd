import { expect, type Locator, type Page } from "@playwright/test";
import { expectAccessible, fillAssessment, localInput, screenshot, signIn } from "./support";
import { tilCourseReadyForDose2, test } from "./fixtures";

// Issue 10, "the course screen as one flow", at desktop (1280 px) and tablet (820 px) width in Chromium: the
// decision and what is missing stay on screen while typing; after a record the focus and the view move to the
// result with the next action as the next Tab stop; a failed submit is summarised where the user is looking, each
// error a link to its field; keyboard-only from the first field to "Give" in fewer than 40 presses.

const WIDTHS = [
  { width: 1280, height: 800 },
  { width: 820, height: 1180 },
] as const;

/** The unit's wall-clock time `minutes` from now as the date-time field takes it: "2026-12-03 06:40". */
const unitTime = (minutes: number) => localInput(minutes).replace("T", " ");

/** The preview's decision line (badge, then what is missing or too old), inside the live preview. */
const decisionLine = (page: Page): Locator => page.getByRole("complementary", { name: "Live preview" }).locator("p").filter({ hasText: "Preview:" });

const activeText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.replace(/\s+/g, " ").trim() ?? "");

for (const size of WIDTHS) {
  test.describe(`at ${size.width} px`, () => {
    test.use({ viewport: size });

    test("the preview stays on screen while typing a lab; after recording, focus and view are on the result, Give is the next Tab stop, and the blank form is not judged on the old values", async ({ page }) => {
      test.setTimeout(60_000);
      const { course } = await tilCourseReadyForDose2(`Flow${size.width}`);
      await signIn(page, "nurse");
      await page.goto(`/courses/${course.id}`);
      const form = page.getByRole("form", { name: "Pre-dose assessment" });

      // the fields the rule set (TIL) needs are marked required, for the eye and for a screen reader, and only those
      const sbp = form.getByLabel("Systolic blood pressure (mmHg)", { exact: true });
      await expect(sbp).toHaveAttribute("aria-required", "true");
      await expect(form.getByLabel("Temperature (°C)", { exact: true })).not.toHaveAttribute("aria-required", "true");
      await expect(form.getByText("required", { exact: true }).first()).toBeVisible();

      await fillAssessment(page);
      // the lowest field of the form: typing in it, the preview's decision is on screen
      const lab = form.getByLabel("Bicarbonate drawn at", { exact: true });
      await lab.fill("");
      await lab.focus();
      await page.keyboard.type(unitTime(-50));
      await expect(lab).toBeFocused();
      await expect(lab).toBeInViewport();
      await expect(decisionLine(page)).toContainText("Give");
      await expect(decisionLine(page)).toBeInViewport();
      // the date-time field says what it read, in the app's words and the unit's zone
      await expect(form.getByText(/^Reads as \w{3} \d{1,2} \w{3} \d{2}:\d{2}, unit time/).last()).toBeVisible();
      if (size.width < 1024) {
        // below 1024 px the preview is a compact bar at the top of the screen that opens to the full preview
        const toggle = page.getByRole("button", { name: "Show the full preview" });
        await toggle.click();
        await expect(page.getByRole("button", { name: "Hide the full preview" })).toHaveAttribute("aria-expanded", "true");
        await expect(page.getByRole("complementary", { name: "Live preview" }).getByText("Rule set til-2024")).toBeVisible();
        await page.getByRole("button", { name: "Hide the full preview" }).click();
      }
      await expectAccessible(page);

      await form.getByRole("button", { name: "Record assessment" }).click();
      const result = page.getByText("The new assessment is recorded.");
      await expect(result).toBeVisible();
      await expect.poll(() => activeText(page)).toContain("The new assessment is recorded.");
      await expect(result).toBeInViewport();
      await page.keyboard.press("Tab");
      await expect(page.getByRole("button", { name: /^Give dose 2: / })).toBeFocused();
      // the form is empty for the next assessment: the preview reads the empty form laid over the current picture
      // (decision 042), so it says what the server says — never the typed values of the assessment just recorded
      await expect(decisionLine(page)).toContainText("Give");
      await expect(page.getByRole("button", { name: "Hold dose 2" })).toBeVisible();
      await screenshot(page, `course-${size.width}`);
      await expectAccessible(page);

      // "required" never blocks, and a partial assessment hides nothing: SBP alone is recorded and judged with the
      // latest value of every other field, each by its own time (the current picture, decision 042)
      await form.getByLabel("Systolic blood pressure (mmHg)", { exact: true }).fill("108");
      await form.getByRole("button", { name: "Record assessment" }).click();
      await expect.poll(() => activeText(page)).toMatch(/The new assessment is recorded\. The rules say .*Give/);
      await expect(page.getByRole("button", { name: /^Give dose 2/ })).toHaveCount(1);
    });

    test("keyboard only: from the first field of the assessment to pressing Give takes fewer than 40 presses", async ({ page }) => {
      test.setTimeout(60_000);
      const { course } = await tilCourseReadyForDose2(`Keys${size.width}`);
      await signIn(page, "nurse");
      await page.goto(`/courses/${course.id}`);
      const form = page.getByRole("form", { name: "Pre-dose assessment" });
      // Counting: each Tab, Enter, Space or arrow key is one press; typing one field's value (one keyboard.type call)
      // is one press. The start is the focus on the first field ("Assessed at"), which is not counted.
      let presses = 0;
      const press = async (key: string) => {
        presses += 1;
        await page.keyboard.press(key);
      };
      const type = async (value: string) => {
        presses += 1;
        await page.keyboard.type(value);
      };
      // Every field marked required (aria-required) that is empty gets a value: a text field one typed value, a
      // select its first answer with one arrow key ("Not recorded" → "Normal" / "No" / "None"), the permanent-events
      // question "None" with Space. Carried values are current (10 min old) and are tabbed past.
      const VALUES: Record<string, string> = { sbpMmHg: "112", heartRateBpm: "98", spo2Pct: "97", urineOutputMl: "480", urineOutputHours: "8", weightKg: "80.6" };
      await form.getByLabel("Assessed at", { exact: true }).focus();
      for (let guard = 0; guard < 60; guard++) {
        const active = await page.evaluate(() => {
          const el = document.activeElement as HTMLInputElement | null;
          return { id: el?.id ?? "", tag: el?.tagName ?? "", type: el?.type ?? "", text: el?.textContent?.trim() ?? "", required: el?.getAttribute("aria-required") === "true", value: el?.value ?? "" };
        });
        if (active.tag === "BUTTON" && active.text === "Record assessment") break;
        if (active.required && active.tag === "INPUT" && active.type === "radio") await press("Space");
        else if (active.required && active.tag === "SELECT" && active.value === "") await press("ArrowDown");
        else if (active.required && active.tag === "INPUT" && active.value === "") await type(VALUES[active.id.replace(/^assessment-/, "")] ?? "0");
        await press("Tab");
      }
      await expect(form.getByLabel("Mental status", { exact: true })).toHaveValue("normal");
      await expect(decisionLine(page)).toContainText("Give");
      await press("Enter");
      await expect.poll(() => activeText(page)).toContain("The new assessment is recorded.");
      await press("Tab");
      const give = page.getByRole("button", { name: /^Give dose 2: / });
      await expect(give).toBeFocused();
      await press("Enter");
      const toGive = presses;
      test.info().annotations.push({ type: "presses to Give", description: String(toGive) });
      expect(toGive).toBeLessThan(40);
      // the confirmation takes the focus; three Tabs (Given at, witness, the button) and Enter record the dose
      await expect(page.getByRole("heading", { name: "Give dose 2" })).toBeFocused();
      for (let i = 0; i < 3; i++) await press("Tab");
      await expect(page.getByRole("button", { name: "Record dose 2 as given" })).toBeFocused();
      await press("Enter");
      await expect.poll(() => activeText(page)).toContain("Dose event #2 recorded as given.");
      await expect(page.getByText("Dose event #2 recorded as given.")).toBeInViewport();
      test.info().annotations.push({ type: "presses to the recorded dose", description: String(presses) });
    });

    test("a failed submit is summarised at the button, each error a link to its field, and the carried values stay", async ({ page }) => {
      test.setTimeout(60_000);
      const { course } = await tilCourseReadyForDose2(`Errors${size.width}`);
      await signIn(page, "nurse");
      await page.goto(`/courses/${course.id}`);
      const form = page.getByRole("form", { name: "Pre-dose assessment" });
      await expect(form.getByText("Values marked carried", { exact: false })).toBeVisible();
      await form.getByLabel("Systolic blood pressure (mmHg)", { exact: true }).fill("1l2");
      await form.getByRole("button", { name: "Enter a new creatinine", exact: true }).click();
      await form.getByLabel("Creatinine (mg/dL)", { exact: true }).fill("1.1");
      await form.getByLabel("Creatinine drawn at", { exact: true }).fill("12/03/2026 10:00 PM");
      // leave the field first, as a keyboard user does: its error appears on leaving it and moves the button down
      await form.getByLabel("Creatinine drawn at", { exact: true }).blur();
      await form.getByRole("button", { name: "Record assessment" }).click();

      const summary = form.getByRole("alert").filter({ hasText: "correct these entries" });
      await expect(summary).toBeFocused();
      await expect(summary).toBeInViewport();
      await summary.getByRole("link", { name: /Systolic blood pressure must be a number/ }).click();
      await expect(form.getByLabel("Systolic blood pressure (mmHg)", { exact: true })).toBeFocused();
      await summary.getByRole("link", { name: /Creatinine drawn at must be a date and time .*YYYY-MM-DD HH:mm/ }).click();
      await expect(form.getByLabel("Creatinine drawn at", { exact: true })).toBeFocused();
      // nothing typed is lost, and the carried values keep their source and their hints
      await expect(form.getByLabel("Systolic blood pressure (mmHg)", { exact: true })).toHaveValue("1l2");
      await expect(form.getByText("Values marked carried", { exact: false })).toBeVisible();
      await expect(form.getByText(/^carried · observed/).first()).toBeVisible();
      await expectAccessible(page);

      // the dose screen's forms use the same summary and the same date-time field
      await page.getByRole("button", { name: /^Give dose 2: / }).click();
      const giveForm = page.getByRole("form", { name: "Give dose 2" });
      // the locked dose reads as text, not as an input
      await expect(giveForm.getByRole("textbox", { name: /^Dose/ })).toHaveCount(0);
      await expect(giveForm.getByText("48,000,000 IU").first()).toBeVisible();
      await giveForm.getByLabel("Given at", { exact: true }).fill("12/03/2026 10:00 PM");
      await expect(giveForm.getByText("Not yet a time: write YYYY-MM-DD HH:mm, 24-hour.")).toBeVisible();
      await giveForm.getByLabel("Given at", { exact: true }).blur();
      await giveForm.getByRole("button", { name: "Record dose 2 as given" }).click();
      const doseSummary = giveForm.getByRole("alert").filter({ hasText: "correct these entries" });
      await expect(doseSummary).toBeFocused();
      await doseSummary.getByRole("link", { name: /YYYY-MM-DD HH:mm/ }).click();
      await expect(giveForm.getByLabel("Given at", { exact: true })).toBeFocused();
      await expectAccessible(page);
      // Cancel gives the focus back to the button that opened the form
      await giveForm.getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("button", { name: /^Give dose 2: / })).toBeFocused();

      // the hold: its form takes the focus on its heading; once recorded, the result takes it, in view
      await page.getByRole("button", { name: "Hold dose 2" }).click();
      await expect(page.getByRole("heading", { name: "Hold dose 2" })).toBeFocused();
      await page.getByLabel("Note (required)").fill("Patient asked to wait; attending informed.");
      await page.getByRole("button", { name: "Record dose 2 as held" }).click();
      await expect.poll(() => activeText(page)).toContain("Dose event #2 recorded as held.");
      await expect(page.getByText("Dose event #2 recorded as held.")).toBeInViewport();
    });
  });
}
