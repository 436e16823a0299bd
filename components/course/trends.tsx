// The course page's trends (issue 14, item 1; docs/decisions/059-course-trends.md): per measure a chart (loaded
// lazily, trend-chart-lazy.tsx) beside (wide screens) or above (tablet) a table that holds every value with its
// unit and time, the rule set's threshold lines as rows, and the dose events in a table of their own. Rendered on
// the server; only the chart is client code. Colour is never the only signal: every line and marker has a shape
// and words, in the legend and the tables.
import { courseTrends, type CourseTrends, type TrendDoseEvent, type TrendMeasure, type TrendThreshold } from "@/lib/domain/trends";
import type { AssessmentRecord, CourseRecord, DoseEventRecord } from "@/lib/domain/records";
import { eventKindLabel } from "@/lib/domain/vocabulary";
import { formatClock } from "@/lib/format";
import type { TrendChartData, TrendMarkerShape } from "@/lib/views/trends";
import { TrendChartLazy } from "@/components/course/trend-chart-lazy";

const TIER_WORDS: Record<string, string> = { hold: "Hold", stop: "Stop", discontinue: "Discontinue" };
const OP_WORDS: Record<string, string> = { "<": "below", "<=": "at or below", ">": "above", ">=": "at or above" };
const LINE_STYLE_WORDS: Record<string, string> = { hold: "dashed line", stop: "solid line", discontinue: "solid line" };

const MARKER: Record<TrendMarkerShape, { glyph: string; words: string }> = {
  triangle: { glyph: "▲", words: "Dose given" },
  cross: { glyph: "✕", words: "Dose held" },
  square: { glyph: "■", words: "IL-2 stopped, or stop awaiting the attending" },
  diamond: { glyph: "◆", words: "Another vasopressor running" },
};
const legendOf = (shape: TrendMarkerShape) => `${MARKER[shape].glyph} ${MARKER[shape].words}`;

function shapeOf(e: TrendDoseEvent): TrendMarkerShape {
  if (e.kind === "given") return "triangle";
  if (e.kind === "held" && (e.tier === null || e.tier === "hold")) return "cross";
  return "square";
}

/** "Hold: below 95 mmHg" */
const lineWords = (t: TrendThreshold) => `${TIER_WORDS[t.tier] ?? t.tier}: ${OP_WORDS[t.op] ?? t.op} ${t.value} ${t.unit}`;

const crosses = (value: number, t: TrendThreshold): boolean =>
  t.op === "<" ? value < t.value : t.op === "<=" ? value <= t.value : t.op === ">" ? value > t.value : value >= t.value;

function eventWords(e: TrendDoseEvent): string {
  if (e.kind === "given") return e.doseNumber === null ? "Dose given" : `Dose ${e.doseNumber} given`;
  if (e.kind === "held" && (e.tier === null || e.tier === "hold")) return "Dose held";
  const words = eventKindLabel(e.kind, e.tier);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A value axis on round numbers (1, 2, 2.5 or 5 × 10ⁿ apart), with room above the values for the markers. */
function yAxisOf(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  if (!values.length) return { domain: [0, 1], ticks: [0, 1] };
  const lo = Math.min(...values), hi = Math.max(...values);
  const range = hi - lo || Math.max(Math.abs(hi), 1);
  const raw = (range * 1.35) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const low = Math.floor((lo - range * 0.1) / step) * step;
  const start = lo >= 0 ? Math.max(0, low) : low;
  const high = Math.ceil((hi + range * 0.25) / step) * step;
  const ticks: number[] = [];
  for (let t = start; t <= high + step / 2; t += step) ticks.push(Number(t.toPrecision(6)));
  return { domain: [Number(start.toPrecision(6)), Number(high.toPrecision(6))], ticks };
}

/** Time ticks on whole hours, at most seven. */
function timeTicksOf(from: number, to: number): number[] {
  const hour = 3_600_000;
  const step = ([1, 2, 3, 4, 6, 12, 24, 48, 96].find((h) => (to - from) / (h * hour) <= 6) ?? 168) * hour;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to; t += step) ticks.push(t);
  return ticks;
}

