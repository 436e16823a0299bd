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
