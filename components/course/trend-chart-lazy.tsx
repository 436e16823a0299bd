"use client";
// The trend chart, loaded only after the page is interactive: Recharts stays out of the course page's first-load
// JavaScript (docs/decisions/059-course-trends.md, docs/performance-client.md). Until it arrives, and where scripts do
// not run, the box keeps its height and says that the table beside it holds every value.
import dynamic from "next/dynamic";
import type { TrendChartData } from "@/lib/views/trends";

const TrendChart = dynamic(() => import("@/components/course/trend-chart"), {
  ssr: false,
  loading: () => <p className="flex h-[260px] items-center justify-center text-sm text-slate-600">Drawing the chart… every value is in the table.</p>,
});

export function TrendChartLazy({ data }: { data: TrendChartData }) {
  return <TrendChart data={data} />;
}