function chartDataOf(m: TrendMeasure, trends: CourseTrends, timeZone: string, now: Date): TrendChartData | null {
  if (!trends.span || !m.series.some((s) => s.points.length)) return null;
  const values = [...m.series.flatMap((s) => s.points.map((p) => p.value)), ...m.thresholds.map((t) => t.value)];
  const { domain: yDomain, ticks: yTicks } = yAxisOf(values);
  const pad = Math.max((trends.span.to.getTime() - trends.span.from.getTime()) * 0.04, 30 * 60_000);
  const from = trends.span.from.getTime() - pad, to = trends.span.to.getTime() + pad;
  const markers: TrendChartData["markers"] = trends.events.map((e) => ({ at: e.at.getTime(), y: yDomain[1], shape: shapeOf(e), legend: MARKER[shapeOf(e)].words }));
  for (const f of m.flags) if (f.on) markers.push({ at: f.at.getTime(), y: yDomain[0], shape: "diamond", legend: MARKER.diamond.words });
  return {
    title: m.title,
    unit: m.unit,
    from,
    to,
    timeTicks: timeTicksOf(from, to),
    yTicks,
    series: m.series.map((s, i) => ({ key: s.key, label: s.label, points: s.points.map((p) => ({ at: p.at.getTime(), value: p.value })), dash: i === 0 ? null : "5 3", shape: i === 0 ? "circle" : "square" })),
    // two series with the same line (TIL: any phenylephrine now, any since the last dose) draw it once
    lines: [...new Map(m.thresholds.map((t) => {
      const label = `${lineWords(t)} · ${t.sources[0] ?? ""}`;
      return [label, { key: label, value: t.value, tier: t.tier, label }] as const;
    })).values()],
    markers,
    yDomain,
    timeZone,
    now: now.getTime(),
  };
}

interface Row {
  at: Date;
  cells: (string | null)[];
  from: string | null;
  flag: boolean | null;
  against: string[];
}

/** The table's rows: one per observation time, each series a column ("—" when it was not observed then). */
function rowsOf(m: TrendMeasure): Row[] {
  const times = [...new Set([...m.series.flatMap((s) => s.points.map((p) => p.at.getTime())), ...m.flags.map((f) => f.at.getTime())])].sort((a, b) => a - b);
  return times.map((t) => {
    const against: string[] = [];
    const cells = m.series.map((s) => {
      const p = s.points.find((x) => x.at.getTime() === t);
      if (!p) return null;
      for (const l of m.thresholds.filter((x) => x.seriesKey === s.key && crosses(p.value, x)))
        against.push(`${m.series.length > 1 ? `${s.label}: ` : ""}${TIER_WORDS[l.tier]} line crossed (${OP_WORDS[l.op]} ${l.value} ${l.unit})`);
      return p.shown;
    });
    const from = m.series.flatMap((s) => s.points.filter((x) => x.at.getTime() === t && x.from).map((x) => x.from ?? "")).at(0) ?? null;
    const flag = m.flags.find((f) => f.at.getTime() === t)?.on ?? null;
    if (flag) for (const r of m.flagRules) against.push(`Another vasopressor running: ${TIER_WORDS[r.tier]} (${r.criterionLabel})`);
    return { at: new Date(t), cells, from, flag, against };
  });
}

