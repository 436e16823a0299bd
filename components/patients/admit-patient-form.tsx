"use client";

import Link from "next/link";
import { admitPatientAction } from "@/lib/actions/admit-patient";
import { AdmitPatientSchema } from "@/lib/schemas/patient";
import { ADMINISTRATIVE_GENDERS, GENDER_LABEL } from "@/lib/domain/admission";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { ErrorSummary } from "@/components/ui/error-summary";
import { fieldProps, useActionForm } from "@/components/ui/form";

/** Admission to one of the user's units: what a FHIR Patient needs (MRN as identifier, name, birth date, gender). */
export function AdmitPatientForm({ units, canOrder }: { units: { id: string; name: string }[]; canOrder: boolean }) {
  const f = useActionForm(admitPatientAction, { schema: AdmitPatientSchema, defaultValue: { unitId: units.length === 1 ? units[0]!.id : "", gender: "" } });
  const done = f.state?.ok ? f.state.data : null;
  return (
    <form {...f.formProps} aria-label="Admit a patient" className="flex max-w-3xl flex-col gap-4">
      {done ? (
        <Alert tone="success">
          {done.name} admitted to {done.unitName}.{" "}
          {canOrder ? (
            <Link href={`/courses/new?patientId=${done.patientId}`} className="font-semibold underline">
              Order an IL-2 course for {done.name}
            </Link>
          ) : null}
        </Alert>
      ) : null}
      <Select label="Unit" options={units.map((u) => ({ value: u.id, label: u.name }))} placeholder="Choose the unit" requiredMark {...fieldProps(f.fields.unitId)} />
      <Field label="MRN" hint="The hospital's medical record number; Bolus holds one patient per MRN" autoComplete="off" requiredMark {...fieldProps(f.fields.mrn)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Family name" autoComplete="off" requiredMark {...fieldProps(f.fields.familyName)} />
        <Field label="Given name" autoComplete="off" requiredMark {...fieldProps(f.fields.givenName)} />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        {/* typed as year-month-day, never in the browser's own order (a US browser shows mm/dd/yyyy) */}
        <Field label="Birth date" hint="Year-month-day, for example 1971-03-09" placeholder="YYYY-MM-DD" inputMode="numeric" autoComplete="off" maxLength={10} requiredMark {...fieldProps(f.fields.birthDate)} />
        <Select
          label="Administrative gender"
          options={ADMINISTRATIVE_GENDERS.map((g) => ({ value: g, label: GENDER_LABEL[g] }))}
          placeholder="Choose the gender"
          hint="As recorded by the hospital's registration"
          requiredMark
          {...fieldProps(f.fields.gender)}
        />
      </div>
      <ErrorSummary {...f.summary} title="Not admitted: correct these entries" />
      <div>
        <Button type="submit" disabled={f.pending}>
          Admit patient
        </Button>
      </div>
    </form>
  );
}
