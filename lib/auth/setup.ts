import { temporaryPassword } from "@/lib/auth/temporary-password";
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { writeAudit } from "@/lib/db/audit";
import { hashPassword } from "@/lib/auth/password";

// First run and the demo accounts in production (docs/decisions/047-modes-and-first-run.md). Used by the setup
// scripts (scripts/setup-*.ts, run with tsx: no "server-only" here) and by the server's setup answer.

/** Who the audit names for what the setup commands do: the operator at the server's console, not a Bolus user. */
export const SETUP_ACTOR = "setup (server console)";


export async function hasActiveAdministrator(db: Pick<PrismaClient, "user">): Promise<boolean> {
  return (await db.user.count({ where: { role: "admin", active: true } })) > 0;
}

/** The demo accounts (by e-mail) still active in this database. */
export async function activeDemoAccounts(db: Pick<PrismaClient, "user">, demoEmails: readonly string[]): Promise<string[]> {
  const rows = await db.user.findMany({ where: { email: { in: [...demoEmails] }, active: true }, select: { email: true }, orderBy: { email: "asc" } });
  return rows.map((r) => r.email);
}

export type FirstAdminResult =
  | { ok: true; userId: string; email: string; temporaryPassword: string }
  | { ok: false; reason: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Creates the first administrator with a one-time temporary password (to be changed at the first sign-in), audited
 * in the same transaction. Refuses while an active administrator exists: from then on administrators are made in
 * Bolus, by an administrator.
 */
export async function createFirstAdministrator(db: PrismaClient, input: { email: string; name: string; now: Date }): Promise<FirstAdminResult> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  if (!EMAIL.test(email)) return { ok: false, reason: `"${input.email}" is not an e-mail address.` };
  if (!name) return { ok: false, reason: 'Give the administrator\'s full name: --name "…".' };
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('bolus-setup-admin'))`;
    if ((await tx.user.count({ where: { role: "admin", active: true } })) > 0) {
      await writeAudit(tx, { actorLabel: SETUP_ACTOR, action: "setup-admin", entityType: "User", outcome: "denied", details: { reason: "an active administrator exists", email }, at: input.now });
      return { ok: false as const, reason: "An active administrator already exists: administrators are added in Bolus (Administration), not by this command." };
    }
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) {
      // every refusal leaves an audit row, like the one above
      await writeAudit(tx, {
        actorLabel: SETUP_ACTOR, action: "setup-admin", entityType: "User", entityId: existing.id, outcome: "denied",
        details: { reason: "a user with this e-mail exists", email }, at: input.now,
      });
      return { ok: false as const, reason: `A user ${email} already exists. Choose another e-mail address.` };
    }
    const user = await tx.user.create({ data: { email, name, role: "admin", passwordHash, mustChangePassword: true, createdAt: input.now } });
    await writeAudit(tx, { actorLabel: SETUP_ACTOR, action: "setup-admin", entityType: "User", entityId: user.id, outcome: "success", details: { email, role: "admin", mustChangePassword: true }, at: input.now });
    return { ok: true as const, userId: user.id, email, temporaryPassword: password };
  });
}

/**
 * Deactivates the demo accounts still active (nothing is deleted: their records stay, signed by them) and ends their
 * sessions, with one audit row. Returns the e-mails deactivated.
 */
export async function deactivateDemoAccounts(db: PrismaClient, demoEmails: readonly string[], now: Date): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const users = await tx.user.findMany({ where: { email: { in: [...demoEmails] }, active: true }, select: { id: true, email: true }, orderBy: { email: "asc" } });
    if (users.length === 0) return [];
    const ids = users.map((u) => u.id);
    await tx.user.updateMany({ where: { id: { in: ids } }, data: { active: false } });
    const ended = await tx.session.updateMany({ where: { userId: { in: ids }, endedAt: null }, data: { endedAt: now, endReason: "user-deactivated" } });
    await writeAudit(tx, {
      actorLabel: SETUP_ACTOR, action: "setup-remove-demo", entityType: "User", outcome: "success",
      details: { deactivated: users.map((u) => u.email), sessionsEnded: ended.count }, at: now,
    });
    return users.map((u) => u.email);
  });
}
