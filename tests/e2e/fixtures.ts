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
 * Issue 14, handoff sheet: a TIL course whose dose 2 may be given and is due in 15 minutes (dose 1 given 7 h 45 min
 * ago, a complete, well assessment 10 minutes ago).
 */
export async function tilCourseDose2DueSoon(familyName: string) {
  const made = await tilCourseAfterDose1({ familyName, givenHoursAgo: 7.75 });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  await completeAssessment(made.course.id, nurse.id, new Date(Date.now() - 10 * 60_000));
  return made;
}

/**
 * Issue 14, handoff sheet: a TIL course whose dose 2 was held 10 minutes ago for low urine output (120 mL over 8 h,
 * on an assessment taken 20 minutes ago), the hold not yet reviewed: it waits for the attending.
 */
export async function tilCourseHeldAwaitingReview(familyName: string) {
  const made = await tilCourseAfterDose1({ familyName, givenHoursAgo: 8 });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const assessment = await completeAssessment(made.course.id, nurse.id, new Date(Date.now() - 20 * 60_000));
  await prisma.assessment.update({ where: { id: assessment.id }, data: { urineOutputMl: 120 } });
  const heldAt = new Date(Date.now() - 10 * 60_000);
  await prisma.doseEvent.create({
    data: {
      courseId: made.course.id, sequence: 2, kind: "held", cycle: 1, doseIu: null, occurredAt: heldAt, assessmentId: assessment.id, engineDecision: "hold", tier: "hold",
      decisionSnapshot: { fixture: true }, ruleSetId: made.course.ruleSetId, ruleSetVersion: made.course.ruleSetVersion, criteria: ["urine-output-low"],
      recordedById: nurse.id, recordedAt: heldAt,
    },
  });
  return made;
}

/**
 * Replay (issue 14 item 5): a TIL course at 50 kg whose dose 1 was given 16 h ago and whose next dose was held 8 h
 * ago for urine output 160 mL over 8 h (20 mL/h ÷ 50 kg = 0.4 mL/kg/h: below TIL's 0.5 mL/kg/h, not below
 * monotherapy's 20 mL/h), then a well assessment 30 min ago with no dose yet. Each event stores the engine's own
 * decision of its moment under the course's rules (til-2024 latest), as record-dose stores it.
 */
export async function tilCourseHeldForUrineOutput(familyName: string) {
  const { decideForCourse } = await import("@/lib/domain/engine-request");
  const { decisionSnapshotOf, engineDecisionOf } = await import("@/lib/domain/stored-decision");
  const patient = await newDemoPatient(familyName);
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const pharmacist = await prisma.user.findUniqueOrThrow({ where: { email: "pharmacist@bolus.demo" } });
  const ruleSet = latestRuleSetFor("til-adjunct");
  const hour = 3_600_000;
  const givenAt = new Date(Date.now() - 16 * hour);
  const heldAt = new Date(Date.now() - 8 * hour);
  const course = await prisma.course.create({
    data: {
      patientId: patient.id, protocol: "til_adjunct", ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, dosingWeightKg: 50, baselineWeightKg: 50,
      doseIuPerKg: 600_000, targetSbpMmHg: 95, tilInfusionEndAt: new Date(givenAt.getTime() - 4 * hour), status: "active", orderedById: attending.id,
      weightVerifiedById: pharmacist.id, weightVerifiedAt: new Date(givenAt.getTime() - 3 * hour),
    },
  });
  const at50kg = async (takenAt: Date, urineOutputMl: number) => {
    const made = await completeAssessment(course.id, nurse.id, takenAt);
    return prisma.assessment.update({ where: { id: made.id }, data: { weightKg: 50.5, urineOutputMl } });
  };
  const first = await at50kg(new Date(givenAt.getTime() - 20 * 60_000), 400);
  const low = await at50kg(new Date(heldAt.getTime() - 20 * 60_000), 160);
  const record = async (sequence: number, kind: "given" | "held", occurredAt: Date, assessment: typeof first) => {
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, include: { holdReviews: { select: { id: true } } } });
    const outcome = decideForCourse({ now: occurredAt, course, events, assessment });
    const criteria = outcome.ok ? outcome.result.findings.map((f) => f.criterion) : [];
    await prisma.doseEvent.create({
      data: {
        courseId: course.id, sequence, kind, cycle: 1, doseIu: kind === "given" ? 30_000_000 : null, occurredAt, assessmentId: assessment.id,
        engineDecision: engineDecisionOf(outcome), decisionSnapshot: decisionSnapshotOf(outcome) as object, tier: kind === "held" ? "hold" : null,
        ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, criteria, recordedById: nurse.id, recordedAt: occurredAt,
      },
    });
    return outcome;
  };
  await record(1, "given", givenAt, first);
  const held = await record(2, "held", heldAt, low);
  if (!held.ok || held.result.decision !== "hold") throw new Error(`the fixture's held dose should be a hold: ${JSON.stringify(held)}`);
  await at50kg(new Date(Date.now() - 30 * 60_000), 400);
  return { course, patient, patientName: `${patient.familyName}, ${patient.givenName}`, givenAt, heldAt };
}

