"use client";

import { moveCourseRuleSetAction } from "@/lib/actions/move-course-rule-set";
import { MoveCourseRuleSetSchema, moveRuleSetMeaning } from "@/lib/schemas/correction";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";

/**
 * Attending only: move an open course to the newer version of its rule set, signed with a reason. `blocker` is why
 * the course cannot move as it stands (a TIL target outside the new version's bounds): then the form is not offered.
 */
export function MoveRuleSetForm(props: { courseId: string; version: number; ruleSetId: string; from: string; to: string; blocker: string | null }) {
  const { state, failure, pending, fields, formProps } = useActionForm(moveCourseRuleSetAction, { schema: MoveCourseRuleSetSchema });
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
        <form {...formProps} className="mt-3 flex flex-col gap-3">
          {failure ? <Alert tone="error">{failure.message}</Alert> : null}
          <p className="text-slate-700">
            The next decisions will be judged by version {props.to}. The order goes back to the pharmacist: no dose can be recorded until a pharmacist has
            verified it again. Doses already recorded keep version {props.from}.
          </p>
          <input type="hidden" name="courseId" value={props.courseId} />
          <input type="hidden" name="version" value={props.version} />
          <SignatureFields
            reason={{ field: fields.reason, label: "Reason for the move (required)", maxLength: 2000 }}
            fields={fields}
            meaning={moveRuleSetMeaning(props.ruleSetId, props.from, props.to)}
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
