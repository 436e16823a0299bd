// The pre-dose assessment form: its fields (labels with units) and the one function that reads what was typed
// into the engine contract's `assessment`. Pure and client-safe: the browser uses it for the live preview, the
// server action for the record, so both judge exactly the same values.
import {
  AssessmentSchema, GI_BLEEDING_STATUSES, INFECTION_STATUSES, MENTAL_STATUSES, OXYGEN_DEVICES, PERMANENT_EVENTS, RHYTHMS,
} from "@/lib/rules";
import { parseUnitLocalTime } from "@/lib/time";

type Option = { value: string; label: string };
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
  /** values that describe a state (not a moment) may be carried from the last assessment, marked as carried */
  carry?: boolean;
  hint?: string;
}

export const ASSESSMENT_FORM_FIELDS: AssessmentFieldDef[] = [
  { name: "at", label: "Assessed at", kind: "time", group: "vitals", hint: "Leave empty for now; or the unit time it was taken" },
  { name: "sbpMmHg", decimals: 0, label: "Systolic blood pressure", unit: "mmHg", kind: "number", step: "1", group: "vitals" },
  { name: "heartRateBpm", decimals: 0, label: "Heart rate", unit: "beats/min", kind: "number", step: "1", group: "vitals" },
  { name: "rhythm", label: "Rhythm", kind: "choice", options: words(RHYTHMS, { svt: "SVT", "atrial-fibrillation": "Atrial fibrillation" }), group: "vitals", carry: true },
  { name: "spo2Pct", decimals: 0, label: "SpO₂", unit: "%", kind: "number", step: "1", group: "vitals" },
  { name: "oxygenDevice", label: "Oxygen device", kind: "choice", options: words(OXYGEN_DEVICES), group: "vitals", carry: true },
  { name: "oxygenLpm", decimals: 1, label: "Oxygen flow", unit: "L/min", kind: "number", step: "0.5", group: "vitals", carry: true },
  { name: "temperatureC", decimals: 1, label: "Temperature", unit: "°C", kind: "number", step: "0.1", group: "vitals" },
  { name: "urineOutputMl", decimals: 0, label: "Urine output", unit: "mL", kind: "number", step: "1", group: "fluids" },
  { name: "urineOutputHours", decimals: 1, label: "Urine output collected over", unit: "hours", kind: "number", step: "0.5", group: "fluids", carry: true },
  { name: "weightKg", decimals: 2, label: "Today's weight", unit: "kg", kind: "number", step: "0.1", group: "fluids" },
  { name: "mentalStatus", label: "Mental status", kind: "choice", options: words(MENTAL_STATUSES, { mild: "Mild confusion", moderate: "Moderate confusion", severe: "Severe confusion" }), group: "neuro" },
  { name: "phenylephrineMcgKgMin", decimals: 2, label: "Phenylephrine now", unit: "µg/kg/min", kind: "number", step: "0.01", group: "pressors", carry: true, hint: "0 when none" },
  { name: "phenylephrinePeakMcgKgMin", decimals: 2, label: "Phenylephrine peak since last dose", unit: "µg/kg/min", kind: "number", step: "0.01", group: "pressors" },
  { name: "otherVasopressor", label: "Other vasopressor running", kind: "yesno", group: "pressors", carry: true },
  { name: "fluidRefractoryHypotension", label: "Hypotension refractory to fluids", kind: "yesno", group: "pressors" },
  { name: "creatinineMgDl", decimals: 2, label: "Creatinine", unit: "mg/dL", kind: "number", step: "0.01", group: "labs", carry: true },
  { name: "labsAt", label: "Labs drawn at", kind: "time", group: "labs", carry: true, hint: "Unit time" },
  { name: "plateletsPerUl", decimals: 0, label: "Platelets", unit: "/µL", kind: "number", step: "1000", group: "labs", carry: true },
  { name: "bilirubinMgDl", decimals: 2, label: "Bilirubin", unit: "mg/dL", kind: "number", step: "0.1", group: "labs", carry: true },
  { name: "bicarbonateMmolL", decimals: 1, label: "Bicarbonate", unit: "mmol/L", kind: "number", step: "1", group: "labs", carry: true },
  { name: "infection", label: "Infection", kind: "choice", options: words(INFECTION_STATUSES), group: "other", carry: true },
  { name: "giBleeding", label: "GI bleeding", kind: "choice", options: words(GI_BLEEDING_STATUSES), group: "other", carry: true },
  { name: "permanentEvents", label: "Events that end IL-2 permanently", kind: "list", options: words(PERMANENT_EVENTS, { "sustained-vt": "Sustained VT", "intubation-over-72h": "Intubation over 72 h", "coma-over-48h": "Coma over 48 h", "gi-bleed-needing-surgery": "GI bleed needing surgery" }), group: "other", carry: true },
];

export type FormInput = Record<string, string | string[] | undefined>;

export interface ReadAssessment {
  /** the engine-contract assessment (absent values left out) */
  assessment: Record<string, unknown>;
  fieldErrors: Record<string, string[]>;
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** What was typed → the engine's assessment, with field errors in words. An empty field stays absent (missing). */
export function readAssessmentForm(input: FormInput, timeZone: string, now?: Date): ReadAssessment {
  const assessment: Record<string, unknown> = {};
  const fieldErrors: Record<string, string[]> = {};
  const err = (name: string, message: string) => (fieldErrors[name] ??= []).push(message);
  for (const f of ASSESSMENT_FORM_FIELDS) {
    const raw = input[f.name];
    if (f.kind === "list") {
      const list = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean);
      const allowed = new Set(f.options?.map((o) => o.value));
      const unknown = list.filter((v) => !allowed.has(v));
      if (unknown.length) err(f.name, `Unknown choice: ${unknown.join(", ")}.`);
      assessment[f.name] = list.filter((v) => allowed.has(v));
      continue;
    }
    const text = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
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
        const at = parseUnitLocalTime(text, timeZone, now);
        if (!at) err(f.name, `${f.label} must be a date and time that exists on the unit's clock.`);
        else assessment[f.name] = at.toISOString();
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
  }
  // The engine's own schema decides ranges and vocabularies: one definition of what is physiologically possible.
  const checked = AssessmentSchema.safeParse(assessment);
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const name = String(issue.path[0] ?? "_form");
      const label = ASSESSMENT_FORM_FIELDS.find((f) => f.name === name)?.label ?? name;
      if (!fieldErrors[name]) err(name, `${label} ${issue.message.replace(/\.$/, "")}.`);
      delete assessment[name];
    }
  }
  return { assessment, fieldErrors };
}
