// Review of issue 11, fixes 2 and 3 (decision 049 and its amendment of 3 Dec 2026): the scope a transfer, a
// discharge, an order or a dose was checked against is checked again under the lock, and a transfer takes the open
// course's lock, so a dose and a transfer queue. A nurse of the old unit who had the course open is told where the
// patient went; someone who never had access is answered "not found", as before.
import { beforeAll, describe, expect, test } from "vitest";
import { asBrowser, followRedirect, formOf, signedInBrowser, together, type Browser } from "./support/request-context";
import { lockCourseAs, untilWaitingOnALock } from "./support/locks";
import { makeAssessment, makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma, type Tx } from "@/lib/db/client";
import { transferPatientAction } from "@/lib/actions/transfer-patient";
import { dischargePatientAction } from "@/lib/actions/discharge-patient";
import { orderCourseAction } from "@/lib/actions/order-course";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { lockPatientRow } from "@/lib/db/queries/patients";
import { formatClock } from "@/lib/format";
import { toUnitLocalInput } from "@/lib/time";

type Unit = Awaited<ReturnType<typeof makeUnit>>;
type User = Awaited<ReturnType<typeof makeUser>>;
let x: Unit, y: Unit, z: Unit, w: Unit;
let attA: User, attB: User, nurseX: User, nurseX2: User, nurseW: User, pharmacist: User;

beforeAll(async () => {
  [x, y, z, w] = [await makeUnit(), await makeUnit(), await makeUnit(), await makeUnit()];
  attA = await makeUser("attending", [x.id, y.id]);
  attB = await makeUser("attending", [x.id]);
  nurseX = await makeUser("nurse", [x.id]);
  nurseX2 = await makeUser("nurse", [x.id]);
  nurseW = await makeUser("nurse", [w.id]);
  pharmacist = await makeUser("pharmacist", [x.id, y.id, z.id, w.id]);
});

/** What transfer-patient.ts does inside its transaction: patient lock, then the open course's, then the move. */
async function transferInTx(tx: Tx, patientId: string, to: Unit, by: User, at: Date) {
  const locked = await lockPatientRow(tx, patientId);
  const open = await tx.course.findFirst({ where: { patientId, status: { in: ["ordered", "active"] } } });
  if (open) await lockCourseAs(tx, [locked.unitId], open.id, at);
  await tx.patient.update({ where: { id: patientId }, data: { unitId: to.id } });
  await tx.patientMovement.create({ data: { patientId, kind: "transfer", fromUnitId: locked.unitId, toUnitId: to.id, at, byId: by.id } });
}

/** Runs `second` as `browser` while another transaction transfers the patient to `to` and holds its locks; then commits. */
async function whileTransferring<T>(patientId: string, to: Unit, at: Date, browser: Browser, second: () => Promise<T>): Promise<T> {
  let pending!: Promise<T>;
  await prisma.$transaction(async (tx) => {
    await transferInTx(tx, patientId, to, attA, at);
    pending = asBrowser(browser, second);
    await untilWaitingOnALock(pending); // the second request waits on the patient's (or the course's) lock
  });
  return pending;
}

const movedWords = (to: Unit, at: Date, notDone: string) => `This patient was transferred to ${to.name} at ${formatClock(at, "UTC", at)} by ${attA.name}; ${notDone}.`;

async function readyCourse(unit: Unit) {
  const patient = await makePatient(unit.id);
  const course = await makeCourse(patient.id, { orderedById: attA.id, verifiedById: pharmacist.id, anchorHoursFromNow: -4 });
  const assessment = await makeAssessment(course.id, nurseX.id, { minutesAgo: 10 });
  return { patient, course, assessment };
}
// with a blind witness (decision 055): 48,000,000 IU = 2.67 mL, signed with the witness's own id and password
const give = (courseId: string, assessmentId: string) =>
  formOf({ courseId, assessmentId, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: nurseX2.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: nurseX2.email, witnessPassword: "correct horse battery" });

