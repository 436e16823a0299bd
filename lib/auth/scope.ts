import "server-only";
import type { Tx } from "@/lib/db/client";
import { notFound } from "@/lib/refusal";
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

/** Serializes writes to one course: concurrent actions on the same course wait for each other inside PostgreSQL. */
export async function lockCourse(tx: Tx, courseId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM "Course" WHERE id = ${courseId}::uuid FOR UPDATE`;
}
