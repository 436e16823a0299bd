import "server-only";
import { createHash } from "node:crypto";
import type { Tx } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { authConfig } from "@/lib/auth/config";
import { AddressBuckets, type BucketOptions, type Take } from "@/lib/auth/throttle-bucket";
import { clearSharedSignInLimits, takeSharedSignIn, type RawRunner } from "@/lib/auth/rate-limit";
import { UNKNOWN_ADDRESS } from "@/lib/auth/throttle-address";

// Sign-in throttling (docs/decisions/052-sign-in-throttling.md). Failed sign-ins are counted in SignInCounter, never
// on User: User.failedSignInCount / lockedUntil count only wrong signature passwords, typed inside a session the
// user already has (lib/auth/signature.ts), so no stranger's failures can stop a clinician from signing.
//
//   pair     one address trying one e-mail: slowed from the 3rd failure in a row (no more than a window apart;
//            5 s, 10 s), paused for
//            BOLUS_LOCK_MINUTES at the 5th. Only that address is paused; the clinician at another computer is not.
//   account  one e-mail from every address: above BOLUS_SIGNIN_ACCOUNT_CEILING failures in the window, each attempt
//            waits accountDelaySeconds after the last failure — a slow-down, never a lock — except from an address
//            this account has signed in from (a computer the clinician uses).
//   address  one address trying every e-mail (password spraying): above addressCeiling failures in the window, each
//            attempt from it waits addressDelaySeconds. Not applied when the address is unknown (no trusted proxy).
//
// Every key is the typed e-mail, known account or not: an unknown e-mail is counted, slowed, paused and answered
// exactly like a real one. Refused sign-ins are summed up in the counter row and written to the audit trail as one
// summary row per e-mail and address when a pause begins, at the next success, or once the window has closed;
// successful sign-ins and pauses are audited one by one.

function positive(name: string, fallback: number): number {
  const raw = Number(process.env[name]);
  return Number.isFinite(raw) && raw > 0 ? raw : fallback;
}

export const throttleConfig = {
  pairSlowAfter: authConfig.slowAfterFailures,
  pairPauseAfter: authConfig.maxFailedSignIns,
  slowBaseSeconds: authConfig.slowBaseSeconds,
  pauseMinutes: authConfig.lockMinutes,
  /** the window account and address failures (and unaudited refusals) are counted in */
  windowMinutes: authConfig.lockMinutes,
  accountCeiling: positive("BOLUS_SIGNIN_ACCOUNT_CEILING", 10),
  accountDelaySeconds: 30,
  addressCeiling: positive("BOLUS_SIGNIN_ADDRESS_CEILING", 30),
  addressDelaySeconds: 10,
  /** an address the account signed in from within this many days is the clinician's own: no account slow-down */
  knownAddressDays: 30,
  /** refused rows summed up in one sign-in, at most (the rest at the next ones) */
  flushBatch: 20,
  bucket: {
    capacity: positive("BOLUS_SIGNIN_BURST", 30),
    perMinute: positive("BOLUS_SIGNIN_PER_MINUTE", 20),
    maxAddresses: 10_000,
  },
} as const;

/**
 * The per-address gate of sign-in (decision 052, amended by 058 for more than one instance), two layers with the same
 * limits (BOLUS_SIGNIN_BURST, BOLUS_SIGNIN_PER_MINUTE):
 * 1. a shed-load guard in this process's memory (lib/auth/throttle-bucket.ts), before any database work: it sees only
 *    the attempts that reach this instance, so it is never stricter than the shared limit, and it turns an obvious
 *    flood away without a query;
 * 2. the authoritative limit, shared by every instance in PostgreSQL (lib/auth/rate-limit.ts): one atomic statement
 *    on an UNLOGGED table, so N instances give an address the limit once, not N times.
 * The guard's refusals are handed to the shared row, so every refusal, on any instance, is summed up in one audit row
 * by whichever instance lets that address through next.
 */
export class SignInGate {
  private readonly local: AddressBuckets;
  constructor(private options: BucketOptions) {
    this.local = new AddressBuckets(options);
  }

