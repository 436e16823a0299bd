import type { ReviewQueueItem } from "@/lib/views/reviews";
import { formatClock, protocolLabel } from "@/lib/format";
import { OUTCOME_LABEL, outcomesFor, signatureMeaning, type ReviewOutcome, type ReviewSubject } from "@/lib/domain/review";
import { DecisionBadge } from "@/components/decision/decision-badge";
import { FindingsList } from "@/components/decision/findings-list";
import { criterionLabel, decisionLabel, reasonText } from "@/lib/domain/vocabulary";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { AssessmentSummary } from "@/components/review/assessment-summary";
import { ProtocolComparison } from "@/components/review/protocol-comparison";
import { ReviewForm, type OutcomeChoice } from "@/components/review/review-form";
import { stopWaitText } from "@/lib/domain/waiting";
import { downtimeReviewText, ENTERED_AFTER_DOWNTIME } from "@/lib/domain/downtime";
import { AcknowledgeDowntimeForm } from "@/components/review/acknowledge-downtime-form";
import { downtimeDecisionsFor, downtimeDecisionWords } from "@/lib/domain/downtime-stop";

const SUBJECT_TEXT: Record<ReviewSubject, { icon: string; text: string }> = {
  held: { icon: "‖", text: "Dose held" },
  stopped: { icon: "■", text: "IL-2 stopped" },
  discontinued: { icon: "✕", text: "IL-2 discontinued" },
  "given-judgment": { icon: "⚖", text: "Dose given with a judgment finding" },
  "given-downtime": { icon: "⚠", text: "Given during downtime against the rules" },
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
    case "reassess":
      return "This stop came from judgment alone (see the findings): the hold stands, IL-2 is not stopped, and the next assessment — on new observations only — decides again. If it still says stop, a new stop waits for you.";
  }
}

/** Why no override is offered on a held event, in one sentence; null when it is offered. */
function noOverrideReason(item: ReviewQueueItem, timeZone: string, now: Date): string | null {
  const { event } = item;
  const b = item.blocking.blockedBy;
  if (b) {
    return `the ${b.tier === "discontinue" ? "DISCONTINUE" : "STOP"} of dose ${b.doseNumber} (held ${formatClock(b.occurredAt, timeZone, now)}, event #${b.sequence}) blocks every dose until you decide it, so an override of this hold could not allow the dose.`;
  }
  if (item.laterEvents > 0) return "a later dose event has been recorded since this hold.";
  if (item.assessmentState !== "active") return "the hold has no usable assessment.";
  if (event.engineDecision === "give") return "the engine said give for this assessment, so the nurse needs no override.";
  if (event.engineDecision !== "hold") return `the engine's decision was “${decisionLabel(event.engineDecision)}”, not a hold-tier objection.`;
  return null;
}

