import "server-only";
import { prisma } from "@/lib/db/client";
import { assessmentForEngine, carrySourceOf, decideForCourse } from "@/lib/domain/engine-request";
import { CURRENT_ASSESSMENT_ORDER, currentPicture } from "@/lib/domain/current-assessment";
import { courseDoseActions } from "@/lib/domain/dose-policy";
import { reviewWaitOf } from "@/lib/domain/review";
import { storedFindings } from "@/lib/domain/stored-decision";
import { coursePermanentEvents } from "@/lib/db/permanent-events";
import { computeDose, getRuleSet } from "@/lib/rules";
import type { TimelineEvent } from "@/lib/views/course";
import { pictureView } from "@/lib/views/assessment";

const userName = { select: { id: true, name: true, role: true } } as const;

/**
 * Everything a course page shows, read once: the course (only if on one of the user's units — otherwise null,
 * exactly as for a course that does not exist), its events with who recorded, witnessed and reviewed them, the
 * latest active assessment, the current picture of the patient (the latest value of each field among the active
 * assessments, each with its own time: lib/domain/current-assessment.ts), the engine's decision at `now` on that
 * picture, and the dose arithmetic.
 */
export async function loadCourseView(unitIds: readonly string[], courseId: string, now: Date) {
  if (!/^[0-9a-f-]{36}$/i.test(courseId)) return null;
  const course = await prisma.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: [...unitIds] } } },
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
          coSignedBy: userName,
          assessment: true,
          holdReviews: { include: { attending: userName }, orderBy: { signedAt: "asc" } },
        },
      },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1, include: { pharmacist: userName } },
    },
  });
  if (!course) return null;
  const assessments = await prisma.assessment.findMany({
    where: { courseId, status: "active" },
    orderBy: [...CURRENT_ASSESSMENT_ORDER],
    include: { recordedBy: userName },
  });
  // The decision is on the current picture, not on the latest assessment alone: a partial assessment never hides
  // the values of a fuller one (decision 042).
  const current = currentPicture(assessments);
  const latestAssessment = current?.latest ?? null;
  const outcome = decideForCourse({ now, course, events: course.doseEvents, assessment: current?.assessment ?? null });
  const timeline = course.doseEvents.map((e): TimelineEvent => ({
    id: e.id,
    sequence: e.sequence,
    kind: e.kind,
    cycle: e.cycle,
    tier: e.tier,
    doseIu: e.doseIu,
    occurredAt: e.occurredAt,
    engineDecision: e.engineDecision,
    ruleSetId: e.ruleSetId,
    ruleSetVersion: e.ruleSetVersion,
    recordedByName: e.recordedBy.name,
    witnessName: e.witness?.name ?? null,
    witnessSignature: e.witnessSignedAt && e.witnessMeaning ? { signedAt: e.witnessSignedAt, meaning: e.witnessMeaning } : null,
    authorizedByReview: e.authorizedByReviewId !== null,
    findings: storedFindings(e.decisionSnapshot),
    criteria: [...e.criteria],
    note: e.note,
    enteredInError: e.status === "entered_in_error" ? { at: e.enteredInErrorAt, reason: e.enteredInErrorReason } : null,
    reviews: e.holdReviews.map((r) => ({ id: r.id, outcome: r.outcome, attendingName: r.attending.name, signedAt: r.signedAt, signatureMeaning: r.signatureMeaning, reason: r.reason })),
    waitsFor: reviewWaitOf(e),
    downtime: e.enteredAfterDowntime ? { coSignedByName: e.coSignedBy?.name ?? null, coSignedAt: e.coSignedAt, flag: e.downtimeFlag } : null,
  }));
  const recorded = await coursePermanentEvents(prisma, courseId);
  const carry = latestAssessment ? { ...carrySourceOf(latestAssessment), permanentEvents: recorded } : null;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion) ?? null;
  const dose = computeDose(Number(course.dosingWeightKg.toString()), course.doseIuPerKg, ruleSet?.arithmetic);
  const decision = outcome.ok ? outcome.result : null;
  // An attending's override of the hold on the latest assessment allows one dose: the same test record-dose applies
  // (lib/domain/dose-policy.ts courseDoseActions, also the board's) — on the picture the attending signed.
  const actions = courseDoseActions({ course, events: course.doseEvents, assessments, latestAssessmentId: latestAssessment?.id ?? null, decision, timeZone: course.patient.unit.timeZone, now });
  const picture = current ? pictureView(current, assessments) : null;
  // the picture as the engine is sent it, for the form's live preview (pictureWithTyped lays the typed values over it)
  const pictureRequest = current ? assessmentForEngine(current.assessment) : null;
  return { course, assessments, latestAssessment, picture, pictureRequest, outcome, decision, ruleSet, dose, now, actions, carry, timeline };
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
