import type { Assessment } from "@/lib/generated/prisma/client";
import { formatClock } from "@/lib/format";

type Num = { toString(): string } | number | null;
const n = (v: Num): number | null => (v === null ? null : Number(v.toString()));
const words = (v: string | null) => (v === null ? null : v.replaceAll("-", " "));

function Item({ label, unit, value }: { label: string; unit?: string; value: React.ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-sm text-slate-700">
        {label}
        {unit ? <span> ({unit})</span> : null}
      </dt>
      <dd className="font-semibold">{value === null || value === undefined || value === "" ? <span className="font-normal italic text-slate-600">not recorded</span> : value}</dd>
    </div>
  );
}

/** The pre-dose assessment a decision was made on, every value with its unit; a missing value says so. */
export function AssessmentSummary({
  assessment,
  dosingWeightKg,
  baselineWeightKg,
  timeZone,
  now,
}: {
  assessment: Assessment & { recordedBy: { name: string } };
  dosingWeightKg: number;
  baselineWeightKg: number;
  timeZone: string;
  now: Date;
}) {
  const a = assessment;
  const ml = a.urineOutputMl;
  const hours = n(a.urineOutputHours);
  const perHour = ml !== null && hours ? ml / hours : null;
  const weight = n(a.weightKg);
  const gainPct = weight !== null ? ((weight - baselineWeightKg) / baselineWeightKg) * 100 : null;
  const yesNo = (v: boolean | null) => (v === null ? null : v ? "yes" : "no");
  return (
    <div>
      <p className="mb-2 text-sm text-slate-700">
        Taken at <time dateTime={a.takenAt.toISOString()}>{formatClock(a.takenAt, timeZone, now)}</time>, recorded by {a.recordedBy.name}
        {a.labsAt ? (
          <>
            ; labs drawn at <time dateTime={a.labsAt.toISOString()}>{formatClock(a.labsAt, timeZone, now)}</time>
          </>
        ) : null}
        .
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 lg:grid-cols-4">
        <Item label="Systolic BP" unit="mmHg" value={a.sbpMmHg} />
        <Item label="Heart rate" unit="bpm" value={a.heartRateBpm} />
        <Item label="Rhythm" value={words(a.rhythm)} />
        <Item label="SpO₂" unit="%" value={a.spo2Pct} />
        <Item label="Oxygen" unit="L/min" value={a.oxygenDevice === null ? null : `${words(a.oxygenDevice)}, ${n(a.oxygenLpm) ?? "?"}`} />
        <Item
          label="Urine output"
          unit="mL"
          value={
            ml === null ? null : (
              <>
                {ml} in {hours ?? "?"} h
                {perHour !== null ? (
                  <span className="block text-sm font-normal">
                    {perHour.toFixed(1)} mL/h · {(perHour / dosingWeightKg).toFixed(2)} mL/kg/h (dosing weight {dosingWeightKg} kg)
                  </span>
                ) : null}
              </>
            )
          }
        />
        <Item
          label="Weight"
          unit="kg"
          value={
            weight === null ? null : (
              <>
                {weight}
                {gainPct !== null ? <span className="block text-sm font-normal">{gainPct >= 0 ? "+" : ""}{gainPct.toFixed(1)} % vs baseline {baselineWeightKg} kg</span> : null}
              </>
            )
          }
        />
        <Item label="Mental status" value={a.mentalStatus} />
        <Item label="Phenylephrine" unit="µg/kg/min" value={n(a.phenylephrineMcgKgMin)} />
        <Item label="Phenylephrine peak since last dose" unit="µg/kg/min" value={n(a.phenylephrinePeakMcgKgMin)} />
        <Item label="Other vasopressor running" value={yesNo(a.otherVasopressor)} />
        <Item label="Fluid-refractory hypotension" value={yesNo(a.fluidRefractoryHypotension)} />
        <Item label="Creatinine" unit="mg/dL" value={n(a.creatinineMgDl)} />
        <Item label="Platelets" unit="/µL" value={a.plateletsPerUl?.toLocaleString("en-US") ?? null} />
        <Item label="Bilirubin" unit="mg/dL" value={n(a.bilirubinMgDl)} />
        <Item label="Bicarbonate" unit="mmol/L" value={n(a.bicarbonateMmolL)} />
        <Item label="Temperature" unit="°C" value={n(a.temperatureC)} />
        <Item label="Infection" value={a.infection} />
        <Item label="GI bleeding" value={a.giBleeding} />
        <Item label="Permanent-discontinuation events" value={a.permanentEvents.length ? a.permanentEvents.map(words).join(", ") : "none"} />
      </dl>
    </div>
  );
}
