import type { OrderVerificationView } from "@/lib/views/verification";
import { formatClock, formatIu, protocolLabel } from "@/lib/format";
import { SourceRef, ConfidenceTag } from "@/components/decision/findings-list";
import { DosePreparationFigures } from "@/components/verification/dose-preparation";

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col">
      <dt className="text-sm text-slate-700">{label}</dt>
      <dd className="font-semibold">{children}</dd>
    </div>
  );
}

/**
 * The order as written, the engine's dose arithmetic with every step shown, and how the dose is prepared and given
 * (D5W bag, final concentration, administration facts; protocols.md §1).
 */
export function OrderFigures({ view, now }: { view: OrderVerificationView; now: Date }) {
  const { course, ruleSet, dose, preparation } = view;
  const tz = course.patient.unit.timeZone;
  const anchor = course.protocol === "til_adjunct" ? course.tilInfusionEndAt : course.startAt;
  const a = ruleSet?.arithmetic;
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="order-heading">
        <h2 id="order-heading" className="mb-2 text-lg font-semibold">
          The order
        </h2>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-2">
          <Item label="Patient">
            {course.patient.familyName}, {course.patient.givenName}
            <span className="block text-sm font-normal">MRN {course.patient.mrn} · {course.patient.unit.name}</span>
          </Item>
          <Item label="Protocol">{protocolLabel(course.protocol)}</Item>
          <Item label="Rule set">
            <span className="font-mono">
              {course.ruleSetId} {course.ruleSetVersion}
            </span>
            {ruleSet ? <span className="block text-sm font-normal">{ruleSet.title}</span> : <span className="block text-sm text-red-800">⚠ not available</span>}
          </Item>
          <Item label={course.protocol === "til_adjunct" ? "End of the TIL cell infusion" : "Cycle 1 day 1, first dose"}>
            {anchor ? <time dateTime={anchor.toISOString()}>{formatClock(anchor, tz, now)}</time> : "not recorded"}
          </Item>
          <Item label="Dosing weight (kg)">{course.dosingWeightKg.toString()} kg</Item>
          <Item label="Baseline weight (kg)">{course.baselineWeightKg.toString()} kg</Item>
          <Item label="Dose per kilogram (IU/kg)">
            {course.doseIuPerKg.toLocaleString("en-US")} IU/kg
            {preparation?.iuPerKgDiffersFromRuleSet ? (
              <span className="block text-sm font-semibold text-red-900">
                <span aria-hidden="true">⚠ </span>not the rule set&apos;s default ({preparation.ruleSetDoseIuPerKg.toLocaleString("en-US")} IU/kg)
              </span>
            ) : null}
          </Item>
          <Item label="Ordered by">
            {course.orderedBy.name}
            <span className="block text-sm font-normal">
              at <time dateTime={course.orderedAt.toISOString()}>{formatClock(course.orderedAt, tz, now)}</time>
            </span>
          </Item>
        </dl>
      </section>

      <section aria-labelledby="arithmetic-heading">
        <h2 id="arithmetic-heading" className="mb-2 text-lg font-semibold">
          The engine&apos;s arithmetic
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">The dose computed from the dosing weight, with each step</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">Quantity</th>
                <th scope="col" className="px-3 py-2">Engine</th>
                <th scope="col" className="px-3 py-2">How</th>
              </tr>
            </thead>
            <tbody>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">Dose (IU)</th>
                <td className="px-3 py-2 font-semibold">{formatIu(dose.doseIu)}</td>
                <td className="px-3 py-2 font-mono text-sm">{dose.steps.doseIu}</td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">Dose (MIU)</th>
                <td className="px-3 py-2 font-semibold">{dose.doseMiu.toLocaleString("en-US", { maximumFractionDigits: 6 })} MIU</td>
                <td className="px-3 py-2 font-mono text-sm">
                  {dose.doseIu.toLocaleString("en-US")} IU ÷ 1,000,000
                </td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">Dose (mg)</th>
                <td className="px-3 py-2 font-semibold">{dose.doseMg.toFixed(a?.displayDecimals ?? 2)} mg</td>
                <td className="px-3 py-2 font-mono text-sm">{dose.steps.doseMg}</td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">Volume of reconstituted drug (mL)</th>
                <td className="px-3 py-2 font-semibold">{dose.doseMl.toFixed(a?.displayDecimals ?? 2)} mL</td>
                <td className="px-3 py-2 font-mono text-sm">{dose.steps.doseMl}</td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">Vials</th>
                <td className="px-3 py-2 font-semibold">{dose.vials}</td>
                <td className="px-3 py-2 font-mono text-sm">{dose.steps.vials}</td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">D5W diluent (mL)</th>
                <td className="px-3 py-2 font-semibold">{dose.diluentMl.toLocaleString("en-US")} mL</td>
                <td className="px-3 py-2 font-mono text-sm" rowSpan={2}>
                  {dose.steps.dilution}
                </td>
              </tr>
              <tr className="border-t border-slate-200">
                <th scope="row" className="px-3 py-2 font-normal">Final concentration (mg/mL)</th>
                <td className="px-3 py-2 font-semibold">
                  {preparation ? `${dose.concentrationMgMl.toFixed(preparation.concentrationRange.decimals)} mg/mL` : `${dose.concentrationMgMl} mg/mL`}
                  {dose.concentrationInRange ? null : (
                    <span className="block text-sm text-red-900">
                      <span aria-hidden="true">⚠ </span>outside the range
                    </span>
                  )}
                </td>
              </tr>
            </tbody>
          </table>
        </div>
        {a ? (
          <ul className="mt-2 flex flex-col gap-1 text-sm text-slate-700">
            {[a.doseIuPerKg, a.referenceMg, a.iuPerMl, a.iuPerVial].map((n, i) => (
              <li key={`${i}-${n.label}`}>
                {n.label} — <SourceRef source={n.source} /> · <ConfidenceTag confidence={n.confidence} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      {preparation ? (
        <DosePreparationFigures prep={preparation} headingId="preparation-heading" showStep={false} />
      ) : (
        <p className="text-red-900">
          <span aria-hidden="true">⚠ </span>The course&apos;s rule set is not available: the diluent, concentration and administration facts are not shown.
        </p>
      )}
    </div>
  );
}
