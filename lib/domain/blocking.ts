// What blocks what (issue 10, docs/decisions/041-blocking-rule-and-reassess.md): for one course, which unresolved
// item stops the next dose from being given and what clears it. One rule, read by the review queue (cards grouped by
// course and dose), the review action (an override is offered and accepted only when it will allow the dose), the
// dose screen (doseActions, through decisionUnderOverride) and record-dose. Facts, not sentences: BLOCKING_TEXT words
// them. Pure: no I/O, no clock.
//
// The rule, in the engine's own terms (contract 1.1, protocols.md §2):
// - a stop- or discontinue-tier hold that no attending has decided, and that no stopped/discontinued event follows,
//   is the engine's `pending-stop-review`: it blocks every dose until the attending stops, discontinues or (judgment
//   stops only) reassesses it;
// - a plain hold blocks giving on its own assessment (after a hold only new observations re-decide): it clears when
//   the attending overrides it — which allows that dose only while no pending stop blocks every dose — or when a
//   new assessment re-decides;
// - a judgment finding on a given dose, or a recorded stop or discontinuation, blocks nothing more: it waits to be
//   acknowledged (confirmed).
import type { AssessmentRecord, CourseRecord, DoseEventRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { isStopTierHold, outcomesFor, reviewWaitOf, stopIsJudgment, type ReviewWait } from "@/lib/domain/review";
import { dosePlacesOf } from "@/lib/domain/dose-schedule";
import { decideForCourse } from "@/lib/domain/engine-request";
import { currentPicture } from "@/lib/domain/current-assessment";
import type { PendingStopCover } from "@/lib/domain/stop-hold";
import type { DoseDecision } from "@/lib/rules";
import { formatClock } from "@/lib/format";

/** A dose event as the rule reads it: active or not, with its reviews (the outcome where the caller has it). */
export type BlockingEvent = Pick<
  DoseEventRecord,
  "id" | "sequence" | "kind" | "tier" | "status" | "authorizedByReviewId" | "decisionSnapshot" | "occurredAt" | "engineDecision" | "cycle"
> & { holdReviews: readonly { id: string; outcome?: string }[] };

/** How much an unresolved item blocks. */
export type Blocks = "every-dose" | "giving-on-its-assessment" | "nothing";

/** What clears an item: an attending's outcome, or a new assessment that re-decides. */
export type Clearing = "stop" | "discontinue" | "reassess" | "override" | "new-assessment" | "confirm" | "acknowledge";

/** An older item that blocks every dose, whatever is decided on this one. */
export interface Blocker {
  eventId: string;
  sequence: number;
  doseNumber: number;
  occurredAt: Date;
  tier: "stop" | "discontinue";
}

export interface OpenItem {
  eventId: string;
  sequence: number;
  /** the dose this event belongs to: a held or stop event belongs to the dose not yet given, a given one to itself */
  doseNumber: number;
  cycle: number;
  occurredAt: Date;
  wait: ReviewWait;
  /** the tier a held event carries (contract 1.1), else null */
  tier: string | null;
  blocks: Blocks;
  clearedBy: Clearing[];
  /** a pending stop that keeps blocking every dose whatever is decided on this item (so no override is offered) */
  blockedBy: Blocker | null;
}

const active = <E extends Pick<BlockingEvent, "status">>(events: readonly E[]) => events.filter((e) => e.status === "active");
const bySequence = <E extends Pick<BlockingEvent, "sequence">>(events: readonly E[]) => [...events].sort((a, b) => a.sequence - b.sequence);

type Placed = Pick<BlockingEvent, "id" | "sequence" | "kind" | "status" | "cycle" | "occurredAt">;

/**
 * The dose an event belongs to, numbered in the course (as the engine's `dose.number`): given doses in force before
 * it + 1 (a given dose is the one it gave). The one rule is lib/domain/dose-schedule.ts dosePlacesOf; an event not in
 * force is placed where it would stand.
 */
export function doseNumberOf(events: readonly Placed[], event: Placed): number {
  const inForce = event.status === "active" && events.some((e) => e.id === event.id) ? events : [...events.filter((e) => e.id !== event.id), { ...event, status: "active" as const }];
  return dosePlacesOf(inForce).get(event.id)?.inCourse ?? 1;
}

/**
 * The stop-tier holds the engine counts as `pending-stop-review` (lib/rules/events.ts): active, not reviewed, and not
 * followed by a stopped or discontinued event. Oldest first.
 */
export function pendingStops<E extends BlockingEvent>(events: readonly E[]): E[] {
  let pending: E[] = [];
  for (const e of bySequence(active(events))) {
    if (e.kind === "stopped" || e.kind === "discontinued") pending = [];
    else if (isStopTierHold(e) && e.holdReviews.length === 0) pending.push(e);
  }
  return pending;
}

/**
 * The pending stops as stopHoldOf weighs them (lib/domain/stop-hold.ts): each with its tier and whether only
 * stopping or discontinuing IL-2 clears it (outcomesFor offers neither reassess — a judgment stop — nor override —
 * a holds-cumulative stop).
 */
export function pendingStopCovers(events: readonly BlockingEvent[]): PendingStopCover[] {
  return pendingStops(events).map((e) => {
    const tier = e.tier ?? e.engineDecision;
    const outcomes = outcomesFor("held", tier, e.engineDecision, stopIsJudgment(e.decisionSnapshot));
    return { tier, endsIl2Only: outcomes.every((o) => o === "stop" || o === "discontinue") };
  });
}

/**
 * What in a decision is a stop of the assessment's own, in clinical words, or null: a stop- or discontinue-tier
 * finding not read from the events (`pending-stop-review`, `holds-cumulative` are the record's, not the
 * assessment's), or the combination rule.
 */
export function ownStopOf(d: Pick<DoseDecision, "findings" | "combination">): string | null {
  const severe = d.findings.filter((f) => f.parameter !== "events" && (f.tier === "stop" || f.tier === "discontinue"));
  if (severe.length) return severe.map((f) => `${f.criterionLabel}${f.label && f.label !== f.criterionLabel ? `: ${f.label}` : ""} (${f.tier})`).join(", ");
  return d.combination?.fired ? d.combination.label ?? "combination of hold criteria" : null;
}

/** Why a judgment stop cannot be reassessed: an observation since it shows a stop that is in no one's queue. */
export interface ReassessBlocker {
  /** the assessment that shows it (for the current picture: its latest assessment) */
  assessmentId: string;
  takenAt: Date;
  /** "assessment": that assessment on its own; "picture": the current picture of the patient */
  on: "assessment" | "picture";
  /** the stop in clinical words (ownStopOf), or why the assessment cannot be judged */
  what: string;
}

/**
 * Reassess clears a judgment stop without ending IL-2, so it must not clear a stop observed since: refused while an
 * active assessment recorded after the stop event (other than the stop's own) — judged on its own, at its own time,
 * against the events before it — or the current picture (when its latest assessment was recorded after the stop) shows a stop of its own that
 * no later stop-tier held event records (decision 041, "Reassess refused while a newer stop is unrecorded"). A later
 * stop-tier held event recorded at or after that assessment is its own item for the attending, so it covers it. Pure:
 * the caller reads the rows and the clock.
 */
export function reassessBlocker(args: {
  course: CourseRecord;
  events: readonly ReviewedDoseEvent[];
  assessments: readonly AssessmentRecord[];
  stop: Pick<DoseEventRecord, "id" | "sequence" | "recordedAt" | "assessmentId">;
  now: Date;
}): ReassessBlocker | null {
  const inForce = args.events.filter((e) => e.status === "active");
  const since = args.assessments
    // the stop's own assessment is what the stop decided, never "since" it
    .filter((a) => a.status === "active" && a.id !== args.stop.assessmentId && a.recordedAt.getTime() > args.stop.recordedAt.getTime())
    .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const recordedLater = (at: Date) =>
    inForce.some((e) => e.sequence > args.stop.sequence && isStopTierHold(e) && e.recordedAt.getTime() >= at.getTime());
  for (const a of since) {
    if (recordedLater(a.recordedAt)) continue;
    const before = inForce.filter((e) => e.occurredAt.getTime() < a.takenAt.getTime());
    const outcome = decideForCourse({ now: a.takenAt, course: args.course, events: before, assessment: a });
    if (!outcome.ok) {
      if (outcome.issues.some((i) => i.path.startsWith("assessment."))) {
        return { assessmentId: a.id, takenAt: a.takenAt, on: "assessment", what: "it cannot be judged by the rules" };
      }
      continue;
    }
    const what = ownStopOf(outcome.result);
    if (what) return { assessmentId: a.id, takenAt: a.takenAt, on: "assessment", what };
  }
  const picture = currentPicture(args.assessments);
  if (picture && picture.latest.id !== args.stop.assessmentId && picture.latest.recordedAt.getTime() > args.stop.recordedAt.getTime() && !recordedLater(picture.latest.recordedAt)) {
    const outcome = decideForCourse({ now: args.now, course: args.course, events: inForce, assessment: picture.assessment });
    const what = outcome.ok ? ownStopOf(outcome.result) : null;
    if (what) return { assessmentId: picture.latest.id, takenAt: picture.latest.takenAt, on: "picture", what };
  }
  return null;
}

/** Why reassess is refused (or not offered), in one sentence for the attending. */
export function reassessBlockedText(b: ReassessBlocker, timeZone: string, now: Date): string {
  const when = formatClock(b.takenAt, timeZone, now);
  if (b.on === "picture") {
    return `Not reassessable: the current picture of the patient (latest assessment ${when}) shows a stop of its own — ${b.what} — observed after this stop and recorded nowhere else; a reassessment would clear it unseen. Stop or discontinue IL-2.`;
  }
  if (b.what === "it cannot be judged by the rules") {
    return `Not reassessable: the assessment of ${when}, recorded after this stop, cannot be judged by the rules and might hide a stop. Have it marked entered in error and recorded again, or stop or discontinue IL-2.`;
  }
  return `Not reassessable: the assessment of ${when}, recorded after this stop, shows a stop of its own — ${b.what} — recorded nowhere else; a reassessment would clear it unseen. Stop or discontinue IL-2.`;
}

function blockerOf(events: readonly BlockingEvent[], e: BlockingEvent): Blocker {
  return { eventId: e.id, sequence: e.sequence, doseNumber: doseNumberOf(events, e), occurredAt: e.occurredAt, tier: e.tier === "discontinue" ? "discontinue" : "stop" };
}

/**
 * The pending stop that an override of `heldId` could not get past: any pending stop-tier hold other than the held
 * event itself (the engine would still say stop on the dose the override allows). Null when the override would
 * allow the dose as far as the events go (the engine still judges the assessment: decisionUnderOverride).
 */
export function overrideBlocker(events: readonly BlockingEvent[], heldId: string): Blocker | null {
  const other = pendingStops(events).find((e) => e.id !== heldId);
  return other ? blockerOf(events, other) : null;
}

/**
 * Every unresolved item of one course, in dose order (then event order), with what it blocks and what clears it.
 * `reassessable(event)` says whether a stop-tier hold came from judgment alone (lib/domain/review.ts
 * stopIsJudgment); it is asked only for pending stops.
 */
export function openItems(events: readonly BlockingEvent[], reassessable: (e: BlockingEvent) => boolean): OpenItem[] {
  const pendingList = pendingStops(events);
  const pending = new Set(pendingList.map((e) => e.id));
  const out: OpenItem[] = [];
  for (const e of bySequence(active(events))) {
    const wait = reviewWaitOf(e);
    if (wait === null) continue;
    const base = { eventId: e.id, sequence: e.sequence, doseNumber: doseNumberOf(events, e), cycle: e.cycle, occurredAt: e.occurredAt, wait, tier: e.tier };
    if (wait === "stop") {
      if (pending.has(e.id)) {
        const clearedBy: Clearing[] = e.tier === "discontinue" ? ["discontinue"] : ["stop", "discontinue", ...(reassessable(e) ? (["reassess"] as const) : [])];
        // an older pending stop still blocks every dose whatever is decided here (so e.g. the override of a
        // holds-cumulative stop would not allow the dose either)
        const older = pendingList.find((p) => p.sequence < e.sequence);
        out.push({ ...base, blocks: "every-dose", clearedBy, blockedBy: older ? blockerOf(events, older) : null });
      } else {
        // a later stopped/discontinued event settled it: IL-2 is already off, the review only confirms
        out.push({ ...base, blocks: "nothing", clearedBy: ["confirm"], blockedBy: null });
      }
      continue;
    }
    if (wait === "downtime") {
      // a dose given during downtime against the rules: already given; the attending acknowledges it. When the rules at
      // its time said stop or discontinue, no dose is given until then (lib/domain/downtime-stop.ts, decision 061)
      // …unless an attending's stop or discontinuation recorded after it has already turned IL-2 off
      const settled = events.some((x) => x.status === "active" && (x.kind === "stopped" || x.kind === "discontinued") && x.sequence > e.sequence);
      const stop = (e.engineDecision === "stop" || e.engineDecision === "discontinue") && !settled;
      out.push({ ...base, blocks: stop ? "every-dose" : "nothing", clearedBy: ["acknowledge"], blockedBy: null });
      continue;
    }
    if (wait === "judgment" || e.kind !== "held") {
      out.push({ ...base, blocks: "nothing", clearedBy: ["confirm"], blockedBy: null });
      continue;
    }
    const blockedBy = overrideBlocker(events, e.id);
    const later = events.some((x) => x.status === "active" && x.sequence > e.sequence);
    // a later event has re-decided the dose: this hold no longer blocks anything, it only waits for its review
    if (later) out.push({ ...base, blocks: "nothing", clearedBy: ["confirm"], blockedBy });
    else out.push({ ...base, blocks: "giving-on-its-assessment", clearedBy: blockedBy ? ["new-assessment"] : ["override", "new-assessment"], blockedBy });
  }
  return out.sort((a, b) => a.doseNumber - b.doseNumber || a.sequence - b.sequence);
}

const CLEARING_WORDS: Record<Clearing, string> = {
  stop: "stop",
  discontinue: "discontinue",
  reassess: "reassess at the next assessment",
  override: "override",
  "new-assessment": "a new assessment re-decides",
  confirm: "confirm",
  acknowledge: "acknowledge it with a signed note",
};

function listWords(items: readonly string[], last = "or"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${last} ${items.at(-1)}`;
}

/** "blocks every dose; clears when you stop, discontinue or reassess at the next assessment" — for the attending. */
export function blockingText(item: Pick<OpenItem, "blocks" | "clearedBy" | "wait">): string {
  const yours = item.clearedBy.filter((c) => c !== "new-assessment").map((c) => CLEARING_WORDS[c]);
  const byNew = item.clearedBy.includes("new-assessment");
  const clears = yours.length && byNew ? `clears when you ${listWords(yours)}, or when ${CLEARING_WORDS["new-assessment"]}` : yours.length ? `clears when you ${listWords(yours)}` : `clears when ${CLEARING_WORDS["new-assessment"]}`;
  switch (item.blocks) {
    case "every-dose":
      return `blocks every dose; ${clears}`;
    case "giving-on-its-assessment":
      return `blocks giving on its assessment; ${clears}`;
    case "nothing":
      if (item.wait === "downtime") return "blocks nothing (already given); waits for you to acknowledge it with a signed note";
      return item.wait === "judgment" ? "blocks nothing; waits for you to acknowledge it" : "blocks nothing more; waits for you to confirm it";
  }
}
