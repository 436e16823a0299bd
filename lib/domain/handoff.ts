// The handoff sheet (issue 14, item 2; docs/decisions/060-handoff-sheet.md): one page per open course for the change
// of shift, and the unit's sheet of every open course, which is also the paper sheet a unit works from in a downtime.
// It says nothing of its own: the decision is the engine's on the course's current picture, made exactly as the
// course page and the board make it (current-assessment.ts currentPicture → decideForCourse → courseDoseActions →
// status.ts doseStatus), and every other line reads the same domain rules (dose-schedule.ts, waiting.ts, review.ts),
// so the sheet can never say "give" where the course page says "held". Pure: the caller passes the rows and `now`.
import { computeDose, criterionInputs, getRuleSet, LAB_FIELDS, type DoseDecision, type Finding, type RuleSet } from "@/lib/rules";
import type { AssessmentRecord, CourseRecord, DoseEventRecord, ReviewedDoseEvent, ReviewOutcomeCode } from "@/lib/domain/records";
import { currentPicture, type PictureField } from "@/lib/domain/current-assessment";
import { decideForCourse } from "@/lib/domain/engine-request";
import { courseDoseActions, lastActiveEvent } from "@/lib/domain/dose-policy";
import { doseStatus, doseStatusText, type DoseStatus, type StatusTone } from "@/lib/domain/status";
import { doseCountText, dosePlacesOf, doseSchedule } from "@/lib/domain/dose-schedule";
import { stopWaitText, waitingFor, type WaitingItem } from "@/lib/domain/waiting";
import { reviewWaitOf, type ReviewWait } from "@/lib/domain/review";
import { countVerificationDue } from "@/lib/domain/count-report";
import { waitsForCycle2GoAhead } from "@/lib/domain/cycle2";
import { storedFindings } from "@/lib/domain/stored-decision";
import { assessmentField, clinicalDetail, displayValue, fieldLabel } from "@/lib/domain/assessment-fields";
import { criterionLabel, heldEventLabel, tierLabel } from "@/lib/domain/vocabulary";
import { dateTimeFormat, formatClock, protocolLabel } from "@/lib/format";
import { ENTERED_AFTER_DOWNTIME } from "@/lib/domain/downtime";
import { divR, mulR, ratioOf, roundR, shownOf } from "@/lib/domain/exact-decimal";

/** How many of the latest dose events the sheet lists (the rest are on the course page). */
export const HANDOFF_LAST_EVENTS = 4;

export interface HandoffReview {
  outcome: ReviewOutcomeCode;
  attendingName: string;
  signedAt: Date;
  reason: string | null;
}

/** The rows one sheet is built from: what the course page loads (lib/db/queries/course-view.ts), with names. */
export interface HandoffInput {
  course: CourseRecord & { orderedAt: Date };
  patient: { familyName: string; givenName: string; mrn: string; birthDate: Date };
  unit: { name: string; timeZone: string };
  events: readonly (DoseEventRecord & {
    recordedByName: string;
    holdReviews: readonly (HandoffReview & { id: string })[];
    /** back-entered after a downtime (decision 061), with its co-signer and the rules' flag */
    enteredAfterDowntime?: boolean;
    coSignedByName?: string | null;
    coSignedAt?: Date | null;
    downtimeFlag?: string | null;
  })[];
  /** the course's assessments (entered-in-error ones are ignored) */
  assessments: readonly (AssessmentRecord & { recordedByName: string })[];
  /** the pharmacist's last count check, or null */
  lastCountVerification: { lastEventSequence: number; verifiedAt: Date } | null;
  now: Date;
}

/** One dose event as the sheet lists it. */
export interface HandoffEvent {
  sequence: number;
  at: Date;
  /** "Dose 2" (the dose it belongs to; cycle named when the course has two) */
  dose: string;
  /** "given", "held", "Stop IL-2 — attending to decide" */
  what: string;
  /** 48,000,000 IU for a given dose */
  doseIu: number | null;
  /** why: the criteria in the rule set's words, then the nurse's note */
  reasons: string[];
  recordedByName: string;
  /** "Entered after downtime, co-signed by X 14:20" for a paper dose back-entered (decision 061), else null */
  downtime: string | null;
  /** the rules' flag on a paper dose they would not have given (shown with ⚠ and its words), else null */
  downtimeFlag: string | null;
  /** "Reviewed by Dr X, 14:20: hold confirmed", or what it still waits for */
  review: string;
  waitsFor: ReviewWait | null;
}

