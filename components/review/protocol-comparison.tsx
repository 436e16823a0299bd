import { RULE_SETS, type CompareResult, type CriteriaVerdict, type Finding, type RuleSet, type Tier } from "@/lib/rules";
import { DecisionBadge } from "@/components/decision/decision-badge";
import { ConfidenceTag, SourceRef } from "@/components/decision/findings-list";

const TIER_TEXT: Record<Tier, string> = { hold: "Hold", stop: "Stop", discontinue: "Discontinue" };
const TIER_ICON: Record<Tier, string> = { hold: "‖", stop: "■", discontinue: "✕" };

const TIL = RULE_SETS.find((r) => r.protocol === "til-adjunct");
const MONO = RULE_SETS.find((r) => r.protocol === "monotherapy");

function observedText(f: Finding): string {
  if (Array.isArray(f.observed)) return f.observed.join(", ");
  if (typeof f.observed === "boolean") return f.observed ? "yes" : "no";
  return `${f.observed}${f.unit ? ` ${f.unit}` : ""}`;
}

/** The findings a verdict shows: decided findings, or (on missing/stale data) the provisional ones. */
function shown(v: CriteriaVerdict): Finding[] {
  return v.decision === "incomplete" ? v.provisionalFindings : v.findings;
}

function hasCriterion(rs: RuleSet | undefined, id: string): boolean {
  return rs?.criteria.some((c) => c.id === id) ?? true;
}

function Cell({ finding, ruleSet, criterion }: { finding: Finding | undefined; ruleSet: RuleSet | undefined; criterion: string }) {
  if (!finding) {
    return <td className="px-2 py-2 text-slate-700">{hasCriterion(ruleSet, criterion) ? "Did not fire" : "Not a criterion in this rule set"}</td>;
  }
  return (
    <td className="px-2 py-2">
      <span className="font-bold">
        <span aria-hidden="true">{TIER_ICON[finding.tier]} </span>
        {TIER_TEXT[finding.tier]}
      </span>
      <span className="block text-sm">Observed: {observedText(finding)}</span>
      <span className="block text-sm">Limit: {finding.label}</span>
      <span className="block text-sm">
        <SourceRef source={finding.source} /> · <ConfidenceTag confidence={finding.confidence} />
        {finding.judgment && finding.confidence !== "judgment" ? <span className="font-semibold text-amber-900"> · ⚖ judgment</span> : null}
      </span>
    </td>
  );
}

function Verdict({ title, verdict }: { title: string; verdict: CriteriaVerdict }) {
  return (
    <div className="rounded-md border border-slate-300 bg-white p-3">
      <p className="font-semibold">
        {title} <span className="font-mono text-sm font-normal">({verdict.ruleSet.id} {verdict.ruleSet.version})</span>
      </p>
      <div className="mt-1">
        <DecisionBadge decision={verdict.decision} size="sm" />
      </div>
      {verdict.missing.length ? <p className="mt-1 text-sm">Missing: {verdict.missing.join(", ")}</p> : null}
      {verdict.stale.length ? (
        <p className="mt-1 text-sm">Too old for this rule set: {verdict.stale.map((s) => (s === "at" ? "the assessment" : "the labs")).join(" and ")}</p>
      ) : null}
      {verdict.decision === "incomplete" && verdict.provisionalFindings.length ? (
        <p className="mt-1 text-sm">Criteria below are provisional: the rule set cannot decide on missing or stale data.</p>
      ) : null}
      {verdict.combination?.fired ? (
        <p className="mt-1 text-sm">
          Combination rule: {verdict.combination.holdCriteria.length} hold criteria at once (threshold {verdict.combination.threshold}) → stop.{" "}
          <SourceRef source={verdict.combination.source} /> · <ConfidenceTag confidence={verdict.combination.confidence} />
        </p>
      ) : null}
    </div>
  );
}

function tierWords(t: Tier | null, protocol: string, rs: RuleSet | undefined, criterion: string): string {
  if (t) return `${TIER_TEXT[t]} under ${protocol}`;
  return hasCriterion(rs, criterion) ? `did not fire under ${protocol}` : `not a criterion under ${protocol}`;
}

/** TIL thresholds that are our reading of "more conservative" (protocols.md §4–5), not a published number. */
function inferredTilThresholds(): { criterion: string; label: string; source: string; confidence: "inferred" | "judgment" }[] {
  if (!TIL) return [];
  const out: { criterion: string; label: string; source: string; confidence: "inferred" | "judgment" }[] = [];
  for (const c of TIL.criteria) {
    for (const t of c.thresholds) {
      if (t.confidence !== "stated") out.push({ criterion: c.id, label: `${c.label}: ${t.label}`, source: t.source, confidence: t.confidence });
    }
  }
  const combo = TIL.combination.minHoldCriteria;
  if (combo.confidence !== "stated") out.push({ criterion: "combination", label: combo.label, source: combo.source, confidence: combo.confidence });
  for (const f of [TIL.freshness.assessmentMaxAgeMinutes, TIL.freshness.labsMaxAgeMinutes]) {
    if (f.confidence !== "stated") out.push({ criterion: "freshness", label: f.label, source: f.source, confidence: f.confidence });
  }
  return out;
}

