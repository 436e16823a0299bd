import "server-only";
import type { Tx } from "@/lib/db/client";

// What an administrator does to an account beside its row: a temporary password, and ending its sessions.
// docs/decisions/048-people-and-units.md.

export { temporaryPassword } from "@/lib/auth/temporary-password";

/** Ends every open session of a user in the caller's transaction; the next request of each fails (lib/auth/session.ts). */
export async function endSessionsOf(tx: Tx, userId: string, now: Date, reason: string): Promise<number> {
  const { count } = await tx.session.updateMany({ where: { userId, endedAt: null }, data: { endedAt: now, endReason: reason } });
  return count;
}

/** Locks a user's row until the transaction ends and reads it with their units; null when there is no such user. */
export async function lockUser(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  return tx.user.findUnique({ where: { id: userId }, include: { assignments: { select: { unitId: true } } } });
}

/**
 * The active administrators, their rows locked until the transaction ends: two administrators deactivating each
 * other at the same moment queue here, and the second sees the first's change (one administrator always remains).
 */
export async function lockActiveAdminIds(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text AS id FROM "User" WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`;
  return rows.map((r) => r.id);
}
