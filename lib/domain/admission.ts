// Admission, transfer and discharge of a patient (issue 11, decision 049): the rules, pure (no I/O, no clock).

/** FHIR Patient.gender (administrative gender); the database checks the same four words. */
export const ADMINISTRATIVE_GENDERS = ["female", "male", "other", "unknown"] as const;
export type AdministrativeGender = (typeof ADMINISTRATIVE_GENDERS)[number];

export const GENDER_LABEL: Record<AdministrativeGender, string> = { female: "Female", male: "Male", other: "Other", unknown: "Unknown" };

export function genderLabel(gender: string | null): string {
  return gender && (ADMINISTRATIVE_GENDERS as readonly string[]).includes(gender) ? GENDER_LABEL[gender as AdministrativeGender] : "Not recorded";
}

/** A course that is ordered (waiting for the pharmacist) or active is open: it follows the patient and forbids discharge. */
export const OPEN_COURSE_STATUSES = ["ordered", "active"] as const;
export type CourseStatusWord = "ordered" | "active" | "closed";
export const isOpenCourse = (status: CourseStatusWord): boolean => status === "ordered" || status === "active";

/** The earliest birth date Bolus accepts: an older date is a typing error, not a patient. */
export const EARLIEST_BIRTH_DATE = "1900-01-01";

/**
 * Why this birth date cannot be recorded, or null. `birthDate` is the calendar date as typed (YYYY-MM-DD);
 * `today` is the calendar date on the unit's clock.
 */
export function birthDateRefusal(birthDate: string, today: string): string | null {
  if (birthDate > today) return "The birth date cannot be after today.";
  if (birthDate < EARLIEST_BIRTH_DATE) return "Enter a birth date in 1900 or later.";
  return null;
}

/** Why this patient cannot be discharged now, or null: an open course must be closed first (the record stays). */
export function dischargeRefusal(patient: { dischargedAt: Date | null }, openCourse: { status: CourseStatusWord } | null): string | null {
  if (patient.dischargedAt) return "This patient has already been discharged.";
  if (openCourse && isOpenCourse(openCourse.status)) {
    return openCourse.status === "ordered"
      ? "Not discharged: this patient has an IL-2 course ordered and waiting for the pharmacist. Close the course before discharge."
      : "Not discharged: this patient has an active IL-2 course. Close the course (complete, stop or discontinue it) before discharge.";
  }
  return null;
}

/**
 * Why this patient's discharge cannot be marked "discharged in error" now, or null (decision 056). Only the discharge
 * that ended the current stay — the patient's last movement — can be: a later transfer or a correction already made
 * means there is none to correct. The correction is a row of its own; the discharge row stays.
 */
export function dischargeInErrorRefusal(patient: { dischargedAt: Date | null }, last: { kind: MovementFact["kind"] } | null): string | null {
  if (!patient.dischargedAt) return "This patient is not discharged: there is no discharge to mark in error.";
  if (!last || last.kind !== "discharge") return "Only the discharge that ended the patient's stay can be marked in error.";
  return null;
}

/** "Discharge of Tue 1 Dec 22:50 marked in error by Dr Ada Lee at Tue 1 Dec 23:05: Wrong patient selected." */
export function dischargeInErrorWords(o: { dischargedAt: string; at: string; byName: string; reason: string | null }): string {
  return `Discharge of ${o.dischargedAt} marked in error by ${o.byName} at ${o.at}${o.reason ? `: ${o.reason}` : ""}`;
}

/** Why this patient cannot move to `toUnitId`, or null. An open course moves with the patient. */
export function transferRefusal(patient: { unitId: string; dischargedAt: Date | null }, toUnitId: string): string | null {
  if (patient.dischargedAt) return "A discharged patient cannot be transferred.";
  if (patient.unitId === toUnitId) return "The patient is already on that unit. Choose another unit.";
  return null;
}

/** Why no course may be ordered for this patient, or null. */
export function orderRefusalForPatient(patient: { dischargedAt: Date | null }): string | null {
  return patient.dischargedAt ? "This patient has been discharged: no new IL-2 course can be ordered." : null;
}

/** How long after a transfer someone of the old unit, who had the patient open, is told where the patient went. */
export const MOVED_AWAY_NOTICE_HOURS = 24;

export interface MovementFact {
  kind: "admit" | "transfer" | "discharge" | "discharge_in_error";
  fromUnitId: string | null;
  toUnitId: string | null;
  at: Date;
}

/**
 * True when the patient's last movement was a transfer out of one of `unitIds` (the user's units) to a unit that is
 * not one of them, at most MOVED_AWAY_NOTICE_HOURS before `now`: the user had the patient (and the course) open on
 * their unit a moment ago, so the refusal may say where the patient went. Anyone else is answered "not found": nothing
 * about another unit leaks to someone who never had access (decision 049, amendment of 3 Dec 2026).
 */
export function movedOutOfUnits(last: MovementFact | null, unitIds: readonly string[], now: Date): boolean {
  if (!last || last.kind !== "transfer" || !last.fromUnitId || !last.toUnitId) return false;
  if (!unitIds.includes(last.fromUnitId) || unitIds.includes(last.toUnitId)) return false;
  const age = now.getTime() - last.at.getTime();
  return age >= 0 && age <= MOVED_AWAY_NOTICE_HOURS * 3_600_000;
}

/** "This patient was transferred to Step-down at 14:05 by Dr Ada Lee; the dose was not recorded." */
export function transferredAwayWords(o: { toUnitName: string; at: string; byName: string; notDone: string }): string {
  return `This patient was transferred to ${o.toUnitName} at ${o.at} by ${o.byName}; ${o.notDone}.`;
}

/** "9 Mar 1971": a birth date (a calendar date, no clock) in words. */
export function birthDateText(isoDate: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: "UTC", day: "numeric", month: "short", year: "numeric" }).format(new Date(`${isoDate}T00:00:00Z`));
}

/** The patient an MRN already names, as far as the user admitting may know them. */
export type ExistingPatient =
  | { inScope: true; name: string; birthDate: string; unitName: string; discharged: boolean }
  /** on a unit the user does not work on: the patient is not named to them (scope, decision 049) */
  | { inScope: false; unitName: string };

/**
 * Why a patient cannot be admitted under an MRN Bolus already holds, naming the patient it belongs to when the user
 * may see them, so a typing error and a second admission of the same person are told apart.
 */
export function duplicateMrnRefusal(mrn: string, existing: ExistingPatient): string {
  if (!existing.inScope) {
    return `Not admitted: MRN ${mrn} already belongs to a patient on ${existing.unitName}, a unit you do not work on. Check the MRN; if it is the same person, ask ${existing.unitName} to transfer them.`;
  }
  const who = `${existing.name} (born ${birthDateText(existing.birthDate)})`;
  return existing.discharged
    ? `Not admitted: MRN ${mrn} already belongs to ${who}, discharged from ${existing.unitName}. Check the MRN; Bolus cannot yet admit a discharged patient again under the same MRN.`
    : `Not admitted: MRN ${mrn} already belongs to ${who}, admitted to ${existing.unitName}. Check the MRN; if it is the same person, they are already on the patient list.`;
}
