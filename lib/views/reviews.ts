// What the attending's review screen reads: plain shapes, no Prisma types (lib/db/queries/reviews.ts builds them).
import type { CompareResult, DoseDecision } from "@/lib/rules";
import type { ReviewSubject } from "@/lib/domain/review";
import type { Blocker, Blocks, Clearing } from "@/lib/domain/blocking";
import type { ProtocolCode, CourseStatusCode, DoseEventKindCode, ReviewOutcomeCode } from "@/lib/domain/records";
import type { AssessmentView } from "@/lib/views/assessment";

export interface ReviewPatient {
  familyName: string;
  givenName: string;
  mrn: string;
  unit: { name: string };
}

/** One dose event waiting for an attending, with what the attending needs to decide on it. */
export interface ReviewQueueItem {
  event: {
    id: string;
    sequence: number;
    kind: DoseEventKindCode;
    cycle: number;
    tier: string | null;
    engineDecision: string;
    occurredAt: Date;
    recordedByName: string;
    criteria: string[];
    note: string | null;
  };
  subject: ReviewSubject;
  course: { id: string; protocol: ProtocolCode; ruleSetId: string; ruleSetVersion: string; status: CourseStatusCode; dosingWeightKg: number; baselineWeightKg: number };
  patient: ReviewPatient;
  timeZone: string;
  assessment: AssessmentView | null;
  assessmentState: "none" | "active" | "entered-in-error";
  /** what the nurse saw: the decision stored with the event (recomputed only for rows without a readable one) */
  decisionAtTheTime: DoseDecision | null;
  comparison: CompareResult | null;
  judgmentCriteria: string[];
  laterEvents: number;
  stopEnds: "cycle" | "course";
  /** the dose this event belongs to (lib/domain/blocking.ts doseNumberOf) */
  doseNumber: number;
  /** what this item blocks and what clears it (lib/domain/blocking.ts openItems) */
  blocking: { blocks: Blocks; clearedBy: Clearing[]; blockedBy: Blocker | null; text: string };
  /** a stop-tier hold whose stop came from judgment alone (lib/domain/review.ts stopIsJudgment) and may be reassessed now */
  judgmentStop: boolean;
  /** a judgment stop that may not be reassessed now, and why (lib/domain/blocking.ts reassessBlocker); else null */
  reassessRefusal: string | null;
  /**
   * A dose given during downtime that the rules, judged at its time, would not have given (decision 061): the stored
   * flag, who entered it (and when), who co-signed it (and when). Null for every other item.
   */
  downtime: { flag: string; enteredByName: string; enteredAt: Date; coSignedByName: string | null; coSignedAt: Date | null } | null;
}

/** One patient's course in the queue: its items by dose number, then event order. */
export interface ReviewQueueGroup {
  course: ReviewQueueItem["course"];
  patient: ReviewPatient;
  timeZone: string;
  items: ReviewQueueItem[];
}

export interface Cycle2QueueItem {
  course: { id: string; ruleSetId: string; ruleSetVersion: string; startAt: Date | null };
  patient: ReviewPatient;
  timeZone: string;
  readiness: { ready: true; cycle1Ended: string; cycle2OpensAt: Date | null; givenInCycle1: number; heldInCycle1: number };
}

/** A signature on the user's units in the last 24 hours. */
export type RecentSignature =
  | { kind: "review"; id: string; patient: ReviewPatient; timeZone: string; outcome: ReviewOutcomeCode; eventKind: DoseEventKindCode; cycle: number; signerName: string; signedAt: Date; meaning: string; reason: string | null }
  | { kind: "cycle-2"; id: string; patient: ReviewPatient; timeZone: string; signerName: string; signedAt: Date; note: string | null };
