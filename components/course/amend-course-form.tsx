"use client";

import { useActionState } from "react";
import { amendCourseAction } from "@/lib/actions/amend-course";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";

/** Attending only: amend the order. The form carries the version it was read at; a stale one is refused. */
export function AmendCourseForm(props: { courseId: string; version: number; dosingWeightKg: string; baselineWeightKg: string; targetSbpMmHg: number | null; til: boolean; doseEventsExist: boolean }) {
  const [state, action, pending] = useActionState(amendCourseAction, null);
  const failed = state && !state.ok ? state : null;
  const v = failed?.values ?? {};
  const e = failed?.fieldErrors ?? {};
  return (
    <details className="mt-3 rounded border border-slate-300 bg-slate-50 p-3">
      <summary className="cursor-pointer font-medium">Amend the order…</summary>
      <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
        {failed ? <Alert tone="error">{failed.message}</Alert> : null}
        {state?.ok ? <Alert tone="success">Order amended (version {state.data.version}).</Alert> : null}
        <input type="hidden" name="courseId" value={props.courseId} />
        <input type="hidden" name="version" value={props.version} />
        <div className="grid gap-3 sm:grid-cols-3">
          <Field label="Dosing weight" unit="kg" name="dosingWeightKg" inputMode="decimal" defaultValue={v.dosingWeightKg ?? props.dosingWeightKg} readOnly={props.doseEventsExist} hint={props.doseEventsExist ? "Locked: doses are recorded" : "A change sends the order back to the pharmacist"} errors={e.dosingWeightKg} />
          <Field label="Baseline weight" unit="kg" name="baselineWeightKg" inputMode="decimal" defaultValue={v.baselineWeightKg ?? props.baselineWeightKg} errors={e.baselineWeightKg} />
          {props.til ? <Field label="Admission systolic BP target" unit="mmHg" name="targetSbpMmHg" inputMode="numeric" defaultValue={v.targetSbpMmHg ?? String(props.targetSbpMmHg ?? 90)} errors={e.targetSbpMmHg} /> : null}
        </div>
        <TextAreaField id="amend-reason" label="Reason for the change (required)" name="reason" rows={2} maxLength={2000} defaultValue={v.reason ?? ""} errors={e.reason} />
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Amend order"}
          </Button>
        </div>
      </form>
    </details>
  );
}
