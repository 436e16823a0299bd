// The course's dose status: one answer, one set of words, for the unit board, the course page's heading and
// anything else that says where a course stands (issue 10, "status words with one meaning each"). The engine
// decides; this reads its answer together with what was recorded (the last event in force, what waits for an
// attending, the order's verification) and says it once. "Overdue" means one thing only: the dose could have been
// given (the decision is give, nothing blocks it) and its due time has passed — never a held patient, never one
// waiting for a stop decision. Pure: the caller passes `now`. docs/decisions/043-status-words-and-reverification.md.
import { reasonText, upperFirst } from "@/lib/domain/vocabulary";
import type { DoseDecision, Reason } from "@/lib/rules";
import type { CourseStatusCode, DoseEventKindCode, ReviewedDoseEvent } from "@/lib/domain/records";
import { waitingFor, type WaitingItem } from "@/lib/domain/waiting";
import { lastActiveEvent, pendingStop, type DoseActions } from "@/lib/domain/dose-policy";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { formatClock } from "@/lib/format";

export type DoseStatus =
  | { kind: "closed" }
  | { kind: "cannot-evaluate" }
  /** a recorded stop- or discontinue-tier hold waits for the attending */
  | { kind: "stop-pending"; tier: "stop" | "discontinue" }
  /** the rules say stop or discontinue and nothing is recorded yet */
  | { kind: "stop"; tier: "stop" | "discontinue" }
  | { kind: "complete"; reason: Reason | null }
  /** ordered (or returned after an amendment): no dose until a pharmacist verifies the order */
  | { kind: "verify-order" }
  /** the dose is held (the last event in force) and the hold waits for the attending */
  | { kind: "held-review"; doseNumber: number | null }
  /** the dose is held and reviewed (or waits for nothing): a new assessment re-decides it */
  | { kind: "held"; doseNumber: number | null; missing: string[]; stale: string[] }
  | { kind: "not-yet"; reason: Reason | null; earliestAt: Date | null; doseNumber: number | null }
  | { kind: "incomplete"; missing: string[]; stale: string[]; noAssessment: boolean }
  /** the rules say hold and the hold is not recorded yet */
  | { kind: "hold"; doseNumber: number | null }
  | { kind: "give"; doseNumber: number | null; dueAt: Date | null; underOverride: boolean }
  | { kind: "overdue"; doseNumber: number | null; dueAt: Date; underOverride: boolean };

export type DoseStatusKind = DoseStatus["kind"];

export interface DoseStatusInput {
  courseStatus: CourseStatusCode;
  /** the engine's decision now, or null when the stored data could not be evaluated */
  decision: DoseDecision | null;
  /** the last event in force (entered-in-error events left out), or null */
  lastEvent: { kind: DoseEventKindCode; sequence: number } | null;
  /** lib/domain/waiting.ts `waitingFor` */
  waiting: readonly WaitingItem[];
  /** lib/domain/dose-policy.ts `doseActions`, when the caller has them (the course page); the board has not */
  actions?: Pick<DoseActions, "canGive" | "heldOnThisAssessment" | "underOverride"> | null;
  /** whether any assessment is recorded (an incomplete decision without one asks for an assessment) */
  hasAssessment?: boolean;
  now: Date;
}

const reviewWaitsOn = (waiting: readonly WaitingItem[], sequence: number): boolean =>
  waiting.some((w) => w.what === "review" && (w.wait === "hold" || w.wait === "stop") && w.events.includes(sequence));

/**
 * Where the course stands for its next dose, in this order: closed; not evaluable; a stop waiting for the attending;
 * the rules say stop; complete; the order waits for the pharmacist; the dose is held (waiting for review, or for a
 * new assessment); not yet; data missing or too old; the rules say hold; give — overdue only past its due time.
 */
