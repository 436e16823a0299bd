"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { z } from "zod";
import { backEnterDoseAction } from "@/lib/actions/back-enter-dose";
import { ASSESSMENT_FORM_FIELDS, PERMANENT_ANSWER, isLab, labTimeName, type CarrySource } from "@/lib/domain/assessment-fields";
import { DOWNTIME_COSIGN_MEANING, DOWNTIME_ENTRY_MEANING } from "@/lib/domain/downtime";
import { WITNESS_FIELDS } from "@/lib/domain/signature";
import { BackEnterDoseSchema } from "@/lib/schemas/dose";
import { formInputOf, readAssessment } from "@/lib/schemas/assessment";
import { formatClock } from "@/lib/format";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DateTimeField } from "@/components/ui/date-time-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { Field } from "@/components/ui/field";
import { FieldErrorText, RequiredMark } from "@/components/ui/field-frame";
import { controlledFieldProps, fieldProps, useActionForm, type FormField } from "@/components/ui/form";
import { Select } from "@/components/ui/select";
import { SignatureFields, SIGNATURE_PASSWORD_ATTRIBUTES, SIGNATURE_USER_ID_ATTRIBUTES } from "@/components/ui/signature-fields";
import { TextAreaField } from "@/components/ui/text-area-field";
import { AssessmentInput, CarriedInput, GROUPS, PermanentEventsInput } from "@/components/dose/assessment-form";

const FORM_ID = "downtime-entry";
const DEFAULT_VALUE: Record<string, string> = {
  kind: "given",
  coSignerId: "",
  ...Object.fromEntries(ASSESSMENT_FORM_FIELDS.filter((f) => f.kind === "choice" || f.kind === "yesno").map((f) => [f.name, ""])),
};

/**
 * The browser's check of the whole form, with the server's own sentences: the dose fields by the action's schema,
 * the paper assessment by the assessment reader (carried values with their own times).
 */
function backEntryFormSchema(timeZone: string, carry: CarrySource | null) {
  return z.record(z.string(), z.unknown()).superRefine((payload, ctx) => {
    const dose = BackEnterDoseSchema.safeParse(payload);
    if (!dose.success) for (const issue of dose.error.issues) ctx.addIssue({ code: "custom", path: issue.path.map(String), message: issue.message });
    const input = formInputOf(payload);
    if (typeof input.at !== "string" || input.at.trim() === "") ctx.addIssue({ code: "custom", path: ["at"], message: "Enter when the paper assessment was taken." });
    const { fieldErrors } = readAssessment(input, { timeZone, source: carry });
    for (const [name, messages] of Object.entries(fieldErrors)) for (const message of messages) ctx.addIssue({ code: "custom", path: [name], message });
  });
}

/**
 * One paper dose entered after a downtime (docs/decisions/061): its real time, the dose as given or held, the paper
 * pre-dose assessment (labs may be carried from the latest assessment on record, with their own times), the second
 * clinician's co-signature and the nurse's own signature. The rules judge it at its time on the server; a given dose
 * they would not have given is recorded and flagged.
 */
