import type { Cycle2QueueItem } from "@/lib/views/reviews";
import { formatClock } from "@/lib/format";
import { Cycle2ApprovalForm } from "@/components/review/cycle2-approval-form";

/** A monotherapy course whose cycle 1 is over, waiting for the attending's signed go-ahead for cycle 2. */
export function Cycle2Item({ item, now }: { item: Cycle2QueueItem; now: Date }) {
  const { course, patient, readiness, timeZone } = item;
  const headingId = `cycle2-${course.id}`;
  if (!readiness.ready) return null;
  return (
    <article aria-labelledby={headingId} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
      <h3 id={headingId} className="text-xl font-bold">
        {patient.familyName}, {patient.givenName} — cycle 2 go-ahead
      </h3>
      <p className="text-slate-700">
        MRN {patient.mrn} · {patient.unit.name} · Monotherapy ({course.ruleSetId} {course.ruleSetVersion})
        {course.startAt ? (
          <>
            {" "}· cycle 1 started <time dateTime={course.startAt.toISOString()}>{formatClock(course.startAt, timeZone, now)}</time>
          </>
        ) : null}
      </p>
      <p className="mt-1">
        Cycle 1 is over: {readiness.cycle1Ended}. Doses in cycle 1: {readiness.givenInCycle1} given, {readiness.heldInCycle1} held.{" "}
        {readiness.cycle2OpensAt ? (
          <>
            Cycle 2 opens <time dateTime={readiness.cycle2OpensAt.toISOString()}>{formatClock(readiness.cycle2OpensAt, timeZone, now)}</time>.
          </>
        ) : (
          "Cycle 2 is open now."
        )}
      </p>
      <div className="mt-3">
        <Cycle2ApprovalForm courseId={course.id} subjectLabel={`${patient.familyName}, ${patient.givenName} (MRN ${patient.mrn})`} />
      </div>
    </article>
  );
}
