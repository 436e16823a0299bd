// The review outcomes, their words and which of them need a reason (docs/decisions/020-review-outcomes.md). Apart from
// review.ts (which re-exports all of it) because the review forms run in the browser: this needs nothing of the
// dosing-rules engine, so the review queue's page does not ship the engine. Pure.

export const REVIEW_OUTCOMES = ["confirm", "stop", "discontinue", "override", "reassess"] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

/**
 * Outcomes that need a written reason (issue 4): each lets IL-2 go on against the rules' word (override, reassess)
 * or ends it for good (discontinue).
 */
export const REASONED_OUTCOMES: readonly ReviewOutcome[] = ["override", "discontinue", "reassess"];
export const needsReason = (outcome: string): boolean => (REASONED_OUTCOMES as readonly string[]).includes(outcome);

/**
 * Every outcome carries a password signature with its meaning (21 CFR Part 11 §11.200; issue 12 item 7): a stop
 * review and a confirmation state a meaning as much as an override does (docs/decisions/055-signatures-part-11.md).
 */
export const needsSignature = (outcome: string): boolean => (REVIEW_OUTCOMES as readonly string[]).includes(outcome);

/**
 * The outcome of the attending's acknowledgement of a dose given during downtime that the rules would not have given
 * (decision 061, amendment): stored as a HoldReview like the others, but NOT one of REVIEW_OUTCOMES — review-hold never
 * accepts it, and only lib/actions/acknowledge-downtime-dose.ts writes it. It authorizes nothing.
 */
export const ACKNOWLEDGE_OUTCOME = "acknowledge" as const;
export const ACKNOWLEDGE_LABEL = "Acknowledged: given during downtime";
/** What the attending's signature on the acknowledgement means (stored with the review, shown with name and time). */
export const DOWNTIME_ACK_MEANING = "I have reviewed this dose given during downtime against the rules";

export const CYCLE2_MEANING = "Go-ahead for monotherapy cycle 2";

export const OUTCOME_LABEL: Readonly<Record<ReviewOutcome, string>> = {
  confirm: "Confirm",
  stop: "Stop IL-2",
  discontinue: "Discontinue IL-2",
  override: "Override: allow the dose",
  reassess: "Hold stands — reassess at the next assessment",
};
