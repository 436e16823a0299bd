import {
  comparisonLabel, discrepancyText, doseGroupsText, doseLabel, issuesText, outsideWindowText, type ReportedEvent, type ReportedEventV2, type ReportedEventV3,
  type StoredCountReport,
} from "@/lib/views/count-report";
import type { LongIntervalFlag } from "@/lib/domain/til-interval";
import { formatClock, formatIu } from "@/lib/format";
import { criterionLabel, eventKindLabel, reasonText, upperFirst } from "@/lib/domain/vocabulary";
import { Alert } from "@/components/ui/alert";
import { DosePreparationFigures } from "@/components/verification/dose-preparation";

type AnyReportedEvent = ReportedEvent | ReportedEventV3 | ReportedEventV2;

const kindText = (kind: string) => upperFirst(eventKindLabel(kind));
const perKg = (n: number) => `${n.toLocaleString("en-US")} IU/kg`;

/** "8.1 h (8 h 05 min)": hours to one decimal, and the exact minutes. */
export function intervalText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${(minutes / 60).toFixed(1)} h (${h} h ${String(m).padStart(2, "0")} min)`;
}

/** "12 h 01 min", "12 h 00 min 30 s": exact minutes (a fraction when the times are not on whole minutes). */
export function exactDurationText(minutes: number): string {
  const totalSeconds = Math.round(minutes * 60);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const sec = totalSeconds % 60;
  return `${h} h ${String(m).padStart(2, "0")} min${sec ? ` ${String(sec).padStart(2, "0")} s` : ""}`;
}

/** One flagged pair in words: which doses, how far apart, and the rule it exceeds. */
function intervalFlagText(f: LongIntervalFlag): string {
  return `Dose ${f.from.givenNumber} (event #${f.from.sequence}) to dose ${f.to.givenNumber} (event #${f.to.sequence}): ${exactDurationText(f.intervalMinutes)} apart, more than ${exactDurationText(f.maxMinutes)}`;
}

/** The engine is asked without an assessment here, so an open window answers `incomplete`: say it in schedule words. */
function nextDoseText(decision: string, reason: string | null): string {
  const why = reason ? ` — ${reasonText(reason)}` : "";
  if (decision === "complete") return `none: the course is complete${why}`;
  if (decision === "wait") return `not yet${why}`;
  return "its window is open (the decision needs a bedside assessment)";
}

