import type { ReviewQueueItem } from "@/lib/views/reviews";
import { formatClock, protocolLabel } from "@/lib/format";
import { outcomesFor, signatureMeaning, type ReviewOutcome, type ReviewSubject } from "@/lib/domain/review";
import { DecisionBadge, REASON_TEXT } from "@/components/decision/decision-badge";
import { FindingsList } from "@/components/decision/findings-list";
import { getRuleSet } from "@/lib/rules";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { AssessmentSummary } from "@/components/review/assessment-summary";
import { ProtocolComparison } from "@/components/review/protocol-comparison";
import { ReviewForm, type OutcomeChoice } from "@/components/review/review-form";

/** A criterion id in the rule set's own words ("urine-output-low" → "Urine output low"). */
function criterionWords(ruleSetId: string, version: string, id: string): string {
  return getRuleSet(ruleSetId, version)?.criteria.find((c) => c.id === id)?.label ?? id;
}

const SUBJECT_TEXT: Record<ReviewSubject, { icon: string; text: string }> = {
  held: { icon: "‖", text: "Dose held" },
  stopped: { icon: "■", text: "IL-2 stopped" },
  discontinued: { icon: "✕", text: "IL-2 discontinued" },
  "given-judgment": { icon: "⚖", text: "Dose given with a judgment finding" },
};

function describe(outcome: ReviewOutcome, subject: ReviewSubject, stopEnds: "cycle" | "course"): string {
  switch (outcome) {
    case "confirm":
      return subject === "given-judgment"
        ? "Acknowledge the judgment finding on this given dose."
        : subject === "held"
          ? "The hold stands; the next dose is decided on a new assessment."
          : "The recorded decision stands.";
    case "stop":
      return stopEnds === "course"
        ? "Stop IL-2 for this course: a stopped event is recorded and the course closes."
        : "Stop IL-2 for this cycle: a stopped event is recorded; cycle 2 needs your go-ahead later.";
    case "discontinue":
      return "No more IL-2 in this course: a discontinued event is recorded and the course closes.";
    case "override":
      return "Allow this dose despite the hold: the nurse may give one dose on this same assessment, as long as the engine's only objection is hold-tier.";
  }
}

