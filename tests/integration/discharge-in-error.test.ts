// Issue 12 (left open by issue 11's review), decision 056: a discharge recorded in error is corrected by a row of its
// own — a "discharge_in_error" movement naming the discharge, with the reason — which re-opens the stay. The
// discharge row stays; the patients list and the board say what happened. Against the real PostgreSQL.
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { dischargePatientAction } from "@/lib/actions/discharge-patient";
import { markDischargeInErrorAction } from "@/lib/actions/mark-discharge-in-error";
import { listAdmittedWithoutCourse, listPatients } from "@/lib/db/queries/patients";
import { listPatientsWithoutOpenCourse } from "@/lib/db/queries/courses";

type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let attending: User, admin: User, otherAttending: User;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  attending = await makeUser("attending", [unitId]);
  admin = await makeUser("admin", [unitId]);
  otherAttending = await makeUser("attending", [(await makeUnit()).id]);
});

const correct = (patientId: string, reason = "Wrong patient selected on the list") => markDischargeInErrorAction(null, formOf({ patientId, reason }));

async function discharged() {
  const patient = await makePatient(unitId);
  await signedInBrowser(attending);
  expect(await dischargePatientAction(null, formOf({ patientId: patient.id, note: "Home" }))).toMatchObject({ ok: true });
  return patient;
}

describe("a discharge recorded in error", () => {
  test("an attending marks it: a new movement names the discharge and the reason, the stay re-opens, the discharge row stays, audited", async () => {
    const t0 = freezeClock();
    const patient = await discharged();
    const discharge = await prisma.patientMovement.findFirstOrThrow({ where: { patientId: patient.id, kind: "discharge" } });
    advanceClock(5 * 60_000);
    const out = await correct(patient.id);
    expect(out).toMatchObject({ ok: true, data: { patientId: patient.id } });

    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).dischargedAt).toBeNull();
    const movements = await prisma.patientMovement.findMany({ where: { patientId: patient.id }, orderBy: { at: "asc" } });
    expect(movements.map((m) => m.kind)).toEqual(["discharge", "discharge_in_error"]);
    expect(movements[0]).toEqual(discharge); // nothing changed in the discharge row
    expect(movements[1]).toMatchObject({ correctsId: discharge.id, note: "Wrong patient selected on the list", byId: attending.id, toUnitId: unitId, at: new Date(t0.getTime() + 5 * 60_000) });

    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "patient-discharge-in-error", entityId: patient.id } });
    expect(audit).toMatchObject({ outcome: "success", actorId: attending.id });
    expect(audit.details).toMatchObject({ correctsMovementId: discharge.id, movementId: movements[1]!.id, reason: "Wrong patient selected on the list" });

    // the patients list says so, and the board lists the patient again with the same words' facts
    const row = (await listPatients([unitId])).find((p) => p.id === patient.id)!;
    expect(row).toMatchObject({ dischargedAt: null, dischargeCorrection: { byName: attending.name, reason: "Wrong patient selected on the list", dischargedAt: discharge.at } });
    const onBoard = (await listAdmittedWithoutCourse([unitId])).find((p) => p.id === patient.id);
    expect(onBoard?.dischargeCorrection).toMatchObject({ byName: attending.name, dischargedAt: discharge.at });
    // and a course can be ordered again
    expect((await listPatientsWithoutOpenCourse([unitId])).some((p) => p.id === patient.id)).toBe(true);
  });

  test("after the correction the patient can be discharged again, and that discharge corrected again; each once", async () => {
    freezeClock();
    const patient = await discharged();
    expect(await correct(patient.id)).toMatchObject({ ok: true });
    // a second correction of the same stay: there is no discharge to correct
    expect(await correct(patient.id)).toMatchObject({ ok: false, code: "CONFLICT", message: "This patient is not discharged: there is no discharge to mark in error." });
    advanceClock(60_000);
    expect(await dischargePatientAction(null, formOf({ patientId: patient.id }))).toMatchObject({ ok: true });
    expect((await listPatients([unitId])).find((p) => p.id === patient.id)).toMatchObject({ dischargeCorrection: null });
    advanceClock(60_000);
    await signedInBrowser(admin);
    expect(await correct(patient.id, "Discharged on the wrong day")).toMatchObject({ ok: true });
    const kinds = (await prisma.patientMovement.findMany({ where: { patientId: patient.id }, orderBy: { at: "asc" } })).map((m) => m.kind);
    expect(kinds).toEqual(["discharge", "discharge_in_error", "discharge", "discharge_in_error"]);
    expect((await listPatients([unitId])).find((p) => p.id === patient.id)?.dischargeCorrection).toMatchObject({ byName: admin.name, reason: "Discharged on the wrong day" });
  });

  test("refused: a patient who is admitted, a missing reason, another unit's patient (not found); each audited, nothing written", async () => {
    freezeClock();
    const admitted = await makePatient(unitId);
    await signedInBrowser(attending);
    expect(await correct(admitted.id)).toMatchObject({ ok: false, code: "CONFLICT" });
    const patient = await discharged();
    expect(await markDischargeInErrorAction(null, formOf({ patientId: patient.id, reason: "  " }))).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { reason: ["Say why the discharge was recorded in error."] } });
    await signedInBrowser(otherAttending);
    expect(await correct(patient.id)).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).dischargedAt).not.toBeNull();
    expect(await prisma.patientMovement.count({ where: { patientId: { in: [admitted.id, patient.id] }, kind: "discharge_in_error" } })).toBe(0);
    const denied = await prisma.auditEvent.findMany({ where: { action: "patient-discharge-in-error", entityId: { in: [admitted.id, patient.id] } }, select: { outcome: true }, orderBy: { id: "asc" } });
    expect(denied.map((a) => a.outcome)).toEqual(["denied", "denied", "denied"]);
  });

  test("a patient with a course closed before the discharge: the course stays closed; a new one can be ordered", async () => {
    freezeClock();
    const patient = await makePatient(unitId);
    await makeCourse(patient.id, { orderedById: attending.id, status: "closed" });
    await signedInBrowser(attending);
    expect(await dischargePatientAction(null, formOf({ patientId: patient.id }))).toMatchObject({ ok: true });
    expect(await correct(patient.id)).toMatchObject({ ok: true });
    expect((await prisma.course.findMany({ where: { patientId: patient.id } })).map((c) => c.status)).toEqual(["closed"]);
    expect((await listPatientsWithoutOpenCourse([unitId])).some((p) => p.id === patient.id)).toBe(true);
  });
});
