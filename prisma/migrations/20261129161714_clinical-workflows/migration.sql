-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "cycle2ApprovalNote" TEXT;

-- AlterTable
ALTER TABLE "DoseEvent" ADD COLUMN     "authorizedByReviewId" UUID;

-- AddForeignKey
ALTER TABLE "Course" ADD CONSTRAINT "Course_cycle2ApprovedById_fkey" FOREIGN KEY ("cycle2ApprovedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DoseEvent" ADD CONSTRAINT "DoseEvent_authorizedByReviewId_fkey" FOREIGN KEY ("authorizedByReviewId") REFERENCES "HoldReview"("id") ON DELETE SET NULL ON UPDATE CASCADE;