function Ok({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  return ok ? (
    <span className="font-semibold text-green-900">
      <span aria-hidden="true">✓ </span>
      {yes}
    </span>
  ) : (
    <span className="font-semibold text-red-800">
      <span aria-hidden="true">⚠ </span>
      {no}
    </span>
  );
}

function IntervalCell({ e, flag }: { e: AnyReportedEvent; flag: LongIntervalFlag | undefined }) {
  if (e.kind !== "given") return <span className="text-slate-600">—</span>;
  if (e.intervalMinutes === null) return <>first dose</>;
  return (
    <>
      {intervalText(e.intervalMinutes)}
      {flag ? (
        <span className="block text-sm font-semibold text-red-800">
          <span aria-hidden="true">⚠ </span>More than 12 h after the previous given dose ({flag.rule})
        </span>
      ) : null}
    </>
  );
}

function WindowCell({ e, timeZone, now }: { e: AnyReportedEvent; timeZone: string; now: Date }) {
  const w = e.window;
  if (w === null) return <span className="text-slate-600">—</span>;
  if (w.inside === true) return <Ok ok yes="Inside its window" no="" />;
  if (w.inside === false) {
    return (
      <span>
        <Ok ok={false} yes="" no="Outside its window" />
        <span className="block text-sm">Given {outsideWindowText(w)}.</span>
        {w.earliestAt ? (
          <span className="block text-sm">
            Earliest allowed: <time dateTime={w.earliestAt}>{formatClock(new Date(w.earliestAt), timeZone, now)}</time>
          </span>
        ) : null}
      </span>
    );
  }
  return (
    <span>
      <Ok ok={false} yes="" no="Not checked" />
      <span className="block text-sm">The engine could not evaluate this dose.</span>
    </span>
  );
}

/**
 * The pharmacist's count report: given / held / remaining per cycle and course, cumulative IU and IU/kg, the
 * recorded counts against the engine's, every event with its interval, window and dose check, and (report
 * version 2 on) how the dose is prepared and given and every TIL pair of given doses more than 12 h apart. A stored
 * version-1 report is shown as it was, without those. Version 3 stores facts and the sentences are written here
 * (lib/views/count-report.ts); versions 1 and 2 stored their sentences, which are shown as written.
 */
export function CountReport({
  report,
  timeZone,
  now,
  recordedBy,
}: {
  report: StoredCountReport;
  timeZone: string;
  now: Date;
  recordedBy: Record<string, string>;
}) {
  const clock = (iso: string) => <time dateTime={iso}>{formatClock(new Date(iso), timeZone, now)}</time>;
  // versions 2 and 3 carry the preparation figures and the interval flags; version 1 has neither
  const sinceV2 = report.reportVersion === 1 ? null : report;
  const flags = sinceV2?.intervalFlags ?? [];
  const flagTo = new Map(flags.map((f) => [f.to.sequence, f]));
  const dose = sinceV2?.dose ?? null;
  // version 4 on: each event says which dose it belongs to
  const byDose = doseGroupsText(report);
  const cycleCount = report.cycles.length;
  const doseFlags = dose
    ? [
        ...(dose.concentrationInRange
          ? []
          : [
              `The final concentration, ${dose.concentrationMgMl.toFixed(dose.concentrationRange.decimals)} mg/mL, is outside ${dose.concentrationRange.min.toFixed(dose.concentrationRange.decimals)}–${dose.concentrationRange.max.toFixed(dose.concentrationRange.decimals)} mg/mL.`,
            ]),
        ...(dose.iuPerKgDiffersFromRuleSet
          ? [`The dose per kg, ${dose.doseIuPerKg.toLocaleString("en-US")} IU/kg, is not the rule set's default of ${dose.ruleSetDoseIuPerKg.toLocaleString("en-US")} IU/kg.`]
          : []),
      ]
    : [];
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="result-heading">
        <h2 id="result-heading" className="mb-2 text-lg font-semibold">
          Result
        </h2>
        {report.countsMatch ? (
          <Alert tone="success">
            The recorded counts match what the engine derives; every given dose equals the order&apos;s {formatIu(report.expectedDoseIu)} and was
            inside its window.
          </Alert>
        ) : (
          <Alert tone="warning">
            <p className="font-semibold">
              {report.discrepancies.length === 1 ? "1 discrepancy" : `${report.discrepancies.length} discrepancies`}: a note is required to sign off.
            </p>
            <ul className="mt-1 list-disc pl-5">
              {report.discrepancies.map((d, i) => (
                <li key={i}>{discrepancyText(d)}</li>
              ))}
            </ul>
          </Alert>
        )}
        {flags.length || doseFlags.length ? (
          <div className="mt-2">
            <Alert tone="warning">
              <p className="font-semibold">To note (not a count discrepancy):</p>
              <ul className="mt-1 list-disc pl-5">
                {flags.map((f) => (
                  <li key={`${f.from.sequence}-${f.to.sequence}`}>
                    {intervalFlagText(f)} ({f.rule}).
                  </li>
                ))}
                {doseFlags.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            </Alert>
          </div>
        ) : null}
        {sinceV2 === null ? (
          <p className="mt-2 text-sm text-slate-700">
            This report was stored as version {report.reportVersion}: it has no preparation figures and no check of intervals over 12 h.
          </p>
        ) : null}
      </section>

      {dose ? (
        <DosePreparationFigures prep={dose} headingId="preparation-heading" />
      ) : sinceV2 ? (
        <p className="text-red-900">
          <span aria-hidden="true">⚠ </span>The course&apos;s rule set is not available: the diluent, concentration and administration facts are not shown.
        </p>
      ) : null}

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="mb-2 text-lg font-semibold">
          Counts per cycle and course
        </h2>
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Doses given, held and remaining, and the cumulative dose, per cycle and for the course</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2"></th>
                <th scope="col" className="px-3 py-2">Given</th>
                <th scope="col" className="px-3 py-2">Held</th>
                <th scope="col" className="px-3 py-2">Remaining (of maximum)</th>
                <th scope="col" className="px-3 py-2">Cumulative dose (IU)</th>
                <th scope="col" className="px-3 py-2">Cumulative dose (IU/kg)</th>
              </tr>
            </thead>
            <tbody>
              {report.cycles.map((c) => (
                <tr key={c.cycle} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-semibold">Cycle {c.cycle}</th>
                  <td className="px-3 py-2">{c.given}</td>
                  <td className="px-3 py-2">{c.held}</td>
                  <td className="px-3 py-2">
                    {c.remaining === null ? "unknown" : `${c.remaining} of ${c.maxGiven}`}
                    {c.remaining !== null && c.remaining < 0 ? <span className="block text-sm font-semibold text-red-800">⚠ above the maximum</span> : null}
                  </td>
                  <td className="px-3 py-2">{formatIu(c.cumulativeIu)}</td>
                  <td className="px-3 py-2">{perKg(c.cumulativeIuPerKg)}</td>
                </tr>
              ))}
              <tr className="border-t-2 border-slate-400">
                <th scope="row" className="px-3 py-2 font-semibold">Course</th>
                <td className="px-3 py-2 font-semibold">{report.course.given}</td>
                <td className="px-3 py-2 font-semibold">{report.course.held}</td>
                <td className="px-3 py-2 font-semibold">
                  {report.course.remaining === null ? "unknown" : `${report.course.remaining} of ${report.course.maxGiven}`}
                  {report.course.remaining !== null && report.course.remaining < 0 ? (
                    <span className="block text-sm text-red-800">⚠ above the maximum</span>
                  ) : null}
                </td>
                <td className="px-3 py-2 font-semibold">{formatIu(report.course.cumulativeIu)}</td>
                <td className="px-3 py-2 font-semibold">{perKg(report.course.cumulativeIuPerKg)}</td>
              </tr>
            </tbody>
          </table>
        </div>
        <p className="mt-1 text-sm text-slate-700">
          IU/kg uses the dosing weight, {report.dosingWeightKg} kg. Stopped events: {report.course.stopped}; discontinued: {report.course.discontinued}.
        </p>
      </section>

      <section aria-labelledby="compare-heading">
        <h2 id="compare-heading" className="mb-2 text-lg font-semibold">
          Recorded counts against the engine
        </h2>
        {report.engine.ok ? (
          <p className="mb-2 text-slate-800">
            Next dose, by the engine now: <span className="font-semibold">{nextDoseText(report.engine.decision, report.engine.reason)}</span>
          </p>
        ) : (
          <Alert tone="error">
            The engine could not derive counts from these events: {issuesText(report.engine.issues)}
          </Alert>
        )}
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Each count as recorded (active events) and as the engine derives it</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">Count</th>
                <th scope="col" className="px-3 py-2">Recorded</th>
                <th scope="col" className="px-3 py-2">Engine</th>
                <th scope="col" className="px-3 py-2">Check</th>
              </tr>
            </thead>
            <tbody>
              {report.comparisons.map((c) => (
                <tr key={c.key} className="border-t border-slate-200">
                  <th scope="row" className="px-3 py-2 font-normal">{comparisonLabel(c)}</th>
                  <td className="px-3 py-2">{c.recorded === null ? "unknown" : c.recorded.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2">{c.engine === null ? "not derived" : c.engine.toLocaleString("en-US")}</td>
                  <td className="px-3 py-2">
                    <Ok ok={c.matches} yes="Match" no="Differs" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="by-dose-heading" data-testid="count-by-dose">
        <h2 id="by-dose-heading" className="mb-2 text-lg font-semibold">
          By dose
        </h2>
        {byDose === null ? (
          <p className="text-sm text-slate-700">Stored as report version {report.reportVersion}, before events named the dose they belong to: not grouped by dose.</p>
        ) : byDose.length === 0 ? (
          <p>No dose event in force.</p>
        ) : (
          <ul className="flex flex-col gap-1">
            {byDose.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading" className="mb-2 text-lg font-semibold">
          Dose events in force
        </h2>
        {report.events.length === 0 ? (
          <p>No dose event in force.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className="w-full text-left">
              <caption className="sr-only">Every active dose event in time order, with the interval, window and dose checks for given doses</caption>
              <thead className="bg-slate-100 text-sm">
                <tr>
                  <th scope="col" className="px-3 py-2">Event</th>
                  <th scope="col" className="px-3 py-2">Time</th>
                  <th scope="col" className="px-3 py-2">Decision</th>
                  <th scope="col" className="px-3 py-2">Dose (IU)</th>
                  <th scope="col" className="px-3 py-2">Since previous given dose</th>
                  <th scope="col" className="px-3 py-2">Window</th>
                  <th scope="col" className="px-3 py-2">Recorded by</th>
                </tr>
              </thead>
              <tbody>
                {report.events.map((e) => (
                  <tr key={e.id} className="border-t border-slate-200 align-top">
                    <th scope="row" className="px-3 py-2 font-normal">
                      #{e.sequence}
                      <span className="block text-sm text-slate-700">cycle {e.cycle}</span>
                    </th>
                    <td className="px-3 py-2">{clock(e.occurredAt)}</td>
                    <td className="px-3 py-2">
                      <span className="font-semibold">{kindText(e.kind)}</span>
                      {e.givenNumber !== null ? (
                        <span className="block text-sm">
                          dose {e.givenNumber} of the course, {e.givenNumberInCycle} of the cycle
                        </span>
                      ) : null}
                      {e.kind !== "given" && "forDose" in e && e.forDose ? <span className="block text-sm">for {doseLabel(e.forDose, cycleCount)}</span> : null}
                      {e.criteria.length ? <span className="block text-sm">Criteria: {e.criteria.map((c) => criterionLabel(c, report.ruleSet)).join(", ")}</span> : null}
                    </td>
                    <td className="px-3 py-2">
                      {e.kind !== "given" ? (
                        <span className="text-slate-600">—</span>
                      ) : (
                        <>
                          {e.doseIu === null ? "not recorded" : formatIu(e.doseIu)}
                          <span className="block text-sm">
                            <Ok ok={e.doseIuMatches === true} yes="equals the order" no={`order: ${formatIu(report.expectedDoseIu)}`} />
                          </span>
                        </>
                      )}
                    </td>
                    <td className="px-3 py-2">
                      <IntervalCell e={e} flag={flagTo.get(e.sequence)} />
                    </td>
                    <td className="px-3 py-2">
                      <WindowCell e={e} timeZone={timeZone} now={now} />
                    </td>
                    <td className="px-3 py-2">{recordedBy[e.id] ?? "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {report.excluded.length ? (
        <section aria-labelledby="excluded-heading">
          <h2 id="excluded-heading" className="mb-2 text-lg font-semibold">
            Entered in error (not counted)
          </h2>
          <ul className="flex flex-col gap-1">
            {report.excluded.map((x) => (
              <li key={x.id}>
                #{x.sequence} · {kindText(x.kind)} at {clock(x.occurredAt)}
                {x.doseIu !== null ? ` · ${formatIu(x.doseIu)}` : ""} — marked in error
                {x.enteredInErrorAt ? <> at {clock(x.enteredInErrorAt)}</> : null}
                {x.reason ? `: ${x.reason}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
