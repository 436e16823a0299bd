"use client";

import { useState } from "react";
import { acknowledgeDowntimeDoseAction } from "@/lib/actions/acknowledge-downtime-dose";
import type { ActionResult } from "@/lib/actions/result";
import { AcknowledgeDowntimeSchema, REASON_MAX } from "@/lib/schemas/review";
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
export interface DowntimeChoice {
  decision: "acknowledge" | "stop" | "discontinue" | "reassess";
  label: string;
  meaning: string;
}

/**
 * `choices`: what the attending may decide (lib/domain/downtime-stop.ts downtimeDecisionsFor). One "acknowledge"
 * choice is the plain acknowledgement; a paper dose whose rules said STOP offers stop / discontinue (/ reassess).
 */
export function AcknowledgeDowntimeForm({ doseEventId, subjectLabel, choices }: { doseEventId: string; subjectLabel: string; choices: readonly DowntimeChoice[] }) {
  const announce = useAnnounce();
  const plain = choices.length === 1 && choices[0]!.decision === "acknowledge";
  const [chosen, setChosen] = useState<DowntimeChoice | undefined>(plain ? choices[0] : undefined);
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
      {plain ? (
        <>
          <input type="hidden" name="decision" value="acknowledge" />
          <p className="text-sm text-slate-700">
            The dose was already given: acknowledging it records that you have reviewed it against the rules. It allows no dose and changes nothing on the
            course.
          </p>
        </>
      ) : (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 font-semibold">Your decision (required)</legend>
          <p className="text-sm text-slate-700">
            The rules at the time of this dose said stop: no dose can be given until you decide. The dose given stays on the record.
          </p>
          {choices.map((c) => (
            <label key={c.decision} className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-300 bg-white p-3 has-[:checked]:border-blue-700 has-[:checked]:bg-blue-50">
              <input type="radio" name="decision" value={c.decision} onChange={() => setChosen(c)} className="mt-1 size-5" required />
              <span className="font-semibold">{c.label}</span>
            </label>
          ))}
        </fieldset>
      )}
      <TextAreaField
        label={`Note (required, up to ${REASON_MAX.toLocaleString("en-US")} characters): what you made of this deviation`}
        rows={3}
        maxLength={REASON_MAX}
        required
        {...fieldProps(fields.note)}
      />
      <SignatureFields fields={fields} meaning={chosen?.meaning ?? "the meaning of the decision you choose above"} />
      <div>
        <Button type="submit" disabled={pending} variant="primary">
          {pending ? "Signing…" : plain ? "Sign: acknowledge the dose given during downtime" : "Sign your decision on the dose given during downtime"}
        </Button>
      </div>
    </form>
  );
}
