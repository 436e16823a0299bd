import { describe, expect, test, beforeAll } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { toUnitLocalInput } from "@/lib/time";

// A stop or discontinue from the rules must stick. The engine has no memory, so these tests check that the app does
// not let the next clean assessment undo a stop-tier decision before an attending has resolved it.
const PASSWORD = "correct horse battery";
let unitId: string;
let nurse: { id: string };
let attending: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});

async function tilCourse() {
  return makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -4 });
}
const give = (courseId: string, assessmentId: string, expectedSequence: number) =>
  formOf({ courseId, assessmentId, kind: "given", expectedSequence, doseIu: 48_000_000 });

describe("stop-tier decisions stick until an attending resolves them", () => {
  test("a hold at DISCONTINUE tier (ischaemia): a later clean assessment still cannot be given on; confirm and override are refused; discontinue closes the course", async () => {
    const course = await tilCourse();
    const severe = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: { permanentEvents: ["ischemia"] } });
    await signedInBrowser(nurse);
    const held = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: severe.id, kind: "held", expectedSequence: 1, criteria: ["permanent-event"] }));
    expect(held).toMatchObject({ ok: true });
    const heldEvent = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    expect(heldEvent.engineDecision).toBe("discontinue");

    const clean = await makeAssessment(course.id, nurse.id, { minutesAgo: 5 });
    const refused = await recordDoseAction(null, give(course.id, clean.id, 2));
    expect(refused).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    // contract 1.1: the engine itself holds the recorded stop (`pending-stop-review`) until an attending decides
    expect(refused.ok === false && refused.message).toMatch(/^A DISCONTINUE recorded at \d\d:\d\d waits for the attending: no IL-2 until an attending has decided\.$/);

    await signedInBrowser(attending);
    for (const outcome of ["confirm", "override", "stop"]) {
      const out = await reviewHoldAction(null, formOf({ doseEventId: heldEvent.id, outcome, reason: "looks fine", password: PASSWORD }));
      expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    }
    expect(await prisma.holdReview.count({ where: { doseEventId: heldEvent.id } })).toBe(0);
    const discontinued = await reviewHoldAction(null, formOf({ doseEventId: heldEvent.id, outcome: "discontinue", reason: "ECG ischaemia", password: PASSWORD }));
    expect(discontinued).toMatchObject({ ok: true });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
    expect(await prisma.doseEvent.count({ where: { courseId: course.id, kind: "given" } })).toBe(0);
  });

  test("a stop-tier assessment that was never recorded as held blocks the dose, even after a newer clean assessment", async () => {
    const course = await tilCourse();
    await makeAssessment(course.id, nurse.id, { minutesAgo: 40, values: { mentalStatus: "moderate" } }); // TIL: moderate confusion → stop
    const clean = await makeAssessment(course.id, nurse.id, { minutesAgo: 5 });
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, give(course.id, clean.id, 1));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(/^The assessment of \d\d:\d\d met a stop criterion: Mental status .*\(stop\)\. IL-2 waits for the attending's decision\.$/);
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("the nurse is told to call the attending, not to seek an override, when the rules say STOP", async () => {
    const course = await tilCourse();
    const a = await makeAssessment(course.id, nurse.id, { values: { mentalStatus: "severe" } });
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, give(course.id, a.id, 1));
    expect(out.ok === false && out.message).toMatch(/The rules say STOP \(.*\): IL-2 must stop until an attending has decided\./);
  });
});

describe("reviews that come late", () => {
  test("a stop for a cycle-1 hold, reviewed after cycle 2 has begun, is refused and writes nothing", async () => {
    const course = await makeCourse((await makePatient(unitId)).id, { protocol: "monotherapy", orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -16 * 24 });
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 15 * 24, criteria: ["sbp-low"] });
    await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: 1, cycle: 2 });
    await signedInBrowser(attending);
    const out = await reviewHoldAction(null, formOf({ password: "correct horse battery", doseEventId: held.id, outcome: "stop" }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "Cycle 1 is over and a later cycle has begun: review the current cycle's events instead." });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(2);
  });
});

describe("recording on the right assessment, at the right time", () => {
  test("two assessments at the same minute: giving on the one recorded first is a CONFLICT (the page shows the later one)", async () => {
    const course = await tilCourse();
    const takenAt = new Date(Date.now() - 10 * 60_000);
    const base = { courseId: course.id, recordedById: nurse.id, takenAt, labsAt: new Date(Date.now() - 3_600_000) };
    const first = await prisma.assessment.create({ data: { ...base, sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 520, urineOutputHours: 8, weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, otherVasopressor: false, creatinineMgDl: 1, recordedAt: new Date(Date.now() - 9 * 60_000) } });
    await prisma.assessment.create({ data: { ...base, sbpMmHg: 80, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 520, urineOutputHours: 8, weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, otherVasopressor: false, creatinineMgDl: 1, recordedAt: new Date(Date.now() - 8 * 60_000) } });
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, give(course.id, first.id, 1));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(out.ok === false && out.message).toMatch(/^A newer assessment/);
  });

  test("a dose time a few minutes in the future is judged and stored at the server's now, never ahead of it", async () => {
    const t0 = freezeClock();
    const course = await tilCourse();
    const a = await makeAssessment(course.id, nurse.id);
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: a.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, occurredAt: toUnitLocalInput(new Date(t0.getTime() + 3 * 60_000), "UTC") }));
    expect(out).toMatchObject({ ok: true });
    const event = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    expect(event.occurredAt).toEqual(t0);
  });

  test("a second hold on the same assessment is refused: re-evaluating needs a new assessment", async () => {
    const course = await tilCourse();
    const a = await makeAssessment(course.id, nurse.id, { values: { urineOutputMl: 250 } });
    await signedInBrowser(nurse);
    const hold = (seq: number) => recordDoseAction(null, formOf({ courseId: course.id, assessmentId: a.id, kind: "held", expectedSequence: seq, criteria: ["urine-output-low"] }));
    expect(await hold(1)).toMatchObject({ ok: true });
    expect(await hold(2)).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "Dose event #1 already holds the dose on this assessment. Record a new assessment to re-evaluate." });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
  });

  test("an empty dose time means now", async () => {
    const t0 = freezeClock();
    const course = await tilCourse();
    const a = await makeAssessment(course.id, nurse.id);
    await signedInBrowser(nurse);
    expect(await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: a.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, occurredAt: "" }))).toMatchObject({ ok: true });
    const event = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    expect(event.occurredAt).toEqual(t0);
  });
});
