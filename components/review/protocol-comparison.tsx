import { COMBINATION_ROW, criterionIdsOf, criterionInputs, getRuleSet, type CompareResult, type Confidence, type CriteriaVerdict, type Finding, type RuleSet, type SourceKey, type Tier } from "@/lib/rules";
import { ASSESSMENT_FORM_FIELDS } from "@/lib/domain/assessment-fields";
import { criterionLabel as ruleSetCriterionLabel, parameterLabel, tierLabel } from "@/lib/domain/vocabulary";
import { DecisionBadge } from "@/components/decision/decision-badge";
import { ConfidenceTag, SourceRef } from "@/components/decision/findings-list";

const TIER_TEXT: Record<Tier, string> = { hold: "Hold", stop: "Stop", discontinue: "Discontinue" };
const TIER_ICON: Record<Tier, string> = { hold: "‖", stop: "■", discontinue: "✕" };
const DECISION_WORD: Record<CriteriaVerdict["decision"], string> = {
  give: "give",
  hold: "hold",
  stop: "stop",
  discontinue: "discontinue",
  incomplete: "cannot decide",
};

const COMBINATION = COMBINATION_ROW;

// Words for the names the engine lists in `missing`, `stale` and `notAssessed`: the assessment form's own labels,
// and for the two timestamps what they stand for.
const SPECIAL_FIELD_WORDS: Record<string, string> = {
  at: "the assessment time",
  labsAt: "the lab draw time",
  targetSbpMmHg: "the admission SBP target (an order field)",
  // the form labels it "Collected over", which needs its neighbour to be read
  urineOutputHours: "the hours the urine output was collected over",
};

