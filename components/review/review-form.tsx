"use client";

import { useState } from "react";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import type { ActionResult } from "@/lib/actions/result";
import { REASON_MAX, ReviewHoldSchema } from "@/lib/schemas/review";
import { needsReason, OUTCOME_LABEL, type ReviewOutcome } from "@/lib/domain/review-outcomes";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { FieldErrorText } from "@/components/ui/field-frame";
import { fieldProps, useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { TextAreaField } from "@/components/ui/text-area-field";
import { useAnnounce } from "@/components/review/review-status";

export interface OutcomeChoice {
  outcome: ReviewOutcome;
  /** what choosing it does, in words */
  description: string;
  /** the signature manifestation stored with the review */
  meaning: string;
}

/**
 * The attending's decision on one queue item. Every outcome is signed with the attending's password (and, at the
 * session's first signature, user id), stored with the meaning, name and time; override, discontinue and reassess
 * also need a written reason. Nothing typed is lost on error.
 */
export function ReviewForm({ doseEventId, choices, subjectLabel }: { doseEventId: string; choices: OutcomeChoice[]; subjectLabel: string }) {
  const announce = useAnnounce();
  const { failure, pending, fields, formProps } = useActionForm(
    async (prev: ActionResult<{ reviewId: string }> | null, form: FormData) => {
      const result = await reviewHoldAction(prev, form);
      if (result.ok) {
        const chosen = String(form.get("outcome") ?? "");
        const label = OUTCOME_LABEL[chosen as ReviewOutcome] ?? "Review";
        announce(`${label} signed for ${subjectLabel}. It has left the queue.`);
      }
      return result;
    },
    { schema: ReviewHoldSchema },
  );
  const sent = fields.outcome.initialValue;
  const initial = typeof sent === "string" ? sent : choices.length === 1 ? choices[0]?.outcome : undefined;
  const [outcome, setOutcome] = useState<string | undefined>(initial);
  const signed = outcome !== undefined && needsReason(outcome);
  const meaning = choices.find((c) => c.outcome === outcome)?.meaning;
  return (
    <form {...formProps} className="flex flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="doseEventId" value={doseEventId} />
      <fieldset className="flex flex-col gap-2" aria-describedby={fields.outcome.errors ? fields.outcome.errorId : undefined}>
        <legend className="mb-1 font-semibold">Outcome</legend>
        {choices.map((c) => (
          <label key={c.outcome} className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white p-3 has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50">
            <input
              type="radio"
              name={fields.outcome.name}
              value={c.outcome}
              defaultChecked={initial === c.outcome}
              onChange={() => setOutcome(c.outcome)}
              className="mt-1 size-5"
              required
            />
            <span>
              <span className="font-semibold">{OUTCOME_LABEL[c.outcome]}</span>
              {needsReason(c.outcome) ? <span className="text-sm"> — reason required</span> : null}
              <span className="block text-sm text-slate-700">{c.description}</span>
            </span>
          </label>
        ))}
        <FieldErrorText id={fields.outcome.errorId} errors={fields.outcome.errors} />
      </fieldset>
      <TextAreaField
        label={`Reason (${signed ? "required" : "optional"}, up to ${REASON_MAX.toLocaleString("en-US")} characters)`}
        rows={3}
        maxLength={REASON_MAX}
        required={signed}
        {...fieldProps(fields.reason)}
      />
      <SignatureFields fields={fields} meaning={meaning} hint={meaning ? undefined : "Choose an outcome: your signature is stored with its meaning, your name and the time."} />
      <div>
        <Button type="submit" disabled={pending} variant={signed ? "danger" : "primary"}>
          {pending ? "Signing…" : outcome ? `Sign: ${OUTCOME_LABEL[outcome as ReviewOutcome] ?? "review"}` : "Sign review"}
        </Button>
      </div>
    </form>
  );
}
