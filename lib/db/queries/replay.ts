import "server-only";
import { prisma } from "@/lib/db/client";
import type { ReplayRecord } from "@/lib/domain/replay";

/**
 * A course's record as stored, for the replay (lib/domain/replay.ts): the course (only if on one of the user's
 * units — otherwise null, exactly as for a course that does not exist), every assessment and every dose event with
 * the ids of its attending reviews, in any status (the replay itself leaves out what was entered in error).
 */
export async function loadCourseReplay(unitIds: readonly string[], courseId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(courseId)) return null;
  const course = await prisma.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: [...unitIds] } } },
    include: {
      patient: { select: { familyName: true, givenName: true, mrn: true, unit: { select: { name: true, timeZone: true } } } },
      doseEvents: { orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } },
      assessments: { orderBy: [{ takenAt: "asc" }, { recordedAt: "asc" }] },
    },
  });
  if (!course) return null;
  const { patient, doseEvents, assessments, ...rest } = course;
  const record: ReplayRecord = { course: rest, assessments, events: doseEvents };
  return { record, patient };
}