export function doseStatus(input: DoseStatusInput): DoseStatus {
  const { decision: d, lastEvent, waiting, actions, now } = input;
  if (input.courseStatus === "closed") return { kind: "closed" };
  if (d === null) return { kind: "cannot-evaluate" };
  const doseNumber = d.dose?.number ?? null;

  const pending = pendingStop(d);
  const stopWait = waiting.find((w) => w.what === "review" && w.wait === "stop");
  if (pending || (stopWait && d.decision !== "complete")) {
    return { kind: "stop-pending", tier: pending?.tier === "discontinue" ? "discontinue" : "stop" };
  }
  // a dose given during downtime met a stop at its time: no dose until the attending has acknowledged it
  const downtimeStop = waiting.find((w) => w.what === "review" && w.wait === "downtime" && w.tier);
  if (downtimeStop && downtimeStop.what === "review" && d.decision !== "complete") return { kind: "stop-pending", tier: downtimeStop.tier ?? "stop" };
  if (d.decision === "stop" || d.decision === "discontinue") return { kind: "stop", tier: d.decision };
  if (d.decision === "complete") return { kind: "complete", reason: d.reason };
  if (input.courseStatus === "ordered") return { kind: "verify-order" };

  // The dose stays held while the decision still rests on the held assessment (hold) or cannot be made without new
  // values (incomplete: after a hold the same values are stale for the held dose, contract 1.1). A hold decision on
  // a new assessment is a new hold to record, when the caller knows which assessment the hold was recorded on.
  const heldNow =
    lastEvent?.kind === "held" &&
    (d.decision === "incomplete" || (d.decision === "hold" && (actions ? actions.heldOnThisAssessment : true)));
  if (heldNow && lastEvent) {
    if (reviewWaitsOn(waiting, lastEvent.sequence)) return { kind: "held-review", doseNumber };
    return { kind: "held", doseNumber, missing: [...d.missing], stale: [...d.stale] };
  }

  switch (d.decision) {
    case "wait":
      return { kind: "not-yet", reason: d.reason, earliestAt: d.window.earliestAt ? new Date(d.window.earliestAt) : null, doseNumber };
    case "incomplete":
      return { kind: "incomplete", missing: [...d.missing], stale: [...d.stale], noAssessment: input.hasAssessment === false };
    case "hold":
      if (actions?.underOverride && actions.canGive) return giveOrOverdue(d, doseNumber, now, true);
      return { kind: "hold", doseNumber };
    case "give":
      return giveOrOverdue(d, doseNumber, now, false);
  }
}

function giveOrOverdue(d: DoseDecision, doseNumber: number | null, now: Date, underOverride: boolean): DoseStatus {
  const dueAt = d.window.dueAt ? new Date(d.window.dueAt) : null;
  if (dueAt && now.getTime() > dueAt.getTime()) return { kind: "overdue", doseNumber, dueAt, underOverride };
  return { kind: "give", doseNumber, dueAt, underOverride };
}

/** Whether the due time on screen may turn to "overdue" as the clock runs: only when the dose could be given. */
export function mayBeOverdue(s: DoseStatus): boolean {
  return s.kind === "give" || s.kind === "overdue";
}

export type StatusTone = "go" | "late" | "neutral" | "held" | "stop" | "data" | "order";

const list = (fields: readonly string[]) => fields.map(fieldLabel).join(", ");

function dataGaps(missing: readonly string[], stale: readonly string[]): string {
  return [missing.length ? `missing ${list(missing)}` : "", stale.length ? `too old: ${list(stale)}` : ""].filter(Boolean).join("; ");
}

/**
 * The status in words: `label` is the short form (the board's badge, the course page's heading), `detail` says
 * what to do. Times in the unit's zone, 24-hour ("22:24", "Tue 1 Dec 22:24" when not today).
 */
