import { expect, type Page } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decideForCourse } from "@/lib/domain/engine-request";
import { demoAccount } from "@/prisma/demo-accounts";
import { screenshot, signIn, fillSignature } from "./support";
import { tilCourseAfterDose1, test } from "./fixtures";

// Issue 12 item 2 (docs/decisions/052-sign-in-throttling.md): five wrong passwords for the attending from another
// address do not stop the attending's open session from signing. The e2e server trusts one proxy hop
// (TRUSTED_PROXY_HOPS=1 in playwright.config.ts), so the stranger's browser names its address in X-Forwarded-For as a
// hospital's reverse proxy would; the attending's browser sends none and is the TCP peer, 127.0.0.1.

const MIN = 60_000;

/** Dose 1 given 9 h ago; dose 2 held 20 min ago on an SBP of 92 under the target of 95: a plain hold to review. */
async function plainHold(familyName: string) {
  const made = await tilCourseAfterDose1({ familyName, givenHoursAgo: 9 });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const takenAt = new Date(Date.now() - 30 * MIN);
  const drawn = new Date(takenAt.getTime() - 40 * MIN).toISOString();
  const assessment = await prisma.assessment.create({
    data: {
      courseId: made.course.id, takenAt, labsAt: new Date(drawn), recordedById: nurse.id, recordedAt: takenAt,
      sbpMmHg: 92, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 480, urineOutputHours: 8,
      weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
      creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.8, infection: "none", giBleeding: "none", permanentEvents: [],
      observedAt: { creatinineMgDl: drawn, plateletsPerUl: drawn, bilirubinMgDl: drawn, bicarbonateMmolL: drawn },
    },
  });
  const course = await prisma.course.findUniqueOrThrow({ where: { id: made.course.id } });
  const at = new Date(Date.now() - 20 * MIN);
  const events = await prisma.doseEvent.findMany({ where: { courseId: course.id, kind: "given" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
  const outcome = decideForCourse({ now: at, course, events, assessment });
  if (!outcome.ok || outcome.result.decision !== "hold") throw new Error(`expected a hold: ${JSON.stringify(outcome)}`);
  await prisma.doseEvent.create({
    data: {
      courseId: course.id, sequence: 2, kind: "held", tier: "hold", cycle: 1, occurredAt: at, assessmentId: assessment.id, engineDecision: "hold",
      decisionSnapshot: outcome.result as unknown as Prisma.InputJsonValue, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion,
      criteria: outcome.result.findings.map((f) => f.criterion), recordedById: nurse.id, recordedAt: at,
    },
  });
  return made;
}

/** One wrong password on the sign-in page, counted: tried again (a second apart) while a slow-down is still running. */
async function wrongPassword(page: Page, email: string, guess: string): Promise<string> {
  let answer = "";
  await expect(async () => {
    await page.goto("/login");
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(guess);
    await page.getByRole("button", { name: "Sign in" }).click();
    const alert = page.getByRole("alert").filter({ hasText: /incorrect|Too many/ });
    await expect(alert).toBeVisible();
    answer = (await alert.textContent()) ?? "";
    expect(answer).toContain("E-mail or password is incorrect.");
  }).toPass({ intervals: [1_000], timeout: 40_000 });
  return answer;
}

test("five wrong passwords for the attending from another address do not stop her open session from signing", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const attending = demoAccount("attending");
  const { patientName } = await plainHold("Throttle");

  // the attending's session is open on the review queue
  await signIn(page, "attending");
  await page.goto("/reviews");
  const card = page.getByRole("region", { name: new RegExp(patientName) }).getByRole("article");
  await expect(card).toHaveCount(1);

  // a stranger, from another address, types five wrong passwords for her e-mail
  const strangerAddress = `203.0.113.${Math.floor(Math.random() * 250) + 1}`;
  const stranger = await browser.newContext({ extraHTTPHeaders: { "x-forwarded-for": strangerAddress } });
  const strangerPage = await stranger.newPage();
  const answers: string[] = [];
  for (let i = 1; i <= 5; i++) answers.push(await wrongPassword(strangerPage, attending.email, `guess ${i}`));

  // her open session signs the override with her own password
  await card.getByLabel(/^Override/).check();
  await card.getByLabel(/^Reason/).fill("SBP 92 on fluids, asymptomatic");
  await fillSignature(card, attending);
  await card.getByRole("button", { name: /^Sign:/ }).click();
  await expect(page.getByText(/signed for/)).toBeVisible();
  await screenshot(page, "signin-throttle-attending-signed");

  // the stranger's address is paused for her e-mail since the 5th guess, even with the right password
  expect(answers[4]).toContain("Too many failed sign-ins for this e-mail from this computer: try again in 15 minutes");
  await strangerPage.getByLabel("Password").fill(attending.password);
  await strangerPage.getByRole("button", { name: "Sign in" }).click();
  await expect(strangerPage.getByRole("alert").filter({ hasText: "Too many failed sign-ins for this e-mail from this computer" })).toBeVisible();
  await expect(strangerPage).toHaveURL(/\/login/);
  await screenshot(strangerPage, "signin-throttle-stranger-paused");
  await stranger.close();

  // and her own computer still signs her in
  await signIn(page, "attending");
  await expect(page).toHaveURL(/\/reviews$/);
});
