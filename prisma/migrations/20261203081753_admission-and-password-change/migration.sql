-- CreateEnum
CREATE TYPE "PatientMovementKind" AS ENUM ('admit', 'transfer', 'discharge');

-- AlterTable
ALTER TABLE "Patient" ADD COLUMN     "dischargedAt" TIMESTAMP(3),
ADD COLUMN     "gender" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "passwordChangedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PatientMovement" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "kind" "PatientMovementKind" NOT NULL,
    "fromUnitId" UUID,
    "toUnitId" UUID,
    "at" TIMESTAMP(3) NOT NULL,
    "byId" UUID NOT NULL,
    "note" TEXT,

    CONSTRAINT "PatientMovement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PatientMovement_patientId_at_idx" ON "PatientMovement"("patientId", "at");

-- AddForeignKey
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_byId_fkey" FOREIGN KEY ("byId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the units a movement names exist (Prisma does not model these two relations)
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_fromUnitId_fkey" FOREIGN KEY ("fromUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_toUnitId_fkey" FOREIGN KEY ("toUnitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
-- A movement names where the patient went: admit and transfer name the unit, discharge names none
ALTER TABLE "PatientMovement" ADD CONSTRAINT "PatientMovement_kind_units_check" CHECK (
  ("kind" = 'admit' AND "toUnitId" IS NOT NULL AND "fromUnitId" IS NULL) OR
  ("kind" = 'transfer' AND "toUnitId" IS NOT NULL AND "fromUnitId" IS NOT NULL AND "toUnitId" <> "fromUnitId") OR
  ("kind" = 'discharge' AND "toUnitId" IS NULL AND "fromUnitId" IS NOT NULL)
);
-- FHIR administrative gender
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_gender_check" CHECK ("gender" IS NULL OR "gender" IN ('male', 'female', 'other', 'unknown'));