export interface HandoffFinding {
  criterion: string;
  /** "Hold this dose", "Stop IL-2" */
  tier: string;
  /** what was observed against which limit, in clinical words */
  detail: string;
  judgment: boolean;
}

/** One value of the current picture with its own time. */
export interface HandoffValue {
  /** the label with its unit: "Systolic blood pressure (mmHg)" */
  label: string;
  value: string;
  observedAt: Date;
}

export interface HandoffWait {
  who: "Attending" | "Pharmacist" | "Nurse";
  what: string;
}

export interface HandoffSheet {
  courseId: string;
  patient: { name: string; mrn: string; birthDate: string; unitName: string };
  timeZone: string;
  /** "TIL-adjunct course, rule set til-2024 version 1.1.0" */
  protocol: string;
  courseStatus: CourseRecord["status"];
  dosingWeightKg: string;
  doseIuPerKg: number;
  /** the course's fixed dose (IU), null when the rule set is unknown */
  doseIu: number | null;
  /** "Dose 3 of 6", "Cycle 2: dose 1 of 14 (dose 15 of 28 in the course)", "6 of 6 given" */
  doseOfCount: string;
  /** dose-schedule.ts doseCountText: "2 of 6 doses given · dose 3 held" */
  doseCount: string;
  /** the course page's heading (status.ts), word for word */
  status: { kind: DoseStatus["kind"]; label: string; detail: string; tone: StatusTone };
  /** when the next dose is due, or why none is */
  nextDue: { text: string; at: Date | null };
  /** the latest events in force, newest first */
  lastEvents: HandoffEvent[];
  /** how many events in force are not listed */
  olderEvents: number;
  /**
   * What holds or stops the dose: the current decision's findings; while the dose stays held on a recorded hold
   * (held, held for review) and the current decision has none of its own (after a hold the same values are too old
   * for the held dose), the findings recorded with that hold — never "nothing fires" beside a held patient.
   */
  findings: HandoffFinding[];
  /** where the findings come from, in words ("On the current picture", "At the hold of dose 2, 16:46") */
  findingsFrom: string;
  /** what to say when there are none: nothing fires, or nothing could be judged (no values, values too old) */
  noFindings: string;
  pressors: HandoffValue[];
  /** the other values of the current picture, each with its time */
  values: HandoffValue[];
  latestAssessment: { at: Date; byName: string } | null;
  /**
   * What the current answer rests on: "Re-assess before every dose: this answer rests on values taken at …", and
   * when the first of them goes stale by the rule set's freshness ("valid until 09:30"); null without a picture.
   */
  restsOn: { text: string; validUntil: Date | null } | null;
  /** the course's own hold limits from its rule set, in bedside numbers ("Urine output < 0.5 mL/kg/h × 72.5 kg = 36.3 mL/h") */
  holdLimits: string[];
  waits: HandoffWait[];
}

const PRESSOR_FIELDS = new Set(["phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor", "fluidRefractoryHypotension"]);

const REVIEW_WORDS: Readonly<Record<ReviewOutcomeCode, string>> = {
  confirm: "confirmed",
  stop: "IL-2 stopped",
  discontinue: "IL-2 discontinued",
  override: "override: this dose allowed despite the hold",
  reassess: "judgment stop not applied, the next assessment re-decides",
  acknowledge: "dose given during downtime acknowledged",
};

