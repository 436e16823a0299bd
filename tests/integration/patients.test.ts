// Issue 11 item 3 (decision 049): admission, transfer and discharge against the real PostgreSQL — the rows written
// (Patient, PatientMovement, the audit row in the same transaction), the refusals (nothing written, one denied
// audit row) and what the boards and scope checks see afterwards.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser, together } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser, uid } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { admitPatientAction } from "@/lib/actions/admit-patient";
import { createUnitAction } from "@/lib/actions/create-unit";
import { transferPatientAction } from "@/lib/actions/transfer-patient";
import { dischargePatientAction } from "@/lib/actions/discharge-patient";
import { orderCourseAction } from "@/lib/actions/order-course";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { loadBoard } from "@/lib/db/queries/board";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { listPatientsWithoutOpenCourse } from "@/lib/db/queries/courses";
import { listAdmittedWithoutCourse, listPatients } from "@/lib/db/queries/patients";
import { toUnitLocalInput } from "@/lib/time";
import * as clock from "@/lib/clock";

let unitId: string;
let otherUnitId: string;
let attending: Awaited<ReturnType<typeof makeUser>>;
let pharmacist: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  unitId = (await makeUnit(undefined, "Europe/Berlin")).id;
  otherUnitId = (await makeUnit()).id;
  attending = await makeUser("attending", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});

const audit = (action: string, where: { entityId?: string; actorId?: string }) =>
  prisma.auditEvent.findMany({ where: { action, ...where }, orderBy: { id: "asc" } });
const codeOf = (a: { details: unknown }) => (a.details as { code?: string }).code;

function admitForm(o: Partial<Record<string, string>> = {}) {
  return formOf({ unitId, mrn: `MRN-${uid().toUpperCase()}`, familyName: "Lindqvist", givenName: "Astrid", birthDate: "1971-03-09", gender: "female", ...o });
}