/** One queue item: who and what, the assessment, the engine's findings then, both rule sets side by side, the form. */
export function ReviewItem({ item, now }: { item: ReviewQueueItem; now: Date }) {
  const { event, patient, course, subject, timeZone } = item;
  const headingId = `review-${event.id}`;
  const subjectLabel = `${patient.familyName}, ${patient.givenName} (MRN ${patient.mrn})`;
  const stopTier = subject === "held" && (event.tier === "stop" || event.tier === "discontinue" || ((event.tier === null) && (event.engineDecision === "stop" || event.engineDecision === "discontinue")));
  // A stop-tier hold reads as the stop it is, never as a plain "held" (contract 1.1).
  const kind = stopTier
    ? { icon: "■", text: (event.tier ?? event.engineDecision) === "discontinue" ? "Discontinue IL-2 — attending to decide" : "Stop IL-2 — attending to decide" }
    : SUBJECT_TEXT[subject];
  const tier = event.tier ?? event.engineDecision;
  const choices: OutcomeChoice[] = outcomesFor(subject, tier, event.engineDecision)
    .filter((o) => o !== "override" || (item.laterEvents === 0 && item.assessmentState === "active" && event.engineDecision === "hold"))
    .map((o) => ({ outcome: o, description: describe(o, subject, item.stopEnds), meaning: signatureMeaning(o, subject, item.stopEnds) }));
  const decision = item.decisionAtTheTime;
  const findings = decision ? decision.findings : [];
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
      <h3 id={headingId} className="text-xl font-bold">
        {patient.familyName}, {patient.givenName} —{" "}
        <span>
          <span aria-hidden="true">{kind.icon} </span>
          {kind.text}
        </span>
      </h3>
      <p className="text-slate-700">
        MRN {patient.mrn} · {patient.unit.name} · {protocolLabel(course.protocol)} ({course.ruleSetId} {course.ruleSetVersion}) · cycle {event.cycle}, event{" "}
        {event.sequence}
      </p>
      <p className="text-slate-700">
        Recorded at <time dateTime={event.occurredAt.toISOString()}>{formatClock(event.occurredAt, timeZone, now)}</time> by {event.recordedByName}
        {event.criteria.length ? <> · held for: {event.criteria.map((c) => criterionWords(course.ruleSetId, course.ruleSetVersion, c)).join(", ")}</> : null}
        {item.judgmentCriteria.length ? <> · judgment: <span className="font-mono text-sm">{item.judgmentCriteria.join(", ")}</span></> : null}
        {course.status === "closed" ? " · course closed" : null}
      </p>
      {event.note ? <p className="mt-1">Nurse&apos;s note: {event.note}</p> : null}

      <section aria-labelledby={`${headingId}-assessment`} className="mt-4">
        <h4 id={`${headingId}-assessment`} className="mb-1 text-lg font-semibold">Assessment</h4>
        {item.assessmentState === "active" && item.assessment ? (
          <AssessmentSummary
            assessment={item.assessment}
            dosingWeightKg={course.dosingWeightKg}
            baselineWeightKg={course.baselineWeightKg}
            timeZone={timeZone}
            now={now}
          />
        ) : item.assessmentState === "entered-in-error" ? (
          <p>The assessment of this event was marked entered in error; there is no assessment to judge.</p>
        ) : (
          <p>No assessment is linked to this event, so there is nothing to judge or compare.</p>
        )}
      </section>

      <section aria-labelledby={`${headingId}-findings`} className="mt-4">
        <h4 id={`${headingId}-findings`} className="mb-1 text-lg font-semibold">
          Engine decision at the time ({course.ruleSetId} {course.ruleSetVersion})
        </h4>
        {decision ? (
          <div className="flex flex-col gap-2">
            <p className="flex flex-wrap items-center gap-2">
              <DecisionBadge decision={decision.decision} size="sm" />
              {decision.reason ? <span>{REASON_TEXT[decision.reason] ?? decision.reason}</span> : null}
              <span className="text-sm text-slate-700">Recorded decision: {event.engineDecision}</span>
            </p>
            {decision.missing.length ? <p>Missing: {decision.missing.map(fieldLabel).join(", ")}</p> : null}
            {decision.stale.length ? <p>Too old: {decision.stale.map((s) => (s === "at" ? "the assessment" : fieldLabel(s))).join(", ")}</p> : null}
            {item.assessmentState === "active" ? <FindingsList findings={findings} caption="Criteria that fired under the course's rule set" timeZone={timeZone} now={now} /> : null}
          </div>
        ) : (
          <p>The engine could not read this event&apos;s stored data. Recorded decision: {event.engineDecision}.</p>
        )}
      </section>

      <section aria-labelledby={`${headingId}-compare`} className="mt-4">
        <h4 id={`${headingId}-compare`} className="mb-1 text-lg font-semibold">Same assessment under TIL-adjunct and monotherapy</h4>
        {item.comparison ? (
          <ProtocolComparison comparison={item.comparison} headingLevel={5} />
        ) : (
          <p>{item.assessmentState === "active" ? "The comparison could not be computed from the stored data." : "No assessment: nothing to compare."}</p>
        )}
      </section>

      <section aria-labelledby={`${headingId}-review`} className="mt-4 border-t border-slate-200 pt-4">
        <h4 id={`${headingId}-review`} className="mb-2 text-lg font-semibold">Your review</h4>
        {subject === "held" && !choices.some((c) => c.outcome === "override") ? (
          <p className="mb-2 text-sm text-slate-700">
            Override is not offered:{" "}
            {item.laterEvents > 0
              ? "a later dose event has been recorded since this hold."
              : item.assessmentState !== "active"
                ? "the hold has no usable assessment."
                : event.engineDecision === "give"
                  ? "the engine said give for this assessment, so the nurse needs no override."
                  : `the engine's decision was “${event.engineDecision}”, not a hold-tier objection.`}
          </p>
        ) : null}
        <ReviewForm doseEventId={event.id} choices={choices} subjectLabel={subjectLabel} />
      </section>
    </article>
  );
}
