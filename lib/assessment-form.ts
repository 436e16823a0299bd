// The pre-dose assessment form: its fields (labels with units) and the one function that reads what was typed
// into the engine contract's `assessment`. Pure and client-safe: the browser uses it for the live preview, the
// server action for the record, so both judge exactly the same values.
import {
  AssessmentSchema, GI_BLEEDING_STATUSES, INFECTION_STATUSES, MENTAL_STATUSES, OXYGEN_DEVICES, PERMANENT_EVENTS, RHYTHMS,
} from "@/lib/rules";
import { parseUnitLocalTime } from "@/lib/time";

type Option = { value: string; label: string };

export const PERMANENT_EVENT_LABELS: Record<string, string> = {
  "sustained-vt": "Sustained VT", "intubation-over-72h": "Intubation over 72 h", "coma-over-48h": "Coma over 48 h",
  "gi-bleed-needing-surgery": "GI bleed needing surgery", "toxic-psychosis-over-48h": "Toxic psychosis over 48 h",
  "dialysis-over-72h": "Dialysis over 72 h", "bowel-ischemia-or-perforation": "Bowel ischaemia or perforation",
};
const words = (values: readonly string[], labels: Record<string, string> = {}): Option[] =>
  values.map((v) => ({ value: v, label: labels[v] ?? v.replaceAll("-", " ").replace(/^./, (c) => c.toUpperCase()) }));

export type FieldKind = "number" | "choice" | "yesno" | "time" | "list";
export interface AssessmentFieldDef {
  name: string;
  label: string;
  unit?: string;
  kind: FieldKind;
  step?: string;
  /** how many decimals the stored column keeps: a value with more is refused, never rounded */
  decimals?: number;
  options?: Option[];
  group: "vitals" | "fluids" | "neuro" | "pressors" | "labs" | "other";
  /**
   * A state (not a moment) that may be carried from the last assessment: it is shown with its source and its own
   * observation time and sent to the engine with that time (contract 1.1 `observedAt`), never re-timed to now, so
   * it turns stale by the rule set's clock. Questions a criterion reads (infection, GI bleeding, permanent events,
   * refractory hypotension, peak pressor) are never carried: "none" is an answer the nurse gives each time.
   */
  carry?: boolean;
  /** a lab: it has its own draw time, entered beside it (`observedAt.<name>`) */
  lab?: boolean;
  hint?: string;
}

export const ASSESSMENT_FORM_FIELDS: AssessmentFieldDef[] = [
  { name: "at", label: "Assessed at", kind: "time", group: "vitals", hint: "Leave empty for now; or the unit time it was taken" },
  { name: "sbpMmHg", decimals: 0, label: "Systolic blood pressure", unit: "mmHg", kind: "number", step: "1", group: "vitals" },
  { name: "heartRateBpm", decimals: 0, label: "Heart rate", unit: "beats/min", kind: "number", step: "1", group: "vitals" },
  { name: "rhythm", label: "Rhythm", kind: "choice", options: words(RHYTHMS, { svt: "SVT", "atrial-fibrillation": "Atrial fibrillation" }), group: "vitals", carry: true },
  { name: "spo2Pct", decimals: 0, label: "SpO₂", unit: "%", kind: "number", step: "1", group: "vitals" },
  { name: "oxygenDevice", label: "Oxygen device", kind: "choice", options: words(OXYGEN_DEVICES), group: "vitals", carry: true },
  { name: "oxygenLpm", decimals: 1, label: "Oxygen flow", unit: "L/min", kind: "number", step: "0.5", group: "vitals", carry: true, hint: "0 on room air" },
  { name: "temperatureC", decimals: 1, label: "Temperature", unit: "°C", kind: "number", step: "0.1", group: "vitals" },
  { name: "urineOutputMl", decimals: 0, label: "Urine output over the last 4–8 h", unit: "mL", kind: "number", step: "1", group: "fluids", hint: "The volume collected over the hours entered below" },
  { name: "urineOutputHours", decimals: 1, label: "Collected over", unit: "hours, 4 to 8", kind: "number", step: "0.5", group: "fluids", hint: "4 to 8 h (8 preferred): a longer window hides an anuric last few hours" },
  { name: "weightKg", decimals: 2, label: "Today's weight", unit: "kg", kind: "number", step: "0.1", group: "fluids" },
  { name: "mentalStatus", label: "Mental status", kind: "choice", options: words(MENTAL_STATUSES, { mild: "Mild confusion", moderate: "Moderate confusion", severe: "Severe confusion" }), group: "neuro" },
  { name: "phenylephrineMcgKgMin", decimals: 2, label: "Phenylephrine now", unit: "µg/kg/min", kind: "number", step: "0.01", group: "pressors", carry: true, hint: "0 when none" },
  { name: "phenylephrinePeakMcgKgMin", decimals: 2, label: "Phenylephrine peak since the last dose", unit: "µg/kg/min", kind: "number", step: "0.01", group: "pressors", hint: "0 when none was given" },
  { name: "otherVasopressor", label: "Other vasopressor running", kind: "yesno", group: "pressors", carry: true },
  { name: "fluidRefractoryHypotension", label: "Hypotension refractory to fluids", kind: "yesno", group: "pressors" },
  { name: "creatinineMgDl", decimals: 2, label: "Creatinine", unit: "mg/dL", kind: "number", step: "0.01", group: "labs", carry: true, lab: true },
  { name: "plateletsPerUl", decimals: 0, label: "Platelets", unit: "/µL", kind: "number", step: "1000", group: "labs", carry: true, lab: true },
  { name: "bilirubinMgDl", decimals: 2, label: "Bilirubin", unit: "mg/dL", kind: "number", step: "0.1", group: "labs", carry: true, lab: true },
  { name: "bicarbonateMmolL", decimals: 1, label: "Bicarbonate", unit: "mmol/L", kind: "number", step: "1", group: "labs", carry: true, lab: true },
  { name: "infection", label: "Infection", kind: "choice", options: words(INFECTION_STATUSES, { none: "None" }), group: "other" },
  { name: "giBleeding", label: "GI bleeding", kind: "choice", options: words(GI_BLEEDING_STATUSES, { none: "None" }), group: "other" },
  { name: "permanentEvents", label: "Events that end IL-2 permanently", kind: "list", options: words(PERMANENT_EVENTS, PERMANENT_EVENT_LABELS), group: "other" },
];

