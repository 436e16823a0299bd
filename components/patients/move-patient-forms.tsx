"use client";

import { transferPatientAction } from "@/lib/actions/transfer-patient";
import { dischargePatientAction } from "@/lib/actions/discharge-patient";
import { markDischargeInErrorAction } from "@/lib/actions/mark-discharge-in-error";
import { DischargePatientSchema, MarkDischargeInErrorSchema, TransferPatientSchema } from "@/lib/schemas/patient";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/text-area-field";
import { ConfirmStep } from "@/components/admin/confirm-step";
import { Alert } from "@/components/ui/alert";
import { ErrorSummary } from "@/components/ui/error-summary";
import { fieldProps, useActionForm } from "@/components/ui/form";
import { useEffect, useRef, useState } from "react";

// A transfer off the user's units removes the patient's row, and a discharge its forms, in the same render that
// brings the answer: the forms' own success message would never be seen. They tell the page's notice instead.
const MOVED = "bolus:patient-moved";
const announce = (text: string) => window.dispatchEvent(new CustomEvent(MOVED, { detail: text }));

/** The page's answer to the last transfer or discharge: stays on screen and takes the focus. */
export function MovementNotice() {
  const [text, setText] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const on = (e: Event) => setText((e as CustomEvent<string>).detail);
    window.addEventListener(MOVED, on);
    return () => window.removeEventListener(MOVED, on);
  }, []);
  useEffect(() => {
    if (text) ref.current?.focus();
  }, [text]);
  if (!text) return null;
  return (
    <div ref={ref} tabIndex={-1} className="mb-4 max-w-3xl outline-none" data-testid="movement-notice">
      <Alert tone="success">{text}</Alert>
    </div>
  );
}

/** Transfer to another unit of the hospital: an open course moves with the patient. */
export function TransferPatientForm({
  patient,
  units,
  ownUnitIds,
}: {
  patient: { id: string; name: string; unitId: string; hasOpenCourse: boolean };
  units: { id: string; name: string }[];
  /** the user's units: a transfer elsewhere takes the patient off their list */
  ownUnitIds: string[];
}) {
  const f = useActionForm(
    async (prev: Parameters<typeof transferPatientAction>[0], form: FormData) => {
      const answer = await transferPatientAction(prev, form);
      if (answer.ok) {
        const left = !ownUnitIds.includes(String(form.get("toUnitId")));
        announce(
          `${patient.name} transferred to ${answer.data.unitName}${patient.hasOpenCourse ? ", with the open IL-2 course (now on that unit's board)" : ""}.` +
            (left ? " That unit is not one of yours, so the patient is no longer on your list." : ""),
        );
      }
      return answer;
    },
    { schema: TransferPatientSchema, defaultValue: { toUnitId: "" } },
  );
  return (
    <form {...f.formProps} aria-label={`Transfer ${patient.name}`} className="flex flex-col gap-3">
      <h3 className="font-semibold">Transfer to another unit</h3>
      <input type="hidden" name="patientId" value={patient.id} />
      <Select
        label="Transfer to unit"
        options={units.filter((u) => u.id !== patient.unitId).map((u) => ({ value: u.id, label: u.name }))}
        placeholder="Choose the unit"
        hint={patient.hasOpenCourse ? "The open IL-2 course moves with the patient to the new unit's board." : undefined}
        requiredMark
        {...fieldProps(f.fields.toUnitId)}
      />
      <Field label="Transfer note (optional)" maxLength={500} {...fieldProps(f.fields.note)} />
      <ErrorSummary {...f.summary} title="Not transferred: correct these entries" />
      <div>
        <Button type="submit" variant="secondary" disabled={f.pending}>
          Transfer patient
        </Button>
      </div>
    </form>
  );
}

/**
 * Discharge: refused while a course is open; the record stays. A two-step button (like deactivate and reset) asks
 * first, naming the patient and MRN and what a discharge does (decision 056).
 */
export function DischargePatientForm({ patient }: { patient: { id: string; name: string; mrn: string; hasOpenCourse: boolean } }) {
  const f = useActionForm(
    async (prev: Parameters<typeof dischargePatientAction>[0], form: FormData) => {
      const answer = await dischargePatientAction(prev, form);
      if (answer.ok) announce(`${patient.name} discharged. The record stays on the list, marked discharged.`);
      return answer;
    },
    { schema: DischargePatientSchema },
  );
  return (
    <form {...f.formProps} aria-label={`Discharge ${patient.name}`} className="flex flex-col gap-3">
      <h3 className="font-semibold">Discharge</h3>
      <input type="hidden" name="patientId" value={patient.id} />
      {patient.hasOpenCourse ? (
        <p className="text-sm text-slate-800">An open IL-2 course must be closed first (completed, stopped or discontinued); the record stays.</p>
      ) : (
        <p className="text-sm text-slate-800">The patient leaves the board and the order form; the record stays.</p>
      )}
      <Field label="Discharge note (optional)" maxLength={500} {...fieldProps(f.fields.note)} />
      <ErrorSummary {...f.summary} title="Not discharged: correct these entries" />
      <div>
        <ConfirmStep
          label="Discharge"
          accessibleLabel={`Discharge ${patient.name}`}
          question={`Discharge ${patient.name}, MRN ${patient.mrn}?`}
          consequence={`${patient.name} leaves the unit's board and the order form, and no IL-2 course can be ordered until the discharge is marked in error. The record stays on the patient list, marked discharged.`}
          confirmLabel={`Yes, discharge ${patient.name}`}
          variant="danger"
          pending={f.pending}
          answer={f.state}
        />
      </div>
    </form>
  );
}

/**
 * A discharge recorded in error (decision 056): the reason, then a two-step button. A row of its own: the discharge
 * stays on record, the stay is re-opened and the patient is back on the board.
 */
export function DischargeInErrorForm({ patient }: { patient: { id: string; name: string; mrn: string; dischargedAt: string } }) {
  const f = useActionForm(
    async (prev: Parameters<typeof markDischargeInErrorAction>[0], form: FormData) => {
      const answer = await markDischargeInErrorAction(prev, form);
      if (answer.ok) announce(`${patient.name}'s discharge is marked in error: the patient is admitted again and back on the board.`);
      return answer;
    },
    { schema: MarkDischargeInErrorSchema },
  );
  return (
    <form {...f.formProps} aria-label={`Mark the discharge of ${patient.name} in error`} className="flex flex-col gap-3">
      <h3 className="font-semibold">Discharged in error</h3>
      <input type="hidden" name="patientId" value={patient.id} />
      <p className="text-sm text-slate-800">
        If {patient.name} was discharged by mistake ({patient.dischargedAt}), mark the discharge in error: the patient is admitted again on the same unit. The discharge stays on record with your reason.
      </p>
      <TextAreaField label="Why the discharge was recorded in error" requiredMark maxLength={500} rows={2} {...fieldProps(f.fields.reason)} />
      <ErrorSummary {...f.summary} title="Not marked in error: correct these entries" />
      <div>
        <ConfirmStep
          label="Mark discharge in error"
          accessibleLabel={`Mark discharge in error: ${patient.name}`}
          question={`Mark the discharge of ${patient.name}, MRN ${patient.mrn}, in error?`}
          consequence={`${patient.name} is admitted again on the same unit and comes back to the board and the order form. The discharge stays on record, marked in error with your reason and name.`}
          confirmLabel={`Yes, ${patient.name} was discharged in error`}
          pending={f.pending}
          answer={f.state}
        />
      </div>
    </form>
  );
}
