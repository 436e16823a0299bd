-- CreateEnum
CREATE TYPE "Role" AS ENUM ('nurse', 'attending', 'pharmacist', 'admin');

-- CreateEnum
CREATE TYPE "Protocol" AS ENUM ('til-adjunct', 'monotherapy');

-- CreateEnum
CREATE TYPE "CourseStatus" AS ENUM ('ordered', 'active', 'closed');

-- CreateEnum
CREATE TYPE "DoseEventKind" AS ENUM ('given', 'held', 'stopped', 'discontinued');

-- CreateEnum
CREATE TYPE "RecordStatus" AS ENUM ('active', 'entered-in-error');

-- CreateEnum
CREATE TYPE "HoldReviewOutcome" AS ENUM ('confirm', 'stop', 'discontinue', 'override');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('success', 'denied', 'error');

-- CreateTable
CREATE TABLE "Unit" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "failedSignInCount" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UnitAssignment" (
    "userId" UUID NOT NULL,
    "unitId" UUID NOT NULL,

    CONSTRAINT "UnitAssignment_pkey" PRIMARY KEY ("userId","unitId")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "endReason" TEXT,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Patient" (
    "id" UUID NOT NULL,
    "mrn" TEXT NOT NULL,
    "familyName" TEXT NOT NULL,
    "givenName" TEXT NOT NULL,
    "birthDate" DATE NOT NULL,
    "unitId" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Patient_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Course" (
    "id" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    "protocol" "Protocol" NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "ruleSetVersion" TEXT NOT NULL,
    "dosingWeightKg" DECIMAL(6,2) NOT NULL,
    "baselineWeightKg" DECIMAL(6,2) NOT NULL,
    "doseIuPerKg" INTEGER NOT NULL,
    "startAt" TIMESTAMP(3),
    "tilInfusionEndAt" TIMESTAMP(3),
    "targetSbpMmHg" INTEGER,
    "status" "CourseStatus" NOT NULL DEFAULT 'ordered',
    "orderedById" UUID NOT NULL,
    "orderedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "weightVerifiedById" UUID,
    "weightVerifiedAt" TIMESTAMP(3),
    "cycle2ApprovedById" UUID,
    "cycle2ApprovedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Course_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Assessment" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL,
    "sbpMmHg" INTEGER,
    "heartRateBpm" INTEGER,
    "rhythm" TEXT,
    "spo2Pct" INTEGER,
    "oxygenDevice" TEXT,
    "oxygenLpm" DECIMAL(5,1),
    "urineOutputMl" INTEGER,
    "urineOutputHours" DECIMAL(4,1),
    "weightKg" DECIMAL(6,2),
    "mentalStatus" TEXT,
    "phenylephrineMcgKgMin" DECIMAL(5,2),
    "phenylephrinePeakMcgKgMin" DECIMAL(5,2),
    "otherVasopressor" BOOLEAN,
    "fluidRefractoryHypotension" BOOLEAN,
    "creatinineMgDl" DECIMAL(5,2),
    "labsAt" TIMESTAMP(3),
    "plateletsPerUl" INTEGER,
    "bilirubinMgDl" DECIMAL(5,2),
    "bicarbonateMmolL" DECIMAL(5,1),
    "temperatureC" DECIMAL(4,1),
    "infection" TEXT,
    "giBleeding" TEXT,
    "permanentEvents" TEXT[],
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "RecordStatus" NOT NULL DEFAULT 'active',
    "enteredInErrorById" UUID,
    "enteredInErrorAt" TIMESTAMP(3),
    "enteredInErrorReason" TEXT,

    CONSTRAINT "Assessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DoseEvent" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "kind" "DoseEventKind" NOT NULL,
    "cycle" INTEGER NOT NULL,
    "doseIu" INTEGER,
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "assessmentId" UUID,
    "engineDecision" TEXT NOT NULL,
    "decisionSnapshot" JSONB NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "ruleSetVersion" TEXT NOT NULL,
    "criteria" TEXT[],
    "note" TEXT,
    "recordedById" UUID NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "witnessId" UUID,
    "status" "RecordStatus" NOT NULL DEFAULT 'active',
    "enteredInErrorById" UUID,
    "enteredInErrorAt" TIMESTAMP(3),
    "enteredInErrorReason" TEXT,

    CONSTRAINT "DoseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HoldReview" (
    "id" UUID NOT NULL,
    "doseEventId" UUID NOT NULL,
    "attendingId" UUID NOT NULL,
    "outcome" "HoldReviewOutcome" NOT NULL,
    "reason" TEXT,
    "signatureMeaning" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HoldReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DoseCountVerification" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "pharmacistId" UUID NOT NULL,
    "givenCount" INTEGER NOT NULL,
    "heldCount" INTEGER NOT NULL,
    "cumulativeIu" BIGINT NOT NULL,
    "lastEventSequence" INTEGER NOT NULL,
    "countsMatch" BOOLEAN NOT NULL,
    "countsSnapshot" JSONB NOT NULL,
    "discrepancyNote" TEXT,
    "verifiedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DoseCountVerification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorLabel" TEXT,
    "action" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "outcome" "AuditOutcome" NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "requestId" TEXT,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_tokenHash_key" ON "Session"("tokenHash");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Patient_mrn_key" ON "Patient"("mrn");

-- CreateIndex
CREATE INDEX "Patient_unitId_idx" ON "Patient"("unitId");

-- CreateIndex
CREATE INDEX "Course_patientId_idx" ON "Course"("patientId");

-- CreateIndex
CREATE INDEX "Assessment_courseId_takenAt_idx" ON "Assessment"("courseId", "takenAt");

-- CreateIndex
CREATE INDEX "DoseEvent_courseId_occurredAt_idx" ON "DoseEvent"("courseId", "occurredAt");

-- CreateIndex
CREATE UNIQUE INDEX "DoseEvent_courseId_sequence_key" ON "DoseEvent"("courseId", "sequence");

-- CreateIndex
CREATE INDEX "HoldReview_doseEventId_idx" ON "HoldReview"("doseEventId");

-- CreateIndex
CREATE INDEX "DoseCountVerification_courseId_verifiedAt_idx" ON "DoseCountVerification"("courseId", "verifiedAt");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_idx" ON "AuditEvent"("entityType", "entityId");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- AddForeignKey
ALTER TABLE "UnitAssignment" ADD CONSTRAINT "UnitAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UnitAssignment" ADD CONSTRAINT "UnitAssignment_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Patient" ADD CONSTRAINT "Patient_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_patientId_fkey" FOREIGN KEY ("patientId") REFERENCES "Patient"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_orderedById_fkey" FOREIGN KEY ("orderedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_weightVerifiedById_fkey" FOREIGN KEY ("weightVerifiedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Assessment" ADD CONSTRAINT "Assessment_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_witnessId_fkey" FOREIGN KEY ("witnessId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoldReview" ADD CONSTRAINT "HoldReview_doseEventId_fkey" FOREIGN KEY ("doseEventId") REFERENCES "DoseEvent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HoldReview" ADD CONSTRAINT "HoldReview_attendingId_fkey" FOREIGN KEY ("attendingId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseCountVerification" ADD CONSTRAINT "DoseCountVerification_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseCountVerification" ADD CONSTRAINT "DoseCountVerification_pharmacistId_fkey" FOREIGN KEY ("pharmacistId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_actorId_fkey" FOREIGN KEY ("actorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
