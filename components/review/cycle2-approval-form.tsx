"use client";

import { approveCycle2Action } from "@/lib/actions/approve-cycle-2";
import type { ActionResult } from "@/lib/actions/result";
import { ApproveCycle2Schema, REASON_MAX } from "@/lib/schemas/review";
import { CYCLE2_MEANING } from "@/lib/domain/review-outcomes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { useAnnounce } from "@/components/review/review-status";

/** The signed go-ahead for cycle 2 of a monotherapy course: an optional note and the attending's password. */
export function Cycle2ApprovalForm({ courseId, subjectLabel }: { courseId: string; subjectLabel: string }) {
  const announce = useAnnounce();
  const { failure, pending, fields, formProps } = useActionForm(
    async (prev: ActionResult<{ courseId: string }> | null, form: FormData) => {
      const result = await approveCycle2Action(prev, form);
      if (result.ok) announce(`Go-ahead for cycle 2 signed for ${subjectLabel}.`);
      return result;
    },
    { schema: ApproveCycle2Schema },
  );
  return (
    <form {...formProps} className="flex flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="courseId" value={courseId} />
      <SignatureFields
        reason={{ field: fields.note, label: `Note (optional, up to ${REASON_MAX.toLocaleString("en-US")} characters)`, maxLength: REASON_MAX }}
        fields={fields}
        meaning={CYCLE2_MEANING}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Signing…" : "Sign go-ahead for cycle 2"}
        </Button>
      </div>
    </form>
  );
}