/**
 * The same assessment judged under the TIL-adjunct and the monotherapy default rule sets (engine compare mode):
 * every criterion that fires under either, its tier in each, observed value, limit, source and confidence; the
 * differences in words; and which TIL thresholds are our inference rather than published.
 */
export function ProtocolComparison({ comparison, headingLevel = 4 }: { comparison: CompareResult; headingLevel?: 3 | 4 | 5 }) {
  const til = comparison["til-adjunct"];
  const mono = comparison.monotherapy;
  const tilBy = new Map(shown(til).map((f) => [f.criterion, f]));
  const monoBy = new Map(shown(mono).map((f) => [f.criterion, f]));
  const ids = [...new Set([...tilBy.keys(), ...monoBy.keys()])].sort();
  const label = (id: string) => tilBy.get(id)?.criterionLabel ?? monoBy.get(id)?.criterionLabel ?? id;
  const inferred = inferredTilThresholds();
  const inferredHere = shown(til).filter((f) => f.confidence !== "stated");
  const H = `h${headingLevel}` as "h4";
  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Verdict title="TIL-adjunct" verdict={til} />
        <Verdict title="Monotherapy" verdict={mono} />
      </div>
      {ids.length === 0 ? (
        <p>No criterion fires under either rule set on this assessment.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left">
            <caption className="mb-1 text-left font-semibold">Criteria that fire under either rule set</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-2 py-1">Criterion</th>
                <th scope="col" className="px-2 py-1">TIL-adjunct</th>
                <th scope="col" className="px-2 py-1">Monotherapy</th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => (
                <tr key={id} className="border-t border-slate-200 align-top">
                  <th scope="row" className="px-2 py-2 font-semibold">
                    {label(id)}
                    <span className="block font-mono text-sm font-normal">{id}</span>
                  </th>
                  <Cell finding={tilBy.get(id)} ruleSet={TIL} criterion={id} />
                  <Cell finding={monoBy.get(id)} ruleSet={MONO} criterion={id} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div>
        <H className="font-semibold">Where the two rule sets differ on this assessment</H>
        {comparison.differences.length === 0 ? (
          <p>Every criterion that fires has the same tier under both rule sets.</p>
        ) : (
          <ul className="list-disc pl-6">
            {comparison.differences.map((d) => (
              <li key={d.criterion}>
                <span className="font-semibold">{comparison.criterionLabels[d.criterion] ?? label(d.criterion)}</span>: {tierWords(d.tilAdjunct, "TIL-adjunct", TIL, d.criterion)};{" "}
                {tierWords(d.monotherapy, "monotherapy", MONO, d.criterion)}.
              </li>
            ))}
          </ul>
        )}
      </div>
      <div>
        <H className="font-semibold">Published or our inference</H>
        {inferredHere.length ? (
          <p>
            Of the TIL-adjunct criteria that fire here, these thresholds are <strong>not published</strong> numbers:{" "}
            {inferredHere.map((f, k) => (
              <span key={f.criterion}>
                {k > 0 ? "; " : ""}
                {f.criterionLabel}: {f.label} (<SourceRef source={f.source} />, {f.confidence === "inferred" ? "our inference" : "judgment: sources differ"})
              </span>
            ))}
            .
          </p>
        ) : (
          <p>Every TIL-adjunct threshold that fires here is published; none is our inference.</p>
        )}
        <details className="mt-1">
          <summary className="cursor-pointer font-medium text-blue-800 underline-offset-2 hover:underline">
            All TIL-adjunct thresholds that are our inference or a judgment ({inferred.length})
          </summary>
          <ul className="mt-1 list-disc pl-6 text-sm">
            {inferred.map((i) => (
              <li key={`${i.criterion}-${i.label}`}>
                {i.label} — <SourceRef source={i.source as Finding["source"]} />, {i.confidence === "inferred" ? "our inference" : "judgment: sources differ"}
              </li>
            ))}
          </ul>
          <p className="mt-1 text-sm text-slate-700">
            The seed paper (SEED) says TIL thresholds are more conservative than for monotherapy; where no number is published the
            default is our reading of it, and an institution may publish its own rule-set version.
          </p>
        </details>
      </div>
      <p className="text-sm text-slate-700">Compared under the default rule sets of both protocols, criteria only (no schedule).</p>
    </div>
  );
}
