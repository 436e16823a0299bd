// An order amendment (weights, the TIL SBP target): which of the order's values change, and whether the change may
// be made as it stands. Pure: no I/O, no clock. The amend action (lib/actions/amend-course.ts) asks here with the
// course as stored, what the attending typed and whether dose events exist; lib/schemas/correction.ts parses the form.
import type { CourseRecord } from "@/lib/domain/records";

export type AmendableField = "dosingWeightKg" | "baselineWeightKg" | "targetSbpMmHg";

/** The order the changed fields are named in: the signature's meaning and the history row list them so. */
const FIELD_ORDER: readonly AmendableField[] = ["dosingWeightKg", "baselineWeightKg", "targetSbpMmHg"];

/** What the attending typed: a number, or empty (absent, "" or null) for "unchanged". */
export type AmendmentAsked = {
  dosingWeightKg?: number | "" | null;
  baselineWeightKg?: number | "" | null;
  targetSbpMmHg?: number | null;
};

/** The order's values before the amendment, as stored (the weights as their exact decimal text). */
export type OrderValues = { dosingWeightKg: string; baselineWeightKg: string; targetSbpMmHg: number | null };
export type OrderChange = { dosingWeightKg?: number; baselineWeightKg?: number; targetSbpMmHg?: number };
/** The history row's `changes`: each changed field, before and after (weights as text, the target as a number). */
export type AmendmentChanges = { [F in AmendableField]?: { before: string | number | null; after: string | number } };

export type Amendment = {
  /** the changed fields, in the order they are named */
  fields: AmendableField[];
  before: OrderValues;
  change: OrderChange;
  changes: AmendmentChanges;
  /**
   * Every amendment sends the order back to the pharmacist (status `ordered`): a changed order is a new version of
   * what the pharmacist verified (docs/decisions/043-status-words-and-reverification.md). Always true; kept as a
   * field because the history row and the audit row record it.
   */
  sendsBackForVerification: boolean;
};

export type AmendmentRefused = { why: string; field?: "dosingWeightKg" | "password" };

/**
 * The amendment the attending asked for, or why it cannot be made. Nothing changed is refused. The dosing weight is
 * locked once a dose event exists (the doses given were computed from it). Once a dose event exists every amendment
 * is signed with a password (21 CFR Part 11 §11.200): the baseline weight and the SBP target move the thresholds
 * the next dose is judged by. Before the first dose a signature is optional.
 */
export function amendmentOf(
  course: Pick<CourseRecord, "protocol" | "dosingWeightKg" | "baselineWeightKg" | "targetSbpMmHg">,
  asked: AmendmentAsked,
  facts: { doseEventsRecorded: boolean; signed: boolean },
): { ok: true; amendment: Amendment } | { ok: false; refused: AmendmentRefused } {
  const before: OrderValues = { dosingWeightKg: course.dosingWeightKg.toString(), baselineWeightKg: course.baselineWeightKg.toString(), targetSbpMmHg: course.targetSbpMmHg };
  const change: OrderChange = {};
  if (typeof asked.dosingWeightKg === "number" && asked.dosingWeightKg !== Number(before.dosingWeightKg)) change.dosingWeightKg = asked.dosingWeightKg;
  if (typeof asked.baselineWeightKg === "number" && asked.baselineWeightKg !== Number(before.baselineWeightKg)) change.baselineWeightKg = asked.baselineWeightKg;
  // only a TIL order has an SBP target (protocols.md §4 `sbp-low`)
  if (course.protocol === "til_adjunct" && typeof asked.targetSbpMmHg === "number" && asked.targetSbpMmHg !== course.targetSbpMmHg) change.targetSbpMmHg = asked.targetSbpMmHg;
  const fields = FIELD_ORDER.filter((f) => change[f] !== undefined);
  if (fields.length === 0) return { ok: false, refused: { why: "Nothing to change: the values are the order's current ones." } };

  // Any change to the order returns it to the pharmacist, as a modified order does in any hospital's verification
  // queue: the dosing weight, and the baseline weight and SBP target that move the thresholds (decision 043).
  const sendsBackForVerification = true;
  if (change.dosingWeightKg !== undefined && facts.doseEventsRecorded) {
    return { ok: false, refused: { why: "The dosing weight is locked once a dose event is recorded.", field: "dosingWeightKg" } };
  }
  if (facts.doseEventsRecorded && !facts.signed) {
    return { ok: false, refused: { why: "Doses are recorded on this course: sign the amendment by re-entering your password.", field: "password" } };
  }
  const changes: AmendmentChanges = {};
  for (const f of fields) changes[f] = { before: before[f], after: f === "targetSbpMmHg" ? change[f]! : String(change[f]!) };
  return { ok: true, amendment: { fields, before, change, changes, sendsBackForVerification } };
}
