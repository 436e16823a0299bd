import { describe, expect, test, beforeAll } from "vitest";
import { formOf, signedInBrowser, freshBrowser, followRedirect } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { orderCourseAction } from "@/lib/actions/order-course";
import { toUnitLocalInput, toUnitLocalText } from "@/lib/time";

type Ids = { unitId: string; otherUnitId: string; nurse: { id: string }; nurse2: { id: string; email: string }; attending: { id: string }; pharmacist: { id: string }; otherNurse: { id: string } };
let ids: Ids;

beforeAll(async () => {
  const unit = await makeUnit();
  const other = await makeUnit();
  ids = {
    unitId: unit.id,
    otherUnitId: other.id,
    nurse: await makeUser("nurse", [unit.id]),
    nurse2: await makeUser("nurse", [unit.id]),
    attending: await makeUser("attending", [unit.id]),
    pharmacist: await makeUser("pharmacist", [unit.id]),
    otherNurse: await makeUser("nurse", [other.id]),
  };
});

/** A verified TIL course whose first dose window is open (cells ended 4 h ago) with a current, normal assessment. */
async function readyTilCourse(o: { status?: "ordered" | "active"; assessment?: Record<string, unknown>; minutesAgo?: number } = {}) {
  const patient = await makePatient(ids.unitId);
  const course = await makeCourse(patient.id, { orderedById: ids.attending.id, verifiedById: ids.pharmacist.id, status: o.status ?? "active", anchorHoursFromNow: -4 });
  const assessment = await makeAssessment(course.id, ids.nurse.id, { values: o.assessment ?? {}, minutesAgo: o.minutesAgo ?? 10 });
  return { patient, course, assessment };
}

const give = (courseId: string, assessmentId: string, extra: Record<string, string | number> = {}) =>
  formOf({ courseId, assessmentId, kind: "given", expectedSequence: 1, doseIu: 48_000_000, ...extra });

async function eventsOf(courseId: string) {
  return prisma.doseEvent.findMany({ where: { courseId }, orderBy: { sequence: "asc" } });
}
async function auditOf(entityType: string, actorId: string, since: Date) {
  return prisma.auditEvent.findMany({ where: { entityType, actorId, at: { gte: since } }, orderBy: { id: "asc" } });
}

