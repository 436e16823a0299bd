// The pre-dose assessment form as zod, built from the field registry (lib/domain/assessment-fields.ts): one schema
// per entered field (what was typed → the engine's value, or the field's error in words), and the reader that turns
// a whole form into the engine contract's `assessment`. Pure and client-safe: the browser uses it for the live
// preview and the form's own validation, the server action for the record, so both judge exactly the same values.
import { z } from "zod";
import { AssessmentSchema } from "@/lib/rules";
import { parseUnitLocalTime } from "@/lib/time";
import {
  ASSESSMENT_FORM_FIELDS, PERMANENT_ANSWER, fieldLabel, isLab, labTimeName, type AssessmentFieldDef, type CarrySource,
} from "@/lib/domain/assessment-fields";

export type FormInput = Record<string, string | string[] | undefined>;

export interface ReadAssessment {
  /** the engine-contract assessment (absent values left out), with `observedAt` for labs and carried values */
  assessment: Record<string, unknown>;
  fieldErrors: Record<string, string[]>;
  /** the fields whose value was carried from `carry.assessmentId` */
  carried: string[];
}

/** What a form is read against: the unit's clock, the moment of reading, the assessment values may be carried from. */
export interface AssessmentFormContext {
  timeZone: string;
  now?: Date;
  source?: CarrySource | null;
}

/** How a time is written on every form (components/ui/date-time-field.tsx). */
export const TIME_FORMAT = "YYYY-MM-DD HH:mm (24-hour)";

const NUMBER = /^-?\d+(\.\d+)?$/;

