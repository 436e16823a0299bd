// The pre-dose assessment's fields, once: for each engine field (shared/domain/engine-contract.md `assessment`) its
// words and unit, how it is entered, whether it may be carried and by which time it is judged, and the stored
// column with how that column's value becomes the engine's. The form, the form reader (lib/schemas/assessment.ts),
// the engine request (lib/domain/engine-request.ts), the assessment summary and the decision panel are loops over
// this table (docs/decisions/037-assessment-field-registry.md). Pure and client-safe.
import {
  ASSESSMENT_FIELDS, GI_BLEEDING_STATUSES, INFECTION_STATUSES, MENTAL_STATUSES, OXYGEN_DEVICES, PERMANENT_EVENTS, RHYTHMS,
  type AssessmentField,
} from "@/lib/rules";
import type { AssessmentRecord, DecimalLike } from "@/lib/domain/records";

export type Option = { value: string; label: string };

export const PERMANENT_EVENT_LABELS: Record<string, string> = {
  "sustained-vt": "Sustained VT", "intubation-over-72h": "Intubation over 72 h", "coma-over-48h": "Coma over 48 h",
  "gi-bleed-needing-surgery": "GI bleed needing surgery", "toxic-psychosis-over-48h": "Toxic psychosis over 48 h",
  "dialysis-over-72h": "Dialysis over 72 h", "bowel-ischemia-or-perforation": "Bowel ischaemia or perforation",
};
const words = (values: readonly string[], labels: Record<string, string> = {}): Option[] =>
  values.map((v) => ({ value: v, label: labels[v] ?? v.replaceAll("-", " ").replace(/^./, (c) => c.toUpperCase()) }));

export type FieldKind = "number" | "choice" | "yesno" | "time" | "list";
export type FieldGroup = "vitals" | "fluids" | "neuro" | "pressors" | "labs" | "other";
/** How the column holds the value: it decides how a stored value becomes the engine's (a Decimal → a number). */
export type FieldStorage = "int" | "decimal" | "text" | "boolean" | "instant" | "list";
/** The stored columns that hold a field's value. */
export type AssessmentColumn = Exclude<keyof AssessmentRecord, "id" | "recordedAt" | "status" | "observedAt" | "carriedFields" | "carriedFromId" | "permanentEventsAnswered">;

export interface AssessmentFieldDef {
  /** the engine contract's name; on the form, the input's name */
  name: AssessmentField;
  /** the form's label (with `unit`, the input's accessible name) */
  label: string;
  /** the words when the field is named on its own ("Missing: …"), when not the label */
  alone?: string;
  /** as shown beside the label today, e.g. "mmHg", "/µL" */
  unit?: string;
  kind: FieldKind;
  /** typed on the form; `labsAt` is not: it follows from the labs' own draw times */
  entered: boolean;
  step?: string;
  /** how many decimals the stored column keeps: a value with more is refused, never rounded */
  decimals?: number;
  options?: Option[];
  group: FieldGroup;
  /**
   * A state (not a moment) that may be carried from the last assessment: it is shown with its source and its own
   * observation time and sent to the engine with that time (contract 1.1 `observedAt`), never re-timed to now, so
   * it turns stale by the rule set's clock. Questions a criterion reads (infection, GI bleeding, permanent events,
   * refractory hypotension, peak pressor) are never carried: "none" is an answer the nurse gives each time.
   */
  carry: boolean;
  /**
   * The time a value is judged by when it has no `observedAt` of its own: `at` for vitals, `labsAt` for labs (a
   * lab has its own draw time, entered beside it as `observedAt.<name>`). Null for the two times themselves.
   */
  timedBy: "at" | "labsAt" | null;
  hint?: string;
  column: AssessmentColumn;
  storage: FieldStorage;
}

type Def = Omit<AssessmentFieldDef, "name" | "entered" | "carry"> & { entered?: false; carry?: true };

/**
 * Every engine assessment field, in the form's order. A `Record` over the engine's field names, so a field the
 * contract adds is a type error here until it has its entry.
 */