/** A field name from the engine in the form's words: "creatinineMgDl" → "Creatinine (mg/dL)". */
export function fieldWords(name: string): string {
  const special = SPECIAL_FIELD_WORDS[name];
  if (special) return special;
  const f = ASSESSMENT_FORM_FIELDS.find((x) => x.name === name);
  if (!f) return parameterLabel(name);
  return f.unit ? `${f.label} (${f.unit})` : f.label;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

const criteriaCount = (n: number) => (n === 1 ? "1 hold criterion" : `${n} hold criteria`);

function observedText(f: Finding): string {
  if (Array.isArray(f.observed)) return f.observed.join(", ");
  if (typeof f.observed === "boolean") return f.observed ? "yes" : "no";
  return `${f.observed}${f.unit ? ` ${f.unit}` : ""}`;
}

/** One side of the comparison, with the rule set it was judged by (the side's own id and version). */
interface Side {
  key: "til-adjunct" | "monotherapy";
  /** "After TIL" / "Monotherapy", at the start of a sentence */
  title: string;
  /** "after TIL" / "in monotherapy", inside a sentence */
  where: string;
  /** "after TIL" / "monotherapy", as the subject of a sentence that has begun */
  name: string;
  /** "TIL" / "monotherapy", in the combination rule's one-line summary */
  short: string;
  verdict: CriteriaVerdict;
  ruleSet: RuleSet | undefined;
  /** every criterion id the side's rule set has (null: the rule set is not known here) */
  criteriaIds: ReadonlySet<string> | null;
  byCriterion: Map<string, Finding>;
  /** the engine's combination verdict on this side: the hold criteria it counted, its threshold, whether it fired */
  combination: { threshold: number; holdCriteria: string[]; fired: boolean; source: SourceKey; confidence: Confidence };
}

function sideOf(key: Side["key"], verdict: CriteriaVerdict): Side {
  const ruleSet = getRuleSet(verdict.ruleSet.id, verdict.ruleSet.version);
  const c = verdict.combination;
  const ids = verdict.criteriaIds.length ? verdict.criteriaIds : ruleSet ? criterionIdsOf(ruleSet) : null;
  return {
    key,
    title: key === "til-adjunct" ? "After TIL" : "Monotherapy",
    where: key === "til-adjunct" ? "after TIL" : "in monotherapy",
    name: key === "til-adjunct" ? "after TIL" : "monotherapy",
    short: key === "til-adjunct" ? "TIL" : "monotherapy",
    verdict,
    ruleSet,
    criteriaIds: ids ? new Set(ids) : null,
    byCriterion: new Map(verdict.findings.map((f) => [f.criterion, f])),
    combination: { threshold: c.threshold, holdCriteria: c.holdCriteria, fired: c.fired, source: c.source, confidence: c.confidence },
  };
}

function criterionLabel(id: string, sides: readonly Side[], comparison: CompareResult): string {
  for (const s of sides) {
    const c = s.ruleSet?.criteria.find((x) => x.id === id);
    if (c) return c.label;
  }
  for (const s of sides) {
    const f = s.byCriterion.get(id);
    if (f) return f.criterionLabel;
  }
  return comparison.criterionLabels[id] ?? ruleSetCriterionLabel(id);
}

/** The assessment values a criterion reads, as the engine derives them from the rule set's data. */
function fieldsRead(rs: RuleSet | undefined, id: string): string[] {
  const c = rs?.criteria.find((x) => x.id === id);
  return c ? criterionInputs({ criteria: [c] }) : [];
}

type Absence = { kind: "not-a-criterion" } | { kind: "unknown-rule-set" } | { kind: "not-judged"; fields: string[] } | { kind: "did-not-fire" };

/** Why a criterion has no finding on a side: never "did not fire" when the rule set does not have it or could not judge it. */
function absence(side: Side, id: string): Absence {
  if (side.criteriaIds === null) return { kind: "unknown-rule-set" };
  if (!side.criteriaIds.has(id)) return { kind: "not-a-criterion" };
  const gaps = new Set([...side.verdict.missing, ...side.verdict.notAssessed]);
  const fields = fieldsRead(side.ruleSet, id).filter((f) => gaps.has(f));
  return fields.length ? { kind: "not-judged", fields } : { kind: "did-not-fire" };
}

function absenceText(side: Side, a: Absence): string {
  switch (a.kind) {
    case "not-a-criterion":
      return `Not a criterion ${side.where}`;
    case "unknown-rule-set":
      return "Unknown: this rule set is not available";
    case "not-judged":
      return `Not judged: ${listWords(a.fields.map(fieldWords))} not given`;
    case "did-not-fire":
      return "Did not fire";
  }
}

/** A side's decision explained in words: which findings make it, or what it lacks. */
function because(side: Side, sides: readonly Side[], comparison: CompareResult): string {
  const v = side.verdict;
  const label = (id: string) => criterionLabel(id, sides, comparison);
  const ofTier = (t: Tier) => v.findings.filter((f) => f.tier === t).map((f) => label(f.criterion));
  const combo = side.combination;
  const comboClause = combo.fired ? `${criteriaCount(combo.holdCriteria.length)} make a stop (combination rule: ${combo.threshold} or more)` : null;
  const gaps = [
    ...v.missing.map((m) => `${fieldWords(m)} missing`),
    ...v.stale.map((s) => `${fieldWords(s)} too old`),
  ];
  switch (v.decision) {
    case "discontinue":
      return `because ${listWords(ofTier("discontinue"))} ${ofTier("discontinue").length === 1 ? "ends" : "end"} IL-2 permanently`;
    case "stop": {
      const parts: string[] = [];
      const stops = ofTier("stop");
      if (stops.length) parts.push(`${listWords(stops)} ${stops.length === 1 ? "is" : "are"} stop-tier`);
      if (comboClause) parts.push(comboClause);
      const tail = gaps.length ? ` (a stop stands even with ${listWords(gaps)})` : "";
      return `because ${parts.length ? parts.join("; and ") : "of a stop-tier finding"}${tail}`;
    }
    case "hold": {
      const holds = ofTier("hold");
      const n = combo.holdCriteria.length;
      const counted = n === holds.length ? criteriaCount(n) : `${n} of them counting toward the combination rule`;
      return `because ${listWords(holds)} ${holds.length === 1 ? "holds" : "hold"} (${counted}; the combination rule needs ${combo.threshold} to stop)`;
    }
    case "give":
      return "no criterion fired";
    case "incomplete": {
      const would = v.findings.length ? `; its findings (${listWords(v.findings.map((f) => `${label(f.criterion)}: ${tierLabel(f.tier)}`))}) are shown, but it cannot decide` : "";
      return `${gaps.length ? listWords(gaps) : "data missing or too old"}${would}`;
    }
  }
}

/** "stop, because …" / "cannot decide: …": a side's decision and its reason, for a sentence. */
function explain(side: Side, sides: readonly Side[], comparison: CompareResult): string {
  const v = side.verdict;
  return `${DECISION_WORD[v.decision]}${v.decision === "incomplete" ? ":" : ","} ${because(side, sides, comparison)}`;
}

function Cell({ side, id }: { side: Side; id: string }) {
  const finding = side.byCriterion.get(id);
  if (!finding) {
    const a = absence(side, id);
    return <td className={`px-2 py-2 ${a.kind === "did-not-fire" ? "text-slate-700" : "italic text-slate-800"}`}>{absenceText(side, a)}</td>;
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

function CombinationCell({ side, sides, comparison }: { side: Side; sides: readonly Side[]; comparison: CompareResult }) {
  const c = side.combination;
  const counted = c.holdCriteria.map((id) => criterionLabel(id, sides, comparison));
  const needs = `; needs ${c.threshold}`;
  return (
    <td className="px-2 py-2">
      {c.fired ? (
        <span className="font-bold">
          <span aria-hidden="true">{TIER_ICON.stop} </span>
          Stop: fired
        </span>
      ) : (
        <span className="text-slate-700">Did not fire</span>
      )}
      <span className="block text-sm">
        {counted.length ? `${criteriaCount(counted.length)} at once: ${listWords(counted)}` : "No hold criterion counts"}
        {c.fired ? "" : needs}
      </span>
      <span className="block text-sm">
        <SourceRef source={c.source} /> · <ConfidenceTag confidence={c.confidence} />
      </span>
    </td>
  );
}

function Verdict({ side, sides, comparison }: { side: Side; sides: readonly Side[]; comparison: CompareResult }) {
  const v = side.verdict;
  const gap = v.missing.length > 0 || v.stale.length > 0;
  return (
    <div className="rounded-md border border-slate-300 bg-white p-3">
      <p className="font-semibold">
        {side.title} <span className="font-mono text-sm font-normal">({v.ruleSet.id} {v.ruleSet.version})</span>
      </p>
      <div className="mt-1">
        <DecisionBadge decision={v.decision} size="sm" />
      </div>
      <p className="mt-1 text-sm">
        {side.title}: {explain(side, sides, comparison)}.
      </p>
      {gap ? (
        <p className="mt-1 text-sm font-semibold">
          <span aria-hidden="true">? </span>
          Incomplete for this rule set.{" "}
          {v.decision === "incomplete"
            ? v.findings.length
              ? "Its findings are shown below, but it cannot decide on missing or stale data."
              : "No criterion fired on the values present, but it cannot decide on missing or stale data."
            : "Its findings are shown below; a stop is never hidden by missing or stale data."}
        </p>
      ) : (
        <p className="mt-1 text-sm">Complete: every input this rule set requires is present and recent enough.</p>
      )}
      {v.missing.length ? <p className="mt-1 text-sm">Missing: {listWords(v.missing.map(fieldWords))}.</p> : null}
      {v.stale.length ? <p className="mt-1 text-sm">Too old for this rule set: {listWords(v.stale.map(fieldWords))}.</p> : null}
      {v.notAssessed.length ? (
        <p className="mt-1 text-sm">Not assessed (optional in this rule set, not given): {listWords(v.notAssessed.map(fieldWords))}.</p>
      ) : null}
    </div>
  );
}

/** A criterion's tier on one side, in a sentence: "stop after TIL", "did not fire in monotherapy", "not a criterion in monotherapy". */
function tierPhrase(side: Side, tier: Tier | null, id: string): string {
  if (tier) return `${tier} ${side.where}`;
  const a = absence(side, id);
  switch (a.kind) {
    case "did-not-fire":
      return `did not fire ${side.where}`;
    case "not-a-criterion":
      return `not a criterion ${side.where}`;
    case "not-judged":
      return `not judged ${side.where} (${listWords(a.fields.map(fieldWords))} not given)`;
    case "unknown-rule-set":
      return `unknown ${side.where} (rule set not available)`;
  }
}

type Provenance = { side: string; criterion: string; label: string; source: SourceKey; confidence: "inferred" | "judgment" };

/** Thresholds of a rule set that are our inference or a judgment, not a published number (protocols.md §4–5). */
function notPublished(rs: RuleSet | undefined, side: string): Provenance[] {
  if (!rs) return [];
  const out: Provenance[] = [];
  for (const c of rs.criteria) {
    for (const t of c.thresholds) {
      if (t.confidence !== "stated") out.push({ side, criterion: c.id, label: `${c.label}: ${t.label}`, source: t.source, confidence: t.confidence });
    }
  }
  const combo = rs.combination.minHoldCriteria;
  if (combo.confidence !== "stated") out.push({ side, criterion: COMBINATION, label: combo.label, source: combo.source, confidence: combo.confidence });
  return out;
}

/**
 * Why the decisions differ when no criterion fires with a different tier (issue 10): the same findings, but the
 * combination rule counts them differently (TIL stops at 2 hold criteria at once, monotherapy at 3), or one side
 * lacks data. Null when a criterion's own tier explains it (the list below says which).
 */
function differenceInWords(sides: readonly Side[], criterionDiffs: number, comboDiffers: boolean): string | null {
  if (criterionDiffs > 0) return null;
  if (comboDiffers) {
    const fired = sides.find((s) => s.combination.fired);
    const other = sides.find((s) => !s.combination.fired);
    if (!fired || !other) return null;
    const n = fired.combination.holdCriteria.length;
    const judgment = fired.combination.confidence === "judgment" ? ", judgment" : "";
    return `Same criteria and tiers, but ${fired.where} ${n === 1 ? "1 hold criterion" : `${n} hold criteria`} at once make a stop (combination rule${judgment}); ${other.name} needs ${other.combination.threshold}.`;
  }
  const lacking = sides.filter((s) => s.verdict.decision === "incomplete").map((s) => s.name);
  if (lacking.length) return `Same criteria and tiers, but ${listWords(lacking)} cannot decide on the data given (missing or too old for that rule set).`;
  return null;
}

const confidenceWords = (c: "inferred" | "judgment") => (c === "inferred" ? "our inference" : "judgment: sources differ");

/**
 * The same assessment judged under the TIL-adjunct and the monotherapy default rule sets (engine compare mode,
 * contract 1.1): each side's decision and what it lacks, every criterion that fires under either (findings are
 * shown whatever a side's completeness), the combination rule as its own row, why the decisions differ, and
 * which thresholds are published and which are our inference or a judgment.
 */
export function ProtocolComparison({ comparison, headingLevel = 4 }: { comparison: CompareResult; headingLevel?: 3 | 4 | 5 | 6 }) {
  const comboDiff = comparison.differences.find((d) => d.criterion === COMBINATION);
  const til = sideOf("til-adjunct", comparison["til-adjunct"]);
  const mono = sideOf("monotherapy", comparison.monotherapy);
  const sides = [til, mono] as const;
  const ids = [...new Set([...til.byCriterion.keys(), ...mono.byCriterion.keys()])].sort();
  const label = (id: string) => (id === COMBINATION ? "Combination of hold criteria" : criterionLabel(id, sides, comparison));
  const showCombination = ids.length > 0 || til.combination.fired || mono.combination.fired;
  const decisionsDiffer = til.verdict.decision !== mono.verdict.decision;
  const criterionDiffs = comparison.differences.filter((d) => d.criterion !== COMBINATION);
  const comboRuleText = sides.map((s) => `${s.short} ≥ ${s.combination.threshold} → stop`).join(" / ");
  const firedNotPublished = sides.flatMap((s) =>
    s.verdict.findings.filter((f) => f.confidence !== "stated").map((f) => ({ side: s, finding: f })),
  );
  const allNotPublished = sides.flatMap((s) => notPublished(s.ruleSet, s.title));
  const whyDiffer = decisionsDiffer ? differenceInWords(sides, criterionDiffs.length, comboDiff !== undefined) : null;
  const H = `h${headingLevel}` as "h4";
  return (
    <div className="flex flex-col gap-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <Verdict side={til} sides={sides} comparison={comparison} />
        <Verdict side={mono} sides={sides} comparison={comparison} />
      </div>

      {!showCombination ? (
        <p>No criterion fires under either rule set on this assessment.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-left">
            <caption className="mb-1 text-left font-semibold">Criteria that fire under either rule set (shown whatever a side&apos;s completeness)</caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-2 py-1">Criterion</th>
                <th scope="col" className="px-2 py-1">
                  After TIL <span className="font-mono font-normal">({til.verdict.ruleSet.id} {til.verdict.ruleSet.version})</span>
                </th>
                <th scope="col" className="px-2 py-1">
                  Monotherapy <span className="font-mono font-normal">({mono.verdict.ruleSet.id} {mono.verdict.ruleSet.version})</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => (
                <tr key={id} className="border-t border-slate-200 align-top">
                  <th scope="row" className="px-2 py-2 font-semibold">
                    {label(id)}
                  </th>
                  <Cell side={til} id={id} />
                  <Cell side={mono} id={id} />
                </tr>
              ))}
              <tr className="border-t-2 border-slate-300 align-top">
                <th scope="row" className="px-2 py-2 font-semibold">
                  Combination of hold criteria
                  <span className="block text-sm font-normal">{comboRuleText}</span>
                </th>
                <CombinationCell side={til} sides={sides} comparison={comparison} />
                <CombinationCell side={mono} sides={sides} comparison={comparison} />
              </tr>
            </tbody>
          </table>
        </div>
      )}

      <div>
        <H className="font-semibold">Where the two rule sets differ on this assessment</H>
        {decisionsDiffer ? (
          <>
            {whyDiffer ? <p className="font-semibold">{whyDiffer}</p> : null}
            <p className={whyDiffer ? "" : "font-semibold"}>
              The decisions differ. {til.title}: {explain(til, sides, comparison)}; {mono.name}: {explain(mono, sides, comparison)}.
            </p>
          </>
        ) : til.verdict.decision === "incomplete" ? (
          <p>Neither rule set can decide on this assessment (data missing or too old, as each side says); the criteria that fire are shown.</p>
        ) : (
          <p>
            Both rule sets decide <span className="font-semibold">{DECISION_WORD[til.verdict.decision]}</span>.
          </p>
        )}
        {comparison.differences.length === 0 ? (
          decisionsDiffer ? (
            <p>No criterion fires with a different tier; the difference comes from what each rule set requires, as above.</p>
          ) : (
            <p>Every criterion that fires has the same tier under both rule sets.</p>
          )
        ) : (
          <ul className="list-disc pl-6">
            {criterionDiffs.map((d) => (
              <li key={d.criterion}>
                <span className="font-semibold">{label(d.criterion)}</span>: {tierPhrase(til, d.tilAdjunct, d.criterion)}; {tierPhrase(mono, d.monotherapy, d.criterion)}.
              </li>
            ))}
            {comboDiff ? (
              <li key={COMBINATION}>
                <span className="font-semibold">Combination of hold criteria</span> ({comboRuleText}):{" "}
                {sides
                  .map((s) => {
                    const n = s.combination.holdCriteria.length;
                    const tier = s.key === "til-adjunct" ? comboDiff.tilAdjunct : comboDiff.monotherapy;
                    return tier ? `${tier} ${s.where} (${criteriaCount(n)})` : `did not fire ${s.where} (${criteriaCount(n)}, needs ${s.combination.threshold})`;
                  })
                  .join("; ")}
                .
              </li>
            ) : null}
          </ul>
        )}
      </div>

      <div>
        <H className="font-semibold">Published or our inference</H>
        {firedNotPublished.length ? (
          <p>
            Of the criteria that fire here, these thresholds are <strong>not published</strong> numbers:{" "}
            {firedNotPublished.map(({ side, finding: f }, k) => (
              <span key={`${side.key}-${f.criterion}`}>
                {k > 0 ? "; " : ""}
                {side.title}, {label(f.criterion)}: {f.label} (<SourceRef source={f.source} />,{" "}
                {f.confidence === "inferred" ? "our inference" : "judgment: sources differ"})
              </span>
            ))}
            .
          </p>
        ) : (
          <p>Every threshold that fires here is published; none is our inference or a judgment.</p>
        )}
        <details className="mt-1">
          <summary className="cursor-pointer font-medium text-blue-800 underline-offset-2 hover:underline">
            All thresholds that are our inference or a judgment ({allNotPublished.length})
          </summary>
          <ul className="mt-1 list-disc pl-6 text-sm">
            {allNotPublished.map((i) => (
              <li key={`${i.side}-${i.criterion}-${i.label}`}>
                {i.side}: {i.label} — <SourceRef source={i.source} />, {confidenceWords(i.confidence)}
              </li>
            ))}
          </ul>
          <p className="mt-1 text-sm text-slate-700">
            The seed paper (SEED) says TIL thresholds are more conservative than for monotherapy; where no number is published the
            default is our reading of it, and an institution may publish its own rule-set version.
          </p>
        </details>
      </div>
      <p className="text-sm text-slate-700">
        Compared under the default rule set of each protocol, criteria only (no schedule); every value present is judged whatever its age, and
        each side says what it lacks.
      </p>
    </div>
  );
}
