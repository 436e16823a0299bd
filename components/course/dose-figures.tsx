import type { DoseAmount } from "@/lib/rules";

/** The dose in every unit a nurse, pharmacist or attending checks, with the arithmetic written out. */
export function DoseFigures({ dose, showSteps = false }: { dose: DoseAmount; showSteps?: boolean }) {
  const items = [
    { label: "Dose", value: `${dose.doseIu.toLocaleString("en-US")} IU`, step: dose.steps.doseIu },
    { label: "", value: `${dose.doseMiu.toLocaleString("en-US", { maximumFractionDigits: 2 })} MIU`, step: null },
    { label: "Mass", value: `${dose.doseMg.toFixed(2)} mg`, step: dose.steps.doseMg },
    { label: "Volume", value: `${dose.doseMl.toFixed(2)} mL`, step: dose.steps.doseMl },
    { label: "Vials", value: `${dose.vials}`, step: dose.steps.vials },
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-5">
      {items.map((i) => (
        <div key={i.value}>
          <dt className="text-sm text-slate-600">{i.label || "In MIU"}</dt>
          <dd className="text-lg font-bold">{i.value}</dd>
          {showSteps && i.step ? <dd className="font-mono text-xs text-slate-700">{i.step}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