/** The sheet for one course. */
export function buildHandoffSheet(input: HandoffInput): HandoffSheet {
  const { course, now } = input;
  const tz = input.unit.timeZone;
  const at = (d: Date) => formatClock(d, tz, now);
  const events = [...input.events].sort((a, b) => a.sequence - b.sequence);
  // exactly the course page's decision (lib/db/queries/course-view.ts loadCourseView)
  const picture = currentPicture(input.assessments);
  const outcome = decideForCourse({ now, course, events, assessment: picture?.assessment ?? null });
  const decision = outcome.ok ? outcome.result : null;
  const actions = courseDoseActions({ course, events, assessments: input.assessments, latestAssessmentId: picture?.latest.id ?? null, decision, timeZone: tz, now });
  const waiting = waitingFor({
    course,
    events,
    countDue: countVerificationDue(events, input.lastCountVerification).due,
    cycle2Ready: waitsForCycle2GoAhead(course, events, now),
  });
  const status = doseStatus({ courseStatus: course.status, decision, lastEvent: lastActiveEvent(events), waiting, actions, hasAssessment: picture !== null, now });
  const words = doseStatusText(status, tz, now);
  const schedule = doseSchedule({ course, events, decision });
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  const twoCycles = (ruleSet?.schedule.cycles.length ?? 1) > 1;

  const places = dosePlacesOf(events);
  const inForce = events.filter((e) => e.status === "active").sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime() || b.sequence - a.sequence);
  const lastEvents = inForce.slice(0, HANDOFF_LAST_EVENTS).map((e): HandoffEvent => {
    const place = places.get(e.id);
    const wait = reviewWaitOf(e);
    const stored = new Map(storedFindings(e.decisionSnapshot).map((f) => [f.criterion, f.criterionLabel]));
    const reasons = e.criteria.map((c) => stored.get(c) || criterionLabel(c, { id: e.ruleSetId, version: e.ruleSetVersion }));
    if (e.note) reasons.push(`note: ${e.note}`);
    const review = e.holdReviews.at(-1);
    return {
      sequence: e.sequence,
      at: e.occurredAt,
      dose: place ? `${twoCycles ? `Cycle ${place.cycle}, dose` : "Dose"} ${place.number}` : "Dose",
      what: heldEventLabel(e.kind, e.tier, e.holdReviews.length > 0),
      doseIu: e.kind === "given" ? e.doseIu : null,
      reasons,
      recordedByName: e.recordedByName,
      downtime: e.enteredAfterDowntime
        ? `${ENTERED_AFTER_DOWNTIME}${e.coSignedByName ? `, co-signed by ${e.coSignedByName}${e.coSignedAt ? ` ${at(e.coSignedAt)}` : ""}` : ""}`
        : null,
      downtimeFlag: e.downtimeFlag ?? null,
      review: review
        ? `Reviewed by ${review.attendingName}, ${at(review.signedAt)}: ${REVIEW_WORDS[review.outcome]}${review.reason ? ` (${review.reason})` : ""}`
        : waitText(wait, e.tier),
      waitsFor: wait,
    };
  });

  const urine = urineLimits(ruleSet);
  const values: HandoffValue[] = [];
  const pressors: HandoffValue[] = [];
  for (const f of picture?.fields ?? []) {
    if (f.field === "urineOutputHours" || f.field === "permanentEvents") continue;
    const v = pictureValue(f, picture?.fields ?? [], course.dosingWeightKg, urine);
    if (!v) continue;
    (PRESSOR_FIELDS.has(f.field) ? pressors : values).push(v);
  }
  const permanent = picture?.fields.find((f) => f.field === "permanentEvents");
  if (permanent && Array.isArray(permanent.value) && permanent.value.length) {
    const def = assessmentField("permanentEvents");
    if (def) values.push({ label: def.label, value: displayValue(def, permanent.value), observedAt: permanent.observedAt });
  }

  const dose = ruleSet ? computeDose(Number(course.dosingWeightKg.toString()), course.doseIuPerKg, ruleSet.arithmetic) : null;
  return {
    courseId: course.id,
    patient: {
      name: `${input.patient.familyName}, ${input.patient.givenName}`,
      mrn: input.patient.mrn,
      birthDate: input.patient.birthDate.toISOString().slice(0, 10),
      unitName: input.unit.name,
    },
    timeZone: tz,
    protocol: `${protocolLabel(course.protocol)} course, rule set ${course.ruleSetId} version ${course.ruleSetVersion}`,
    courseStatus: course.status,
    dosingWeightKg: course.dosingWeightKg.toString(),
    doseIuPerKg: course.doseIuPerKg,
    doseIu: dose ? dose.doseIu : null,
    doseOfCount: doseOfCount(decision, twoCycles),
    doseCount: doseCountText(schedule),
    status: { kind: status.kind, ...words },
    nextDue: nextDue(status, words, tz, now),
    lastEvents,
    olderEvents: Math.max(0, inForce.length - HANDOFF_LAST_EVENTS),
    ...findingsOf(decision, status, events, places, twoCycles, tz, now),
    noFindings: noFindingsText(status, picture !== null, decision),
    pressors,
    values,
    latestAssessment: picture ? { at: picture.latest.takenAt, byName: picture.latest.recordedByName } : null,
    restsOn: restsOn(picture?.fields ?? [], ruleSet, status, at),
    holdLimits: holdLimits(ruleSet, course),
    waits: waitsOf(waiting, status, events, twoCycles, places, at),
  };
}

