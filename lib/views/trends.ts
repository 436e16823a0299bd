// What the course page's trends section reads (issue 14, item 1): the domain's facts (lib/domain/trends.ts
// courseTrends) and the plain shape the lazily loaded chart takes — numbers and strings only, times as epoch
// milliseconds, so the chart bundle needs nothing of the domain.
export type {
  CourseTrends, TrendDoseEvent, TrendFlag, TrendFlagRule, TrendMeasure, TrendMeasureId, TrendPoint, TrendSeries, TrendThreshold,
} from "@/lib/domain/trends";

/** How a dose event is drawn: a shape of its own for each kind, so colour is never the only signal. */
export type TrendMarkerShape = "triangle" | "cross" | "square" | "diamond";

/** One chart's data, as the client chart component takes it. */
export interface TrendChartData {
  title: string;
  unit: string;
  /** the time axis, epoch ms, and its ticks on whole hours */
  from: number;
  to: number;
  timeTicks: number[];
  yTicks: number[];
  series: { key: string; label: string; points: { at: number; value: number }[]; dash: string | null; shape: "circle" | "square" }[];
  lines: { key: string; value: number; label: string; tier: "hold" | "stop" | "discontinue" }[];
  /** the value axis: every point and line inside it, the markers along its top */
  yDomain: [number, number];
  markers: { at: number; y: number; shape: TrendMarkerShape; legend: string }[];
  /** the unit's time zone and the page's "now", for the axis times (lib/format formatClock) */
  timeZone: string;
  now: number;
}
