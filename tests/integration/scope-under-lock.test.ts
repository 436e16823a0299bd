// Issue 12, review of issue 11 (left open): every course action checks its scope again under the course lock
// (decision 056; lib/auth/scope.ts lockCourse). Each action here is submitted by someone of unit X only while
// another transaction moves the patient from X to Y and holds its locks; once that commits, the action must be
// refused in words (the old unit is told where the patient went) and must write nothing.
import { beforeAll, describe, expect, test } from "vitest";
import { asBrowser, formOf, signedInBrowser } from "./support/request-context";
import { lockCourseAs, untilWaitingOnALock } from "./support/locks";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma, type Tx } from "@/lib/db/client";
import { lockPatientRow } from "@/lib/db/queries/patients";
import { ActionRefusal } from "@/lib/refusal";
import { formatClock } from "@/lib/format";
import { toUnitLocalInput } from "@/lib/time";
import { amendCourseAction } from "@/lib/actions/amend-course";
import { approveCycle2Action } from "@/lib/actions/approve-cycle-2";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { moveCourseRuleSetAction } from "@/lib/actions/move-course-rule-set";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { verifyCountsAction } from "@/lib/actions/verify-counts";
import { verifyOrderAction } from "@/lib/actions/verify-order";

type Unit = Awaited<ReturnType<typeof makeUnit>>;
type User = Awaited<ReturnType<typeof makeUser>>;
const PASSWORD = "correct horse battery";
let x: Unit, y: Unit;
let mover: User, attending: User, nurse: User, pharmacist: User;

beforeAll(async () => {
  [x, y] = [await makeUnit(), await makeUnit()];
  mover = await makeUser("attending", [x.id, y.id]);
  attending = await makeUser("attending", [x.id]);
  nurse = await makeUser("nurse", [x.id]);
  pharmacist = await makeUser("pharmacist", [x.id]);
});

/** What transfer-patient.ts does inside its transaction: the patient's lock, the open course's (only), the move. */
async function transferInTx(tx: Tx, patientId: string, at: Date) {
  await lockPatientRow(tx, patientId);
  const open = await tx.course.findFirst({ where: { patientId, status: { in: ["ordered", "active"] } } });
  if (open) await lockCourseAs(tx, [x.id], open.id, at);
  await tx.patient.update({ where: { id: patientId }, data: { unitId: y.id } });
  await tx.patientMovement.create({ data: { patientId, kind: "transfer", fromUnitId: x.id, toUnitId: y.id, at, byId: mover.id } });
}

/** Starts `second` while the patient is being moved X → Y, waits until it queues on a lock, then commits the move. */
async function whileTransferring<T>(patientId: string, at: Date, second: () => Promise<T>): Promise<T> {
  let pending!: Promise<T>;
  await prisma.$transaction(async (tx) => {
    await transferInTx(tx, patientId, at);
    pending = second();
    await untilWaitingOnALock(pending);
  });
  return pending;
}

const moved = (at: Date, notDone: string) => `This patient was transferred to ${y.name} at ${formatClock(at, "UTC", at)} by ${mover.name}; ${notDone}.`;

const assessmentFields = (at: Date): Record<string, string> => ({
  at: toUnitLocalInput(new Date(at.getTime() - 5 * 60_000), "UTC"),
  ...Object.fromEntries(["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"].map((lab) => [`observedAt.${lab}`, toUnitLocalInput(new Date(at.getTime() - 3_600_000), "UTC")])),
  permanentEventsAnswer: "none", phenylephrinePeakMcgKgMin: "0",
  sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
  urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0",
  otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000",
  bilirubinMgDl: "0.7", bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none",
});

interface Case {
  who: () => User;
  /** makes the record on unit X; returns the patient, the call, and the rows that must not change */
  arrange: (at: Date) => Promise<{ patientId: string; call: () => Promise<unknown>; state: () => Promise<unknown> }>;
  notDone: string;
}

const activeCourse = async (anchorHoursFromNow = -4, protocol?: "monotherapy") => {
  const patient = await makePatient(x.id);
  return makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow, protocol });
};
const courseRow = (id: string) => () => prisma.course.findUniqueOrThrow({ where: { id }, include: { amendments: true, countVerifications: true, assessments: true } });