/** "Dose 3 of 6"; for a two-cycle course the cycle's count and the course's; "6 of 6 given" when no dose is decided. */
export function doseOfCount(d: Pick<DoseDecision, "dose" | "counts"> | null, twoCycles: boolean): string {
  if (!d) return "Cannot evaluate";
  if (!d.dose) return `${d.counts.givenInCourse} of ${d.counts.maxPerCourse} given`;
  if (!twoCycles) return `Dose ${d.dose.number} of ${d.counts.maxPerCourse}`;
  return `Cycle ${d.dose.cycle}: dose ${d.dose.numberInCycle} of ${d.counts.maxPerCycle} (dose ${d.dose.number} of ${d.counts.maxPerCourse} in the course)`;
}

/**
 * When the next dose is due, or why none is, from the same status the course page's heading says: a time for give,
 * overdue and not-yet; otherwise the heading's own words (held, waiting for the attending, stopped, complete, …).
 */
export function nextDue(s: DoseStatus, words: { label: string; detail: string }, timeZone: string, now: Date): { text: string; at: Date | null } {
  const at = (d: Date) => formatClock(d, timeZone, now);
  switch (s.kind) {
    case "give":
      return s.dueAt ? { text: `Due ${at(s.dueAt)}${s.underOverride ? ", under the attending's override" : ""}`, at: s.dueAt } : { text: "May be given now", at: null };
    case "overdue":
      return { text: `Overdue: was due ${at(s.dueAt)}`, at: s.dueAt };
    case "not-yet":
      return s.earliestAt ? { text: `Not before ${at(s.earliestAt)}${s.reason ? ` (${words.detail.replace(/\.$/, "").toLowerCase()})` : ""}`, at: s.earliestAt } : { text: `Not yet: ${words.detail}`, at: null };
    case "cannot-evaluate":
    case "closed":
    case "complete":
    case "held-review":
    case "held":
    case "hold":
    case "incomplete":
    case "stop-pending":
    case "stop":
    case "verify-order":
      return { text: `None now: ${words.label}`, at: null };
  }
}

function waitText(wait: ReviewWait | null, tier: string | null): string {
  switch (wait) {
    case null:
      return "Nothing waits on it";
    case "stop":
      return `Waiting: ${stopWaitText(tier)}`;
    case "hold":
      return "Waiting for attending review";
    case "judgment":
      return "Waiting for the attending to acknowledge a judgment finding";
    case "downtime":
      return "Waiting for the attending to acknowledge: given during downtime although the rules would not have given it";
  }
}

function findingOf(f: Finding, timeZone: string, now: Date): HandoffFinding {
  const label = f.criterionLabel && f.criterionLabel !== f.criterion ? f.criterionLabel : criterionLabel(f.criterion);
  const detail =
    f.criterion === "pending-stop-review"
      ? `${tierLabel(f.tier)} recorded as a held dose${typeof f.observed === "string" ? ` at ${formatClock(new Date(f.observed), timeZone, now)}` : ""}, not yet decided by an attending`
      : clinicalDetail(f.detail);
  return { criterion: label, tier: tierLabel(f.tier), detail, judgment: f.judgment };
}

