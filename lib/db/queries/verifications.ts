import "server-only";
import { prisma } from "@/lib/db/client";
import type { OrderVerificationView } from "@/lib/views/verification";
import { buildCountReport, countVerificationDue, type CountVerificationDue } from "@/lib/domain/count-report";
import { computeDose, getRuleSet } from "@/lib/rules";
import { dosePreparation } from "@/lib/domain/dose-preparation";

const userName = { select: { id: true, name: true } } as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Courses on the given units whose order waits for a pharmacist's verification, oldest order first: new orders and
 * orders returned by an amendment (with their amendments and the earlier verification, decision 043).
 */
export async function listOrdersAwaitingVerification(unitIds: readonly string[]) {
  return prisma.course.findMany({
    where: { status: "ordered", patient: { unitId: { in: [...unitIds] } } },
    include: {
      patient: { include: { unit: true } },
      orderedBy: userName,
      weightVerifiedBy: userName,
      amendments: { orderBy: [{ signedAt: "asc" }, { version: "asc" }], select: { signedAt: true, kind: true, changes: true } },
    },
    orderBy: { orderedAt: "asc" },
  });
}

/**
 * Courses on the given units whose dose counts need a pharmacist's check: events but never verified, an event
 * recorded after the last verification, or an event marked entered-in-error after it (countVerificationDue).
 * Longest waiting first: by the time of the latest event.
 */
export async function listCountsAwaitingVerification(unitIds: readonly string[]) {
  // The database narrows years of courses to those that may be due (the same three tests as countVerificationDue,
  // against the latest verification: never verified, an event after it, an event marked in error after it; decision
  // 057), each answered by an index probe; the rule itself still decides below, on the rows loaded for those only.
  const candidates = await prisma.$queryRaw<{ id: string }[]>`
    SELECT c.id::text AS id
      FROM "Course" c
      JOIN "Patient" p ON p.id = c."patientId"
      CROSS JOIN LATERAL (SELECT max(e.sequence) AS last FROM "DoseEvent" e WHERE e."courseId" = c.id) e
      LEFT JOIN LATERAL (
        SELECT v."lastEventSequence", v."verifiedAt" FROM "DoseCountVerification" v
         WHERE v."courseId" = c.id ORDER BY v."verifiedAt" DESC LIMIT 1
      ) v ON true
     WHERE p."unitId" = ANY(${[...unitIds]}::uuid[])
       AND e.last IS NOT NULL
       AND (v."verifiedAt" IS NULL
            OR e.last > v."lastEventSequence"
            OR EXISTS (SELECT 1 FROM "DoseEvent" x WHERE x."courseId" = c.id AND x."enteredInErrorAt" > v."verifiedAt"))`;
  if (candidates.length === 0) return [];
  const courses = await prisma.course.findMany({
    where: { id: { in: candidates.map((c) => c.id) }, doseEvents: { some: {} } },
    include: {
      patient: { include: { unit: true } },
      doseEvents: { select: { sequence: true, occurredAt: true, enteredInErrorAt: true }, orderBy: { sequence: "asc" } },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1, include: { pharmacist: userName } },
    },
  });
  const due: { course: (typeof courses)[number]; due: Extract<CountVerificationDue, { due: true }>; latestEventAt: Date }[] = [];
  for (const course of courses) {
    const last = course.countVerifications[0] ?? null;
    const d = countVerificationDue(course.doseEvents, last);
    if (!d.due) continue;
    const latestEventAt = course.doseEvents.reduce((m, e) => (e.occurredAt > m ? e.occurredAt : m), new Date(0));
    due.push({ course, due: d, latestEventAt });
  }
  return due.sort((a, b) => a.latestEventAt.getTime() - b.latestEventAt.getTime());
}

/**
 * The order check: the course (only on the user's units — otherwise null, as for a course that does not exist),
 * its rule set, the engine's dose arithmetic with the steps written out, and how the dose is prepared and given.
 */
export async function loadOrderVerification(unitIds: readonly string[], courseId: string): Promise<(OrderVerificationView & { course: { status: string; weightVerifiedAt: Date | null; weightVerificationMeaning: string | null; weightVerifiedBy: { name: string } | null } }) | null> {
  if (!UUID.test(courseId)) return null;
  const course = await prisma.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: [...unitIds] } } },
    include: { patient: { include: { unit: true } }, orderedBy: userName, weightVerifiedBy: userName },
  });
  if (!course) return null;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion) ?? null;
  const weightKg = Number(course.dosingWeightKg.toString());
  const dose = computeDose(weightKg, course.doseIuPerKg, ruleSet?.arithmetic);
  // the D5W bag, concentration and administration facts: only under a known rule set, never guessed
  const preparation = ruleSet ? dosePreparation(weightKg, course.doseIuPerKg, ruleSet) : null;
  return { course, ruleSet, dose, preparation };
}

export type { OrderVerificationView } from "@/lib/views/verification";

/** The count check: the course in scope, every event (corrected ones too), the last verification and the report at `now`. */
export async function loadCountVerification(unitIds: readonly string[], courseId: string, now: Date) {
  if (!UUID.test(courseId)) return null;
  const course = await prisma.course.findFirst({
    where: { id: courseId, patient: { unitId: { in: [...unitIds] } } },
    include: {
      patient: { include: { unit: true } },
      // holdReviews: whether an attending has decided a stop-tier hold, which the engine needs (contract 1.1)
      doseEvents: { orderBy: { sequence: "asc" }, include: { recordedBy: userName, holdReviews: { select: { id: true } } } },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1, include: { pharmacist: userName } },
    },
  });
  if (!course) return null;
  const report = buildCountReport({ course, events: course.doseEvents, now });
  const last = course.countVerifications[0] ?? null;
  const due = countVerificationDue(course.doseEvents, last);
  const recordedBy: Record<string, string> = Object.fromEntries(course.doseEvents.map((e) => [e.id, e.recordedBy.name]));
  return { course, report, last, due, recordedBy };
}

export type CountVerificationView = NonNullable<Awaited<ReturnType<typeof loadCountVerification>>>;