describe("recording a dose as given", () => {
  test("the engine says give: one given event with the engine's snapshot, and its audit row", async () => {
    const { course, assessment } = await readyTilCourse();
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(
      null,
      give(course.id, assessment.id, { witnessId: ids.nurse2.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: ids.nurse2.email, witnessPassword: "correct horse battery" }),
    );
    expect(out).toMatchObject({ ok: true, data: { sequence: 1, kind: "given" } });
    const [event] = await eventsOf(course.id);
    expect(event).toMatchObject({ kind: "given", sequence: 1, cycle: 1, doseIu: 48_000_000, engineDecision: "give", ruleSetId: "til-2024", witnessId: ids.nurse2.id, assessmentId: assessment.id });
    expect((event!.decisionSnapshot as { dose: { number: number } }).dose.number).toBe(1);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: event!.id } });
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([["dose-record", "success"]]);
  });

  test.each([
    ["hold (urine output 0.39 mL/kg/h)", { urineOutputMl: 250 }, /rules say HOLD/],
    ["incomplete (no creatinine)", { creatinineMgDl: null }, /Cannot give: missing Creatinine\. Enter these values again in a new assessment\./],
  ])("the engine says %s: refused as RULE_BLOCKED, nothing written, a denied audit row", async (_label, values, message) => {
    const { course, assessment } = await readyTilCourse({ assessment: values });
    await signedInBrowser(ids.nurse);
    const since = new Date();
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(message);
    expect(await eventsOf(course.id)).toHaveLength(0);
    expect((await auditOf("DoseEvent", ids.nurse.id, since)).map((a) => a.outcome)).toEqual(["denied"]);
  });

  test("a stale assessment (TIL: older than 180 min) cannot be given on", async () => {
    const { course, assessment } = await readyTilCourse({ minutesAgo: 181 });
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(/^Cannot give: too old: assessment time\./);
  });

  test("wait: inside the 8 h interval after the previous given dose, refused with the earliest time", async () => {
    const { course, assessment } = await readyTilCourse();
    await makeDoseEvent(course.id, ids.nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id, { expectedSequence: 2 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(/^Not yet: it is inside the interval since the previous dose; the dose may be given from /);
    expect(await eventsOf(course.id)).toHaveLength(1);
  });

  test("no dose before the pharmacist's verification of the order", async () => {
    const { course, assessment } = await readyTilCourse({ status: "ordered" });
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "No dose can be recorded before a pharmacist has verified the dosing weight and the dose." });
    expect(await eventsOf(course.id)).toHaveLength(0);
  });

  test("a dose other than the course's verified dose is refused", async () => {
    const { course, assessment } = await readyTilCourse();
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id, { doseIu: 24_000_000 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { doseIu: [expect.stringMatching(/48,000,000 IU/)] } });
  });

  test("the time as the date-time field sends it (\"2026-12-01 22:50\", unit time) is the dose's time; a 12-hour time is a field error in words", async () => {
    const { course, assessment } = await readyTilCourse();
    const { timeZone } = await prisma.unit.findUniqueOrThrow({ where: { id: ids.unitId } });
    await signedInBrowser(ids.nurse);
    const refused = await recordDoseAction(null, give(course.id, assessment.id, { occurredAt: "12/01/2026 10:50 PM" }));
    expect(refused).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { occurredAt: [expect.stringMatching(/YYYY-MM-DD HH:mm \(24-hour, unit time\)/)] } });
    expect(await eventsOf(course.id)).toHaveLength(0);
    const at = new Date(Math.floor((Date.now() - 5 * 60_000) / 60_000) * 60_000);
    const out = await recordDoseAction(null, give(course.id, assessment.id, { occurredAt: toUnitLocalText(at, timeZone) }));
    expect(out).toMatchObject({ ok: true });
    expect((await eventsOf(course.id))[0]?.occurredAt).toEqual(at);
  });

  test("an attending's override lets the held dose be given on the same assessment, and the event names the override", async () => {
    const { course, assessment } = await readyTilCourse({ assessment: { urineOutputMl: 250 } });
    const held = await makeDoseEvent(course.id, ids.nurse.id, { sequence: 1, kind: "held", hoursAgo: 0.05, criteria: ["urine-output-low"], assessmentId: assessment.id });
    const review = await prisma.holdReview.create({
      data: { doseEventId: held.id, attendingId: ids.attending.id, outcome: "override", reason: "Euvolaemic, urine improving", signatureMeaning: "Override", signedAt: new Date() },
    });
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id, { expectedSequence: 2 }));
    expect(out).toMatchObject({ ok: true, data: { sequence: 2 } });
    const events = await eventsOf(course.id);
    expect(events[1]).toMatchObject({ kind: "given", engineDecision: "hold", authorizedByReviewId: review.id });
  });
});

describe("recording a hold", () => {
  test("held with the firing criteria and a note", async () => {
    const { course, assessment } = await readyTilCourse({ assessment: { urineOutputMl: 250 } });
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "held", expectedSequence: 1, criteria: ["urine-output-low"], note: "Bolus given" }));
    expect(out).toMatchObject({ ok: true, data: { kind: "held" } });
    const [event] = await eventsOf(course.id);
    expect(event).toMatchObject({ kind: "held", doseIu: null, criteria: ["urine-output-low"], note: "Bolus given", engineDecision: "hold" });
  });

  test("a hold without criteria or note is refused, asking why", async () => {
    const { course, assessment } = await readyTilCourse();
    await signedInBrowser(ids.nurse);
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "held", expectedSequence: 1 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { note: [expect.stringMatching(/Say why/)] } });
  });
});