describe("admitting a patient", () => {
  test("an attending of the unit admits: the patient (FHIR identifier, name, birth date, gender), an admit movement and one audit row, at one instant", async () => {
    await signedInBrowser(attending);
    const t0 = freezeClock();
    const mrn = `MRN-${uid().toUpperCase()}`;
    const out = await admitPatientAction(null, admitForm({ mrn, familyName: "  Lindqvist ", gender: "female" }));
    expect(out).toMatchObject({ ok: true, data: { name: "Lindqvist, Astrid" } });
    const patient = await prisma.patient.findUniqueOrThrow({ where: { mrn }, include: { movements: true } });
    expect(patient).toMatchObject({ familyName: "Lindqvist", givenName: "Astrid", gender: "female", unitId, dischargedAt: null });
    expect(patient.birthDate.toISOString().slice(0, 10)).toBe("1971-03-09");
    expect(patient.movements).toEqual([expect.objectContaining({ kind: "admit", fromUnitId: null, toUnitId: unitId, byId: attending.id, at: t0 })]);
    const rows = await audit("patient-admit", { entityId: patient.id });
    expect(rows.map((a) => [a.outcome, a.actorId, a.at.getTime()])).toEqual([["success", attending.id, t0.getTime()]]);
    expect(rows[0]!.details).toMatchObject({ mrn, unitId, movementId: patient.movements[0]!.id });
  });

  test("an administrator assigned to the unit may admit too", async () => {
    await signedInBrowser(await makeUser("admin", [unitId]));
    const mrn = `MRN-${uid().toUpperCase()}`;
    expect(await admitPatientAction(null, admitForm({ mrn }))).toMatchObject({ ok: true });
    expect(await prisma.patient.count({ where: { mrn } })).toBe(1);
  });

  test("a second patient with an MRN Bolus holds is refused at the MRN field, naming the patient it belongs to; nothing is written, one denied row", async () => {
    const user = await makeUser("attending", [unitId, otherUnitId]);
    await signedInBrowser(user);
    const mrn = `MRN-${uid().toUpperCase()}`;
    expect(await admitPatientAction(null, admitForm({ mrn }))).toMatchObject({ ok: true });
    const unitName = (await prisma.unit.findUniqueOrThrow({ where: { id: unitId } })).name;
    const words = `Not admitted: MRN ${mrn} already belongs to Lindqvist, Astrid (born 9 Mar 1971), admitted to ${unitName}. Check the MRN; if it is the same person, they are already on the patient list.`;
    const out = await admitPatientAction(null, admitForm({ mrn, unitId: otherUnitId, familyName: "Other", givenName: "Person" }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", message: words, fieldErrors: { mrn: [words] } });
    expect(out.ok ? null : out.values).toMatchObject({ mrn, familyName: "Other" });
    expect(await prisma.patient.findMany({ where: { mrn }, select: { familyName: true } })).toEqual([{ familyName: "Lindqvist" }]);
    expect(await prisma.patientMovement.count({ where: { byId: user.id } })).toBe(1);
    expect((await audit("patient-admit", { actorId: user.id })).map((a) => [a.outcome, codeOf(a)])).toEqual([["success", undefined], ["denied", "CONFLICT"]]);
  });

  test("an MRN held by a discharged patient is refused in words that say so; one held on a unit the user does not work on names the unit, never the patient", async () => {
    const discharged = await makePatient(unitId);
    await prisma.patient.update({ where: { id: discharged.id }, data: { dischargedAt: new Date() } });
    await signedInBrowser(attending);
    const out = await admitPatientAction(null, admitForm({ mrn: discharged.mrn }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { mrn: [expect.stringMatching(new RegExp(`already belongs to ${discharged.familyName}, ${discharged.givenName} \\(born .*\\), discharged from .*cannot yet admit a discharged patient again`))] } });

    const elsewhere = await makePatient(otherUnitId);
    const otherName = (await prisma.unit.findUniqueOrThrow({ where: { id: otherUnitId } })).name;
    const hidden = await admitPatientAction(null, admitForm({ mrn: elsewhere.mrn }));
    expect(hidden).toMatchObject({ ok: false, code: "CONFLICT", message: `Not admitted: MRN ${elsewhere.mrn.toUpperCase()} already belongs to a patient on ${otherName}, a unit you do not work on. Check the MRN; if it is the same person, ask ${otherName} to transfer them.` });
    expect(hidden.ok ? "" : hidden.message).not.toContain(elsewhere.familyName);
  });

  test("two admissions with one MRN at the same moment: the database constraint lets one through; the other is refused at the MRN field", async () => {
    const mrn = `MRN-${uid().toUpperCase()}`;
    const a = await signedInBrowser(await makeUser("attending", [unitId]));
    const b = await signedInBrowser(await makeUser("attending", [unitId]));
    const outs = await together([
      { browser: a, run: () => admitPatientAction(null, admitForm({ mrn, givenName: "First" })) },
      { browser: b, run: () => admitPatientAction(null, admitForm({ mrn, givenName: "Second" })) },
    ]);
    expect(outs.filter((o) => o.ok)).toHaveLength(1);
    expect(outs.filter((o) => !o.ok)).toEqual([expect.objectContaining({ code: "CONFLICT", fieldErrors: { mrn: [expect.stringContaining(`MRN ${mrn}`)] } })]);
    expect(await prisma.patient.count({ where: { mrn } })).toBe(1);
  });

  test("an administrator who creates a unit is assigned to it and admits its first patient at once", async () => {
    const admin = await makeUser("admin", []);
    await signedInBrowser(admin);
    const created = await createUnitAction(null, formOf({ name: `Ward ${uid()}`, timeZone: "Asia/Tokyo" }));
    if (!created.ok) throw new Error(created.message);
    const mrn = `MRN-${uid().toUpperCase()}`;
    expect(await admitPatientAction(null, admitForm({ mrn, unitId: created.data.unitId }))).toMatchObject({ ok: true });
    expect(await prisma.patient.findUniqueOrThrow({ where: { mrn } })).toMatchObject({ unitId: created.data.unitId });
  });

  test.each([
    ["a birth date after today (unit clock)", () => toUnitLocalInput(new Date(clock.now().getTime() + 2 * 86_400_000), "Europe/Berlin").slice(0, 10), "The birth date cannot be after today."],
    ["a birth date before 1900", () => "1899-12-31", "Enter a birth date in 1900 or later."],
    ["a date that does not exist (31 February)", () => "1980-02-31", "Enter the birth date as a date (year, month, day)."],
  ])("%s is refused at the birth date field; nothing is written", async (_label, date, message) => {
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    const mrn = `MRN-${uid().toUpperCase()}`;
    const out = await admitPatientAction(null, admitForm({ mrn, birthDate: date() }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { birthDate: [message] } });
    expect(await prisma.patient.count({ where: { mrn } })).toBe(0);
    expect((await audit("patient-admit", { actorId: user.id })).map((a) => [a.outcome, codeOf(a)])).toEqual([["denied", "VALIDATION"]]);
  });

  test("a gender outside FHIR's administrative genders is refused", async () => {
    await signedInBrowser(attending);
    const out = await admitPatientAction(null, admitForm({ gender: "x" }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { gender: ["Choose the administrative gender."] } });
  });

  test.each(["nurse", "pharmacist"] as const)("a %s of the unit sees patients but may not admit: FORBIDDEN", async (role) => {
    const user = await makeUser(role, [unitId]);
    await signedInBrowser(user);
    const mrn = `MRN-${uid().toUpperCase()}`;
    expect(await admitPatientAction(null, admitForm({ mrn }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await prisma.patient.count({ where: { mrn } })).toBe(0);
  });

  test("an attending of another unit: NOT_FOUND, like a unit that does not exist", async () => {
    await signedInBrowser(await makeUser("attending", [otherUnitId]));
    const other = await admitPatientAction(null, admitForm());
    const missing = await admitPatientAction(null, admitForm({ unitId: randomUUID() }));
    expect(other).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That unit was not found." });
    expect(missing).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That unit was not found." });
  });
});

describe("transferring a patient", () => {
  test("the open course moves with the patient: off the old unit's board and scope, onto the new unit's board; one transfer movement and audit row", async () => {
    const from = await makeUnit();
    const to = await makeUnit();
    const doctor = await makeUser("attending", [from.id]);
    const oldNurse = await makeUser("nurse", [from.id]);
    const newNurse = await makeUser("nurse", [to.id]);
    const patient = await makePatient(from.id);
    const course = await makeCourse(patient.id, { orderedById: doctor.id, verifiedById: pharmacist.id });
    const now = clock.now();
    expect((await loadBoard([from.id], now)).map((r) => r.courseId)).toEqual([course.id]);
    expect(await loadBoard([to.id], now)).toEqual([]);

    await signedInBrowser(doctor);
    const t0 = freezeClock();
    const out = await transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: to.id, note: "Step-down bed free" }));
    expect(out).toMatchObject({ ok: true, data: { patientId: patient.id, unitName: to.name } });

    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId).toBe(to.id);
    expect(await prisma.patientMovement.findMany({ where: { patientId: patient.id } })).toEqual([
      expect.objectContaining({ kind: "transfer", fromUnitId: from.id, toUnitId: to.id, byId: doctor.id, at: t0, note: "Step-down bed free" }),
    ]);
    const rows = await audit("patient-transfer", { entityId: patient.id });
    expect(rows.map((a) => [a.outcome, a.actorId])).toEqual([["success", doctor.id]]);
    expect(rows[0]!.details).toMatchObject({ fromUnitId: from.id, toUnitId: to.id, openCourseId: course.id });

    // both boards follow from Patient.unitId
    expect(await loadBoard([from.id], t0)).toEqual([]);
    expect((await loadBoard([to.id], t0)).map((r) => r.courseId)).toEqual([course.id]);
    // the new unit's nurse opens the course; the old unit's nurse is answered as if it did not exist
    expect(await loadCourseView([to.id], course.id, t0)).not.toBeNull();
    expect(await loadCourseView([from.id], course.id, t0)).toBeNull();
    await signedInBrowser(oldNurse);
    const refused = await recordAssessmentAction(null, formOf({ courseId: course.id, at: toUnitLocalInput(t0, "UTC"), sbpMmHg: "112" }));
    expect(refused).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That course was not found." });
    await signedInBrowser(newNurse);
    const allowed = await recordAssessmentAction(null, formOf({ courseId: course.id, at: toUnitLocalInput(t0, "UTC"), sbpMmHg: "112" }));
    expect(allowed).not.toMatchObject({ code: "NOT_FOUND" });
    // the transferring attending no longer works on the patient's unit
    await signedInBrowser(doctor);
    expect(await transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: from.id }))).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That patient was not found." });
  });

  test.each([
    ["to the unit the patient is on", async (p: { id: string }) => ({ patientId: p.id, toUnitId: unitId }), "CONFLICT", "The patient is already on that unit. Choose another unit."],
    ["to a unit that does not exist", async (p: { id: string }) => ({ patientId: p.id, toUnitId: randomUUID() }), "NOT_FOUND", "That unit was not found."],
    [
      "of a discharged patient",
      async (p: { id: string }) => {
        await prisma.patient.update({ where: { id: p.id }, data: { dischargedAt: clock.now() } });
        return { patientId: p.id, toUnitId: otherUnitId };
      },
      "CONFLICT",
      "A discharged patient cannot be transferred.",
    ],
  ] as const)("a transfer %s is refused (%s); the patient stays, no movement, one denied row", async (_label, build, code, message) => {
    const patient = await makePatient(unitId);
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    const out = await transferPatientAction(null, formOf(await build(patient)));
    expect(out).toMatchObject({ ok: false, code, message });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId).toBe(unitId);
    expect(await prisma.patientMovement.count({ where: { patientId: patient.id } })).toBe(0);
    expect((await audit("patient-transfer", { actorId: user.id })).map((a) => [a.outcome, codeOf(a)])).toEqual([["denied", code]]);
  });

  test("a nurse of the unit may not transfer: FORBIDDEN", async () => {
    const patient = await makePatient(unitId);
    await signedInBrowser(await makeUser("nurse", [unitId]));
    expect(await transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: otherUnitId }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId).toBe(unitId);
  });
});

