// A stop the rules found on a dose given during a downtime (issue 14, review finding 1; docs/decisions/061). The
// engine remembers a stop only through a stop-tier HELD event (contract 1.1 `pending-stop-review`); a paper dose was
// given, so it is stored as given and the engine's stop at its time lives in the event's engineDecision. Without this
// gate the next live assessment could answer "give" although the stop was never put before an attending. Pure.
import { formatClock } from "@/lib/format";

export interface DowntimeStopEvent {
  sequence: number;
  kind: string;
  status: string;
  occurredAt: Date;
  engineDecision: string;
  /** set only on doses back-entered after a downtime that the rules at their time would not have given */
  downtimeFlag?: string | null;
  holdReviews: readonly unknown[];
}

/**
 * The latest dose given during a downtime whose rules at its time said stop or discontinue, still without an
 * attending's signed review (a HoldReview row), and not followed by an attending's stop or discontinuation of IL-2.
 * Null when there is none. While one exists no dose may be given.
 */
export function downtimeStopAwaitingAttending<E extends DowntimeStopEvent>(events: readonly E[]): E | null {
  let waiting: E | null = null;
  for (const e of [...events].filter((x) => x.status === "active").sort((a, b) => a.sequence - b.sequence)) {
    if (e.kind === "stopped" || e.kind === "discontinued") waiting = null;
    else if (e.kind === "given" && e.downtimeFlag && (e.engineDecision === "stop" || e.engineDecision === "discontinue") && e.holdReviews.length === 0) waiting = e;
  }
  return waiting;
}

/** The words shown and refused with while such a dose waits: what happened, when, and who must decide. */
export function downtimeStopText(e: DowntimeStopEvent, timeZone: string, now: Date): string {
  const what = e.engineDecision === "discontinue" ? "discontinued IL-2" : "stopped IL-2";
  return `Dose ${e.sequence}, given during downtime at ${formatClock(e.occurredAt, timeZone, now)}, met a criterion for which the rules at that time would have ${what}${e.downtimeFlag ? ` (${e.downtimeFlag.replace(/\.$/, "")})` : ""}. No dose can be given until an attending has reviewed it.`;
}

/**
 * What the attending's signed review of a flagged paper dose may decide (review 2, finding 1). A dose the rules would
 * only have held, or could not judge, is acknowledged. A dose whose rules at its time said STOP is decided as a
 * stop-tier hold is (lib/domain/review.ts outcomesFor): stop or discontinue IL-2, or — when the stop came from
 * judgment alone — reassess (the next assessment, on new observations only, re-decides); never a bare acknowledgement,
 * which would let dosing resume on a stop nobody decided. A DISCONTINUE can only be discontinued.
 */
export type DowntimeDecision = "acknowledge" | "stop" | "discontinue" | "reassess";

export function downtimeDecisionsFor(engineDecision: string, judgmentStop: boolean): readonly DowntimeDecision[] {
  if (engineDecision === "discontinue") return ["discontinue"];
  if (engineDecision === "stop") return judgmentStop ? ["stop", "discontinue", "reassess"] : ["stop", "discontinue"];
  return ["acknowledge"];
}

/** The choice in the attending's words, and what the signature means. */
export function downtimeDecisionWords(d: DowntimeDecision, stopEnds: "cycle" | "course"): { label: string; meaning: string } {
  switch (d) {
    case "acknowledge":
      return { label: "Acknowledge: the dose stands; nothing else changes", meaning: "I have reviewed this dose given during downtime against the rules" };
    case "stop":
      return { label: `Stop IL-2 for this ${stopEnds}`, meaning: `I have reviewed this dose given during downtime and stop IL-2 for this ${stopEnds}` };
    case "discontinue":
      return { label: "Discontinue IL-2 for this course", meaning: "I have reviewed this dose given during downtime and discontinue IL-2 for this course" };
    case "reassess":
      return {
        label: "Reassess: the stop came from judgment; the next assessment, on new observations only, decides",
        meaning: "I have reviewed this dose given during downtime; the next assessment re-decides",
      };
  }
}
