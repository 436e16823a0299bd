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

/** Transfer to another unit of the hospital: an open course moves with the patient. */
export function TransferPatientForm({ patient, units }: { patient: { id: string; name: string; unitId: string; hasOpenCourse: boolean }; units: { id: string; name: string }[] }) {
  const f = useActionForm(transferPatientAction, { schema: TransferPatientSchema, defaultValue: { toUnitId: "" } });
  const done = f.state?.ok ? f.state.data : null;
  return (
    <form {...f.formProps} aria-label={`Transfer ${patient.name}`} className="flex flex-col gap-3">
      {done ? <Alert tone="success">Transferred to {done.unitName}.</Alert> : null}
      <input type="hidden" name="patientId" value={patient.id} />
      <Select
        label="Transfer to unit"
        options={units.filter((u) => u.id !== patient.unitId).map((u) => ({ value: u.id, label: u.name }))}
        placeholder="Choose the unit"
        hint={patient.hasOpenCourse ? "The open IL-2 course moves with the patient to the new unit's board." : undefined}
        required
        {...fieldProps(f.fields.toUnitId)}
      />
      <Field label="Transfer note (optional)" maxLength={500} {...fieldProps(f.fields.note)} />
      <ErrorSummary {...f.summary} />
      <div>
        <Button type="submit" variant="secondary" disabled={f.pending}>
          Transfer patient
        </Button>
      </div>
    </form>
  );
}

/** Discharge: refused while a course is open; the record stays. */
export function DischargePatientForm({ patient }: { patient: { id: string; name: string } }) {
  const f = useActionForm(dischargePatientAction, { schema: DischargePatientSchema });
  return (
    <form {...f.formProps} aria-label={`Discharge ${patient.name}`} className="flex flex-col gap-3">
      <input type="hidden" name="patientId" value={patient.id} />
      <Field label="Discharge note (optional)" maxLength={500} {...fieldProps(f.fields.note)} />
      <ErrorSummary {...f.summary} />
      <div>
        <Button type="submit" variant="danger" disabled={f.pending}>
          Discharge patient
        </Button>
      </div>
    </form>
  );
}
