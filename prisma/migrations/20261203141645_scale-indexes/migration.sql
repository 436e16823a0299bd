-- CreateIndex
CREATE INDEX "Course_status_idx" ON "Course"("status");

-- Hand-written (docs/decisions/057-scale-indexes-and-queries.md, issue 13). Prisma's schema language cannot express
-- partial or expression indexes, so these live here only, like "Course_one_open_per_patient"; the schema engine
-- leaves them in place. Nothing here changes a row.

-- The review queue (lib/db/queries/reviews.ts listReviewQueue): the dose events that may wait for an attending —
-- active, not written by a signed review, and held/stopped/discontinued or a given dose whose stored decision asked
-- for an attending (either snapshot shape). Years of given doses are outside it; the query repeats this predicate
-- word for word so the planner can prove it and use the index. INCLUDE (id): the queue then reads only the index,
-- and each candidate's review is one probe of "HoldReview_doseEventId_key".
CREATE INDEX "DoseEvent_may_await_review_idx" ON "DoseEvent" ("courseId") INCLUDE ("id")
  WHERE status = 'active' AND "authorizedByReviewId" IS NULL
    AND (kind <> 'given' OR ("decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb OR ("decisionSnapshot" #> '{result,needsAttendingReview}') = 'true'::jsonb);

-- The count report (lib/db/queries/verifications.ts listCountsAwaitingVerification): "an event marked entered in
-- error after the last check" probes this small index instead of every event of every course.
CREATE INDEX "DoseEvent_entered_in_error_idx" ON "DoseEvent" ("courseId", "enteredInErrorAt") WHERE "enteredInErrorAt" IS NOT NULL;
