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

/**
 * The held event a decision needs, or null. Only reasons the assessment itself shows count: a stop that comes from
 * the events alone (`pending-stop-review`, `holds-cumulative`: parameter "events") is already in the record, and so is
 * a stop that already waits for the attending at the same or a higher tier.
 */
export function stopHoldOf(d: Pick<DoseDecision, "decision" | "findings" | "combination">): StopHold | null {
  if (d.decision !== "stop" && d.decision !== "discontinue") return null;
  const own = d.findings.filter((f) => f.parameter !== "events" && RANK[f.tier] >= RANK.stop);
  const combination = d.combination?.fired === true;
  if (own.length === 0 && !combination) return null;
  const tier = own.some((f) => f.tier === "discontinue") ? "discontinue" : "stop";
  // A stop already waiting for the attending at this tier or higher is not lost: one pending item, not one per assessment.
  const pending = d.findings.find((f) => f.criterion === "pending-stop-review");
  if (pending && RANK[pending.tier] >= RANK[tier]) return null;
  const criteria = [...new Set([...own.map((f) => f.criterion), ...(combination ? d.combination?.holdCriteria ?? [] : [])])];
  const what = tier === "discontinue" ? "DISCONTINUE" : "STOP";
  return { tier, criteria, note: `Recorded with the assessment: the rules said ${what}. No IL-2 until an attending has decided.` };
}
