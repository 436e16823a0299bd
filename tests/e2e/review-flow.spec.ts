import { expect } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { decideForCourse } from "@/lib/domain/engine-request";
import { expectAccessible, screenshot, signIn, fillSignature } from "./support";
import { tilCourseAfterDose1, test } from "./fixtures";

// Issue 10, observations 3 and 4: one rule for what blocks what (the review queue grouped by course and dose, an
// override offered only where it will allow the dose, so giving is never offered and then refused) and the stop path
// (a stop-tier hold reads "Stop IL-2 — attending to decide"; reassess only for a judgment-tier stop).

const MIN = 60_000;

/** A complete assessment on `courseId` taken `minutesAgo`, labs drawn 40 min before it; `values` override. */
async function assessmentAgo(courseId: string, minutesAgo: number, values: Record<string, unknown>) {
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const takenAt = new Date(Date.now() - minutesAgo * MIN);
  const drawn = new Date(takenAt.getTime() - 40 * MIN).toISOString();
  return prisma.assessment.create({
    data: {
      courseId, takenAt, labsAt: new Date(drawn), recordedById: nurse.id, recordedAt: takenAt,
      sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 480, urineOutputHours: 8,
      weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
      creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.8, infection: "none", giBleeding: "none", permanentEvents: [],
      observedAt: { creatinineMgDl: drawn, plateletsPerUl: drawn, bilirubinMgDl: drawn, bicarbonateMmolL: drawn },
      ...values,
    } as Prisma.AssessmentUncheckedCreateInput,
  });
}

