// What the patients screen and the board's "without a course" list read: plain shapes, no Prisma types.

export interface UnitOption {
  id: string;
  name: string;
}

export interface PatientListRow {
  id: string;
  /** "Family, Given" */
  name: string;
  mrn: string;
  birthDate: string;
  gender: string | null;
  unit: UnitOption & { timeZone: string };
  /** the ordered or active course, if any: it follows the patient on a transfer and forbids discharge */
  openCourse: { id: string; status: "ordered" | "active" } | null;
  /** when the patient came to Bolus (the admit movement, or the row's creation for patients from before issue 11) */
  admittedAt: Date;
  dischargedAt: Date | null;
  /** admitted again because the last discharge was marked "discharged in error" (decision 056): when, by whom, why */
  dischargeCorrection: { at: Date; byName: string; reason: string | null; dischargedAt: Date } | null;
}

/** The board's "admitted without an IL-2 course" list. */
export interface AdmittedWithoutCourse {
  id: string;
  name: string;
  mrn: string;
  timeZone: string;
  dischargeCorrection: PatientListRow["dischargeCorrection"];
}