  /** Takes one attempt for `address` at `now`, or refuses it with the seconds until the next one is allowed. */
  async take(db: RawRunner, address: string, now: Date): Promise<Take> {
    const local = this.local.take(address, now.getTime());
    if (!local.ok) return local;
    return takeSharedSignIn(db, address, now, this.options, local.refused);
  }

  /** Forgets this process's guard and, when given, takes new limits (tests; a configuration reload). */
  reset(options?: Partial<BucketOptions>): void {
    this.local.reset(options);
    if (options) this.options = { ...this.options, ...options };
  }

  /** Forgets every address's shared bucket too (tests; an operator lifting the limit). */
  async resetShared(db: RawRunner, options?: Partial<BucketOptions>): Promise<void> {
    this.reset(options);
    await clearSharedSignInLimits(db);
  }

  /** addresses this process's guard remembers */
  get size(): number {
    return this.local.size;
  }
}

// One guard per process (a dev server's reloads keep it); the shared limit is in the database.
const globalForGate = globalThis as unknown as { bolusSignInGate?: SignInGate };
export const signInGate: SignInGate = (globalForGate.bolusSignInGate ??= new SignInGate({ ...throttleConfig.bucket }));

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface ThrottleKeys {
  email: string;
  address: string;
  accountKey: string;
  pair: string;
  account: string;
  /** null when the address is unknown: one shared address must not slow everyone */
  byAddress: string | null;
}

export function throttleKeys(typedEmail: string, address: string): ThrottleKeys {
  const email = normalizeEmail(typedEmail);
  const accountKey = sha256(`account\0${email}`);
  const addressKey = sha256(`address\0${address}`);
  return {
    email,
    address,
    accountKey,
    pair: `pair:${accountKey}:${addressKey}`,
    account: `account:${accountKey}`,
    byAddress: address === UNKNOWN_ADDRESS ? null : `address:${addressKey}`,
  };
}

export interface CounterRow {
  key: string;
  accountKey: string | null;
  email: string | null;
  address: string | null;
  failures: number;
  windowStart: Date;
  lastFailureAt: Date | null;
  waitUntil: Date | null;
  lastSuccessAt: Date | null;
  refused: number;
  refusedSince: Date | null;
}

export interface Counters {
  keys: ThrottleKeys;
  pair: CounterRow;
  account: CounterRow;
  byAddress: CounterRow | null;
}

/**
 * Creates (if new) and locks this attempt's counter rows until the transaction ends, in key order (no deadlock
 * between attempts sharing some of them). Attempts on one e-mail queue here, so a burst of parallel guesses is
 * counted as the same guesses one after another.
 */
export async function lockCounters(tx: Tx, keys: ThrottleKeys, now: Date): Promise<Counters> {
  const rows = [
    { key: keys.pair, accountKey: keys.accountKey, address: keys.address },
    { key: keys.account, accountKey: keys.accountKey, address: null },
    ...(keys.byAddress ? [{ key: keys.byAddress, accountKey: null, address: keys.address }] : []),
  ].sort((a, b) => (a.key < b.key ? -1 : 1));
  await tx.signInCounter.createMany({ data: rows.map((r) => ({ ...r, email: r.accountKey ? keys.email : null, windowStart: now })), skipDuplicates: true });
  const locked = await tx.$queryRaw<CounterRow[]>`SELECT * FROM "SignInCounter" WHERE "key" = ANY(${rows.map((r) => r.key)}) ORDER BY "key" FOR UPDATE`;
  const byKey = new Map(locked.map((r) => [r.key, r]));
  return { keys, pair: byKey.get(keys.pair)!, account: byKey.get(keys.account)!, byAddress: keys.byAddress ? byKey.get(keys.byAddress)! : null };
}

const windowMs = () => throttleConfig.windowMinutes * 60_000;
const inWindow = (row: CounterRow, now: Date) => now.getTime() - row.windowStart.getTime() < windowMs();

export interface SignInWait {
  reason: "throttled" | "paused";
  until: Date;
  seconds: number;
}

