// Which assessment is current: the latest active one, by when the patient was assessed, then by when it was
// recorded (two taken at the same minute: the later entry). The course page, the board, the dose and assessment
// actions all use this order — the database queries through CURRENT_ASSESSMENT_ORDER, plain lists through
// currentAssessment. Pure.
import type { AssessmentRecord } from "@/lib/domain/records";
import type { AssessmentField } from "@/lib/rules";
import { ASSESSMENT_FIELD_REGISTRY, engineValueOf, isLab, type AssessmentFieldDef, type FieldValue } from "@/lib/domain/assessment-fields";

/** The order as a query sort (newest first): `orderBy: [...CURRENT_ASSESSMENT_ORDER]`. */
export const CURRENT_ASSESSMENT_ORDER = [{ takenAt: "desc" }, { recordedAt: "desc" }] as const;

type Dated = Pick<AssessmentRecord, "status" | "takenAt" | "recordedAt">;

/** Newer first: by takenAt, then recordedAt. */
export function newerFirst(a: Dated, b: Dated): number {
  return b.takenAt.getTime() - a.takenAt.getTime() || b.recordedAt.getTime() - a.recordedAt.getTime();
}

/** The current assessment of a course: its latest active one, or null. */
export function currentAssessment<A extends Dated>(assessments: readonly A[]): A | null {
  return assessments.filter((a) => a.status === "active").sort(newerFirst)[0] ?? null;
}

// ---------------------------------------------------------------------------------------------------------------
// The current picture of the patient (issue 10, observation 7; docs/decisions/042-current-picture.md): the latest
// value of each field among the course's active assessments, each with its own observation time, so a partial
// assessment never hides the values of a fuller one. The engine still judges freshness by those times (contract 1.1
// `observedAt`): an old value is stale, and after a hold a value observed at or before it stays stale for the held
// dose, because merging never re-times a value.

/** The assessment's values (every engine field but its two times). */
export type PictureValueField = Exclude<AssessmentField, "at" | "labsAt">;

/** One value of the picture and where it came from. */
export interface PictureField {
  field: PictureValueField;
  /** engine-shaped (Decimals as numbers) */
  value: FieldValue;
  /** its own observation time: its stored `observedAt`, else its draw time (labs), else its assessment's time */
  observedAt: Date;
  /** the active assessment that holds this observation (the newest one, when several carry the same) */
  assessmentId: string;
  /** that assessment carried the value from an earlier one */
  carried: boolean;
}

export interface CurrentPicture<A extends AssessmentRecord = AssessmentRecord> {
  /** The latest active assessment (currentAssessment): its time is the request's `at`; a dose links to it. */
  latest: A;
  /**
   * The picture as one assessment for the engine request (engine-request.ts assessmentForEngine): the latest's
   * identity and time, each value from the assessment that holds its latest observation, and every value not the
   * latest's own sent with its own time in `observedAt`. A request built on it is the latest's own request when the
   * latest holds every newest value. Never stored: it is not a row.
   */
  assessment: AssessmentRecord;
  /** which value came from which assessment, in the form's order; fields no active assessment holds are absent */
  fields: PictureField[];
}

/**
 * Values read together, from one assessment: a volume belongs to its collection hours, a saturation to the oxygen it
 * was measured on, a flow to its device (room air from one assessment and 3 L/min from another would be a picture no
 * one observed, and one the engine refuses; an SpO₂ of 91 % taken on 2 L/min read beside an earlier "room air" would
 * hide the oxygen that holds a TIL dose). A newer assessment holding only part of a group gives the whole group, so
 * the missing part is missing, never borrowed.
 */
const TOGETHER: readonly (readonly PictureValueField[])[] = [
  ["urineOutputMl", "urineOutputHours"],
  ["spo2Pct", "oxygenDevice", "oxygenLpm"],
];

const VALUE_FIELDS = ASSESSMENT_FIELD_REGISTRY.filter((f): f is AssessmentFieldDef & { name: PictureValueField } => f.name !== "at" && f.name !== "labsAt");

