import type { TimelineEvent } from "@/lib/views/course";
import { eventWaitText } from "@/lib/domain/waiting";
import { clinicalDetail } from "@/lib/domain/assessment-fields";
import { criterionLabel, decisionLabel, heldEventLabel, tierLabel, upperFirst } from "@/lib/domain/vocabulary";
import { formatClock } from "@/lib/format";
import { ENTERED_AFTER_DOWNTIME } from "@/lib/domain/downtime";
import { CorrectionForm } from "@/components/course/correction-form";
import { SourceRef } from "@/components/decision/findings-list";

const KIND_ICON = { given: "✓", held: "‖", stopped: "■", discontinued: "✕" } as const;

/**
 * An event's headline: its kind in words; a stop-tier hold reads as the stop it is ("Stop IL-2 — attending to
 * decide"), never a plain "held", and once an attending has decided it, as the stop the attending decided on.
 */
function headline(e: TimelineEvent): string {
  const stopTier = e.kind === "held" && (e.tier === "stop" || e.tier === "discontinue");
  const icon = stopTier ? (e.tier === "discontinue" ? "✕" : "■") : KIND_ICON[e.kind];
  return `${icon} ${upperFirst(heldEventLabel(e.kind, e.tier, e.reviews.length > 0))}`;
}

const OUTCOME_TEXT = { confirm: "hold confirmed", stop: "IL-2 stopped", discontinue: "IL-2 discontinued", override: "override: dose allowed", reassess: "hold stands, reassess at the next assessment", acknowledge: "given during downtime, acknowledged" } as const;

/** Every dose event of the course, oldest first, with the engine's decision then, its reasons, and its reviews. */
export function DoseTimeline({ events, timeZone: tz, now, canCorrect = () => false }: { events: readonly TimelineEvent[]; timeZone: string; now: Date; canCorrect?: (eventId: string) => boolean }) {
  if (events.length === 0) return <p className="text-slate-700">No dose events yet.</p>;
  return (
    <ol className="flex flex-col gap-3" aria-label="Dose events, oldest first">
      {events.map((e) => {
        const inError = e.enteredInError !== null;
        const stopTier = e.kind === "held" && (e.tier === "stop" || e.tier === "discontinue");
        // the headline of an undecided stop-tier hold already says what it waits for
        const waiting = stopTier && e.reviews.length === 0 ? null : eventWaitText(e.waitsFor, e.tier);
        return (
          <li key={e.id} className={`rounded-lg border bg-white p-3 ${inError ? "border-dashed border-slate-400 opacity-80" : "border-slate-300"}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold">
                #{e.sequence} {headline(e)}
                {e.kind === "given" && e.doseIu ? ` — ${e.doseIu.toLocaleString("en-US")} IU` : ""} · cycle {e.cycle}
                {inError ? <span className="ml-2 font-bold text-red-800">ENTERED IN ERROR</span> : null}
              </p>
              <p className="text-sm text-slate-700">{formatClock(e.occurredAt, tz, now)}</p>
            </div>
            <p className="text-sm text-slate-800">
              Engine said <span className="font-semibold">{decisionLabel(e.engineDecision)}</span> ({e.ruleSetId} v{e.ruleSetVersion}) · recorded by {e.recordedByName}
              {e.witnessName ? ` · witness ${e.witnessName}${e.witnessSignature ? `, double-checked ${formatClock(e.witnessSignature.signedAt, tz, now)}` : ""}` : ""}
              {e.authorizedByReview ? (e.kind === "given" ? " · given under an attending's signed override" : " · written by an attending's signed review") : ""}
            </p>
            {e.downtime ? (
              <p className="text-sm text-slate-800">
                <span className="font-semibold">{ENTERED_AFTER_DOWNTIME}</span> from the paper record
                {e.downtime.coSignedByName ? ` · co-signed by ${e.downtime.coSignedByName}${e.downtime.coSignedAt ? `, ${formatClock(e.downtime.coSignedAt, tz, now)}` : ""}` : ""}
              </p>
            ) : null}
            {e.downtime?.flag ? (
              <p className="mt-1 rounded bg-amber-50 px-2 py-1 text-sm font-semibold text-amber-950">
                <span aria-hidden="true">⚠ </span>Flagged: {e.downtime.flag}
              </p>
            ) : null}
            {e.findings.length ? (
              <ul className="mt-1 list-disc pl-5 text-sm">
                {e.findings.map((f) => (
                  <li key={f.criterion}>
                    {f.criterionLabel}: {clinicalDetail(f.detail)} ({tierLabel(f.tier)}, <SourceRef source={f.source} />)
                  </li>
                ))}
              </ul>
            ) : null}
            {e.criteria.length && e.kind !== "given" ? <p className="text-sm">Held for: {e.criteria.map((c) => criterionLabel(c, { id: e.ruleSetId, version: e.ruleSetVersion })).join(", ")}</p> : null}
            {e.note ? <p className="text-sm">Note: {e.note}</p> : null}
            {e.enteredInError ? (
              <p className="text-sm text-red-900">
                Marked entered-in-error{e.enteredInError.at ? ` ${formatClock(e.enteredInError.at, tz, now)}` : ""}: {e.enteredInError.reason}
              </p>
            ) : null}
            {e.reviews.map((r) => (
              <p key={r.id} className="mt-1 rounded bg-slate-100 px-2 py-1 text-sm">
                <span className="font-semibold">Reviewed:</span> {OUTCOME_TEXT[r.outcome]} — signed by {r.attendingName}, {formatClock(r.signedAt, tz, now)} (&ldquo;
                {r.signatureMeaning}&rdquo;){r.reason ? ` · ${r.reason}` : ""}
              </p>
            ))}
            {waiting ? <p className="mt-1 text-sm font-semibold text-amber-900">{waiting}</p> : null}
            {canCorrect(e.id) && !inError ? <CorrectionForm entityType="DoseEvent" entityId={e.id} what={`event #${e.sequence}`} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
