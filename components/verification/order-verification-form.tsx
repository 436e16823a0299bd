"use client";

import Link from "next/link";
import { useActionState } from "react";
import { verifyOrderAction } from "@/lib/actions/verify-order";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { TextAreaField } from "@/components/ui/text-area-field";

/**
 * The pharmacist's own figures: the dosing weight they checked at the source and the dose they computed. The
 * fields start empty on purpose — copying the order's figures would not be a check.
 */
export function OrderVerificationForm({ courseId }: { courseId: string }) {
  const [state, action, pending] = useActionState(verifyOrderAction, null);
  const failed = state && !state.ok ? state : null;
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
    <form action={action} className="flex flex-col gap-4" noValidate>
      {failed ? <Alert tone="error">{failed.message}</Alert> : null}
      <input type="hidden" name="courseId" value={courseId} />
      <Field
        label="Dosing weight you checked"
        unit="kg"
        name="dosingWeightKg"
        inputMode="decimal"
        autoComplete="off"
        required
        hint="From the source record (e.g. the admission scale), not copied from the order."
        defaultValue={failed?.values?.dosingWeightKg ?? ""}
        errors={failed?.fieldErrors?.dosingWeightKg}
      />
      <Field
        label="Dose you computed"
        unit="IU"
        name="doseIu"
        inputMode="numeric"
        autoComplete="off"
        required
        hint="Whole international units; commas are fine, e.g. 49,440,000."
        defaultValue={failed?.values?.doseIu ?? ""}
        errors={failed?.fieldErrors?.doseIu}
      />
      <TextAreaField
        label="Note (optional)"
        name="note"
        maxLength={2000}
        rows={3}
        defaultValue={failed?.values?.note ?? ""}
        errors={failed?.fieldErrors?.note}
      />
      <Button type="submit" disabled={pending}>
        {pending ? "Verifying…" : "Verify order"}
      </Button>
    </form>
  );
}
