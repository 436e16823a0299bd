import { randomUUID } from "node:crypto";
import * as clock from "@/lib/clock";
import { prisma } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import type { Role } from "@/lib/auth/permissions";

// Every factory makes uniquely named rows, so tests never depend on each other's data or on cleanup.
// Times are offsets from the server's clock (lib/clock.ts), never from the wall clock: a test that freezes the clock
// (support/clock.ts) gets rows that agree with what the actions it calls will see as "now". Columns the database
// fills itself (recordedAt, createdAt: DEFAULT now()) keep insertion order, as in production.
export const uid = () => randomUUID().slice(0, 8);

export async function makeUnit(name = `Unit ${uid()}`, timeZone = "UTC") {
  return prisma.unit.create({ data: { name, timeZone } });
}

const hashes = new Map<string, Promise<string>>();
function cachedHash(password: string) {
  if (!hashes.has(password)) hashes.set(password, hashPassword(password));
  return hashes.get(password)!;
}

export async function makeUser(role: Role, unitIds: string[], password = "correct horse battery", overrides: { active?: boolean } = {}) {
  return prisma.user.create({
    data: {
      email: `${role}-${uid()}@test.bolus`,
      name: `Test ${role} ${uid()}`,
      role,
      passwordHash: await cachedHash(password),
      active: overrides.active ?? true,
      assignments: { create: unitIds.map((unitId) => ({ unitId })) },
    },
  });
}

export async function makePatient(unitId: string) {
  return prisma.patient.create({
    data: { mrn: `T${uid()}`, familyName: "Testperson", givenName: uid(), birthDate: new Date("1970-01-01"), unitId },
  });
}

type CourseOptions = {
  protocol?: "til_adjunct" | "monotherapy";
  /** hours from the server's now to the anchor (TIL infusion end or mono start); negative = in the past */
  anchorHoursFromNow?: number;
  dosingWeightKg?: number;
  status?: "ordered" | "active" | "closed";
  orderedById: string;
  verifiedById?: string;
  targetSbpMmHg?: number | null;
};

/** A course on `patientId`; `status: "active"` means the pharmacist has verified it. */
export async function makeCourse(patientId: string, o: CourseOptions) {
  const protocol = o.protocol ?? "til_adjunct";
  const now = clock.now();
  const anchor = new Date(now.getTime() + (o.anchorHoursFromNow ?? -4) * 3_600_000);
  const status = o.status ?? "active";
  return prisma.course.create({
    data: {
      patientId,
      protocol,
      ruleSetId: protocol === "til_adjunct" ? "til-2024" : "mono-2014",
      ruleSetVersion: "1.0.0",
      dosingWeightKg: o.dosingWeightKg ?? 80,
      baselineWeightKg: o.dosingWeightKg ?? 80,
      doseIuPerKg: 600_000,
      ...(protocol === "til_adjunct" ? { tilInfusionEndAt: anchor, targetSbpMmHg: o.targetSbpMmHg ?? 90 } : { startAt: anchor }),
      status,
      orderedById: o.orderedById,
      ...(status !== "ordered" && o.verifiedById ? { weightVerifiedById: o.verifiedById, weightVerifiedAt: now } : {}),
    },
  });
}

/** Pre-dose values that fire no criterion in either rule set; override any of them. */
export function wellAssessment(overrides: Record<string, unknown> = {}) {
  return {
    sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0,
    urineOutputMl: 520, urineOutputHours: 8, weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0,
    otherVasopressor: false, fluidRefractoryHypotension: false, creatinineMgDl: 1.0, plateletsPerUl: 142_000,
    bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.9, infection: "none", giBleeding: "none", permanentEvents: [] as string[],
    ...overrides,
  };
}

/** Stores an assessment row directly (for tests of actions that read one). Times are minutes before the server's now. */
export async function makeAssessment(courseId: string, recordedById: string, o: { minutesAgo?: number; labsMinutesAgo?: number; values?: Record<string, unknown> } = {}) {
  const now = clock.now().getTime();
  return prisma.assessment.create({
    data: {
      ...(wellAssessment(o.values) as object),
      courseId,
      recordedById,
      takenAt: new Date(now - (o.minutesAgo ?? 10) * 60_000),
      labsAt: new Date(now - (o.labsMinutesAgo ?? 60) * 60_000),
    } as Parameters<typeof prisma.assessment.create>[0]["data"],
  });
}

/** Stores a dose event row directly, as if recorded `hoursAgo` before the server's now (the snapshot is marked as a test fixture). */
export async function makeDoseEvent(
  courseId: string,
  recordedById: string,
  o: { sequence: number; kind: "given" | "held" | "stopped" | "discontinued"; hoursAgo: number; cycle?: number; doseIu?: number; criteria?: string[]; assessmentId?: string },
) {
  const occurredAt = new Date(clock.now().getTime() - o.hoursAgo * 3_600_000);
  return prisma.doseEvent.create({
    data: {
      courseId,
      sequence: o.sequence,
      kind: o.kind,
      cycle: o.cycle ?? 1,
      doseIu: o.kind === "given" ? (o.doseIu ?? 48_000_000) : null,
      occurredAt,
      engineDecision: o.kind === "given" ? "give" : "hold",
      decisionSnapshot: { fixture: true },
      ruleSetId: "til-2024",
      ruleSetVersion: "1.0.0",
      criteria: o.criteria ?? [],
      recordedById,
      assessmentId: o.assessmentId ?? null,
    },
  });
}

/**
 * Marks a given dose event as back-entered after downtime, co-signed by `coSignedById` (never its recorder: the
 * database CHECK), and flagged: the rules would have held it (decision 061). The row an attending acknowledges.
 */
export async function flagAsDowntimeDose(eventId: string, coSignedById: string, flag = "Given during downtime; the rules would have held it: Urine output low.") {
  return prisma.doseEvent.update({
    where: { id: eventId },
    data: {
      enteredAfterDowntime: true, downtimeEntryMeaning: "Entered after downtime from the paper record",
      coSignedById, coSignedAt: clock.now(), coSignatureMeaning: "I confirm this entry matches the paper record", downtimeFlag: flag,
    },
  });
}
