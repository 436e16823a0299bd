-- Hospital sign-in (OpenID Connect), docs/decisions/050-hospital-sign-in-oidc.md: the provider identity
-- (issuer, subject) an account is linked to at its first hospital sign-in. Null for password-only accounts;
-- a pair names at most one account.

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "oidcIssuer" TEXT,
ADD COLUMN     "oidcSubject" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "User_oidcIssuer_oidcSubject_key" ON "User"("oidcIssuer", "oidcSubject");
