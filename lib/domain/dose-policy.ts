// May this dose be recorded as given, or as held, now — and if not, why not (docs/decisions/007-recording-doses.md,
// 018-stops-recorded-and-values-timed.md). The engine decides; this is the app's policy around its answer: which
// answers allow a dose, when an attending's override is usable, a stop that is pending, a hold already recorded on
// this assessment, the cycle-2 go-ahead and the fixed dose. Pure: the action reads the rows and the clock.
import { evaluateDose, type DoseDecision, type EvaluateOutcome } from "@/lib/rules";
import type { AssessmentRecord, CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { engineRequest } from "@/lib/domain/engine-request";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { criterionLabel, parameterLabel, reasonText } from "@/lib/domain/vocabulary";
import { formatClock } from "@/lib/format";
import { overrideBlocker, type Blocker } from "@/lib/domain/blocking";
import { pictureAtEvent } from "@/lib/domain/current-assessment";
import { storedFindings } from "@/lib/domain/stored-decision";

/** A policy's "no": the sentence for the nurse, and the form field it concerns, if one. */
export interface Refused {
  why: string;
  field?: string;
  details?: Record<string, string | number | null>;
}

/** Why the engine's answer does not allow a dose now ("" for give). */
export function whyNotGiven(d: DoseDecision, timeZone: string, now: Date): string {
  switch (d.decision) {
    case "wait":
      return `Not yet: ${d.reason ? reasonText(d.reason) : "the schedule does not allow a dose now"}${d.window.earliestAt ? `; the dose may be given from ${formatClock(new Date(d.window.earliestAt), timeZone, now)}` : ""}.`;
    case "complete":
      return `The course is complete: ${d.reason ? reasonText(d.reason) : "no more doses"}.`;
    case "incomplete":
      return `Cannot give: ${[d.missing.length ? `missing ${d.missing.map(fieldLabel).join(", ")}` : "", d.stale.length ? `too old: ${d.stale.map(fieldLabel).join(", ")}` : ""].filter(Boolean).join("; ")}. Enter these values again in a new assessment.`;
    case "hold":
      return `The rules say HOLD (${d.findings.map((f) => f.criterionLabel).join(", ")}): recording this dose as given needs an attending's signed override.`;
    case "stop":
    case "discontinue": {
      const pending = pendingStop(d);
      if (pending?.at) {
        return `A ${pending.tier === "discontinue" ? "DISCONTINUE" : "STOP"} recorded at ${formatClock(pending.at, timeZone, now)} waits for the attending: no IL-2 until an attending has decided.`;
      }
      return `The rules say ${d.decision.toUpperCase()} (${d.findings.filter((f) => f.tier !== "hold").map((f) => f.criterionLabel).join(", ") || d.combination?.label || "see the findings"}): IL-2 must ${d.decision === "stop" ? "stop" : "be discontinued"} until an attending has decided.`;
    }
    case "give":
      return "";
  }
}

/** A recorded stop that waits for the attending (contract 1.1 `pending-stop-review`), or null. */
export function pendingStop(d: Pick<DoseDecision, "findings">): { tier: string; at: Date | null } | null {
  const f = d.findings.find((x) => x.criterion === "pending-stop-review");
  if (!f) return null;
  return { tier: f.tier, at: typeof f.observed === "string" ? new Date(f.observed) : null };
}

/** The engine's stored-data refusal, field by field, for the nurse. */
export function issuesText(outcome: Extract<EvaluateOutcome, { ok: false }>): string {
  return outcome.issues.map((i) => `${parameterLabel(i.path.split(".").at(-1) ?? "")}: ${i.message}`).join("; ");
}

/** The last event in force. */
export function lastActiveEvent<E extends Pick<ReviewedDoseEvent, "status">>(events: readonly E[]): E | null {
  return events.filter((e) => e.status === "active").at(-1) ?? null;
}

/** The held event recorded on exactly this assessment as the last event in force (an override's only target). */
export function heldOnThisAssessment<E extends Pick<ReviewedDoseEvent, "status" | "kind" | "assessmentId">>(events: readonly E[], assessmentId: string): E | null {
  const last = lastActiveEvent(events);
  return last && last.kind === "held" && last.assessmentId === assessmentId ? last : null;
}

/** Why a signed override cannot allow the dose while an earlier stop waits: the nurse's sentence. */
export function overrideBlockedText(blocker: Blocker, timeZone: string, now: Date): string {
  const what = blocker.tier === "discontinue" ? "DISCONTINUE" : "STOP";
  return `A ${what} recorded at ${formatClock(blocker.occurredAt, timeZone, now)} (dose ${blocker.doseNumber}, event #${blocker.sequence}) waits for the attending and blocks every dose: the override of the later hold cannot allow this dose until the attending has decided that stop.`;
}

/**
 * What an override signed on `held` does not cover, or null: an assessment recorded after the held event (the
 * attending signed the picture as it stood then, never one with a later entry — even a back-dated one, which leaves
 * the held assessment the latest), or a finding at the hold that is neither among the held event's criteria nor in
 * its stored decision (what the attending was shown). `atHold` is the engine's decision on pictureAtEvent. Pure.
 */
export function overrideNotCovering(args: {
  held: Pick<ReviewedDoseEvent, "recordedAt" | "criteria" | "decisionSnapshot" | "assessmentId">;
  assessments: readonly Pick<AssessmentRecord, "id" | "status" | "recordedAt" | "takenAt">[];
  atHold: Pick<DoseDecision, "findings"> | null;
  timeZone: string;
  now: Date;
}): Refused | null {
  const later = args.assessments
    .filter((a) => a.status === "active" && a.id !== args.held.assessmentId && a.recordedAt.getTime() > args.held.recordedAt.getTime())
    .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())[0];
  if (later) {
    return {
      why: `An assessment (taken ${formatClock(later.takenAt, args.timeZone, args.now)}) was recorded after the hold the attending overrode, at ${formatClock(later.recordedAt, args.timeZone, args.now)}: the signed override covered only what was known at the hold. Record a hold on the new picture; the attending decides again.`,
      details: { decision: "hold", reason: "assessment-after-override" },
    };
  }
  if (!args.atHold) return null;
  const signed = new Set([...args.held.criteria, ...storedFindings(args.held.decisionSnapshot).map((f) => f.criterion)]);
  const uncovered = args.atHold.findings.filter((f) => f.parameter !== "events" && !signed.has(f.criterion));
  if (uncovered.length) {
    return {
      why: `The override was signed for ${[...signed].map((c) => criterionLabel(c)).join(", ") || "no criterion"}; the picture at the hold now also shows ${uncovered.map((f) => f.criterionLabel).join(", ")}, which the attending did not see. Record a hold; the attending decides again.`,
      details: { decision: "hold", uncovered: uncovered.map((f) => f.criterion).join(",") },
    };
  }
  return null;
}