export function doseStatusText(s: DoseStatus, timeZone: string, now: Date): { label: string; detail: string; tone: StatusTone } {
  const at = (d: Date) => formatClock(d, timeZone, now);
  const dose = (n: number | null) => (n === null ? "the dose" : `dose ${n}`);
  switch (s.kind) {
    case "closed":
      return { label: "Course closed", detail: "No more doses in this course.", tone: "neutral" };
    case "cannot-evaluate":
      return { label: "Cannot evaluate", detail: "The stored data could not be evaluated. Record a new assessment; if this persists, call the pharmacist.", tone: "data" };
    case "stop-pending": {
      const word = s.tier === "discontinue" ? "Discontinue" : "Stop";
      return { label: `${word} IL-2 — attending to decide`, detail: "No IL-2 until an attending has decided on the recorded stop.", tone: "stop" };
    }
    case "stop": {
      const word = s.tier === "discontinue" ? "Discontinue" : "Stop";
      return { label: `${word} IL-2 — record it, attending to decide`, detail: `The rules say ${word.toLowerCase()}: record the dose as held (it is recorded at ${s.tier} tier) and call the attending.`, tone: "stop" };
    }
    case "complete":
      return { label: "Course complete", detail: s.reason ? `${upperFirst(reasonText(s.reason))}.` : "No more doses.", tone: "neutral" };
    case "verify-order":
      return { label: "Order not yet verified", detail: "Waiting for a pharmacist to verify the order: no dose can be recorded until then.", tone: "order" };
    case "held-review":
      return { label: "Held — waiting for attending review", detail: `${dose(s.doseNumber)[0]!.toUpperCase()}${dose(s.doseNumber).slice(1)} is held; the attending reviews the hold.`, tone: "held" };
    case "held": {
      const gaps = dataGaps(s.missing, s.stale);
      return { label: "Held — new assessment needed", detail: `${dose(s.doseNumber)[0]!.toUpperCase()}${dose(s.doseNumber).slice(1)} is held; a new assessment re-decides it${gaps ? ` (${gaps})` : ""}.`, tone: "held" };
    }
    case "not-yet":
      return {
        label: s.earliestAt ? `Not yet — earliest ${at(s.earliestAt)}` : "Not yet",
        detail: s.reason ? `${upperFirst(reasonText(s.reason))}.` : "The schedule does not allow a dose now.",
        tone: "neutral",
      };
    case "incomplete":
      return s.noAssessment
        ? { label: "No assessment yet", detail: "Record a pre-dose assessment: the decision needs it.", tone: "data" }
        : { label: "Incomplete data", detail: `Cannot decide: ${dataGaps(s.missing, s.stale) || "values missing or too old"}.`, tone: "data" };
    case "hold":
      return { label: `Hold ${dose(s.doseNumber)}`, detail: "The rules say hold: record the hold; the attending reviews it.", tone: "held" };
    case "give":
      return {
        label: s.underOverride ? `Give ${dose(s.doseNumber)} — under the attending's override` : `Give ${dose(s.doseNumber)} now`,
        detail: s.dueAt ? `Due ${at(s.dueAt)}.` : "The dose may be given now.",
        tone: "go",
      };
    case "overdue":
      return { label: `Overdue — ${dose(s.doseNumber)} was due ${at(s.dueAt)}`, detail: s.underOverride ? "The dose may be given under the attending's override." : "The dose may be given now.", tone: "late" };
  }
}

/**
 * Whether the decision panel's "Needs attending review" applies: something recorded waits for an attending, or the
 * decision will need one once it is recorded (nothing is recorded on it yet). It clears once the event was reviewed.
 */
export function needsAttendingReviewNow(args: {
  decision: Pick<DoseDecision, "decision" | "needsAttendingReview"> | null;
  waiting: readonly WaitingItem[];
  actions?: Pick<DoseActions, "heldOnThisAssessment"> | null;
}): boolean {
  if (args.waiting.some((w) => w.who === "attending" && w.what === "review")) return true;
  const d = args.decision;
  if (!d || !d.needsAttendingReview) return false;
  // a wait, an incomplete or a complete decision records nothing for the attending to review
  if (d.decision !== "give" && d.decision !== "hold" && d.decision !== "stop" && d.decision !== "discontinue") return false;
  return !(args.actions?.heldOnThisAssessment ?? false);
}