describe("two clinicians, one dose", () => {
  test("the second recording of the same dose is a CONFLICT naming who recorded it; only one event exists", async () => {
    const { course, assessment } = await readyTilCourse();
    await signedInBrowser(ids.nurse);
    expect((await recordDoseAction(null, give(course.id, assessment.id))).ok).toBe(true);
    await signedInBrowser(ids.nurse2);
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    const nurseName = (await prisma.user.findUniqueOrThrow({ where: { id: ids.nurse.id } })).name;
    expect(out.ok === false && out.message).toContain(`dose event #1 (given) was just recorded by ${nurseName}`);
    expect(await eventsOf(course.id)).toHaveLength(1);
  });

  test("simultaneous give requests: exactly one is stored, the rest are CONFLICT", async () => {
    const { course, assessment } = await readyTilCourse();
    const browsers = [await signedInBrowser(ids.nurse), await signedInBrowser(ids.nurse2)];
    const { useBrowser } = await import("./support/request-context");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => {
        useBrowser(browsers[i % 2]!);
        return recordDoseAction(null, give(course.id, assessment.id));
      }),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => !r.ok && r.code)).toEqual(Array(5).fill("CONFLICT"));
    expect(await eventsOf(course.id)).toHaveLength(1);
  });
});

describe("who may record", () => {
  test.each([
    ["no session", null, "UNAUTHENTICATED"],
    ["an attending", "attending", "FORBIDDEN"],
    ["a pharmacist", "pharmacist", "FORBIDDEN"],
  ] as const)("%s is refused (%s) and nothing is written", async (_label, role, code) => {
    const { course, assessment } = await readyTilCourse();
    if (role) await signedInBrowser(ids[role]);
    else freshBrowser();
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: false, code });
    expect(await eventsOf(course.id)).toHaveLength(0);
  });

  test("a nurse of another unit gets exactly the answer for a course that does not exist", async () => {
    const { course, assessment } = await readyTilCourse();
    await signedInBrowser(ids.otherNurse);
    const foreign = await recordDoseAction(null, give(course.id, assessment.id));
    const missing = await recordDoseAction(null, give(crypto.randomUUID(), assessment.id));
    const answer = (r: typeof foreign) => (r.ok ? r : { code: r.code, message: r.message, fieldErrors: r.fieldErrors });
    expect(answer(foreign)).toEqual(answer(missing)); // the typed values echoed back differ, the answer does not
    expect(foreign).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await eventsOf(course.id)).toHaveLength(0);
    const denied = await prisma.auditEvent.findMany({ where: { actorId: ids.otherNurse.id, outcome: "denied" } });
    expect(denied.length).toBeGreaterThanOrEqual(2);
  });
});

