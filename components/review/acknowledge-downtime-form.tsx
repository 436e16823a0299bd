"use client";

import { acknowledgeDowntimeDoseAction } from "@/lib/actions/acknowledge-downtime-dose";
import type { ActionResult } from "@/lib/actions/result";
import { AcknowledgeDowntimeSchema, REASON_MAX } from "@/lib/schemas/review";
import { DOWNTIME_ACK_MEANING } from "@/lib/domain/review-outcomes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { fieldProps, useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { TextAreaField } from "@/components/ui/text-area-field";
import { useAnnounce } from "@/components/review/review-status";

/**
 * The attending's signed acknowledgement of a dose given during downtime that the rules would not have given
 * (decision 061, amendment): a required note and the password signature with its meaning. It authorizes nothing.
 */
export function AcknowledgeDowntimeForm({ doseEventId, subjectLabel }: { doseEventId: string; subjectLabel: string }) {
  const announce = useAnnounce();
  const { failure, pending, fields, formProps } = useActionForm(
    async (prev: ActionResult<{ reviewId: string }> | null, form: FormData) => {
      const result = await acknowledgeDowntimeDoseAction(prev, form);
      if (result.ok) announce(`Acknowledgement signed for ${subjectLabel}. It has left the queue.`);
      return result;
    },
    { schema: AcknowledgeDowntimeSchema },
  );
  return (
    <form {...formProps} className="flex flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="doseEventId" value={doseEventId} />
      <p className="text-sm text-slate-700">
        The dose was already given: acknowledging it records that you have reviewed it against the rules. It allows no dose and changes nothing on the
        course.
      </p>
      <TextAreaField
        label={`Note (required, up to ${REASON_MAX.toLocaleString("en-US")} characters): what you made of this deviation`}
        rows={3}
        maxLength={REASON_MAX}
        required
        {...fieldProps(fields.note)}
      />
      <SignatureFields fields={fields} meaning={DOWNTIME_ACK_MEANING} />
      <div>
        <Button type="submit" disabled={pending} variant="primary">
          {pending ? "Signing…" : "Sign: acknowledge the dose given during downtime"}
        </Button>
      </div>
    </form>
  );
}
