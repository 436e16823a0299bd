"use client";

import { useActionState, useId } from "react";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";

/** Attending only: mark a dose event or assessment entered in error, with a reason and a password signature. */
export function CorrectionForm({ entityType, entityId, what }: { entityType: "DoseEvent" | "Assessment"; entityId: string; what: string }) {
  const [state, action, pending] = useActionState(markEnteredInErrorAction, null);
  const id = useId();
  const failed = state && !state.ok ? state : null;
  if (state?.ok) return <Alert tone="success">Marked entered in error. The record stays in the history; counts and decisions now ignore it.</Alert>;
  return (
    <details className="mt-2 rounded border border-slate-300 bg-slate-50 p-2">
      <summary className="cursor-pointer font-medium text-red-900">Mark {what} entered in error…</summary>
      <form action={action} className="mt-2 flex flex-col gap-3" noValidate>
        {failed ? <Alert tone="error">{failed.message}</Alert> : null}
        <input type="hidden" name="entityType" value={entityType} />
        <input type="hidden" name="entityId" value={entityId} />
        <TextAreaField id={`${id}-reason`} label="Why is it in error? (required)" name="reason" rows={2} maxLength={2000} defaultValue={failed?.values?.reason ?? ""} errors={failed?.fieldErrors?.reason} />
        <Field id={`${id}-password`} label="Your password, to sign" name="password" type="password" autoComplete="current-password" hint="Your signature means: “Correction: this record was entered in error”." errors={failed?.fieldErrors?.password} />
        <div>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Signing…" : "Sign: entered in error"}
          </Button>
        </div>
      </form>
    </details>
  );
}
