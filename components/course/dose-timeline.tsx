import type { CourseView } from "@/lib/db/queries/course-view";
import { formatClock } from "@/lib/format";
import { CorrectionForm } from "@/components/course/correction-form";
import type { DoseDecision } from "@/lib/rules";

const KIND_TEXT = { given: "✓ Given", held: "‖ Held", stopped: "■ Stopped", discontinued: "✕ Discontinued" } as const;
const OUTCOME_TEXT = { confirm: "hold confirmed", stop: "IL-2 stopped", discontinue: "IL-2 discontinued", override: "override: dose allowed" } as const;

/** Every dose event of the course, oldest first, with the engine's decision then, its reasons, and its reviews. */
export function DoseTimeline({ view, canCorrect = false }: { view: CourseView; canCorrect?: boolean }) {
  const tz = view.course.patient.unit.timeZone;
  const events = view.course.doseEvents;
  if (events.length === 0) return <p className="text-slate-700">No dose events yet.</p>;
  return (
    <ol className="flex flex-col gap-3" aria-label="Dose events, oldest first">
      {events.map((e) => {
        const snap = e.decisionSnapshot as unknown as Partial<DoseDecision> | null;
        const findings = Array.isArray(snap?.findings) ? snap.findings : [];
        const inError = e.status === "entered_in_error";
        const stopTier = e.kind === "held" && (e.tier === "stop" || e.tier === "discontinue");
        return (
          <li key={e.id} className={`rounded-lg border bg-white p-3 ${inError ? "border-dashed border-slate-400 opacity-80" : "border-slate-300"}`}>
            <div className="flex flex-wrap items-baseline justify-between gap-2">
              <p className="font-semibold">
                #{e.sequence} {stopTier ? (e.tier === "discontinue" ? "✕ Held at discontinue tier" : "■ Held at stop tier") : KIND_TEXT[e.kind]}
                {e.kind === "given" && e.doseIu ? ` — ${e.doseIu.toLocaleString("en-US")} IU` : ""} · cycle {e.cycle}
                {inError ? <span className="ml-2 font-bold text-red-800">ENTERED IN ERROR</span> : null}
              </p>
              <p className="text-sm text-slate-700">{formatClock(e.occurredAt, tz, view.now)}</p>
            </div>
            <p className="text-sm text-slate-800">
              Engine said <span className="font-semibold">{e.engineDecision}</span> ({e.ruleSetId} v{e.ruleSetVersion}) · recorded by {e.recordedBy.name}
              {e.witness ? ` · witness ${e.witness.name}` : ""}
              {e.authorizedByReviewId ? (e.kind === "given" ? " · given under an attending's signed override" : " · written by an attending's signed review") : ""}
            </p>
            {findings.length ? (
              <ul className="mt-1 list-disc pl-5 text-sm">
                {findings.map((f) => (
                  <li key={f.criterion}>
                    {f.criterionLabel}: {f.detail} ({f.tier}, {f.source})
                  </li>
                ))}
              </ul>
            ) : null}
            {e.criteria.length && e.kind !== "given" ? <p className="text-sm">Held for: {e.criteria.join(", ")}</p> : null}
            {e.note ? <p className="text-sm">Note: {e.note}</p> : null}
            {inError ? (
              <p className="text-sm text-red-900">
                Marked entered-in-error{e.enteredInErrorAt ? ` ${formatClock(e.enteredInErrorAt, tz, view.now)}` : ""}: {e.enteredInErrorReason}
              </p>
            ) : null}
            {e.holdReviews.map((r) => (
              <p key={r.id} className="mt-1 rounded bg-slate-100 px-2 py-1 text-sm">
                <span className="font-semibold">Reviewed:</span> {OUTCOME_TEXT[r.outcome]} — signed by {r.attending.name}, {formatClock(r.signedAt, tz, view.now)} (&ldquo;
                {r.signatureMeaning}&rdquo;){r.reason ? ` · ${r.reason}` : ""}
              </p>
            ))}
            {e.kind !== "given" && e.holdReviews.length === 0 && !e.authorizedByReviewId && !inError ? (
              <p className="mt-1 text-sm font-semibold text-amber-900">
                {stopTier ? `■ ${e.tier === "discontinue" ? "Discontinue" : "Stop"} IL-2 — attending to decide` : "◔ Waiting for attending review"}
              </p>
            ) : null}
            {canCorrect && !inError ? <CorrectionForm entityType="DoseEvent" entityId={e.id} what={`event #${e.sequence}`} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
