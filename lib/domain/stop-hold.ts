// When the rules say stop or discontinue, the app records at once a held event at that tier (protocols.md §2:
// "a stop lives in the events"), so the stop holds every later request until an attending has decided. This is
// the one place that says whether a decision needs such an event, at which tier and naming which criteria.
// Pure: no I/O, no clock.
import type { DoseDecision, Tier } from "@/lib/rules";

const RANK: Record<Tier, number> = { hold: 1, stop: 2, discontinue: 3 };

export interface StopHold {
  tier: "stop" | "discontinue";
  criteria: string[];
  note: string;
}

/** A stop-tier hold already waiting for the attending, as stopHoldOf weighs it. */
export interface PendingStopCover {
  tier: string;
  /**
   * Only stopping or discontinuing IL-2 clears it (outcomesFor offers neither reassess nor override): such a stop
   * ends IL-2 before any later dose, so a new stop of the same tier adds nothing the attending could lose.
   */
  endsIl2Only: boolean;
}

/**
 * The held event a decision needs, or null. Only reasons the assessment itself shows count: a stop that comes from
 * the events alone (`pending-stop-review`, `holds-cumulative`: parameter "events") is already in the record.
 * `pending` are the stop-tier holds that wait for the attending (lib/domain/blocking.ts pendingStopCovers). The new
 * stop is left unrecorded only when one of them is at the same or a higher tier AND can only be ended by stopping
 * or discontinuing IL-2: a judgment stop can be reassessed and a holds-cumulative stop overridden, after which the
 * new stop would be in no one's queue (docs/decisions/041-blocking-rule-and-reassess.md, "A stop observed while a
 * stop waits"). Without `pending` nothing is taken as covered: the stop is recorded.
 */
export function stopHoldOf(d: Pick<DoseDecision, "decision" | "findings" | "combination">, pending: readonly PendingStopCover[] = []): StopHold | null {
  if (d.decision !== "stop" && d.decision !== "discontinue") return null;
  const own = d.findings.filter((f) => f.parameter !== "events" && RANK[f.tier] >= RANK.stop);
  const combination = d.combination?.fired === true;
  if (own.length === 0 && !combination) return null;
  const tier = own.some((f) => f.tier === "discontinue") ? "discontinue" : "stop";
  // One pending item, not one per assessment — but only where that item cannot be cleared without IL-2 ending.
  if (pending.some((p) => p.endsIl2Only && (p.tier === "stop" || p.tier === "discontinue") && RANK[p.tier] >= RANK[tier])) return null;
  const criteria = [...new Set([...own.map((f) => f.criterion), ...(combination ? d.combination?.holdCriteria ?? [] : [])])];
  const what = tier === "discontinue" ? "DISCONTINUE" : "STOP";
  return { tier, criteria, note: `Recorded with the assessment: the rules said ${what}. No IL-2 until an attending has decided.` };
}