const DEFS = {
  at: { label: "Assessed at", alone: "assessment time", kind: "time", group: "vitals", timedBy: null, hint: "Leave empty for now; or the unit time it was taken", column: "takenAt", storage: "instant" },
  sbpMmHg: { decimals: 0, label: "Systolic blood pressure", unit: "mmHg", kind: "number", step: "1", group: "vitals", timedBy: "at", column: "sbpMmHg", storage: "int" },
  heartRateBpm: { decimals: 0, label: "Heart rate", unit: "beats/min", kind: "number", step: "1", group: "vitals", timedBy: "at", column: "heartRateBpm", storage: "int" },
  rhythm: { label: "Rhythm", kind: "choice", options: words(RHYTHMS, { svt: "SVT", "atrial-fibrillation": "Atrial fibrillation" }), group: "vitals", carry: true, timedBy: "at", column: "rhythm", storage: "text" },
  spo2Pct: { decimals: 0, label: "SpO₂", unit: "%", kind: "number", step: "1", group: "vitals", timedBy: "at", column: "spo2Pct", storage: "int" },
  oxygenDevice: { label: "Oxygen device", kind: "choice", options: words(OXYGEN_DEVICES), group: "vitals", carry: true, timedBy: "at", column: "oxygenDevice", storage: "text" },
  oxygenLpm: { decimals: 1, label: "Oxygen flow", unit: "L/min", kind: "number", step: "0.5", group: "vitals", carry: true, timedBy: "at", hint: "0 on room air", column: "oxygenLpm", storage: "decimal" },
  temperatureC: { decimals: 1, label: "Temperature", unit: "°C", kind: "number", step: "0.1", group: "vitals", timedBy: "at", column: "temperatureC", storage: "decimal" },
  urineOutputMl: { decimals: 0, label: "Urine output over the last 4–8 h", unit: "mL", kind: "number", step: "1", group: "fluids", timedBy: "at", hint: "The volume collected over the hours entered below", column: "urineOutputMl", storage: "int" },
  urineOutputHours: { decimals: 1, label: "Collected over", unit: "hours, 4 to 8", kind: "number", step: "0.5", group: "fluids", timedBy: "at", hint: "4 to 8 h (8 preferred): a longer window hides an anuric last few hours", column: "urineOutputHours", storage: "decimal" },
  weightKg: { decimals: 2, label: "Today's weight", unit: "kg", kind: "number", step: "0.1", group: "fluids", timedBy: "at", column: "weightKg", storage: "decimal" },
  mentalStatus: { label: "Mental status", kind: "choice", options: words(MENTAL_STATUSES, { mild: "Mild confusion", moderate: "Moderate confusion", severe: "Severe confusion" }), group: "neuro", timedBy: "at", column: "mentalStatus", storage: "text" },
  phenylephrineMcgKgMin: { decimals: 2, label: "Phenylephrine now", unit: "µg/kg/min", kind: "number", step: "0.01", group: "pressors", carry: true, timedBy: "at", hint: "0 when none", column: "phenylephrineMcgKgMin", storage: "decimal" },
  phenylephrinePeakMcgKgMin: { decimals: 2, label: "Phenylephrine peak since the last dose", unit: "µg/kg/min", kind: "number", step: "0.01", group: "pressors", timedBy: "at", hint: "0 when none was given", column: "phenylephrinePeakMcgKgMin", storage: "decimal" },
  otherVasopressor: { label: "Other vasopressor running", kind: "yesno", group: "pressors", carry: true, timedBy: "at", column: "otherVasopressor", storage: "boolean" },
  fluidRefractoryHypotension: { label: "Hypotension refractory to fluids", kind: "yesno", group: "pressors", timedBy: "at", column: "fluidRefractoryHypotension", storage: "boolean" },
  creatinineMgDl: { decimals: 2, label: "Creatinine", unit: "mg/dL", kind: "number", step: "0.01", group: "labs", carry: true, timedBy: "labsAt", column: "creatinineMgDl", storage: "decimal" },
  plateletsPerUl: { decimals: 0, label: "Platelets", unit: "/µL", kind: "number", step: "1000", group: "labs", carry: true, timedBy: "labsAt", column: "plateletsPerUl", storage: "int" },
  bilirubinMgDl: { decimals: 2, label: "Bilirubin", unit: "mg/dL", kind: "number", step: "0.1", group: "labs", carry: true, timedBy: "labsAt", column: "bilirubinMgDl", storage: "decimal" },
  bicarbonateMmolL: { decimals: 1, label: "Bicarbonate", unit: "mmol/L", kind: "number", step: "1", group: "labs", carry: true, timedBy: "labsAt", column: "bicarbonateMmolL", storage: "decimal" },
  // Not typed: the oldest draw time among the labs present (each lab also keeps its own, `observedAt.<lab>`).
  labsAt: { label: "Labs drawn at", alone: "lab draw time", kind: "time", entered: false, group: "labs", timedBy: null, column: "labsAt", storage: "instant" },
  infection: { label: "Infection", kind: "choice", options: words(INFECTION_STATUSES, { none: "None" }), group: "other", timedBy: "at", column: "infection", storage: "text" },
  giBleeding: { label: "GI bleeding", kind: "choice", options: words(GI_BLEEDING_STATUSES, { none: "None" }), group: "other", timedBy: "at", column: "giBleeding", storage: "text" },
  // Stored cumulatively (every event recorded in the course so far) with whether the question was answered.
  permanentEvents: { label: "Events that end IL-2 permanently", kind: "list", options: words(PERMANENT_EVENTS, PERMANENT_EVENT_LABELS), group: "other", timedBy: "at", column: "permanentEvents", storage: "list" },
} as const satisfies Record<AssessmentField, Def>;

