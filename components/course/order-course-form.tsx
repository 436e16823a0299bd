"use client";

import { useMemo, useState } from "react";
import { orderCourseAction } from "@/lib/actions/order-course";
import { computeDose, type DoseAmount, type Protocol } from "@/lib/rules";
import { defaultDoseIuPerKg, doseIuPerKgOptions, ruleSetForNewCourse, targetSbpBounds } from "@/lib/domain/course-order";
import { OrderCourseSchema } from "@/lib/schemas/course";
import { Field } from "@/components/ui/field";
import { FieldErrorText } from "@/components/ui/field-frame";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { controlledFieldProps, fieldProps, useActionForm } from "@/components/ui/form";
import { DoseFigures } from "@/components/course/dose-figures";

export function OrderCourseForm({ patients, defaultAnchor, timeZone, patientId }: { patients: { id: string; label: string }[]; defaultAnchor: string; timeZone: string; patientId?: string }) {
  const { failure, pending, fields, formProps } = useActionForm(orderCourseAction, { schema: OrderCourseSchema, defaultValue: { anchorAt: defaultAnchor, patientId: patientId ?? "" } });
  // a page drawn by the server after a refusal (no JavaScript) starts from what was sent
  const v = failure?.values ?? {};
  const [protocol, setProtocol] = useState<Protocol>(v.protocol === "monotherapy" ? "monotherapy" : "til-adjunct");
  const [weight, setWeight] = useState(v.dosingWeightKg ?? "");

  // The course records the latest rule-set version for its protocol: dose per kg choices and arithmetic come from it.
  const ruleSet = ruleSetForNewCourse(protocol);
  const options = doseIuPerKgOptions(ruleSet);
  const defaultIuPerKg = defaultDoseIuPerKg(ruleSet);
  const [chosenIuPerKg, setChosenIuPerKg] = useState(v.doseIuPerKg ?? String(defaultIuPerKg));
  const iuPerKg = options.find((o) => String(o.value) === chosenIuPerKg)?.value ?? defaultIuPerKg;
  const sbp = targetSbpBounds();
  const dose: DoseAmount | null = useMemo(() => {
    const kg = Number(weight);
    if (!weight || !Number.isFinite(kg) || kg < 1 || kg > 400) return null;
    return computeDose(kg, iuPerKg, ruleSet.arithmetic);
  }, [weight, iuPerKg, ruleSet]);

  return (
    <form {...formProps} className="flex max-w-2xl flex-col gap-5">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      <Select label="Patient" options={patients.map((p) => ({ value: p.id, label: p.label }))} placeholder="Choose a patient" required {...fieldProps(fields.patientId)} />
      <fieldset className="flex flex-col gap-2" aria-invalid={fields.protocol.errors ? true : undefined} aria-describedby={fields.protocol.errors ? fields.protocol.errorId : undefined}>
        <legend className="font-medium">Protocol</legend>
        {[
          { value: "til-adjunct" as const, label: "TIL-adjunct (after lifileucel): up to 6 doses, stricter hold parameters" },
          { value: "monotherapy" as const, label: "Monotherapy: up to 14 doses per cycle, two cycles" },
        ].map((o) => (
          <label key={o.value} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name={fields.protocol.name}
              value={o.value}
              checked={protocol === o.value}
              onChange={() => {
                setProtocol(o.value);
                setChosenIuPerKg(String(defaultDoseIuPerKg(ruleSetForNewCourse(o.value))));
              }}
              className="h-5 w-5"
            />
            {o.label}
          </label>
        ))}
        <FieldErrorText id={fields.protocol.errorId} errors={fields.protocol.errors} />
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Dosing weight" unit="kg" inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} hint="Locked for the course; verified by a pharmacist" required {...controlledFieldProps(fields.dosingWeightKg)} />
        <Field label="Baseline weight" unit="kg" inputMode="decimal" hint="Pre-treatment weight, for weight gain" required {...fieldProps(fields.baselineWeightKg)} />
      </div>
      <Select
        key={`dose-${protocol}`}
        label="Dose per kg"
        options={options.map((o) => ({ value: String(o.value), label: o.value === defaultIuPerKg ? `${o.label} — rule-set default` : o.label }))}
        value={chosenIuPerKg}
        onChange={(e) => setChosenIuPerKg(e.target.value)}
        hint={`Only the values rule set ${ruleSet.id} version ${ruleSet.version} lists. A dose other than the default is flagged for the attending at every decision.`}
        required
        {...controlledFieldProps(fields.doseIuPerKg)}
      />
      <Field
        label={protocol === "til-adjunct" ? "End of the TIL cell infusion" : "Cycle 1, day 1: first dose"}
        type="datetime-local"
        hint={`Unit time (${timeZone})`}
        required
        {...fieldProps(fields.anchorAt)}
      />
      {protocol === "til-adjunct" ? (
        <Field
          key="target-sbp"
          label="Admission systolic BP target"
          unit="mmHg"
          inputMode="numeric"
          hint={`Required, no default: a dose is held when SBP is below this patient's own admission target. Whole mmHg, ${sbp.min}–${sbp.max}.`}
          required
          {...fieldProps(fields.targetSbpMmHg)}
        />
      ) : null}
      <section aria-labelledby="dose-preview" className="rounded-lg border border-slate-300 bg-white p-4" aria-live="polite">
        <h2 id="dose-preview" className="mb-2 font-semibold">
          Computed dose at {iuPerKg.toLocaleString("en-US")} IU/kg (rule set {ruleSet.id} version {ruleSet.version})
        </h2>
        {dose ? <DoseFigures dose={dose} showSteps /> : <p className="text-slate-700">Enter the dosing weight to see the dose.</p>}
      </section>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Ordering…" : "Order course"}
        </Button>
      </div>
    </form>
  );
}
