"use client";
// One trend chart (Recharts): the values as lines with shaped dots, the rule set's thresholds as labelled horizontal
// lines (hold dashed, stop solid), the dose events as shaped markers along the top (▲ given, ✕ held, ■ stopped).
// Loaded lazily (trend-chart-lazy.tsx), so Recharts is never part of the course page's first load. The table beside
// it is the accessible reading; the picture itself is one image with a name.
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, Scatter, XAxis, YAxis } from "recharts";
import { formatClock } from "@/lib/format";
import type { TrendChartData } from "@/lib/views/trends";

const SERIES_COLOURS = ["#1e3a8a", "#7c2d12"];
const MARKER_COLOURS: Record<string, string> = { triangle: "#166534", cross: "#b45309", square: "#991b1b", diamond: "#6b21a8" };
const TIER_STYLE = { hold: { stroke: "#b45309", dash: "6 4" }, stop: { stroke: "#991b1b", dash: undefined }, discontinue: { stroke: "#111827", dash: undefined } } as const;

export default function TrendChart({ data }: { data: TrendChartData }) {
  const at = (ms: number) => formatClock(new Date(ms), data.timeZone, new Date(data.now));
  const pad = Math.max((data.to - data.from) * 0.04, 30 * 60_000);
  const [lo, hi] = data.yDomain;
  // markers ride along the top of the plot, each kind in its own scatter so the legend shows its shape and words
  const markerKinds = [...new Set(data.markers.map((m) => m.shape))];
  return (
    <ComposedChart
      responsive
      width="100%"
      height={260}
      margin={{ top: 16, right: 16, bottom: 4, left: 4 }}
      accessibilityLayer={false}
    >
      <CartesianGrid stroke="#e2e8f0" />
      <XAxis
        type="number"
        dataKey="at"
        domain={[data.from - pad, data.to + pad]}
        scale="time"
        tickFormatter={at}
        tick={{ fontSize: 12, fill: "#334155" }}
        allowDuplicatedCategory={false}
      />
      <YAxis
        type="number"
        domain={[lo, hi]}
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
          label={{ value: l.label, position: "insideTopRight", fontSize: 11, fill: "#1f2937" }}
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
          dot={{ r: 4, strokeWidth: 2, fill: s.shape === "square" ? "#fff" : SERIES_COLOURS[i % SERIES_COLOURS.length] }}
          legendType={s.shape === "square" ? "square" : "circle"}
          isAnimationActive={false}
          connectNulls
        />
      ))}
      {markerKinds.map((shape) => {
        const ms = data.markers.filter((m) => m.shape === shape);
        return (
          <Scatter
            key={shape}
            name={ms[0]?.legend ?? shape}
            data={ms.map((m) => ({ at: m.at, value: m.y }))}
            dataKey="value"
            shape={shape}
            fill={MARKER_COLOURS[shape]}
            legendType={shape}
            isAnimationActive={false}
          />
        );
      })}
      <Legend verticalAlign="bottom" wrapperStyle={{ fontSize: 12 }} />
    </ComposedChart>
  );
}
