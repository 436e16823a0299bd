-- Part 11 signatures (docs/decisions/055-signatures-part-11.md): the session's first signature, the witness's own
-- signature on a dose, and the meaning of the pharmacist's sign-offs.
-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "weightVerificationMeaning" TEXT;

-- AlterTable
ALTER TABLE "DoseCountVerification" ADD COLUMN     "signatureMeaning" TEXT;

-- AlterTable
ALTER TABLE "DoseEvent" ADD COLUMN     "witnessMeaning" TEXT,
ADD COLUMN     "witnessSignedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "firstSignedAt" TIMESTAMP(3);