/**
 * A verified TIL course (the newest rule set; dosing weight 70 kg, baseline 72 kg, SBP target 95 mmHg) with three
 * assessments and three dose events for the trends (tests/e2e/trends.spec.ts): dose 1 given on a well assessment;
 * a hold for SBP 92 mmHg (below the target) on an assessment with 240 mL over 4 h (0.857 mL/kg/h), weight 75.6 kg
 * (5.0 % over baseline) and the first creatinine carried (one point, not two); dose 2 given on a later assessment
 * with a new creatinine. Times are hours before now, so every value lies within the course.
 */
export async function tilCourseWithTrends(familyName: string) {
  const patient = await newDemoPatient(familyName);
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  const nurse = await prisma.user.findUniqueOrThrow({ where: { email: "nurse@bolus.demo" } });
  const pharmacist = await prisma.user.findUniqueOrThrow({ where: { email: "pharmacist@bolus.demo" } });
  const ruleSet = latestRuleSetFor("til-adjunct");
  const hour = 3_600_000;
  const ago = (h: number) => new Date(Date.now() - h * hour);
  const course = await prisma.course.create({
    data: {
      patientId: patient.id, protocol: "til_adjunct", ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, dosingWeightKg: 70, baselineWeightKg: 72,
      doseIuPerKg: 600_000, targetSbpMmHg: 95, tilInfusionEndAt: ago(23), status: "active", orderedById: attending.id,
      weightVerifiedById: pharmacist.id, weightVerifiedAt: ago(22.5),
    },
  });
  const common = {
    courseId: course.id, recordedById: nurse.id, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, mentalStatus: "normal",
    phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false, plateletsPerUl: 142_000,
    bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.4, infection: "none", giBleeding: "none",
  };
  const firstDraw = ago(21);
  const labTimes = (t: Date) => ({ creatinineMgDl: t.toISOString(), plateletsPerUl: t.toISOString(), bilirubinMgDl: t.toISOString(), bicarbonateMmolL: t.toISOString() });
  const a1 = await prisma.assessment.create({
    data: { ...common, permanentEvents: [], takenAt: ago(20), recordedAt: ago(20), labsAt: firstDraw, sbpMmHg: 112, heartRateBpm: 96, urineOutputMl: 560, urineOutputHours: 8, weightKg: 72.5, creatinineMgDl: 1.0, observedAt: labTimes(firstDraw) },
  });
  const a2 = await prisma.assessment.create({
    data: {
      ...common, permanentEvents: [], takenAt: ago(11), recordedAt: ago(11), labsAt: firstDraw, sbpMmHg: 92, heartRateBpm: 104, urineOutputMl: 240, urineOutputHours: 4, weightKg: 75.6, creatinineMgDl: 1.0,
      observedAt: labTimes(firstDraw), carriedFields: ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"], carriedFromId: a1.id,
    },
  });
  const secondDraw = ago(4);
  const a3 = await prisma.assessment.create({
    data: { ...common, permanentEvents: [], takenAt: ago(3), recordedAt: ago(3), labsAt: secondDraw, sbpMmHg: 118, heartRateBpm: 92, urineOutputMl: 400, urineOutputHours: 8, weightKg: 75.6, creatinineMgDl: 1.3, observedAt: labTimes(secondDraw) },
  });
  const eventOf = (sequence: number, kind: "given" | "held", at: Date, assessmentId: string, criteria: string[]) => ({
    courseId: course.id, sequence, kind, cycle: 1, doseIu: kind === "given" ? 42_000_000 : null, occurredAt: at, assessmentId, engineDecision: kind === "given" ? "give" : "hold",
    tier: kind === "held" ? "hold" : null, decisionSnapshot: { fixture: true }, ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, criteria, recordedById: nurse.id, recordedAt: at,
  });
  await prisma.doseEvent.create({ data: eventOf(1, "given", ago(19.5), a1.id, []) });
  await prisma.doseEvent.create({ data: eventOf(2, "held", ago(10.5), a2.id, ["sbp-low"]) });
  await prisma.doseEvent.create({ data: eventOf(3, "given", ago(2.5), a3.id, []) });
  return { course, patient, patientName: `${patient.familyName}, ${patient.givenName}` };
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
