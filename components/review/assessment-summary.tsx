import type { AssessmentView } from "@/lib/views/assessment";
import { ASSESSMENT_FIELD_REGISTRY, displayValue, type AssessmentFieldDef } from "@/lib/domain/assessment-fields";
import { formatClock } from "@/lib/format";

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

/** Read together with another field's item, not on its own: the hours the urine output was collected over. */
const SHOWN_WITH: Partial<Record<AssessmentFieldDef["name"], AssessmentFieldDef["name"]>> = { urineOutputHours: "urineOutputMl" };

/**
 * The pre-dose assessment a decision was made on: every field of the registry with its label and unit, as the
 * engine was sent it; a value not recorded says so.
 */
export function AssessmentSummary({
  assessment,
  dosingWeightKg,
  baselineWeightKg,
  timeZone,
  now,
}: {
  assessment: AssessmentView;
  dosingWeightKg: number;
  baselineWeightKg: number;
  timeZone: string;
  now: Date;
}) {
  const a = assessment;
  const num = (name: AssessmentFieldDef["name"]) => (typeof a.values[name] === "number" ? (a.values[name] as number) : null);
  const ml = num("urineOutputMl");
  const hours = num("urineOutputHours");
  const perHour = ml !== null && hours ? ml / hours : null;
  const weight = num("weightKg");
  const gainPct = weight !== null ? ((weight - baselineWeightKg) / baselineWeightKg) * 100 : null;
  // what a value adds beside it: the collection hours and the rate per dosing weight, the gain over baseline
  const extra = (f: AssessmentFieldDef): React.ReactNode => {
    if (f.name === "urineOutputMl") {
      return (
        <>
          {" "}in {hours ?? "?"} h
          {perHour !== null ? (
            <span className="block text-sm font-normal">
              {perHour.toFixed(1)} mL/h · {(perHour / dosingWeightKg).toFixed(2)} mL/kg/h (dosing weight {dosingWeightKg} kg)
            </span>
          ) : null}
        </>
      );
    }
    if (f.name === "weightKg" && gainPct !== null) {
      return <span className="block text-sm font-normal">{gainPct >= 0 ? "+" : ""}{gainPct.toFixed(1)} % vs baseline {baselineWeightKg} kg</span>;
    }
    return null;
  };
  return (
    <div>
      <p className="mb-2 text-sm text-slate-700">
        Taken at <time dateTime={a.takenAt.toISOString()}>{formatClock(a.takenAt, timeZone, now)}</time>, recorded by {a.recordedByName}
        {a.labsAt ? (
          <>
            ; labs drawn at <time dateTime={a.labsAt.toISOString()}>{formatClock(a.labsAt, timeZone, now)}</time>
          </>
        ) : null}
        .
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-3 lg:grid-cols-4">
        {ASSESSMENT_FIELD_REGISTRY.filter((f) => f.kind !== "time" && !SHOWN_WITH[f.name]).map((f) => {
          const v = a.values[f.name];
          return (
            <Item
              key={f.name}
              label={f.label}
              unit={f.unit}
              value={
                v === undefined ? null : (
                  <>
                    {displayValue(f, v)}
                    {extra(f)}
                  </>
                )
              }
            />
          );
        })}
      </dl>
    </div>
  );
}
