import { describe, expect, test, beforeAll } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { engineRequest } from "@/lib/domain/engine-request";
import { loadBoard } from "@/lib/db/queries/board";
import { toUnitLocalInput } from "@/lib/time";

// Issue 8, review finding 1: during `wait` the engine returned no findings, so a stop-tier assessment recorded before
// the dose was due was lost, and a later, cleaner assessment could say give. Contract 1.1: the stop is recorded at
// once as a held event at its tier, and the engine reports it as `pending-stop-review` until an attending decides.
const PASSWORD = "correct horse battery";
let unitId: string;
let nurse: { id: string };
let attending: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});

const local = (minutesFromNow: number) => toUnitLocalInput(new Date(Date.now() + minutesFromNow * 60_000), "UTC");
const LABS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;

/** A complete assessment as the form submits it, every lab drawn `labsMinutesAgo` ago. */
function assessmentForm(courseId: string, o: { values?: Record<string, string>; labsMinutesAgo?: number } = {}) {
  return formOf({
    courseId, at: local(-2), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
    urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
    otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
    bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
    ...Object.fromEntries(LABS.map((l) => [`observedAt.${l}`, local(-(o.labsMinutesAgo ?? 60))])),
    ...o.values,
  });
}

/** A TIL course (1.0.0, as existing courses are) whose first dose was given 2 h ago: the next is not due for 6 h. */
async function tilCourseBetweenDoses() {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -6 });
  await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
  return course;
}

/** As if `hours` had passed: the course's whole history moves into the past (test-only; the app never rewrites rows). */
async function timePasses(courseId: string, hours: number) {
  const shift = (d: Date) => new Date(d.getTime() - hours * 3_600_000);
  const c = await prisma.course.findUniqueOrThrow({ where: { id: courseId }, include: { doseEvents: true, assessments: true } });
  await prisma.course.update({ where: { id: courseId }, data: { tilInfusionEndAt: c.tilInfusionEndAt && shift(c.tilInfusionEndAt) } });
  for (const e of c.doseEvents) await prisma.doseEvent.update({ where: { id: e.id }, data: { occurredAt: shift(e.occurredAt) } });
  for (const a of c.assessments) {
    const observedAt = Object.fromEntries(Object.entries(a.observedAt as Record<string, string>).map(([k, v]) => [k, shift(new Date(v)).toISOString()]));
    await prisma.assessment.update({ where: { id: a.id }, data: { takenAt: shift(a.takenAt), labsAt: a.labsAt && shift(a.labsAt), observedAt } });
  }
}

describe("finding 1: a stop is never lost", () => {
  test("coma + ventricular ectopy recorded while the dose is not yet due: a stop-tier hold is recorded at once, a cleaner assessment cannot give, the board says 'Stop IL-2 — attending to decide', and only the attending's decision ends it", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const severe = await recordAssessmentAction(null, assessmentForm(course.id, { values: { mentalStatus: "coma", rhythm: "ventricular-ectopy" } }));
    expect(severe).toMatchObject({ ok: true, data: { decision: { decision: "stop" }, stopHold: { sequence: 2, tier: "stop" } } });
    if (!severe.ok) return;
    const findings = severe.data.decision?.findings.map((f) => [f.criterion, f.tier]);
    expect(findings).toEqual(expect.arrayContaining([["mental-status", "stop"], ["arrhythmia", "stop"]]));

    const held = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, sequence: 2 } });
    expect(held).toMatchObject({ kind: "held", tier: "stop", engineDecision: "stop", assessmentId: severe.data.assessmentId, recordedById: nurse.id });
    expect(held.criteria).toEqual(expect.arrayContaining(["mental-status", "arrhythmia"]));
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "dose-record", entityId: held.id } });
    expect(audit.details).toMatchObject({ tier: "stop", automatic: true });

    // the stop is what the engine is told about: sent with its tier, not yet reviewed
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    expect(engineRequest({ now: new Date(), course, events }).events.at(-1)).toMatchObject({ kind: "held", tier: "stop", reviewed: false });

    const board = await loadBoard([unitId], new Date());
    expect(board.find((r) => r.courseId === course.id)?.waitingFor).toContain("Stop IL-2 — attending to decide");

    // 6 h later (simulated by moving the events back) a clean assessment still cannot be given on
    await timePasses(course.id, 7);
    const clean = await makeAssessment(course.id, nurse.id, { minutesAgo: 5, values: { phenylephrinePeakMcgKgMin: 0 } });
    const refused = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: clean.id, kind: "given", expectedSequence: 3, doseIu: 48_000_000 }));
    expect(refused).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(refused.ok === false && refused.message).toMatch(/^A STOP recorded at .* waits for the attending: no IL-2 until an attending has decided\.$/);
    // and the nurse cannot bury it under another hold
    const reheld = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: clean.id, kind: "held", expectedSequence: 3, note: "again" }));
    expect(reheld).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(2);

    // the attending decides: stop (TIL: IL-2 ends for the course)
    await signedInBrowser(attending);
    const decided = await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "stop", reason: "Coma with ventricular ectopy", password: PASSWORD }));
    expect(decided).toMatchObject({ ok: true });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
  });

  test("a hold-tier finding while the dose is not yet due records nothing: the preview's 'if nothing changes' is not a stop", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const out = await recordAssessmentAction(null, assessmentForm(course.id, { values: { sbpMmHg: "84" } }));
    expect(out).toMatchObject({ ok: true, data: { decision: { decision: "wait", findings: [{ criterion: "sbp-low", tier: "hold" }] }, stopHold: null } });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
  });
});

