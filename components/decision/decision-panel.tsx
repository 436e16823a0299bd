import { pendingStop } from "@/lib/domain/dose-policy";
import type { DoseDecision } from "@/lib/rules";
import { formatClock } from "@/lib/format";
import { DecisionBadge } from "@/components/decision/decision-badge";
import { FindingsList, SourceRef } from "@/components/decision/findings-list";
import { criterionLabel, reasonText } from "@/lib/domain/vocabulary";
import { clinicalDetail, fieldLabel } from "@/lib/domain/assessment-fields";


/** The headline a clinician reads first: what the decision means now, in words. */
function headline(d: DoseDecision): string | null {
  const holdFindings = d.findings.filter((f) => f.tier === "hold").map((f) => f.criterionLabel);
  if (pendingStop(d)) return `Stop IL-2 — attending to decide. No dose until an attending has reviewed the stop.`;
  if (d.decision === "wait" && holdFindings.length) {
    return `If nothing changes, dose ${d.dose?.number ?? d.counts.givenInCourse + 1} will be held: ${d.findings.filter((f) => f.tier === "hold").map((f) => `${f.criterionLabel.toLowerCase()} (${clinicalDetail(f.detail)})`).join("; ")}.`;
  }
  if (d.decision === "incomplete" && holdFindings.length) {
    return `Already firing on the values present: ${holdFindings.join(", ")}. The decision needs the missing or old values too.`;
  }
  return null;
}

/** Everything the engine said about one dose: decision, reason, dose, window, findings, what is missing or stale. */
export function DecisionPanel({
  decision,
  timeZone,
  now,
  title = "Engine decision",
  summarised = false,
  needsReview = decision.needsAttendingReview,
  doseCount,
}: {
  decision: DoseDecision;
  timeZone: string;
  now: Date;
  title?: string;
  /** the badge and "Missing"/"Too old" are shown just above (the assessment form's preview summary): not twice */
  summarised?: boolean;
  /**
   * whether anything still waits for an attending (lib/domain/status.ts courseNeedsAttendingReview: cleared once the
   * event was reviewed); defaults to the engine's flag for a decision nothing was recorded on (the preview)
   */
  needsReview?: boolean;
  /** the count in doses, not events (lib/domain/dose-schedule.ts doseCountText); defaults to the doses given */
  doseCount?: string;
}) {
  const d = decision;
  const at = (iso: string | null) => (iso ? formatClock(new Date(iso), timeZone, now) : "—");
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        {summarised ? null : (
          <>
            <span className="sr-only">{title}:</span>
            <DecisionBadge decision={d.decision} size="lg" />
          </>
        )}
        {d.reason ? <span className="text-slate-800">{summarised ? "Because" : "because"} {reasonText(d.reason)}</span> : null}
        {needsReview ? <span className="font-semibold text-amber-900">⚑ Needs attending review</span> : null}
      </div>
      <dl className="grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
        {d.dose ? (
          <div>
            <dt className="text-sm text-slate-600">Dose</dt>
            <dd className="font-semibold">
              {d.dose.number} of {d.counts.maxPerCourse} (cycle {d.dose.cycle}, {d.dose.numberInCycle} in cycle)
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="text-sm text-slate-600">Doses</dt>
          <dd className="font-semibold">{doseCount ?? `${d.counts.givenInCourse} of ${d.counts.maxPerCourse} doses given`}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Earliest / due</dt>
          <dd className="font-semibold">
            {at(d.window.earliestAt)} / {at(d.window.dueAt)}
          </dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Window closes</dt>
          <dd className="font-semibold">{at(d.window.closesAt)}</dd>
        </div>
      </dl>
      {headline(d) ? <p className="font-semibold text-slate-900">{headline(d)}</p> : null}
      {!summarised && d.missing.length ? (
        <p className="font-semibold text-purple-900">⚠ Missing: {d.missing.map(fieldLabel).join(", ")}</p>
      ) : null}
      {!summarised && d.stale.length ? (
        <p className="font-semibold text-purple-900">
          ⚠ Too old — enter again: {d.stale.map(fieldLabel).join(", ")}
        </p>
      ) : null}
      {d.notAssessed.length ? (
        <p className="text-sm text-slate-800">
          Not assessed (optional under rule set {d.ruleSet.version}, not given): {d.notAssessed.map(fieldLabel).join(", ")}
        </p>
      ) : null}
      <FindingsList
        findings={d.findings}
        timeZone={timeZone}
        now={now}
        caption={d.decision === "wait" ? "Criteria firing now (they will decide the coming dose if nothing changes)" : d.decision === "incomplete" ? "Criteria firing on the values present" : "Criteria that fired"}
      />
      {d.combination?.fired ? (
        <p className="font-semibold text-red-900">
          ⚠ {d.combination.label}: {d.combination.holdCriteria.map((c) => d.findings.find((f) => f.criterion === c)?.criterionLabel ?? criterionLabel(c)).join(", ")} (<SourceRef source={d.combination.source} />, judgment)
        </p>
      ) : null}
      {d.notes.length ? (
        <ul className="list-disc pl-5 text-sm text-slate-700">
          {d.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <p className="text-sm text-slate-600">
        Rule set {d.ruleSet.id} v{d.ruleSet.version}
      </p>
    </div>
  );
}
