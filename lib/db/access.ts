// Who looked at what (issue 12, item 3; docs/decisions/054-access-records.md). One append-only row per opening of a
// patient's page, a queue, the audit log or the access list, and per such page refused. Written by the page guard
// (lib/auth/guards.ts requirePageAccess) with ONE statement: the INSERT itself finds the patient and judges the
// scope, so a page view costs no extra read.
import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { prisma, type Tx } from "@/lib/db/client";
import { ACCESS_PAGE_SIZE, type AccessOutcome, type AccessPage, type PatientAccesses } from "@/lib/views/access";

export type { AccessOutcome, AccessPage } from "@/lib/views/access";

/** Pages opened with a course id: the patient is the course's. */
const COURSE_PAGES: ReadonlySet<AccessPage> = new Set(["course", "order-verification", "count-verification", "course-handoff", "course-replay", "course-downtime"]);

export interface AccessTarget {
  page: AccessPage;
  /** the course id (course pages) or the MRN asked for (access-log); none for a queue or the audit log */
  id?: string | null;
}

export interface AccessRequest {
  userId: string;
  /** the units whose patients the user may see; null: every unit (the administrator's access list) */
  unitIds: readonly string[] | null;
  /** whether the user's role may open the page at all */
  roleAllows: boolean;
  target: AccessTarget;
  at: Date;
  /** a page of no patient refused for its scope by the caller (a unit that is not the user's): recorded so */
  refusedScope?: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** what a row keeps of the id asked for: never longer than an id or an MRN needs */
const MAX_TARGET = 64;

/**
 * Records one access and returns its outcome. One INSERT … SELECT: the patient is looked up inside the statement
 * (through the course, or by MRN), and the outcome says whether the page may be shown. A page with a target that
 * is not `shown` must not be shown (the guard answers not-found); the page's own scoped query stays the second lock.
 */
export async function recordAccess(req: AccessRequest, db: Tx | typeof prisma = prisma): Promise<AccessOutcome> {
  const { page } = req.target;
  const raw = req.target.id ?? null;
  const targetId = raw === null ? null : raw.slice(0, MAX_TARGET);
  const role = req.roleAllows;
  const units = req.unitIds === null ? null : [...req.unitIds];
  let rows: { outcome: AccessOutcome }[];
  // the access list opened without an MRN is the empty search form: a page of no patient
  if (COURSE_PAGES.has(page) || (page === "access-log" && targetId)) {
    const courseId = COURSE_PAGES.has(page) && targetId && UUID.test(targetId) ? targetId : null;
    const mrn = page === "access-log" ? targetId : null;
    const join = COURSE_PAGES.has(page)
      ? Prisma.sql`LEFT JOIN "Course" c ON c.id = ${courseId}::uuid LEFT JOIN "Patient" p ON p.id = c."patientId"`
      : Prisma.sql`LEFT JOIN "Patient" p ON p.mrn = ${mrn}`;
    rows = await db.$queryRaw<{ outcome: AccessOutcome }[]>`
      INSERT INTO "AccessEvent" ("at", "userId", "patientId", "page", "targetId", "outcome")
      SELECT ${req.at}, ${req.userId}::uuid, p.id, ${page}, ${targetId},
        CASE
          WHEN NOT ${role}::boolean THEN 'refused-role'
          WHEN p.id IS NULL THEN 'not-found'
          WHEN ${units}::uuid[] IS NULL OR p."unitId" = ANY(${units}::uuid[]) THEN 'shown'
          ELSE 'refused-scope'
        END
      FROM (SELECT 1) AS one ${join}
      RETURNING "outcome"`;
  } else {
    const outcome: AccessOutcome = !role ? "refused-role" : req.refusedScope ? "refused-scope" : "shown";
    rows = await db.$queryRaw<{ outcome: AccessOutcome }[]>`
      INSERT INTO "AccessEvent" ("at", "userId", "page", "targetId", "outcome")
      VALUES (${req.at}, ${req.userId}::uuid, ${page}, ${targetId}, ${outcome})
      RETURNING "outcome"`;
  }
  return rows[0]?.outcome ?? "not-found";
}

/**
 * The unit's handoff sheet (decision 060, review finding 7): a page of many patients leaves one access record PER
 * COURSE SHOWN, each with its patient, written in ONE INSERT … SELECT over the course ids (the statement finds each
 * patient and judges its scope again: a course not on the user's units is recorded refused-scope). A role without
 * the permission, or a unit asked for that is not one of the user's, leaves one record of that refusal (targetId the
 * unit asked for) and nothing is shown; a sheet of no course leaves one record without a patient.
 */
export async function recordSheetAccess(req: {
  userId: string;
  unitIds: readonly string[];
  roleAllows: boolean;
  page: AccessPage;
  /** the unit asked for, or null for all of the user's */
  askedUnitId: string | null;
  /** the courses the page is about to show; [] when it will show none */
  courseIds: readonly string[];
  at: Date;
}): Promise<AccessOutcome> {
  const targetId = req.askedUnitId === null ? null : req.askedUnitId.slice(0, MAX_TARGET);
  const refusal: AccessOutcome | null = !req.roleAllows ? "refused-role" : targetId !== null && !req.unitIds.includes(targetId) ? "refused-scope" : null;
  if (refusal || req.courseIds.length === 0) {
    const outcome = refusal ?? "shown";
    await prisma.$executeRaw`
      INSERT INTO "AccessEvent" ("at", "userId", "page", "targetId", "outcome")
      VALUES (${req.at}, ${req.userId}::uuid, ${req.page}, ${targetId}, ${outcome})`;
    return outcome;
  }
  const ids = req.courseIds.filter((id) => UUID.test(id));
  const units = [...req.unitIds];
  const rows = await prisma.$queryRaw<{ outcome: AccessOutcome }[]>`
    INSERT INTO "AccessEvent" ("at", "userId", "patientId", "page", "targetId", "outcome")
    SELECT ${req.at}, ${req.userId}::uuid, p.id, ${req.page}, c.id::text,
      CASE WHEN p."unitId" = ANY(${units}::uuid[]) THEN 'shown' ELSE 'refused-scope' END
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS asked(id, n)
    JOIN "Course" c ON c.id = asked.id JOIN "Patient" p ON p.id = c."patientId"
    ORDER BY asked.n
    RETURNING "outcome"`;
  return rows.every((r) => r.outcome === "shown") ? "shown" : "refused-scope";
}

/** The accesses to the patient with `mrn`, newest first, ACCESS_PAGE_SIZE a page; patient null when no such MRN. */
export async function listPatientAccesses(mrn: string, page: number): Promise<PatientAccesses> {
  const patient = mrn ? await prisma.patient.findUnique({ where: { mrn }, include: { unit: true } }) : null;
  if (!patient) return { patient: null, rows: [], total: 0, page: 1, pageCount: 1 };
  const total = await prisma.accessEvent.count({ where: { patientId: patient.id } });
  const pageCount = Math.max(1, Math.ceil(total / ACCESS_PAGE_SIZE));
  const current = Math.min(Math.max(1, Math.floor(page) || 1), pageCount);
  const found = await prisma.accessEvent.findMany({
    where: { patientId: patient.id },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (current - 1) * ACCESS_PAGE_SIZE,
    take: ACCESS_PAGE_SIZE,
    include: { user: { select: { name: true, role: true } } },
  });
  return {
    patient: { id: patient.id, name: `${patient.familyName}, ${patient.givenName}`, mrn: patient.mrn, unitName: patient.unit.name, timeZone: patient.unit.timeZone },
    rows: found.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      userName: r.user.name,
      userRole: r.user.role,
      page: r.page as AccessPage,
      targetId: r.targetId,
      outcome: r.outcome as AccessOutcome,
    })),
    total,
    page: current,
    pageCount,
  };
}
