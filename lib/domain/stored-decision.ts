// The engine decision stored on a dose event (`decisionSnapshot`), read by one reader and written by one writer.
// Writers store the DoseDecision itself, or the engine's refusal when it could not decide; rows written before this
// rule may hold `{ ok: true, result }` around the decision. Pure.
import { DoseDecisionSchema, type DoseDecision, type EvaluateOutcome } from "@/lib/rules";
import { criterionLabel } from "@/lib/domain/criterion-words";

/** What every writer of a dose event stores: the decision, or the refusal when the engine could not decide. */
export function decisionSnapshotOf(outcome: EvaluateOutcome): unknown {
  return outcome.ok ? outcome.result : { ok: false, error: outcome.error, issues: outcome.issues };
}

/** The engine's answer name stored with the event (`engineDecision`): the decision, or the refusal's error code. */
export function engineDecisionOf(outcome: EvaluateOutcome): string {
  return outcome.ok ? outcome.result.decision : outcome.error;
}

/** The stored object that holds the decision (either shape), or null. Not validated: see readStoredDecision. */
export function storedDecisionBody(snapshot: unknown): Record<string, unknown> | null {
  if (snapshot === null || typeof snapshot !== "object" || Array.isArray(snapshot)) return null;
  const o = snapshot as Record<string, unknown>;
  const inner = o.result;
  if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) return inner as Record<string, unknown>;
  return o;
}

/**
 * The stored decision, validated against today's engine schema; null when the row holds none (a refusal) or one
 * written under an older contract that no longer parses (its facts are still read loosely by storedFindings).
 */
export function readStoredDecision(snapshot: unknown): DoseDecision | null {
  const parsed = DoseDecisionSchema.safeParse(storedDecisionBody(snapshot));
  return parsed.success ? parsed.data : null;
}

/** A stored finding, read loosely so decisions stored under any contract version still show their reasons. */
export interface StoredFinding {
  criterion: string;
  criterionLabel: string;
  detail: string;
  tier: string;
  source: string;
  judgment: boolean;
}

export function storedFindings(snapshot: unknown): StoredFinding[] {
  const body = storedDecisionBody(snapshot);
  const list = body && Array.isArray(body.findings) ? (body.findings as unknown[]) : [];
  const text = (v: unknown) => (typeof v === "string" ? v : "");
  // a finding stored without its label reads in the words of the rule set it was decided under, never as its id
  const rs = body && typeof body.ruleSet === "object" && body.ruleSet !== null ? (body.ruleSet as Record<string, unknown>) : null;
  const ruleSet = rs && typeof rs.id === "string" && typeof rs.version === "string" ? { id: rs.id, version: rs.version } : undefined;
  return list.flatMap((f) => {
    if (f === null || typeof f !== "object") return [];
    const o = f as Record<string, unknown>;
    if (typeof o.criterion !== "string") return [];
    return [{ criterion: o.criterion, criterionLabel: text(o.criterionLabel) || criterionLabel(o.criterion, ruleSet), detail: text(o.detail), tier: text(o.tier), source: text(o.source), judgment: o.judgment === true }];
  });
}

/** The stored decision asked for an attending (`needsAttendingReview`), read loosely. */
export function storedNeedsAttending(snapshot: unknown): boolean {
  return storedDecisionBody(snapshot)?.needsAttendingReview === true;
}
