// Who may mark a record entered in error, and what a correction may not undo. Pure: no I/O, no clock. The correction
// action (lib/actions/mark-entered-in-error.ts) asks here with the facts it read under the course lock; the course
// page asks the same question to offer the correction form only where it would be accepted.
// docs/decisions/045-nurse-correction-window-and-return-to.md.
import { isStopTierHold } from "@/lib/domain/review";
import type { DoseEventRecord, DoseEventKindCode } from "@/lib/domain/records";
import { formatClock } from "@/lib/format";
import { eventKindLabel } from "@/lib/domain/vocabulary";

/** A nurse corrects her own entry within this many minutes of recording it (issue 10); later, an attending does. */
export const NURSE_CORRECTION_MINUTES = 30;

/**
 * Why this dose event cannot be marked entered in error, by anyone, or null. A stop is not undone by a correction
 * (contract 1.1: a stop lives in the events). A stop-tier hold waiting for the attending goes only with the assessment
 * that made it; a stop or discontinuation an attending signed stands (a new review decides, never a correction).
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

/** Who asks to correct. Only these two roles hold `record:mark-in-error` (lib/auth/permissions.ts). */
export interface Corrector {
  id: string;
  role: string;
}

/** The record to correct, with the facts the rule needs (read under the course lock by the action). */
export type CorrectionSubject =
  | {
      entityType: "DoseEvent";
      event: Pick<DoseEventRecord, "kind" | "tier" | "engineDecision" | "authorizedByReviewId" | "recordedAt" | "sequence" | "downtimeFlag"> & { recordedById: string };
      /** an attending has signed a review of it */
      reviewed: boolean;
      /** the assessment it was recorded on is still active (false when it has none) */
      sourceAssessmentActive: boolean;
      /** the sequence of an active dose event recorded after it, if any */
      laterActiveSequence: number | null;
    }
  | {
      entityType: "Assessment";
      assessment: { recordedById: string; recordedAt: Date };
      /**
       * The active dose events that may have been decided on its values: those recorded on it, and every one
       * recorded at or after its recording (a dose is decided on the current picture, the latest value of each field
       * among the active assessments, and linked to the latest assessment only: decision 042).
       */
      doseEventsSince: readonly DoseEventSince[];
    };


/** An active dose event that may rest on an assessment's values; `onIt` when it was recorded on that assessment. */
export interface DoseEventSince {
  sequence: number;
  kind: DoseEventKindCode;
  onIt: boolean;
}

/** The engine's decisions that ask for a hold: a held event recorded on one of these waits for the attending's review. */
const ENGINE_ASKED_FOR_HOLD: ReadonlySet<string> = new Set(["hold", "stop", "discontinue"]);

/**
 * The dose events an assessment's correction would pull the ground from under: the active ones recorded on it, or at
 * or after its recording time (any decision since may have used its values), in sequence order.
 */
export function doseEventsSinceAssessment(
  assessment: { id: string; recordedAt: Date },
  events: readonly Pick<DoseEventRecord, "sequence" | "kind" | "status" | "assessmentId" | "recordedAt">[],
): DoseEventSince[] {
  return events
    .filter((e) => e.status === "active" && (e.assessmentId === assessment.id || e.recordedAt.getTime() >= assessment.recordedAt.getTime()))
    .sort((a, b) => a.sequence - b.sequence)
    .map((e) => ({ sequence: e.sequence, kind: e.kind, onIt: e.assessmentId === assessment.id }));
}

/**
 * Why `who` may not mark this record entered in error at `now`, in words for the clinician, or null when the
 * correction is accepted (the signature is checked afterwards, by the action).
 *
 * - An attending corrects any record, at any time, within what no correction may undo (doseEventCorrectionRefusal).
 * - A nurse corrects only an entry she recorded herself, within NURSE_CORRECTION_MINUTES of recording it (the
 *   server's recording time, not the time the assessment was taken), and only an entry nobody has acted on since:
 *   not a hold at stop or discontinue tier (the attending decides a stop: she must never erase one), not a stop or a
 *   discontinuation, not an event an attending reviewed or a dose given under an attending's override, not a hold the
 *   engine asked for (it waits for the attending's review; she keeps the correction of a hold she chose where the
 *   engine said give), not an event with a later one after it, and not an assessment a dose was recorded on or after
 *   (a dose is decided on the current picture, so any later dose may rest on its values: correct that dose first).
 */
