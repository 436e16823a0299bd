// The clinical data each end-to-end spec works on, written straight to the e2e database (DATABASE_URL) and removed
// again when the Playwright worker ends. Specs only rely on the demo *accounts* (seeded by `npm start`); every
// patient, course, assessment and dose event they look at is made here, so no spec depends on the demo patients
// or on another spec's leftovers. Specs import `test` from this file (not from @playwright/test): its worker
// fixture does the cleanup.
import { randomUUID } from "node:crypto";
import { test as base } from "@playwright/test";
import { prisma } from "@/lib/db/client";
import { latestRuleSetFor } from "@/lib/rules";
import { hashPassword } from "@/lib/auth/password";

const tag = () => randomUUID().slice(0, 6);

/** What this worker created: removed, with everything recorded on it (also through the UI), at the end. */
const created = { patientIds: new Set<string>(), unitIds: new Set<string>() };

/**
 * Deletes the patients this worker created, with their courses and everything recorded on them, then its units.
 * The audit rows stay: the audit table is append-only in the database, and a throwaway e2e database is dropped whole.
 */
export async function removeCreatedData(): Promise<void> {
  const patientIds = [...created.patientIds];
  const unitIds = [...created.unitIds];
  if (patientIds.length === 0 && unitIds.length === 0) return;
  const courseIds = (await prisma.course.findMany({ where: { patientId: { in: patientIds } }, select: { id: true } })).map((c) => c.id);
  await prisma.$transaction([
    // an override's dose points at the review that authorized it, and the review at the held dose: cut that loop first
    prisma.doseEvent.updateMany({ where: { courseId: { in: courseIds } }, data: { authorizedByReviewId: null } }),
    prisma.holdReview.deleteMany({ where: { doseEvent: { courseId: { in: courseIds } } } }),
    prisma.doseEvent.deleteMany({ where: { courseId: { in: courseIds } } }),
    prisma.doseCountVerification.deleteMany({ where: { courseId: { in: courseIds } } }),
    prisma.courseAmendment.deleteMany({ where: { courseId: { in: courseIds } } }),
    prisma.assessment.deleteMany({ where: { courseId: { in: courseIds } } }),
    prisma.course.deleteMany({ where: { id: { in: courseIds } } }),
    prisma.patientMovement.deleteMany({ where: { patientId: { in: patientIds } } }),
    prisma.patient.deleteMany({ where: { id: { in: patientIds } } }),
    prisma.unitAssignment.deleteMany({ where: { unitId: { in: unitIds } } }),
    prisma.unit.deleteMany({ where: { id: { in: unitIds } } }),
  ]);
  created.patientIds.clear();
  created.unitIds.clear();
}

export const test = base.extend<object, { e2eData: void }>({
  e2eData: [
    // Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      await use();
      await removeCreatedData();
    },
    { scope: "worker", auto: true },
  ],
});

async function newPatient(data: { mrn: string; familyName: string; givenName: string; birthDate: Date; unitId: string }) {
  const patient = await prisma.patient.create({ data });
  created.patientIds.add(patient.id);
  return patient;
}

export async function demoUnit() {
  return prisma.unit.findUniqueOrThrow({ where: { name: "Oncology 7 West" } });
}

/** A new patient on the demo unit, without a course. */
export async function newDemoPatient(familyName = "Story") {
  const unit = await demoUnit();
  return newPatient({ mrn: `E2E-${tag()}`, familyName, givenName: `Pat ${tag()}`, birthDate: new Date("1972-06-01"), unitId: unit.id });
}

/** A unit no demo user works on, with a verified TIL course: nobody signed in with a demo account may see it. */
export async function otherUnitCourse() {
  const unit = await prisma.unit.create({ data: { name: `Other ward ${tag()}`, timeZone: "UTC" } });
  created.unitIds.add(unit.id);
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  const patient = await newPatient({ mrn: `OTHER-${tag()}`, familyName: "Elsewhere", givenName: "Ona", birthDate: new Date("1960-01-01"), unitId: unit.id });
  return prisma.course.create({
    data: {
      patientId: patient.id, protocol: "til_adjunct", ruleSetId: "til-2024", ruleSetVersion: "1.0.0", dosingWeightKg: 70, baselineWeightKg: 70,
      doseIuPerKg: 600_000, tilInfusionEndAt: new Date(Date.now() - 4 * 3_600_000), status: "active", orderedById: attending.id,
    },
  });
}

