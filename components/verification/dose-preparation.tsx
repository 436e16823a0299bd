import type { DosePreparation } from "@/lib/domain/dose-preparation";
import { SourceRef } from "@/components/decision/findings-list";

const perKg = (n: number) => `${n.toLocaleString("en-US")} IU/kg`;

function Flag({ children }: { children: React.ReactNode }) {
  return (
    <span className="mt-1 block rounded border-2 border-red-800 bg-red-50 px-2 py-1 text-sm font-semibold text-red-900">
      <span aria-hidden="true">⚠ </span>
      {children}
    </span>
  );
}

/**
 * How the ordered dose is prepared and given: the dose per kg against the rule set's default, the D5W bag and the
 * final concentration (the engine's figures and its in-range verdict, flagged in words), and the administration
 * facts, each with its source key. Shared by the order check and the count report.
 */
export function DosePreparationFigures({
  prep,
  headingId,
  headingLevel = 2,
  showStep = true,
}: {
  prep: DosePreparation;
  headingId: string;
  headingLevel?: 2 | 3;
  /** the written-out dilution arithmetic (off where the arithmetic table beside it already shows it) */
  showStep?: boolean;
}) {
  const H = `h${headingLevel}` as "h2";
  const r = prep.concentrationRange;
  const range = `${r.min.toFixed(r.decimals)}–${r.max.toFixed(r.decimals)} mg/mL`;
  const concentration = `${prep.concentrationMgMl.toFixed(r.decimals)} mg/mL`;
  return (
    <section aria-labelledby={headingId}>
      <H id={headingId} className="mb-2 text-lg font-semibold">
        Preparation and administration
      </H>
      <dl className="grid gap-x-4 gap-y-3 sm:grid-cols-3">
        <div className="flex flex-col">
          <dt className="text-sm text-slate-700">Dose per kilogram</dt>
          <dd className="font-semibold">
            {perKg(prep.doseIuPerKg)}
            {prep.doseIuPerKgLabel ? (
              <span className="block text-sm font-normal">
                {prep.doseIuPerKgLabel.label} · <SourceRef source={prep.doseIuPerKgLabel.source} />
              </span>
            ) : null}
            {prep.iuPerKgDiffersFromRuleSet ? (
              <Flag>
                Not the rule set&apos;s default dose of {perKg(prep.ruleSetDoseIuPerKg)}: the engine asks for an attending&apos;s review of each dose.
              </Flag>
            ) : (
              <span className="block text-sm font-normal">The rule set&apos;s default dose.</span>
            )}
          </dd>
        </div>
        <div className="flex flex-col">
          <dt className="text-sm text-slate-700">Diluent</dt>
          <dd className="font-semibold">
            {prep.diluentMl.toLocaleString("en-US")} mL D5W (5 % dextrose)
            <span className="block text-sm font-normal">
              for {prep.doseIu.toLocaleString("en-US")} IU · <SourceRef source={prep.dilutionSource} />
            </span>
          </dd>
        </div>
        <div className="flex flex-col">
          <dt className="text-sm text-slate-700">Final concentration</dt>
          <dd className="font-semibold">
            {concentration}
            {prep.concentrationInRange ? (
              <span className="block text-sm font-normal">
                <span aria-hidden="true">✓ </span>Within {range} · <SourceRef source={prep.dilutionSource} />
              </span>
            ) : (
              <Flag>
                Outside the range: {concentration} is not within {range} (<SourceRef source={prep.dilutionSource} />). The engine asks for an
                attending&apos;s review.
              </Flag>
            )}
          </dd>
        </div>
      </dl>
      {showStep ? <p className="mt-2 font-mono text-sm text-slate-700">{prep.dilutionStep}</p> : null}
      <p id={`${headingId}-admin`} className="mt-3 font-semibold">
        Administration
      </p>
      <ul className="mt-1 flex list-disc flex-col gap-1 pl-5" aria-labelledby={`${headingId}-admin`}>
        {prep.administration.map((f) => (
          <li key={f.key}>
            {f.text} <SourceRef source={f.source} />
          </li>
        ))}
      </ul>
    </section>
  );
}
