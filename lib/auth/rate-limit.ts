import "server-only";
import type { BucketOptions, Take } from "@/lib/auth/throttle-bucket";

// The shared per-address sign-in rate limit (docs/decisions/058-more-than-one-machine.md, amending 052): the same
// token bucket as lib/auth/throttle-bucket.ts, kept in PostgreSQL ("SignInRate", an UNLOGGED table) so that every
// instance of the app counts against one limit — with N instances a flood gets the limit once, not N times.
//
// One statement per attempt, atomic on the address's row (INSERT … ON CONFLICT DO UPDATE locks it): refill by the
// time since the last attempt, take a token or count a refusal, and report the refusals the attempt let through
// releases (summed up in one audit row by that attempt, lib/actions/sign-in.ts). The same statement forgets a few
// buckets that have been full again for a while (a forgotten address starts full, so forgetting changes nothing),
// which keeps the table at about the addresses seen in the last few minutes. Outside any transaction: a refused
// attempt costs this one statement on a table that writes no WAL, and no audit row, no argon2, no chain lock.
//
// The time is the caller's (lib/clock.ts), as for the in-process bucket: instances must share a clock (NTP); a
// skew of s seconds between two instances can give an address at most s × perMinute / 60 extra attempts.

/** What runs one SQL statement: the app's Prisma client, a second client in tests (another instance), a transaction. */
export interface RawRunner {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/** Buckets forgotten by one attempt, at most. */
const FORGET_BATCH = 5;

// $1 address, $2 now, $3 capacity, $4 tokens regained per millisecond, $5 forget buckets untouched since, $6 and $7 the
// refusals this instance's shed-load guard made for the address since its last attempt (handed over to be summed up
// with the others). A refused attempt leaves "refused" > 0; one let through leaves it 0 (RETURNING sees only the new row).
const REFILL = `LEAST($3::float8, r."tokens" + GREATEST(0, EXTRACT(EPOCH FROM ($2::timestamp - r."at")) * 1000) * $4::float8)`;
const HANDED = `COALESCE($7::timestamp, $2::timestamp)`;
const TAKE_SQL = `
WITH forgotten AS (
  DELETE FROM "SignInRate" WHERE "address" IN (
    SELECT "address" FROM "SignInRate"
    WHERE "at" < $5::timestamp AND "refused" = 0 AND "address" <> $1
    ORDER BY "at" LIMIT ${FORGET_BATCH} FOR UPDATE SKIP LOCKED
  )
)
INSERT INTO "SignInRate" AS r ("address", "tokens", "at", "refused", "refusedSince", "released", "releasedSince")
VALUES ($1, GREATEST($3::float8 - 1, 0), $2::timestamp,
        CASE WHEN $3::float8 >= 1 THEN 0 ELSE $6::int + 1 END,
        CASE WHEN $3::float8 >= 1 THEN NULL ELSE LEAST($2::timestamp, ${HANDED}) END,
        CASE WHEN $3::float8 >= 1 THEN $6::int ELSE 0 END,
        CASE WHEN $3::float8 >= 1 AND $6::int > 0 THEN ${HANDED} ELSE NULL END)
ON CONFLICT ("address") DO UPDATE SET
  "tokens" = CASE WHEN ${REFILL} >= 1 THEN ${REFILL} - 1 ELSE ${REFILL} END,
  -- a clock set back refills nothing, and does not hold the bucket empty until it catches up (as in memory)
  "at" = $2::timestamp,
  "refused" = CASE WHEN ${REFILL} >= 1 THEN 0 ELSE r."refused" + $6::int + 1 END,
  "refusedSince" = CASE WHEN ${REFILL} >= 1 THEN NULL
                        ELSE LEAST(COALESCE(r."refusedSince", $2::timestamp), ${HANDED}, $2::timestamp) END,
  "released" = CASE WHEN ${REFILL} >= 1 THEN r."refused" + $6::int ELSE 0 END,
  "releasedSince" = CASE WHEN ${REFILL} >= 1 AND r."refused" + $6::int > 0
                         THEN LEAST(COALESCE(r."refusedSince", ${HANDED}), ${HANDED}) ELSE NULL END
RETURNING "tokens", "refused", "released", "releasedSince"`;

interface TakeRow {
  tokens: number;
  refused: number;
  released: number;
  releasedSince: Date | null;
}

/** Milliseconds after which an untouched bucket is full again, and its row may be forgotten. */
export function refillMs(options: Pick<BucketOptions, "capacity" | "perMinute">): number {
  return Math.ceil((options.capacity * 60_000) / options.perMinute);
}

/**
 * Takes one sign-in attempt for `address` at `now` from the bucket every instance shares, or refuses it with the
 * seconds until the next one is allowed. On success, `refused` is what this address was refused (by any instance)
 * since its last attempt let through, to be summed up once.
 */
export async function takeSharedSignIn(
  db: RawRunner,
  address: string,
  now: Date,
  options: Pick<BucketOptions, "capacity" | "perMinute">,
  /** what this instance's own guard refused for the address before this attempt, handed over (lib/auth/throttle.ts) */
  handed: { count: number; since: Date } | null = null,
): Promise<Take> {
  const stale = new Date(now.getTime() - refillMs(options));
  const [row] = await db.$queryRawUnsafe<TakeRow[]>(
    TAKE_SQL, address, now.toISOString(), options.capacity, options.perMinute / 60_000, stale.toISOString(),
    handed?.count ?? 0, handed ? handed.since.toISOString() : null,
  );
  if (!row) throw new Error("the sign-in rate limit answered no row");
  if (row.refused > 0) {
    const tokens = Number(row.tokens);
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - tokens) * 60_000) / options.perMinute / 1000)) };
  }
  return { ok: true, refused: row.released > 0 && row.releasedSince ? { count: row.released, since: new Date(row.releasedSince) } : null };
}

/** Forgets every address's shared bucket (tests; an operator lifting the limit after a configuration change). */
export async function clearSharedSignInLimits(db: RawRunner): Promise<void> {
  await db.$executeRawUnsafe(`DELETE FROM "SignInRate"`);
}