describe("finding 2: carried values keep their own time; each lab has its own draw time", () => {
  test("a carried creatinine is stored with its original draw time, never re-timed; a new platelet count does not make it fresh", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const first = await recordAssessmentAction(null, assessmentForm(course.id, { labsMinutesAgo: 600 }));
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    const source = await prisma.assessment.findUniqueOrThrow({ where: { id: first.data.assessmentId } });
    const drawn = (source.observedAt as Record<string, string>).creatinineMgDl;
    expect(drawn).toBeDefined();

    const form = assessmentForm(course.id, { values: { plateletsPerUl: "98000", "observedAt.plateletsPerUl": local(-10) } });
    form.delete("creatinineMgDl");
    form.delete("observedAt.creatinineMgDl");
    form.append("carry", "creatinineMgDl");
    form.set("carriedFromId", source.id);
    const second = await recordAssessmentAction(null, form);
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const row = await prisma.assessment.findUniqueOrThrow({ where: { id: second.data.assessmentId } });
    expect(row.creatinineMgDl?.toString()).toBe("1");
    expect(row.carriedFields).toEqual(["creatinineMgDl"]);
    expect(row.carriedFromId).toBe(source.id);
    const times = row.observedAt as Record<string, string>;
    expect(times.creatinineMgDl).toBe(drawn);
    expect(Date.parse(times.plateletsPerUl!)).toBeGreaterThan(Date.parse(drawn!));
    // labsAt is the oldest draw: the 10-hour-old creatinine, not the fresh platelet count
    expect(row.labsAt?.toISOString()).toBe(drawn);
  });

  test("carrying from an assessment that is no longer the latest is refused: the nurse saw other values", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const first = await recordAssessmentAction(null, assessmentForm(course.id));
    const second = await recordAssessmentAction(null, assessmentForm(course.id));
    expect(first.ok && second.ok).toBe(true);
    const form = assessmentForm(course.id);
    form.delete("rhythm");
    form.append("carry", "rhythm");
    form.set("carriedFromId", first.ok ? first.data.assessmentId : "");
    const before = await prisma.assessment.count({ where: { courseId: course.id } });
    const out = await recordAssessmentAction(null, form);
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await prisma.assessment.count({ where: { courseId: course.id } })).toBe(before);
  });

  test("a lab without its draw time is refused by the field, and nothing is saved", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const form = assessmentForm(course.id);
    form.delete("observedAt.plateletsPerUl");
    const out = await recordAssessmentAction(null, form);
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { "observedAt.plateletsPerUl": ["Enter when the platelets was drawn."] } });
  });
});

