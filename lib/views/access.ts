// Access records in words (issue 12, item 3; docs/decisions/054-access-records.md): the kinds of page that leave a
// record, the outcomes, and how the administrator's access list names them. Plain data, no I/O.

/** The pages that leave an access record. The course pages are listed in lib/db/access.ts COURSE_PAGES; access-log is opened with an MRN. */
export const ACCESS_PAGES = [
  "course",
  "order-verification",
  "count-verification",
  "review-queue",
  "verification-queue",
  "audit-log",
  "access-log",
  // issue 14: a course's handoff sheet, replay and downtime back-entry; the unit's sheet; the quality view
  "course-handoff",
  "course-replay",
  "course-downtime",
  "unit-handoff",
  "quality",
] as const;
export type AccessPage = (typeof ACCESS_PAGES)[number];

/** shown; refused for the role; refused for scope (the patient is on none of the user's units); no such record. */
export type AccessOutcome = "shown" | "refused-role" | "refused-scope" | "not-found";

export const ACCESS_PAGE_WORDS: Record<AccessPage, string> = {
  course: "Course page",
  "order-verification": "Order verification (pharmacist)",
  "count-verification": "Dose-count verification (pharmacist)",
  "review-queue": "Reviews waiting (attending)",
  "verification-queue": "Verifications waiting (pharmacist)",
  "audit-log": "Audit log",
  "access-log": "This list of accesses",
  "course-handoff": "Handoff sheet (one patient)",
  "course-replay": "Course replay under other rules",
  "course-downtime": "Downtime back-entry",
  "unit-handoff": "Unit handoff sheet",
  "quality": "Quality view (TIL vs monotherapy)",
};

export const ACCESS_OUTCOME_WORDS: Record<AccessOutcome, string> = {
  shown: "Shown",
  "refused-role": "Refused: not part of the user's role",
  "refused-scope": "Refused: the patient is not on the user's units",
  "not-found": "Refused: no such record",
};

export interface PatientAccessRow {
  id: string;
  at: Date;
  userName: string;
  userRole: "nurse" | "attending" | "pharmacist" | "admin";
  page: AccessPage;
  targetId: string | null;
  outcome: AccessOutcome;
}

export interface PatientAccesses {
  patient: { id: string; name: string; mrn: string; unitName: string; timeZone: string } | null;
  rows: PatientAccessRow[];
  total: number;
  page: number;
  pageCount: number;
}

export const ACCESS_PAGE_SIZE = 50;

/** The list's query string: the MRN and, past the first, the page number. */
export function accessQuery(mrn: string, page = 1): string {
  const q = new URLSearchParams();
  if (mrn) q.set("patient", mrn);
  if (page > 1) q.set("page", String(page));
  const s = q.toString();
  return s ? `?${s}` : "";
}
