-- A discharge recorded in error (decision 056): a movement row of its own, naming the discharge it corrects (one
-- correction per discharge: the unique index); the discharge row stays. The foreign keys of fromUnitId/toUnitId
-- exist in SQL only (migration 20261203081753) and stay.
-- AlterEnum
ALTER TYPE "PatientMovementKind" ADD VALUE 'discharge_in_error';

-- AlterTable
ALTER TABLE "PatientMovement" ADD COLUMN     "correctsId" UUID;

-- CreateIndex
CREATE UNIQUE INDEX "PatientMovement_correctsId_key" ON "PatientMovement"("correctsId");

-- AddForeignKey
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "PatientMovement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The kinds' unit columns (migration 20261203081753), with the new kind: a discharge in error re-opens the stay on
-- the unit the patient was discharged from (toUnitId) and names the discharge it corrects. The new enum value cannot
-- be used in the transaction that adds it, so the check compares the kind as text.
ALTER TABLE "PatientMovement" DROP CONSTRAINT "PatientMovement_kind_units_check";
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_kind_units_check" CHECK (
  ("kind"::text = 'admit' AND "toUnitId" IS NOT NULL AND "fromUnitId" IS NULL AND "correctsId" IS NULL) OR
  ("kind"::text = 'transfer' AND "toUnitId" IS NOT NULL AND "fromUnitId" IS NOT NULL AND "toUnitId" <> "fromUnitId" AND "correctsId" IS NULL) OR
  ("kind"::text = 'discharge' AND "toUnitId" IS NULL AND "fromUnitId" IS NOT NULL AND "correctsId" IS NULL) OR
  ("kind"::text = 'discharge_in_error' AND "toUnitId" IS NOT NULL AND "fromUnitId" IS NULL AND "correctsId" IS NOT NULL)
);
