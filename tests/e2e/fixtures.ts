// Data the end-to-end specs need beyond the demo data, written straight to the e2e database (DATABASE_URL).
import { randomUUID } from "node:crypto";
import { prisma } from "@/lib/db/client";
import { latestRuleSetFor } from "@/lib/rules";

const tag = () => randomUUID().slice(0, 6);

export async function demoUnit() {
  return prisma.unit.findUniqueOrThrow({ where: { name: "Oncology 7 West" } });
}

/** A new patient on the demo unit, without a course. */
export async function newDemoPatient(familyName = "Story") {
  const unit = await demoUnit();
  return prisma.patient.create({ data: { mrn: `E2E-${tag()}`, familyName, givenName: `Pat ${tag()}`, birthDate: new Date("1972-06-01"), unitId: unit.id } });
}

/** A unit no demo user works on, with a verified TIL course: nobody signed in with a demo account may see it. */
export async function otherUnitCourse() {
  const unit = await prisma.unit.create({ data: { name: `Other ward ${tag()}`, timeZone: "UTC" } });
  const attending = await prisma.user.findUniqueOrThrow({ where: { email: "attending@bolus.demo" } });
  const patient = await prisma.patient.create({ data: { mrn: `OTHER-${tag()}`, familyName: "Elsewhere", givenName: "Ona", birthDate: new Date("1960-01-01"), unitId: unit.id } });
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
  const takenAt = new Date(givenAt.getTime() - 20 * 60_000);
  const drawn = new Date(givenAt.getTime() - hour).toISOString();
  const assessment = await prisma.assessment.create({
    data: {
      courseId: course.id, takenAt, labsAt: new Date(drawn), recordedById: nurse.id, recordedAt: takenAt,
      sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 480, urineOutputHours: 8,
      weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
      creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.8, infection: "none", giBleeding: "none", permanentEvents: [],
      observedAt: { creatinineMgDl: drawn, plateletsPerUl: drawn, bilirubinMgDl: drawn, bicarbonateMmolL: drawn },
    },
  });
  await prisma.doseEvent.create({
    data: {
      courseId: course.id, sequence: 1, kind: "given", cycle: 1, doseIu: 48_000_000, occurredAt: givenAt, assessmentId: assessment.id, engineDecision: "give",
      decisionSnapshot: { fixture: true }, ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, criteria: [], recordedById: nurse.id, recordedAt: givenAt,
    },
  });
  return { course, patient, patientName: `${patient.familyName}, ${patient.givenName}` };
}