/**
 * The decision an attending's override answered, and whether the override may allow the dose: judged on the
 * picture the attending signed (lib/domain/current-assessment.ts pictureAtEvent: the picture when the held event
 * was recorded), as it stood before the held event (after a hold the same values are stale for the held dose,
 * contract 1.1), never on today's picture. Refused while an earlier stop waits (blocking.ts), when an assessment was
 * recorded after the hold, or when the hold's picture shows a finding the override did not cover
 * (overrideNotCovering). Only a plain hold (or a give) is overridden this way; a stop never is. record-dose and the
 * course view both ask here, so giving is never offered and then refused.
 */
export function decisionUnderOverride(args: {
  at: Date;
  course: CourseRecord;
  events: readonly ReviewedDoseEvent[];
  held: Pick<ReviewedDoseEvent, "id" | "assessmentId" | "recordedAt" | "criteria" | "decisionSnapshot">;
  /** the course's assessments (entered-in-error ones are ignored) */
  assessments: readonly AssessmentRecord[];
  timeZone: string;
  now: Date;
}): { usable: true; decision: DoseDecision } | { usable: false; refused: Refused } {
  // The one rule of what blocks what (lib/domain/blocking.ts): an earlier stop that waits for the attending blocks
  // every dose, so an override of a later hold allows nothing until that stop is decided.
  const blocker = overrideBlocker(args.events, args.held.id);
  if (blocker) return { usable: false, refused: { why: overrideBlockedText(blocker, args.timeZone, args.now), details: { decision: "stop", blockedBySequence: blocker.sequence } } };
  const later = overrideNotCovering({ held: args.held, assessments: args.assessments, atHold: null, timeZone: args.timeZone, now: args.now });
  if (later) return { usable: false, refused: later };
  const signedOn = pictureAtEvent(args.assessments, args.held);
  const before = args.events.filter((e) => e.id !== args.held.id);
  const atHold = evaluateDose(engineRequest({ now: args.at, course: args.course, events: before, assessment: signedOn }));
  if (!atHold.ok) return { usable: false, refused: { why: "The stored data could not be evaluated. Record a new assessment.", details: { decision: null } } };
  if (atHold.result.decision !== "hold" && atHold.result.decision !== "give") {
    return { usable: false, refused: { why: whyNotGiven(atHold.result, args.timeZone, args.now), details: { decision: atHold.result.decision } } };
  }
  const uncovered = overrideNotCovering({ held: args.held, assessments: args.assessments, atHold: atHold.result, timeZone: args.timeZone, now: args.now });
  if (uncovered) return { usable: false, refused: uncovered };
  return { usable: true, decision: atHold.result };
}

