"use client";

import { useActionState, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { ASSESSMENT_FORM_FIELDS, readAssessmentForm, type AssessmentFieldDef, type FormInput } from "@/lib/assessment-form";
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
    out[key] = key === "permanentEvents" ? all : all[0];
  }
  return out;
}

export interface CarriedValues {
  /** unit-local time of the assessment the values come from */
  fromLabel: string;
  values: Record<string, string | string[]>;
}

/**
 * The pre-dose assessment with the engine's decision previewed live as values are entered. The preview runs the
 * same pure engine in the browser; the server decides again when anything is recorded.
 */
export function AssessmentForm({
  courseId,
  timeZone,
  baseRequest,
  carried,
}: {
  courseId: string;
  timeZone: string;
  baseRequest: Omit<DoseRequest, "now" | "assessment">;
  carried: CarriedValues | null;
}) {
  const [state, action, pending] = useActionState(recordAssessmentAction, null);
  const router = useRouter();
  const formRef = useRef<HTMLFormElement>(null);
  const [input, setInput] = useState<FormInput | null>(null);
  const failed = state && !state.ok ? state : null;
  const typed = failed?.values ?? null;

  const refresh = useCallback(() => {
    if (formRef.current) setInput(readForm(formRef.current));
  }, []);
  useEffect(refresh, [refresh]);
  useEffect(() => {
    if (state?.ok) router.refresh();
  }, [state, router]);

  const preview = useMemo(() => {
    if (!input) return null;
    const { assessment, fieldErrors } = readAssessmentForm(input, timeZone, new Date());
    const outcome = evaluateDose({ ...baseRequest, now: new Date().toISOString(), assessment } as DoseRequest);
    return { outcome, fieldErrors };
  }, [input, baseRequest, timeZone]);

  const errorsFor = (name: string) => failed?.fieldErrors?.[name] ?? (input && preview?.fieldErrors[name]) ?? undefined;
  const defaultFor = (f: AssessmentFieldDef): string | string[] => {
    if (typed && f.kind !== "list") return typed[f.name] ?? "";
    if (f.carry && carried?.values[f.name] !== undefined) return carried.values[f.name]!;
    return f.kind === "list" ? [] : "";
  };

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form ref={formRef} action={action} onChange={refresh} onInput={refresh} className="flex flex-col gap-5" noValidate aria-label="Pre-dose assessment">
        <input type="hidden" name="courseId" value={courseId} />
        {failed ? <Alert tone="error">{failed.message}</Alert> : null}
        {state?.ok ? <Alert tone="success">Assessment recorded. The decision below is the server&apos;s.</Alert> : null}
        {carried ? (
          <p className="text-sm text-slate-700">
            Fields marked <span className="font-semibold">carried</span> are prefilled from the assessment of {carried.fromLabel}: check each
            one. Labs keep their own time, so old labs are reported as stale.
          </p>
        ) : null}
        {GROUPS.map((g) => (
          <fieldset key={g.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <legend className="px-1 font-semibold">{g.title}</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              {ASSESSMENT_FORM_FIELDS.filter((f) => f.group === g.id).map((f) => (
                <AssessmentInput key={f.name} def={f} defaultValue={defaultFor(f)} errors={errorsFor(f.name)} carried={Boolean(f.carry && carried?.values[f.name] !== undefined && !typed)} />
              ))}
            </div>
          </fieldset>
        ))}
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Recording…" : "Record assessment"}
          </Button>
        </div>
      </form>
      <aside aria-labelledby="preview-heading" className="self-start rounded-lg border-2 border-blue-800 bg-white p-4 lg:sticky lg:top-4">
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
            <Alert tone="warning">Some values cannot be judged yet: {preview.outcome.issues.map((i) => i.message).join("; ")}</Alert>
          )}
        </div>
      </aside>
    </div>
  );
}

function AssessmentInput({ def, defaultValue, errors, carried }: { def: AssessmentFieldDef; defaultValue: string | string[]; errors?: string[]; carried: boolean }) {
  const id = `assess-${def.name}`;
  const described = [errors?.length ? `${id}-error` : null, def.hint || carried ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  const label = (
    <label htmlFor={def.kind === "list" ? undefined : id} className="font-medium">
      {def.label}
      {def.unit ? <span className="font-normal text-slate-600"> ({def.unit})</span> : null}
    </label>
  );
  const hint =
    def.hint || carried ? (
      <p id={`${id}-hint`} className="text-sm text-slate-600">
        {[def.hint, carried ? "carried from the last assessment" : null].filter(Boolean).join(" · ")}
      </p>
    ) : null;
  const error = errors?.length ? (
    <p id={`${id}-error`} className="text-sm font-medium text-red-800">
      <span aria-hidden="true">⚠ </span>
      {errors.join(" ")}
    </p>
  ) : null;
  const box = `min-h-11 rounded-md border bg-white px-3 py-2 ${errors?.length ? "border-red-700" : carried ? "border-dashed border-slate-500" : "border-slate-400"}`;

  if (def.kind === "list") {
    const chosen = new Set(Array.isArray(defaultValue) ? defaultValue : []);
    return (
      <fieldset className="sm:col-span-2" aria-describedby={described}>
        <legend className="font-medium">{def.label}</legend>
        <div className="grid gap-1 sm:grid-cols-2">
          {def.options?.map((o) => (
            <label key={o.value} className="flex min-h-11 items-center gap-2">
              <input type="checkbox" name={def.name} value={o.value} defaultChecked={chosen.has(o.value)} className="h-5 w-5" />
              {o.label}
            </label>
          ))}
        </div>
        {error}
      </fieldset>
    );
  }
  const value = Array.isArray(defaultValue) ? "" : defaultValue;
  return (
    <div className="flex flex-col gap-1">
      {label}
      {hint}
      {def.kind === "choice" || def.kind === "yesno" ? (
        <select id={id} name={def.name} defaultValue={value} aria-invalid={errors?.length ? true : undefined} aria-describedby={described} className={box}>
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
          defaultValue={value}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={described}
          className={box}
        />
      )}
      {error}
    </div>
  );
}
