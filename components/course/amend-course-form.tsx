"use client";

import { useActionState, useId } from "react";
import { amendCourseAction } from "@/lib/actions/amend-course";
import { targetSbpBounds } from "@/lib/domain/course-order";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";

/**
 * Attending only: amend the order. The form carries the version it was read at; a stale one is refused. Once a dose
 * event exists the amendment must be signed with the attending's password (and the dosing weight is locked).
 */
export function AmendCourseForm(props: { courseId: string; version: number; dosingWeightKg: string; baselineWeightKg: string; targetSbpMmHg: number | null; til: boolean; doseEventsExist: boolean }) {
  const [state, action, pending] = useActionState(amendCourseAction, null);
  const id = useId();
  const failed = state && !state.ok ? state : null;
  const v = failed?.values ?? {};
  const e = failed?.fieldErrors ?? {};
  const sbp = targetSbpBounds();
  return (
    <details className="mt-3 rounded border border-slate-300 bg-slate-50 p-3">
      <summary className="cursor-pointer font-medium">Amend the order…</summary>
      <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
        {failed ? <Alert tone="error">{failed.message}</Alert> : null}
        {state?.ok ? <Alert tone="success">Order amended (version {state.data.version}).</Alert> : null}
        <input type="hidden" name="courseId" value={props.courseId} />
        <input type="hidden" name="version" value={props.version} />
        <div className="grid gap-3 sm:grid-cols-3">
          <Field id={`${id}-dosing`} label="Dosing weight" unit="kg" name="dosingWeightKg" inputMode="decimal" defaultValue={v.dosingWeightKg ?? props.dosingWeightKg} readOnly={props.doseEventsExist} hint={props.doseEventsExist ? "Locked: doses are recorded" : "A change sends the order back to the pharmacist"} errors={e.dosingWeightKg} />
          <Field id={`${id}-baseline`} label="Baseline weight" unit="kg" name="baselineWeightKg" inputMode="decimal" defaultValue={v.baselineWeightKg ?? props.baselineWeightKg} errors={e.baselineWeightKg} hint="Weight gain is judged against it" />
          {props.til ? (
            <Field
              id={`${id}-target`}
              label="Admission systolic BP target"
              unit="mmHg"
              name="targetSbpMmHg"
              inputMode="numeric"
              defaultValue={v.targetSbpMmHg ?? (props.targetSbpMmHg === null ? "" : String(props.targetSbpMmHg))}
              errors={e.targetSbpMmHg}
              hint={`Whole mmHg, ${sbp.min}–${sbp.max}${props.targetSbpMmHg === null ? "; not set on this order" : ""}`}
            />
          ) : null}
        </div>
        <TextAreaField id={`${id}-reason`} label="Reason for the change (required)" name="reason" rows={2} maxLength={2000} defaultValue={v.reason ?? ""} errors={e.reason} />
        <Field
          id={`${id}-password`}
          label={props.doseEventsExist ? "Your password, to sign (required)" : "Your password, to sign"}
          name="password"
          type="password"
          autoComplete="current-password"
          required={props.doseEventsExist}
          hint={
            props.doseEventsExist
              ? "Doses are recorded: the amendment changes the thresholds of the next decision and must be signed. Your signature means “I amend this order: …” and is stored with your name and the time."
              : "Optional before the first dose; required once a dose is recorded."
          }
          errors={e.password}
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