export function correctionRefusal(who: Corrector, subject: CorrectionSubject, now: Date, timeZone: string): string | null {
  if (who.role === "attending") {
    return subject.entityType === "DoseEvent" ? doseEventCorrectionRefusal(subject.event, subject) : null;
  }
  if (who.role !== "nurse") return "Your role does not allow this.";
  const recorded = subject.entityType === "DoseEvent" ? subject.event : subject.assessment;
  const elapsedMs = now.getTime() - recorded.recordedAt.getTime();
  if (recorded.recordedById !== who.id || elapsedMs > NURSE_CORRECTION_MINUTES * 60_000) {
    return `Only the nurse who recorded it may correct it, within ${NURSE_CORRECTION_MINUTES} minutes of recording (recorded ${formatClock(recorded.recordedAt, timeZone, now)}). Ask an attending.`;
  }
  if (subject.entityType === "Assessment") {
    const on = subject.doseEventsSince.find((d) => d.onIt);
    if (on) return `Dose event #${on.sequence} (${eventKindLabel(on.kind)}) was recorded on this assessment: mark that dose event entered in error first, or ask an attending.`;
    const since = subject.doseEventsSince[0];
    return since
      ? `Dose event #${since.sequence} (${eventKindLabel(since.kind)}) was recorded after this assessment and may have been decided on its values: only an attending may mark it entered in error now.`
      : null;
  }
  const { event } = subject;
  // a dose given during downtime whose rules at its time said stop is a stop too (lib/domain/downtime-stop.ts)
  const paperStop = event.kind === "given" && Boolean(event.downtimeFlag) && (event.engineDecision === "stop" || event.engineDecision === "discontinue");
  if (isStopTierHold(event) || paperStop || event.kind === "stopped" || event.kind === "discontinued") {
    return "A stop is the attending's to decide: a nurse cannot mark it entered in error. Ask an attending.";
  }
  if (subject.reviewed || event.authorizedByReviewId) {
    return `An attending has ${event.authorizedByReviewId ? "signed an override for this dose" : "reviewed this event"}: only an attending may correct it now.`;
  }
  if (event.kind === "held" && ENGINE_ASKED_FOR_HOLD.has(event.engineDecision)) {
    return "The engine asked for this hold: it waits for the attending's review, so only an attending may mark it entered in error. Ask an attending.";
  }
  if (subject.laterActiveSequence !== null) {
    return `Dose event #${subject.laterActiveSequence} was recorded after this one: only an attending may correct it now.`;
  }
  return doseEventCorrectionRefusal(event, subject);
}

/** A course's dose event as the course page loads it: enough to build its CorrectionSubject. */
export type CourseEventForCorrection = Pick<DoseEventRecord, "id" | "kind" | "tier" | "engineDecision" | "authorizedByReviewId" | "recordedAt" | "sequence" | "status" | "assessmentId"> & {
  recordedById: string;
  holdReviews: readonly unknown[];
  assessment: { status: string } | null;
};

/**
 * The ids of the records `who` may mark entered in error now: the active dose events of the course and the given
 * assessments (the page shows the latest one). The same facts the action reads under the lock, built from the
 * course's events, so the form is offered exactly where the action would accept it.
 */
export function correctableRecordIds(
  who: Corrector,
  events: readonly CourseEventForCorrection[],
  assessments: readonly { id: string; recordedById: string; recordedAt: Date; status: string }[],
  now: Date,
  timeZone: string,
): Set<string> {
  const ids = new Set<string>();
  const active = events.filter((e) => e.status === "active");
  for (const e of active) {
    const later = active.filter((x) => x.sequence > e.sequence).sort((a, b) => a.sequence - b.sequence)[0];
    const subject: CorrectionSubject = {
      entityType: "DoseEvent",
      event: e,
      reviewed: e.holdReviews.length > 0,
      sourceAssessmentActive: e.assessment?.status === "active",
      laterActiveSequence: later?.sequence ?? null,
    };
    if (correctionRefusal(who, subject, now, timeZone) === null) ids.add(e.id);
  }
  for (const a of assessments) {
    if (a.status !== "active") continue;
    const doseEventsSince = doseEventsSinceAssessment(a, active);
    if (correctionRefusal(who, { entityType: "Assessment", assessment: a, doseEventsSince }, now, timeZone) === null) ids.add(a.id);
  }
  return ids;
}
