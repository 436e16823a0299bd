-- Sign-in failure counters (docs/decisions/052-sign-in-throttling.md)
-- CreateTable
CREATE TABLE "SignInCounter" (
    "key" TEXT NOT NULL,
    "accountKey" TEXT,
    "email" TEXT,
    "address" TEXT,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "lastFailureAt" TIMESTAMP(3),
    "waitUntil" TIMESTAMP(3),
    "lastSuccessAt" TIMESTAMP(3),
    "refused" INTEGER NOT NULL DEFAULT 0,
    "refusedSince" TIMESTAMP(3),

    CONSTRAINT "SignInCounter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SignInCounter_accountKey_idx" ON "SignInCounter"("accountKey");

-- CreateIndex
CREATE INDEX "SignInCounter_refusedSince_idx" ON "SignInCounter"("refusedSince");
