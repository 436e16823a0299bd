import { z } from "zod";
import { decimalKg } from "@/lib/schemas/course";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";

export const MarkEnteredInErrorSchema = z.object({
  entityType: z.enum(["DoseEvent", "Assessment"], { error: "Choose what to correct." }),
  entityId: z.uuid("Choose the record to correct."),
  reason: z.string().trim().min(1, "Write why this record is in error.").max(2000, "Keep the reason to 2,000 characters or fewer.").refine(storable, NUL_MESSAGE),
  password: z.string().min(1, "Re-enter your password to sign the correction.").max(256),
});
export type MarkEnteredInError = z.infer<typeof MarkEnteredInErrorSchema>;

export const CORRECTION_MEANING = "Correction: this record was entered in error";

// empty = unchanged; otherwise the order form's rule, so the Decimal(6,2) column never rounds an amendment
const kg = (label: string) => z.union([z.literal(""), decimalKg(label)]).optional();

/** An attending amends an order. `version` is the course version the form was read at. */
export const AmendCourseSchema = z.object({
  courseId: z.uuid("Unknown course."),
  version: z.coerce.number({ error: "Reload the page." }).int().min(1),
  dosingWeightKg: kg("Dosing weight"),
  baselineWeightKg: kg("Baseline weight"),
  targetSbpMmHg: z.union([z.literal(""), z.coerce.number().int("Target SBP must be a whole number of mmHg.").min(60, "Target SBP must be at least 60 mmHg.").max(200, "Target SBP must be at most 200 mmHg.")]).optional(),
  reason: z.string().trim().min(1, "Write why the order changes.").max(2000, "Keep the reason to 2,000 characters or fewer.").refine(storable, NUL_MESSAGE),
});
export type AmendCourse = z.infer<typeof AmendCourseSchema>;