/** A held event recorded `minutesAgo` on `assessmentId`, with the engine's own decision at that time stored with it. */
async function heldAgo(courseId: string, sequence: number, minutesAgo: number, assessmentId: string, expect: "stop" | "hold") {
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const course = await prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  const assessment = await prisma.assessment.findUniqueOrThrow({ where: { id: assessmentId } });
  const at = new Date(Date.now() - minutesAgo * MIN);
  // judged on the events before the first hold: the state observation 3 saw (a newer hold beside an older stop)
  const events = await prisma.doseEvent.findMany({ where: { courseId, kind: "given" }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
  const outcome = decideForCourse({ now: at, course, events, assessment });
  if (!outcome.ok || outcome.result.decision !== expect) throw new Error(`expected ${expect}: ${JSON.stringify(outcome)}`);
  return prisma.doseEvent.create({
    data: {
      courseId, sequence, kind: "held", tier: expect, cycle: 1, occurredAt: at, assessmentId, engineDecision: expect,
      decisionSnapshot: outcome.result as unknown as Prisma.InputJsonValue, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion,
      criteria: outcome.result.findings.map((f) => f.criterion), recordedById: nurse.id, recordedAt: at,
    },
  });
}

// TIL 1.1.0, target 95: SBP 90 (below target) + HR 125 (> 120) = 2 hold criteria → the combination rule (judgment) → STOP
const JUDGMENT_STOP = { sbpMmHg: 90, heartRateBpm: 125 };
// HR 131 > 130 → tachycardia at stop tier (SPR, stated)
const STATED_STOP = { heartRateBpm: 131 };
// SBP 92 under the target of 95 → a plain hold
const PLAIN_HOLD = { sbpMmHg: 92 };

/** Dose 1 given 9 h ago; dose 2 held at stop tier 60 min ago (older), then held again 20 min ago on the latest assessment (newer). */
async function observation3(familyName: string, olderStop: Record<string, unknown>) {
  const made = await tilCourseAfterDose1({ familyName, givenHoursAgo: 9 });
  const a0 = await assessmentAgo(made.course.id, 70, olderStop);
  await heldAgo(made.course.id, 2, 60, a0.id, "stop");
  const a1 = await assessmentAgo(made.course.id, 30, PLAIN_HOLD);
  await heldAgo(made.course.id, 3, 20, a1.id, "hold");
  return made;
}

async function sign(page: import("@playwright/test").Page, card: import("@playwright/test").Locator, outcome: RegExp, reason: string) {
  await card.getByLabel(outcome).check();
  await card.getByLabel(/^Reason/).fill(reason);
  await fillSignature(card, "attending");
  await card.getByRole("button", { name: /^Sign:/ }).click();
  await expect(page.getByText(/signed for/)).toBeVisible();
}

test("override-then-give with an older stop-tier item: the override is not offered until the older stop is decided, then the dose is given", async ({ page }) => {
  test.setTimeout(120_000);
  const { course, patientName } = await observation3("Blocker", JUDGMENT_STOP);

  await signIn(page, "attending");
  await page.goto("/reviews");
  const group = page.getByRole("region", { name: new RegExp(patientName) });
  await expect(group.getByRole("heading", { level: 3 })).toContainText(patientName);
  const cards = group.getByRole("article");
  await expect(cards).toHaveCount(2);
  const stopCard = cards.nth(0);
  const holdCard = cards.nth(1);
  // grouped by dose, never two identical-looking cards: each says its dose, what it is, what it blocks and what clears it
  await expect(stopCard.getByRole("heading", { level: 4 })).toContainText(/Dose 2: ■ Stop IL-2 — attending to decide \(held .+, stop tier, event #2\)/);
  await expect(stopCard).toContainText("Blocks every dose; clears when you stop, discontinue or reassess at the next assessment.");
  await expect(holdCard.getByRole("heading", { level: 4 })).toContainText(/Dose 2: ‖ Dose held \(.+, event #3\)/);
  await expect(holdCard).toContainText("Blocks giving on its assessment; clears when a new assessment re-decides.");
  await expect(holdCard).toContainText(/Override is not offered: the STOP of dose 2 \(held .+, event #2\) blocks every dose until you decide it/);
  await expect(holdCard.getByLabel(/^Override/)).toHaveCount(0);
  await expect(stopCard.getByLabel(/^Hold stands — reassess at the next assessment/)).toBeVisible();
  await screenshot(page, "review-queue-grouped");
  await expectAccessible(page);

  // the nurse is offered no dose meanwhile; the board says the same words as the queue and the course page
  await signIn(page, "nurse");
  await page.goto("/board");
  const boardRow = page.getByRole("listitem").filter({ has: page.getByRole("link", { name: patientName }) });
  await expect(boardRow).toContainText("Stop IL-2 — attending to decide");
  await expect(boardRow).not.toContainText(/overdue/i);
  await page.goto(`/courses/${course.id}`);
  await expect(page.getByText(/Stop IL-2 — attending to decide/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: /^Give dose/ })).toHaveCount(0);

  // the attending reassesses the older judgment stop; now the override of the newer hold is offered and signed
  await signIn(page, "attending");
  await page.goto("/reviews");
  await sign(page, page.getByRole("region", { name: new RegExp(patientName) }).getByRole("article").nth(0), /^Hold stands — reassess/, "Two mild findings together; fluids running, recheck at the next assessment");
  await page.reload();
  const left = page.getByRole("region", { name: new RegExp(patientName) }).getByRole("article");
  await expect(left).toHaveCount(1);
  await expect(left).toContainText("Blocks giving on its assessment; clears when you override, or when a new assessment re-decides.");
  await sign(page, left, /^Override/, "SBP 92 on fluids, asymptomatic");

  // the nurse gives dose 2 under the signed override: offered, and accepted
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  await page.getByRole("button", { name: /^Give dose 2/ }).click();
  await page.getByRole("button", { name: "Record dose 2 as given" }).click();
  await expect(page.getByText("Dose event #4 recorded as given.")).toBeVisible();
  await expect(page.getByRole("list", { name: "Dose events, oldest first" })).toContainText("hold stands, reassess at the next assessment");
});

test("a stated stop reads 'Stop IL-2 — attending to decide' on the course page and in the queue, and cannot be reassessed", async ({ page }) => {
  test.setTimeout(90_000);
  const { course, patientName } = await observation3("Stated", STATED_STOP);
  await signIn(page, "nurse");
  await page.goto(`/courses/${course.id}`);
  await expect(page.getByRole("list", { name: "Dose events, oldest first" })).toContainText("Stop IL-2 — attending to decide");

  await signIn(page, "attending");
  await page.goto("/reviews");
  const stopCard = page.getByRole("region", { name: new RegExp(patientName) }).getByRole("article").nth(0);
  await expect(stopCard.getByRole("heading", { level: 4 })).toContainText("Stop IL-2 — attending to decide");
  await expect(stopCard).toContainText("Blocks every dose; clears when you stop or discontinue.");
  await expect(stopCard.getByLabel(/^Hold stands — reassess/)).toHaveCount(0);
  await expect(stopCard).toContainText("is not offered: this stop comes from a stop-tier criterion, not from judgment alone.");
  await expect(stopCard.getByLabel(/^Stop IL-2/)).toBeVisible();
});
