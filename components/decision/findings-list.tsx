import type { Finding, SourceKey } from "@/lib/rules";
import { formatClock } from "@/lib/format";
import { assessmentField, clinicalDetail, displayValue } from "@/lib/domain/assessment-fields";
import { confidenceLabel, criterionLabel, isSourceKey, sourceHref, sourceInfo, tierLabel } from "@/lib/domain/vocabulary";

/**
 * A source key as a link to its full citation on the sources page (`/sources#SPR`). The key stays the visible text;
 * the accessible name and the tooltip carry the work's full title.
 */
export function SourceRef({ source }: { source: SourceKey | string }) {
  if (!isSourceKey(source)) return <span className="font-mono text-sm">{source}</span>;
  const info = sourceInfo(source);
  return (
    <a
      href={sourceHref(source)}
      aria-label={`${source}: ${info.title}`}
      title={info.citation}
      className="font-mono text-sm text-blue-800 underline decoration-dotted underline-offset-2 hover:decoration-solid"
    >
      {source}
    </a>
  );
}

export function ConfidenceTag({ confidence }: { confidence: Finding["confidence"] }) {
  if (confidence === "stated") return <span className="text-sm text-slate-700">{confidenceLabel(confidence)}</span>;
  if (confidence === "inferred") return <span className="text-sm font-semibold text-purple-900">{confidenceLabel(confidence)}</span>;
  return <span className="text-sm font-semibold text-amber-900">{confidenceLabel(confidence)}</span>;
}

/** What was observed, in words: times in the unit's clock (never raw ISO), list and choice values by their labels. */
function observedText(f: Finding, timeZone?: string, now?: Date): string {
  if (f.parameter === "events" && typeof f.observed === "string" && timeZone && now) return `held at ${formatClock(new Date(f.observed), timeZone, now)}`;
  const field = assessmentField(f.parameter);
  if (field && (Array.isArray(f.observed) || typeof f.observed === "string" || typeof f.observed === "boolean")) return displayValue(field, f.observed);
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
                <span className="font-semibold">{f.criterionLabel && f.criterionLabel !== f.criterion ? f.criterionLabel : criterionLabel(f.criterion)}</span>
                <span className="block text-sm text-slate-700">
                  {f.criterion === "pending-stop-review"
                    ? `${tierLabel(f.tier)} recorded as a held dose${timeZone && now && typeof f.observed === "string" ? ` at ${formatClock(new Date(f.observed), timeZone, now)}` : ""}, not yet decided by an attending`
                    : clinicalDetail(f.detail)}
                </span>
                {f.judgment ? <span className="block text-sm font-semibold text-amber-900">⚖ Judgment: an attending must look</span> : null}
              </td>
              <td className="px-2 py-1 font-semibold">{tierLabel(f.tier)}</td>
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
