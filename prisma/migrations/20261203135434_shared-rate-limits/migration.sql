-- The shared per-address sign-in rate limit (docs/decisions/058-more-than-one-machine.md).
-- (The draft also proposed dropping "PatientMovement_fromUnitId_fkey" and "PatientMovement_toUnitId_fkey", as in
-- 20261203103610: the schema engine's misreading of those two keys, left out by hand.)

-- CreateTable
CREATE TABLE "SignInRate" (
    "address" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "refused" INTEGER NOT NULL DEFAULT 0,
    "refusedSince" TIMESTAMP(3),
    "released" INTEGER NOT NULL DEFAULT 0,
    "releasedSince" TIMESTAMP(3),

    CONSTRAINT "SignInRate_pkey" PRIMARY KEY ("address")
);

-- CreateIndex
CREATE INDEX "SignInRate_at_idx" ON "SignInRate"("at");

-- A rate limit, not a record (docs/decisions/058-more-than-one-machine.md): not written to the WAL, so a flood of
-- sign-in attempts costs no WAL traffic and no replication; emptied after a crash, absent on a promoted standby.
ALTER TABLE "SignInRate" SET UNLOGGED;
