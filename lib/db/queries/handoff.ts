import "server-only";
import { prisma } from "@/lib/db/client";
import { CURRENT_ASSESSMENT_ORDER } from "@/lib/domain/current-assessment";
import { buildHandoffSheet, type HandoffSheet } from "@/lib/domain/handoff";

const name = { select: { name: true } } as const;

/** The rows of one or more sheets, in one query (the board's shape, with the names a sheet prints). */
function readCourses(where: NonNullable<Parameters<typeof prisma.course.findMany>[0]>["where"]) {
  return prisma.course.findMany({
    where,
    include: {
      patient: { include: { unit: true } },
      doseEvents: {
        orderBy: { sequence: "asc" },
        include: { recordedBy: name, coSignedBy: name, holdReviews: { orderBy: { signedAt: "asc" }, include: { attending: name } } },
      },
      // every active one: the decision is on the current picture, the latest value of each field (decision 042)
      assessments: { where: { status: "active" }, orderBy: [...CURRENT_ASSESSMENT_ORDER], include: { recordedBy: name } },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1 },
    },
  });
}

type Row = Awaited<ReturnType<typeof readCourses>>[number];

function sheetOf(c: Row, now: Date): HandoffSheet {
  return buildHandoffSheet({
    course: c,
    patient: c.patient,
    unit: c.patient.unit,
    events: c.doseEvents.map((e) => ({
      ...e,
      recordedByName: e.recordedBy.name,
      coSignedByName: e.coSignedBy?.name ?? null,
      holdReviews: e.holdReviews.map((r) => ({ id: r.id, outcome: r.outcome, attendingName: r.attending.name, signedAt: r.signedAt, reason: r.reason })),
    })),
    assessments: c.assessments.map((a) => ({ ...a, recordedByName: a.recordedBy.name })),
    lastCountVerification: c.countVerifications[0] ?? null,
    now,
  });
}

/**
 * One course's sheet, any status (a closed course's sheet says so), only if the course is on one of the user's
 * units — otherwise null, exactly as for a course that does not exist.
 */
export async function loadCourseHandoff(unitIds: readonly string[], courseId: string, now: Date): Promise<HandoffSheet | null> {
  if (!/^[0-9a-f-]{36}$/i.test(courseId)) return null;
  const [course] = await readCourses({ id: courseId, patient: { unitId: { in: [...unitIds] } } });
  return course ? sheetOf(course, now) : null;
}

/**
 * The unit sheet: every open course (ordered or active) on `unitIds`, by unit then patient name. One query for all
 * the courses and their rows; the decisions are then made in memory, as the board makes them.
 */
export async function loadUnitHandoff(unitIds: readonly string[], now: Date): Promise<HandoffSheet[]> {
  if (unitIds.length === 0) return [];
  // "ordered" or "active" rather than "not closed", so the planner can use the partial index of open courses (decision 057)
  const courses = await readCourses({ status: { in: ["ordered", "active"] }, patient: { unitId: { in: [...unitIds] } } });
  return courses
    .map((c) => sheetOf(c, now))
    .sort((a, b) => a.patient.unitName.localeCompare(b.patient.unitName) || a.patient.name.localeCompare(b.patient.name) || a.patient.mrn.localeCompare(b.patient.mrn));
}
