import { expect, type Locator, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { demoAccount, type DemoRole } from "@/prisma/demo-accounts";

export async function signIn(page: Page, role: DemoRole): Promise<void> {
  const account = demoAccount(role);
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByText(account.name)).toBeVisible();
}

/**
 * Fills a signature inside `scope` (a form, a review card, the page) as `who`: the user id when the form asks for it
 * — the first signature of a session (Part 11 §11.200(a)(1), docs/decisions/055) — then the password.
 */
export async function fillSignature(scope: Locator | Page, who: DemoRole | { email: string; password: string }): Promise<void> {
  const account = typeof who === "string" ? demoAccount(who) : who;
  await expect(scope.getByLabel(/^Your (own )?password, to sign/)).toBeVisible();
  const userId = scope.getByLabel("Your user id (e-mail)");
  if (await userId.count()) await userId.fill(account.email);
  await scope.getByLabel(/^Your (own )?password, to sign/).fill(account.password);
}

/**
 * The same by keyboard, from a signature field that has the focus (an administrator's confirmation step moves it
 * there): the user id when asked, Tab, the password. The caller presses Enter to sign.
 */
export async function typeSignature(page: Page, scope: Locator, who: DemoRole): Promise<void> {
  const account = demoAccount(who);
  const userId = scope.getByLabel("Your user id (e-mail)");
  if (await userId.count()) {
    await expect(userId).toBeFocused();
    await page.keyboard.type(account.email);
    await page.keyboard.press("Tab");
  }
  await expect(scope.getByLabel(/^Your (own )?password, to sign/)).toBeFocused();
  await page.keyboard.type(account.password);
}

/** axe-core on the current page: no serious or critical violations (WCAG 2 A/AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A datetime-local value `minutesFromNow` from now in the browser's zone (the demo unit uses the server's zone). */
export function localInput(minutesFromNow: number, timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): string {
  const d = new Date(Date.now() + minutesFromNow * 60_000);
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}`;
}

/** Fills a complete assessment; values carried from the last one are entered again, so every value is current. */
export async function fillAssessment(page: Page, values: { urineOutputMl?: string; mentalStatus?: string; rhythm?: string; skipCarried?: boolean } = {}) {
  const form = page.getByRole("form", { name: "Pre-dose assessment" });
  for (const carried of ["rhythm", "oxygen device", "oxygen flow", "phenylephrine now", "other vasopressor running", "creatinine", "platelets", "bilirubin", "bicarbonate"]) {
    const again = form.getByRole("button", { name: `Enter a new ${carried}`, exact: true });
    if (values.skipCarried) continue;
    if (await again.count()) await again.click();
  }
  await form.getByLabel("Systolic blood pressure (mmHg)", { exact: true }).fill("112");
  await form.getByLabel("Heart rate (beats/min)", { exact: true }).fill("98");
  const fillIf = async (label: string, act: (l: ReturnType<Page["getByLabel"]>) => Promise<unknown>) => {
    const l = form.getByLabel(label, { exact: true });
    if (await l.count()) await act(l);
  };
  await fillIf("Rhythm", (l) => l.selectOption(values.rhythm ?? "sinus"));
  await form.getByLabel("SpO₂ (%)", { exact: true }).fill("97");
  await fillIf("Oxygen device", (l) => l.selectOption("room-air"));
  await fillIf("Oxygen flow (L/min)", (l) => l.fill("0"));
  await form.getByLabel("Urine output over the last 4–8 h (mL)", { exact: true }).fill(values.urineOutputMl ?? "480");
  await form.getByLabel("Collected over (hours, 4 to 8)", { exact: true }).fill("8");
  await form.getByLabel("Today's weight (kg)", { exact: true }).fill("80.6");
  await form.getByLabel("Mental status", { exact: true }).selectOption(values.mentalStatus ?? "normal");
  await fillIf("Phenylephrine now (µg/kg/min)", (l) => l.fill("0"));
  await form.getByLabel("Phenylephrine peak since the last dose (µg/kg/min)", { exact: true }).fill("0");
  await fillIf("Other vasopressor running", (l) => l.selectOption("no"));
  await form.getByLabel("Hypotension refractory to fluids", { exact: true }).selectOption("no");
  for (const [lab, value] of [["Creatinine (mg/dL)", "1.0"], ["Platelets (/µL)", "142000"], ["Bilirubin (mg/dL)", "0.7"], ["Bicarbonate (mmol/L)", "24"]] as const) {
    await fillIf(lab, (l) => l.fill(value));
    await fillIf(`${lab.replace(/ \(.*\)$/, "")} drawn at`, (l) => l.fill(localInput(-60)));
  }
  await form.getByLabel("Infection", { exact: true }).selectOption("none");
  await form.getByLabel("GI bleeding", { exact: true }).selectOption("none");
  await form.getByRole("radio", { name: "None", exact: true }).check();
  return form;
}


/** Nothing on the page scrolls sideways at the viewport's width (a table or a form wider than the screen). */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

/** Presses Tab until `target` has the focus (keyboard-only use); fails when it is never reached. */
export async function tabTo(page: Page, target: ReturnType<Page["locator"]>, maxPresses = 60): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("Tab never reached the element");
}
