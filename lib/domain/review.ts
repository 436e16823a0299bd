// Review policy (issue 4; docs/decisions/020-review-outcomes.md): which dose events wait for an attending, which
// outcomes each allows, which need a signature and what each signature means. Pure: no I/O, no clock. The board,
// the course timeline, the review queue and the review action all ask here.
import { getRuleSet } from "@/lib/rules";
import type { CourseRecord, DoseEventRecord } from "@/lib/domain/records";
import { storedDecisionBody, storedFindings, storedNeedsAttending } from "@/lib/domain/stored-decision";

// The outcomes, their words and which are signed live in review-outcomes.ts, which the browser's review forms
// import without the engine this module needs: re-exported here unchanged.
import { type ReviewOutcome } from "@/lib/domain/review-outcomes";
export { REVIEW_OUTCOMES, REASONED_OUTCOMES, needsReason, needsSignature, CYCLE2_MEANING, OUTCOME_LABEL, type ReviewOutcome } from "@/lib/domain/review-outcomes";

/** What a dose event under review is, for the outcomes it allows. */
export type ReviewSubject = "held" | "stopped" | "discontinued" | "given-judgment" | "given-downtime";

/**
 * The outcomes that make sense for each kind of event. A given dose can only be acknowledged; a stop cannot be
 * overridden or stopped again; a recorded discontinuation can only be confirmed.
 */
export const OUTCOMES_FOR: Readonly<Record<ReviewSubject, readonly ReviewOutcome[]>> = {
  held: ["confirm", "stop", "discontinue", "override"],
  stopped: ["confirm", "discontinue"],
  discontinued: ["confirm"],
  "given-judgment": ["confirm"],
  // acknowledged with a signed note by its own action (acknowledge-downtime-dose), never by review-hold
  "given-downtime": [],
};

/**
 * The outcomes for one event. A hold the engine decided at stop or discontinue tier cannot be merely confirmed or
 * overridden: IL-2 must stop (the engine has no memory, so an unreviewed or "confirmed" stop-tier hold would let
 * the next clean assessment say give). A stop or a discontinuation resolves it; a stop that came from judgment alone
 * (`judgmentStop`: stopIsJudgment of the stored decision) may instead be reassessed — the hold stands and the next
 * assessment, on new observations only, re-decides (docs/decisions/041-blocking-rule-and-reassess.md).
 */
export function outcomesFor(subject: ReviewSubject, tier: string, engineDecision?: string, judgmentStop = false): readonly ReviewOutcome[] {
  if (subject === "held" && tier === "discontinue") return ["discontinue"];
  // A hold whose stop comes from the holds themselves (monotherapy 1.1.0 `holds-cumulative`, judgment): the
  // attending may override it with a signature (protocols.md §4), never merely confirm it. A reassessment would meet
  // the same run of holds, so the override is its judgment route.
  if (subject === "held" && tier === "stop" && engineDecision === "hold") return ["stop", "discontinue", "override"];
  if (subject === "held" && tier === "stop") return judgmentStop ? ["stop", "discontinue", "reassess"] : ["stop", "discontinue"];
  return OUTCOMES_FOR[subject];
}

/**
 * The stop recorded with this decision came from judgment alone: every stop- or discontinue-tier finding the
 * assessment itself showed is marked judgment (e.g. TIL creatinine ≥ 3.0), or there is none and the combination
 * rule (judgment) made the stop. A stop read from the events (`holds-cumulative`, `pending-stop-review`: parameter
 * "events") is never reassessable: the next assessment would meet the same events. Read from the stored snapshot.
 */
export function stopIsJudgment(snapshot: unknown): boolean {
  const body = storedDecisionBody(snapshot);
  if (!body || body.decision !== "stop") return false;
  const list = Array.isArray(body.findings) ? (body.findings as unknown[]) : [];
  const severe = list.filter((f): f is Record<string, unknown> => f !== null && typeof f === "object" && (f as Record<string, unknown>).tier !== "hold");
  if (severe.some((f) => f.parameter === "events" || f.tier === "discontinue" || f.judgment !== true)) return false;
  const combination = body.combination as Record<string, unknown> | null | undefined;
  if (severe.length === 0) return combination?.fired === true && combination.judgment === true;
  return true;
}

const CONFIRM_MEANING: Readonly<Record<ReviewSubject, string>> = {
  held: "Reviewed: hold confirmed",
  stopped: "Reviewed: stop confirmed",
  discontinued: "Reviewed: discontinuation confirmed",
  "given-judgment": "Reviewed: judgment finding acknowledged",
  "given-downtime": "Reviewed: dose given during downtime",
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
    case "reassess":
      return "Judgment stop not applied: the hold stands and the next assessment re-decides";
  }
}

/** Criteria marked `judgment` in a stored decision that asked for an attending (needsAttendingReview). */
export function judgmentCriteriaInSnapshot(snapshot: unknown): string[] {
  if (!storedNeedsAttending(snapshot)) return [];
  return storedFindings(snapshot).filter((f) => f.judgment).map((f) => f.criterion);
}

/** A held event decided at stop or discontinue tier (contract 1.1): it blocks every dose until an attending decides. */
export function isStopTierHold(event: Pick<DoseEventRecord, "kind" | "tier">): boolean {
  return event.kind === "held" && (event.tier === "stop" || event.tier === "discontinue");
}