/**
 * What in an assessment's own decision means a stop (a stop- or discontinue-tier finding, or the combination rule),
 * or null. Used to refuse a dose while an assessment since the last event met a stop.
 */
export function stopMetBy(d: Pick<DoseDecision, "findings" | "combination">): string | null {
  const severe = d.findings.filter((f) => f.tier === "stop" || f.tier === "discontinue");
  if (severe.length) return severe.map((f) => `${f.criterionLabel} (${f.tier})`).join(", ");
  return d.combination?.fired ? d.combination.label ?? "combination of hold criteria" : null;
}

/** A given dose's own checks after the engine allowed it: the cycle-2 go-ahead and the one fixed dose. */
export function givenDoseRefusal(args: {
  course: Pick<CourseRecord, "protocol" | "cycle2ApprovedAt" | "dosingWeightKg">;
  cycle: number;
  expectedIu: number | undefined;
  enteredIu: number | "" | undefined;
}): Refused | null {
  if (args.cycle === 2 && args.course.protocol === "monotherapy" && !args.course.cycle2ApprovedAt) {
    return { why: "Cycle 2 needs the attending's signed go-ahead before its first dose." };
  }
  if (args.expectedIu === undefined || args.enteredIu === undefined || args.enteredIu === "" || args.enteredIu !== args.expectedIu) {
    return {
      why: `The dose for this course is ${args.expectedIu?.toLocaleString("en-US") ?? "?"} IU (verified dosing weight ${args.course.dosingWeightKg.toString()} kg); doses are never changed, only held.`,
      field: "doseIu",
    };
  }
  return null;
}

/** Whether a hold may be recorded on this decision and assessment, and why not. */
export function holdRefusal(args: {
  decision: DoseDecision;
  events: readonly ReviewedDoseEvent[];
  assessmentId: string;
  criteria: readonly string[];
  knownCriteria: ReadonlySet<string>;
  note: string | null | undefined;
  timeZone: string;
  now: Date;
}): Refused | null {
  const d = args.decision;
  if (d.decision === "wait" || d.decision === "complete") {
    return { why: `Nothing to hold: ${whyNotGiven(d, args.timeZone, args.now).replace(/^Not yet: /, "")}`, details: { decision: d.decision } };
  }
  if (pendingStop(d)) return { why: "IL-2 is already held at stop tier until an attending decides: nothing more to record. Call the attending." };
  const held = heldOnThisAssessment(args.events, args.assessmentId);
  if (held) return { why: `Dose event #${(held as ReviewedDoseEvent).sequence} already holds the dose on this assessment. Record a new assessment to re-evaluate.` };
  const unknown = args.criteria.filter((c) => !args.knownCriteria.has(c));
  if (unknown.length) return { why: `These are not criteria of this course's rule set: ${unknown.map((c) => criterionLabel(c)).join(", ")}.`, field: "criteria" };
  if (args.criteria.length === 0 && !args.note) return { why: "Say why the dose is held: tick the criteria or write a note.", field: "note" };
  return null;
}

