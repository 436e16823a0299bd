import { z } from "zod";
import { NUL_MESSAGE, storable } from "@/lib/schemas/text";

export const REVIEW_OUTCOMES = ["confirm", "stop", "discontinue", "override"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/** Outcomes that carry a password signature and a written reason (21 CFR Part 11 §11.200; issue 4). */
export const SIGNED_OUTCOMES: readonly ReviewOutcome[] = ["override", "discontinue"];
export const needsSignature = (outcome: string): boolean => (SIGNED_OUTCOMES as readonly string[]).includes(outcome);

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
    outcome: z.enum(REVIEW_OUTCOMES, { error: "Choose an outcome: confirm, stop, discontinue or override." }),
    reason: reasonText,
    password: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (!needsSignature(v.outcome)) return;
    const what = v.outcome === "override" ? "the override" : "the discontinuation";
    if (!v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: `Write the reason for ${what}.` });
    if (!v.password) ctx.addIssue({ code: "custom", path: ["password"], message: `Re-enter your password to sign ${what}.` });
  });
export type ReviewHold = z.infer<typeof ReviewHoldSchema>;

export const ApproveCycle2Schema = z.object({
  courseId: z.uuid("Choose the course."),
  note: reasonText,
  password: z.string().min(1, "Re-enter your password to sign the go-ahead."),
});
export type ApproveCycle2 = z.infer<typeof ApproveCycle2Schema>;

export const CYCLE2_MEANING = "Go-ahead for monotherapy cycle 2";

/** What a dose event under review is, for the outcomes it allows. */
export type ReviewSubject = "held" | "stopped" | "discontinued" | "given-judgment";

/**
 * The outcomes that make sense for each kind of event. A given dose can only be acknowledged; a stop cannot be
 * overridden or stopped again; a recorded discontinuation can only be confirmed.
 */
export const OUTCOMES_FOR: Readonly<Record<ReviewSubject, readonly ReviewOutcome[]>> = {
  held: ["confirm", "stop", "discontinue", "override"],
  stopped: ["confirm", "discontinue"],
  discontinued: ["confirm"],
  "given-judgment": ["confirm"],
};

/**
 * The outcomes for one event. A hold the engine decided at stop or discontinue tier cannot be merely confirmed or
 * overridden: IL-2 must stop (the engine has no memory, so an unreviewed or "confirmed" stop-tier hold would let
 * the next clean assessment say give). Only a stop or a discontinuation resolves it.
 */
export function outcomesFor(subject: ReviewSubject, tier: string, engineDecision?: string): readonly ReviewOutcome[] {
  if (subject === "held" && tier === "discontinue") return ["discontinue"];
  // A hold whose stop comes from the holds themselves (monotherapy 1.1.0 `holds-cumulative`, judgment): the
  // attending may override it with a signature (protocols.md §4), never merely confirm it.
  if (subject === "held" && tier === "stop" && engineDecision === "hold") return ["stop", "discontinue", "override"];
  if (subject === "held" && tier === "stop") return ["stop", "discontinue"];
  return OUTCOMES_FOR[subject];
}

const CONFIRM_MEANING: Readonly<Record<ReviewSubject, string>> = {
  held: "Reviewed: hold confirmed",
  stopped: "Reviewed: stop confirmed",
  discontinued: "Reviewed: discontinuation confirmed",
  "given-judgment": "Reviewed: judgment finding acknowledged",
};

/** The signature manifestation stored with the review and shown with the signer's name and time. */
export function signatureMeaning(outcome: ReviewOutcome, subject: ReviewSubject, stopEnds: "cycle" | "course"): string {
  switch (outcome) {
    case "confirm":
      return CONFIRM_MEANING[subject];
    case "stop":
      return stopEnds === "course" ? "Reviewed: IL-2 stopped for this course" : "Reviewed: IL-2 stopped for this cycle";
    case "discontinue":
      return "Discontinue IL-2 for this course";
    case "override":
      return "Override: I allow this dose despite the hold";
  }
}

export const OUTCOME_LABEL: Readonly<Record<ReviewOutcome, string>> = {
  confirm: "Confirm",
  stop: "Stop IL-2",
  discontinue: "Discontinue IL-2",
  override: "Override: allow the dose",
};
