"use client";

import { useActionState, useMemo, useState } from "react";
import { orderCourseAction } from "@/lib/actions/order-course";
import { computeDose, defaultRuleSetFor, type DoseAmount, type Protocol } from "@/lib/rules";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { DoseFigures } from "@/components/course/dose-figures";

export function OrderCourseForm({ patients, defaultAnchor, timeZone }: { patients: { id: string; label: string }[]; defaultAnchor: string; timeZone: string }) {
  const [state, action, pending] = useActionState(orderCourseAction, null);
  const failed = state && !state.ok ? state : null;
  const v = failed?.values ?? {};
  const [protocol, setProtocol] = useState(v.protocol ?? "til-adjunct");
  const [weight, setWeight] = useState(v.dosingWeightKg ?? "");

  // Dose per kg, arithmetic and the default SBP target come from the rule set that will be recorded on the course.
  const ruleSet = defaultRuleSetFor(protocol as Protocol);
  const iuPerKg = ruleSet.arithmetic.doseIuPerKg.value;
  const sbpLimit = ruleSet.criteria.find((c) => c.id === "sbp-low")?.thresholds[0]?.condition;
  const defaultTargetSbp = sbpLimit?.kind === "compare" && typeof sbpLimit.limit === "object" ? sbpLimit.limit.default : 90;
  const dose: DoseAmount | null = useMemo(() => {
    const kg = Number(weight);
    if (!weight || !Number.isFinite(kg) || kg < 1 || kg > 400) return null;
    return computeDose(kg, iuPerKg, ruleSet.arithmetic);
  }, [weight, iuPerKg, ruleSet]);

  const errors = failed?.fieldErrors ?? {};
  return (
    <form action={action} className="flex max-w-2xl flex-col gap-5" noValidate>
      {failed ? <Alert tone="error">{failed.message}</Alert> : null}
      <Select label="Patient" name="patientId" options={patients.map((p) => ({ value: p.id, label: p.label }))} placeholder="Choose a patient" defaultValue={v.patientId ?? ""} errors={errors.patientId} required />
      <fieldset className="flex flex-col gap-2">
        <legend className="font-medium">Protocol</legend>
        {[
          { value: "til-adjunct", label: "TIL-adjunct (after lifileucel): up to 6 doses, stricter hold parameters" },
          { value: "monotherapy", label: "Monotherapy: up to 14 doses per cycle, two cycles" },
        ].map((o) => (
          <label key={o.value} className="flex min-h-11 items-center gap-3">
            <input type="radio" name="protocol" value={o.value} checked={protocol === o.value} onChange={() => setProtocol(o.value)} className="h-5 w-5" />
            {o.label}
          </label>
        ))}
        {errors.protocol ? <p className="text-sm font-medium text-red-800">⚠ {errors.protocol.join(" ")}</p> : null}
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Dosing weight" unit="kg" name="dosingWeightKg" inputMode="decimal" value={weight} onChange={(e) => setWeight(e.target.value)} errors={errors.dosingWeightKg} hint="Locked for the course; verified by a pharmacist" required />
        <Field label="Baseline weight" unit="kg" name="baselineWeightKg" inputMode="decimal" defaultValue={v.baselineWeightKg ?? ""} errors={errors.baselineWeightKg} hint="Pre-treatment weight, for weight gain" required />
      </div>
      <Field
        label={protocol === "til-adjunct" ? "End of the TIL cell infusion" : "Cycle 1, day 1: first dose"}
        name="anchorAt"
        type="datetime-local"
        defaultValue={v.anchorAt ?? defaultAnchor}
        errors={errors.anchorAt}
        hint={`Unit time (${timeZone})`}
        required
      />
      {protocol === "til-adjunct" ? (
        <Field label="Admission systolic BP target" unit="mmHg" name="targetSbpMmHg" inputMode="numeric" defaultValue={v.targetSbpMmHg ?? String(defaultTargetSbp)} errors={errors.targetSbpMmHg} hint={`Hold when SBP is below this (rule set default ${defaultTargetSbp})`} />
      ) : null}
      <section aria-labelledby="dose-preview" className="rounded-lg border border-slate-300 bg-white p-4" aria-live="polite">
        <h2 id="dose-preview" className="mb-2 font-semibold">
          Computed dose at {iuPerKg.toLocaleString("en-US")} IU/kg ({ruleSet.id} v{ruleSet.version})
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