/** How long this attempt must still wait before a password is checked for it, or null. */
export function signInWait(c: Counters, now: Date): SignInWait | null {
  const candidates: Date[] = [];
  if (c.pair.waitUntil && c.pair.waitUntil > now) candidates.push(c.pair.waitUntil);
  const known = c.pair.lastSuccessAt !== null && now.getTime() - c.pair.lastSuccessAt.getTime() < throttleConfig.knownAddressDays * 86_400_000;
  if (!known && inWindow(c.account, now) && c.account.failures >= throttleConfig.accountCeiling && c.account.lastFailureAt) {
    candidates.push(new Date(c.account.lastFailureAt.getTime() + throttleConfig.accountDelaySeconds * 1000));
  }
  if (c.byAddress && inWindow(c.byAddress, now) && c.byAddress.failures >= throttleConfig.addressCeiling && c.byAddress.lastFailureAt) {
    candidates.push(new Date(c.byAddress.lastFailureAt.getTime() + throttleConfig.addressDelaySeconds * 1000));
  }
  const until = candidates.filter((d) => d > now).sort((a, b) => b.getTime() - a.getTime())[0];
  if (!until) return null;
  const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
  return { reason: seconds <= 60 ? "throttled" : "paused", until, seconds };
}

/** The same words for every e-mail, known or not, and no clock time (no unit, so no time zone, to give away). */
export function signInWaitMessage(w: SignInWait): string {
  if (w.reason === "throttled") return `Too many failed sign-ins: wait ${w.seconds} seconds before trying again.`;
  const minutes = Math.ceil(w.seconds / 60);
  return `Too many failed sign-ins for this e-mail from this computer: try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an administrator.`;
}

/** Shown only after the right password: the user's own wrong signatures locked the account (lib/auth/signature.ts). */
export function signInLockedBySignaturesMessage(lockedUntil: Date, timeZone: string): string {
  const at = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(lockedUntil);
  return `Too many wrong signature passwords: this account is locked until ${at}. Try again then, or ask an administrator.`;
}

export const WRONG_SIGN_IN = "E-mail or password is incorrect.";

export interface SignInFailure {
  failedInARow: number;
  paused: boolean;
  wait: SignInWait | null;
}

/** Counts one wrong password (or unknown e-mail) on the locked rows. */
export async function recordSignInFailure(tx: Tx, c: Counters, now: Date): Promise<SignInFailure> {
  // a run of failures ends with a success, or when the last failure is a window old
  const running = c.pair.lastFailureAt !== null && now.getTime() - c.pair.lastFailureAt.getTime() < windowMs();
  const failedInARow = (running ? c.pair.failures : 0) + 1;
  const paused = failedInARow >= throttleConfig.pairPauseAfter;
  const waitUntil = paused
    ? new Date(now.getTime() + throttleConfig.pauseMinutes * 60_000)
    : failedInARow >= throttleConfig.pairSlowAfter
      ? new Date(now.getTime() + throttleConfig.slowBaseSeconds * 2 ** (failedInARow - throttleConfig.pairSlowAfter) * 1000)
      : c.pair.waitUntil;
  await tx.signInCounter.update({ where: { key: c.pair.key }, data: { failures: paused ? 0 : failedInARow, waitUntil, lastFailureAt: now } });
  for (const row of [c.account, c.byAddress]) {
    if (!row) continue;
    const fresh = !inWindow(row, now);
    await tx.signInCounter.update({
      where: { key: row.key },
      data: { failures: fresh ? 1 : row.failures + 1, windowStart: fresh ? now : row.windowStart, lastFailureAt: now },
    });
  }
  const after = { ...c, pair: { ...c.pair, waitUntil, failures: paused ? 0 : failedInARow, lastFailureAt: now } };
  const touch = (row: CounterRow | null) => row && { ...row, failures: inWindow(row, now) ? row.failures + 1 : 1, windowStart: inWindow(row, now) ? row.windowStart : now, lastFailureAt: now };
  return { failedInARow, paused, wait: signInWait({ ...after, account: touch(c.account)!, byAddress: touch(c.byAddress) }, now) };
}