function MeasureBlock({ m, trends, timeZone, now }: { m: TrendMeasure; trends: CourseTrends; timeZone: string; now: Date }) {
  const chart = chartDataOf(m, trends, timeZone, now);
  const rows = rowsOf(m);
  const hasFrom = rows.some((r) => r.from);
  const hasFlags = m.id === "vasopressor";
  const columns = 1 + m.series.length + (hasFrom ? 1 : 0) + (hasFlags ? 1 : 0) + 1;
  const captionId = `trend-${m.id}-table`;
  const headingId = `trend-${m.id}-heading`;
  const ruleSet = trends.ruleSet ? `${trends.ruleSet.id} ${trends.ruleSet.version}` : "of this course";
  const linesText = m.thresholds.length ? m.thresholds.map(lineWords).join("; ") : "no threshold line";
  return (
    <div className="mb-8 print:break-inside-avoid" data-testid={`trend-${m.id}`}>
      <h3 id={headingId} className="mb-2 font-semibold">
        {m.title} ({m.unit})
      </h3>
      {/* chart beside the table on a wide screen; a table of five columns or more goes under its chart there too */}
      <div className={`grid gap-3 print:block ${columns < 5 ? "lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]" : ""}`}>
        {chart ? (
          <figure
            role="img"
            aria-label={`Chart of ${m.title} in ${m.unit} over the course, with ${linesText}. The table "${m.title} (${m.unit})" lists every value.`}
            className="min-w-0 self-start rounded-lg border border-slate-300 bg-white p-2 print:mb-2 print:w-[17cm]"
            data-testid="trend-chart"
          >
            <TrendChartLazy data={chart} />
          </figure>
        ) : (
          <p className="rounded-lg border border-slate-300 bg-white p-3 text-slate-700">No {m.title.toLowerCase()} recorded in this course yet.</p>
        )}
        <div role="region" aria-labelledby={captionId} tabIndex={0} className="min-w-0 overflow-x-auto rounded-lg border border-slate-300 bg-white focus:outline-3 focus:outline-blue-700 print:overflow-visible">
          <table className="w-full text-left text-sm">
            <caption id={captionId} className="px-3 py-2 text-left font-semibold">
              {m.title} ({m.unit}), each value at its own observation time
            </caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-2 py-1">Observed at</th>
                {m.series.map((s) => (
                  <th key={s.key} scope="col" className="px-2 py-1">
                    {s.label} ({m.unit})
                  </th>
                ))}
                {hasFrom ? <th scope="col" className="px-2 py-1">Computed from</th> : null}
                {hasFlags ? <th scope="col" className="px-2 py-1">Another vasopressor running (yes/no)</th> : null}
                <th scope="col" className="px-2 py-1">Against the lines</th>
              </tr>
            </thead>
            <tbody>
              {rows.length === 0 ? (
                <tr className="border-t border-slate-200">
                  <td colSpan={columns} className="px-2 py-1 text-slate-700">No value recorded yet.</td>
                </tr>
              ) : (
                rows.map((r) => (
                  <tr key={r.at.getTime()} className="border-t border-slate-200">
                    <th scope="row" className="px-2 py-1 font-normal whitespace-nowrap">{formatClock(r.at, timeZone, now)}</th>
                    {r.cells.map((c, i) => (
                      <td key={m.series[i]?.key ?? i} className="px-2 py-1 font-semibold">{c ?? "—"}</td>
                    ))}
                    {hasFrom ? <td className="px-2 py-1">{r.from ?? "—"}</td> : null}
                    {hasFlags ? <td className="px-2 py-1">{r.flag === null ? "—" : r.flag ? "◆ Yes" : "No"}</td> : null}
                    <td className="px-2 py-1">{r.against.length ? r.against.join("; ") : "Within the lines"}</td>
                  </tr>
                ))
              )}
            </tbody>
            <tbody className="border-t-2 border-slate-300">
              <tr>
                <th scope="colgroup" colSpan={columns} className="bg-slate-50 px-2 py-1">
                  Threshold lines of rule set {ruleSet}
                </th>
              </tr>
              {m.thresholds.map((t, i) => (
                <tr key={i} className="border-t border-slate-200">
                  <th scope="row" className="px-2 py-1 font-normal">{TIER_WORDS[t.tier]} line ({LINE_STYLE_WORDS[t.tier]})</th>
                  <td colSpan={columns - 1} className="px-2 py-1">
                    {m.series.length > 1 ? `${m.series.find((s) => s.key === t.seriesKey)?.label ?? ""}: ` : ""}
                    {OP_WORDS[t.op]} {t.value} {t.unit}
                    {t.fromCourse ? " (the course's admission target)" : ""} — {t.criterionLabel}; source {t.sources.join(", ")}
                  </td>
                </tr>
              ))}
              {m.flagRules.map((r, i) => (
                <tr key={`f${i}`} className="border-t border-slate-200">
                  <th scope="row" className="px-2 py-1 font-normal">{TIER_WORDS[r.tier]} (◆ marker)</th>
                  <td colSpan={columns - 1} className="px-2 py-1">
                    Another vasopressor running — {r.criterionLabel}; source {r.sources.join(", ")}
                  </td>
                </tr>
              ))}
              {m.thresholds.length === 0 && m.flagRules.length === 0 ? (
                <tr className="border-t border-slate-200">
                  <td colSpan={columns} className="px-2 py-1">This rule set draws no line on {m.title.toLowerCase()}.</td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}

/**
 * The trends section of the course page: built from the course's records by lib/domain/trends.ts, charts loaded
 * after the page, tables always.
 */
export function CourseTrends({ course, assessments, events, timeZone, now }: {
  course: CourseRecord;
  assessments: readonly AssessmentRecord[];
  events: readonly DoseEventRecord[];
  timeZone: string;
  now: Date;
}) {
  const trends = courseTrends({ course, assessments, events });
  const ruleSet = trends.ruleSet ? `${trends.ruleSet.title} (${trends.ruleSet.id} ${trends.ruleSet.version})` : "the course's rule set";
  return (
    <section aria-labelledby="trends-heading" className="mb-6 print:break-before-page" data-testid="course-trends">
      <h2 id="trends-heading" className="mb-1 text-lg font-semibold">
        Trends
      </h2>
      <p className="mb-2 text-sm text-slate-800">
        Each value at its own observation time (labs at their draw time); a value carried from an earlier assessment is
        not a new point. Lines are the thresholds of {ruleSet}: hold as a dashed line, stop as a solid line. Dose events
        along the top of each chart: {legendOf("triangle")}, {legendOf("cross")}, {legendOf("square")}.
      </p>
      <nav aria-label="Trend tables" className="mb-4 print:hidden">
        <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {trends.measures.map((m) => (
            <li key={m.id}>
              <a href={`#trend-${m.id}-heading`} className="font-semibold text-blue-900 underline">
                {m.title}
              </a>
            </li>
          ))}
          <li>
            <a href="#trend-events-table" className="font-semibold text-blue-900 underline">
              Dose event markers
            </a>
          </li>
        </ul>
      </nav>
      {trends.measures.map((m) => (
        <MeasureBlock key={m.id} m={m} trends={trends} timeZone={timeZone} now={now} />
      ))}
      <div role="region" aria-labelledby="trend-events-table" tabIndex={0} className="overflow-x-auto rounded-lg border border-slate-300 bg-white focus:outline-3 focus:outline-blue-700 print:overflow-visible">
        <table className="w-full text-left text-sm">
          <caption id="trend-events-table" className="px-3 py-2 text-left font-semibold">
            Dose event markers on the charts
          </caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-2 py-1">Time</th>
              <th scope="col" className="px-2 py-1">Marker and event</th>
              <th scope="col" className="px-2 py-1">Dose (IU)</th>
              <th scope="col" className="px-2 py-1">Criteria</th>
            </tr>
          </thead>
          <tbody>
            {trends.events.length === 0 ? (
              <tr className="border-t border-slate-200">
                <td colSpan={4} className="px-2 py-1">No dose event recorded yet.</td>
              </tr>
            ) : (
              trends.events.map((e) => (
                <tr key={e.id} className="border-t border-slate-200">
                  <th scope="row" className="px-2 py-1 font-normal whitespace-nowrap">{formatClock(e.at, timeZone, now)}</th>
                  <td className="px-2 py-1">
                    <span aria-hidden="true">{MARKER[shapeOf(e)].glyph} </span>
                    {eventWords(e)}
                  </td>
                  <td className="px-2 py-1">{e.doseIu === null ? "—" : e.doseIu.toLocaleString("en-US")}</td>
                  <td className="px-2 py-1">{e.criteria.length ? e.criteria.map((c) => c.label).join("; ") : "—"}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
