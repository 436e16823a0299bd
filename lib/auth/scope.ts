import "server-only";
import type { Tx } from "@/lib/db/client";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { movedOutOfUnits, transferredAwayWords } from "@/lib/domain/admission";
import { formatClock } from "@/lib/format";
import type { CurrentSession } from "@/lib/auth/session";

/**
 * The course, if it is on one of the user's units. A course on another unit is answered exactly like a course
 * that does not exist. Reads with FOR UPDATE semantics are the caller's choice (pass the transaction).
 */
export async function findCourseInScope(tx: Tx, session: CurrentSession, courseId: string) {
  const course = await tx.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: session.user.unitIds } } },
    include: { patient: { include: { unit: true } } },
  });
  if (!course) throw notFound("course");
  return course;
}

export async function findPatientInScope(tx: Tx, session: CurrentSession, patientId: string) {
  const patient = await tx.patient.findFirst({ where: { id: patientId, unitId: { in: session.user.unitIds } } });
  if (!patient) throw notFound("patient");
  return patient;
}

/**
 * Serializes writes to one course — concurrent actions on the same course wait for each other inside PostgreSQL —
 * and checks the scope again under the lock (decision 056), so no course action can forget it:
 * 1. the patient's row FOR KEY SHARE: a transfer or a discharge (which hold it FOR UPDATE, lockPatientRow) in
 *    progress is waited for, whether or not it also holds this course's lock (a transfer takes only the open
 *    course's); ordinary updates of the patient do not conflict with it. The order is the transfer's: patient, then course;
 * 2. the course's row FOR UPDATE;
 * 3. the patient's unit read again by a statement of its own (it sees what committed while this one waited): when it
 *    is no longer one of the user's, the old unit is told where the patient went (movedAwayRefusal, `notDone` ends
 *    the sentence: "the dose was not recorded"), anyone else "not found".
 * The caller's scope check before the lock stays: never lock another unit's record.
 */
export async function lockCourse(tx: Tx, session: CurrentSession, courseId: string, now: Date, notDone: string): Promise<void> {
  await tx.$queryRaw`SELECT p.id FROM "Patient" p WHERE p.id = (SELECT c."patientId" FROM "Course" c WHERE c.id = ${courseId}::uuid) FOR KEY SHARE`;
  await tx.$queryRaw`SELECT id FROM "Course" WHERE id = ${courseId}::uuid FOR UPDATE`;
  const [where] = await tx.$queryRaw<{ patientId: string; unitId: string }[]>`
    SELECT p.id::text AS "patientId", p."unitId"::text AS "unitId" FROM "Course" c JOIN "Patient" p ON p.id = c."patientId" WHERE c.id = ${courseId}::uuid`;
  if (!where) throw notFound("course");
  await requireStillInScope(tx, session, { id: where.patientId, unitId: where.unitId }, now, notDone, "course");
}

/**
 * The answer for someone of the old unit whose patient was just transferred away (decision 049, amendment of
 * 3 Dec 2026): a CONFLICT naming the new unit, the time on the old unit's clock and who moved the patient — only when
 * the patient's last movement was a transfer out of one of the user's units within the last 24 hours
 * (lib/domain/admission.ts movedOutOfUnits); otherwise null, and the caller answers "not found" as for any record
 * outside the user's units. `notDone` ends the sentence: "the dose was not recorded".
 */
export async function movedAwayRefusal(tx: Tx, session: CurrentSession, patientId: string, now: Date, notDone: string): Promise<ActionRefusal | null> {
  const last = await tx.patientMovement.findFirst({ where: { patientId }, orderBy: { at: "desc" }, include: { by: { select: { name: true } } } });
  if (!last || !movedOutOfUnits(last, session.user.unitIds, now)) return null;
  const to = await tx.unit.findUniqueOrThrow({ where: { id: last.toUnitId! }, select: { name: true } });
  const from = await tx.unit.findUniqueOrThrow({ where: { id: last.fromUnitId! }, select: { timeZone: true } });
  const words = transferredAwayWords({ toUnitName: to.name, at: formatClock(last.at, from.timeZone, now), byName: last.by.name, notDone });
  return new ActionRefusal("CONFLICT", words, { details: { patientId, movementId: last.id, toUnitId: last.toUnitId } });
}

/**
 * After the patient's row is locked (lib/db/queries/patients.ts lockPatientRow), the unit read under the lock must
 * still be one of the user's: the scope check before the lock read a row another transaction may have moved since.
 * Otherwise the patient was just transferred away: the words of movedAwayRefusal, or "not found".
 */
export async function requireStillInScope(tx: Tx, session: CurrentSession, patient: { id: string; unitId: string }, now: Date, notDone: string, what: "patient" | "course" = "patient"): Promise<void> {
  if (session.user.unitIds.includes(patient.unitId)) return;
  throw (await movedAwayRefusal(tx, session, patient.id, now, notDone)) ?? notFound(what);
}
