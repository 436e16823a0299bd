// What a correction (marking a record entered in error) may not undo. Pure: no I/O, no clock. The correction action
// (lib/actions/mark-entered-in-error.ts) asks here with the facts it read under the course lock.
import { isStopTierHold } from "@/lib/domain/review";
import type { DoseEventRecord } from "@/lib/domain/records";

/**
 * Why this dose event cannot be marked entered in error, or null. A stop is not undone by a correction (contract 1.1:
 * a stop lives in the events). A stop-tier hold waiting for the attending goes only with the assessment that made
 * it; a stop or discontinuation an attending signed stands (a new review decides, never a correction).
 */
export function doseEventCorrectionRefusal(
  event: Pick<DoseEventRecord, "kind" | "tier" | "authorizedByReviewId">,
  facts: { reviewed: boolean; sourceAssessmentActive: boolean },
): string | null {
  if (isStopTierHold(event) && !facts.reviewed && facts.sourceAssessmentActive) {
    return "This hold records a stop that waits for the attending's decision. If the assessment that made it was wrong, mark that assessment entered in error first; otherwise the attending decides the stop.";
  }
  if ((event.kind === "stopped" || event.kind === "discontinued") && event.authorizedByReviewId) {
    return `This ${event.kind === "stopped" ? "stop" : "discontinuation"} was signed by an attending in a review: it cannot be marked entered in error.`;
  }
  return null;
}