function findingsOf(
  decision: DoseDecision | null,
  s: DoseStatus,
  events: readonly ReviewedDoseEvent[],
  places: ReturnType<typeof dosePlacesOf>,
  twoCycles: boolean,
  timeZone: string,
  now: Date,
): { findings: HandoffFinding[]; findingsFrom: string } {
  const current = (decision?.findings ?? []).map((f) => findingOf(f, timeZone, now));
  const held = lastActiveEvent([...events].sort((a, b) => a.sequence - b.sequence));
  if (current.length || (s.kind !== "held" && s.kind !== "held-review") || !held || held.kind !== "held") {
    return { findings: current, findingsFrom: "On the current picture" };
  }
  const place = places.get(held.id);
  const stored = storedFindings(held.decisionSnapshot);
  const findings: HandoffFinding[] = stored.length
    ? stored.map((f) => ({ criterion: f.criterionLabel || criterionLabel(f.criterion), tier: tierLabel(f.tier), detail: clinicalDetail(f.detail), judgment: f.judgment }))
    : held.criteria.map((c) => ({ criterion: criterionLabel(c, { id: held.ruleSetId, version: held.ruleSetVersion }), tier: tierLabel(held.tier ?? "hold"), detail: "recorded with the hold", judgment: false }));
  return {
    findings,
    findingsFrom: `At the hold of ${place ? `${twoCycles ? `cycle ${place.cycle} ` : ""}dose ${place.number}` : "the dose"}, ${formatClock(held.occurredAt, timeZone, now)}: the dose stays held until ${s.kind === "held-review" ? "the attending has reviewed it" : "a new assessment re-decides it"}`,
  };
}

/**
 * Never "nothing fires" where nothing could be judged: the words come from what the engine judged (its missing,
 * stale and not-assessed values), whatever the status — a dose that must wait still has old values left unjudged.
 */
export function noFindingsText(s: DoseStatus, hasAssessment: boolean, d: Pick<DoseDecision, "missing" | "stale" | "notAssessed"> | null): string {
  if (!hasAssessment) return "Not judged: no assessment recorded yet.";
  if (!d || s.kind === "cannot-evaluate") return "Not judged now: the rules could not evaluate this course; a new assessment decides.";
  const staleWords = (f: string) => (f === "at" ? "the assessment's values" : f === "labsAt" ? "the labs" : fieldLabel(f));
  const parts = [
    d.missing.length ? `missing: ${d.missing.map(fieldLabel).join(", ")}` : "",
    d.stale.length ? `too old: ${d.stale.map(staleWords).join(", ")}` : "",
  ].filter(Boolean);
  if (parts.length) return `Not judged now (${parts.join("; ")}): a new assessment decides.`;
  if (s.kind === "incomplete" || s.kind === "held") return "Not judged now: the current values are missing or too old; a new assessment decides.";
  const unassessed = d.notAssessed.length ? ` Not assessed: ${d.notAssessed.map(fieldLabel).join(", ")}.` : "";
  return `No criterion fires on the current picture.${unassessed}`;
}

/** The statuses whose answer rests on the current values (give now, overdue, not yet, hold now). */
const RESTS_ON_VALUES: ReadonlySet<DoseStatus["kind"]> = new Set(["give", "overdue", "not-yet", "hold"]);

/**
 * What the answer rests on: the distinct times of the judged values of the picture, and when the first of them goes
 * stale by the rule set's own freshness limits (assessment clock or labs clock, as the engine reads them).
 */
export function restsOn(fields: readonly PictureField[], ruleSet: RuleSet | undefined, s: DoseStatus, at: (d: Date) => string): HandoffSheet["restsOn"] {
  if (!fields.length || !RESTS_ON_VALUES.has(s.kind)) return null;
  const judged = ruleSet ? new Set<string>([...ruleSet.requiredFields.fields, ...criterionInputs(ruleSet)]) : null;
  const labsClock = new Set<string>(ruleSet?.freshness.labsClockFields?.fields ?? LAB_FIELDS);
  const minute = 60_000;
  let validUntil: Date | null = null;
  const times = new Map<number, Date>();
  for (const f of fields) {
    if (f.field === "permanentEvents" || (judged && !judged.has(f.field))) continue;
    if (f.value === null || f.value === undefined || f.value === "") continue;
    times.set(f.observedAt.getTime(), f.observedAt);
    if (!ruleSet) continue;
    const maxAge = labsClock.has(f.field) ? ruleSet.freshness.labsMaxAgeMinutes.value : ruleSet.freshness.assessmentMaxAgeMinutes.value;
    const until = new Date(f.observedAt.getTime() + maxAge * minute);
    if (!validUntil || until < validUntil) validUntil = until;
  }
  if (!times.size) return null;
  const list = [...times.values()].sort((a, b) => a.getTime() - b.getTime()).map(at);
  return {
    text: `Re-assess before every dose: this answer rests on values taken at ${list.join(", ")}${validUntil ? `; valid until ${at(validUntil)}` : ""}.`,
    validUntil,
  };
}

