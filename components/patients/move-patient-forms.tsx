"use client";

import { transferPatientAction } from "@/lib/actions/transfer-patient";
import { dischargePatientAction } from "@/lib/actions/discharge-patient";
import { DischargePatientSchema, TransferPatientSchema } from "@/lib/schemas/patient";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
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

/** Discharge: refused while a course is open; the record stays. */
export function DischargePatientForm({ patient }: { patient: { id: string; name: string; hasOpenCourse: boolean } }) {
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
        <Button type="submit" variant="danger" disabled={f.pending}>
          Discharge patient
        </Button>
      </div>
    </form>
  );
}
