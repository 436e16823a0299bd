"use client";

import { useEffect, useRef } from "react";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { controlledFieldProps, fieldProps, type FormField } from "@/components/ui/form";
import { SIGNATURE_PASSWORD_ATTRIBUTES, SIGNATURE_USER_ID_ATTRIBUTES } from "@/components/ui/signature-fields";
import { WITNESS_FIELDS, WITNESS_MEANING } from "@/lib/domain/signature";

/**
 * The blind double-check (docs/decisions/055): the second clinician checks the prepared syringe and label and types
 * the dose and volume THEY read into empty fields — the recorder's figures are not on screen while this step is
 * open — then signs with their own user id and password (always both: it is not their session).
 */
export function WitnessStep({ fields, witnesses, onCancel }: { fields: object; witnesses: { id: string; name: string }[]; onCancel: () => void }) {
  const f = fields as Record<string, FormField>;
  const field = (name: string) => f[name]!;
  const ref = useRef<HTMLFieldSetElement>(null);
  // the step opens on its first field: the witness takes the screen from there
  useEffect(() => ref.current?.querySelector<HTMLElement>("select, input")?.focus(), []);
  return (
    <fieldset ref={ref} className="flex flex-col gap-4 rounded-md border-2 border-blue-800 bg-white p-4">
      <legend className="px-1 text-lg font-semibold">Witness: independent double-check</legend>
      <p className="text-slate-800">
        The dose is not shown while the witness checks. Witness: read the syringe and its label yourself and write the dose and volume you find, then sign with
        your own user id and password. Your signature means: “{WITNESS_MEANING}”.
      </p>
      <Select label="Witness" options={witnesses.map((w) => ({ value: w.id, label: w.name }))} placeholder="Choose the witness" required {...fieldProps(field("witnessId"))} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Dose you checked" unit="IU" inputMode="numeric" autoComplete="off" required {...fieldProps(field(WITNESS_FIELDS.doseIu))} />
        <Field label="Volume you checked" unit="mL" inputMode="decimal" autoComplete="off" required hint="Reconstituted drug, 2 decimals" {...fieldProps(field(WITNESS_FIELDS.doseMl))} />
        <Field label="Witness's user id (e-mail)" type="text" inputMode="email" required {...SIGNATURE_USER_ID_ATTRIBUTES} {...fieldProps(field(WITNESS_FIELDS.userId))} />
        <Field label="Witness's password, to sign" type="password" required {...SIGNATURE_PASSWORD_ATTRIBUTES} {...controlledFieldProps(field(WITNESS_FIELDS.password))} />
      </div>
      <div>
        <button type="button" onClick={onCancel} className="min-h-11 text-blue-800 underline">
          Record without a witness
        </button>
      </div>
    </fieldset>
  );
}
