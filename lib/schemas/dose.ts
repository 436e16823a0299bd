import { z } from "zod";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";
import { listField } from "@/lib/forms";

const optionalText = (max: number, label: string) =>
  z.string().trim().max(max, `${label} must be at most ${max} characters.`).refine(storable, NUL_MESSAGE).optional().transform((v) => (v ? v : null));

export const RecordDoseSchema = z.object({
  courseId: z.uuid("Unknown course."),
  kind: z.enum(["given", "held"], { error: "Choose give or hold." }),
  assessmentId: z.uuid("Record an assessment first."),
  /** the sequence number this screen expects the new event to get; a different one means someone else recorded first */
  expectedSequence: z.coerce.number({ error: "Reload the page." }).int().min(1),
  /** the unit's wall-clock time of the dose, "2026-12-01 22:50" (or with a T, lib/time.ts); empty = now */
  occurredAt: z
    .string()
    .trim()
    .max(20)
    .refine((t) => t === "" || /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/.test(t), "Write the time as YYYY-MM-DD HH:mm (24-hour, unit time), e.g. 2026-12-01 22:50, or leave it empty for now.")
    .optional(),
  doseIu: z.union([z.literal(""), z.coerce.number({ error: "Dose must be a whole number of IU." }).int("Dose must be a whole number of IU.").positive("Dose must be positive.")]).optional(),
  witnessId: z.union([z.literal(""), z.uuid("Choose a witness from the list.")]).optional(),
  /** the witness's own figures, typed blind (docs/decisions/055): the dose in IU and the volume in mL they checked */
  witnessDoseIu: z.union([z.literal(""), z.coerce.number({ error: "Write the dose the witness checked, in whole IU." }).int("Write the dose the witness checked, in whole IU.").positive("Write the dose the witness checked, in whole IU.")]).optional(),
  witnessDoseMl: z
    .union([z.literal(""), z.string().trim().regex(/^\d{1,3}(\.\d{1,2})?$/, "Write the volume the witness checked in mL, up to 2 decimals (e.g. 2.75).")])
    .optional(),
  criteria: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, "Unknown criterion.")).max(30).default([]),
  note: optionalText(2000, "The note"),
});
export type RecordDose = z.infer<typeof RecordDoseSchema>;

export const CourseIdSchema = z.object({ courseId: z.uuid("Unknown course.") });

/**
 * A dose given or held on paper during a downtime, entered afterwards (lib/actions/back-enter-dose.ts, decision 061).
 * The paper pre-dose assessment's fields are read from the same form by the assessment reader (lib/schemas/assessment.ts).
 */
export const BackEnterDoseSchema = z.object({
  courseId: z.uuid("Unknown course."),
  kind: z.enum(["given", "held"], { error: "Choose given or held, as on the paper record." }),
  /** the unit's wall-clock time written on the paper record, "2026-12-01 22:50" */
  occurredAt: z
    .string({ error: "Enter the time of the dose written on the paper record." })
    .trim()
    .min(1, "Enter the time of the dose written on the paper record.")
    .max(20, "Write the time as YYYY-MM-DD HH:mm (24-hour, unit time), e.g. 2026-12-01 22:50.")
    .regex(/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}$/, "Write the time as YYYY-MM-DD HH:mm (24-hour, unit time), e.g. 2026-12-01 22:50."),
  // at most 1,000,000,000 IU, about ten times a 140 kg patient's dose at 720,000 IU/kg: above it the figure is a typing slip (and would overflow the column)
  doseIu: z.union([z.literal(""), z.coerce.number({ error: "Dose must be a whole number of IU." }).int("Dose must be a whole number of IU.").positive("Dose must be positive.").max(1_000_000_000, "Check the dose: more than 1,000,000,000 IU is not a dose anyone gives.")]).optional(),
  criteria: listField(z.array(z.string().regex(/^[a-z][a-z0-9-]*$/, "Unknown criterion.")).max(30)).default([]),
  note: optionalText(2000, "The note"),
  /** the second clinician who checked the entry against the paper record and signs for themselves */
  coSignerId: z.uuid("Choose the co-signer from the list."),
});
export type BackEnterDose = z.infer<typeof BackEnterDoseSchema>;