/**
 * Moves a course's history `hours` into the past, as if that much time had passed — the only way an e2e run can
 * reach "the next dose, 8 hours later" without waiting 8 hours. Test-only; the app never rewrites clinical rows.
 */
export async function timePasses(courseId: string, hours: number) {
  const ms = hours * 3_600_000;
  const shift = <T extends Date | null>(d: T): T => (d ? new Date(d.getTime() - ms) : d) as T;
  const course = await prisma.course.findUniqueOrThrow({ where: { id: courseId }, include: { doseEvents: true, assessments: true } });
  await prisma.course.update({ where: { id: courseId }, data: { tilInfusionEndAt: shift(course.tilInfusionEndAt), startAt: shift(course.startAt), orderedAt: shift(course.orderedAt), weightVerifiedAt: shift(course.weightVerifiedAt) } });
  for (const e of course.doseEvents) await prisma.doseEvent.update({ where: { id: e.id }, data: { occurredAt: shift(e.occurredAt)!, recordedAt: shift(e.recordedAt)! } });
  for (const a of course.assessments) {
    const observedAt = Object.fromEntries(Object.entries((a.observedAt ?? {}) as Record<string, string>).map(([k, v]) => [k, shift(new Date(v)).toISOString()]));
    await prisma.assessment.update({ where: { id: a.id }, data: { takenAt: shift(a.takenAt)!, labsAt: shift(a.labsAt), recordedAt: shift(a.recordedAt)!, observedAt } });
  }
}

/**
 * A verified TIL course (the newest rule set) on the demo unit whose dose 1 was given `givenHoursAgo` ago, with the
 * complete assessment it was given on (every lab drawn an hour before). For specs that start mid-course.
 */
export async function tilCourseAfterDose1(o: { familyName: string; givenHoursAgo: number }) {
  const patient = await newDemoPatient(o.familyName);
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const pharmacist = await prisma.user.findUniqueOrThrow({ where: { email: "pharmacist@bolus.demo" } });
  const ruleSet = latestRuleSetFor("til-adjunct");
  const hour = 3_600_000;
  const givenAt = new Date(Date.now() - o.givenHoursAgo * hour);
  const course = await prisma.course.create({
    data: {
      patientId: patient.id, protocol: "til_adjunct", ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, dosingWeightKg: 80, baselineWeightKg: 80,
      doseIuPerKg: 600_000, targetSbpMmHg: 95, tilInfusionEndAt: new Date(givenAt.getTime() - 4 * hour), status: "active", orderedById: attending.id,
      weightVerifiedById: pharmacist.id, weightVerifiedAt: new Date(givenAt.getTime() - 3 * hour),
    },
  });
  const assessment = await completeAssessment(course.id, nurse.id, new Date(givenAt.getTime() - 20 * 60_000));
  await prisma.doseEvent.create({
    data: {
      courseId: course.id, sequence: 1, kind: "given", cycle: 1, doseIu: 48_000_000, occurredAt: givenAt, assessmentId: assessment.id, engineDecision: "give",
      decisionSnapshot: { fixture: true }, ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, criteria: [], recordedById: nurse.id, recordedAt: givenAt,
    },
  });
  return { course, patient, patientName: `${patient.familyName}, ${patient.givenName}` };
}