/** One queue item: which dose, what it blocks and what clears it, the assessment, the findings then, both rule sets side by side, the form. */
export function ReviewItem({ item, now }: { item: ReviewQueueItem; now: Date }) {
  const { event, patient, course, subject, timeZone } = item;
  const headingId = `review-${event.id}`;
  const subjectLabel = `${patient.familyName}, ${patient.givenName} (MRN ${patient.mrn})`;
  const stopTier = subject === "held" && (event.tier === "stop" || event.tier === "discontinue" || ((event.tier === null) && (event.engineDecision === "stop" || event.engineDecision === "discontinue")));
  // A stop-tier hold reads as the stop it is, never as a plain "held" (contract 1.1).
  const kind = stopTier
    ? { icon: (event.tier ?? event.engineDecision) === "discontinue" ? "✕" : "■", text: stopWaitText(event.tier ?? event.engineDecision) }
    : SUBJECT_TEXT[subject];
  const tier = event.tier ?? event.engineDecision;
  // an override is offered only where it will allow the dose (lib/domain/blocking.ts; the action refuses the rest)
  const overrideRefusal = subject === "held" ? noOverrideReason(item, timeZone, now) : null;
  const choices: OutcomeChoice[] = outcomesFor(subject, tier, event.engineDecision, item.judgmentStop)
    .filter((o) => o !== "override" || overrideRefusal === null)
    .map((o) => ({ outcome: o, description: describe(o, subject, item.stopEnds), meaning: signatureMeaning(o, subject, item.stopEnds) }));
  const decision = item.decisionAtTheTime;
  const ruleSet = { id: course.ruleSetId, version: course.ruleSetVersion };
  const findings = decision ? decision.findings : [];
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
      <h4 id={headingId} className="text-xl font-bold">
        Dose {item.doseNumber}:{" "}
        <span>
          <span aria-hidden="true">{kind.icon} </span>
          {kind.text}
        </span>{" "}
        <span className="font-normal">
          ({stopTier ? `held ${formatClock(event.occurredAt, timeZone, now)}, ${tier} tier` : formatClock(event.occurredAt, timeZone, now)}, event #{event.sequence})
        </span>
      </h4>
      <p className={`mt-1 font-semibold ${item.blocking.blocks === "nothing" ? "text-slate-800" : "text-red-900"}`}>
        {item.blocking.text.charAt(0).toUpperCase() + item.blocking.text.slice(1)}.
      </p>
      {item.blocking.blockedBy ? (
        <p className="font-semibold text-red-900">
          The {item.blocking.blockedBy.tier === "discontinue" ? "DISCONTINUE" : "STOP"} of dose {item.blocking.blockedBy.doseNumber} (event #{item.blocking.blockedBy.sequence}) blocks every dose first: decide it before this one.
        </p>
      ) : null}
      <p className="text-slate-700">
        {patient.familyName}, {patient.givenName} · MRN {patient.mrn} · {patient.unit.name} · {protocolLabel(course.protocol)} ({course.ruleSetId} {course.ruleSetVersion}) · cycle {event.cycle}
      </p>
      <p className="text-slate-700">
        Recorded at <time dateTime={event.occurredAt.toISOString()}>{formatClock(event.occurredAt, timeZone, now)}</time> by {event.recordedByName}
        {event.criteria.length ? <> · held for: {event.criteria.map((c) => criterionLabel(c, ruleSet)).join(", ")}</> : null}
        {item.judgmentCriteria.length ? <> · judgment: {item.judgmentCriteria.map((c) => criterionLabel(c, ruleSet)).join(", ")}</> : null}
        {course.status === "closed" ? " · course closed" : null}
      </p>
      {event.note ? <p className="mt-1">Nurse&apos;s note: {event.note}</p> : null}
      {item.downtime ? (
        <div className="mt-2 rounded-md border-2 border-amber-700 bg-amber-50 p-3">
          <p className="font-semibold text-amber-950">
            <span aria-hidden="true">⚠ </span>Flagged: {downtimeReviewText(item.downtime.flag)}
          </p>
          <p className="text-sm">
            {ENTERED_AFTER_DOWNTIME} from the paper record · paper time of the dose{" "}
            <time dateTime={event.occurredAt.toISOString()}>{formatClock(event.occurredAt, timeZone, now)}</time> · entered by {item.downtime.enteredByName} at{" "}
            <time dateTime={item.downtime.enteredAt.toISOString()}>{formatClock(item.downtime.enteredAt, timeZone, now)}</time>
            {item.downtime.coSignedByName ? (
              <>
                {" "}
                · co-signed by {item.downtime.coSignedByName}
                {item.downtime.coSignedAt ? (
                  <>
                    {" "}
                    at <time dateTime={item.downtime.coSignedAt.toISOString()}>{formatClock(item.downtime.coSignedAt, timeZone, now)}</time>
                  </>
                ) : null}
              </>
            ) : null}
          </p>
          <p className="text-sm">The paper assessment and the criteria that fired on it are below.</p>
        </div>
      ) : null}

      <section aria-labelledby={`${headingId}-assessment`} className="mt-4">
        <h5 id={`${headingId}-assessment`} className="mb-1 text-lg font-semibold">{item.downtime ? "Paper assessment (entered after downtime)" : "Assessment"}</h5>
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
        <h5 id={`${headingId}-findings`} className="mb-1 text-lg font-semibold">
          Engine decision at the time ({course.ruleSetId} {course.ruleSetVersion})
        </h5>
        {decision ? (
          <div className="flex flex-col gap-2">
            <p className="flex flex-wrap items-center gap-2">
              <DecisionBadge decision={decision.decision} size="sm" />
              {decision.reason ? <span>Because {reasonText(decision.reason)}</span> : null}
              <span className="text-sm text-slate-700">Recorded decision: {decisionLabel(event.engineDecision)}</span>
            </p>
            {decision.missing.length ? <p>Missing: {decision.missing.map(fieldLabel).join(", ")}</p> : null}
            {decision.stale.length ? <p>Too old: {decision.stale.map((s) => (s === "at" ? "the assessment" : fieldLabel(s))).join(", ")}</p> : null}
            {item.assessmentState === "active" ? <FindingsList findings={findings} caption="Criteria that fired under the course's rule set" timeZone={timeZone} now={now} /> : null}
          </div>
        ) : (
          <p>The engine could not read this event&apos;s stored data. Recorded decision: {decisionLabel(event.engineDecision)}.</p>
        )}
      </section>

      <section aria-labelledby={`${headingId}-compare`} className="mt-4">
        <h5 id={`${headingId}-compare`} className="mb-1 text-lg font-semibold">Same assessment under TIL-adjunct and monotherapy</h5>
        {item.comparison ? (
          <ProtocolComparison comparison={item.comparison} headingLevel={6} />
        ) : (
          <p>{item.assessmentState === "active" ? "The comparison could not be computed from the stored data." : "No assessment: nothing to compare."}</p>
        )}
      </section>

      <section aria-labelledby={`${headingId}-review`} className="mt-4 border-t border-slate-200 pt-4">
        <h5 id={`${headingId}-review`} className="mb-2 text-lg font-semibold">Your review</h5>
        {subject === "held" && !stopTier && overrideRefusal ? <p className="mb-2 text-sm text-slate-700">Override is not offered: {overrideRefusal}</p> : null}
        {item.reassessRefusal ? (
          <p className="mb-2 text-sm text-slate-700">
            “{OUTCOME_LABEL.reassess}” is not offered. {item.reassessRefusal}
          </p>
        ) : stopTier && tier === "stop" && event.engineDecision !== "hold" && !item.judgmentStop ? (
          <p className="mb-2 text-sm text-slate-700">
            “{OUTCOME_LABEL.reassess}” is not offered: this stop comes from a stop-tier criterion, not from judgment alone.
          </p>
        ) : null}
        {subject === "given-downtime" ? (
          <AcknowledgeDowntimeForm
            doseEventId={event.id}
            subjectLabel={subjectLabel}
            choices={downtimeDecisionsFor(event.engineDecision, item.judgmentStop).map((d) => ({ decision: d, ...downtimeDecisionWords(d, item.stopEnds) }))}
          />
        ) : (
          <ReviewForm doseEventId={event.id} choices={choices} subjectLabel={subjectLabel} />
        )}
      </section>
    </article>
  );
}
