-- CreateTable
CREATE TABLE "AccessEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "userId" UUID NOT NULL,
    "patientId" UUID,
    "page" TEXT NOT NULL,
    "targetId" TEXT,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "AccessEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AccessEvent_patientId_at_idx" ON "AccessEvent"("patientId", "at");

-- CreateIndex
CREATE INDEX "AccessEvent_userId_at_idx" ON "AccessEvent"("userId", "at");

-- AddForeignKey
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ---------------------------------------------------------------------------------------------------------------
-- Hand-written below (docs/decisions/054-access-records.md). The PatientMovement unit keys of the previous
-- migration are hand-written too, so the generated draft's DROP of them was removed.
-- ---------------------------------------------------------------------------------------------------------------

-- What a row may say (lib/db/access.ts AccessPage, AccessOutcome)
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_page_check" CHECK (
  page IN ('course', 'order-verification', 'count-verification', 'review-queue', 'verification-queue', 'audit-log', 'access-log')
);
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_outcome_check" CHECK (
  outcome IN ('shown', 'refused-role', 'refused-scope', 'not-found')
);

-- Append-only: an access record is never changed or removed, by the app or anyone connected as its role.
CREATE FUNCTION access_event_append_only() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  RAISE EXCEPTION 'AccessEvent is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege', HINT = 'Access records are never changed or removed.';
END
$$;

CREATE TRIGGER access_event_no_update_delete BEFORE UPDATE OR DELETE ON "AccessEvent"
  FOR EACH ROW EXECUTE FUNCTION access_event_append_only();
CREATE TRIGGER access_event_no_truncate BEFORE TRUNCATE ON "AccessEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION access_event_append_only();
