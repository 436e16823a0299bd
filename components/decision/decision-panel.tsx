import type { DoseDecision } from "@/lib/rules";
import { formatClock } from "@/lib/format";
import { DecisionBadge, REASON_TEXT } from "@/components/decision/decision-badge";
import { FindingsList } from "@/components/decision/findings-list";

const FIELD_WORDS: Record<string, string> = {
  at: "assessment time", sbpMmHg: "systolic BP", heartRateBpm: "heart rate", rhythm: "rhythm", spo2Pct: "SpO₂",
  oxygenDevice: "oxygen device", oxygenLpm: "oxygen flow", urineOutputMl: "urine output", urineOutputHours: "urine output hours",
  weightKg: "weight", mentalStatus: "mental status", phenylephrineMcgKgMin: "phenylephrine", otherVasopressor: "other vasopressor",
  creatinineMgDl: "creatinine", labsAt: "lab time", plateletsPerUl: "platelets",
};
export const fieldWords = (f: string) => FIELD_WORDS[f] ?? f;

/** Everything the engine said about one dose: decision, reason, dose, window, findings, what is missing or stale. */
export function DecisionPanel({ decision, timeZone, now, title = "Engine decision" }: { decision: DoseDecision; timeZone: string; now: Date; title?: string }) {
  const d = decision;
  const at = (iso: string | null) => (iso ? formatClock(new Date(iso), timeZone, now) : "—");
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <span className="sr-only">{title}:</span>
        <DecisionBadge decision={d.decision} size="lg" />
        {d.reason ? <span className="text-slate-800">because {REASON_TEXT[d.reason] ?? d.reason}</span> : null}
        {d.needsAttendingReview ? <span className="font-semibold text-amber-900">⚑ Needs attending review</span> : null}
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
          <dt className="text-sm text-slate-600">Given so far</dt>
          <dd className="font-semibold">
            {d.counts.givenInCourse} given, {d.counts.heldInCourse} held
          </dd>
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
      {d.missing.length ? (
        <p className="font-semibold text-purple-900">⚠ Missing: {d.missing.map(fieldWords).join(", ")}</p>
      ) : null}
      {d.stale.length ? (
        <p className="font-semibold text-purple-900">
          ⚠ Too old: {d.stale.map((s) => (s === "at" ? "the assessment" : "the labs")).join(" and ")} — record a new assessment
        </p>
      ) : null}
      {d.decision === "incomplete" || d.decision === "wait" || d.decision === "complete" ? (
        d.provisionalFindings.length ? <FindingsList findings={d.provisionalFindings} caption="Criteria firing on the values present (provisional)" /> : null
      ) : (
        <FindingsList findings={d.findings} />
      )}
      {d.combination?.fired ? (
        <p className="font-semibold text-red-900">
          ⚠ {d.combination.label}: {d.combination.holdCriteria.join(", ")} ({d.combination.source}, judgment)
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
