// The administrator's audit log (issue 10, item 7): filtered by patient, user, action and date range, a page at a
// time or all of it for the CSV export. Each row is named in words (lib/domain/vocabulary.ts) with the patient its
// record belongs to, and timed in that patient's unit zone; rows without a patient (sign-in, sign-out, the seed)
// in the hospital's default zone: the zone of the first unit by name (UTC when there is none). The log is
// hospital-wide: the administrator audits every unit (docs/decisions/044-vocabulary-and-audit-time.md).
import "server-only";
import { prisma } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { auditActionLabel, auditOutcomeLabel, entityTypeLabel, refusalCodeLabel } from "@/lib/domain/vocabulary";
import { parseUnitLocalTime } from "@/lib/time";
import {
  AUDIT_EXPORT_LIMIT, AUDIT_PAGE_SIZE, type AuditFilters, type AuditLogView, type AuditPatient, type AuditRowView,
} from "@/lib/views/audit";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The record types that belong to a patient, and how each reaches it. */
const PATIENT_ENTITIES = ["Patient", "Course", "DoseEvent", "Assessment", "HoldReview"] as const;

/** The hospital's default zone for rows that belong to no patient: the first unit by name, else UTC. */
export async function hospitalTimeZone(): Promise<string> {
  const first = await prisma.unit.findFirst({ orderBy: { name: "asc" }, select: { timeZone: true } });
  return first?.timeZone ?? "UTC";
}

/** The day after a YYYY-MM-DD day. */
function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The start of a day in `timeZone` (the first minute that exists on it: a zone may skip midnight). */
function startOfDay(day: string, timeZone: string): Date | null {
  for (const t of ["00:00", "00:30", "01:00"]) {
    const at = parseUnitLocalTime(`${day}T${t}`, timeZone);
    if (at) return at;
  }
  return null;
}

const words = (s: string) => s.split(/[\s,]+/).map((w) => w.trim()).filter(Boolean).slice(0, 5);
const contains = (t: string) => ({ contains: t, mode: "insensitive" as const });

/** Where-clauses for the rows whose record belongs to a patient matching `text` (MRN or any part of the name). */
async function patientRecords(text: string): Promise<Prisma.AuditEventWhereInput> {
  const patients = await prisma.patient.findMany({
    where: { AND: words(text).map((t) => ({ OR: [{ mrn: contains(t) }, { familyName: contains(t) }, { givenName: contains(t) }] })) },
    select: {
      id: true,
      courses: { select: { id: true, assessments: { select: { id: true } }, doseEvents: { select: { id: true, holdReviews: { select: { id: true } } } } } },
    },
    take: 200,
  });
  const ids: Record<(typeof PATIENT_ENTITIES)[number], string[]> = { Patient: [], Course: [], DoseEvent: [], Assessment: [], HoldReview: [] };
  for (const p of patients) {
    ids.Patient.push(p.id);
    for (const c of p.courses) {
      ids.Course.push(c.id);
      ids.Assessment.push(...c.assessments.map((a) => a.id));
      for (const e of c.doseEvents) {
        ids.DoseEvent.push(e.id);
        ids.HoldReview.push(...e.holdReviews.map((r) => r.id));
      }
    }
  }
  const or = PATIENT_ENTITIES.filter((t) => ids[t].length > 0).map((t) => ({ entityType: t, entityId: { in: ids[t] } }));
  // no patient matches: no row does (an empty OR would match everything)
  return or.length ? { OR: or } : { id: { lt: 0 } };
}

async function whereOf(f: AuditFilters, zone: string): Promise<Prisma.AuditEventWhereInput> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (f.patient) and.push(await patientRecords(f.patient));
  if (f.user) {
    and.push({ OR: [{ actorLabel: contains(f.user) }, { actor: { name: contains(f.user) } }, { actor: { email: contains(f.user) } }] });
  }
  if (f.action) and.push({ action: f.action });
  const from = f.from ? startOfDay(f.from, zone) : null;
  const until = f.to ? startOfDay(nextDay(f.to), zone) : null;
  if (from || until) and.push({ at: { ...(from ? { gte: from } : {}), ...(until ? { lt: until } : {}) } });
  return and.length ? { AND: and } : {};
}

type Row = Prisma.AuditEventGetPayload<{ include: { actor: { select: { name: true; email: true } } } }>;
interface Owner { patient: AuditPatient; timeZone: string; sequence?: number }

const patientSelect = { select: { familyName: true, givenName: true, mrn: true, unit: { select: { name: true, timeZone: true } } } } as const;
type PatientRow = { familyName: string; givenName: string; mrn: string; unit: { name: string; timeZone: string } };
const ownerOf = (p: PatientRow, sequence?: number): Owner => ({
  patient: { name: `${p.familyName}, ${p.givenName}`, mrn: p.mrn, unitName: p.unit.name },
  timeZone: p.unit.timeZone,
  ...(sequence !== undefined ? { sequence } : {}),
});

