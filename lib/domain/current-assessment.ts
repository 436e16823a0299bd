// Which assessment is current: the latest active one, by when the patient was assessed, then by when it was
// recorded (two taken at the same minute: the later entry). The course page, the board, the dose and assessment
// actions all use this order — the database queries through CURRENT_ASSESSMENT_ORDER, plain lists through
// currentAssessment. Pure.
import type { AssessmentRecord } from "@/lib/domain/records";

/** The order as a query sort (newest first): `orderBy: [...CURRENT_ASSESSMENT_ORDER]`. */
export const CURRENT_ASSESSMENT_ORDER = [{ takenAt: "desc" }, { recordedAt: "desc" }] as const;

type Dated = Pick<AssessmentRecord, "status" | "takenAt" | "recordedAt">;

/** Newer first: by takenAt, then recordedAt. */
export function newerFirst(a: Dated, b: Dated): number {
  return b.takenAt.getTime() - a.takenAt.getTime() || b.recordedAt.getTime() - a.recordedAt.getTime();
}

/** The current assessment of a course: its latest active one, or null. */
export function currentAssessment<A extends Dated>(assessments: readonly A[]): A | null {
  return assessments.filter((a) => a.status === "active").sort(newerFirst)[0] ?? null;
}
