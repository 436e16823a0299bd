// The quality view's figures (issue 14, item 4): TIL and monotherapy side by side in tables with captions, the
// distribution of doses given as a table with a bar made of text (its length is also written as a number), and the
// definitions of every figure beside them (docs/decisions/062-quality-view.md).
import type { ProtocolFigures, Spread } from "@/lib/domain/quality";
import { criteriaWords, figureText, protocolWords, shareText } from "@/lib/views/quality";
import { criterionLabel } from "@/lib/domain/criterion-words";

const th = "px-3 py-2 text-left align-bottom";
const td = "px-3 py-2 align-top";
const box = "rounded-lg border border-slate-300 bg-white";

function spreadText(s: Spread, unit: string): string {
  if (s.n === 0 || s.median === null) return "none";
  return `${figureText(s.median)} ${unit} (IQR ${figureText(s.q1)}–${figureText(s.q3)}; range ${figureText(s.min)}–${figureText(s.max)}; n = ${s.n})`;
}

function maximaText(p: ProtocolFigures): string {
  return p.maxima.length === 0 ? "unknown" : p.maxima.map((m) => `${m} doses`).join(" or ");
}

export function QualityFigures({ protocols }: { protocols: readonly ProtocolFigures[] }) {
  const heads = protocols.map((p) => <th key={p.protocol} scope="col" className={th}>{protocolWords(p.protocol)}</th>);
  const row = (label: React.ReactNode, cell: (p: ProtocolFigures) => React.ReactNode, key?: string) => (
    <tr key={key} className="border-t border-slate-200">
      <th scope="row" className={`${td} text-left font-medium`}>{label}</th>
      {protocols.map((p) => <td key={p.protocol} className={td}>{cell(p)}</td>)}
    </tr>
  );
  const criteria = [...new Set(protocols.flatMap((p) => p.holds.byCriterion.map((c) => c.criterion)))];
  const stopCriteria = [...new Set(protocols.flatMap((p) => p.stops.byCriterion.map((c) => c.criterion)))];

  return (
    <div className="space-y-8">
      <section aria-labelledby="side-by-side">
        <h2 id="side-by-side" className="mb-2 text-lg font-semibold">The two protocols side by side</h2>
        <div className={box}>
          <table className="w-full table-fixed text-sm">
            <caption className="px-3 py-2 text-left text-slate-700">
              Per protocol: courses, doses given per course (doses), courses reaching the rule set&apos;s maximum, holds, stops and the
              time to the first dose (hours). IQR: interquartile range, first to third quartile.
            </caption>
            <thead className="bg-slate-100"><tr><th scope="col" className={`${th} w-1/3`}>Figure</th>{heads}</tr></thead>
            <tbody>
              {row("Courses (open, closed)", (p) => `${p.courses} (${p.open} open, ${p.closed} closed)`)}
              {row("Doses given per course: median (doses)", (p) => spreadText(p.given, p.given.median === 1 ? "dose" : "doses"))}
              {row("Maximum of the rule set (doses per course)", (p) => maximaText(p))}
              {row("Courses reaching the maximum", (p) => (
                <>
                  {shareText(p.reachedMaximum)}
                  {p.unknownMaximum > 0 ? <span className="block text-xs text-slate-700">{p.unknownMaximum} under a rule set this app does not know: not judged</span> : null}
                </>
              ))}
              {row("Courses reaching the per-cycle maximum", (p) =>
                p.reachedCycleMaximum === null ? "Not applicable (one cycle: the course's maximum)" : shareText(p.reachedCycleMaximum),
              )}
              {row("Held doses (hold tier)", (p) => `${p.holds.heldDoses} ${p.holds.heldDoses === 1 ? "dose" : "doses"} held (courses with a hold: ${shareText(p.holds.coursesWithHold)})`)}
              {row("Held dose events (hold tier)", (p) => `${p.holds.heldEvents} (a held dose may be re-evaluated: several events)`)}
              {row("Held events of the stop or discontinue tier", (p) => `${p.holds.stopTierHeldEvents} (counted with the stops, not as holds)`)}
              {row("Courses stopped (IL-2 stopped by the attending)", (p) => `${shareText(p.stops.coursesStopped)}; stop events: ${p.stops.stoppedEvents}`)}
              {row("Courses discontinued", (p) => `${shareText(p.stops.coursesDiscontinued)}; discontinue events: ${p.stops.discontinuedEvents}`)}
              {row("Hours from the end of the TIL infusion to the first given dose (h)", (p) =>
                p.firstDose === null
                  ? "Not applicable (monotherapy starts at its own first dose)"
                  : p.firstDose.hours.n === 0
                    ? `none (${p.firstDose.withoutGivenDose} course${p.firstDose.withoutGivenDose === 1 ? "" : "s"} without a given dose)`
                    : `median ${figureText(p.firstDose.hours.median)} h (range ${figureText(p.firstDose.hours.min)}–${figureText(p.firstDose.hours.max)} h; n = ${p.firstDose.hours.n}${p.firstDose.withoutGivenDose ? `; ${p.firstDose.withoutGivenDose} without a given dose, not counted` : ""})`,
              )}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="distribution">
        <h2 id="distribution" className="mb-2 text-lg font-semibold">Doses given per course: the distribution</h2>
        <div className="grid gap-4 lg:grid-cols-2">
          {protocols.map((p) => {
            const most = Math.max(1, ...p.distribution.map((d) => d.courses));
            return (
              <div key={p.protocol} className={box}>
                <table className="w-full text-sm">
                  <caption className="px-3 py-2 text-left font-semibold">
                    {protocolWords(p.protocol)}: courses by doses given, 0 to {p.distribution.length - 1} doses (maximum {maximaText(p)})
                  </caption>
                  <thead className="bg-slate-100">
                    <tr>
                      <th scope="col" className={th}>Doses given</th>
                      <th scope="col" className={th}>Courses</th>
                      <th scope="col" className={th}><span className="sr-only">Bar (its length in proportion to the courses)</span><span aria-hidden="true">Bar</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.distribution.map((d) => (
                      <tr key={d.doses} className="border-t border-slate-200">
                        <th scope="row" className={`${td} text-left font-normal`}>
                          {d.doses}{p.maxima.includes(d.doses) ? " (maximum)" : ""}
                        </th>
                        <td className={td}>{d.courses}</td>
                        <td className={`${td} w-1/2`}>
                          <span aria-hidden="true" className="inline-block h-3 rounded-sm bg-blue-800 align-middle" style={{ width: `${(100 * d.courses) / most}%` }} />
                          <span className="sr-only">{d.courses} course{d.courses === 1 ? "" : "s"}</span>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          })}
        </div>
      </section>

      <section aria-labelledby="holds">
        <h2 id="holds" className="mb-2 text-lg font-semibold">Holds by criterion</h2>
        <div className={box}>
          <table className="w-full table-fixed text-sm">
            <caption className="px-3 py-2 text-left text-slate-700">
              Held dose events naming each criterion, and their share of all hold-tier held events of the protocol (stop- and
              discontinue-tier held events are with the stops below). One event may name several criteria, so the shares may add up
              to more than 100 %.
            </caption>
            <thead className="bg-slate-100"><tr><th scope="col" className={`${th} w-1/3`}>Criterion</th>{heads}</tr></thead>
            <tbody>
              {criteria.length === 0 ? (
                <tr className="border-t border-slate-200"><td className={td} colSpan={protocols.length + 1}>No held dose events.</td></tr>
              ) : criteria.map((c) => row(criterionLabel(c), (p) => {
                const found = p.holds.byCriterion.find((x) => x.criterion === c);
                return found ? `${shareText(found.share)} held events` : `0 of ${p.holds.heldEvents}`;
              }, c))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="stops">
        <h2 id="stops" className="mb-2 text-lg font-semibold">Stop and discontinue reasons</h2>
        <div className={box}>
          <table className="w-full table-fixed text-sm">
            <caption className="px-3 py-2 text-left text-slate-700">
              Stop and discontinue events (the attending&apos;s decision) by the criteria of the hold they decided.
            </caption>
            <thead className="bg-slate-100"><tr><th scope="col" className={`${th} w-1/3`}>Criterion</th>{heads}</tr></thead>
            <tbody>
              {stopCriteria.length === 0 ? (
                <tr className="border-t border-slate-200"><td className={td} colSpan={protocols.length + 1}>No course was stopped or discontinued.</td></tr>
              ) : stopCriteria.map((c) => row(criterionLabel(c), (p) => {
                const found = p.stops.byCriterion.find((x) => x.criterion === c);
                const total = p.stops.stoppedEvents + p.stops.discontinuedEvents;
                return `${found?.events ?? 0} of ${total} stop or discontinue events`;
              }, c))}
            </tbody>
          </table>
        </div>
        <div className="mt-4 grid gap-4 lg:grid-cols-2">
          {protocols.map((p) => (
            <div key={p.protocol} className={`${box} p-3`}>
              <h3 className="mb-2 font-semibold">{protocolWords(p.protocol)}: the attending&apos;s reasons</h3>
              {p.stops.reasons.length === 0 ? (
                <p className="text-sm text-slate-700">No stop or discontinue review.</p>
              ) : (
                <ul className="list-disc space-y-1 pl-5 text-sm">
                  {p.stops.reasons.map((r, i) => (
                    <li key={`${r.courseId}-${i}`}>
                      <span className="font-semibold">{r.outcome === "stop" ? "Stopped" : "Discontinued"}</span> ({criteriaWords(r.criteria) || "no criterion recorded"}):{" "}
                      {r.reason ? (
                        <q>{r.reason}</q>
                      ) : r.reasonWithheld ? (
                        <span className="text-slate-700">typed reason not shown to administrators (it may name a person)</span>
                      ) : (
                        <span className="text-slate-700">no reason typed</span>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
