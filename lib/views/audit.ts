// The administrator's audit log as the screen and the CSV export read it (lib/db/queries/audit.ts builds it):
// times with the zone they are shown in, the patient a row's record belongs to, the action and record in words.
// The filters are read from the URL here, so the page and the export route read them the same way.
// Docs: docs/decisions/044-vocabulary-and-audit-time.md.
import { formatClock } from "@/lib/format";
import { toUnitLocalInput } from "@/lib/time";

export const AUDIT_PAGE_SIZE = 50;
/** The most rows one CSV export carries (newest first); narrower filters export the rest. */
export const AUDIT_EXPORT_LIMIT = 50_000;

/** The filters of the audit log, as typed in the GET form (all optional). */
export interface AuditFilters {
  /** MRN or name (any part); every word must match the MRN, the family name or the given name */
  patient: string;
  /** a user's name or e-mail (any part) */
  user: string;
  /** one audit action key, or "" for any */
  action: string;
  /** first day (YYYY-MM-DD), read in the hospital's zone */
  from: string;
  /** last day (YYYY-MM-DD), inclusive, read in the hospital's zone */
  to: string;
  /** 1-based */
  page: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const clip = (v: unknown, max = 120): string => (typeof v === "string" ? v.trim().slice(0, max) : Array.isArray(v) ? clip(v[0], max) : "");

/** The filters from the URL's search params: anything malformed is ignored, never an error. */
export function readAuditFilters(params: Record<string, string | string[] | undefined> | URLSearchParams): AuditFilters {
  const get = (k: string): unknown => (params instanceof URLSearchParams ? params.get(k) ?? undefined : params[k]);
  const day = (k: string) => {
    const v = clip(get(k), 20);
    return DAY.test(v) ? v : "";
  };
  const page = Number.parseInt(clip(get("page"), 6), 10);
  return {
    patient: clip(get("patient")),
    user: clip(get("user")),
    action: /^[a-z0-9-]{1,60}$/.test(clip(get("action"), 60)) ? clip(get("action"), 60) : "",
    from: day("from"),
    to: day("to"),
    page: Number.isFinite(page) && page >= 1 ? page : 1,
  };
}

/** The filters as a query string (without `page` unless asked), for the pager links and the export link. */
export function auditQuery(f: AuditFilters, page?: number): string {
  const q = new URLSearchParams();
  for (const k of ["patient", "user", "action", "from", "to"] as const) if (f[k]) q.set(k, f[k]);
  if (page !== undefined && page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface AuditPatient {
  name: string;
  mrn: string;
  unitName: string;
}

/** One audit row in words. */
export interface AuditRowView {
  id: string;
  at: Date;
  /** the IANA zone the row's time is shown in: the patient's unit, else the hospital default */
  timeZone: string;
  zoneOf: "unit" | "hospital";
  /** the user's name (and e-mail) as recorded; "—" for none */
  actor: string;
  action: string;
  actionLabel: string;
  /** the record in words: "dose event #3", "assessment", "course", "user account" */
  entityLabel: string;
  entityId: string | null;
  outcome: "success" | "denied" | "error";
  outcomeLabel: string;
  patient: AuditPatient | null;
  /** why a refused attempt was refused, in words; null otherwise */
  detail: string | null;
}

export interface AuditLogView {
  rows: AuditRowView[];
  total: number;
  page: number;
  pageCount: number;
  hospitalTimeZone: string;
}

/** A row's time on the screen: the app's 24-hour style in the row's zone ("22:50" today, "Tue 1 Dec 22:50" else). */
export function auditTimeText(row: Pick<AuditRowView, "at" | "timeZone">, now: Date): string {
  return formatClock(row.at, row.timeZone, now);
}

/** A row's time in the CSV: the full local date and time with seconds in the row's zone, "2026-12-01 22:50:07". */
export function auditCsvTime(at: Date, timeZone: string): string {
  const seconds = new Intl.DateTimeFormat("en-GB", { timeZone, second: "2-digit" }).format(at).padStart(2, "0");
  return `${toUnitLocalInput(at, timeZone).replace("T", " ")}:${seconds}`;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, a comma or a line break, quotes doubled. A cell that a
 * spreadsheet would read as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP CSV
 * injection).
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

export const AUDIT_CSV_HEADER = [
  "Time (local)", "Time zone", "Time (UTC)", "User", "Action", "Record", "Patient", "MRN", "Unit", "Outcome", "Detail", "Record id", "Audit row",
] as const;

/** The rows as CSV: a header row, then one line per row, CRLF line ends. */
export function auditCsv(rows: readonly AuditRowView[]): string {
  const lines = [AUDIT_CSV_HEADER.map(csvCell).join(",")];
  for (const r of rows) {
    lines.push([
      auditCsvTime(r.at, r.timeZone), r.timeZone, r.at.toISOString(), r.actor, r.actionLabel, r.entityLabel,
      r.patient?.name ?? "", r.patient?.mrn ?? "", r.patient?.unitName ?? "", r.outcomeLabel, r.detail ?? "", r.entityId ?? "", r.id,
    ].map(csvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