const BEDSIDE_QUANTITIES = new Set(["sbpMmHg", "urineOutputMlPerKgPerHour", "urineOutputMlPerHour"]);

/**
 * The course's own hold limits on blood pressure and urine output, read from its rule set (never typed), in bedside
 * numbers: a per-kg rate times the dosing weight, the TIL SBP target as the course's own value.
 */
export function holdLimits(ruleSet: RuleSet | undefined, course: Pick<CourseRecord, "dosingWeightKg" | "targetSbpMmHg">): string[] {
  if (!ruleSet) return [];
  const out: string[] = [];
  const weight = ratioOf(course.dosingWeightKg);
  for (const c of ruleSet.criteria) {
    for (const t of c.thresholds) {
      const cond = t.condition;
      if (t.tier !== "hold" || cond.kind !== "compare" || !BEDSIDE_QUANTITIES.has(cond.quantity)) continue;
      const limit = typeof cond.limit === "number" ? cond.limit : (course[cond.limit.courseField as "targetSbpMmHg"] ?? cond.limit.default);
      if (limit === null || limit === undefined) continue;
      const label = criterionLabel(c.id, { id: ruleSet.id, version: ruleSet.version });
      if (cond.quantity === "urineOutputMlPerKgPerHour" && weight) {
        const l = ratioOf(limit);
        const perHour = l ? roundR(mulR(l, weight), 1) : null;
        out.push(`${label}: hold below ${limit} mL/kg/h × ${course.dosingWeightKg.toString()} kg = ${perHour ?? "?"} mL/h`);
      } else if (cond.quantity === "sbpMmHg") {
        out.push(`${label}: hold below ${limit} mmHg${typeof cond.limit === "number" ? "" : " (the course's SBP target)"}`);
      } else {
        out.push(`${label}: hold below ${limit} ${cond.unit ?? ""}`.trim());
      }
    }
  }
  return [...new Set(out)];
}

/** A picture value in words with its unit; urine output with its collection hours and rate. */
function pictureValue(f: PictureField, all: readonly PictureField[], dosingWeight: CourseRecord["dosingWeightKg"], limits: { perHour: number[]; perKg: number[] }): HandoffValue | null {
  const def = assessmentField(f.field);
  if (!def) return null;
  if (f.field === "urineOutputMl" && typeof f.value === "number") {
    const hours = all.find((x) => x.field === "urineOutputHours")?.value;
    if (typeof hours === "number" && hours > 0) {
      // exact fractions, written so a rounded figure never crosses one of the rule set's own lines (trends.ts)
      const ml = ratioOf(f.value), h = ratioOf(hours), w = ratioOf(dosingWeight);
      const perHour = ml && h ? divR(ml, h) : null;
      const perKg = perHour && w && w.n > 0 ? divR(perHour, w) : null;
      return {
        label: "Urine output (mL, mL/h, mL/kg/h)",
        value: `${f.value} mL over ${hours} h = ${perHour ? shownOf(perHour, 0, limits.perHour) : "?"} mL/h${perKg === null ? "" : `, ${shownOf(perKg, 2, limits.perKg)} mL/kg/h at the dosing weight`}`,
        observedAt: f.observedAt,
      };
    }
  }
  return { label: def.unit ? `${def.label} (${def.unit})` : def.label, value: displayValue(def, f.value), observedAt: f.observedAt };
}