/** What a failure adds to "E-mail or password is incorrect.": the wait it started, if any (same for every e-mail). */
export function signInFailureMessage(f: SignInFailure): string {
  if (f.paused) return `${WRONG_SIGN_IN} Too many failed sign-ins for this e-mail from this computer: try again in ${throttleConfig.pauseMinutes} minutes, or ask an administrator.`;
  if (f.wait) return `${WRONG_SIGN_IN} Wait ${f.wait.seconds} seconds before trying again.`;
  return WRONG_SIGN_IN;
}

/** A correct password: this address's run of failures ends, and the address becomes one this account uses. */
export async function recordSignInSuccess(tx: Tx, c: Counters, now: Date): Promise<void> {
  await tx.signInCounter.update({ where: { key: c.pair.key }, data: { failures: 0, waitUntil: null, lastSuccessAt: now } });
}

/** One more refused sign-in on the pair row, summed up later (auditSummary); `c.pair` is updated to match. */
export async function countRefusal(tx: Tx, c: Counters, now: Date): Promise<void> {
  await tx.signInCounter.update({ where: { key: c.pair.key }, data: { refused: { increment: 1 }, refusedSince: c.pair.refusedSince ?? now } });
  c.pair = { ...c.pair, refused: c.pair.refused + 1, refusedSince: c.pair.refusedSince ?? now };
}

/**
 * Writes the refusals counted on a pair row as one `sign-in` `denied` audit row and starts the count again. The
 * actor is the account when the e-mail is one (the row never says which; the audit trail may).
 */
export async function auditSummary(tx: Tx, row: Pick<CounterRow, "key" | "email" | "address" | "refused" | "refusedSince" | "failures" | "waitUntil">, now: Date, extra: Record<string, string | number | boolean | null> = {}): Promise<void> {
  if (row.refused === 0 || !row.refusedSince) return;
  const user = row.email ? await tx.user.findUnique({ where: { email: row.email }, select: { id: true } }) : null;
  await tx.signInCounter.update({ where: { key: row.key }, data: { refused: 0, refusedSince: null } });
  await writeAudit(tx, {
    actorId: user?.id ?? null,
    actorLabel: row.email,
    action: "sign-in",
    entityType: "User",
    entityId: user?.id ?? null,
    outcome: "denied",
    details: {
      reason: "refused-sign-ins",
      refused: row.refused,
      since: row.refusedSince.toISOString(),
      address: row.address,
      ...extra,
    },
    at: now,
  });
}

/** Summary rows for pairs whose window closed with refusals not yet audited (a few per sign-in, oldest first). */
export async function auditClosedWindows(tx: Tx, now: Date, exceptKey: string): Promise<void> {
  const closedBefore = new Date(now.getTime() - windowMs());
  const rows = await tx.$queryRaw<CounterRow[]>`
    SELECT * FROM "SignInCounter" WHERE "refusedSince" <= ${closedBefore.toISOString()}::timestamp AND "refused" > 0 AND "key" <> ${exceptKey}
    ORDER BY "refusedSince" LIMIT ${throttleConfig.flushBatch} FOR UPDATE SKIP LOCKED`;
  for (const row of rows) await auditSummary(tx, row, now);
}

/** A summary of the attempts the gate refused from this address (on any instance) before this one was let through. */
export async function auditGateRefusals(tx: Tx, address: string, refused: { count: number; since: Date }, now: Date): Promise<void> {
  await writeAudit(tx, {
    action: "sign-in",
    entityType: "User",
    outcome: "denied",
    details: { reason: "rate-limited", refused: refused.count, since: refused.since.toISOString(), address },
    at: now,
  });
}

/** Lifts every sign-in slow-down and pause of this e-mail (an administrator's unlock); returns how many rows had one. */
export async function clearSignInThrottle(tx: Tx, email: string, now: Date): Promise<number> {
  const { accountKey } = throttleKeys(email, UNKNOWN_ADDRESS);
  const waiting = await tx.signInCounter.count({ where: { accountKey, OR: [{ waitUntil: { gt: now } }, { failures: { gt: 0 } }] } });
  await tx.signInCounter.updateMany({ where: { accountKey }, data: { failures: 0, waitUntil: null } });
  return waiting;
}