/** The per-value times an assessment stores (contract 1.1 `observedAt`), as read from its JSON column. */
function storedTimes(a: Pick<AssessmentRecord, "observedAt">): Record<string, Date> {
  const raw = a.observedAt;
  const out: Record<string, Date> = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw)) {
    const t = typeof v === "string" ? new Date(v) : null;
    if (t && !Number.isNaN(t.getTime())) out[k] = t;
  }
  return out;
}

/** A value's own time (protocols.md §3): its `observedAt`, else `labsAt` for a lab, else the assessment's time. */
function timeOf(f: AssessmentFieldDef, a: AssessmentRecord, own: Record<string, Date>): Date {
  return own[f.name] ?? (isLab(f) && a.labsAt ? a.labsAt : a.takenAt);
}

/**
 * The current picture of a course from its assessments: for each engine field the latest value among the active
 * ones (entered-in-error ones never count), by the value's own time — the newest assessment first when two hold
 * the same time (a carried value and its original) — with that time. `knownAt` rebuilds the picture as it stood
 * then (assessments recorded later are left out), e.g. for the review of an event. Permanent events: every one
 * recorded on an active assessment (they are permanent and never go stale). Null when no assessment is active.
 */
export function currentPicture<A extends AssessmentRecord>(assessments: readonly A[], options: { knownAt?: Date } = {}): CurrentPicture<A> | null {
  const knownAt = options.knownAt;
  const active = assessments
    .filter((a) => a.status === "active" && (knownAt === undefined || a.recordedAt.getTime() <= knownAt.getTime()))
    .sort(newerFirst);
  const latest = active[0];
  if (!latest) return null;
  const times = new Map(active.map((a) => [a, storedTimes(a)]));

  // Each field, or group of fields read together, from the assessment holding its newest observation.
  const chosen = new Map<PictureValueField, A>();
  const grouped = new Set(TOGETHER.flat());
  const units = [...TOGETHER, ...VALUE_FIELDS.filter((f) => !grouped.has(f.name)).map((f) => [f.name])];
  for (const unit of units) {
    const defs = unit.map((n) => VALUE_FIELDS.find((f) => f.name === n)).filter((f): f is (typeof VALUE_FIELDS)[number] => f !== undefined);
    let best: { a: A; t: number; n: number } | null = null;
    for (const a of active) {
      const held = defs.filter((f) => engineValueOf(f, a) !== undefined);
      if (!held.length) continue;
      const t = Math.max(...held.map((f) => timeOf(f, a, times.get(a) ?? {}).getTime()));
      // Strictly newer wins. On a tie (a carried value and its original are one observation) the assessment holding
      // more of the group wins — a new assessment that carried the oxygen device and flow but has no SpO₂ of its own
      // does not take the group from the one where all three were observed together; then the newer assessment
      // (earlier in `active`) keeps it.
      if (best === null || t > best.t || (t === best.t && held.length > best.n)) best = { a, t, n: held.length };
    }
    if (best) for (const f of defs) if (engineValueOf(f, best.a) !== undefined) chosen.set(f.name, best.a);
  }

  const fields: PictureField[] = [];
  const merged: AssessmentRecord = { ...latest, observedAt: null };
  const mergedTimes: Record<string, string> = {};
  const latestTimes = times.get(latest) ?? {};
  const labs: { field: string; at: Date | null; fromLatest: boolean; ownTime: boolean }[] = [];
  for (const f of VALUE_FIELDS) {
    const from = chosen.get(f.name);
    const column = f.column as keyof AssessmentRecord;
    if (!from) {
      (merged as unknown as Record<string, unknown>)[column] = f.storage === "list" ? [] : null;
      continue;
    }
    const own = times.get(from) ?? {};
    const at = timeOf(f, from, own);
    let value = engineValueOf(f, from) as FieldValue;
    if (f.name === "permanentEvents") {
      // permanent: every one recorded on an active assessment counts, whatever its age (protocols.md §2)
      value = [...new Set(active.flatMap((a) => a.permanentEvents))];
      merged.permanentEvents = value;
      merged.permanentEventsAnswered = true;
    } else {
      (merged as unknown as Record<string, unknown>)[column] = from[column as keyof A];
    }
    fields.push({ field: f.name, value, observedAt: at, assessmentId: from.id, carried: from.carriedFields.includes(f.name) });
    const fromLatest = from === latest;
    if (isLab(f)) labs.push({ field: f.name, at: own[f.name] ?? from.labsAt, fromLatest, ownTime: own[f.name] !== undefined });
    else if (!fromLatest) mergedTimes[f.name] = at.toISOString();
    else {
      const t = latestTimes[f.name];
      if (t) mergedTimes[f.name] = t.toISOString();
    }
  }
  // Labs: the latest's own draw time stands when every lab is the latest's; otherwise each lab carries its own draw
  // time and `labsAt` is the oldest of them (as the form sets it), so no lab is judged by another's time. A lab with
  // no draw time at all is never given one: then `labsAt` stays absent and the engine reports it missing.
  if (labs.every((l) => l.fromLatest)) {
    merged.labsAt = latest.labsAt;
    for (const l of labs) if (l.ownTime && l.at) mergedTimes[l.field] = l.at.toISOString();
  } else {
    const drawn = labs.map((l) => l.at).filter((t): t is Date => t !== null);
    merged.labsAt = drawn.length === labs.length ? new Date(Math.min(...drawn.map((t) => t.getTime()))) : null;
    for (const l of labs) if (l.at) mergedTimes[l.field] = l.at.toISOString();
  }
  merged.observedAt = Object.keys(mergedTimes).length ? mergedTimes : null;
  return { latest, assessment: merged, fields };
}