/** The patient (and unit zone) each row's record belongs to, by "Type:id". */
async function ownersOf(rows: readonly Row[]): Promise<Map<string, Owner>> {
  const idsOf = (type: string) => [...new Set(rows.filter((r) => r.entityType === type && r.entityId && UUID.test(r.entityId)).map((r) => r.entityId!))];
  const out = new Map<string, Owner>();
  const [patients, courses, events, assessments, reviews] = await Promise.all([
    prisma.patient.findMany({ where: { id: { in: idsOf("Patient") } }, select: { id: true, ...patientSelect.select } }),
    prisma.course.findMany({ where: { id: { in: idsOf("Course") } }, select: { id: true, patient: patientSelect } }),
    prisma.doseEvent.findMany({ where: { id: { in: idsOf("DoseEvent") } }, select: { id: true, sequence: true, course: { select: { patient: patientSelect } } } }),
    prisma.assessment.findMany({ where: { id: { in: idsOf("Assessment") } }, select: { id: true, course: { select: { patient: patientSelect } } } }),
    prisma.holdReview.findMany({ where: { id: { in: idsOf("HoldReview") } }, select: { id: true, doseEvent: { select: { sequence: true, course: { select: { patient: patientSelect } } } } } }),
  ]);
  for (const p of patients) out.set(`Patient:${p.id}`, ownerOf(p));
  for (const c of courses) out.set(`Course:${c.id}`, ownerOf(c.patient));
  for (const e of events) out.set(`DoseEvent:${e.id}`, ownerOf(e.course.patient, e.sequence));
  for (const a of assessments) out.set(`Assessment:${a.id}`, ownerOf(a.course.patient));
  for (const r of reviews) out.set(`HoldReview:${r.id}`, ownerOf(r.doseEvent.course.patient, r.doseEvent.sequence));
  return out;
}

/** Why a refused attempt was refused, in words: the refusal's own message, else its code or reason in words. */
function detailOf(row: Row): string | null {
  if (row.outcome === "success") return null;
  const d = row.details && typeof row.details === "object" && !Array.isArray(row.details) ? (row.details as Record<string, unknown>) : {};
  if (typeof d.message === "string" && d.message) return d.message;
  if (d.code === "VALIDATION" && Array.isArray(d.fields)) return `${refusalCodeLabel("VALIDATION")} (${d.fields.length} field${d.fields.length === 1 ? "" : "s"})`;
  if (typeof d.code === "string") return refusalCodeLabel(d.code);
  if (d.reason === "unknown-or-inactive") return "unknown or inactive account";
  if (d.reason === "wrong-password" || d.result === "wrong-password") return "wrong password";
  if (typeof d.reason === "string") return refusalCodeLabel(d.reason);
  return null;
}

function viewOf(row: Row, owners: Map<string, Owner>, hospitalZone: string): AuditRowView {
  const owner = row.entityId ? owners.get(`${row.entityType}:${row.entityId}`) : undefined;
  const actor = row.actor ? (row.actorLabel && row.actorLabel !== row.actor.name ? `${row.actor.name} (${row.actorLabel})` : row.actor.name) : row.actorLabel ?? "—";
  const entity = entityTypeLabel(row.entityType);
  return {
    id: row.id.toString(),
    at: row.at,
    timeZone: owner?.timeZone ?? hospitalZone,
    zoneOf: owner ? "unit" : "hospital",
    actor,
    action: row.action,
    actionLabel: auditActionLabel(row.action),
    entityLabel: owner?.sequence !== undefined ? `${entity} #${owner.sequence}` : entity,
    entityId: row.entityId,
    outcome: row.outcome,
    outcomeLabel: auditOutcomeLabel(row.outcome),
    patient: owner?.patient ?? null,
    detail: detailOf(row),
  };
}

const include = { actor: { select: { name: true, email: true } } } as const;

/** One page of the audit log, newest first. */
export async function listAuditLog(filters: AuditFilters, pageSize = AUDIT_PAGE_SIZE): Promise<AuditLogView> {
  const zone = await hospitalTimeZone();
  const where = await whereOf(filters, zone);
  const total = await prisma.auditEvent.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(filters.page, pageCount);
  const rows = await prisma.auditEvent.findMany({ where, include, orderBy: { id: "desc" }, skip: (page - 1) * pageSize, take: pageSize });
  const owners = await ownersOf(rows);
  return { rows: rows.map((r) => viewOf(r, owners, zone)), total, page, pageCount, hospitalTimeZone: zone };
}

/** Every matching row for the CSV export, newest first, at most AUDIT_EXPORT_LIMIT. */
export async function exportAuditLog(filters: AuditFilters): Promise<{ rows: AuditRowView[]; total: number; hospitalTimeZone: string }> {
  const zone = await hospitalTimeZone();
  const where = await whereOf(filters, zone);
  const total = await prisma.auditEvent.count({ where });
  const rows = await prisma.auditEvent.findMany({ where, include, orderBy: { id: "desc" }, take: AUDIT_EXPORT_LIMIT });
  const owners = new Map<string, Owner>();
  // the owners in chunks, so a large export does not send one enormous IN list
  for (let i = 0; i < rows.length; i += 1000) for (const [k, v] of await ownersOf(rows.slice(i, i + 1000))) owners.set(k, v);
  return { rows: rows.map((r) => viewOf(r, owners, zone)), total, hospitalTimeZone: zone };
}