/** A complete, well assessment taken at `takenAt`, every lab drawn an hour before: nothing in it holds a dose. */
async function completeAssessment(courseId: string, recordedById: string, takenAt: Date) {
  const drawn = new Date(takenAt.getTime() - 40 * 60_000).toISOString();
  return prisma.assessment.create({
    data: {
      courseId, takenAt, labsAt: new Date(drawn), recordedById, recordedAt: takenAt,
      sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 480, urineOutputHours: 8,
      weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
      creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.8, infection: "none", giBleeding: "none", permanentEvents: [],
      observedAt: { creatinineMgDl: drawn, plateletsPerUl: drawn, bilirubinMgDl: drawn, bicarbonateMmolL: drawn },
    },
  });
}

/**
 * A course on which dose 2 may be given now: dose 1 was given 8 h ago and a complete, well assessment was taken
 * 10 minutes ago. A nurse sees "Give dose 2" here, so a role that does not see it is refused by its role, not by the
 * course's state (the "not allowed" specs check the nurse first).
 */
export async function tilCourseReadyForDose2(familyName: string) {
  const made = await tilCourseAfterDose1({ familyName, givenHoursAgo: 8 });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  await completeAssessment(made.course.id, nurse.id, new Date(Date.now() - 10 * 60_000));
  return made;
}

/** A patient admitted through the screens (by MRN), so that the worker's cleanup removes it with its course. */
export async function forgetAfterwards(mrn: string) {
  const patient = await prisma.patient.findUniqueOrThrow({ where: { mrn } });
  created.patientIds.add(patient.id);
}

/**
 * A second unit with a nurse of its own (decision 049: a transfer may go to any unit). The nurse stays in the
 * throwaway e2e database (the append-only audit names her); the unit and her assignment are removed.
 */
export async function unitWithNurse(password: string) {
  const unit = await prisma.unit.create({ data: { name: `Step-down ${tag()}`, timeZone: "UTC" } });
  created.unitIds.add(unit.id);
  const nurse = await prisma.user.create({
    data: { email: `nurse-${tag()}@e2e.bolus`, name: `Nurse ${tag()}`, role: "nurse", passwordHash: await hashPassword(password), assignments: { create: [{ unitId: unit.id }] } },
  });
  return { unit, nurse };
}

/** A unit created through the screens (by name), so that the worker's cleanup removes it with its assignments. */
export async function forgetUnitAfterwards(name: string) {
  const unit = await prisma.unit.findUniqueOrThrow({ where: { name } });
  created.unitIds.add(unit.id);
}

/** A clinician with a known password on the given units (stays, like unitWithNurse's nurse; assignments to this worker's units are removed). */
export async function clinicianOn(role: "attending" | "pharmacist" | "nurse", unitIds: string[], password: string) {
  return prisma.user.create({
    data: { email: `${role}-${tag()}@e2e.bolus`, name: `${role[0]!.toUpperCase()}${role.slice(1)} ${tag()}`, role, passwordHash: await hashPassword(password), assignments: { create: unitIds.map((unitId) => ({ unitId })) } },
  });
}

/**
 * Downtime back-entry (decision 061): a verified TIL course (the newest rule set) on the demo unit whose cells ended
 * `cellsEndedHoursAgo` ago, with no assessment and no dose on record — the doses of the downtime are on paper.
 */
export async function tilCourseWithoutDoses(familyName: string, cellsEndedHoursAgo: number) {
  const patient = await newDemoPatient(familyName);
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  const pharmacist = await prisma.user.findUniqueOrThrow({ where: { email: "pharmacist@bolus.demo" } });
  const ruleSet = latestRuleSetFor("til-adjunct");
  const cellsEnd = new Date(Date.now() - cellsEndedHoursAgo * 3_600_000);
  const course = await prisma.course.create({
    data: {
      patientId: patient.id, protocol: "til_adjunct", ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, dosingWeightKg: 80, baselineWeightKg: 80,
      doseIuPerKg: 600_000, targetSbpMmHg: 95, tilInfusionEndAt: cellsEnd, status: "active", orderedById: attending.id,
      weightVerifiedById: pharmacist.id, weightVerifiedAt: new Date(cellsEnd.getTime() + 3_600_000),
    },
  });
  return { course, patientName: `${patient.familyName}, ${patient.givenName}` };
}