describe("finding 3: questions a criterion reads are answered, never assumed", () => {
  test("permanent events once recorded stay on the course and are always sent: a later assessment answered 'none' still discontinues", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const first = await recordAssessmentAction(null, assessmentForm(course.id, { values: { permanentEventsAnswer: "yes", permanentEvents: "ischemia" } }));
    expect(first).toMatchObject({ ok: true, data: { decision: { decision: "discontinue" }, stopHold: { tier: "discontinue" } } });
    const second = await recordAssessmentAction(null, assessmentForm(course.id));
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    const row = await prisma.assessment.findUniqueOrThrow({ where: { id: second.data.assessmentId } });
    expect(row.permanentEvents).toEqual(["ischemia"]);
    expect(second.data.decision?.decision).toBe("discontinue");
  });
});

describe("review of issue 8 (independent): gaps a stop could slip through", () => {
  async function tilCourse11(o: { anchorHoursFromNow?: number; status?: "ordered" | "active" } = {}) {
    const c = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: o.anchorHoursFromNow ?? -6, status: o.status ?? "active", targetSbpMmHg: 95 });
    return prisma.course.update({ where: { id: c.id }, data: { ruleSetVersion: "1.1.0" } });
  }

  test("an unanswered permanent-events question is stored as unanswered and sent as missing, never as 'none'", async () => {
    const course = await tilCourse11();
    await signedInBrowser(nurse);
    const form = assessmentForm(course.id);
    form.delete("permanentEventsAnswer");
    const out = await recordAssessmentAction(null, form);
    expect(out).toMatchObject({ ok: true, data: { decision: { decision: "incomplete" } } });
    if (!out.ok) return;
    expect(out.data.decision?.missing).toContain("permanentEvents");
    expect(await prisma.assessment.findUniqueOrThrow({ where: { id: out.data.assessmentId } })).toMatchObject({ permanentEventsAnswered: false, permanentEvents: [] });
  });

  test("values the rules refuse together (room air with 2 L/min) are refused by the field with a coma: nothing saved, so no stop can be lost", async () => {
    const course = await tilCourse11();
    await signedInBrowser(nurse);
    const before = await prisma.assessment.count({ where: { courseId: course.id } });
    const out = await recordAssessmentAction(null, assessmentForm(course.id, { values: { oxygenDevice: "room-air", oxygenLpm: "2", mentalStatus: "coma" } }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(out.ok === false && Object.keys(out.fieldErrors ?? {})).toContain("oxygenLpm");
    expect(await prisma.assessment.count({ where: { courseId: course.id } })).toBe(before);
  });

  test("a stop on an order waiting for the pharmacist is recorded too; the attending can decide it before re-verification", async () => {
    const course = await tilCourse11({ status: "ordered" });
    await signedInBrowser(nurse);
    const out = await recordAssessmentAction(null, assessmentForm(course.id, { values: { mentalStatus: "coma" } }));
    expect(out).toMatchObject({ ok: true, data: { stopHold: { tier: "stop" } } });
    const held = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    await signedInBrowser(attending);
    const decided = await reviewHoldAction(null, formOf({ password: "correct horse battery", doseEventId: held.id, outcome: "stop", reason: "Coma" }));
    expect(decided).toMatchObject({ ok: true });
  });

  test("a stop before the cell infusion has ended is not written as an event the engine would refuse; the dose stays blocked", async () => {
    const course = await tilCourse11({ anchorHoursFromNow: 1 });
    await signedInBrowser(nurse);
    const out = await recordAssessmentAction(null, assessmentForm(course.id, { values: { mentalStatus: "coma" } }));
    expect(out).toMatchObject({ ok: true, data: { decision: { decision: "stop" }, stopHold: null } });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a correction cannot undo a stop: the waiting stop-tier hold needs its assessment in error first; a stop an attending signed stands", async () => {
    const course = await tilCourseBetweenDoses();
    await signedInBrowser(nurse);
    const out = await recordAssessmentAction(null, assessmentForm(course.id, { values: { mentalStatus: "coma" } }));
    expect(out.ok).toBe(true);
    const held = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, tier: "stop" } });
    await signedInBrowser(attending);
    const refused = await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: held.id, reason: "typo", password: PASSWORD }));
    expect(refused).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: held.id } })).status).toBe("active");
    const stopped = await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "discontinue", reason: "Coma", password: PASSWORD }));
    expect(stopped).toMatchObject({ ok: true });
    const written = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, kind: "discontinued" } });
    const undo = await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: written.id, reason: "oops", password: PASSWORD }));
    expect(undo).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
  });
});
