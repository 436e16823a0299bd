-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "carriedFields" TEXT[],
ADD COLUMN     "carriedFromId" UUID,
ADD COLUMN     "observedAt" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "permanentEventsAnswered" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "DoseEvent" ADD COLUMN     "tier" TEXT;

-- CreateTable
CREATE TABLE "CourseAmendment" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "changes" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "signedById" UUID NOT NULL,
    "signatureMeaning" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "sentForVerification" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CourseAmendment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CourseAmendment_courseId_signedAt_idx" ON "CourseAmendment"("courseId", "signedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CourseAmendment_courseId_version_key" ON "CourseAmendment"("courseId", "version");

-- AddForeignKey
ALTER TABLE "CourseAmendment" ADD CONSTRAINT "CourseAmendment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CourseAmendment" ADD CONSTRAINT "CourseAmendment_signedById_fkey" FOREIGN KEY ("signedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Held events recorded before contract 1.1 carry their tier in the stored engine decision.
UPDATE "DoseEvent" SET "tier" = CASE WHEN "engineDecision" IN ('stop', 'discontinue') THEN "engineDecision" ELSE 'hold' END
WHERE "kind" = 'held';
