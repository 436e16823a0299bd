// Issue 10, observations 3 and 4, against the real database: one rule for what blocks what (an override is offered
// and signed only where it will allow the dose, so giving is never offered and then refused), the review queue grouped
// by course and dose, and the reassess outcome for a judgment-tier stop (both sides).
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { freezeClock } from "./support/clock";
import { makeAssessment, makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { listReviewQueueByCourse } from "@/lib/db/queries/reviews";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { decideForCourse } from "@/lib/domain/engine-request";
import { toUnitLocalInput } from "@/lib/time";

const PASSWORD = "correct horse battery";
const MIN = 60_000;
type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let nurse: User;
let attending: User;
let pharmacist: User;
let NOW: Date;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});
beforeEach(() => {
  NOW = freezeClock(new Date(Math.floor(Date.now() / MIN) * MIN));
});

const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MIN);

// TIL 1.0.0, target 90. SBP 85 + HR 125 = 2 hold criteria → the combination rule (judgment) → STOP.
const COMBINATION = { sbpMmHg: 85, heartRateBpm: 125 };
// HR 131 > 130 → tachycardia at stop tier (SPR, stated): a stop that is not a judgment.
const STATED_STOP = { heartRateBpm: 131 };
// SBP 88 under the target of 90 → a plain hold.
const PLAIN_HOLD = { sbpMmHg: 88 };

/**
 * The state of observation 3: an older stop-tier hold (event #1, dose 1, 60 min ago, on an assessment taken 70 min ago)
 * that no attending has decided, and a newer plain hold (event #2, 20 min ago) on the latest assessment (30 min ago).
 * Each event stores the engine's own decision at its time.
 */
async function storyCourse(olderStopValues: Record<string, unknown>) {
  const patient = await makePatient(unitId);
  const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -6 });
  const a0 = await makeAssessment(course.id, nurse.id, { minutesAgo: 70, values: olderStopValues });
  // recorded when taken, before the events decided on it (an override covers only what was recorded before its hold)
  await prisma.assessment.update({ where: { id: a0.id }, data: { recordedAt: a0.takenAt } });
  const stopAt = ago(60);
  const stopOutcome = decideForCourse({ now: stopAt, course, events: [], assessment: a0 });
  if (!stopOutcome.ok || stopOutcome.result.decision !== "stop") throw new Error(`expected stop, got ${JSON.stringify(stopOutcome)}`);
  const older = await prisma.doseEvent.create({
    data: {
      courseId: course.id, sequence: 1, kind: "held", tier: "stop", cycle: 1, occurredAt: stopAt, assessmentId: a0.id, engineDecision: "stop",
      decisionSnapshot: stopOutcome.result as unknown as Prisma.InputJsonValue, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion,
      criteria: stopOutcome.result.findings.map((f) => f.criterion), recordedById: nurse.id, recordedAt: stopAt,
    },
  });
  const a1 = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: PLAIN_HOLD });
  await prisma.assessment.update({ where: { id: a1.id }, data: { recordedAt: a1.takenAt } });
  const holdAt = ago(20);
  // the newer hold's decision as the engine gave it (a decision before the stop was pending: the state the issue saw)
  const holdOutcome = decideForCourse({ now: holdAt, course, events: [], assessment: a1 });
  if (!holdOutcome.ok || holdOutcome.result.decision !== "hold") throw new Error(`expected hold, got ${JSON.stringify(holdOutcome)}`);
  const newer = await prisma.doseEvent.create({
    data: {
      courseId: course.id, sequence: 2, kind: "held", tier: "hold", cycle: 1, occurredAt: holdAt, assessmentId: a1.id, engineDecision: "hold",
      decisionSnapshot: holdOutcome.result as unknown as Prisma.InputJsonValue, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion,
      criteria: ["sbp-low"], recordedById: nurse.id, recordedAt: holdAt,
    },
  });
  return { patient, course, a0, a1, older, newer };
}

const review = (fields: Record<string, string>) => reviewHoldAction(null, formOf(fields));
const giveForm = (courseId: string, assessmentId: string, expectedSequence: number) =>
  formOf({ courseId, assessmentId, kind: "given", expectedSequence, doseIu: 48_000_000 });