/** The registry: one entry per engine assessment field, in the form's order. */
export const ASSESSMENT_FIELD_REGISTRY: readonly AssessmentFieldDef[] = Object.entries(DEFS).map(([name, d]: [string, Def]) => ({
  ...d,
  name: name as AssessmentField,
  entered: d.entered ?? true,
  carry: d.carry ?? false,
}));

/** The fields the nurse enters, in the form's order. */
export const ASSESSMENT_FORM_FIELDS: readonly AssessmentFieldDef[] = ASSESSMENT_FIELD_REGISTRY.filter((f) => f.entered);

const BY_NAME: ReadonlyMap<string, AssessmentFieldDef> = new Map(ASSESSMENT_FIELD_REGISTRY.map((f) => [f.name, f]));

/** The registry entry of an engine field name, if it is one. */
export const assessmentField = (name: string): AssessmentFieldDef | undefined => BY_NAME.get(name);

/** A lab: judged by its own draw time, entered beside it. */
export const isLab = (f: Pick<AssessmentFieldDef, "timedBy">): boolean => f.timedBy === "labsAt";

/**
 * The Assessment columns that hold no engine field value, and why. With the registry's `column`s they are every
 * column of the table (tests/unit/assessment-fields.test.ts reads prisma/schema.prisma), so a new column is either
 * mapped to the engine here or said not to be.
 */
export const ASSESSMENT_NON_FIELD_COLUMNS = {
  id: "the row's identity",
  courseId: "the course the assessment belongs to",
  recordedById: "who recorded it",
  recordedAt: "when it was recorded (not when the patient was assessed: that is `takenAt`)",
  status: "active or entered-in-error: an entered-in-error assessment is never sent",
  enteredInErrorById: "who marked it entered in error",
  enteredInErrorAt: "when it was marked entered in error",
  enteredInErrorReason: "why it was marked entered in error",
  permanentEventsAnswered: "whether `permanentEvents` was answered: an unanswered question with none recorded is sent as absent",
  observedAt: "contract 1.1 `observedAt`: each value's own time, sent for the values present",
  carriedFields: "which values were carried from an earlier assessment",
  carriedFromId: "the assessment they were carried from",
  enteredAfterDowntime: "the paper assessment of a dose entered after a downtime (decision 061)",
} as const;

/** Every label the clinician reads for an engine field name, e.g. in "Missing: …" and "Too old: …". */
export function fieldLabel(name: string): string {
  // an order field the engine may list as missing (TIL: the SBP target of the admission)
  if (name === "targetSbpMmHg") return "SBP target";
  const f = BY_NAME.get(name);
  return f ? f.alone ?? f.label : name;
}

/**
 * The engine's written-out arithmetic of a finding ("heartRateBpm 125 bpm > 120 bpm", "permanentEvents: ischemia")
 * in the clinician's words: field names become their labels, list values their words.
 */
