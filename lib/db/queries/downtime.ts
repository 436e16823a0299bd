import "server-only";
import { prisma } from "@/lib/db/client";
import { carrySourceOf } from "@/lib/domain/engine-request";
import { CURRENT_ASSESSMENT_ORDER } from "@/lib/domain/current-assessment";
import { lastActiveEvent } from "@/lib/domain/dose-policy";
import { criterionLabel } from "@/lib/domain/vocabulary";
import { coursePermanentEvents } from "@/lib/db/permanent-events";
import { getRuleSet } from "@/lib/rules";
import type { DowntimePageView } from "@/lib/views/downtime";

const userName = { select: { id: true, name: true } } as const;

/**
 * The downtime back-entry page of a course (decision 061): only a course on one of the user's units (otherwise null,
 * exactly as for a course that does not exist), what its form needs, and its entries made after a downtime.
 */
export async function loadDowntimePage(unitIds: readonly string[], courseId: string, userId: string): Promise<DowntimePageView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(courseId)) return null;
  const course = await prisma.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: [...unitIds] } } },
    include: {
      patient: { include: { unit: true } },
      doseEvents: {
        orderBy: { sequence: "asc" },
        include: { recordedBy: userName, coSignedBy: userName, holdReviews: { include: { attending: userName }, orderBy: { signedAt: "asc" }, take: 1 } },
      },
    },
  });
  if (!course) return null;
  const latest = await prisma.assessment.findFirst({ where: { courseId, status: "active" }, orderBy: [...CURRENT_ASSESSMENT_ORDER] });
  const recorded = await coursePermanentEvents(prisma, courseId);
  const coSigners = await prisma.user.findMany({
    where: { active: true, id: { not: userId }, role: { in: ["nurse", "attending"] }, assignments: { some: { unitId: course.patient.unitId } } },
    select: { id: true, name: true, role: true },
    orderBy: { name: "asc" },
  });
  const ref = { id: course.ruleSetId, version: course.ruleSetVersion };
  const rs = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  return {
    courseId: course.id,
    patientName: `${course.patient.familyName}, ${course.patient.givenName}`,
    mrn: course.patient.mrn,
    unitName: course.patient.unit.name,
    timeZone: course.patient.unit.timeZone,
    status: course.status,
    ruleSet: ref,
    doseIu: Math.round(Number(course.dosingWeightKg.toString()) * course.doseIuPerKg),
    dosingWeightKg: course.dosingWeightKg.toString(),
    lastEventAt: lastActiveEvent(course.doseEvents)?.occurredAt ?? null,
    criteria: (rs?.criteria ?? []).map((c) => ({ id: c.id, label: criterionLabel(c.id, ref) })),
    carry: latest ? { ...carrySourceOf(latest), permanentEvents: recorded } : null,
    coSigners,
    entries: course.doseEvents
      .filter((e) => e.enteredAfterDowntime)
      .map((e) => ({
        id: e.id,
        sequence: e.sequence,
        kind: e.kind,
        doseIu: e.doseIu,
        cycle: e.cycle,
        tier: e.tier,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        recordedByName: e.recordedBy.name,
        coSignedByName: e.coSignedBy?.name ?? null,
        coSignedAt: e.coSignedAt,
        coSignatureMeaning: e.coSignatureMeaning,
        engineDecision: e.engineDecision,
        ruleSet: { id: e.ruleSetId, version: e.ruleSetVersion },
        criteria: [...e.criteria],
        note: e.note,
        flag: e.downtimeFlag,
        enteredInError: e.status === "entered_in_error",
        review: e.holdReviews[0]
          ? { outcome: e.holdReviews[0].outcome, byName: e.holdReviews[0].attending.name, at: e.holdReviews[0].signedAt, meaning: e.holdReviews[0].signatureMeaning, note: e.holdReviews[0].reason }
          : null,
      })),
  };
}
