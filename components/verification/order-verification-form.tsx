"use client";

import Link from "next/link";
import { verifyOrderAction } from "@/lib/actions/verify-order";
import { VerifyOrderSchema } from "@/lib/schemas/verification";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { fieldProps, useActionForm } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { VERIFY_ORDER_MEANING } from "@/lib/domain/signature";
import { TextAreaField } from "@/components/ui/text-area-field";

/**
 * The pharmacist's own figures: the dosing weight they checked at the source and the dose they computed. The
 * fields start empty on purpose — copying the order's figures would not be a check.
 */
export function OrderVerificationForm({ courseId }: { courseId: string }) {
  const { state, failure, pending, fields, formProps } = useActionForm(verifyOrderAction, { schema: VerifyOrderSchema });
  if (state?.ok) {
    return (
      <div className="flex flex-col gap-3">
        <Alert tone="success">Order verified. The course is active: doses may now be recorded.</Alert>
        <Link href="/verifications" className="font-medium text-blue-800 underline">
          Back to verifications
        </Link>
      </div>
    );
  }
  return (
    <form {...formProps} className="flex flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <input type="hidden" name="courseId" value={courseId} />
      <Field
        label="Dosing weight you checked"
        unit="kg"
        inputMode="decimal"
        autoComplete="off"
        required
        hint="From the source record (e.g. the admission scale), not copied from the order."
        {...fieldProps(fields.dosingWeightKg)}
      />
      <Field
        label="Dose you computed"
        unit="IU"
        inputMode="numeric"
        autoComplete="off"
        required
        hint="Whole international units; commas are fine, e.g. 49,440,000."
        {...fieldProps(fields.doseIu)}
      />
      <TextAreaField
        label="Note (optional)"
        maxLength={2000}
        rows={3}
        {...fieldProps(fields.note)}
      />
      <SignatureFields fields={fields} meaning={VERIFY_ORDER_MEANING} />
      <Button type="submit" disabled={pending}>
        {pending ? "Verifying…" : "Verify order"}
      </Button>
    </form>
  );
}