/** A form value as typed: one input's text, trimmed ("" when empty or absent). */
const Typed = z.union([z.string(), z.array(z.string())]).optional().transform((raw) => ((Array.isArray(raw) ? raw[0] : raw) ?? "").trim());
/** A checkbox group's ticked values. */
const Ticked = z.union([z.string(), z.array(z.string())]).optional().transform((raw) => (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(Boolean));

/**
 * A typed value → the same value if the engine's own field schema takes it, else the field's error: the engine
 * decides ranges and vocabularies, one definition of what is physiologically possible.
 */
export function engineValueSchema(f: AssessmentFieldDef): z.ZodType<unknown, unknown> {
  let schema = engineValueSchemas.get(f);
  if (!schema) engineValueSchemas.set(f, (schema = buildEngineValueSchema(f)));
  return schema;
}
// Building a zod schema costs far more than parsing with it, and the live preview reads the whole form on every
// keystroke: the schemas that depend only on the field (not on the clock) are made once per field definition.
const engineValueSchemas = new WeakMap<AssessmentFieldDef, z.ZodType<unknown, unknown>>();
const typedValueSchemas = new WeakMap<AssessmentFieldDef, z.ZodType<unknown, string> | z.ZodType<unknown, string[]>>();

function buildEngineValueSchema(f: AssessmentFieldDef): z.ZodType<unknown, unknown> {
  return z.unknown().transform((value, ctx) => {
    const checked = AssessmentSchema.shape[f.name].safeParse(value);
    if (checked.success) return value;
    for (const issue of checked.error.issues) ctx.addIssue({ code: "custom", message: `${fieldLabel(f.name)} ${issue.message.replace(/\.$/, "")}.` });
    return z.NEVER;
  });
}

/** A unit wall-clock time ("2026-03-01 14:00", or "2026-03-01T14:00") → its ISO instant, or the field's error. */
function instant(label: string, timeZone: string, now?: Date): z.ZodType<string, string> {
  return z.string().transform((text, ctx) => {
    const at = parseUnitLocalTime(text, timeZone, now);
    if (!at) {
      ctx.addIssue({ code: "custom", message: `${label} must be a date and time that exists on the unit's clock, written ${TIME_FORMAT}.` });
      return z.NEVER;
    }
    return at.toISOString();
  });
}

/**
 * One entered field's text (never empty: an empty field is absent, which the reader decides) → the value it
 * means, before the engine's range check: a number in the field's format (more decimals than its column keeps are
 * refused, never rounded), a listed choice, yes or no, a time on the unit's clock. A list's ticked values are
 * checked against its options; whether the question was answered is the reader's (it needs the answer).
 */
export function typedValueSchema(f: AssessmentFieldDef, { timeZone, now }: Pick<AssessmentFormContext, "timeZone" | "now">): z.ZodType<unknown, string> | z.ZodType<unknown, string[]> {
  if (f.kind === "time") return instant(f.label, timeZone, now);
  let schema = typedValueSchemas.get(f);
  if (!schema) typedValueSchemas.set(f, (schema = buildTypedValueSchema(f)));
  return schema;
}

function buildTypedValueSchema(f: AssessmentFieldDef): z.ZodType<unknown, string> | z.ZodType<unknown, string[]> {
  switch (f.kind) {
    case "number":
      return z.string().transform((text, ctx) => {
        if (!NUMBER.test(text)) {
          ctx.addIssue({ code: "custom", message: `${f.label} must be a number${f.unit ? ` in ${f.unit}` : ""}.` });
          return z.NEVER;
        }
        const places = text.split(".")[1]?.replace(/0+$/, "").length ?? 0;
        if (f.decimals !== undefined && places > f.decimals) {
          const message = f.decimals === 0 ? `${f.label} must be a whole number${f.unit ? ` of ${f.unit}` : ""}.` : `${f.label}: at most ${f.decimals} decimal${f.decimals > 1 ? "s" : ""}.`;
          ctx.addIssue({ code: "custom", message });
          return z.NEVER;
        }
        return Number(text);
      });
    case "time":
      throw new Error("a time's schema depends on the clock: typedValueSchema makes it");
    case "yesno":
      return z.string().transform((text, ctx) => {
        if (text === "yes" || text === "no") return text === "yes";
        ctx.addIssue({ code: "custom", message: `${f.label}: choose yes or no.` });
        return z.NEVER;
      });
    case "choice":
      return z.string().refine((text) => f.options?.some((o) => o.value === text) ?? false, `${f.label}: choose one of the listed values.`);
    case "list":
      return z.array(z.string()).superRefine((list, ctx) => {
        const unknown = list.filter((v) => !f.options?.some((o) => o.value === v));
        if (unknown.length) ctx.addIssue({ code: "custom", message: `Unknown choice: ${unknown.join(", ")}.` });
      });
  }
}

/** A lab's draw time, entered beside it (`observedAt.<lab>`). */
export const labTimeSchema = (f: AssessmentFieldDef, { timeZone, now }: Pick<AssessmentFormContext, "timeZone" | "now">) => instant(`${f.label} drawn at`, timeZone, now);

/** One entered field's text → its engine value, or the field's error (the two steps above, one after the other). */
export const assessmentFieldSchema = (f: AssessmentFieldDef, clock: Pick<AssessmentFormContext, "timeZone" | "now">) =>
  typedValueSchema(f, clock).pipe(engineValueSchema(f));

/**
 * What was typed → the engine's assessment, with field errors in words. Each field is parsed by its own schema, so
 * one bad value never hides the others (the live preview judges every value that reads). An empty field stays
 * absent (missing). Fields named in `carry` take the value and the original time from `source` (never the time of
 * this record).
 */
export function readAssessment(input: FormInput, { timeZone, now, source }: AssessmentFormContext): ReadAssessment {
  const assessment: Record<string, unknown> = {};
  const observedAt: Record<string, string> = {};
  const fieldErrors: Record<string, string[]> = {};
  const carried: string[] = [];
  const err = (name: string, message: string) => (fieldErrors[name] ??= []).push(message);
  /** parses `value` with `schema`; its issues become `name`'s field errors */
  const parse = (name: string, schema: { safeParse(value: unknown): z.ZodSafeParseResult<unknown> }, value: unknown): { ok: true; value: unknown } | { ok: false } => {
    const r = schema.safeParse(value);
    if (r.success) return { ok: true, value: r.data };
    for (const issue of r.error.issues) err(name, issue.message);
    return { ok: false };
  };
  const clock = { timeZone, now };
  const carryList = new Set(Ticked.parse(input.carry));
  for (const f of ASSESSMENT_FORM_FIELDS) {
    if (f.kind === "list") {
      const ticked = Ticked.parse(input[f.name]);
      parse(f.name, typedValueSchema(f, clock), ticked);
      const chosen = ticked.filter((v) => f.options?.some((o) => o.value === v));
      const answer = Typed.parse(input[PERMANENT_ANSWER]);
      const recorded = source?.permanentEvents ?? [];
      if (answer === "yes" && chosen.length === 0) err(f.name, "Tick the event that ends IL-2 permanently, or answer “None”.");
      if (answer !== "" && answer !== "yes" && answer !== "none") err(f.name, "Answer “None” or tick the events.");
      // Not answered and nothing recorded before: absent, so the rules report it as missing ("not asked" is not "no").
      if (answer === "" && recorded.length === 0 && chosen.length === 0) continue;
      assessment[f.name] = [...new Set([...recorded, ...(answer === "none" ? [] : chosen)])];
      continue;
    }
    const text = Typed.parse(input[f.name]);
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
    const typed = parse(f.name, typedValueSchema(f, clock), text);
    if (!typed.ok) continue;
    if (isLab(f)) {
      // Each lab is judged by its own draw time: a new creatinine never makes an old platelet count look fresh.
      const drawn = Typed.parse(input[labTimeName(f.name)]);
      if (drawn === "") {
        err(labTimeName(f.name), `Enter when the ${f.label.toLowerCase()} was drawn.`);
        continue;
      }
      const time = parse(labTimeName(f.name), labTimeSchema(f, clock), drawn);
      if (!time.ok) continue;
      const checked = parse(f.name, engineValueSchema(f), typed.value);
      if (!checked.ok) continue;
      assessment[f.name] = checked.value;
      observedAt[f.name] = time.value as string;
      continue;
    }
    const checked = parse(f.name, engineValueSchema(f), typed.value);
    if (checked.ok) assessment[f.name] = checked.value;
  }
  // `labsAt` (required by the rule sets) is the oldest draw time among the labs present; each lab also has its own.
  const labTimes = ASSESSMENT_FORM_FIELDS.filter((f) => isLab(f) && assessment[f.name] !== undefined).map((f) => observedAt[f.name]).filter((t): t is string => Boolean(t));
  if (labTimes.length) assessment.labsAt = labTimes.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b));
  const timed = Object.fromEntries(Object.entries(observedAt).filter(([k]) => assessment[k] !== undefined));
  if (Object.keys(timed).length) assessment.observedAt = timed;
  // The engine's whole schema once more: carried values come from a stored row, not from what was typed here.
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

