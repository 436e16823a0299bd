import { describe, expect, test, beforeAll } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { decideForCourse } from "@/lib/domain/engine-request";
import { formatClock } from "@/lib/format";
import { toUnitLocalInput } from "@/lib/time";

// Issue 10, observation 10 / deliver 9: a nurse marks her own assessment or dose entry entered in error within 30
// minutes of recording it, with a reason and her password; later, or someone else's entry, only an attending does.
// A nurse never erases a stop, a reviewed event, or an assessment a dose was recorded on. Every attempt is audited.
const PASSWORD = "correct horse battery";
const TZ = "Europe/Amsterdam";
let unitId: string;
let nurse: { id: string };
let otherNurse: { id: string };
let attending: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit(undefined, TZ)).id;
  nurse = await makeUser("nurse", [unitId]);
  otherNurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});

const course = async () => makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -30 });
/** The factories leave recordedAt to the database's clock: set it to the test's instant. */
const recordedNow = async <T extends { id: string }>(kind: "doseEvent" | "assessment", row: T, at: Date): Promise<T> => {
  if (kind === "doseEvent") await prisma.doseEvent.update({ where: { id: row.id }, data: { recordedAt: at } });
  else await prisma.assessment.update({ where: { id: row.id }, data: { recordedAt: at } });
  return row;
};
const correct = (entityType: "DoseEvent" | "Assessment", entityId: string, password = PASSWORD) =>
  markEnteredInErrorAction(null, formOf({ entityType, entityId, reason: "Typed into the wrong patient's chart", password }));
const statusOf = async (entityType: "DoseEvent" | "Assessment", id: string) =>
  entityType === "DoseEvent" ? (await prisma.doseEvent.findUniqueOrThrow({ where: { id } })).status : (await prisma.assessment.findUniqueOrThrow({ where: { id } })).status;
const auditsFor = (entityId: string) => prisma.auditEvent.findMany({ where: { action: "mark-entered-in-error", entityId }, orderBy: { id: "asc" } });
const windowMessage = (recordedAt: Date, now: Date) =>
  `Only the nurse who recorded it may correct it, within 30 minutes of recording (recorded ${formatClock(recordedAt, TZ, now)}). Ask an attending.`;

describe("a nurse's own entry, either side of the 30-minute window", () => {
  test.each([
    ["DoseEvent", 29 * 60 + 59, true],
    ["DoseEvent", 30 * 60 + 1, false],
    ["Assessment", 29 * 60 + 59, true],
    ["Assessment", 30 * 60 + 1, false],
  ] as const)("%s, %i s after recording: accepted = %s", async (entityType, seconds, accepted) => {
    const c = await course();
    const t0 = freezeClock();
    const row =
      entityType === "DoseEvent"
        ? await recordedNow("doseEvent", await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 0.1 }), t0)
        : await recordedNow("assessment", await makeAssessment(c.id, nurse.id, { minutesAgo: 5 }), t0);
    const now = advanceClock(seconds * 1000);
    await signedInBrowser(nurse); // a session started now (an idle one of 30 min would have ended)
    const out = await correct(entityType, row.id);
    if (accepted) {
      expect(out).toEqual({ ok: true, data: { id: row.id } });
      expect(await statusOf(entityType, row.id)).toBe("entered_in_error");
      const [audit] = await auditsFor(row.id);
      expect(audit).toMatchObject({ outcome: "success", actorId: nurse.id });
      expect(audit?.details).toMatchObject({ reason: "Typed into the wrong patient's chart", signature: { meaning: "Correction: this record was entered in error" } });
    } else {
      expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: windowMessage(t0, now) });
      expect(await statusOf(entityType, row.id)).toBe("active");
      expect((await auditsFor(row.id)).map((a) => [a.outcome, a.actorId])).toEqual([["denied", nurse.id]]);
      // the attending still can, later than 30 minutes
      await signedInBrowser(attending);
      expect(await correct(entityType, row.id)).toEqual({ ok: true, data: { id: row.id } });
    }
  });

  test("a given dose the nurse marks in error is no longer counted by the engine (the existing correction semantics)", async () => {
    const c = await course();
    const t0 = freezeClock();
    await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 20 });
    const second = await recordedNow("doseEvent", await makeDoseEvent(c.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: 0.1 }), t0);
    advanceClock(5 * 60_000);
    await signedInBrowser(nurse);
    expect((await correct("DoseEvent", second.id)).ok).toBe(true);
    const events = await prisma.doseEvent.findMany({ where: { courseId: c.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const after = decideForCourse({ now: new Date(), course: c, events });
    expect(after.ok && after.result.counts.givenInCourse).toBe(1);
  });
});

