import { attemptsSummary, doseCountText, type DoseSchedule, type ScheduledDose } from "@/lib/domain/dose-schedule";
import { eventWaitText } from "@/lib/domain/waiting";
import { formatClock } from "@/lib/format";
import { heldEventLabel } from "@/lib/domain/vocabulary";


function outcomeText(d: ScheduledDose, at: (x: Date) => string): string {
  switch (d.outcome) {
    case "given":
      return d.givenAt ? `Given ${at(d.givenAt)}` : "Given";
    case "held": {
      const last = d.attempts.at(-1);
      return last?.waitsFor === "stop" ? (eventWaitText("stop", last.tier)?.replace(/^■ /, "") ?? "Held") : "Held — to be re-evaluated";
    }
    case "stopped":
      return "Not given — IL-2 stopped";
    case "discontinued":
      return "Not given — IL-2 discontinued";
    case "next":
      return "Next";
    case "planned":
      return "Planned";
    case "not-given":
      return "Not given";
  }
}

type Row = { kind: "dose"; dose: ScheduledDose } | { kind: "range"; from: number; to: number; outcome: "planned" | "not-given" };

/** Consecutive doses with no attempt and the same outcome (planned, not given) share one row: "Doses 4–6". */
function rowsOf(doses: readonly ScheduledDose[]): Row[] {
  const rows: Row[] = [];
  for (const d of doses) {
    const quiet = d.attempts.length === 0 && (d.outcome === "planned" || d.outcome === "not-given") && d.window === null;
    const prev = rows.at(-1);
    if (quiet && prev?.kind === "range" && prev.outcome === d.outcome && prev.to === d.number - 1) prev.to = d.number;
    else if (quiet) rows.push({ kind: "range", from: d.number, to: d.number, outcome: d.outcome as "planned" | "not-given" });
    else rows.push({ kind: "dose", dose: d });
  }
  return rows;
}

/**
 * The course's doses 1…N (per cycle for monotherapy), each with its planned window (the engine's earliest / due),
 * every attempt that belongs to it — held, re-evaluated, given, stopped — and its outcome. Counts are doses, not
 * events: a dose held twice and then given is one dose (lib/domain/dose-schedule.ts).
 */
export function ScheduleGrid({ schedule, timeZone, now }: { schedule: DoseSchedule; timeZone: string; now: Date }) {
  const at = (d: Date) => formatClock(d, timeZone, now);
  const many = schedule.cycles.length > 1;
  return (
    <section aria-labelledby="schedule-heading" className="mb-6" data-testid="schedule-grid">
      <h2 id="schedule-heading" className="mb-1 text-lg font-semibold">
        Dose schedule
      </h2>
      <p className="mb-2 text-slate-800">{doseCountText(schedule)}</p>
      {schedule.cycles.map((c) => (
        <div key={c.cycle} className="mb-3 overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left">
            <caption className={many ? "px-3 py-2 text-left font-semibold" : "sr-only"}>
              {many ? `Cycle ${c.cycle}` : "Doses of the course"}
              {c.max !== null ? ` — up to ${c.max} doses` : ""}
            </caption>
            <thead className="bg-slate-100 text-sm">
              <tr>
                <th scope="col" className="px-3 py-2">Dose</th>
                <th scope="col" className="px-3 py-2">Planned (earliest / due)</th>
                <th scope="col" className="px-3 py-2">Attempts</th>
                <th scope="col" className="px-3 py-2">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {rowsOf(c.doses).map((r) =>
                r.kind === "range" ? (
                  <tr key={`r${r.from}`} className="border-t border-slate-200 text-slate-700">
                    <th scope="row" className="px-3 py-2 font-normal">
                      {r.from === r.to ? `Dose ${r.from}` : `Doses ${r.from}–${r.to}`}
                    </th>
                    <td className="px-3 py-2">—</td>
                    <td className="px-3 py-2">—</td>
                    <td className="px-3 py-2">{r.outcome === "planned" ? "Planned" : "Not given"}</td>
                  </tr>
                ) : (
                  <tr key={r.dose.number} className="border-t border-slate-200 align-top" data-dose={r.dose.number}>
                    <th scope="row" className="px-3 py-2 font-semibold">
                      Dose {r.dose.number}
                    </th>
                    <td className="px-3 py-2">{r.dose.window ? `${r.dose.window.earliestAt ? at(r.dose.window.earliestAt) : "—"} / ${r.dose.window.dueAt ? at(r.dose.window.dueAt) : "—"}` : "—"}</td>
                    <td className="px-3 py-2">
                      {r.dose.attempts.length === 0 ? (
                        "—"
                      ) : (
                        <>
                          <ol className="flex flex-col gap-0.5">
                            {r.dose.attempts.map((a) => (
                              <li key={a.id}>
                                <span className="font-medium">{heldEventLabel(a.kind, a.tier, a.waitsFor === null)}</span> {at(a.at)}
                                {a.criteria.length ? ` (${a.criteria.join(", ")})` : a.note ? ` (${a.note})` : ""}
                                <span className="text-sm text-slate-600"> · event #{a.sequence}</span>
                              </li>
                            ))}
                          </ol>
                          {r.dose.attempts.length > 1 ? <p className="text-sm text-slate-700">{attemptsSummary(r.dose)}</p> : null}
                        </>
                      )}
                    </td>
                    <td className="px-3 py-2 font-semibold">{outcomeText(r.dose, at)}</td>
                  </tr>
                ),
              )}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}