/**
 * What a dose event is to a reviewer, or null when it never waits for review: held, stopped and discontinued events
 * always do, a given dose only when the engine asked for an attending because of a judgment finding.
 */
export function reviewSubjectOf(event: Pick<DoseEventRecord, "kind" | "decisionSnapshot" | "downtimeFlag">): ReviewSubject | null {
  switch (event.kind) {
    case "held":
    case "stopped":
    case "discontinued":
      return event.kind;
    case "given":
      // a dose given during downtime that the rules would not have given: the acknowledgement covers its findings too
      if (event.downtimeFlag) return "given-downtime";
      return judgmentCriteriaInSnapshot(event.decisionSnapshot).length > 0 ? "given-judgment" : null;
  }
}

/**
 * What an unreviewed event waits for: the decision on a stop-tier hold, the review of a hold (or of a recorded stop
 * or discontinuation), the acknowledgement of a judgment finding on a given dose, or the signed acknowledgement of a
 * dose given during downtime that the rules would not have given.
 */
export type ReviewWait = "stop" | "hold" | "judgment" | "downtime";

/**
 * The one answer to "does this event wait for an attending, and for what?" — used by the board, the timeline, the
 * review queue and the review action. Active events only; an event written by a signed review, or already reviewed,
 * waits for nothing.
 */
export function reviewWaitOf(
  event: Pick<DoseEventRecord, "kind" | "tier" | "status" | "authorizedByReviewId" | "decisionSnapshot" | "downtimeFlag"> & { holdReviews: readonly unknown[] },
): ReviewWait | null {
  if (event.status !== "active" || event.holdReviews.length > 0 || event.authorizedByReviewId) return null;
  const subject = reviewSubjectOf(event);
  if (subject === null) return null;
  if (subject === "given-judgment") return "judgment";
  if (subject === "given-downtime") return "downtime";
  // a recorded stopped/discontinued event waits for its confirmation like a hold (IL-2 is already off)
  return isStopTierHold(event) ? "stop" : "hold";
}

/** What a stop ends under the course's rule set (mono: the cycle; TIL: the course), and how many cycles it has. */
export function stopScope(course: Pick<CourseRecord, "ruleSetId" | "ruleSetVersion" | "protocol">): { stopEnds: "cycle" | "course"; cycles: number } {
  const rs = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  if (rs) return { stopEnds: rs.schedule.stopEnds.value, cycles: rs.schedule.cycles.length };
  // An unknown rule set: the protocol's documented meaning (protocols.md §2).
  return course.protocol === "til_adjunct" ? { stopEnds: "course", cycles: 1 } : { stopEnds: "cycle", cycles: 2 };
}

/** Why an outcome makes no sense for this kind of event, in one sentence for the attending. */
export function refusedOutcome(subject: ReviewSubject, outcome: ReviewOutcome, tier: string, engineDecision?: string): string {
  if (outcome === "reassess") {
    if (subject === "held" && tier === "stop" && engineDecision === "hold") {
      return "This STOP comes from the holds in a row: a new assessment would meet the same holds. Stop or discontinue IL-2, or override with a signed reason.";
    }
    if (subject === "held" && tier === "stop") {
      return "This STOP comes from a stop-tier criterion, not from judgment alone: it cannot be reassessed. Stop or discontinue IL-2.";
    }
    if (subject === "held" && tier === "discontinue") return "The rules said DISCONTINUE for this hold: IL-2 must be discontinued; it cannot be reassessed.";
    return "Only a judgment-tier STOP can be reassessed at the next assessment.";
  }
  // a stop that came from the holds themselves (outcomesFor): stop, discontinue or a signed override — never a confirm
  if (subject === "held" && tier === "stop" && engineDecision === "hold") {
    return "The holds in a row make this a STOP: it cannot be merely confirmed. Stop or discontinue IL-2, or override with a signed reason.";
  }
  if (subject === "held" && (tier === "stop" || tier === "discontinue")) {
    return `The rules said ${tier.toUpperCase()} for this hold: IL-2 must ${tier === "stop" ? "be stopped or discontinued" : "be discontinued"}; it cannot be confirmed as a hold or overridden.`;
  }
  switch (subject) {
    case "stopped":
      return outcome === "override"
        ? "A stop cannot be overridden: a review does not restart IL-2. Confirm the stop, or discontinue IL-2."
        : "IL-2 is already stopped by this event. Confirm the stop, or discontinue IL-2.";
    case "discontinued":
      return "IL-2 is already discontinued for this course: this event can only be confirmed.";
    case "given-judgment":
      return "This dose was already given: the review can only acknowledge its judgment finding (confirm).";
    case "given-downtime":
      return "This dose was given during downtime although the rules would not have given it: acknowledge it with a signed note (Acknowledge), not with a review outcome.";
    case "held":
      return "That outcome is not possible for this hold.";
  }
}

/**
 * IL-2 is over for the course after this review: discontinued, or stopped where a stop ends the course (TIL) or in
 * the last cycle.
 */
export function reviewEndsCourse(outcome: ReviewOutcome, subject: ReviewSubject, eventCycle: number, scope: { stopEnds: "cycle" | "course"; cycles: number }): boolean {
  return (
    outcome === "discontinue" ||
    subject === "discontinued" ||
    ((outcome === "stop" || subject === "stopped") && (scope.stopEnds === "course" || eventCycle >= scope.cycles))
  );
}
