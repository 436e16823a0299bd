// What the course's dose events say on their own, before any assessment is read (contract 1.1): a stop the
// attending has not yet decided (`pending-stop-review`), the run of held doses in the current cycle
// (holds-cumulative) and the latest hold (after which older observations are stale for the held dose).
import type { EventContext } from "./criteria";
import type { ScheduleEvent } from "./schedule";
import type { EventTier } from "./vocabulary";

/** A validated event: its cycle follows from its time; `tier` and `reviewed` as recorded. */
export interface ValidEvent extends ScheduleEvent {
  tier: EventTier | null;
  reviewed: boolean;
}

/**
 * @param events sorted (sortEvents)
 * @param streakCycle the cycle whose held run is counted, or null when no criterion reads it or its window is not open
 */
export function eventContext(events: readonly ValidEvent[], streakCycle: number | null): EventContext {
  let lastDose: ValidEvent | null = null;
  let pending: ValidEvent[] = [];
  let streak = 0;
  for (const e of events) {
    switch (e.kind) {
      case "given":
        lastDose = e;
        if (e.cycle === streakCycle) streak = 0;
        break;
      case "held":
        lastDose = e;
        if (e.cycle === streakCycle) streak++;
        if ((e.tier === "stop" || e.tier === "discontinue") && !e.reviewed) pending.push(e);
        break;
      case "stopped":
      case "discontinued":
        // The attending's decision is recorded: earlier stop-tier holds are settled.
        pending = [];
        break;
    }
  }
  let top: ValidEvent | null = null;
  for (const e of pending) if (top === null || e.tier === "discontinue" || top.tier !== "discontinue") top = e;
  return {
    heldStreak: streakCycle === null ? null : streak,
    lastHeldAtMs: lastDose !== null && lastDose.kind === "held" ? lastDose.at : null,
    pendingStop: top === null ? null : { tier: top.tier === "discontinue" ? "discontinue" : "stop", atMs: top.at },
  };
}
