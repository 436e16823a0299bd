-- Downtime back-entry (docs/decisions/061-downtime-back-entry.md).
-- (The draft also proposed dropping "PatientMovement_fromUnitId_fkey" and "PatientMovement_toUnitId_fkey", the
-- hand-written foreign keys of migration 20261203081753 that the schema does not declare: removed, as before.)

-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "enteredAfterDowntime" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "DoseEvent" ADD COLUMN     "coSignatureMeaning" TEXT,
ADD COLUMN     "coSignedAt" TIMESTAMP(3),
ADD COLUMN     "coSignedById" UUID,
ADD COLUMN     "downtimeEntryMeaning" TEXT,
ADD COLUMN     "downtimeFlag" TEXT,
ADD COLUMN     "enteredAfterDowntime" BOOLEAN NOT NULL DEFAULT false;

-- AddForeignKey
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_coSignedById_fkey" FOREIGN KEY ("coSignedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- A back-entered dose is always co-signed by a second clinician, never by the one who entered it (decision 061).
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_downtime_cosigned_check" CHECK (
  NOT "enteredAfterDowntime"
  OR ("coSignedById" IS NOT NULL AND "coSignedById" <> "recordedById" AND "coSignedAt" IS NOT NULL AND "coSignatureMeaning" IS NOT NULL)
);

-- The pages of issue 14 leave access records too (lib/views/access.ts ACCESS_PAGES): a course's handoff sheet,
-- replay and downtime back-entry, the unit's handoff sheet, the quality view. Without them the access record of
-- every such page was refused by this check, and the page with it.
ALTER TABLE "AccessEvent" DROP CONSTRAINT "AccessEvent_page_check";
ALTER TABLE "AccessEvent" ADD CONSTRAINT "AccessEvent_page_check" CHECK (
  page IN (
    'course', 'order-verification', 'count-verification', 'review-queue', 'verification-queue', 'audit-log', 'access-log',
    'course-handoff', 'course-replay', 'course-downtime', 'unit-handoff', 'quality'
  )
);
