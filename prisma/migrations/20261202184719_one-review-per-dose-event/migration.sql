/*
  Warnings:

  - A unique constraint covering the columns `[doseEventId]` on the table `HoldReview` will be added. If there are existing duplicate values, this will fail.

*/
-- ---------------------------------------------------------------------------------------------------------------
-- Hand-written guard (docs/decisions/035-enforced-boundaries.md). A HoldReview is a signed clinical record, and
-- nothing clinical is ever deleted: if a dose event already has more than one review, this migration stops here,
-- before any change, and names the events, so that a person decides what the record should say. It deletes and
-- merges nothing. A duplicate written after this check still makes CREATE UNIQUE INDEX below fail ("could not
-- create unique index"), and the whole script rolls back.
-- ---------------------------------------------------------------------------------------------------------------
DO $$
DECLARE
  duplicated bigint;
  examples text;
BEGIN
  SELECT count(*) INTO duplicated
    FROM (SELECT 1 FROM "HoldReview" GROUP BY "doseEventId" HAVING count(*) > 1) d;
  IF duplicated > 0 THEN
    SELECT string_agg(e."doseEventId"::text || ' (' || e.n || ' reviews)', ', ' ORDER BY e."doseEventId")
      INTO examples
      FROM (
        SELECT "doseEventId", count(*) AS n FROM "HoldReview"
         GROUP BY "doseEventId" HAVING count(*) > 1
         ORDER BY "doseEventId" LIMIT 20
      ) e;
    RAISE EXCEPTION 'one-review-per-dose-event: % dose event(s) already have more than one HoldReview (first 20: %). Nothing was changed and no review was deleted: decide by hand which review stands, then deploy again.', duplicated, examples;
  END IF;
END
$$;

-- DropIndex
DROP INDEX "HoldReview_doseEventId_idx";

-- CreateIndex
CREATE UNIQUE INDEX "HoldReview_doseEventId_key" ON "HoldReview"("doseEventId");