describe("recording an assessment", () => {
  test("stores every value, audits it, and answers with the engine's decision", async () => {
    const { course } = await readyTilCourse();
    await makeAssessment(course.id, ids.nurse.id); // an older one
    await signedInBrowser(ids.nurse);
    const now = new Date();
    const out = await recordAssessmentAction(
      null,
      formOf({
        courseId: course.id, at: toUnitLocalInput(now, "UTC"), sbpMmHg: "84", heartRateBpm: "104", rhythm: "sinus", spo2Pct: "96",
        oxygenDevice: "room-air", oxygenLpm: "0", urineOutputMl: "400", urineOutputHours: "8", weightKg: "81.2", mentalStatus: "normal",
        phenylephrineMcgKgMin: "0", otherVasopressor: "no", creatinineMgDl: "1.10", "observedAt.creatinineMgDl": toUnitLocalInput(new Date(now.getTime() - 3_600_000), "UTC"),
        permanentEvents: [],
      }),
    );
    expect(out).toMatchObject({ ok: true, data: { decision: { decision: "hold", findings: [{ criterion: "sbp-low" }] } } });
    const row = await prisma.assessment.findUniqueOrThrow({ where: { id: out.ok ? out.data.assessmentId : "" } });
    expect(row).toMatchObject({ sbpMmHg: 84, rhythm: "sinus", otherVasopressor: false, recordedById: ids.nurse.id });
    expect(row.weightKg?.toString()).toBe("81.2");
    expect(await prisma.auditEvent.count({ where: { entityId: row.id, outcome: "success" } })).toBe(1);
  });

  test("bad values get field errors in words, keep what was typed, and store nothing", async () => {
    const { course } = await readyTilCourse();
    await signedInBrowser(ids.nurse);
    const before = await prisma.assessment.count({ where: { courseId: course.id } });
    const out = await recordAssessmentAction(null, formOf({ courseId: course.id, at: "2026-13-45T99:00", sbpMmHg: "1e9", heartRateBpm: "fast", spo2Pct: "140", rhythm: "jazz" }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION" });
    if (out.ok) throw new Error("unreachable");
    expect(out.fieldErrors).toMatchObject({
      at: ["Assessed at must be a date and time that exists on the unit's clock, written YYYY-MM-DD HH:mm (24-hour)."],
      sbpMmHg: ["Systolic blood pressure must be a number in mmHg."],
      heartRateBpm: ["Heart rate must be a number in beats/min."],
      spo2Pct: ["SpO₂ must be a number from 0 to 100 %."],
      rhythm: ["Rhythm: choose one of the listed values."],
    });
    expect(out.values).toMatchObject({ heartRateBpm: "fast", rhythm: "jazz" });
    expect(await prisma.assessment.count({ where: { courseId: course.id } })).toBe(before);
  });

  test("a future assessment time is refused", async () => {
    const { course } = await readyTilCourse();
    await signedInBrowser(ids.nurse);
    const out = await recordAssessmentAction(null, formOf({ courseId: course.id, at: toUnitLocalInput(new Date(Date.now() + 3_600_000), "UTC") }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { at: ["This time is in the future."] } });
  });
});

describe("ordering a course", () => {
  test("an attending orders a TIL course: the rule set in force is recorded, status ordered, audited", async () => {
    const patient = await makePatient(ids.unitId);
    await signedInBrowser(ids.attending);
    const out = await followRedirect(() =>
      orderCourseAction(
        null,
        formOf({ patientId: patient.id, protocol: "til-adjunct", dosingWeightKg: "82.4", baselineWeightKg: "82.4", anchorAt: toUnitLocalInput(new Date(Date.now() - 3_600_000), "UTC"), targetSbpMmHg: "95" }),
      ),
    );
    const course = await prisma.course.findFirstOrThrow({ where: { patientId: patient.id } });
    expect(out).toEqual({ redirectedTo: `/courses/${course.id}` });
    expect(course).toMatchObject({ protocol: "til_adjunct", ruleSetId: "til-2024", ruleSetVersion: "1.1.0", status: "ordered", doseIuPerKg: 600_000, targetSbpMmHg: 95 });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: course.id } });
    expect(audit.details).toMatchObject({ doseIu: 49_440_000 });
  });

  test("a nurse cannot order; a second open course for a patient is a CONFLICT", async () => {
    const patient = await makePatient(ids.unitId);
    const fields = { patientId: patient.id, protocol: "monotherapy", dosingWeightKg: "70", baselineWeightKg: "70", anchorAt: toUnitLocalInput(new Date(Date.now() + 3_600_000), "UTC") };
    await signedInBrowser(ids.nurse);
    expect(await orderCourseAction(null, formOf(fields))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await signedInBrowser(ids.attending);
    expect(await followRedirect(() => orderCourseAction(null, formOf(fields)))).toMatchObject({ redirectedTo: expect.stringMatching(/^\/courses\//) });
    expect(await orderCourseAction(null, formOf(fields))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await prisma.course.count({ where: { patientId: patient.id } })).toBe(1);
  });

  test("an impossible weight gets a field error in words", async () => {
    const patient = await makePatient(ids.unitId);
    await signedInBrowser(ids.attending);
    const out = await orderCourseAction(null, formOf({ patientId: patient.id, protocol: "til-adjunct", dosingWeightKg: "820", baselineWeightKg: "-3", anchorAt: "x" }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { dosingWeightKg: ["Dosing weight must be at most 400 kg."], baselineWeightKg: ["Baseline weight must be at least 1 kg."] } });
  });
});
