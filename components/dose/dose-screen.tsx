"use client";

import { useEffect, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { RecordDoseSchema } from "@/lib/schemas/dose";
import { listField } from "@/lib/forms";
import type { DoseDecision } from "@/lib/rules";
import { eventKindLabel } from "@/lib/domain/vocabulary";
import { clinicalDetail } from "@/lib/domain/assessment-fields";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { DateTimeField } from "@/components/ui/date-time-field";
import { ErrorSummary } from "@/components/ui/error-summary";
import { DecisionBadge } from "@/components/decision/decision-badge";
import { claimResults, useRecordedAssessment } from "@/components/dose/recorded";
import { TextAreaField } from "@/components/ui/text-area-field";
import { WitnessStep } from "@/components/dose/witness-step";
import { FieldErrorText } from "@/components/ui/field-frame";
import { controlledFieldProps, fieldProps, useActionForm } from "@/components/ui/form";

/** Focus an element that is not a control (a result, a heading) and bring it into view. */
function show(el: HTMLElement | null) {
  el?.focus({ preventScroll: true });
  el?.scrollIntoView({ block: "center" });
}
import type { DoseActions } from "@/lib/domain/dose-policy";

// the action reads the hold's criteria with form.getAll
const RecordDoseFormSchema = RecordDoseSchema.extend({ criteria: listField(RecordDoseSchema.shape.criteria) });

/**
 * Give or hold the next dose, on the current assessment. With a current `give`, recording takes two presses:
 * "Give dose n" opens the confirmation with the dose and time (now); "Record … as given". An optional witness signs
 * for themselves: "Hand to the witness" hides the dose and volume and opens the blind double-check
 * (components/dose/witness-step.tsx, docs/decisions/055).
 * The screen shows what was just recorded and takes the focus there, with the next action as the next Tab stop:
 * after an assessment is recorded (components/dose/recorded.ts), after a dose is recorded, and when a form opens.
 */
export function DoseScreen({
  courseId,
  assessmentId,
  expectedSequence,
  decision,
  timeZone,
  witnesses,
  actions,
}: {
  courseId: string;
  assessmentId: string;
  expectedSequence: number;
  decision: DoseDecision;
  timeZone: string;
  witnesses: { id: string; name: string }[];
  /** what may be recorded now (lib/domain/dose-policy.ts `doseActions`, the same tests record-dose applies) */
  actions: DoseActions;
}) {
  // one form at a time (give or hold), on one action: its answer shows above both
  // each opening of the give or hold form is a new form (a new id): nothing typed or judged in a cancelled one follows
  const [opened, setOpened] = useState(0);
  const { state, pending, fields, formProps, summary } = useActionForm(recordDoseAction, { schema: RecordDoseFormSchema, id: `dose-form-${opened}` });
  const router = useRouter();
  const [mode, setMode] = useState<"none" | "give" | "hold">("none");
  const [time, setTime] = useState("");
  const [witnessing, setWitnessing] = useState(false);
  const resultRef = useRef<HTMLDivElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const giveRef = useRef<HTMLButtonElement>(null);
  const holdRef = useRef<HTMLButtonElement>(null);
  const back = useRef<"give" | "hold" | null>(null);
  const recorded = useRecordedAssessment();
  const assessed = recorded === assessmentId && !state?.ok;
  const shownFor = useRef<string | null>(null);

  useEffect(() => claimResults(), []);

  // a new assessment, drawn here once the page has been read again: its result and Give/Hold take the focus
  useEffect(() => {
    if (!assessed || shownFor.current === assessmentId) return;
    shownFor.current = assessmentId;
    show(resultRef.current);
  }, [assessed, assessmentId]);

  useEffect(() => {
    if (state?.ok) {
      setMode("none");
      router.refresh();
    }
  }, [state, router]);
  useEffect(() => {
    if (state?.ok && mode === "none") show(resultRef.current);
  }, [state, mode]);

  // a form that opens takes the focus on its heading; one that closes without recording gives it back
  useEffect(() => {
    if (mode !== "none") show(headingRef.current);
    else if (back.current) (back.current === "give" ? giveRef : holdRef).current?.focus();
    back.current = null;
  }, [mode]);

  // The time stays empty (= the moment the server records it) unless the nurse documents an earlier time: a
  // default filled in when the form opened would go stale while the form stays open.
  const open = (m: "give" | "hold") => {
    setTime("");
    setWitnessing(false);
    setOpened((o) => o + 1);
    setMode(m);
  };
  const cancel = () => {
    back.current = mode === "none" ? null : mode;
    setMode("none");
  };

  const dose = decision.dose;
  const { canGive, canHold, stopPending: pendingStop, heldOnThisAssessment, underOverride } = actions;
  const n = dose?.number ?? decision.counts.givenInCourse + 1;
  const giveButtons = (
    <>
      <ErrorSummary {...summary} title={`Dose ${n} not recorded: correct these entries`} />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Recording…" : `Record dose ${n} as given`}
        </Button>
        <Button type="button" variant="secondary" onClick={cancel}>
          Cancel
        </Button>
      </div>
    </>
  );

  return (
    <div className="flex flex-col gap-3">
      {state?.ok ? (
        <div ref={resultRef} tabIndex={-1} className="rounded-md focus:outline-2 focus:outline-offset-2 focus:outline-blue-800">
          <Alert tone="success">
            Dose event #{state.data.sequence} recorded as {state.data.kind}
            {state.data.tier === "stop" || state.data.tier === "discontinue" ? ` at ${state.data.tier} tier: ${eventKindLabel("held", state.data.tier)}.` : "."}
          </Alert>
        </div>
      ) : assessed ? (
        <div ref={resultRef} tabIndex={-1} className="rounded-md focus:outline-2 focus:outline-offset-2 focus:outline-blue-800">
          <Alert tone="success">
            <span className="flex flex-wrap items-center gap-2">
              The new assessment is recorded. The rules say <DecisionBadge decision={decision.decision} size="sm" />
              {canGive && dose ? ` Next: give dose ${n}, or hold it.` : canHold ? ` Next: hold dose ${n}.` : ""}
            </span>
          </Alert>
        </div>
      ) : null}
      {mode === "none" ? (
        <div className="flex flex-wrap gap-3">
          {canGive && dose ? (
            <Button ref={giveRef} type="button" onClick={() => open("give")}>
              Give dose {n}: {dose.doseIu.toLocaleString("en-US")} IU
            </Button>
          ) : null}
          {canHold ? (
            <Button ref={holdRef} type="button" variant={canGive ? "secondary" : "primary"} onClick={() => open("hold")}>
              Hold dose {n}
            </Button>
          ) : null}
          {!canGive ? (
            <p className="self-center text-slate-800">
              {pendingStop
                ? "Stop IL-2 — attending to decide. The stop is recorded; no dose until an attending has reviewed it."
                : heldOnThisAssessment
                ? "The dose is held on this assessment and waits for the attending; record a new assessment to re-evaluate."
                : decision.decision === "hold"
                ? "Giving this dose needs an attending's signed override."
                : decision.decision === "stop" || decision.decision === "discontinue"
                  ? `IL-2 must ${decision.decision === "stop" ? "stop" : "be discontinued"}: record the hold and call the attending.`
                : decision.decision === "incomplete"
                  ? "Enter the missing or too-old values named above in a new assessment to decide."
                  : "No dose can be given now."}
            </p>
          ) : null}
        </div>
      ) : null}
      {mode === "give" && dose ? (
        <form {...formProps} className="flex flex-col gap-4 rounded-lg border-2 border-green-800 bg-green-50 p-4" aria-label={`Give dose ${n}`}>
          <input type="hidden" name="courseId" value={courseId} />
          <input type="hidden" name="assessmentId" value={assessmentId} />
          <input type="hidden" name="expectedSequence" value={expectedSequence} />
          <input type="hidden" name="kind" value="given" />
          <input type="hidden" name={fields.doseIu.name} value={String(dose.doseIu)} />
          <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
            Give dose {n}
          </h3>
          {witnessing ? (
            // blind: while the witness checks, the recorder's figures are not on screen
            <p id={fields.doseIu.id} className="font-semibold">
              Dose {n} of {decision.counts.maxPerCourse}: figures hidden while the witness checks.
            </p>
          ) : (
            <>
              <p className="font-semibold">
                Dose {n} of {decision.counts.maxPerCourse}: {dose.doseIu.toLocaleString("en-US")} IU = {dose.doseMg.toFixed(2)} mg = {dose.doseMl.toFixed(2)} mL ({dose.vials} vials), IV over 15 min.
                {underOverride ? " Given under the attending's signed override." : ""}
              </p>
              <dl>
                <dt className="text-sm text-slate-700">Dose (locked: from the verified dosing weight)</dt>
                <dd id={fields.doseIu.id} className="text-lg font-semibold">
                  {dose.doseIu.toLocaleString("en-US")} IU
                </dd>
              </dl>
            </>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <DateTimeField
              label="Given at"
              timeZone={timeZone}
              value={time}
              onChange={(e) => setTime(e.target.value)}
              hint="Leave empty for now; or the time it was given, up to 60 min ago"
              emptyMeans="now, the moment you record it"
              {...controlledFieldProps(fields.occurredAt)}
            />
            {!witnessing && witnesses.length > 0 ? (
              <div className="self-end">
                <Button type="button" variant="secondary" onClick={() => setWitnessing(true)}>
                  Hand to the witness
                </Button>
              </div>
            ) : null}
          </div>
          {witnessing ? (
            // blind: the witness's step covers the whole page (the course header, the preview and earlier doses show
            // the figures too); it stays inside the form, so its fields and the Record button post with it
            <div
              role="dialog"
              aria-modal="true"
              aria-label={`Witness for dose ${n}: independent double-check`}
              data-witness-step
              className="fixed inset-0 z-40 overflow-y-auto bg-slate-100 p-4"
              onKeyDown={(e) => {
                if (e.key === "Escape") setWitnessing(false);
              }}
            >
              <div className="mx-auto flex max-w-2xl flex-col gap-4">
                <WitnessStep fields={fields} witnesses={witnesses} onCancel={() => setWitnessing(false)} />
                {giveButtons}
              </div>
            </div>
          ) : (
            giveButtons
          )}
        </form>
      ) : null}
      {mode === "hold" ? (
        <form {...formProps} className="flex flex-col gap-4 rounded-lg border-2 border-amber-700 bg-amber-50 p-4" aria-label={`Hold dose ${n}`}>
          <input type="hidden" name="courseId" value={courseId} />
          <input type="hidden" name="assessmentId" value={assessmentId} />
          <input type="hidden" name="expectedSequence" value={expectedSequence} />
          <input type="hidden" name="kind" value="held" />
          <h3 ref={headingRef} tabIndex={-1} className="text-lg font-semibold">
            Hold dose {n}
          </h3>
          <fieldset id={fields.criteria.id} aria-describedby={fields.criteria.errors ? fields.criteria.errorId : undefined}>
            <legend className="font-semibold">Why is the dose held?</legend>
            {decision.findings.length === 0 ? <p className="text-slate-800">No criterion fired: write why in the note.</p> : null}
            {decision.findings.map((f) => (
              <label key={f.criterion} className="flex min-h-11 items-center gap-2">
                <input type="checkbox" name={fields.criteria.name} value={f.criterion} defaultChecked className="h-5 w-5" />
                {f.criterionLabel} — {clinicalDetail(f.detail)}
              </label>
            ))}
            <FieldErrorText id={fields.criteria.errorId} errors={fields.criteria.errors} />
          </fieldset>
          <TextAreaField label={`Note ${decision.findings.length === 0 ? "(required)" : "(optional)"}`} rows={3} maxLength={2000} {...fieldProps(fields.note)} />
          <DateTimeField
            label="Held at"
            timeZone={timeZone}
            value={time}
            onChange={(e) => setTime(e.target.value)}
            hint="Leave empty for now; or the time it was held, up to 60 min ago"
            emptyMeans="now, the moment you record it"
            {...controlledFieldProps(fields.occurredAt)}
          />
          <ErrorSummary {...summary} title={`Dose ${n} not recorded: correct these entries`} />
          <div className="flex flex-wrap gap-3">
            <Button type="submit" disabled={pending}>
              {pending ? "Recording…" : `Record dose ${n} as held`}
            </Button>
            <Button type="button" variant="secondary" onClick={cancel}>
              Cancel
            </Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}
