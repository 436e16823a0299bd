"use client";

import { amendCourseAction } from "@/lib/actions/amend-course";
import { targetSbpBounds } from "@/lib/domain/course-order";
import { AmendCourseSchema } from "@/lib/schemas/correction";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { fieldProps, useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";

/**
 * Attending only: amend the order. The form carries the version it was read at; a stale one is refused. Once a dose
 * event exists the amendment must be signed with the attending's password (and the dosing weight is locked).
 */
export function AmendCourseForm(props: { courseId: string; version: number; dosingWeightKg: string; baselineWeightKg: string; targetSbpMmHg: number | null; til: boolean; doseEventsExist: boolean }) {
  // after an amendment the page brings the new order figures: the form starts again from them
  const { state, failure, pending, fields, formProps } = useActionForm(amendCourseAction, {
    schema: AmendCourseSchema,
    defaultValue: {
      dosingWeightKg: props.dosingWeightKg,
      baselineWeightKg: props.baselineWeightKg,
      targetSbpMmHg: props.targetSbpMmHg === null ? "" : String(props.targetSbpMmHg),
    },
  });
  const sbp = targetSbpBounds();
  return (
    <details className="mt-3 rounded border border-slate-300 bg-slate-50 p-3">
      <summary className="cursor-pointer font-medium">Amend the order…</summary>
      <form {...formProps} className="mt-3 flex flex-col gap-3">
        {failure ? <Alert tone="error">{failure.message}</Alert> : null}
        {state?.ok ? <Alert tone="success">Order amended (version {state.data.version}).</Alert> : null}
        <input type="hidden" name="courseId" value={props.courseId} />
        <input type="hidden" name="version" value={props.version} />
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Dosing weight" unit="kg" inputMode="decimal" readOnly={props.doseEventsExist} hint={props.doseEventsExist ? "Locked: doses are recorded" : "A change sends the order back to the pharmacist"} {...fieldProps(fields.dosingWeightKg)} />
          <Field label="Baseline weight" unit="kg" inputMode="decimal" hint="Weight gain is judged against it" {...fieldProps(fields.baselineWeightKg)} />
          {props.til ? (
            <Field
              label="Admission systolic BP target"
              unit="mmHg"
              inputMode="numeric"
              hint={`Whole mmHg, ${sbp.min}–${sbp.max}${props.targetSbpMmHg === null ? "; not set on this order" : ""}`}
              {...fieldProps(fields.targetSbpMmHg)}
            />
          ) : null}
        </div>
        <SignatureFields
          reason={{ field: fields.reason, label: "Reason for the change (required)", maxLength: 2000 }}
          fields={fields}
          label={props.doseEventsExist ? "Your password, to sign (required)" : "Your password, to sign"}
          required={props.doseEventsExist}
          hint={
            props.doseEventsExist
              ? "Doses are recorded: the amendment changes the thresholds of the next decision and must be signed. Your signature means “I amend this order: …” and is stored with your name and the time."
              : "Optional before the first dose; required once a dose is recorded."
          }
        />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : props.doseEventsExist ? "Sign and amend order" : "Amend order"}
          </Button>
        </div>
      </form>
    </details>
  );
}