describe("what a nurse may not correct, even her own and within 30 minutes", () => {
  test("another nurse's entry, 2 minutes old: refused in words, audited, left active", async () => {
    const c = await course();
    const t0 = freezeClock();
    const event = await recordedNow("doseEvent", await makeDoseEvent(c.id, otherNurse.id, { sequence: 1, kind: "given", hoursAgo: 0.1 }), t0);
    const now = advanceClock(2 * 60_000);
    await signedInBrowser(nurse);
    expect(await correct("DoseEvent", event.id)).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: windowMessage(t0, now) });
    expect(await statusOf("DoseEvent", event.id)).toBe("active");
    expect((await auditsFor(event.id)).map((a) => [a.outcome, a.actorId, (a.details as { code?: string }).code])).toEqual([["denied", nurse.id, "RULE_BLOCKED"]]);
  });

  test("a stop-tier hold she recorded (and the assessment that made it): refused; the stop stays for the attending", async () => {
    const c = await course();
    await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
    await signedInBrowser(nurse);
    const local = (m: number) => toUnitLocalInput(new Date(Date.now() + m * 60_000), TZ);
    const recorded = await recordAssessmentAction(
      null,
      formOf({
        courseId: c.id, at: local(-2), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
        urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "coma", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
        otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
        bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
        ...Object.fromEntries(["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"].map((l) => [`observedAt.${l}`, local(-60)])),
      }),
    );
    expect(recorded.ok).toBe(true);
    const hold = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: c.id, kind: "held" } });
    expect(hold).toMatchObject({ recordedById: nurse.id, status: "active" });
    expect(["stop", "discontinue"]).toContain(hold.tier);
    const holdOut = await correct("DoseEvent", hold.id);
    expect(holdOut).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "A stop is the attending's to decide: a nurse cannot mark it entered in error. Ask an attending." });
    const assessmentOut = await correct("Assessment", hold.assessmentId!);
    expect(assessmentOut).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(assessmentOut.ok === false && assessmentOut.message).toContain(`Dose event #${hold.sequence} (held) was recorded on this assessment`);
    expect(await statusOf("DoseEvent", hold.id)).toBe("active");
    expect(await statusOf("Assessment", hold.assessmentId!)).toBe("active");
  });

  test("a hold an attending has reviewed: refused", async () => {
    const c = await course();
    await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 10 });
    const hold = await recordedNow("doseEvent", await makeDoseEvent(c.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 0.1, criteria: ["sbp-low"] }), freezeClock());
    await prisma.doseEvent.update({ where: { id: hold.id }, data: { tier: "hold" } });
    await signedInBrowser(attending);
    expect(await reviewHoldAction(null, formOf({ password: "correct horse battery", doseEventId: hold.id, outcome: "confirm" }))).toMatchObject({ ok: true });
    advanceClock(60_000);
    await signedInBrowser(nurse);
    expect(await correct("DoseEvent", hold.id)).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "An attending has reviewed this event: only an attending may correct it now." });
    expect(await statusOf("DoseEvent", hold.id)).toBe("active");
  });

  test("an assessment a dose was recorded on: refused until the dose is corrected first", async () => {
    const c = await course();
    const t0 = freezeClock();
    const assessment = await recordedNow("assessment", await makeAssessment(c.id, nurse.id, { minutesAgo: 3 }), t0);
    const dose = await recordedNow("doseEvent", await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 0.02, assessmentId: assessment.id }), t0);
    advanceClock(60_000);
    await signedInBrowser(nurse);
    expect(await correct("Assessment", assessment.id)).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "Dose event #1 (given) was recorded on this assessment: mark that dose event entered in error first, or ask an attending." });
    expect((await correct("DoseEvent", dose.id)).ok).toBe(true);
    expect((await correct("Assessment", assessment.id)).ok).toBe(true);
  });

  test("a wrong password: not signed, the entry stays active, the attempt is audited and counted", async () => {
    const c = await course();
    const event = await recordedNow("doseEvent", await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 0.1 }), freezeClock());
    advanceClock(60_000);
    await signedInBrowser(nurse);
    expect(await correct("DoseEvent", event.id, "not my password")).toMatchObject({ ok: false, code: "UNAUTHENTICATED", fieldErrors: { password: [expect.stringContaining("Password incorrect")] } });
    expect(await statusOf("DoseEvent", event.id)).toBe("active");
    const [audit] = await auditsFor(event.id);
    expect(audit).toMatchObject({ outcome: "denied", actorId: nurse.id, details: expect.objectContaining({ signature: "wrong-password", failedInARow: 1 }) });
    await prisma.user.update({ where: { id: nurse.id }, data: { failedSignInCount: 0 } });
  });
});

