-- AlterEnum
-- A dose given during downtime that the rules, judged at its time, would not have given (DoseEvent.downtimeFlag) is
-- acknowledged by an attending with a signed note: a HoldReview of this outcome (lib/actions/acknowledge-downtime-dose.ts,
-- decision 061, amendment of 3 Dec 2026). It authorizes nothing: no dose event is ever written under it.
ALTER TYPE "HoldReviewOutcome" ADD VALUE 'acknowledge';

-- (The draft also proposed dropping "PatientMovement_fromUnitId_fkey" and "PatientMovement_toUnitId_fkey", the
-- known drift noted in …_case-insensitive-mrn-and-unit-name: left out, those constraints stay.)

-- Hand-written. The review queue (lib/db/queries/reviews.ts listReviewQueue) finds the events that wait through the
-- partial index "DoseEvent_awaits_review_idx" (decision 057, amendment of 3 Dec 2026). A flagged downtime dose is a
-- given dose whose stored decision need not ask for an attending (a hold-tier hold does not), so the predicate gains
-- `OR "downtimeFlag" IS NOT NULL`; the query repeats it word for word. Only given doses ever carry a flag, and an
-- acknowledged one leaves the index with its firstReviewedAt, as a reviewed hold does.
DROP INDEX "DoseEvent_awaits_review_idx";
CREATE INDEX "DoseEvent_awaits_review_idx" ON "DoseEvent" ("courseId") INCLUDE ("id")
  WHERE status = 'active' AND "authorizedByReviewId" IS NULL AND "firstReviewedAt" IS NULL
    AND (kind <> 'given' OR ("decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb OR ("decisionSnapshot" #> '{result,needsAttendingReview}') = 'true'::jsonb OR "downtimeFlag" IS NOT NULL);
