"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from "react";
import { useRouter } from "next/navigation";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import {
  ASSESSMENT_FORM_FIELDS, PERMANENT_ANSWER, PERMANENT_EVENT_LABELS, displayValue, fieldLabel, isLab, labTimeName,
  type AssessmentFieldDef, type CarriedValue, type CarrySource, type FieldGroup,
} from "@/lib/domain/assessment-fields";
import { pictureWithTyped, type EngineAssessment } from "@/lib/domain/current-assessment";
import { assessmentFormSchema, readAssessmentForm, type FormInput } from "@/lib/schemas/assessment";
import { formatClock } from "@/lib/format";
import { defaultRuleSetFor, evaluateDose, getRuleSet, type DoseDecision, type DoseRequest } from "@/lib/rules";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { DateTimeField } from "@/components/ui/date-time-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { FieldErrorText, RequiredMark } from "@/components/ui/field-frame";
import { fieldProps, useActionForm, type FormField } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { DecisionPanel } from "@/components/decision/decision-panel";
import { DecisionBadge } from "@/components/decision/decision-badge";
import { announceRecordedAssessment, resultsClaimed } from "@/components/dose/recorded";

export const GROUPS: { id: FieldGroup; title: string }[] = [
  { id: "vitals", title: "Vital signs" },
  { id: "fluids", title: "Fluids and weight" },
  { id: "neuro", title: "Mental status" },
  { id: "pressors", title: "Vasopressors and blood pressure support" },
  { id: "labs", title: "Labs" },
  { id: "other", title: "Infection, bleeding, permanent events" },
];

const FORM_ID = "assessment";
const YES_NO = [{ value: "no", label: "No" }, { value: "yes", label: "Yes" }];
/** Conform's reset after a success leaves a select without a default on no option: each starts on "Not recorded". */
const DEFAULT_VALUE: Record<string, string> = Object.fromEntries(
  ASSESSMENT_FORM_FIELDS.filter((f) => f.kind === "choice" || f.kind === "yesno").map((f) => [f.name, ""]),
);

function readForm(form: HTMLFormElement): FormInput {
  const data = new FormData(form);
  const out: FormInput = {};
  for (const key of new Set(data.keys())) {
    const all = data.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = key === "permanentEvents" || key === "carry" ? all : all[0];
  }
  return out;
}

function ago(fromIso: string, now: Date): string {
  const min = Math.max(0, Math.round((now.getTime() - Date.parse(fromIso)) / 60_000));
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60), m = min % 60;
  return m ? `${h} h ${m} min ago` : `${h} h ago`;
}

/**
 * The pre-dose assessment with the engine's decision previewed live as values are entered. The preview runs the
 * same pure engine and the same form reader in the browser; the form checks each field with the reader's own
 * schema (lib/schemas/assessment.ts) on leaving it and on submit; the server reads and decides again when anything
 * is recorded. Values carried from the latest assessment are shown as text with their source and their own time,
 * and are sent with that time (never re-timed to now): to make one current, the nurse enters it again.
 */
