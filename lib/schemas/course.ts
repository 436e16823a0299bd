import { z } from "zod";

/** A weight in kg as the Decimal(6,2) columns store it: never rounded by the database, so at most 2 decimals. */
export const decimalKg = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number of kilograms.` })
    .refine(Number.isFinite, `${label} must be a number of kilograms.`)
    .min(1, `${label} must be at least 1 kg.`)
    .max(400, `${label} must be at most 400 kg.`)
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, `${label}: at most 2 decimals.`);

export const OrderCourseSchema = z
  .object({
    patientId: z.uuid("Choose a patient."),
    protocol: z.enum(["til-adjunct", "monotherapy"], { error: "Choose a protocol." }),
    dosingWeightKg: decimalKg("Dosing weight"),
    baselineWeightKg: decimalKg("Baseline weight"),
    /** the unit's wall-clock time, "YYYY-MM-DDTHH:mm": TIL infusion end, or cycle 1 day 1 first dose */
    anchorAt: z.string().trim().min(1, "Enter the anchor time."),
    targetSbpMmHg: z
      .union([z.literal(""), z.coerce.number().int("Target SBP must be a whole number of mmHg.").min(60, "Target SBP must be at least 60 mmHg.").max(200, "Target SBP must be at most 200 mmHg.")])
      .optional(),
  })
  .transform((v) => ({ ...v, targetSbpMmHg: v.targetSbpMmHg === "" || v.targetSbpMmHg === undefined ? null : v.targetSbpMmHg }));
export type OrderCourse = z.infer<typeof OrderCourseSchema>;
