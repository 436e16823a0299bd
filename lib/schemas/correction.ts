import { z } from "zod";
import { decimalKg, parseTargetSbp } from "@/lib/schemas/course";
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

const reasonText = z.string().trim().min(1, "Write why the order changes.").max(2000, "Keep the reason to 2,000 characters or fewer.").refine(storable, NUL_MESSAGE);

/**
 * An attending amends an order. `version` is the course version the form was read at. The password signs the
 * amendment; once a dose event exists it is required (the action checks, as only the course knows).
 */
export const AmendCourseSchema = z
  .object({
    courseId: z.uuid("Unknown course."),
    version: z.coerce.number({ error: "Reload the page." }).int().min(1),
    dosingWeightKg: kg("Dosing weight"),
    baselineWeightKg: kg("Baseline weight"),
    /** empty = unchanged; otherwise a whole number within the TIL target's bounds (1.1.0: 90–140) */
    targetSbpMmHg: z.string().optional(),
    reason: reasonText,
    password: z.string().max(256, "That is not your password.").optional(),
  })
  .superRefine((v, ctx) => {
    const t = parseTargetSbp(v.targetSbpMmHg);
    if (!t.ok) ctx.addIssue({ code: "custom", path: ["targetSbpMmHg"], message: t.message });
  })
  .transform((v) => {
    const t = parseTargetSbp(v.targetSbpMmHg);
    return { ...v, targetSbpMmHg: t.ok ? t.value : null, password: v.password ? v.password : null };
  });
export type AmendCourse = z.infer<typeof AmendCourseSchema>;

const FIELD_WORDS: Record<"dosingWeightKg" | "baselineWeightKg" | "targetSbpMmHg", string> = {
  dosingWeightKg: "dosing weight",
  baselineWeightKg: "baseline weight",
  targetSbpMmHg: "SBP target",
};

/** What the attending's signature on an amendment means, naming the fields it changes. */
export function amendMeaning(fields: (keyof typeof FIELD_WORDS)[]): string {
  return `I amend this order: ${fields.map((f) => FIELD_WORDS[f]).join(", ")}`;
}

/** An attending moves an open course to the newer version of its rule set, signed with a reason. */
export const MoveCourseRuleSetSchema = z.object({
  courseId: z.uuid("Unknown course."),
  version: z.coerce.number({ error: "Reload the page." }).int().min(1),
  reason: reasonText,
  password: z.string().min(1, "Re-enter your password to sign the move.").max(256, "That is not your password."),
});
export type MoveCourseRuleSet = z.infer<typeof MoveCourseRuleSetSchema>;

export function moveRuleSetMeaning(ruleSetId: string, from: string, to: string): string {
  return `I move this course from rule set ${ruleSetId} version ${from} to version ${to}`;
}
