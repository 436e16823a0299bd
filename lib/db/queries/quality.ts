// The quality view's rows (issue 14, item 4; docs/decisions/062-quality-view.md): the courses of the user's units
// that match the filters, and their dose events with the attending's review of each — two reads, whatever the
// number of courses. The figures are lib/domain/quality.ts's; this file only reads.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { qualityFigures, type QualityCourseInput, type QualityEvent } from "@/lib/domain/quality";
import type { CourseStatusCode, DoseEventKindCode, ProtocolCode, RecordStatusCode, ReviewOutcomeCode } from "@/lib/domain/records";
import type { QualityFilters, QualityUnit, QualityView } from "@/lib/views/quality";

interface CourseRow {
  id: string;
  protocol: string;
  ruleSetId: string;
  ruleSetVersion: string;
  status: CourseStatusCode;
  startAt: Date | null;
  tilInfusionEndAt: Date | null;
  unitName: string;
}

interface EventRow {
  courseId: string;
  kind: DoseEventKindCode;
  status: string;
  criteria: string[];
  cycle: number;
  occurredAt: Date;
  tier: string | null;
  outcome: ReviewOutcomeCode | null;
  reason: string | null;
}

/** The database's spelling of the Protocol enum (schema.prisma @map). */
const protocolOf = (db: string): ProtocolCode => (db === "til-adjunct" ? "til_adjunct" : "monotherapy");
const recordStatusOf = (db: string): RecordStatusCode => (db === "entered-in-error" ? "entered_in_error" : "active");

/** The user's units, by name (the filter's choices and the units the figures may cover). */
export async function listQualityUnits(unitIds: readonly string[]): Promise<QualityUnit[]> {
  const units = await prisma.unit.findMany({ where: { id: { in: [...unitIds] } }, orderBy: { name: "asc" }, select: { id: true, name: true, timeZone: true } });
  return units;
}

/**
 * The courses for the quality view: those of patients now on `unitIds` (narrowed to `filters.unit` when it is one
 * of them), of the protocol asked for, whose start — TIL: the end of the cell infusion; monotherapy: the course
 * start — falls on a day from `from` to `to` (inclusive) on the unit's own clock. Orders not yet verified are not
 * read (no dose can be on them). Oldest start first.
 */
export async function loadQualityCourses(unitIds: readonly string[], filters: QualityFilters): Promise<QualityCourseInput[]> {
  const units = filters.unit ? unitIds.filter((u) => u === filters.unit) : [...unitIds];
  if (units.length === 0) return [];
  const protocol = filters.protocol === "" ? null : filters.protocol === "til_adjunct" ? "til-adjunct" : "monotherapy";
  const anchor = Prisma.sql`(CASE WHEN c.protocol = 'til-adjunct' THEN c."tilInfusionEndAt" ELSE c."startAt" END)`;
  // stored as UTC timestamps without zone: read as UTC, then as the unit's wall clock, then its calendar day
  const day = Prisma.sql`((${anchor} AT TIME ZONE 'UTC') AT TIME ZONE u."timeZone")::date`;
  const courses = await prisma.$queryRaw<CourseRow[]>`
    SELECT c.id, c.protocol::text AS protocol, c."ruleSetId", c."ruleSetVersion", c.status::text AS status,
           c."startAt", c."tilInfusionEndAt", u.name AS "unitName"
    FROM "Course" c
    JOIN "Patient" p ON p.id = c."patientId"
    JOIN "Unit" u ON u.id = p."unitId"
    WHERE p."unitId" = ANY(${units}::uuid[])
      AND c.status <> 'ordered'
      AND (${protocol}::text IS NULL OR c.protocol::text = ${protocol}::text)
      AND (${filters.from || null}::date IS NULL OR ${day} >= ${filters.from || null}::date)
      AND (${filters.to || null}::date IS NULL OR ${day} <= ${filters.to || null}::date)
    ORDER BY ${anchor} ASC NULLS LAST, c.id ASC`;
  if (courses.length === 0) return [];

  const events = await prisma.$queryRaw<EventRow[]>`
    SELECT e."courseId", e.kind::text AS kind, e.status::text AS status, e.criteria, e.cycle, e."occurredAt", e.tier,
           r.outcome::text AS outcome, r.reason
    FROM "DoseEvent" e
    LEFT JOIN "HoldReview" r ON r."doseEventId" = e.id
    WHERE e."courseId" = ANY(${courses.map((c) => c.id)}::uuid[])
    ORDER BY e."courseId", e.sequence`;
  const byCourse = new Map<string, QualityEvent[]>();
  for (const e of events) {
    const list = byCourse.get(e.courseId) ?? [];
    list.push({
      kind: e.kind, status: recordStatusOf(e.status), criteria: e.criteria, cycle: e.cycle, occurredAt: e.occurredAt, tier: e.tier,
      review: e.outcome ? { outcome: e.outcome, reason: e.reason } : null,
    });
    byCourse.set(e.courseId, list);
  }
  return courses.map((c) => ({
    id: c.id, unitName: c.unitName, protocol: protocolOf(c.protocol), ruleSetId: c.ruleSetId, ruleSetVersion: c.ruleSetVersion,
    status: c.status, startAt: c.startAt, tilInfusionEndAt: c.tilInfusionEndAt, events: byCourse.get(c.id) ?? [],
  }));
}

/** The quality view for a user of `unitIds`: their units, the filters as read, and the figures. */
export async function loadQualityView(unitIds: readonly string[], filters: QualityFilters): Promise<QualityView> {
  const [units, courses] = await Promise.all([listQualityUnits(unitIds), loadQualityCourses(unitIds, filters)]);
  return { units, filters, figures: qualityFigures(courses) };
}