describe("observation 3: an older stop-tier hold and a newer hold of the same dose", () => {
  test("the queue shows one group for the course, both items under dose 1, the stop first, saying which blocks which", async () => {
    const { course, older, newer } = await storyCourse(STATED_STOP);
    const groups = (await listReviewQueueByCourse([unitId])).filter((g) => g.course.id === course.id);
    expect(groups).toHaveLength(1);
    const items = groups[0]!.items;
    expect(items.map((i) => [i.event.id, i.doseNumber, i.blocking.blocks, i.blocking.clearedBy, i.blocking.blockedBy?.sequence ?? null])).toEqual([
      [older.id, 1, "every-dose", ["stop", "discontinue"], null],
      [newer.id, 1, "giving-on-its-assessment", ["new-assessment"], 1],
    ]);
    expect(items[0]!.blocking.text).toBe("blocks every dose; clears when you stop or discontinue");
    expect(items[0]!.judgmentStop).toBe(false);
  });

  test("the override of the newer hold is refused with the reason (which item blocks, what clears it): no review, a denied audit row, nothing offered to the nurse", async () => {
    const { course, newer } = await storyCourse(STATED_STOP);
    await signedInBrowser(attending);
    const out = await review({ doseEventId: newer.id, outcome: "override", reason: "Euvolaemic", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (out.ok) return;
    expect(out.message).toMatch(/An earlier STOP \(dose 1, held .+, event #1\) still waits for your decision and blocks every dose: an override of this hold could not allow the dose\. Decide that stop first \(stop, discontinue or, for a judgment stop, reassess\)\./);
    expect(await prisma.holdReview.count({ where: { doseEventId: newer.id } })).toBe(0);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: newer.id, action: "hold-review" } });
    expect(audit.map((a) => a.outcome)).toEqual(["denied"]);
    const view = await loadCourseView([unitId], course.id, NOW);
    expect([view?.actions?.canGive, view?.actions?.underOverride]).toEqual([false, false]);
  });

  test("an override signed before this rule (a stored row) is never offered to the nurse and record-dose refuses with the same reason: not offered, then refused", async () => {
    const { course, a1, newer } = await storyCourse(STATED_STOP);
    await prisma.holdReview.create({ data: { doseEventId: newer.id, attendingId: attending.id, outcome: "override", reason: "legacy", signatureMeaning: "Override", signedAt: ago(10) } });
    const view = await loadCourseView([unitId], course.id, NOW);
    expect([view?.actions?.canGive, view?.actions?.underOverride, view?.actions?.overrideBlockedBy?.sequence]).toEqual([false, false, 1]);
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, giveForm(course.id, a1.id, 3));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (!out.ok) expect(out.message).toMatch(/A STOP recorded at .+ \(dose 1, event #1\) waits for the attending and blocks every dose/);
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(2);
  });

  test("the older stop is a judgment stop: reassess it (signed), then the override of the newer hold is offered, signed, and the dose is given under it", async () => {
    const { course, a1, older, newer } = await storyCourse(COMBINATION);
    const before = (await listReviewQueueByCourse([unitId])).find((g) => g.course.id === course.id)!;
    expect(before.items[0]).toMatchObject({ judgmentStop: true, blocking: { clearedBy: ["stop", "discontinue", "reassess"] } });

    await signedInBrowser(attending);
    const reassessed = await review({ doseEventId: older.id, outcome: "reassess", reason: "Combination of two mild findings; fluids given", password: PASSWORD });
    expect(reassessed).toMatchObject({ ok: true });
    const row = await prisma.holdReview.findFirstOrThrow({ where: { doseEventId: older.id } });
    expect([row.outcome, row.signatureMeaning, row.reason]).toEqual(["reassess", "Judgment stop not applied: the hold stands and the next assessment re-decides", "Combination of two mild findings; fluids given"]);
    // no stopped event, the course stays open
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(2);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("active");

    const after = (await listReviewQueueByCourse([unitId])).find((g) => g.course.id === course.id)!;
    expect(after.items.map((i) => [i.event.id, i.blocking.clearedBy, i.blocking.blockedBy])).toEqual([[newer.id, ["override", "new-assessment"], null]]);

    const overridden = await review({ doseEventId: newer.id, outcome: "override", reason: "SBP 88 on fluids, asymptomatic", password: PASSWORD });
    expect(overridden).toMatchObject({ ok: true });
    const view = await loadCourseView([unitId], course.id, NOW);
    expect([view?.actions?.canGive, view?.actions?.underOverride]).toEqual([true, true]);
    await signedInBrowser(nurse);
    const given = await recordDoseAction(null, giveForm(course.id, a1.id, 3));
    expect(given).toMatchObject({ ok: true, data: { sequence: 3, kind: "given" } });
  });
});

describe("observation 4: reassess, only for a judgment-tier stop", () => {
  test("a stated stop (HR 131) cannot be reassessed: refused with the reason, no review", async () => {
    const { older } = await storyCourse(STATED_STOP);
    await signedInBrowser(attending);
    const out = await review({ doseEventId: older.id, outcome: "reassess", reason: "try again", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (!out.ok) expect(out.message).toBe("This STOP comes from a stop-tier criterion, not from judgment alone: it cannot be reassessed. Stop or discontinue IL-2.");
    expect(await prisma.holdReview.count({ where: { doseEventId: older.id } })).toBe(0);
  });

  test("reassess needs a reason and the password (a signed outcome)", async () => {
    const { older } = await storyCourse(COMBINATION);
    await signedInBrowser(attending);
    const out = await review({ doseEventId: older.id, outcome: "reassess" });
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { reason: ["Write the reason for the reassessment."], password: ["Re-enter your password to sign the reassessment."] } });
    const wrong = await review({ doseEventId: older.id, outcome: "reassess", reason: "r", password: "not the password" });
    expect(wrong.ok).toBe(false);
    expect(await prisma.holdReview.count({ where: { doseEventId: older.id } })).toBe(0);
  });

  test("through the actions: the combination rule records a stop-tier hold; after the reassessment the same values still cannot be given, a clean new assessment can, and the same combination again records a new stop", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -6 });
    const local = (minutesAgo: number) => toUnitLocalInput(ago(minutesAgo), "UTC");
    const assess = (values: Record<string, number>, minutesAgo: number) =>
      recordAssessmentAction(
        null,
        formOf({
          courseId: course.id, at: local(minutesAgo), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
          urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
          otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
          bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
          ...Object.fromEntries(["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"].map((l) => [`observedAt.${l}`, local(60)])),
          ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])),
        }),
      );
    await signedInBrowser(nurse);
    const first = await assess(COMBINATION, 5);
    if (!first.ok) throw new Error(`assessment refused: ${JSON.stringify(first)}`);
    expect(first.data.stopHold?.tier).toBe("stop");
    const stopEventId = first.data.stopHold!.doseEventId;

    await signedInBrowser(attending);
    expect(await review({ doseEventId: stopEventId, outcome: "reassess", reason: "Both findings mild, fluids running", password: PASSWORD })).toMatchObject({ ok: true });

    // the same (now stale) values: the engine re-decides only on new observations, never give
    const stale = await loadCourseView([unitId], course.id, NOW);
    expect(stale?.decision?.decision).toBe("incomplete");
    expect(stale?.actions?.canGive).toBe(false);

    await signedInBrowser(nurse);
    NOW = freezeClock(new Date(NOW.getTime() + 10 * MIN));
    const clean = await assess({}, 1);
    if (!clean.ok) throw new Error(`assessment refused: ${JSON.stringify(clean)}`);
    expect([clean.data.decision?.decision, clean.data.stopHold]).toEqual(["give", null]);
    expect((await loadCourseView([unitId], course.id, NOW))?.actions?.canGive).toBe(true);

    NOW = freezeClock(new Date(NOW.getTime() + 10 * MIN));
    const again = await assess(COMBINATION, 1);
    if (!again.ok) throw new Error(`assessment refused: ${JSON.stringify(again)}`);
    expect(again.data.decision?.decision).toBe("stop");
    expect(again.data.stopHold).toMatchObject({ tier: "stop", sequence: 2 });
  });
});