/** The rule set's urine-output lines (every tier), per hour and per kg, that a shown rate must not cross. */
function urineLimits(ruleSet: RuleSet | undefined): { perHour: number[]; perKg: number[] } {
  const perHour: number[] = [], perKg: number[] = [];
  for (const c of ruleSet?.criteria ?? [])
    for (const t of c.thresholds) {
      const cond = t.condition;
      if (cond.kind !== "compare" || typeof cond.limit !== "number") continue;
      if (cond.quantity === "urineOutputMlPerHour") perHour.push(cond.limit);
      if (cond.quantity === "urineOutputMlPerKgPerHour") perKg.push(cond.limit);
    }
  return { perHour, perKg };
}

/**
 * What waits for whom: the attending's and the pharmacist's items of waiting.ts (each review naming its dose and
 * time), then what the nurse does next by the course's status.
 */
function waitsOf(
  waiting: readonly WaitingItem[],
  s: DoseStatus,
  events: readonly ReviewedDoseEvent[],
  twoCycles: boolean,
  places: ReturnType<typeof dosePlacesOf>,
  at: (d: Date) => string,
): HandoffWait[] {
  const bySequence = new Map(events.map((e) => [e.sequence, e]));
  const which = (sequences: readonly number[]) =>
    sequences
      .map((n) => {
        const e = bySequence.get(n);
        const p = e ? places.get(e.id) : undefined;
        return e ? `${p ? `${twoCycles ? `cycle ${p.cycle} ` : ""}dose ${p.number}` : "dose"}, recorded ${at(e.occurredAt)}` : `event #${n}`;
      })
      .join("; ");
  const out: HandoffWait[] = waiting.map((w): HandoffWait => {
    switch (w.what) {
      case "review":
        switch (w.wait) {
          case "stop":
            return { who: "Attending", what: `Decide the stop: ${stopWaitText(w.tier)} (${which(w.events)})` };
          case "hold":
            return { who: "Attending", what: `Review the hold (${which(w.events)})` };
          case "judgment":
            return { who: "Attending", what: `Acknowledge a judgment finding (${which(w.events)})` };
          case "downtime":
            return { who: "Attending", what: `Acknowledge a dose given during downtime although the rules would not have given it (${which(w.events)})` };
        }
        break;
      case "cycle-2-go-ahead":
        return { who: "Attending", what: "Go-ahead for cycle 2" };
      case "verify-order":
        return { who: "Pharmacist", what: "Verify the order (dosing weight and dose): no dose until then" };
      case "count":
        return { who: "Pharmacist", what: "Check and sign off the dose count" };
    }
    return { who: "Attending", what: "Review" };
  });
  const nurse = nurseNext(s);
  if (nurse) out.push({ who: "Nurse", what: nurse });
  return out;
}

/** What the nurse does next, by the status (null when the next step is someone else's or nothing). */
function nurseNext(s: DoseStatus): string | null {
  const dose = (n: number | null) => (n === null ? "the dose" : `dose ${n}`);
  switch (s.kind) {
    case "held":
      return `A new assessment: it re-decides ${dose(s.doseNumber)}`;
    case "incomplete":
      return s.noAssessment ? "A pre-dose assessment" : `A new assessment (${[s.missing.length ? `missing ${s.missing.map(fieldLabel).join(", ")}` : "", s.stale.length ? `too old: ${s.stale.map(fieldLabel).join(", ")}` : ""].filter(Boolean).join("; ")})`;
    case "cannot-evaluate":
      return "A new assessment; if this persists, call the pharmacist";
    case "hold":
      return `Record the hold of ${dose(s.doseNumber)}`;
    case "stop":
      return `Record the ${s.tier} as a held dose and call the attending`;
    case "give":
      return `Give ${dose(s.doseNumber)}${s.dueAt ? "" : " (may be given now)"}`;
    case "overdue":
      return `Give ${dose(s.doseNumber)}: overdue`;
    case "held-review":
    case "stop-pending":
    case "not-yet":
    case "verify-order":
    case "complete":
    case "closed":
      return null;
  }
}

/**
 * The line at the head of every printed page: when the sheet was made, by whom, and that nothing recorded after
 * that moment is on it (the downtime sheet's warning). The date is always written, in the unit's zone.
 */
export function printedLine(now: Date, timeZone: string, name: string): string {
  const when = dateTimeFormat({ timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(now).replace(/,/g, "");
  return `Printed ${when} by ${name} — anything recorded after this time is not on this sheet`;
}