// Independent review of issue 10: a dose is decided on the current picture (decision 042) and linked to the latest
// assessment only, so an older assessment can carry the values a dose was decided on; and a hold the engine asked for
// waits for the attending's review. A nurse erases neither.
describe("what a dose or a review rests on stays for the attending", () => {
  const LABS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;
  const local = (minutesFromNow: number) => toUnitLocalInput(new Date(Date.now() + minutesFromNow * 60_000), TZ);
  const completeForm = (courseId: string, values: Record<string, string> = {}) =>
    formOf({
      courseId, at: local(-3), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
      urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
      otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
      bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
      ...Object.fromEntries(LABS.map((l) => [`observedAt.${l}`, local(-60)])),
      ...values,
    });
  /** A verified TIL course whose first-dose window is open (cells ended 4 h ago). */
  const openCourse = async () => makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -4 });
  const recorded = async (form: FormData): Promise<string> => {
    const out = await recordAssessmentAction(null, form);
    if (!out.ok) throw new Error(`assessment not recorded: ${JSON.stringify(out)}`);
    return out.data.assessmentId;
  };

  test("a complete assessment, then SBP alone, a dose given on the picture (linked to the SBP): the nurse may not mark the complete one in error; the attending may", async () => {
    const c = await openCourse();
    await signedInBrowser(nurse);
    const completeId = await recorded(completeForm(c.id));
    const sbpOnlyId = await recorded(formOf({ courseId: c.id, at: local(-1), sbpMmHg: "118" }));
    const given = await recordDoseAction(null, formOf({ courseId: c.id, assessmentId: sbpOnlyId, kind: "given", expectedSequence: 1, doseIu: 48_000_000 }));
    expect(given).toMatchObject({ ok: true, data: { kind: "given", sequence: 1 } });
    // the dose links to the SBP alone, but its heart rate, urine, labs… came from the complete assessment
    expect(await prisma.doseEvent.findFirstOrThrow({ where: { courseId: c.id } })).toMatchObject({ assessmentId: sbpOnlyId, status: "active" });

    const out = await correct("Assessment", completeId);
    expect(out).toMatchObject({
      ok: false,
      code: "RULE_BLOCKED",
      message: "Dose event #1 (given) was recorded after this assessment and may have been decided on its values: only an attending may mark it entered in error now.",
    });
    expect(await statusOf("Assessment", completeId)).toBe("active");
    expect((await auditsFor(completeId)).map((a) => [a.outcome, a.actorId])).toEqual([["denied", nurse.id]]);

    await signedInBrowser(attending);
    expect(await correct("Assessment", completeId)).toEqual({ ok: true, data: { id: completeId } });
  });

  test("an assessment recorded after the last dose, with no dose since: the nurse still corrects it herself", async () => {
    const c = await openCourse();
    await signedInBrowser(nurse);
    await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
    await prisma.doseEvent.updateMany({ where: { courseId: c.id }, data: { recordedAt: new Date(Date.now() - 2 * 3_600_000) } });
    const completeId = await recorded(completeForm(c.id));
    expect(await correct("Assessment", completeId)).toEqual({ ok: true, data: { id: completeId } });
  });

  test("a hold the engine asked for (SBP 84, hold tier), recorded by the nurse a minute ago and not yet reviewed: refused for her, in words; the attending may", async () => {
    const c = await openCourse();
    await signedInBrowser(nurse);
    const lowId = await recorded(completeForm(c.id, { sbpMmHg: "84" }));
    const held = await recordDoseAction(null, formOf({ courseId: c.id, assessmentId: lowId, kind: "held", expectedSequence: 1, criteria: ["sbp-low"] }));
    expect(held).toMatchObject({ ok: true, data: { kind: "held", tier: "hold" } });
    const hold = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: c.id } });
    expect(hold).toMatchObject({ engineDecision: "hold", tier: "hold", recordedById: nurse.id });

    const out = await correct("DoseEvent", hold.id);
    expect(out).toMatchObject({
      ok: false,
      code: "RULE_BLOCKED",
      message: "The engine asked for this hold: it waits for the attending's review, so only an attending may mark it entered in error. Ask an attending.",
    });
    expect(await statusOf("DoseEvent", hold.id)).toBe("active");
    expect((await auditsFor(hold.id)).map((a) => [a.outcome, a.actorId])).toEqual([["denied", nurse.id]]);

    await signedInBrowser(attending);
    expect(await correct("DoseEvent", hold.id)).toEqual({ ok: true, data: { id: hold.id } });
  });

  test("a hold she chose where the engine said give: her own typo, she corrects it", async () => {
    const c = await openCourse();
    await signedInBrowser(nurse);
    const okId = await recorded(completeForm(c.id));
    const held = await recordDoseAction(null, formOf({ courseId: c.id, assessmentId: okId, kind: "held", expectedSequence: 1, note: "Patient asked to wait" }));
    expect(held).toMatchObject({ ok: true, data: { kind: "held", tier: "hold" } });
    const hold = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: c.id } });
    expect(hold.engineDecision).toBe("give");
    expect(await correct("DoseEvent", hold.id)).toEqual({ ok: true, data: { id: hold.id } });
  });
});