/**
 * What a recorded event was decided on, for a screen that recomputes it (the review queue's comparison): the picture
 * as it stood when the event was recorded, when the event's assessment was then the latest; else that assessment
 * alone (a stop recorded from a back-dated entry). Null when the event has no active assessment.
 */
export function pictureAtEvent(assessments: readonly AssessmentRecord[], event: { assessmentId: string | null; recordedAt: Date }): AssessmentRecord | null {
  const own = assessments.find((a) => a.id === event.assessmentId && a.status === "active");
  if (!own) return null;
  const then = currentPicture(assessments, { knownAt: event.recordedAt });
  return then && then.latest.id === own.id ? then.assessment : own;
}

/** An engine-shaped assessment (the contract's `assessment` object, as engine-request.ts assessmentForEngine builds it). */
export type EngineAssessment = Record<string, unknown>;

/** An engine-shaped assessment as a record (the registry maps each field to its column), for currentPicture. */
function recordOf(a: EngineAssessment, id: string, recordedAt: Date): AssessmentRecord {
  const row: Record<string, unknown> = { id, status: "active", recordedAt, observedAt: a.observedAt ?? null, carriedFields: [], carriedFromId: null };
  for (const f of ASSESSMENT_FIELD_REGISTRY) {
    const v = a[f.name];
    row[f.column] = f.storage === "list" ? (Array.isArray(v) ? v : []) : v === undefined || v === null ? null : f.storage === "instant" ? new Date(String(v)) : v;
  }
  row.permanentEventsAnswered = Array.isArray(a.permanentEvents);
  return row as unknown as AssessmentRecord;
}

/**
 * The picture a new assessment would make, for the form's live preview (client-safe): `typed` (engine-shaped, with
 * its `at`) laid over the current picture (`assessmentForEngine(picture.assessment)`, sent to the page), by the same
 * rule as currentPicture — each field's value with the latest own time, nothing re-timed — so the preview says what
 * the server will decide once the assessment is recorded. Without a picture, or without a time, `typed` as it is.
 */
export function pictureWithTyped(picture: EngineAssessment | null, typed: EngineAssessment): EngineAssessment {
  if (!picture || typeof typed.at !== "string" || typeof picture.at !== "string") return typed;
  const base = recordOf(picture, "picture", new Date(0));
  // recorded after the picture's assessments, as it will be
  const next = recordOf(typed, "typed", new Date(1));
  const merged = currentPicture([base, next]);
  if (!merged) return typed;
  const out: EngineAssessment = {};
  for (const f of ASSESSMENT_FIELD_REGISTRY) {
    const v = engineValueOf(f, merged.assessment);
    if (v !== undefined) out[f.name] = v;
  }
  const times = storedTimes(merged.assessment);
  const observedAt = Object.fromEntries(Object.entries(times).filter(([k]) => k in out).map(([k, t]) => [k, t.toISOString()]));
  if (Object.keys(observedAt).length) out.observedAt = observedAt;
  return out;
}
