import { prisma } from "@/lib/db/client";
import { carrySourceOf, decideForCourse } from "@/lib/domain/engine-request";
import { coursePermanentEvents } from "@/lib/db/permanent-events";
import { computeDose, getRuleSet } from "@/lib/rules";
import type { CurrentSession } from "@/lib/auth/session";

const userName = { select: { id: true, name: true, role: true } } as const;

/**
 * Everything a course page shows, read once: the course (only if on one of the user's units — otherwise null,
 * exactly as for a course that does not exist), its events with who recorded, witnessed and reviewed them, the
 * latest active assessment, the engine's decision at `now`, and the dose arithmetic.
 */
export async function loadCourseView(session: CurrentSession, courseId: string, now: Date) {
  if (!/^[0-9a-f-]{36}$/i.test(courseId)) return null;
  const course = await prisma.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: session.user.unitIds } } },
    include: {
      patient: { include: { unit: true } },
      orderedBy: userName,
      weightVerifiedBy: userName,
      cycle2ApprovedBy: userName,
      doseEvents: {
        orderBy: { sequence: "asc" },
        include: {
          recordedBy: userName,
          witness: userName,
          assessment: true,
          holdReviews: { include: { attending: userName }, orderBy: { signedAt: "asc" } },
        },
      },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1, include: { pharmacist: userName } },
    },
  });
  if (!course) return null;
  const latestAssessment = await prisma.assessment.findFirst({
    where: { courseId, status: "active" },
    orderBy: [{ takenAt: "desc" }, { recordedAt: "desc" }],
    include: { recordedBy: userName },
  });
  const outcome = decideForCourse({ now, course, events: course.doseEvents, assessment: latestAssessment });
  // An attending's override of the hold on the latest assessment allows one dose when, judged as it stood before
  // that hold (after a hold its values are stale for the held dose, contract 1.1), the rules said hold or give.
  const lastActive = course.doseEvents.filter((e) => e.status === "active").at(-1);
  let overrideUsable = false;
  if (lastActive && lastActive.kind === "held" && latestAssessment && lastActive.assessmentId === latestAssessment.id && lastActive.holdReviews.some((r) => r.outcome === "override")) {
    const before = decideForCourse({ now, course, events: course.doseEvents.filter((e) => e.id !== lastActive.id), assessment: latestAssessment });
    overrideUsable = before.ok && (before.result.decision === "hold" || before.result.decision === "give");
  }
  const recorded = await coursePermanentEvents(prisma, courseId);
  const carry = latestAssessment ? { ...carrySourceOf(latestAssessment), permanentEvents: recorded } : null;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion) ?? null;
  const dose = computeDose(Number(course.dosingWeightKg.toString()), course.doseIuPerKg, ruleSet?.arithmetic);
  return { course, latestAssessment, outcome, decision: outcome.ok ? outcome.result : null, ruleSet, dose, now, overrideUsable, carry };
}

export type CourseView = NonNullable<Awaited<ReturnType<typeof loadCourseView>>>;

/** Clinicians of the unit who may witness a dose (never the recorder themself). */
export async function listWitnesses(unitId: string, excludeUserId: string) {
  return prisma.user.findMany({
    where: { active: true, id: { not: excludeUserId }, role: { in: ["nurse", "attending"] }, assignments: { some: { unitId } } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
}
