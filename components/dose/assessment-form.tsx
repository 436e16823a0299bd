"use client";

import { useActionState, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import {
  ASSESSMENT_FORM_FIELDS, PERMANENT_ANSWER, PERMANENT_EVENT_LABELS, fieldLabel, labTimeName, readAssessmentForm,
  type AssessmentFieldDef, type CarriedValue, type CarrySource, type FormInput,
} from "@/lib/assessment-form";
import { formatClock } from "@/lib/format";
import { evaluateDose, type DoseRequest } from "@/lib/rules";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { DecisionPanel } from "@/components/decision/decision-panel";

const GROUPS: { id: AssessmentFieldDef["group"]; title: string }[] = [
  { id: "vitals", title: "Vital signs" },
  { id: "fluids", title: "Fluids and weight" },
  { id: "neuro", title: "Mental status" },
  { id: "pressors", title: "Vasopressors and blood pressure support" },
  { id: "labs", title: "Labs" },
  { id: "other", title: "Infection, bleeding, permanent events" },
];

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

function shownValue(def: AssessmentFieldDef, v: CarriedValue["value"]): string {
  if (typeof v === "boolean") return v ? "Yes" : "No";
  const option = def.options?.find((o) => o.value === v);
  return `${option?.label ?? String(v)}${def.unit && typeof v === "number" ? ` ${def.unit}` : ""}`;
}

/**
 * The pre-dose assessment with the engine's decision previewed live as values are entered. The preview runs the
 * same pure engine and the same form reader in the browser; the server decides again when anything is recorded.
 * Values carried from the latest assessment are shown as text with their source and their own time, and are sent
 * with that time (never re-timed to now): to make one current, the nurse enters it again.
 */
export function AssessmentForm({
  courseId,
  timeZone,
  baseRequest,
  carry,
}: {
  courseId: string;
  timeZone: string;
  baseRequest: Omit<DoseRequest, "now" | "assessment">;
  carry: CarrySource | null;
}) {
  const [state, action, pending] = useActionState(recordAssessmentAction, null);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [input, setInput] = useState<FormInput | null>(null);
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
  const failed = state && !state.ok ? state : null;
  const typed = failed?.values ?? null;

  const refresh = useCallback(() => {
    if (formRef.current) setInput(readForm(formRef.current));
  }, []);
  useEffect(refresh, [refresh, carried]);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);

  const now = new Date();
  const preview = useMemo(() => {
    if (!input) return null;
    const at = new Date();
    const { assessment, fieldErrors } = readAssessmentForm(input, timeZone, at, carry);
    const outcome = evaluateDose({ ...baseRequest, now: at.toISOString(), assessment } as DoseRequest);
    return { outcome, fieldErrors };
  }, [input, baseRequest, timeZone, carry]);

  const stale = new Set(preview?.outcome.ok ? preview.outcome.result.stale : []);
  const errorsFor = (name: string) => failed?.fieldErrors?.[name] ?? (input && preview?.fieldErrors[name]) ?? undefined;
  const defaultFor = (name: string): string => typed?.[name] ?? "";
  const uncarry = (name: string) => {
    setCarried((prev) => {
      const next = new Set(prev);
      next.delete(name);
      return next;
    });
    // focus the new input once it is drawn
    setTimeout(() => document.getElementById(`assess-${name}`)?.focus(), 0);
  };

  return (
    <div className="grid gap-6 md:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form ref={formRef} action={action} onChange={refresh} onInput={refresh} className="flex flex-col gap-5" noValidate aria-label="Pre-dose assessment">
        <input type="hidden" name="courseId" value={courseId} />
        {carry ? <input type="hidden" name="carriedFromId" value={carry.assessmentId} /> : null}
        {failed ? <Alert tone="error">{failed.message}</Alert> : null}
        {state?.ok ? (
          <Alert tone={state.data.stopHold ? "error" : "success"}>
            Assessment recorded.
            {state.data.stopHold
              ? ` The rules said ${state.data.stopHold.tier.toUpperCase()}: dose event #${state.data.stopHold.sequence} was recorded as held at ${state.data.stopHold.tier} tier. Stop IL-2 — attending to decide.`
              : " The decision above is the server's."}
          </Alert>
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
                    <CarriedInput key={f.name} def={f} value={c} timeZone={timeZone} now={now} stale={stale.has(f.name)} onReplace={() => uncarry(f.name)} />
                  );
                }
                if (f.kind === "list") {
                  return <PermanentEventsInput key={`${f.name}-${carry?.assessmentId ?? "first"}`} def={f} recorded={carry?.permanentEvents ?? []} answer={typed?.[PERMANENT_ANSWER] ?? ""} errors={errorsFor(f.name)} />;
                }
                return (
                  <div key={f.name} className="contents">
                    <AssessmentInput def={f} defaultValue={defaultFor(f.name)} errors={errorsFor(f.name)} />
                    {f.lab ? (
                      <AssessmentInput
                        def={{ name: labTimeName(f.name), label: `${f.label} drawn at`, kind: "time", group: f.group, hint: "Unit time of the draw: each lab is judged by its own time" }}
                        defaultValue={defaultFor(labTimeName(f.name))}
                        errors={errorsFor(labTimeName(f.name))}
                      />
                    ) : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Recording…" : "Record assessment"}
          </Button>
        </div>
      </form>
      <aside aria-labelledby="preview-heading" tabIndex={0} className="self-start rounded-lg border-2 border-blue-800 bg-white p-4 md:sticky md:top-4 md:max-h-[calc(100vh-2rem)] md:overflow-y-auto">
        <h3 id="preview-heading" className="mb-2 font-bold">
          Live preview
        </h3>
        <p className="mb-3 text-sm text-slate-700">What the rules say about the values as typed. Nothing is recorded until you press Record.</p>
        <div aria-live="polite">
          {!preview ? (
            <p>Loading…</p>
          ) : preview.outcome.ok ? (
            <DecisionPanel decision={preview.outcome.result} timeZone={timeZone} now={new Date()} title="Preview" />
          ) : (
            <Alert tone="warning">Some values cannot be judged yet: {preview.outcome.issues.map((i) => `${fieldLabel(i.path.split(".").at(-1) ?? i.path)}: ${i.message}`).join("; ")}</Alert>
          )}
        </div>
      </aside>
    </div>
  );
}

function CarriedInput({ def, value, timeZone, now, stale, onReplace }: { def: AssessmentFieldDef; value: CarriedValue; timeZone: string; now: Date; stale: boolean; onReplace: () => void }) {
  const id = `assess-${def.name}`;
  return (
    <div id={`${id}-carried`} className={`flex flex-col gap-1 rounded-md border border-dashed p-2 ${stale ? "border-purple-800 bg-purple-50" : "border-slate-500"}`}>
      <input type="hidden" name="carry" value={def.name} />
      <span className="font-medium">
        {def.label}
        {def.unit && typeof value.value !== "number" ? <span className="font-normal text-slate-600"> ({def.unit})</span> : null}
      </span>
      <span className="font-semibold">{shownValue(def, value.value)}</span>
      <span className="text-sm text-slate-700" suppressHydrationWarning>
        carried · {def.lab ? "drawn" : "observed"} {formatClock(new Date(value.observedAt), timeZone, now)}, {ago(value.observedAt, now)}
        {stale ? <span className="font-semibold text-purple-900"> · too old for the rules: enter it again</span> : null}
      </span>
      <button type="button" onClick={onReplace} className="self-start text-sm font-semibold text-blue-900 underline">
        Enter a new {def.label.toLowerCase()}
      </button>
    </div>
  );
}

function PermanentEventsInput({ def, recorded, answer, errors }: { def: AssessmentFieldDef; recorded: string[]; answer: string; errors?: string[] }) {
  const id = `assess-${def.name}`;
  const [choice, setChoice] = useState(answer);
  return (
    <fieldset className="sm:col-span-2" aria-describedby={errors?.length ? `${id}-error` : undefined}>
      <legend className="font-medium">{def.label}: any new one since the last assessment?</legend>
      {recorded.length ? (
        <p className="text-sm font-semibold text-red-900">
          Recorded on this course (always sent to the rules): {recorded.map((r) => PERMANENT_EVENT_LABELS[r] ?? r).join(", ")}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-4">
        <label className="flex min-h-11 items-center gap-2">
          <input type="radio" name={PERMANENT_ANSWER} value="none" checked={choice === "none"} onChange={() => setChoice("none")} className="h-5 w-5" />
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
              <input type="checkbox" name={def.name} value={o.value} className="h-5 w-5" />
              {o.label}
            </label>
          ))}
        </div>
      ) : null}
      {errors?.length ? (
        <p id={`${id}-error`} className="text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>
          {errors.join(" ")}
        </p>
      ) : null}
    </fieldset>
  );
}

