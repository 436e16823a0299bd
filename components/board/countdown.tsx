"use client";

import { useEffect, useState } from "react";

function describe(ms: number): string {
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const span = h ? `${h} h ${m} min` : `${m} min`;
  if (abs < 60_000) return "due now";
  return ms > 0 ? `in ${span}` : `${span} ago`;
}

/** A live "in 1 h 20 min" / "25 min ago" beside a due time; re-rendered every 30 seconds. */
export function Countdown({ to, serverNow }: { to: string; serverNow: string }) {
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const ms = new Date(to).getTime() - now;
  return (
    <span className={ms < -60_000 ? "font-semibold text-red-800" : "text-slate-700"} suppressHydrationWarning>
      {describe(ms)}
      {ms < -60_000 ? " (overdue)" : ""}
    </span>
  );
}
