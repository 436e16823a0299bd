// Session and sign-in limits. Defaults follow OWASP ASVS L2 for a shared clinical workstation; each can be set by
// environment for an institution's policy.
function minutes(name: string, fallback: number): number {
  const raw = Number(process.env[name]);
  return Number.isFinite(raw) && raw > 0 ? raw : fallback;
}

export const authConfig = {
  /** a session unused this long is over (BOLUS_IDLE_MINUTES) */
  idleMinutes: minutes("BOLUS_IDLE_MINUTES", 15),
  /** a session is over this long after sign-in, used or not (BOLUS_SESSION_HOURS) */
  absoluteMinutes: minutes("BOLUS_SESSION_HOURS", 12) * 60,
  /** failed sign-ins in a row before the account is locked */
  maxFailedSignIns: 5,
  /** from this many failures in a row, each further attempt must wait slowBaseSeconds × 2^(n − this) */
  slowAfterFailures: 3,
  slowBaseSeconds: 5,
  /** how long a lock lasts (BOLUS_LOCK_MINUTES) */
  lockMinutes: minutes("BOLUS_LOCK_MINUTES", 15),
  /** lastSeenAt is written at most this often, so reading pages does not write on every request */
  touchSeconds: 60,
} as const;

export const SESSION_COOKIE = "bolus_session";