function AssessmentInput({ def, defaultValue, errors }: { def: AssessmentFieldDef; defaultValue: string; errors?: string[] }) {
  const id = `assess-${def.name}`;
  const described = [errors?.length ? `${id}-error` : null, def.hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const label = (
    <label htmlFor={id} className="font-medium">
      {def.label}
      {def.unit ? <span className="font-normal text-slate-600"> ({def.unit})</span> : null}
    </label>
  );
  const hint = def.hint ? (
    <p id={`${id}-hint`} className="text-sm text-slate-600">
      {def.hint}
    </p>
  ) : null;
  const error = errors?.length ? (
    <p id={`${id}-error`} className="text-sm font-medium text-red-800">
      <span aria-hidden="true">⚠ </span>
      {errors.join(" ")}
    </p>
  ) : null;
  const box = `min-h-11 rounded-md border bg-white px-3 py-2 ${errors?.length ? "border-red-700" : "border-slate-400"}`;
  return (
    <div className="flex flex-col gap-1">
      {label}
      {hint}
      {def.kind === "choice" || def.kind === "yesno" ? (
        <select id={id} name={def.name} defaultValue={defaultValue} aria-invalid={errors?.length ? true : undefined} aria-describedby={described} className={box}>
          <option value="">Not recorded</option>
          {(def.kind === "yesno" ? [{ value: "no", label: "No" }, { value: "yes", label: "Yes" }] : def.options ?? []).map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          name={def.name}
          type={def.kind === "time" ? "datetime-local" : "text"}
          inputMode={def.kind === "number" ? "decimal" : undefined}
          defaultValue={defaultValue}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={described}
          className={box}
        />
      )}
      {error}
    </div>
  );
}