describe("the scope is checked again under the patient's lock", () => {
  test("attending B (unit X only) transfers X→Z while A transfers X→Y: B waits, then is refused; the patient stays on Y", async () => {
    const t0 = freezeClock();
    const patient = await makePatient(x.id);
    const b = await signedInBrowser(attB);
    const out = await whileTransferring(patient.id, y, t0, b, () => transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: z.id })));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", message: movedWords(y, t0, "the transfer was not saved") });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId).toBe(y.id);
    expect(await prisma.patientMovement.count({ where: { patientId: patient.id } })).toBe(1);
    const denied = await prisma.auditEvent.findMany({ where: { action: "patient-transfer", actorId: attB.id, entityId: patient.id } });
    expect(denied.map((a) => a.outcome)).toEqual(["denied"]);
  });

  test("B discharges while A transfers the patient to Y: refused, the patient is not discharged", async () => {
    const t0 = freezeClock();
    const patient = await makePatient(x.id);
    const b = await signedInBrowser(attB);
    const out = await whileTransferring(patient.id, y, t0, b, () => dischargePatientAction(null, formOf({ patientId: patient.id })));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", message: movedWords(y, t0, "the discharge was not saved") });
    expect(await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).toMatchObject({ unitId: y.id, dischargedAt: null });
  });

  test("B orders a course while A transfers the patient to Y: refused, no course", async () => {
    const t0 = freezeClock();
    const patient = await makePatient(x.id);
    const b = await signedInBrowser(attB);
    const form = formOf({ patientId: patient.id, protocol: "monotherapy", dosingWeightKg: "70", baselineWeightKg: "70", anchorAt: toUnitLocalInput(new Date(t0.getTime() + 3_600_000), "UTC") });
    const out = await whileTransferring(patient.id, y, t0, b, () => followRedirect(() => orderCourseAction(null, form)));
    expect(out).toMatchObject({ result: { ok: false, code: "CONFLICT", message: movedWords(y, t0, "the course was not ordered") } });
    expect(await prisma.course.count({ where: { patientId: patient.id } })).toBe(0);
  });

  test("5 trials of two real transfers started together (X→Y by A, X→Z by B): exactly one moves the patient", async () => {
    for (let trial = 0; trial < 5; trial++) {
      const patient = await makePatient(x.id);
      const [a, b] = await together([
        { browser: await signedInBrowser(attA), run: () => transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: y.id })) },
        { browser: await signedInBrowser(attB), run: () => transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: z.id })) },
      ]);
      const moves = await prisma.patientMovement.findMany({ where: { patientId: patient.id } });
      const unit = (await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId;
      if (b!.ok) {
        // B was first: A works on X and Y, not Z — refused, whether A read the patient before B committed or after
        expect(a).toMatchObject({ ok: false });
        expect([unit, moves.length]).toEqual([z.id, 1]);
      } else {
        // A was first (or B read the patient before A committed): B must not move the patient out of Y
        expect(b).toMatchObject({ ok: false });
        expect(a).toMatchObject({ ok: true });
        expect([unit, moves.length]).toEqual([y.id, 1]);
      }
    }
  });
});

describe("a transfer and a dose queue on the course's lock", () => {
  test("a transfer waits for a dose being recorded on the open course, then moves the patient", async () => {
    const { patient, course } = await readyCourse(x);
    const a = await signedInBrowser(attA);
    let transfer!: ReturnType<typeof transferPatientAction>;
    await prisma.$transaction(async (tx) => {
      await lockCourseAs(tx, [x.id], course.id); // as record-dose.ts does
      transfer = asBrowser(a, () => transferPatientAction(null, formOf({ patientId: patient.id, toUnitId: y.id })));
      await untilWaitingOnALock(transfer);
      // the dose is still being recorded: the patient has not moved
      expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId).toBe(x.id);
    });
    expect(await transfer).toMatchObject({ ok: true });
    expect((await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).unitId).toBe(y.id);
  });

  test("a dose submitted while the patient is being transferred away waits, then is refused in words; nothing recorded", async () => {
    const t0 = freezeClock();
    const { patient, course, assessment } = await readyCourse(x);
    const n = await signedInBrowser(nurseX);
    const out = await whileTransferring(patient.id, y, t0, n, () => recordDoseAction(null, give(course.id, assessment.id)));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", message: movedWords(y, t0, "the dose was not recorded") });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });
});

describe("after the transfer: who is told where the patient went", () => {
  test("the old unit's nurse, within 24 hours: the words; after 24 hours: not found", async () => {
    const t0 = freezeClock();
    const { patient, course, assessment } = await readyCourse(x);
    await prisma.$transaction((tx) => transferInTx(tx, patient.id, y, attA, t0));
    await signedInBrowser(nurseX);
    expect(await recordDoseAction(null, give(course.id, assessment.id))).toMatchObject({ ok: false, code: "CONFLICT", message: movedWords(y, t0, "the dose was not recorded") });
    advanceClock(24 * 3_600_000 + 60_000);
    await signedInBrowser(nurseX); // a day later: a new session
    expect(await recordDoseAction(null, give(course.id, assessment.id))).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That course was not found." });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a nurse who never had the patient's unit learns nothing about the other unit", async () => {
    const t0 = freezeClock();
    const { patient, course, assessment } = await readyCourse(x);
    await prisma.$transaction((tx) => transferInTx(tx, patient.id, y, attA, t0));
    await signedInBrowser(nurseW);
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toEqual({ ok: false, code: "NOT_FOUND", message: "That course was not found.", values: expect.any(Object) });
    expect(JSON.stringify(out)).not.toContain(y.name);
  });
});
