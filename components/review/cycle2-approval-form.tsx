"use client";

import { useActionState, useId } from "react";
import { approveCycle2Action } from "@/lib/actions/approve-cycle-2";
import type { ActionResult } from "@/lib/actions/result";
import { CYCLE2_MEANING, REASON_MAX } from "@/lib/schemas/review";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";
import { useAnnounce } from "@/components/review/review-status";

/** The signed go-ahead for cycle 2 of a monotherapy course: an optional note and the attending's password. */
export function Cycle2ApprovalForm({ courseId, subjectLabel }: { courseId: string; subjectLabel: string }) {
  const announce = useAnnounce();
  const [state, action, pending] = useActionState(async (prev: ActionResult<{ courseId: string }> | null, form: FormData) => {
    const result = await approveCycle2Action(prev, form);
    if (result.ok) announce(`Go-ahead for cycle 2 signed for ${subjectLabel}.`);
    return result;
  }, null);
  const failed = state && !state.ok ? state : null;
  const errors = failed?.fieldErrors ?? {};
  const id = useId();
  const noteId = `${id}-note`;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {failed ? <Alert tone="error">{failed.message}</Alert> : null}
      <input type="hidden" name="courseId" value={courseId} />
      <TextAreaField id={noteId} label={`Note (optional, up to ${REASON_MAX.toLocaleString("en-US")} characters)`} name="note" rows={2} maxLength={REASON_MAX} defaultValue={failed?.values?.note ?? ""} errors={errors.note} />
      <Field
        id={`${id}-password`}
        label="Your password, to sign"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        hint={`Your signature means: “${CYCLE2_MEANING}”. It is stored with your name and the time.`}
        errors={errors.password}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Signing…" : "Sign go-ahead for cycle 2"}
        </Button>
      </div>
    </form>
  );
}
