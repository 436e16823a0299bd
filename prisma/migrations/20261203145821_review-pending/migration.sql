-- AlterTable
ALTER TABLE "DoseEvent" ADD COLUMN     "firstReviewedAt" TIMESTAMP(3);

-- (The draft also proposed dropping "PatientMovement_fromUnitId_fkey" and "PatientMovement_toUnitId_fkey", the
-- known drift noted in …_case-insensitive-mrn-and-unit-name: left out, those constraints stay.)

-- Hand-written (docs/decisions/057-scale-indexes-and-queries.md, amendment of 3 Dec 2026, issue 13).
-- "firstReviewedAt" is a derived index key, not a record: the signedAt of the event's first HoldReview (there is at
-- most one, "HoldReview_doseEventId_key"). lib/actions/review-hold.ts writes it in the review's own transaction;
-- the HoldReview row stays the record. Backfill: every event already reviewed gets its earliest review's signedAt.
-- Only this derived column changes; no clinical value is touched.
UPDATE "DoseEvent" e
   SET "firstReviewedAt" = r.first
  FROM (SELECT "doseEventId", min("signedAt") AS first FROM "HoldReview" GROUP BY "doseEventId") r
 WHERE r."doseEventId" = e.id AND e."firstReviewedAt" IS NULL;

-- The review queue (lib/db/queries/reviews.ts listReviewQueue): the events that still wait for an attending are
-- the may-wait set of "DoseEvent_may_await_review_idx" without a review. That index held every hold the unit ever
-- recorded (~25,000 a unit at 1,000,000 events), each probed for its review; this one holds only the unreviewed ones
-- (a few per open course), whatever the history. The query repeats the predicate word for word. It replaces the
-- earlier index, which nothing else used.
DROP INDEX "DoseEvent_may_await_review_idx";
CREATE INDEX "DoseEvent_awaits_review_idx" ON "DoseEvent" ("courseId") INCLUDE ("id")
  WHERE status = 'active' AND "authorizedByReviewId" IS NULL AND "firstReviewedAt" IS NULL
    AND (kind <> 'given' OR ("decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb OR ("decisionSnapshot" #> '{result,needsAttendingReview}') = 'true'::jsonb);

-- The review queue's "signed in the last 24 hours" (lib/db/queries/reviews.ts listRecentSignatures) read every
-- review and every course to find a day's signatures (a parallel scan of 416,611 reviews and 39,538 courses at
-- 1,000,000 events): the recent ones through an index (also in schema.prisma).
-- CreateIndex
CREATE INDEX "HoldReview_signedAt_idx" ON "HoldReview"("signedAt");

-- CreateIndex
CREATE INDEX "Course_cycle2ApprovedAt_idx" ON "Course"("cycle2ApprovedAt");
