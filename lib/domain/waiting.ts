// What waits for whom: the one list the board, the course timeline, the review queue and the actions read, so a
// dose that waits for an attending is flagged everywhere or nowhere. Facts, not sentences: WAITING_TEXT words them.
// Pure.
import type { CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { reviewWaitOf, type ReviewWait } from "@/lib/domain/review";
import { downtimeStopAwaitingAttending } from "@/lib/domain/downtime-stop";

export type WaitingItem =
  | { who: "pharmacist"; what: "verify-order" }
  | { who: "pharmacist"; what: "count" }
  | {
      who: "attending";
      what: "review";
      wait: ReviewWait;
      events: number[];
      /**
       * for a stop wait: the highest tier waiting; for a downtime wait: set when a dose given during downtime met a
       * stop (or discontinue) at its time — no dose until the attending has acknowledged it (lib/domain/downtime-stop.ts)
       */
      tier?: "stop" | "discontinue";
    }
  | { who: "attending"; what: "cycle-2-go-ahead" };

/**
 * Everything a course waits for, most urgent first: an attending's decision on a stop, then holds and judgment
 * findings to review, the cycle-2 go-ahead, the pharmacist's order verification and the dose-count check.
 */
export function waitingFor(args: {
  course: Pick<CourseRecord, "status">;
  events: readonly ReviewedDoseEvent[];
  countDue: boolean;
  cycle2Ready: boolean;
}): WaitingItem[] {
  const out: WaitingItem[] = [];
  const byWait = new Map<ReviewWait, number[]>();
  let discontinue = false;
  for (const e of args.events) {
    const wait = reviewWaitOf(e);
    if (wait) byWait.set(wait, [...(byWait.get(wait) ?? []), e.sequence]);
    if (wait === "stop" && e.tier === "discontinue") discontinue = true;
  }
  for (const wait of ["stop", "hold", "judgment", "downtime"] as const) {
    const events = byWait.get(wait);
    if (!events) continue;
    if (wait === "stop") out.push({ who: "attending", what: "review", wait, events, tier: discontinue ? "discontinue" : "stop" });
    else if (wait === "downtime") {
      const stop = downtimeStopAwaitingAttending(args.events);
      out.push({ who: "attending", what: "review", wait, events, ...(stop ? { tier: stop.engineDecision === "discontinue" ? ("discontinue" as const) : ("stop" as const) } : {}) });
    } else out.push({ who: "attending", what: "review", wait, events });
  }
  if (args.cycle2Ready) out.push({ who: "attending", what: "cycle-2-go-ahead" });
  if (args.course.status === "ordered") out.push({ who: "pharmacist", what: "verify-order" });
  if (args.countDue) out.push({ who: "pharmacist", what: "count" });
  return out;
}

const REVIEW_TEXT: Record<Exclude<ReviewWait, "stop">, string> = {
  hold: "review a hold",
  judgment: "review a judgment finding",
  downtime: "acknowledge a dose given during downtime against the rules",
};

/**
 * How a stop-tier hold that waits for the attending is named everywhere (board, timeline, queue, dose screen): the
 * stop it is, never a plain "held" (issue 10).
 */
export function stopWaitText(tier: string | null | undefined): string {
  return `${tier === "discontinue" ? "Discontinue" : "Stop"} IL-2 — attending to decide`;
}

/** The board's words for one item ("Stop IL-2 — attending to decide", "Attending: review a hold"). */
export function waitingText(item: WaitingItem): string {
  switch (item.what) {
    case "review":
      if (item.wait === "stop") return stopWaitText(item.tier);
      // a stop found on a dose given during downtime: the stop it is, then where it comes from
      if (item.wait === "downtime" && item.tier) return `${stopWaitText(item.tier)} (found on a dose given during downtime)`;
      return `Attending: ${REVIEW_TEXT[item.wait]}`;
    case "cycle-2-go-ahead":
      return "Attending: go-ahead for cycle 2";
    case "verify-order":
      return "Pharmacist: verify the order";
    case "count":
      return "Pharmacist: dose count";
  }
}

/** The timeline's words under an event that waits (null when it waits for nothing). */
export function eventWaitText(wait: ReviewWait | null, tier: string | null): string | null {
  switch (wait) {
    case null:
      return null;
    case "stop":
      return `■ ${stopWaitText(tier)}`;
    case "hold":
      return "◔ Waiting for attending review";
    case "judgment":
      return "◔ Judgment finding — waiting for the attending to acknowledge";
    case "downtime":
      return "◔ Given during downtime against the rules — waiting for the attending to acknowledge";
  }
}
