"use client";

import Link from "next/link";
import { verifyCountsAction } from "@/lib/actions/verify-counts";
import { VerifyCountsSchema } from "@/lib/schemas/verification";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { fieldProps, useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { verifyCountsMeaning } from "@/lib/domain/signature";
import { TextAreaField } from "@/components/ui/text-area-field";

/** Sign-off of the counts shown above: the page tells the action which events (and corrections) it showed. */
export function CountVerificationForm({
  courseId,
  lastEventSequence,
  enteredInErrorCount,
  discrepancyCount,
}: {
  courseId: string;
  lastEventSequence: number;
  enteredInErrorCount: number;
  discrepancyCount: number;
}) {
  const { state, failure, pending, fields, formProps } = useActionForm(verifyCountsAction, { schema: VerifyCountsSchema });
  if (state?.ok) {
    return (
      <div className="flex flex-col gap-3">
        <Alert tone="success">
          Counts verified through event {state.data.lastEventSequence}
          {state.data.countsMatch ? "." : ", with your discrepancy note."}
        </Alert>
        <Link href="/verifications" className="font-medium text-blue-800 underline">
          Back to verifications
        </Link>
      </div>
    );
  }
  const noteRequired = discrepancyCount > 0;
  return (
    <form {...formProps} className="flex flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="lastEventSequence" value={lastEventSequence} />
      <input type="hidden" name="enteredInErrorCount" value={enteredInErrorCount} />
      <TextAreaField
        label={noteRequired ? "Discrepancy note (required)" : "Discrepancy note (optional)"}
        rows={4}
        maxLength={2000}
        required={noteRequired}
        hint={
          noteRequired
            ? `The report shows ${discrepancyCount === 1 ? "1 discrepancy" : `${discrepancyCount} discrepancies`}: say what you found and whom you told. At most 2,000 characters.`
            : "At most 2,000 characters."
        }
        {...fieldProps(fields.discrepancyNote)}
      />
      <SignatureFields fields={fields} meaning={verifyCountsMeaning(lastEventSequence, !noteRequired)} />
      <Button type="submit" disabled={pending}>
        {pending ? "Signing off…" : `Sign off counts through event ${lastEventSequence}`}
      </Button>
    </form>
  );
}