export function AssessmentForm({
  courseId,
  timeZone,
  baseRequest,
  carry,
  picture,
}: {
  courseId: string;
  timeZone: string;
  baseRequest: Omit<DoseRequest, "now" | "assessment">;
  carry: CarrySource | null;
  /** the course's current picture as the engine is sent it (lib/db/queries/course-view.ts `pictureRequest`) */
  picture: EngineAssessment | null;
}) {
  const schema = useMemo(() => assessmentFormSchema({ timeZone, source: carry }), [timeZone, carry]);
  const { state, pending, form, fields, formProps, summary } = useActionForm(recordAssessmentAction, { schema, defaultValue: DEFAULT_VALUE, id: FORM_ID });
  // the fields the course's rule set needs to decide: marked "required", never enforced by the browser (a partial
  // assessment is recorded and judged incomplete)
  const ruleSetId = baseRequest.ruleSet?.id, ruleSetVersion = baseRequest.ruleSet?.version;
  const required = useMemo(() => {
    const rs = ruleSetId && ruleSetVersion ? getRuleSet(ruleSetId, ruleSetVersion) : defaultRuleSetFor(baseRequest.protocol);
    return new Set<string>(rs?.requiredFields.fields ?? []);
  }, [ruleSetId, ruleSetVersion, baseRequest.protocol]);
  const needs = (f: AssessmentFieldDef) => f.name !== "at" && required.has(f.name);
  const labTimeNeeded = (f: AssessmentFieldDef) => required.has(f.name) && required.has("labsAt");
  const doneRef = useRef<HTMLDivElement>(null);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  // The preview keeps what was typed in a state of its own (LivePreview): a keystroke re-renders the preview, not
  // the thirty fields of the form. The form hears back only the fields the preview finds too old (to mark them).
  const previewInput = useRef<((input: FormInput) => void) | null>(null);
  const [staleKey, setStaleKey] = useState("");
  const carriable = useCallback(
    () => new Set(ASSESSMENT_FORM_FIELDS.filter((f) => f.carry && carry?.values[f.name] !== undefined).map((f) => f.name)),
    [carry],
  );
  const [carried, setCarried] = useState<Set<string>>(carriable);
  // A newly recorded assessment is the new source: carry its values again (the success message stays on screen).
  const source = carry?.assessmentId ?? null;
  const [seenSource, setSeenSource] = useState(source);
  if (source !== seenSource) {
    setSeenSource(source);
    setCarried(carriable());
  }

  const refresh = useCallback(() => {
    if (formRef.current) previewInput.current?.(readForm(formRef.current));
  }, []);
  useEffect(refresh, [refresh, carried]);
  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    announceRecordedAssessment(state.data.assessmentId);
    // the form was emptied for the next assessment: the preview reads it again, never the values just recorded
    const t = setTimeout(refresh, 0);
    // the result and the next action are beside Give/Hold (dose-screen.tsx takes the focus there); without them
    // on the page (another role, a closed course), the message here does
    if (!resultsClaimed()) {
      doneRef.current?.focus({ preventScroll: true });
      doneRef.current?.scrollIntoView({ block: "center" });
    }
    return () => clearTimeout(t);
  }, [state, router, refresh]);

  const now = new Date();
  const stale = useMemo(() => new Set(staleKey ? staleKey.split(",") : []), [staleKey]);
  const field = (name: string): FormField => fields[name] as FormField;
  const uncarry = (name: string) => {
    setCarried((prev) => {
      const next = new Set(prev);
      next.delete(name);
      return next;
    });
    // focus the new input once it is drawn
    setTimeout(() => document.getElementById(`${form.id}-${name}`)?.focus(), 0);
  };

  return (
    <div className="lg:grid lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)] lg:gap-6">
      {/* First in reading order; below 1024 px (a tablet, 820 px, included) a compact bar stuck to the top of the screen (the
          decision and what is missing), which expands to the full preview; at 1024 px and wider the side panel. */}
      <LivePreview inputSink={previewInput} baseRequest={baseRequest} timeZone={timeZone} carry={carry} picture={picture} onStale={setStaleKey} />
      <form ref={formRef} {...formProps} onChange={refresh} onInput={refresh} className="flex flex-col gap-5 lg:col-start-1 lg:row-start-1" aria-label="Pre-dose assessment">
        <input type="hidden" name="courseId" value={courseId} />
        {carry ? <input type="hidden" name="carriedFromId" value={carry.assessmentId} /> : null}
        {state?.ok ? (
          <div ref={doneRef} tabIndex={-1}>
            <Alert tone={state.data.stopHold ? "error" : "success"}>
              Assessment recorded.
              {state.data.stopHold
                ? ` The rules said ${state.data.stopHold.tier.toUpperCase()}: dose event #${state.data.stopHold.sequence} was recorded as held at ${state.data.stopHold.tier} tier. Stop IL-2 — attending to decide.`
                : " The form below is empty for the next assessment; the decision on this one is under “Next dose” above."}
            </Alert>
          </div>
        ) : null}
        {required.size ? (
          <p className="text-sm text-slate-700">
            Fields marked <RequiredMark /> <span className="sr-only">required</span> are the ones the rules need to decide. A partial assessment can still be recorded: for a
            field left empty the rules use its latest recorded value, judged by its own time — an old one is set aside as too old, and then
            the rules say “cannot decide”.
          </p>
        ) : null}
        {carry && carried.size ? (
          <p className="text-sm text-slate-700">
            Values marked <span className="font-semibold">carried</span> come from the assessment of {formatClock(new Date(carry.takenAt), timeZone, now)} and keep
            their own time: the rules judge them by it, and an old one counts as too old. Check each one; enter it again to make it current.
          </p>
        ) : null}
        {GROUPS.map((g) => (
          <fieldset key={g.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <legend className="px-1 font-semibold">{g.title}</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              {ASSESSMENT_FORM_FIELDS.filter((f) => f.group === g.id).map((f) => {
                const c = carried.has(f.name) ? carry?.values[f.name] : undefined;
                if (c) {
                  return (
                    <CarriedInput key={f.name} id={`${form.id}-${f.name}`} def={f} value={c} timeZone={timeZone} now={now} stale={stale.has(f.name)} required={needs(f)} onReplace={() => uncarry(f.name)} />
                  );
                }
                if (f.kind === "list") {
                  const answer = field(PERMANENT_ANSWER).initialValue;
                  return (
                    <PermanentEventsInput
                      key={`${f.name}-${carry?.assessmentId ?? "first"}`}
                      def={f}
                      field={field(f.name)}
                      recorded={carry?.permanentEvents ?? []}
                      answer={typeof answer === "string" ? answer : ""}
                      required={needs(f)}
                    />
                  );
                }
                return (
                  <div key={f.name} className="contents">
                    <AssessmentInput def={f} field={field(f.name)} timeZone={timeZone} required={needs(f)} />
                    {isLab(f) ? (
                      <DateTimeField
                        label={`${f.label} drawn at`}
                        timeZone={timeZone}
                        hint="When the sample was drawn: each lab is judged by its own time"
                        requiredMark={labTimeNeeded(f)}
                        {...fieldProps(field(labTimeName(f.name)))}
                      />
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <ErrorSummary {...summary} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Recording…" : "Record assessment"}
          </Button>
        </div>
      </form>
    </div>
  );
}

type Preview = ReturnType<typeof evaluateDose> | null;

/**
 * The live preview: the engine's decision on what is typed, laid over the course's current picture. It holds the
 * form's values itself (the form hands each reading to `inputSink`), so a keystroke re-renders only this panel;
 * `onStale` tells the form which fields are too old for the rules, as a comma-separated key (the form re-renders
 * only when that changes).
 */
function LivePreview({
  inputSink,
  baseRequest,
  timeZone,
  carry,
  picture,
  onStale,
}: {
  inputSink: RefObject<((input: FormInput) => void) | null>;
  baseRequest: Omit<DoseRequest, "now" | "assessment">;
  timeZone: string;
  carry: CarrySource | null;
  picture: EngineAssessment | null;
  onStale: (key: string) => void;
}) {
  const [expanded, setExpanded] = useState(false);
  const [input, setInput] = useState<FormInput | null>(null);
  useEffect(() => {
    inputSink.current = setInput;
    return () => {
      inputSink.current = null;
    };
  }, [inputSink]);
  const preview = useMemo(() => {
    if (!input) return null;
    const at = new Date();
    const { assessment } = readAssessmentForm(input, timeZone, at, carry);
    // judged as the server will judge it: the typed values laid over the course's current picture (decision 042)
    return evaluateDose({ ...baseRequest, now: at.toISOString(), assessment: pictureWithTyped(picture, assessment) } as DoseRequest);
  }, [input, baseRequest, timeZone, carry, picture]);
  const staleKey = preview?.ok ? preview.result.stale.join(",") : "";
  useEffect(() => onStale(staleKey), [onStale, staleKey]);

  return (
    <aside
      aria-labelledby="preview-heading"
      tabIndex={0}
      className="sticky top-0 z-10 mb-4 max-h-[70vh] self-start overflow-y-auto rounded-lg border-2 border-blue-800 bg-white p-3 shadow-md lg:top-4 lg:col-start-2 lg:row-start-1 lg:mb-0 lg:max-h-[calc(100vh-2rem)] lg:p-4 lg:shadow-none"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 id="preview-heading" className="font-bold">
          Live preview
        </h3>
        <button
          type="button"
          aria-expanded={expanded}
          aria-controls="preview-details"
          onClick={() => setExpanded((e) => !e)}
          className="min-h-11 text-sm font-semibold text-blue-900 underline lg:hidden"
        >
          {expanded ? "Hide the full preview" : "Show the full preview"}
        </button>
      </div>
      <PreviewSummary preview={preview} />
      <div id="preview-details" className={`${expanded ? "block" : "hidden"} mt-3 lg:block`}>
        <p className="mb-3 text-sm text-slate-700">What the rules will say if you record this: the values as typed, over the latest recorded value of every other field, each judged by its own time. Nothing is recorded until you press “Record assessment”.</p>
        {preview?.ok ? <DecisionPanel decision={preview.result} timeZone={timeZone} now={new Date()} title="Preview" summarised /> : null}
      </div>
    </aside>
  );
}

/** The decision and what stands in its way, in a line: what the nurse must see while typing, at every width. */
function PreviewSummary({ preview }: { preview: Preview }) {
  return (
    <div aria-live="polite" className="mt-2 flex flex-col gap-1">
      {!preview ? (
        <p>Reading the form…</p>
      ) : preview.ok ? (
        <>
          <p className="flex flex-wrap items-center gap-2">
            <span className="sr-only">Preview:</span>
            <DecisionBadge decision={preview.result.decision} />
            {doseLine(preview.result)}
          </p>
          {preview.result.missing.length ? <p className="font-semibold text-purple-900">⚠ Missing: {preview.result.missing.map(fieldLabel).join(", ")}</p> : null}
          {preview.result.stale.length ? <p className="font-semibold text-purple-900">⚠ Too old — enter again: {preview.result.stale.map(fieldLabel).join(", ")}</p> : null}
          {preview.result.findings.length ? (
            <p className="text-sm font-semibold text-slate-900">Firing: {preview.result.findings.map((f) => f.criterionLabel).join(", ")}</p>
          ) : null}
        </>
      ) : (
        <Alert tone="warning">Some values cannot be judged yet: {preview.issues.map((i) => `${fieldLabel(i.path.split(".").at(-1) ?? i.path)}: ${i.message}`).join("; ")}</Alert>
      )}
    </div>
  );
}

function doseLine(d: DoseDecision): string | null {
  const n = d.dose?.number ?? d.counts.givenInCourse + 1;
  if (d.decision === "give") return `dose ${n}${d.dose ? `, ${d.dose.doseIu.toLocaleString("en-US")} IU` : ""}`;
  if (d.decision === "hold") return `dose ${n}`;
  return null;
}

export function CarriedInput({ id, def, value, timeZone, now, stale, required, onReplace }: { id: string; def: AssessmentFieldDef; value: CarriedValue; timeZone: string; now: Date; stale: boolean; required: boolean; onReplace: () => void }) {
  return (
    <div id={`${id}-carried`} className={`flex flex-col gap-1 rounded-md border border-dashed p-2 ${stale ? "border-purple-800 bg-purple-50" : "border-slate-500"}`}>
      <input type="hidden" name="carry" value={def.name} />
      <span className="flex flex-wrap items-baseline gap-x-2">
        <span className="font-medium">
          {def.label}
          {def.unit && typeof value.value !== "number" ? <span className="font-normal text-slate-600"> ({def.unit})</span> : null}
        </span>
        {required ? <RequiredMark /> : null}
      </span>
      <span className="font-semibold">
        {displayValue(def, value.value)}
        {def.unit && typeof value.value === "number" ? ` ${def.unit}` : ""}
      </span>
      <span className="text-sm text-slate-700" suppressHydrationWarning>
        carried · {isLab(def) ? "drawn" : "observed"} {formatClock(new Date(value.observedAt), timeZone, now)}, {ago(value.observedAt, now)}
        {stale ? <span className="font-semibold text-purple-900"> · too old for the rules: enter it again</span> : null}
      </span>
      <button type="button" onClick={onReplace} className="self-start text-sm font-semibold text-blue-900 underline">
        Enter a new {def.label.toLowerCase()}
      </button>
    </div>
  );
}

export function PermanentEventsInput({ def, field, recorded, answer, required }: { def: AssessmentFieldDef; field: FormField; recorded: string[]; answer: string; required: boolean }) {
  const [choice, setChoice] = useState(answer);
  return (
    <fieldset id={field.id} className="sm:col-span-2" aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend className="font-medium">
        {def.label}: any new one since the last assessment? {required ? <RequiredMark /> : null}
      </legend>
      {recorded.length ? (
        <p className="text-sm font-semibold text-red-900">
          Recorded on this course (always sent to the rules): {recorded.map((r) => PERMANENT_EVENT_LABELS[r] ?? r).join(", ")}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name={PERMANENT_ANSWER} value="none" checked={choice === "none"} onChange={() => setChoice("none")} aria-required={required || undefined} className="h-5 w-5" />
          None
        </label>
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name={PERMANENT_ANSWER} value="yes" checked={choice === "yes"} onChange={() => setChoice("yes")} className="h-5 w-5" />
          Yes — tick which
        </label>
      </div>
      {choice === "yes" ? (
        <div className="grid gap-1 sm:grid-cols-2">
          {def.options?.map((o) => (
            <label key={o.value} className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name={field.name} value={o.value} className="h-5 w-5" />
              {o.label}
            </label>
          ))}
        </div>
      ) : null}
      <FieldErrorText id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}

/** One entered field from the registry: its label and unit, a select for a choice, else a text or time input. */
export function AssessmentInput({ def, field, timeZone, required }: { def: AssessmentFieldDef; field: FormField; timeZone: string; required: boolean }) {
  const props = fieldProps(field);
  if (def.kind === "choice" || def.kind === "yesno") {
    return <Select label={def.label} hint={def.hint} placeholder="Not recorded" options={def.kind === "yesno" ? YES_NO : def.options ?? []} requiredMark={required} {...props} />;
  }
  if (def.kind === "time") {
    return <DateTimeField label={def.label} hint={def.hint} timeZone={timeZone} requiredMark={required} emptyMeans="now, the moment it is recorded" {...props} />;
  }
  return <Field label={def.label} unit={def.unit} hint={def.hint} type="text" inputMode={def.kind === "number" ? "decimal" : undefined} requiredMark={required} {...props} />;
}