/** The tier a recorded hold carries (contract 1.1): the decision's when it said stop or discontinue, else hold. */
export function holdTierOf(d: Pick<DoseDecision, "decision">): "hold" | "stop" | "discontinue" {
  return d.decision === "stop" || d.decision === "discontinue" ? d.decision : "hold";
}

/** What the dose screen offers now: the same tests record-dose applies when the nurse submits. */
export interface DoseActions {
  canGive: boolean;
  canHold: boolean;
  /** a recorded stop waits for the attending */
  stopPending: boolean;
  /** the dose is already held on the current assessment */
  heldOnThisAssessment: boolean;
  /** giving is allowed only by an attending's signed override of the hold on this assessment */
  underOverride: boolean;
  /** an earlier stop that waits for the attending and blocks every dose, so an override of this hold allows nothing */
  overrideBlockedBy: Blocker | null;
}

/**
 * What the dose screen offers. `overrideUsable` is decisionUnderOverride's answer (which already refuses while an
 * earlier stop waits: lib/domain/blocking.ts); `overrideBlockedBy` is that stop, from overrideBlocker, so the screen
 * can say which item blocks. Give is offered only where record-dose will accept it.
 */
export function doseActions(args: {
  decision: Pick<DoseDecision, "decision" | "findings">;
  overrideUsable: boolean;
  heldOnThisAssessment: boolean;
  overrideBlockedBy?: Blocker | null;
}): DoseActions {
  const stopPending = pendingStop(args.decision) !== null;
  const d = args.decision.decision;
  const blockedBy = args.overrideBlockedBy ?? null;
  const overrideUsable = args.overrideUsable && blockedBy === null;
  const underOverride = !stopPending && d !== "give" && overrideUsable;
  return {
    overrideBlockedBy: blockedBy,
    canGive: !stopPending && (d === "give" || overrideUsable),
    // recording a hold needs a dose to hold: never on wait or complete (holdRefusal)
    canHold: !args.heldOnThisAssessment && !stopPending && d !== "wait" && d !== "complete",
    stopPending,
    heldOnThisAssessment: args.heldOnThisAssessment,
    underOverride,
  };
}

/**
 * What the dose screen offers now for a course, from its rows: the hold on the latest assessment, whether the
 * attending's override of it is usable (decisionUnderOverride, the test record-dose applies), and doseActions. The
 * course page and the unit board both call this, so the board's status words and the page's buttons never differ.
 */
export function courseDoseActions(args: {
  course: CourseRecord;
  events: readonly (Omit<ReviewedDoseEvent, "holdReviews"> & { holdReviews: readonly { id: string; outcome: string }[] })[];
  assessments: readonly AssessmentRecord[];
  latestAssessmentId: string | null;
  decision: DoseDecision | null;
  timeZone: string;
  now: Date;
}): DoseActions | null {
  if (!args.decision) return null;
  const held = args.latestAssessmentId ? heldOnThisAssessment(args.events, args.latestAssessmentId) : null;
  const overrideUsable =
    held !== null &&
    held.holdReviews.some((r) => r.outcome === "override") &&
    decisionUnderOverride({ at: args.now, course: args.course, events: args.events, held, assessments: args.assessments, timeZone: args.timeZone, now: args.now }).usable;
  return doseActions({ decision: args.decision, overrideUsable, heldOnThisAssessment: held !== null, overrideBlockedBy: held ? overrideBlocker(args.events, held.id) : null });
}
