"use client";
// One trend chart (Recharts): the values as lines with shaped dots, the rule set's thresholds as labelled horizontal
// lines (hold dashed, stop solid), the dose events as shaped markers along the top (▲ given, ✕ held, ■ stopped),
// and a legend that draws each shape and line style beside its words. Loaded lazily (trend-chart-lazy.tsx), so
// Recharts is never part of the course page's first load. The table beside it is the accessible reading.
import { CartesianGrid, ComposedChart, Line, ReferenceLine, Scatter, XAxis, YAxis } from "recharts";
import { formatClock } from "@/lib/format";
import type { TrendChartData, TrendMarkerShape } from "@/lib/views/trends";

const SERIES_COLOURS = ["#1e3a8a", "#7c2d12"];
const MARKER_COLOURS: Record<TrendMarkerShape, string> = { triangle: "#166534", cross: "#b45309", square: "#991b1b", diamond: "#6b21a8" };
const TIER_STYLE = {
  hold: { stroke: "#b45309", dash: "6 4", words: "Hold line (dashed)" },
  stop: { stroke: "#991b1b", dash: undefined, words: "Stop line (solid)" },
  discontinue: { stroke: "#111827", dash: undefined, words: "Discontinue line (solid)" },
} as const;

/** A marker's shape centred on (cx, cy): never only a colour. */
function MarkerGlyph({ shape, cx, cy, size = 6 }: { shape: TrendMarkerShape; cx: number; cy: number; size?: number }) {
  const fill = MARKER_COLOURS[shape];
  const s = size;
  switch (shape) {
    case "triangle":
      return <polygon points={`${cx},${cy - s} ${cx + s},${cy + s} ${cx - s},${cy + s}`} fill={fill} />;
    case "cross":
      return <path d={`M${cx - s} ${cy - s}L${cx + s} ${cy + s}M${cx - s} ${cy + s}L${cx + s} ${cy - s}`} stroke={fill} strokeWidth={2.5} />;
    case "square":
      return <rect x={cx - s} y={cy - s} width={2 * s} height={2 * s} fill={fill} />;
    case "diamond":
      return <polygon points={`${cx},${cy - s - 1} ${cx + s + 1},${cy} ${cx},${cy + s + 1} ${cx - s - 1},${cy}`} fill={fill} />;
  }
}

function Legend({ data }: { data: TrendChartData }) {
  const shapes = [...new Map(data.markers.map((m) => [m.shape, m.legend])).entries()];
  const tiers = [...new Set(data.lines.map((l) => l.tier))];
  return (
    <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 px-1 text-xs text-slate-800">
      {data.series.map((s, i) => (
        <li key={s.key} className="flex items-center gap-1">
          <svg width="22" height="12" aria-hidden="true">
            <line x1="1" y1="6" x2="21" y2="6" stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth="2" strokeDasharray={s.dash ?? undefined} />
            {s.shape === "square" ? (
              <rect x="7" y="2" width="8" height="8" fill="#fff" stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth="2" />
            ) : (
              <circle cx="11" cy="6" r="4" fill={SERIES_COLOURS[i % SERIES_COLOURS.length]} />
            )}
          </svg>
          {s.label} ({data.unit})
        </li>
      ))}
      {tiers.map((t) => (
        <li key={t} className="flex items-center gap-1">
          <svg width="22" height="12" aria-hidden="true">
            <line x1="1" y1="6" x2="21" y2="6" stroke={TIER_STYLE[t].stroke} strokeWidth="2" strokeDasharray={TIER_STYLE[t].dash} />
          </svg>
          {TIER_STYLE[t].words}
        </li>
      ))}
      {shapes.map(([shape, words]) => (
        <li key={shape} className="flex items-center gap-1">
          <svg width="16" height="16" aria-hidden="true">
            <MarkerGlyph shape={shape} cx={8} cy={8} size={5} />
          </svg>
          {words}
        </li>
      ))}
    </ul>
  );
}

export default function TrendChart({ data }: { data: TrendChartData }) {
  // the first tick says its day unless it is today; a later tick says its day when the day changed since the last one
  const at = (ms: number, i: number) => {
    const prev = data.timeTicks[i - 1];
    return formatClock(new Date(ms), data.timeZone, new Date(i > 0 && prev !== undefined ? prev : data.now));
  };
  const markerKinds = [...new Set(data.markers.map((m) => m.shape))];
  return (
    <>
      <ComposedChart responsive width="100%" height={240} margin={{ top: 16, right: 16, bottom: 4, left: 4 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#e2e8f0" />
        <XAxis
          type="number"
          dataKey="at"
          domain={[data.from, data.to]}
          ticks={data.timeTicks}
          scale="time"
          tickFormatter={at}
          tick={{ fontSize: 12, fill: "#334155" }}
          allowDuplicatedCategory={false}
        />
        <YAxis
          type="number"
          domain={data.yDomain}
          ticks={data.yTicks}
          tick={{ fontSize: 12, fill: "#334155" }}
          width={56}
          label={{ value: data.unit, angle: -90, position: "insideLeft", fontSize: 12, fill: "#334155" }}
        />
        {data.lines.map((l) => (
          <ReferenceLine
            key={l.key}
            y={l.value}
            stroke={TIER_STYLE[l.tier].stroke}
            strokeDasharray={TIER_STYLE[l.tier].dash}
            strokeWidth={l.tier === "hold" ? 1.5 : 2}
            ifOverflow="extendDomain"
            // the words sit just above their line, clear of the time axis when the line lies on the axis (TIL: any pressor, > 0)
            label={{ value: l.label, position: "insideBottomRight", fontSize: 11, fill: "#1f2937" }}
          />
        ))}
        {data.series.map((s, i) => (
          <Line
            key={s.key}
            data={s.points}
            dataKey="value"
            name={`${s.label} (${data.unit})`}
            type="linear"
            stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]}
            strokeWidth={2}
            strokeDasharray={s.dash ?? undefined}
            dot={s.shape === "square"
              ? ({ cx, cy, index }: { cx?: number; cy?: number; index?: number }) => <rect key={index} x={(cx ?? 0) - 4} y={(cy ?? 0) - 4} width={8} height={8} fill="#fff" stroke={SERIES_COLOURS[i % SERIES_COLOURS.length]} strokeWidth={2} />
              : { r: 4, strokeWidth: 2, fill: SERIES_COLOURS[i % SERIES_COLOURS.length] }}
            isAnimationActive={false}
          />
        ))}
        {markerKinds.map((shape) => (
          <Scatter
            key={shape}
            name={data.markers.find((m) => m.shape === shape)?.legend ?? shape}
            data={data.markers.filter((m) => m.shape === shape).map((m) => ({ at: m.at, value: m.y }))}
            dataKey="value"
            shape={({ cx, cy }: { cx?: number; cy?: number }) => <MarkerGlyph shape={shape} cx={cx ?? 0} cy={cy ?? 0} />}
            isAnimationActive={false}
          />
        ))}
      </ComposedChart>
      <Legend data={data} />
    </>
  );
}
