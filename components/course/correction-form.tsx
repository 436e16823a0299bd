"use client";

import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { CORRECTION_MEANING, MarkEnteredInErrorSchema } from "@/lib/schemas/correction";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";

/** Mark a dose event or assessment entered in error, with a reason and a password signature. Offered only where the
 * action would accept it (lib/domain/correction.ts: an attending; a nurse for her own entry within 30 minutes). */
export function CorrectionForm({ entityType, entityId, what }: { entityType: "DoseEvent" | "Assessment"; entityId: string; what: string }) {
  const { state, failure, pending, fields, formProps } = useActionForm(markEnteredInErrorAction, { schema: MarkEnteredInErrorSchema });
  if (state?.ok) return <Alert tone="success">Marked entered in error. The record stays in the history; counts and decisions now ignore it.</Alert>;
  return (
    <details className="mt-2 rounded border border-slate-300 bg-slate-50 p-2">
      <summary className="cursor-pointer font-medium text-red-900">Mark {what} entered in error…</summary>
      <form {...formProps} className="mt-2 flex flex-col gap-3">
        {failure ? <Alert tone="error">{failure.message}</Alert> : null}
        <input type="hidden" name="entityType" value={entityType} />
        <input type="hidden" name="entityId" value={entityId} />
        <SignatureFields reason={{ field: fields.reason, label: "Why is it in error? (required)", maxLength: 2000 }} fields={fields} meaning={CORRECTION_MEANING} />
        <div>
          <Button type="submit" variant="danger" disabled={pending}>
            {pending ? "Signing…" : "Sign: entered in error"}
          </Button>
        </div>
      </form>
    </details>
  );
}