describe("discharging a patient", () => {
  test.each([
    ["active", "Not discharged: this patient has an active IL-2 course. Close the course (complete, stop or discontinue it) before discharge."],
    ["ordered", "Not discharged: this patient has an IL-2 course ordered and waiting for the pharmacist. Close the course before discharge."],
  ] as const)("with an %s course: refused in words (CONFLICT); not discharged, no movement, one denied row", async (status, message) => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { status, orderedById: attending.id, verifiedById: pharmacist.id });
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    const out = await dischargePatientAction(null, formOf({ patientId: patient.id }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", message });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).dischargedAt).toBeNull();
    expect(await prisma.patientMovement.count({ where: { patientId: patient.id } })).toBe(0);
    const rows = await audit("patient-discharge", { actorId: user.id });
    expect(rows.map((a) => [a.outcome, codeOf(a), a.entityId])).toEqual([["denied", "CONFLICT", patient.id]]);
    expect(rows[0]!.details).toMatchObject({ openCourseId: course.id });
  });

  test("with no open course (a closed one stays on record): discharged, one movement and audit row; the record stays, off the board and the order form; no new course", async () => {
    const patient = await makePatient(unitId);
    const closed = await makeCourse(patient.id, { status: "closed", orderedById: attending.id, verifiedById: pharmacist.id });
    await signedInBrowser(attending);
    const t0 = freezeClock();
    const out = await dischargePatientAction(null, formOf({ patientId: patient.id, note: "Home with family" }));
    expect(out).toMatchObject({ ok: true, data: { patientId: patient.id } });
    const after = await prisma.patient.findUniqueOrThrow({ where: { id: patient.id }, include: { movements: true, courses: true } });
    expect(after.dischargedAt).toEqual(t0);
    expect(after.unitId).toBe(unitId);
    expect(after.courses.map((c) => c.id)).toEqual([closed.id]);
    expect(after.movements).toEqual([expect.objectContaining({ kind: "discharge", fromUnitId: unitId, toUnitId: null, at: t0, byId: attending.id, note: "Home with family" })]);
    expect((await audit("patient-discharge", { entityId: patient.id })).map((a) => [a.outcome, a.actorId])).toEqual([["success", attending.id]]);

    expect((await listPatients([unitId])).find((p) => p.id === patient.id)).toMatchObject({ dischargedAt: t0, openCourse: null });
    expect((await listPatientsWithoutOpenCourse([unitId])).map((p) => p.id)).not.toContain(patient.id);
    expect((await listAdmittedWithoutCourse([unitId])).map((p) => p.id)).not.toContain(patient.id);

    // a discharged patient gets no new course, refused at the patient field
    const order = await orderCourseAction(null, formOf({ patientId: patient.id, protocol: "monotherapy", dosingWeightKg: "70", baselineWeightKg: "70", anchorAt: toUnitLocalInput(new Date(t0.getTime() + 3_600_000), "Europe/Berlin") }));
    expect(order).toMatchObject({ ok: false, code: "CONFLICT", message: "This patient has been discharged: no new IL-2 course can be ordered.", fieldErrors: { patientId: ["This patient has been discharged: no new IL-2 course can be ordered."] } });
    expect(await prisma.course.count({ where: { patientId: patient.id } })).toBe(1);

    // a second discharge is refused
    expect(await dischargePatientAction(null, formOf({ patientId: patient.id }))).toMatchObject({ ok: false, code: "CONFLICT", message: "This patient has already been discharged." });
  });

  test("control: an admitted patient without a course can be ordered one (the refusal above is the discharge's)", async () => {
    const patient = await makePatient(unitId);
    expect((await listAdmittedWithoutCourse([unitId])).map((p) => p.id)).toContain(patient.id);
    await signedInBrowser(attending);
    const now = clock.now();
    const order = await orderCourseAction(null, formOf({ patientId: patient.id, protocol: "monotherapy", dosingWeightKg: "70", baselineWeightKg: "70", anchorAt: toUnitLocalInput(new Date(now.getTime() + 3_600_000), "Europe/Berlin") })).catch((e: unknown) => e);
    expect(String((order as { digest?: string }).digest ?? "")).toContain("NEXT_REDIRECT");
    expect(await prisma.course.count({ where: { patientId: patient.id } })).toBe(1);
  });

  test("a pharmacist of the unit may not discharge: FORBIDDEN", async () => {
    const patient = await makePatient(unitId);
    await signedInBrowser(pharmacist);
    expect(await dischargePatientAction(null, formOf({ patientId: patient.id }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).dischargedAt).toBeNull();
  });
});
