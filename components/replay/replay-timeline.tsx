import { answerText, engineThenText, findingText, recordedText, ruleSetWords, type ReplayFinding, type ReplayResult, type ReplayRuleSet } from "@/lib/domain/replay";

function Findings({ findings, ruleSet }: { findings: readonly ReplayFinding[]; ruleSet: ReplayRuleSet | null }) {
  if (!findings.length) return null;
  return (
    <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
      {findings.map((f) => (
        <li key={f.criterion}>{findingText(f, ruleSet ?? undefined)}</li>
      ))}
    </ul>
  );
}

/**
 * The replay's two-column timeline: time | as recorded | under the alternative. A row whose two columns differ says
 * so in words ("Differs") beside its thick left border; below 1024 px each row stacks into a card with its own
 * labels, so nothing scrolls sideways on a tablet.
 */
export function ReplayTimeline({ result, at }: { result: ReplayResult; at: (d: Date) => string }) {
  const alt = ruleSetWords(result.alternative);
  if (!result.rows.length) return <p>Nothing is recorded on this course yet: no assessment and no dose event.</p>;
  return (
    <table className="w-full table-fixed border-collapse text-left max-lg:block">
      <caption className="mb-2 text-left text-sm text-slate-700 max-lg:block">
        Every recorded dose event and every assessment with no dose decided on it, oldest first. “Differs” marks a row where
        {" "}{alt} would have decided otherwise.
      </caption>
      <thead className="bg-slate-100 text-sm max-lg:sr-only">
        <tr>
          <th scope="col" className="w-44 px-3 py-2">Time (unit clock)</th>
          <th scope="col" className="px-3 py-2">As recorded ({ruleSetWords(result.course)})</th>
          <th scope="col" className="px-3 py-2">Under {alt}</th>
        </tr>
      </thead>
      <tbody className="max-lg:block">
        {result.rows.map((r) => (
          <tr
            key={`${r.kind}-${r.id}`}
            className={`border-t border-slate-300 align-top max-lg:mb-3 max-lg:block max-lg:rounded-lg max-lg:border ${r.differs ? "border-l-8 border-l-amber-700 bg-amber-50 max-lg:border-l-8" : "border-l-8 border-l-transparent max-lg:border-l max-lg:border-l-slate-300 max-lg:bg-white"}`}
          >
            <th scope="row" className="px-3 py-2 font-semibold max-lg:block">
              <time dateTime={r.at.toISOString()}>{at(r.at)}</time>
              <span className="block text-sm font-normal text-slate-800">{r.kind === "dose" ? "Dose event" : "Assessment"}</span>
              {r.kind === "dose" ? (
                r.differs ? (
                  <span className="mt-1 inline-block rounded border-2 border-amber-800 bg-white px-1.5 text-sm font-bold text-amber-950">≠ Differs</span>
                ) : (
                  <span className="mt-1 inline-block text-sm font-normal text-slate-800">= Same</span>
                )
              ) : null}
            </th>
            <td className="px-3 py-2 max-lg:block">
              <span className="block text-sm font-semibold text-slate-700 lg:hidden">As recorded</span>
              <span className="block font-semibold">{recordedText(r.recorded)}</span>
              {engineThenText(r.recorded) ? <span className="block text-sm text-slate-800">{engineThenText(r.recorded)}</span> : null}
              <Findings findings={r.recorded.engineFindings} ruleSet={r.recorded.ruleSet} />
            </td>
            <td className="px-3 py-2 max-lg:block">
              <span className="block text-sm font-semibold text-slate-700 lg:hidden">Under {alt}</span>
              <span className="block font-semibold">{answerText(r.alternative, result.alternative, at)}</span>
              {r.alternative.outcome === "given" && !r.alternative.findings.length ? <span className="block text-sm text-slate-800">No criterion fired on these values.</span> : null}
              <Findings findings={r.alternative.findings} ruleSet={result.alternative} />
              {r.kind === "assessment" ? <span className="block text-sm text-slate-800">What these rules would have said then; no dose is counted.</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
