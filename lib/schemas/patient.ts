import { z } from "zod";
import { ADMINISTRATIVE_GENDERS } from "@/lib/domain/admission";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";

const name = (label: string) =>
  z
    .string({ error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .max(100, `The ${label} is at most 100 characters.`)
    .refine(storable, NUL_MESSAGE);

const note = z
  .string()
  .trim()
  .max(500, "The note is at most 500 characters.")
  .refine(storable, NUL_MESSAGE)
  .optional()
  .transform((v) => (v ? v : null));

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A real calendar date typed as YYYY-MM-DD (the date input's value). */
const calendarDate = z
  .string({ error: "Enter the birth date." })
  .trim()
  .min(1, "Enter the birth date.")
  .refine((v) => {
    const m = DATE.exec(v);
    if (!m) return false;
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, "Enter the birth date as a date (year, month, day).");

export const AdmitPatientSchema = z.object({
  unitId: z.uuid("Choose the unit."),
  // the hospital's medical record number: FHIR Patient.identifier. Stored in upper case: "ab-1001" and "AB-1001" are
  // one number (the database's "Patient_mrn_upper_key" holds it for every writer)
  mrn: z
    .string({ error: "Enter the MRN." })
    .trim()
    .toUpperCase()
    .min(1, "Enter the MRN.")
    .max(32, "The MRN is at most 32 characters.")
    .regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, "The MRN has letters, digits and hyphens only."),
  familyName: name("family name"),
  givenName: name("given name"),
  birthDate: calendarDate,
  gender: z.enum(ADMINISTRATIVE_GENDERS, { error: "Choose the administrative gender." }),
});
export type AdmitPatient = z.infer<typeof AdmitPatientSchema>;

export const TransferPatientSchema = z.object({
  patientId: z.uuid("Choose a patient."),
  toUnitId: z.uuid("Choose the unit the patient moves to."),
  note,
});
export type TransferPatient = z.infer<typeof TransferPatientSchema>;

export const DischargePatientSchema = z.object({
  patientId: z.uuid("Choose a patient."),
  note,
});
export type DischargePatient = z.infer<typeof DischargePatientSchema>;

/** A discharge recorded in error (decision 056): the reason is required; no signature, a confirmation step. */
export const MarkDischargeInErrorSchema = z.object({
  patientId: z.uuid("Choose a patient."),
  reason: z
    .string({ error: "Say why the discharge was recorded in error." })
    .trim()
    .min(1, "Say why the discharge was recorded in error.")
    .max(500, "The reason is at most 500 characters.")
    .refine(storable, NUL_MESSAGE),
});
export type MarkDischargeInError = z.infer<typeof MarkDischargeInErrorSchema>;
