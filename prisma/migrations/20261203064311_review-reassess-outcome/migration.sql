-- AlterEnum
ALTER TYPE "HoldReviewOutcome" ADD VALUE 'reassess';
