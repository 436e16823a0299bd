import { z } from "zod";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";

// The pharmacist's two sign-offs (issue 4, parts 2 and 6). Figures stay strings until the action compares them
// with the stored ones exactly (docs/decisions/030-pharmacist-verification.md).

const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label}: at most ${max.toLocaleString("en-US")} characters.`)
    .refine(storable, NUL_MESSAGE)
    .optional()
    .transform((v) => (v === undefined || v === "" ? null : v));

/** A whole number written by the page itself (a hidden field): digits only, so "" is never read as 0. */
const sequenceNumber = (message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,9}$/, message)
    .transform(Number);

export const VerifyOrderSchema = z.object({
  courseId: z.uuid("Open the order from the verification queue."),
  password: z.string().min(1, "Re-enter your password to sign the verification.").max(256, "That is not your password."),
  /** Re-entered from the pharmacist's own check; compared with the course's dosing weight as decimals. */
  dosingWeightKg: z
    .string({ error: "Enter the dosing weight you checked, in kilograms." })
    .trim()
    .min(1, { message: "Enter the dosing weight you checked, in kilograms.", abort: true })
    .regex(/^\d{1,3}(\.\d{1,4})?$/, { message: "Enter the weight in kilograms with a decimal point, e.g. 82.4.", abort: true })
    .refine((v) => Number(v) >= 1 && Number(v) <= 400, "The dosing weight must be from 1 to 400 kg."),
  /** The dose the pharmacist computed, in whole IU; grouping commas and spaces are allowed ("49,440,000"). */
  doseIu: z
    .string({ error: "Enter the dose you computed, in IU." })
    .trim()
    .min(1, { message: "Enter the dose you computed, in IU.", abort: true })
    .transform((v) => v.replace(/[\s,\u202f]/g, ""))
    .refine((v) => /^\d{1,10}$/.test(v), "Enter the dose as a whole number of international units, e.g. 49,440,000.")
    .transform(Number)
    .refine((v) => v >= 1 && v <= 1_000_000_000, "The dose must be from 1 to 1,000,000,000 IU."),
  note: optionalText("Note", 2000),
});
export type VerifyOrder = z.infer<typeof VerifyOrderSchema>;

export const VerifyCountsSchema = z.object({
  courseId: z.uuid("Open the course from the verification queue."),
  password: z.string().min(1, "Re-enter your password to sign the count sign-off.").max(256, "That is not your password."),
  lastEventSequence: sequenceNumber("Reload the page: it did not say which events you saw."),
  /** How many events the page showed as entered-in-error: a correction since then changes the counts. */
  enteredInErrorCount: sequenceNumber("Reload the page: it did not say which corrections you saw."),
  discrepancyNote: optionalText("Discrepancy note", 2000),
});
export type VerifyCounts = z.infer<typeof VerifyCountsSchema>;