/**
 * The reader under its historic signature (lib/actions/record-assessment.ts and the live preview call it).
 */
export function readAssessmentForm(input: FormInput, timeZone: string, now?: Date, source?: CarrySource | null): ReadAssessment {
  return readAssessment(input, { timeZone, now, source });
}

/**
 * A form's values as the reader takes them: texts and lists of texts by input name. A form library may hand them
 * nested by the dots in the names (Conform reads `observedAt.creatinineMgDl` as a path): they are flattened back.
 */
export function formInputOf(payload: Record<string, unknown>, prefix = ""): FormInput {
  const out: FormInput = {};
  for (const [key, value] of Object.entries(payload)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out[name] = value;
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === "string");
    else if (value !== null && typeof value === "object") Object.assign(out, formInputOf(value as Record<string, unknown>, name));
  }
  return out;
}

/**
 * The whole form as one zod schema, for the browser's validation (Conform's `parseWithZod`, components/ui/form.tsx):
 * its issues are exactly the reader's field errors, keyed by the input's name; its output is the form as typed (the
 * engine's assessment is `readAssessment`'s). Built per form: the errors depend on the unit's time zone and on the
 * values that may be carried, not on the moment.
 */
export function assessmentFormSchema(context: AssessmentFormContext) {
  return z.record(z.string(), z.unknown()).superRefine((payload, ctx) => {
    const { fieldErrors } = readAssessment(formInputOf(payload), context);
    for (const [name, messages] of Object.entries(fieldErrors)) {
      for (const message of messages) ctx.addIssue({ code: "custom", path: [name], message });
    }
  });
}

/** The assessment form's fields as posted: each a string, the checkbox lists (permanent events, carried fields) all their values. */
export function formInput(form: FormData): FormInput {
  const out: FormInput = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = key === "permanentEvents" || key === "carry" ? all : all[0];
  }
  return out;
}
