import "server-only";
import type { Tx } from "@/lib/db/client";
import { authConfig } from "@/lib/auth/config";

// The signature counter: wrong passwords typed by a signed-in user to sign (lib/auth/signature.ts) or to change
// their own password, on User.failedSignInCount / lockedUntil (docs/decisions/003, 052). Only the user's own open
// sessions reach it: failed sign-ins are counted apart, by e-mail and address (lib/auth/throttle.ts), so no stranger
// can stop a clinician from signing. Slowed, then locked: from the 3rd failure in a row each attempt must wait
// (5 s, 10 s, …); at the 5th the account locks for the configured minutes (signing, and signing in, wait for it).
// A waiting attempt is refused without checking the password.

/**
 * Locks the user's row until the transaction ends and reads it. Attempts on one account queue here, so each sees
 * the count and lock the previous one wrote: a burst of parallel guesses is counted like the same guesses in a row.
 */
export async function lockUserRow(tx: Tx, userId: string) {
  await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId}::uuid FOR UPDATE`;
  return tx.user.findUnique({ where: { id: userId } });
}

/**
 * The time zone a user's lock-out times are shown in: their unit's (the first assigned unit, by name, when they
 * have several), else UTC. Clinicians read every time on their unit's clock (docs/decisions/006-time-zones.md).
 */
export async function userTimeZone(tx: Pick<Tx, "unitAssignment">, userId: string): Promise<string> {
  const first = await tx.unitAssignment.findFirst({ where: { userId }, include: { unit: { select: { timeZone: true } } }, orderBy: { unit: { name: "asc" } } });
  return first?.unit.timeZone ?? "UTC";
}

/** "14:05" on the unit's clock. */
function clockTime(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
}

export interface Waiting {
  reason: "throttled" | "locked";
  lockedUntil: Date;
  seconds: number;
}

/** The wait still to run before this account may try a password again, or null. */
export function waitingUntil(lockedUntil: Date | null, now: Date): Waiting | null {
  if (!lockedUntil || lockedUntil <= now) return null;
  const seconds = Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000);
  return { reason: seconds <= 60 ? "throttled" : "locked", lockedUntil, seconds };
}

export interface Failure {
  failedInARow: number;
  /** set when this failure slows or locks the account */
  lockedUntil: Date | null;
  locked: boolean;
}

/**
 * Counts one wrong password for a user whose row the caller has locked (lockUserRow) and read under that lock.
 * The caller writes its audit row in the same transaction.
 */
export async function recordPasswordFailure(
  tx: Tx,
  user: { id: string; failedSignInCount: number; lockedUntil: Date | null },
  now: Date,
): Promise<Failure> {
  const failedInARow = user.failedSignInCount + 1;
  const locked = failedInARow >= authConfig.maxFailedSignIns;
  const wait = locked
    ? new Date(now.getTime() + authConfig.lockMinutes * 60_000)
    : failedInARow >= authConfig.slowAfterFailures
      ? new Date(now.getTime() + authConfig.slowBaseSeconds * 2 ** (failedInARow - authConfig.slowAfterFailures) * 1000)
      : null;
  // A signature checked before the lock began is counted after it (lib/actions/result.ts): it never shortens a wait.
  const lockedUntil = wait && user.lockedUntil && user.lockedUntil > wait ? user.lockedUntil : wait;
  await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: locked ? 0 : failedInARow, ...(lockedUntil ? { lockedUntil } : {}) } });
  return { failedInARow, lockedUntil, locked };
}

/** What a failure adds to the "wrong password" message: the wait it started, if any. */
export function failureSuffix(failure: Failure, now: Date, timeZone: string): string {
  if (failure.locked) return ` The account is now locked for ${authConfig.lockMinutes} minutes.`;
  const waiting = waitingUntil(failure.lockedUntil, now);
  if (!waiting) return "";
  return waiting.reason === "locked" ? ` The account is locked until ${clockTime(waiting.lockedUntil, timeZone)}.` : ` Wait ${waiting.seconds} seconds before trying again.`;
}

export function signatureWaitMessage(w: Waiting, timeZone: string): string {
  return w.reason === "throttled"
    ? `Too many wrong passwords: not signed. Wait ${w.seconds} seconds before signing again.`
    : `Too many wrong passwords: this account is locked until ${clockTime(w.lockedUntil, timeZone)}, so it cannot sign. Try again then, or ask an administrator.`;
}