export function BackEntryForm({
  courseId,
  timeZone,
  doseIu,
  dosingWeightKg,
  lastEventAt,
  criteria,
  carry,
  coSigners,
}: {
  courseId: string;
  timeZone: string;
  doseIu: number;
  dosingWeightKg: string;
  lastEventAt: Date | null;
  criteria: { id: string; label: string }[];
  carry: CarrySource | null;
  coSigners: { id: string; name: string; role: string }[];
}) {
  const schema = useMemo(() => backEntryFormSchema(timeZone, carry), [timeZone, carry]);
  const { state, pending, form, fields, formProps, summary } = useActionForm(backEnterDoseAction, { schema, defaultValue: DEFAULT_VALUE, id: FORM_ID });
  const field = (name: string): FormField => (fields as unknown as Record<string, FormField>)[name]!;
  const router = useRouter();
  const doneRef = useRef<HTMLDivElement>(null);
  const initialKind = field("kind").initialValue;
  const [kind, setKind] = useState(typeof initialKind === "string" && initialKind ? initialKind : "given");
  const carriable = useCallback(
    () => new Set(ASSESSMENT_FORM_FIELDS.filter((f) => f.carry && isLab(f) && carry?.values[f.name] !== undefined).map((f) => f.name)),
    [carry],
  );
  const [carried, setCarried] = useState<Set<string>>(carriable);
  const source = carry?.assessmentId ?? null;
  const [seenSource, setSeenSource] = useState(source);
  if (source !== seenSource) {
    setSeenSource(source);
    setCarried(carriable());
  }
  // each recorded entry starts an empty form (the time fields' "reads as" lines too); a refusal keeps what was typed
  const recordedId = state?.ok ? state.data.doseEventId : null;
  const [round, setRound] = useState<{ id: string | null; n: number }>({ id: null, n: 0 });
  if (recordedId && recordedId !== round.id) setRound({ id: recordedId, n: round.n + 1 });
  useEffect(() => {
    if (!state?.ok) return;
    router.refresh();
    setKind("given");
    doneRef.current?.focus({ preventScroll: true });
    doneRef.current?.scrollIntoView({ block: "center" });
  }, [state, router]);
  const uncarry = (name: string) => {
    setCarried((prev) => {
      const next = new Set(prev);
      next.delete(name);
      return next;
    });
    setTimeout(() => document.getElementById(`${form.id}-${name}`)?.focus(), 0);
  };
  const now = new Date();
  const roleWord = (role: string) => (role === "attending" ? "attending" : "nurse");

  return (
    <form {...formProps} className="flex flex-col gap-5" aria-label="Dose from the paper record">
      <input type="hidden" name="courseId" value={courseId} />
      {carry ? <input type="hidden" name="carriedFromId" value={carry.assessmentId} /> : null}
      {state?.ok ? (
        <div ref={doneRef} tabIndex={-1} className="outline-none">
          <Alert tone={state.data.flag ? "warning" : "success"}>
            Entered after downtime: dose event #{state.data.sequence}, {state.data.kind === "given" ? "given" : "held"}, co-signed.
            {state.data.flag ? ` Flagged — ${state.data.flag}` : " The rules at its time agree with it."} The form below is empty for the next paper dose.
          </Alert>
        </div>
      ) : null}
      <p className="text-sm text-slate-700">
        Enter paper doses oldest first, each with the time written on the paper record (unit time, 24-hour).
        {lastEventAt ? ` The last dose event on record is at ${formatClock(lastEventAt, timeZone, now)}: the next entry must be after it.` : " No dose event is on record yet."}{" "}
        <strong>Enter every paper dose before the next dose is recorded here:</strong> a paper dose older than the last dose
        event on record cannot be entered.
      </p>

      <div key={round.n} className="flex flex-col gap-5">
      <fieldset className="rounded-lg border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">The dose on the paper record</legend>
        <div className="grid gap-4 sm:grid-cols-2">
          <DateTimeField label="Time of the dose" timeZone={timeZone} requiredMark hint="As written on the paper record" {...fieldProps(field("occurredAt"))} />
          <fieldset id={field("kind").id} aria-describedby={field("kind").errors ? field("kind").errorId : undefined}>
            <legend className="font-medium">
              Given or held <RequiredMark />
            </legend>
            <div className="flex flex-wrap gap-4">
              {[{ value: "given", label: "Given" }, { value: "held", label: "Held" }].map((o) => (
                <label key={o.value} className="flex min-h-11 items-center gap-2">
                  <input type="radio" name="kind" value={o.value} checked={kind === o.value} onChange={() => setKind(o.value)} className="h-5 w-5" />
                  {o.label}
                </label>
              ))}
            </div>
            <FieldErrorText id={field("kind").errorId} errors={field("kind").errors} />
          </fieldset>
          {kind === "given" ? (
            <Field
              label="Dose given"
              unit="IU"
              inputMode="numeric"
              autoComplete="off"
              requiredMark
              hint={`This course's dose is ${doseIu.toLocaleString("en-US")} IU (dosing weight ${dosingWeightKg} kg). Enter the amount written on paper: a different amount is recorded as written and flagged for the attending.`}
              {...fieldProps(field("doseIu"))}
            />
          ) : null}
        </div>
        {kind === "held" ? (
          <div className="mt-4 flex flex-col gap-4">
            <fieldset id={field("criteria").id} aria-describedby={field("criteria").errors ? field("criteria").errorId : undefined}>
              <legend className="font-medium">Held for (tick what the paper record says, or write a note)</legend>
              <div className="grid gap-1 sm:grid-cols-2">
                {criteria.map((c) => (
                  <label key={c.id} className="flex min-h-11 items-center gap-2">
                    <input type="checkbox" name="criteria" value={c.id} className="h-5 w-5" />
                    {c.label}
                  </label>
                ))}
              </div>
              <FieldErrorText id={field("criteria").errorId} errors={field("criteria").errors} />
            </fieldset>
          </div>
        ) : null}
        <div className="mt-4">
          <TextAreaField label="Note from the paper record" rows={2} maxLength={2000} {...fieldProps(field("note"))} />
        </div>
      </fieldset>

      <section aria-labelledby="paper-assessment-heading" className="flex flex-col gap-4">
        <h3 id="paper-assessment-heading" className="text-lg font-semibold">
          Pre-dose assessment on the paper record
        </h3>
        <p className="text-sm text-slate-700">
          Every value as written on paper, with its own time. The rules judge the dose at its time on these values.
          {carry && carried.size
            ? ` Labs marked carried come from the assessment of ${formatClock(new Date(carry.takenAt), timeZone, now)} and keep their own draw time; enter a new one if the paper record has it.`
            : ""}
        </p>
        <DateTimeField label="Time of the assessment" timeZone={timeZone} requiredMark hint="Before the time of the dose, as written on the paper record" {...fieldProps(field("at"))} />
        {GROUPS.map((g) => (
          <fieldset key={g.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <legend className="px-1 font-semibold">{g.title}</legend>
            <div className="grid gap-4 sm:grid-cols-2">
              {ASSESSMENT_FORM_FIELDS.filter((f) => f.group === g.id && f.name !== "at").map((f) => {
                const c = carried.has(f.name) ? carry?.values[f.name] : undefined;
                if (c) return <CarriedInput key={f.name} id={`${form.id}-${f.name}`} def={f} value={c} timeZone={timeZone} now={now} stale={false} required={false} onReplace={() => uncarry(f.name)} />;
                if (f.kind === "list") {
                  const answer = field(PERMANENT_ANSWER).initialValue;
                  return <PermanentEventsInput key={`${f.name}-${carry?.assessmentId ?? "first"}`} def={f} field={field(f.name)} recorded={carry?.permanentEvents ?? []} answer={typeof answer === "string" ? answer : ""} required={false} />;
                }
                return (
                  <div key={f.name} className="contents">
                    <AssessmentInput def={f} field={field(f.name)} timeZone={timeZone} required={false} />
                    {isLab(f) ? <DateTimeField label={`${f.label} drawn at`} timeZone={timeZone} hint="When the sample was drawn" {...fieldProps(field(labTimeName(f.name)))} /> : null}
                  </div>
                );
              })}
            </div>
          </fieldset>
        ))}
      </section>

      <fieldset className="flex flex-col gap-4 rounded-lg border-2 border-blue-800 bg-white p-4">
        <legend className="px-1 text-lg font-semibold">Co-signature: a second clinician checks the entry against the paper record</legend>
        <p className="text-slate-800">
          Another nurse or an attending of this unit reads the paper record beside this entry and signs with their own user id and password. Their signature
          means: “{DOWNTIME_COSIGN_MEANING}”.
        </p>
        <div className="grid gap-4 sm:grid-cols-2">
          <Select label="Co-signer" options={coSigners.map((c) => ({ value: c.id, label: `${c.name} (${roleWord(c.role)})` }))} placeholder="Choose the co-signer" requiredMark {...fieldProps(field("coSignerId"))} />
          <Field label="Co-signer's user id (e-mail)" type="text" inputMode="email" requiredMark {...SIGNATURE_USER_ID_ATTRIBUTES} {...fieldProps(field(WITNESS_FIELDS.userId))} />
          <Field label="Co-signer's password, to sign" type="password" requiredMark {...SIGNATURE_PASSWORD_ATTRIBUTES} {...controlledFieldProps(field(WITNESS_FIELDS.password))} />
        </div>
      </fieldset>

      <fieldset className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">Your signature</legend>
        <SignatureFields fields={fields as unknown as { password: FormField }} meaning={DOWNTIME_ENTRY_MEANING} />
      </fieldset>

      </div>

      <ErrorSummary {...summary} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Recording…" : "Record the paper dose"}
        </Button>
      </div>
    </form>
  );
}
