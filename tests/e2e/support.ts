import { expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { demoAccount, type DemoRole } from "@/prisma/demo-accounts";

export async function signIn(page: Page, role: DemoRole): Promise<void> {
  const account = demoAccount(role);
  await page.context().clearCookies();
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText(account.name)).toBeVisible();
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
