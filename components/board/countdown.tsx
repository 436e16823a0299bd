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

/**
 * A live "in 1 h 20 min" / "25 min ago" beside a due time; re-rendered every 30 seconds. It says "overdue" only when
 * `mayBeOverdue` (lib/domain/status.ts: the dose could be given), never for a held patient or a stop waiting for the
 * attending.
 */
export function Countdown({ to, serverNow, mayBeOverdue }: { to: string; serverNow: string; mayBeOverdue: boolean }) {
  const [now, setNow] = useState(() => new Date(serverNow).getTime());
  useEffect(() => {
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);
  const ms = new Date(to).getTime() - now;
  const overdue = mayBeOverdue && ms < -60_000;
  return (
    <span className={overdue ? "font-semibold text-red-800" : "text-slate-700"} suppressHydrationWarning>
      {describe(ms)}
      {overdue ? " (overdue)" : ""}
    </span>
  );
}
