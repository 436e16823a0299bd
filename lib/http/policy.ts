// The per-response security headers proxy.ts sets (issue 12 items 4 and 6, decision 053). Pure: the nonce and the
// configuration come in as arguments.

/**
 * The Content Security Policy of one response. Scripts run only with this response's nonce ('strict-dynamic' lets
 * a nonced script — Next.js's own bootstrap — load the chunks it needs; hosts and 'self' are then ignored by
 * browsers that understand it, so an injected <script src="/…"> does not run either). No 'unsafe-inline' for
 * scripts: an inline script or event-handler attribute an attacker manages to inject does not run. Styles keep
 * 'unsafe-inline' (React style attributes); they cannot run code. `development`: React's dev build needs eval.
 */
export function contentSecurityPolicy(nonce: string, options: { development: boolean }): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) throw new Error("a CSP nonce is at least 16 base64 characters");
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "object-src 'none'",
  ].join("; ");
}

/**
 * Strict-Transport-Security from configuration (BOLUS_HSTS, e.g. "max-age=63072000; includeSubDomains"), never from
 * a request header a client could send. Unset: no HSTS (plain-HTTP demo). Anything but max-age with the optional
 * includeSubDomains and preload tokens is refused in words, so a typo does not silently switch HSTS off.
 */
export function parseHsts(raw: string | undefined): { value: string | null } | { error: string } {
  const value = (raw ?? "").trim();
  if (!value) return { value: null };
  const parts = value.split(";").map((p) => p.trim()).filter(Boolean);
  const maxAge = /^max-age=(\d{1,10})$/i.exec(parts[0] ?? "");
  const rest = parts.slice(1).map((p) => p.toLowerCase());
  if (!maxAge || rest.some((p) => p !== "includesubdomains" && p !== "preload") || new Set(rest).size !== rest.length) {
    return { error: `BOLUS_HSTS is not a Strict-Transport-Security value (max-age=<seconds>[; includeSubDomains][; preload]): ${value}` };
  }
  return { value: parts.join("; ") };
}

/** What sign-out sends so the browser drops everything this site stored: the page cache, cookies and storage. */
export const CLEAR_SITE_DATA = '"cache", "cookies", "storage"';
