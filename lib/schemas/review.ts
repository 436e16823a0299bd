import { z } from "zod";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";

import { needsReason, needsSignature, REVIEW_OUTCOMES } from "@/lib/domain/review-outcomes";

export const REASON_MAX = 2000;

const reasonText = z
  .string()
  .trim()
  .max(REASON_MAX, `Keep the reason to ${REASON_MAX.toLocaleString("en-US")} characters or fewer.`)
  .refine(storable, NUL_MESSAGE)
  .optional()
  .transform((v) => (v ? v : null));

export const ReviewHoldSchema = z
  .object({
    doseEventId: z.uuid("Choose the dose event to review."),
    outcome: z.enum(REVIEW_OUTCOMES, { error: "Choose an outcome: confirm, stop, discontinue, override or reassess." }),
    reason: reasonText,
    password: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    const what =
      v.outcome === "override" ? "the override" : v.outcome === "reassess" ? "the reassessment" : v.outcome === "discontinue" ? "the discontinuation" : "the review";
    if (needsReason(v.outcome) && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: `Write the reason for ${what}.` });
    if (needsSignature(v.outcome) && !v.password) ctx.addIssue({ code: "custom", path: ["password"], message: `Re-enter your password to sign ${what}.` });
  });
export type ReviewHold = z.infer<typeof ReviewHoldSchema>;

export const ApproveCycle2Schema = z.object({
  courseId: z.uuid("Choose the course."),
  note: reasonText,
  password: z.string().min(1, "Re-enter your password to sign the go-ahead."),
});
export type ApproveCycle2 = z.infer<typeof ApproveCycle2Schema>;

/**
 * The attending's acknowledgement of a dose given during downtime that the rules would not have given (decision 061,
 * amendment). The note is required: giving it was a deviation from the rules, and the record says what the attending
 * made of it.
 */
export const AcknowledgeDowntimeSchema = z.object({
  doseEventId: z.uuid("Choose the dose event to acknowledge."),
  // a paper dose whose rules at its time said stop is decided, not merely acknowledged (lib/domain/downtime-stop.ts)
  decision: z.enum(["acknowledge", "stop", "discontinue", "reassess"], { error: "Choose what you decide for this dose." }).default("acknowledge"),
  note: z
    .string({ error: "Write a note: what you made of this dose given during downtime against the rules." })
    .trim()
    .min(1, "Write a note: what you made of this dose given during downtime against the rules.")
    .max(REASON_MAX, `Keep the note to ${REASON_MAX.toLocaleString("en-US")} characters or fewer.`)
    .refine(storable, NUL_MESSAGE),
  password: z.string().optional(),
});
export type AcknowledgeDowntime = z.infer<typeof AcknowledgeDowntimeSchema>;
