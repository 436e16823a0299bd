// Issue 13 item 4 (docs/decisions/058-more-than-one-machine.md, docs/operations.md): Bolus keeps no state in its
// process, so two instances behind a load balancer behave as one. A second server is started here exactly as the
// run's own (`node scripts/start.mjs`, the same environment as playwright.config.ts's webServer, the same build and
// the same PostgreSQL), on the next port. Two clinicians, one on each instance, give the same dose at the same moment:
// exactly one dose event is recorded and the other clinician is told, in words, that it was just recorded. A session
// made on one instance is valid on the other, and signing out on one ends it on the other.
import { spawn, type ChildProcess } from "node:child_process";
import { expect, type Browser, type Page } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import { demoAccount } from "@/prisma/demo-accounts";
import { clinicianOn, demoUnit, test, tilCourseReadyForDose2 } from "./fixtures";
import { screenshot, signIn } from "./support";

const PORT_A = Number(process.env.E2E_PORT ?? 3100);
const PORT_B = PORT_A + 1;
const A = `http://127.0.0.1:${PORT_A}`;
const B = `http://127.0.0.1:${PORT_B}`;
const E2E_OIDC_PORT = Number(process.env.E2E_OIDC_PORT ?? PORT_A + 1000);

/** playwright.config.ts's webServer environment, on instance B's port and public origin. */
function instanceEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORT: String(PORT_B), BOLUS_SEED: "1", BOLUS_DEMO: "1",
    BOLUS_ORIGIN: B, BOLUS_HSTS: "max-age=63072000; includeSubDomains",
    OIDC_ISSUER: `http://127.0.0.1:${E2E_OIDC_PORT}`, OIDC_CLIENT_ID: "bolus-test",
    OIDC_CLIENT_SECRET: "bolus-test-secret-not-for-production", OIDC_BUTTON_LABEL: "Sign in with Test Hospital",
    TRUSTED_PROXY_HOPS: "1", BOLUS_SIGNIN_BURST: "200", BOLUS_SIGNIN_PER_MINUTE: "600",
  };
}

let child: ChildProcess | null = null;
let log = "";

test.beforeAll(async () => {
  test.setTimeout(150_000);
  child = spawn("node", ["scripts/start.mjs"], { env: instanceEnv(), detached: true, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  await expect
    .poll(async () => (await fetch(`${B}/api/health`).catch(() => null))?.status ?? 0, { timeout: 120_000, message: `instance B did not start:\n${log}` })
    .toBe(200);
});

test.afterAll(async () => {
  // the server this spec started (its own process group: start.mjs and the `next start` it runs)
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
});

async function signInOn(base: string, page: Page, email: string, password: string, name: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("banner").getByText(name)).toBeVisible();
}

async function clinicianPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: undefined });
  return context.newPage();
}

test("two instances on one PostgreSQL: two nurses give the same dose at the same moment, one on each; exactly one dose is recorded, the other nurse is told", async ({ browser }) => {
  test.setTimeout(150_000);
  const { course } = await tilCourseReadyForDose2("Race");
  const password = "two instances one database";
  const second = await clinicianOn("nurse", [(await demoUnit()).id], password);
  const nurse = demoAccount("nurse");

  const onA = await clinicianPage(browser);
  const onB = await clinicianPage(browser);
  await signInOn(A, onA, nurse.email, nurse.password, nurse.name);
  await signInOn(B, onB, second.email, password, second.name);
  for (const [page, base] of [[onA, A], [onB, B]] as const) {
    await page.goto(`${base}/courses/${course.id}`);
    await page.getByRole("button", { name: /^Give dose 2: 48,000,000 IU$/ }).click();
    await expect(page.getByRole("button", { name: "Record dose 2 as given" })).toBeVisible();
  }

  // both press at once, each on their own instance
  await Promise.all([onA, onB].map((page) => page.getByRole("button", { name: "Record dose 2 as given" }).click()));
  const recorded = (page: Page) => page.getByText("Dose event #2 recorded as given.");
  const refused = (page: Page) => page.getByText(/Not saved: (dose event #2 \(given\)|this dose) was just recorded by /);
  // (two servers on two shared cores: an answer may take longer than the usual 10 s)
  await expect(recorded(onA).or(refused(onA))).toBeVisible({ timeout: 45_000 });
  await expect(recorded(onB).or(refused(onB))).toBeVisible({ timeout: 45_000 });
  const winners = [(await recorded(onA).count()) > 0, (await recorded(onB).count()) > 0];
  expect(winners.filter(Boolean)).toHaveLength(1);
  const loser = winners[0] ? onB : onA;
  await expect(refused(loser)).toBeVisible();
  await expect(recorded(loser)).toHaveCount(0);
  await screenshot(loser, "two-instances-dose-race-refused");

  // the database holds exactly one dose 2, recorded by the winner
  const doses = await prisma.doseEvent.findMany({ where: { courseId: course.id, sequence: { gte: 2 } } });
  expect(doses).toHaveLength(1);
  const winner = await prisma.user.findUniqueOrThrow({ where: { email: winners[0] ? nurse.email : second.email } });
  expect(doses[0]).toMatchObject({ sequence: 2, kind: "given", recordedById: winner.id });
  // the refusal names who recorded it (the record-dose conflict check), or says someone else did (the unique index)
  expect(await refused(loser).textContent()).toMatch(new RegExp(`just recorded by (${winner.name} at \\d\\d:\\d\\d|someone else)`));
  // and the loser's instance shows it after a reload, by the winner's name
  await loser.reload();
  await expect(loser.getByRole("list", { name: "Dose events, oldest first" }).getByRole("listitem").filter({ hasText: "#2" })).toContainText(winner.name);
  for (const page of [onA, onB]) await page.context().close();
});

test("a session made on instance A is valid on instance B, and signing out on A ends it on B", async ({ page }) => {
  await signIn(page, "nurse"); // on A (the run's own server)
  const nurse = demoAccount("nurse");
  // the same browser, the other instance: the session is in PostgreSQL, not in A's memory
  await page.goto(`${B}/board`);
  await expect(page).toHaveURL(`${B}/board`);
  await expect(page.getByRole("banner").getByText(nurse.name)).toBeVisible();

  await page.goto(`${A}/board`);
  const kept = await page.context().cookies();
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  // B no longer knows the session either, even from a browser that kept the cookie (sign-out clears it; put it back)
  await page.context().addCookies(kept);
  await page.goto(`${B}/board`);
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByLabel("E-mail")).toBeVisible();
});