/** The form name of a lab's draw time. */
export const labTimeName = (lab: string) => `observedAt.${lab}`;
/** The answer to "any event that ends IL-2 permanently?": `none` or `yes` (then the events ticked). */
export const PERMANENT_ANSWER = "permanentEventsAnswer";

/** Every label the clinician reads for an engine field name, e.g. in "Missing: …" and "Too old: …". */
export function fieldLabel(name: string): string {
  if (name === "at") return "assessment time";
  if (name === "labsAt") return "lab draw time";
  if (name === "targetSbpMmHg") return "SBP target";
  return ASSESSMENT_FORM_FIELDS.find((f) => f.name === name)?.label ?? name;
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

export type FormInput = Record<string, string | string[] | undefined>;

export interface ReadAssessment {
  /** the engine-contract assessment (absent values left out), with `observedAt` for labs and carried values */
  assessment: Record<string, unknown>;
  fieldErrors: Record<string, string[]>;
  /** the fields whose value was carried from `carry.assessmentId` */
  carried: string[];
}

const NUMBER = /^-?\d+(\.\d+)?$/;

const first = (raw: string | string[] | undefined) => ((Array.isArray(raw) ? raw[0] : raw) ?? "").trim();

/**
 * What was typed → the engine's assessment, with field errors in words. An empty field stays absent (missing).
 * Fields named in `carry` take the value and the original time from `source` (never the time of this record).
 */
export function readAssessmentForm(input: FormInput, timeZone: string, now?: Date, source?: CarrySource | null): ReadAssessment {
  const assessment: Record<string, unknown> = {};
  const observedAt: Record<string, string> = {};
  const fieldErrors: Record<string, string[]> = {};
  const carried: string[] = [];
  const err = (name: string, message: string) => (fieldErrors[name] ??= []).push(message);
  const carryList = new Set((Array.isArray(input.carry) ? input.carry : input.carry ? [input.carry] : []).filter(Boolean));
  const time = (name: string, label: string, text: string): string | null => {
    const at = parseUnitLocalTime(text, timeZone, now);
    if (!at) {
      err(name, `${label} must be a date and time that exists on the unit's clock.`);
      return null;
    }
    return at.toISOString();
  };
  for (const f of ASSESSMENT_FORM_FIELDS) {
    const raw = input[f.name];
    if (f.kind === "list") {
      const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
      const allowed = new Set(f.options?.map((o) => o.value));
      const unknown = list.filter((v) => !allowed.has(v));
      if (unknown.length) err(f.name, `Unknown choice: ${unknown.join(", ")}.`);
      const chosen = list.filter((v) => allowed.has(v));
      const answer = first(input[PERMANENT_ANSWER]);
      const recorded = source?.permanentEvents ?? [];
      if (answer === "yes" && chosen.length === 0) err(f.name, "Tick the event that ends IL-2 permanently, or answer “None”.");
      if (answer !== "" && answer !== "yes" && answer !== "none") err(f.name, "Answer “None” or tick the events.");
      // Not answered and nothing recorded before: absent, so the rules report it as missing ("not asked" is not "no").
      if (answer === "" && recorded.length === 0 && chosen.length === 0) continue;
      assessment[f.name] = [...new Set([...recorded, ...(answer === "none" ? [] : chosen)])];
      continue;
    }
    const text = first(raw);
    const carriedValue = f.carry ? source?.values[f.name] : undefined;
    if (text === "" && carriedValue && carryList.has(f.name)) {
      assessment[f.name] = carriedValue.value;
      observedAt[f.name] = carriedValue.observedAt;
      carried.push(f.name);
      continue;
    }
    if (text === "") {
      // an empty assessment time means "now" (the moment it is recorded), never a time fixed when the page opened
      if (f.name === "at" && now) assessment.at = now.toISOString();
      continue;
    }
    switch (f.kind) {
      case "number": {
        if (!NUMBER.test(text)) {
          err(f.name, `${f.label} must be a number${f.unit ? ` in ${f.unit}` : ""}.`);
          break;
        }
        const places = text.split(".")[1]?.replace(/0+$/, "").length ?? 0;
        if (f.decimals !== undefined && places > f.decimals) {
          err(f.name, f.decimals === 0 ? `${f.label} must be a whole number${f.unit ? ` of ${f.unit}` : ""}.` : `${f.label}: at most ${f.decimals} decimal${f.decimals > 1 ? "s" : ""}.`);
          break;
        }
        assessment[f.name] = Number(text);
        break;
      }
      case "time": {
        const iso = time(f.name, f.label, text);
        if (iso) assessment[f.name] = iso;
        break;
      }
      case "yesno":
        if (text !== "yes" && text !== "no") err(f.name, `${f.label}: choose yes or no.`);
        else assessment[f.name] = text === "yes";
        break;
      case "choice":
        if (!f.options?.some((o) => o.value === text)) err(f.name, `${f.label}: choose one of the listed values.`);
        else assessment[f.name] = text;
        break;
    }
    if (f.lab && assessment[f.name] !== undefined) {
      // Each lab is judged by its own draw time: a new creatinine never makes an old platelet count look fresh.
      const drawn = first(input[labTimeName(f.name)]);
      if (drawn === "") {
        err(labTimeName(f.name), `Enter when the ${f.label.toLowerCase()} was drawn.`);
        delete assessment[f.name];
      } else {
        const iso = time(labTimeName(f.name), `${f.label} drawn at`, drawn);
        if (iso) observedAt[f.name] = iso;
        else delete assessment[f.name];
      }
    }
  }
  // `labsAt` (required by the rule sets) is the oldest draw time among the labs present; each lab also has its own.
  const labTimes = ASSESSMENT_FORM_FIELDS.filter((f) => f.lab && assessment[f.name] !== undefined).map((f) => observedAt[f.name]).filter((t): t is string => Boolean(t));
  if (labTimes.length) assessment.labsAt = labTimes.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  const timed = Object.fromEntries(Object.entries(observedAt).filter(([k]) => assessment[k] !== undefined));
  if (Object.keys(timed).length) assessment.observedAt = timed;
  // The engine's own schema decides ranges and vocabularies: one definition of what is physiologically possible.
  const checked = AssessmentSchema.safeParse(assessment);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const name = issue.path[0] === "observedAt" ? labTimeName(String(issue.path[1] ?? "")) : String(issue.path[0] ?? "_form");
      if (!fieldErrors[name]) err(name, `${fieldLabel(String(issue.path[0] === "observedAt" ? issue.path[1] : issue.path[0]))} ${issue.message.replace(/\.$/, "")}.`);
      if (issue.path[0] === "observedAt") {
        delete (assessment.observedAt as Record<string, unknown> | undefined)?.[String(issue.path[1])];
      } else delete assessment[String(issue.path[0])];
    }
  }
  return { assessment, fieldErrors, carried: carried.filter((c) => assessment[c] !== undefined) };
}
