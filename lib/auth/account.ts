import "server-only";
import { randomInt } from "node:crypto";
import type { Tx } from "@/lib/db/client";

// What an administrator does to an account beside its row: a temporary password, and ending its sessions.
// docs/decisions/048-people-and-units.md.

// no 0/o, 1/l/i: read aloud or copied from a screen without doubt
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const GROUPS = 4;
const GROUP_LENGTH = 5;

/**
 * A one-time password shown once to the administrator: 20 characters from 31 (about 99 bits) from the operating
 * system's CSPRNG, in groups of five ("k7mq2-x9fpa-…") so it can be read out. It must be changed at the next sign-in.
 */
export function temporaryPassword(): string {
  const groups: string[] = [];
  for (let g = 0; g < GROUPS; g++) {
    let group = "";
    for (let i = 0; i < GROUP_LENGTH; i++) group += ALPHABET[randomInt(ALPHABET.length)];
    groups.push(group);
  }
  return groups.join("-");
}

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
