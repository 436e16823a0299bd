// What the course page's dose timeline reads: plain shapes, no Prisma types (lib/db/queries/course-view.ts builds
// them). Whether an event waits for an attending is lib/domain/review.ts `reviewWaitOf`, the same answer the board
// and the review queue give.
import type { ReviewWait } from "@/lib/domain/review";
import type { StoredFinding } from "@/lib/domain/stored-decision";
import type { DoseEventKindCode, ReviewOutcomeCode } from "@/lib/domain/records";

export interface TimelineReview {
  id: string;
  outcome: ReviewOutcomeCode;
  attendingName: string;
  signedAt: Date;
  signatureMeaning: string;
  reason: string | null;
}

export interface TimelineEvent {
  id: string;
  sequence: number;
  kind: DoseEventKindCode;
  cycle: number;
  tier: string | null;
  doseIu: number | null;
  occurredAt: Date;
  engineDecision: string;
  ruleSetId: string;
  ruleSetVersion: string;
  recordedByName: string;
  witnessName: string | null;
  /** the witness's own signature (blind double-check, decision 055): when and what it means; null before signatures */
  witnessSignature?: { signedAt: Date; meaning: string } | null;
  authorizedByReview: boolean;
  findings: StoredFinding[];
  criteria: string[];
  note: string | null;
  enteredInError: { at: Date | null; reason: string | null } | null;
  reviews: TimelineReview[];
  /** what the event waits for (null: nothing) */
  waitsFor: ReviewWait | null;
  /** entered after a downtime from the paper record (decision 061): who co-signed, and the flag in words (null: none) */
  downtime?: { coSignedByName: string | null; coSignedAt: Date | null; flag: string | null } | null;
}
