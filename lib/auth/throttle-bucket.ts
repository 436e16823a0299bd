// The first gate of sign-in (docs/decisions/052-sign-in-throttling.md): a token bucket per source address, in this
// process's memory, so a flood of sign-in attempts is turned away before it costs a database connection, a
// transaction, an audit row or an argon2 check — clinical writes keep the pool and the CPU. Per instance on purpose:
// anything shared would be a database or network round trip, which is what this gate exists to avoid. The lasting
// counters (failures by account, address and both) are in PostgreSQL (lib/auth/throttle.ts).
//
// Pure apart from its own memory: the caller passes the time.

export interface BucketOptions {
  /** attempts an address may make at once */
  capacity: number;
  /** attempts an address regains per minute */
  perMinute: number;
  /** addresses remembered; beyond this the least recently seen are forgotten (a forgotten address starts full) */
  maxAddresses: number;
}

interface Bucket {
  tokens: number;
  at: number;
  /** attempts refused here since the last one let through, and when the first of them was */
  refused: number;
  refusedSince: number | null;
}

export type Take =
  | { ok: true; /** refusals since the last attempt let through, to be summed up in one audit row */ refused: { count: number; since: Date } | null }
  | { ok: false; retryAfterSeconds: number };

export class AddressBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(private options: BucketOptions) {}

  /** Takes one attempt for `address` at `nowMs`, or refuses it with the seconds until the next one is allowed. */
  take(address: string, nowMs: number): Take {
    const { capacity, perMinute } = this.options;
    const old = this.buckets.get(address);
    const bucket = old ?? { tokens: capacity, at: nowMs, refused: 0, refusedSince: null };
    const elapsed = Math.max(0, nowMs - bucket.at);
    bucket.tokens = Math.min(capacity, bucket.tokens + (elapsed * perMinute) / 60_000);
    bucket.at = nowMs; // a clock set back refills nothing, and does not hold the bucket empty until it catches up
    // most recently seen last: the first entries are the ones to forget
    this.buckets.delete(address);
    this.buckets.set(address, bucket);
    this.forgetOldest();
    if (bucket.tokens < 1) {
      bucket.refused += 1;
      bucket.refusedSince ??= nowMs;
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * 60_000) / perMinute / 1000)) };
    }
    bucket.tokens -= 1;
    const refused = bucket.refused > 0 ? { count: bucket.refused, since: new Date(bucket.refusedSince!) } : null;
    bucket.refused = 0;
    bucket.refusedSince = null;
    return { ok: true, refused };
  }

  /** Forgets every address and, when given, takes new limits (tests; a configuration reload). */
  reset(options?: Partial<BucketOptions>): void {
    this.buckets.clear();
    if (options) this.options = { ...this.options, ...options };
  }

  get size(): number {
    return this.buckets.size;
  }

  private forgetOldest(): void {
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.options.maxAddresses) return;
      this.buckets.delete(key);
    }
  }
}
