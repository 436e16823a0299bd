import { SOURCES, type Finding, type SourceKey } from "@/lib/rules";
import { formatClock } from "@/lib/format";
import { clinicalDetail } from "@/lib/domain/assessment-fields";

const TIER_TEXT: Record<Finding["tier"], string> = { hold: "Hold", stop: "Stop", discontinue: "Discontinue" };

export function SourceRef({ source }: { source: SourceKey }) {
  return (
    <abbr title={SOURCES[source]} className="cursor-help font-mono text-sm no-underline">
      {source}
    </abbr>
  );
}

export function ConfidenceTag({ confidence }: { confidence: Finding["confidence"] }) {
  if (confidence === "stated") return <span className="text-sm text-slate-700">published</span>;
  if (confidence === "inferred") return <span className="text-sm font-semibold text-purple-900">our inference</span>;
  return <span className="text-sm font-semibold text-amber-900">judgment: sources differ</span>;
}

/** Times in a finding (the recorded stop of `pending-stop-review`) in the unit's clock, never raw ISO. */
function observedText(f: Finding, timeZone?: string, now?: Date): string {
  if (f.parameter === "events" && typeof f.observed === "string" && timeZone && now) return `held at ${formatClock(new Date(f.observed), timeZone, now)}`;
  if (Array.isArray(f.observed)) return f.observed.join(", ");
  if (typeof f.observed === "boolean") return f.observed ? "yes" : "no";
  return `${f.observed}${f.unit ? ` ${f.unit}` : ""}`;
}

/** Every criterion that fired: what was observed, the limit, the tier, and where the limit comes from. */
export function FindingsList({ findings, caption = "Criteria that fired", timeZone, now }: { findings: Finding[]; caption?: string; timeZone?: string; now?: Date }) {
  if (findings.length === 0) return <p className="text-slate-700">No hold criterion fired.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left">
        <caption className="mb-1 text-left font-semibold">{caption}</caption>
        <thead className="bg-slate-100 text-sm">
          <tr>
            <th scope="col" className="px-2 py-1">Criterion</th>
            <th scope="col" className="px-2 py-1">Tier</th>
            <th scope="col" className="px-2 py-1">Observed</th>
            <th scope="col" className="px-2 py-1">Limit</th>
            <th scope="col" className="px-2 py-1">Source</th>
          </tr>
        </thead>
        <tbody>
          {findings.map((f) => (
            <tr key={f.criterion} className="border-t border-slate-200 align-top">
              <td className="px-2 py-1">
                <span className="font-semibold">{f.criterionLabel}</span>
                <span className="block text-sm text-slate-700">
                  {f.criterion === "pending-stop-review"
                    ? `A ${f.tier} recorded as a held dose${timeZone && now && typeof f.observed === "string" ? ` at ${formatClock(new Date(f.observed), timeZone, now)}` : ""}, not yet decided by an attending`
                    : clinicalDetail(f.detail)}
                </span>
                {f.judgment ? <span className="block text-sm font-semibold text-amber-900">⚖ Judgment: an attending must look</span> : null}
              </td>
              <td className="px-2 py-1 font-semibold">{TIER_TEXT[f.tier]}</td>
              <td className="px-2 py-1">{observedText(f, timeZone, now)}</td>
              <td className="px-2 py-1">{f.label}</td>
              <td className="px-2 py-1">
                <SourceRef source={f.source} /> · <ConfidenceTag confidence={f.confidence} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