/** What waits for an attending on these events (the review items of lib/domain/waiting.ts). */
function reviewsWaiting(course: { status: CourseStatusCode }, events: readonly ReviewedDoseEvent[]): WaitingItem[] {
  return waitingFor({ course, events, countDue: false, cycle2Ready: false });
}

/** `doseStatus` from a course page's rows: the course, its events (any order by sequence), the decision and actions. */
export function courseDoseStatus(args: {
  course: { status: CourseStatusCode };
  events: readonly ReviewedDoseEvent[];
  decision: DoseDecision | null;
  actions?: Pick<DoseActions, "canGive" | "heldOnThisAssessment" | "underOverride"> | null;
  hasAssessment: boolean;
  now: Date;
}): DoseStatus {
  const sorted = [...args.events].sort((a, b) => a.sequence - b.sequence);
  return doseStatus({
    courseStatus: args.course.status,
    decision: args.decision,
    lastEvent: lastActiveEvent(sorted),
    waiting: reviewsWaiting(args.course, sorted),
    actions: args.actions ?? null,
    hasAssessment: args.hasAssessment,
    now: args.now,
  });
}

/** `needsAttendingReviewNow` from a course page's rows (the decision panel's "Needs attending review"). */
export function courseNeedsAttendingReview(args: {
  course: { status: CourseStatusCode };
  events: readonly ReviewedDoseEvent[];
  decision: Pick<DoseDecision, "decision" | "needsAttendingReview"> | null;
  actions?: Pick<DoseActions, "heldOnThisAssessment"> | null;
}): boolean {
  return needsAttendingReviewNow({ decision: args.decision, waiting: reviewsWaiting(args.course, args.events), actions: args.actions ?? null });
}

/**
 * The order's versions as the pharmacist's verification sees them. Version 1 is the order as written; each signed
 * amendment (an order change or a move to a newer rule-set version) makes the next version. The verified version
 * is the one in force when the pharmacist last verified (amendments signed at or before `weightVerifiedAt`); an
 * `ordered` course's current version is never verified — it waits for the pharmacist (decision 043).
 */
export interface OrderVersionStatus {
  current: number;
  /** the version the last verification was of, or null when the order was never verified */
  verified: number | null;
  /** the current version is verified (the course is past `ordered`) */
  currentVerified: boolean;
}

export function orderVersionStatus(args: {
  courseStatus: CourseStatusCode;
  weightVerifiedAt: Date | null;
  amendments: readonly { signedAt: Date | string }[];
}): OrderVersionStatus {
  const current = 1 + args.amendments.length;
  const verifiedAt = args.weightVerifiedAt;
  if (verifiedAt === null) return { current, verified: null, currentVerified: false };
  const before = args.amendments.filter((a) => new Date(a.signedAt).getTime() <= verifiedAt.getTime()).length;
  // an order back with the pharmacist: its current version was not the one verified, whatever the clocks say
  const verified = args.courseStatus === "ordered" ? Math.min(1 + before, current - 1) : 1 + before;
  if (verified < 1) return { current, verified: null, currentVerified: false };
  return { current, verified, currentVerified: args.courseStatus !== "ordered" && verified === current };
}

/**
 * The order line's verification words: " · verified by X, 14:02 (version 1) · version 2 not yet verified", or
 * " · verified by X, 14:02 (version 2)", or " · version 1 not yet verified".
 */
export function orderVersionText(s: OrderVersionStatus, verifiedBy: { name: string; at: Date } | null, timeZone: string, now: Date): string {
  const verified = s.verified !== null && verifiedBy ? ` · verified by ${verifiedBy.name}, ${formatClock(verifiedBy.at, timeZone, now)} (version ${s.verified})` : "";
  return `${verified}${s.currentVerified ? "" : ` · version ${s.current} not yet verified`}`;
}
