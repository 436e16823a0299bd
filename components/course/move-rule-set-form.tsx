"use client";

import { useActionState, useId } from "react";
import { moveCourseRuleSetAction } from "@/lib/actions/move-course-rule-set";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";

/**
 * Attending only: move an open course to the newer version of its rule set, signed with a reason. `blocker` is why
 * the course cannot move as it stands (a TIL target outside the new version's bounds): then the form is not offered.
 */
export function MoveRuleSetForm(props: { courseId: string; version: number; ruleSetId: string; from: string; to: string; blocker: string | null }) {
  const [state, action, pending] = useActionState(moveCourseRuleSetAction, null);
  const id = useId();
  const failed = state && !state.ok ? state : null;
  const e = failed?.fieldErrors ?? {};
  const meaning = `I move this course from rule set ${props.ruleSetId} version ${props.from} to version ${props.to}`;
  if (state?.ok) {
    return <Alert tone="success">Moved to rule set {state.data.ruleSetId} version {state.data.ruleSetVersion}: the order now waits for a pharmacist to verify it again.</Alert>;
  }
  return (
    <details className="mt-3 rounded border border-slate-300 bg-slate-50 p-3">
      <summary className="cursor-pointer font-medium">
        Move this course to version {props.to}…
      </summary>
      {props.blocker ? (
        <div className="mt-3">
          <Alert tone="warning">{props.blocker}</Alert>
        </div>
      ) : (
        <form action={action} className="mt-3 flex flex-col gap-3" noValidate>
          {failed ? <Alert tone="error">{failed.message}</Alert> : null}
          <p className="text-slate-700">
            The next decisions will be judged by version {props.to}. The order goes back to the pharmacist: no dose can be recorded until a pharmacist has
            verified it again. Doses already recorded keep version {props.from}.
          </p>
          <input type="hidden" name="courseId" value={props.courseId} />
          <input type="hidden" name="version" value={props.version} />
          <TextAreaField id={`${id}-reason`} label="Reason for the move (required)" name="reason" rows={2} maxLength={2000} defaultValue={failed?.values?.reason ?? ""} errors={e.reason} />
          <Field
            id={`${id}-password`}
            label="Your password, to sign"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            hint={`Your signature means: “${meaning}”. It is stored with your name and the time.`}
            errors={e.password}
          />
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Signing…" : `Sign: move to version ${props.to}`}
            </Button>
          </div>
        </form>
      )}
    </details>
  );
}