export function clinicalDetail(detail: string): string {
  let out = detail;
  for (const f of ASSESSMENT_FORM_FIELDS) {
    if (!out.includes(f.name)) continue;
    const word = (v: string) => f.options?.find((o) => o.value === v)?.label ?? v;
    out = out
      .replace(new RegExp(`\\b${f.name} is ([\\w-]+)`, "g"), (_m, v: string) => `${f.label}: ${word(v)}`)
      .replace(new RegExp(`\\b${f.name}: ([\\w-]+(?:, [\\w-]+)*)`, "g"), (_m, list: string) => `${f.label}: ${list.split(", ").map(word).join(", ")}`)
      .replace(new RegExp(`\\b${f.name}\\b`, "g"), f.label);
  }
  return out;
}

/** An engine-shaped value of one field. */
export type FieldValue = string | number | boolean | string[];

type Stored = AssessmentRecord[AssessmentColumn];
const finite = (n: number): number | undefined => (Number.isFinite(n) ? n : undefined);
const isDecimal = (v: Stored): v is DecimalLike => v !== null && typeof v === "object" && !(v instanceof Date) && !Array.isArray(v);

/**
 * A stored column's value as the engine reads it, by the field's storage: a Decimal becomes the number it writes
 * out exactly, a time its ISO instant; null (not recorded) becomes undefined, so the engine reports it missing.
 */
export function engineValueOf(f: AssessmentFieldDef, row: AssessmentRecord): FieldValue | undefined {
  const v: Stored = row[f.column];
  if (v === null || v === undefined) return undefined;
  switch (f.storage) {
    case "int":
      return typeof v === "number" ? v : undefined;
    case "decimal":
      // a Decimal object (Prisma), a plain decimal string or a number: all exact decimals; anything unreadable is
      // absent, so the engine reports it missing rather than judging a guess
      return finite(isDecimal(v) || typeof v === "string" ? Number(v.toString()) : typeof v === "number" ? v : NaN);
    case "text":
      return typeof v === "string" ? v : undefined;
    case "boolean":
      return typeof v === "boolean" ? v : undefined;
    case "instant":
      return v instanceof Date ? v.toISOString() : undefined;
    case "list":
      // "not asked" is not "none": an unanswered question with nothing recorded before is absent
      return Array.isArray(v) && (row.permanentEventsAnswered || v.length > 0) ? [...v] : undefined;
  }
}

/** Every stored value as the engine reads it, in the contract's order; absent values are left out. */
export function engineValuesOf(row: AssessmentRecord): Partial<Record<AssessmentField, FieldValue>> {
  const out: Partial<Record<AssessmentField, FieldValue>> = {};
  for (const name of ASSESSMENT_FIELDS) {
    const f = BY_NAME.get(name);
    if (!f) continue;
    const v = engineValueOf(f, row);
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/** A value in the clinician's words: an option's label, Yes/No, a list's labels ("none" when answered empty). */
export function displayValue(f: AssessmentFieldDef, v: FieldValue): string {
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (Array.isArray(v)) return v.length ? v.map((x) => f.options?.find((o) => o.value === x)?.label ?? x).join(", ") : "none";
  if (typeof v === "number") return Math.abs(v) >= 10_000 ? v.toLocaleString("en-US", { maximumFractionDigits: f.decimals ?? 20 }) : String(v);
  return f.options?.find((o) => o.value === v)?.label ?? v;
}

/** One carried value: engine-shaped, with its own observation time (ISO). */
export interface CarriedValue {
  value: string | number | boolean;
  observedAt: string;
}

/** What may be carried into a new assessment: the latest active assessment's carry-able values with their times. */
export interface CarrySource {
  assessmentId: string;
  takenAt: string;
  values: Partial<Record<string, CarriedValue>>;
  /** every permanent-discontinuation event recorded in the course so far: always sent */
  permanentEvents: string[];
}

/** The form name of a lab's draw time. */
export const labTimeName = (lab: string) => `observedAt.${lab}`;
/** The answer to "any event that ends IL-2 permanently?": `none` or `yes` (then the events ticked). */
export const PERMANENT_ANSWER = "permanentEventsAnswer";
