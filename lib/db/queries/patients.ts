import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import type { AdmittedWithoutCourse, PatientListRow, UnitOption } from "@/lib/views/patients";

const OPEN = { status: { in: ["ordered" as const, "active" as const] } };

/** Every patient on the given units, admitted first (by name), then discharged (latest first); the record stays. */
export async function listPatients(unitIds: readonly string[]): Promise<PatientListRow[]> {
  const rows = await prisma.patient.findMany({
    where: { unitId: { in: [...unitIds] } },
    include: {
      unit: true,
      courses: { where: OPEN, select: { id: true, status: true }, take: 1 },
      movements: { where: { kind: "admit" }, select: { at: true }, orderBy: { at: "asc" }, take: 1 },
    },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
  });
  // the latest "discharged in error" of each patient (decision 056): the row says so while the stay it re-opened lasts
  const corrections = await prisma.patientMovement.findMany({
    where: { patientId: { in: rows.map((p) => p.id) }, kind: "discharge_in_error" },
    select: { patientId: true, at: true, note: true, by: { select: { name: true } }, corrects: { select: { at: true } } },
    orderBy: { at: "desc" },
  });
  const correctionOf = new Map<string, PatientListRow["dischargeCorrection"]>();
  for (const c of corrections) {
    if (!correctionOf.has(c.patientId)) correctionOf.set(c.patientId, { at: c.at, byName: c.by.name, reason: c.note, dischargedAt: c.corrects?.at ?? c.at });
  }
  const list = rows.map(
    (p): PatientListRow => ({
      id: p.id,
      name: `${p.familyName}, ${p.givenName}`,
      mrn: p.mrn,
      birthDate: p.birthDate.toISOString().slice(0, 10),
      gender: p.gender,
      unit: { id: p.unit.id, name: p.unit.name, timeZone: p.unit.timeZone },
      openCourse: p.courses[0] ? { id: p.courses[0].id, status: p.courses[0].status === "ordered" ? "ordered" : "active" } : null,
      admittedAt: p.movements[0]?.at ?? p.createdAt,
      dischargedAt: p.dischargedAt,
      dischargeCorrection: p.dischargedAt ? null : (correctionOf.get(p.id) ?? null),
    }),
  );
  const admitted = list.filter((p) => !p.dischargedAt);
  const discharged = list.filter((p) => p.dischargedAt).sort((a, b) => b.dischargedAt!.getTime() - a.dischargedAt!.getTime());
  return [...admitted, ...discharged];
}

/** Admitted patients on the given units without an ordered or active course: the board offers to order one. */
export async function listAdmittedWithoutCourse(unitIds: readonly string[]): Promise<AdmittedWithoutCourse[]> {
  const rows = await prisma.patient.findMany({
    where: { unitId: { in: [...unitIds] }, dischargedAt: null, courses: { none: OPEN } },
    select: {
      id: true, familyName: true, givenName: true, mrn: true, unit: { select: { timeZone: true } },
      // the last movement: a "discharged in error" (decision 056) is said on the board too
      movements: { select: { kind: true, at: true, note: true, by: { select: { name: true } }, corrects: { select: { at: true } } }, orderBy: { at: "desc" }, take: 1 },
    },
    orderBy: [{ familyName: "asc" }, { givenName: "asc" }],
  });
  return rows.map((p) => {
    const last = p.movements[0];
    const correction = last?.kind === "discharge_in_error" ? { at: last.at, byName: last.by.name, reason: last.note, dischargedAt: last.corrects?.at ?? last.at } : null;
    return { id: p.id, name: `${p.familyName}, ${p.givenName}`, mrn: p.mrn, timeZone: p.unit.timeZone, dischargeCorrection: correction };
  });
}

/** The units a patient may be admitted to by this user: their own. */
export async function listUnitsIn(unitIds: readonly string[]): Promise<UnitOption[]> {
  return prisma.unit.findMany({ where: { id: { in: [...unitIds] } }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** Every unit of the hospital: a patient may be transferred to any of them (decision 049). */
export async function listAllUnits(): Promise<UnitOption[]> {
  return prisma.unit.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/**
 * Locks the patient's row for the rest of the transaction and reads it again: a discharge, a transfer and an order
 * for the same patient wait for each other, so none decides on a state another is changing.
 */
export async function lockPatientRow(tx: Tx, patientId: string): Promise<{ unitId: string; dischargedAt: Date | null }> {
  const rows = await tx.$queryRaw<{ unitId: string; dischargedAt: Date | null }[]>`SELECT "unitId"::text AS "unitId", "dischargedAt" FROM "Patient" WHERE id = ${patientId}::uuid FOR UPDATE`;
  const row = rows[0];
  if (!row) throw new Error(`patient ${patientId} vanished inside its transaction`);
  return row;
}