const CASES: Record<string, Case> = {
  "amend-course": {
    who: () => attending,
    notDone: "the amendment was not saved",
    arrange: async () => {
      const course = await activeCourse();
      return { patientId: course.patientId, state: courseRow(course.id), call: () => amendCourseAction(null, formOf({ courseId: course.id, version: course.version, baselineWeightKg: "81", reason: "Re-weighed" })) };
    },
  },
  "record-assessment": {
    who: () => nurse,
    notDone: "the assessment was not recorded",
    arrange: async (at) => {
      const course = await activeCourse();
      return { patientId: course.patientId, state: courseRow(course.id), call: () => recordAssessmentAction(null, formOf({ courseId: course.id, ...assessmentFields(at) })) };
    },
  },
  "verify-order": {
    who: () => pharmacist,
    notDone: "the order was not verified",
    arrange: async () => {
      const patient = await makePatient(x.id);
      const course = await makeCourse(patient.id, { status: "ordered", dosingWeightKg: 80, orderedById: attending.id });
      return { patientId: patient.id, state: courseRow(course.id), call: () => verifyOrderAction(null, formOf({ courseId: course.id, dosingWeightKg: "80.0", doseIu: "48,000,000", password: PASSWORD })) };
    },
  },
  "verify-counts": {
    who: () => pharmacist,
    notDone: "the counts were not verified",
    arrange: async () => {
      const course = await activeCourse(-20);
      await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 16.9 });
      return { patientId: course.patientId, state: courseRow(course.id), call: () => verifyCountsAction(null, formOf({ courseId: course.id, lastEventSequence: "1", enteredInErrorCount: "0", password: PASSWORD })) };
    },
  },
  "mark-entered-in-error": {
    who: () => attending,
    notDone: "nothing was marked entered in error",
    arrange: async () => {
      const course = await activeCourse();
      const event = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 1 });
      return {
        patientId: course.patientId,
        state: () => prisma.doseEvent.findUniqueOrThrow({ where: { id: event.id } }),
        call: () => markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: event.id, reason: "Recorded on the wrong patient", password: PASSWORD })),
      };
    },
  },
  "review-hold": {
    who: () => attending,
    notDone: "the review was not signed",
    arrange: async () => {
      const course = await activeCourse();
      const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: { urineOutputMl: 300, urineOutputHours: 8 } });
      const event = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: assessment.id });
      return {
        patientId: course.patientId,
        state: () => prisma.doseEvent.findUniqueOrThrow({ where: { id: event.id }, include: { holdReviews: true } }),
        call: () => reviewHoldAction(null, formOf({ doseEventId: event.id, outcome: "override", reason: "Euvolaemic", password: PASSWORD })),
      };
    },
  },
  "approve-cycle-2": {
    who: () => attending,
    notDone: "cycle 2 was not approved",
    arrange: async () => {
      const course = await activeCourse(-144, "monotherapy");
      await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 144 });
      await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: 136 });
      return { patientId: course.patientId, state: courseRow(course.id), call: () => approveCycle2Action(null, formOf({ courseId: course.id, note: "Recovered fully", password: PASSWORD })) };
    },
  },
  "move-course-rule-set": {
    who: () => attending,
    notDone: "the rule set was not changed",
    arrange: async () => {
      const course = await activeCourse(-6);
      await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
      return { patientId: course.patientId, state: courseRow(course.id), call: () => moveCourseRuleSetAction(null, formOf({ courseId: course.id, version: course.version, reason: "Unit adopts 1.1.0", password: PASSWORD })) };
    },
  },
};

describe("a course action submitted while the patient is being transferred away waits, then is refused in words", () => {
  for (const [name, c] of Object.entries(CASES)) {
    test(name, async () => {
      const t0 = freezeClock();
      const { patientId, call, state } = await c.arrange(t0);
      const before = await state();
      const denied = () => prisma.auditEvent.count({ where: { actorId: c.who().id, outcome: "denied" } });
      const deniedBefore = await denied();
      const browser = await signedInBrowser(c.who());
      const out = await whileTransferring(patientId, t0, () => asBrowser(browser, call));
      expect(out).toMatchObject({ ok: false, code: "CONFLICT", message: moved(t0, c.notDone) });
      expect(await state()).toEqual(before);
      expect(await denied()).toBe(deniedBefore + 1);
    });
  }
});

describe("lockCourse waits for a transfer that does not hold the course's lock", () => {
  test("a closed course: the transfer locks only the patient; the course lock waits for it, then refuses", async () => {
    const t0 = freezeClock();
    const patient = await makePatient(x.id);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, status: "closed" });
    const out = await whileTransferring(patient.id, t0, () => prisma.$transaction((tx) => lockCourseAs(tx, [x.id], course.id, t0)).then(() => "locked", (e: unknown) => e));
    expect(out).toBeInstanceOf(ActionRefusal);
    expect(out).toMatchObject({ code: "CONFLICT", message: moved(t0, "nothing was saved") });
  });

  test("a course moved off the user's units with no transfer on record: \"not found\", nothing about Y", async () => {
    const t0 = freezeClock();
    const patient = await makePatient(x.id);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id });
    await prisma.patient.update({ where: { id: patient.id }, data: { unitId: y.id } });
    const out = await prisma.$transaction((tx) => lockCourseAs(tx, [x.id], course.id, t0)).then(() => "locked", (e: unknown) => e);
    expect(out).toMatchObject({ code: "NOT_FOUND", message: "That course was not found." });
  });
});
