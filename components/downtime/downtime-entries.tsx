import type { DowntimeEntryView } from "@/lib/views/downtime";
import { criterionLabel, decisionLabel, heldEventLabel, outcomeLabel, upperFirst } from "@/lib/domain/vocabulary";
import { ENTERED_AFTER_DOWNTIME } from "@/lib/domain/downtime";
import { formatClock } from "@/lib/format";

/** The course's doses entered after a downtime, oldest first: who entered and co-signed each, and its flag in words. */
export function DowntimeEntries({ entries, timeZone: tz, now }: { entries: readonly DowntimeEntryView[]; timeZone: string; now: Date }) {
  if (entries.length === 0) return <p className="text-slate-700">No dose has been entered after a downtime on this course.</p>;
  return (
    <ol className="flex flex-col gap-3" aria-label="Doses entered after downtime, oldest first">
      {entries.map((e) => (
        <li key={e.id} className={`rounded-lg border bg-white p-3 ${e.flag ? "border-2 border-amber-700" : "border-slate-300"}`}>
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <p className="font-semibold">
              #{e.sequence} {upperFirst(heldEventLabel(e.kind, e.tier, false))}
              {e.kind === "given" && e.doseIu ? ` — ${e.doseIu.toLocaleString("en-US")} IU` : ""} · cycle {e.cycle}
              {e.enteredInError ? <span className="ml-2 font-bold text-red-800">ENTERED IN ERROR</span> : null}
            </p>
            <p className="text-sm text-slate-700">{formatClock(e.occurredAt, tz, now)}</p>
          </div>
          <p className="text-sm text-slate-800">
            <span className="font-semibold">{ENTERED_AFTER_DOWNTIME}</span> by {e.recordedByName}, {formatClock(e.recordedAt, tz, now)}
            {e.coSignedByName ? ` · co-signed by ${e.coSignedByName}${e.coSignedAt ? `, ${formatClock(e.coSignedAt, tz, now)}` : ""}${e.coSignatureMeaning ? ` (“${e.coSignatureMeaning}”)` : ""}` : ""}
          </p>
          <p className="text-sm text-slate-800">
            Rules at its time said <span className="font-semibold">{decisionLabel(e.engineDecision)}</span> ({e.ruleSet.id} v{e.ruleSet.version})
          </p>
          {e.criteria.length && e.kind !== "given" ? <p className="text-sm">Held for: {e.criteria.map((c) => criterionLabel(c, e.ruleSet)).join(", ")}</p> : null}
          {e.note ? <p className="text-sm">Note: {e.note}</p> : null}
          {e.flag ? (
            <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-sm font-semibold text-amber-950">
              <span aria-hidden="true">⚠ </span>Flagged: {e.flag}
            </p>
          ) : (
            <p className="mt-1 text-sm text-slate-700">Not flagged.</p>
          )}
          {e.review ? (
            <p className="mt-1 text-sm text-slate-800">
              <span className="font-semibold">Reviewed: {e.review.outcome === "acknowledge" ? "acknowledged" : outcomeLabel(e.review.outcome)}</span> — signed by {e.review.byName}, {formatClock(e.review.at, tz, now)} (“{e.review.meaning}”)
              {e.review.note ? ` · ${e.review.note}` : ""}
            </p>
          ) : e.flag && !e.enteredInError ? (
            <p className="mt-1 text-sm text-slate-800">Waiting for the attending&apos;s signed review (Reviews).</p>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
