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

/** The session cookie's name without the `__Host-` prefix (plain-HTTP development and tests, COOKIE_SECURE=0). */
export const SESSION_COOKIE = "bolus_session";
/** A cookie proxy.ts renews on every request that reaches the server with a session, for the page's idle timer. */
export const ACTIVITY_COOKIE = "bolus_seen";

type Env = Record<string, string | undefined>;

/**
 * Whether the session cookie is `Secure` (decision 053): always under `next start` (NODE_ENV=production, demo and
 * production mode alike) unless COOKIE_SECURE=0 opts out; COOKIE_SECURE=1 forces it elsewhere. Decided from
 * configuration, never from a request header. Chromium and Firefox keep Secure cookies on http://localhost and
 * http://127.0.0.1 (loopback counts as a secure context), so the demo works over plain HTTP on this computer;
 * Safari does not: there, and on a plain-HTTP address other than loopback, set COOKIE_SECURE=0.
 */
export function cookiesAreSecure(env: Env = process.env): boolean {
  if (env.COOKIE_SECURE === "0") return false;
  if (env.COOKIE_SECURE === "1") return true;
  return env.NODE_ENV === "production";
}

/**
 * The session cookie's name: `__Host-bolus_session` when Secure — the browser then refuses it unless it is Secure,
 * has Path=/ and no Domain, so a sibling subdomain cannot plant or overwrite it — else `bolus_session`.
 */
export function sessionCookieName(env: Env = process.env): string {
  return cookiesAreSecure(env) ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** The activity cookie's name, prefixed like the session cookie's. */
export function activityCookieName(env: Env = process.env): string {
  return cookiesAreSecure(env) ? `__Host-${ACTIVITY_COOKIE}` : ACTIVITY_COOKIE;
}

/**
 * The page's own idle timer (components/auth/idle-timer.tsx). The server writes lastSeenAt at most every
 * touchSeconds, so its idle limit can fall up to touchSeconds before idleMinutes after the last request; the page
 * therefore clears itself touchSeconds early, while the server session still holds (so its end is recorded as an
 * idle timeout, not found later), and warns warnSeconds before that.
 */
export function pageIdle(): { clearAfterSeconds: number; warnSeconds: number } {
  const clearAfterSeconds = Math.max(authConfig.idleMinutes * 60 - authConfig.touchSeconds, 1);
  return { clearAfterSeconds, warnSeconds: Math.min(60, Math.floor(clearAfterSeconds / 2)) };
}
