// Which requests this server answers at all, and which may change anything (issue 12 items 5, decision 053).
// Pure: the caller (proxy.ts) hands in the configured origin and the request's headers; nothing here reads the
// environment or the request itself.
//
// The public origin is configured (BOLUS_ORIGIN), never derived from the request: a DNS-rebinding page
// (evil.example resolving to this server's address) sends `Host: evil.example` and `Origin: http://evil.example`,
// which agree with each other and would pass any check that compares Origin with Host. Here both are compared with
// the configured origin instead: the wrong Host answers 421 Misdirected Request before anything runs, and a
// mutation's Origin must be exactly the configured origin.

export interface PublicOrigin {
  /** scheme://host[:port], as a browser writes it in an Origin header (default ports left out, host lower case) */
  origin: string;
  /** host[:port] as a Host header names it (default ports left out) */
  host: string;
  secure: boolean;
}

/** BOLUS_ORIGIN as a public origin, or an error in words (a path, a query, a user name or a scheme other than http(s)). */
export function parsePublicOrigin(raw: string | undefined): PublicOrigin | { error: string } {
  const value = (raw ?? "").trim();
  if (!value) return { error: "BOLUS_ORIGIN is not set: set it to the address clinicians type, e.g. https://bolus.hospital.example" };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `BOLUS_ORIGIN is not a URL: ${value}` };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { error: `BOLUS_ORIGIN must start with https:// (or http:// on this computer only): ${value}` };
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    return { error: `BOLUS_ORIGIN is an origin only (scheme, host and port), without a path: ${value}` };
  }
  return { origin: url.origin, host: url.host, secure: url.protocol === "https:" };
}

/** The host[:port] a Host header names, normalized the way URL does (lower case, default port dropped), or null. */
export function normalizeHost(raw: string | null | undefined, secure: boolean): string | null {
  if (!raw) return null;
  const value = raw.trim();
  // a Host header is host[:port], nothing else: a user name, a path or a second host is not a host
  if (!/^[A-Za-z0-9.\-[\]:]+$/.test(value)) return null;
  try {
    const url = new URL(`${secure ? "https" : "http"}://${value}`);
    return url.host;
  } catch {
    return null;
  }
}

export interface RequestFacts {
  method: string;
  /** the path asked for (no query) */
  path?: string;
  /** the Host header */
  host: string | null;
  /** X-Forwarded-Host, read only when `trustProxy` (a TLS terminator in front sets it; a browser cannot reach past it) */
  forwardedHost?: string | null;
  /** the Origin header, if any */
  origin: string | null;
}

export type RequestDecision =
  | { kind: "pass" }
  /** 421: this server does not answer for that host (a rebinding name, a typo, a scanner) */
  | { kind: "misdirected"; host: string | null }
  /** 403: a mutation without an Origin, or from another origin */
  | { kind: "foreign-origin"; origin: string | null };

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** A load balancer or monitor asks by the server's internal address; the answer holds no data (app/api/health). */
const ANY_HOST_PATHS = new Set(["/api/health"]);

/**
 * The proxy's decision for one request. Every request must name the configured host; a mutation (every method but
 * GET/HEAD/OPTIONS — server actions are POSTs) must also carry an Origin equal to the configured origin. A GET from
 * another site (a link, the identity provider's redirect back to a callback) carries no Origin and passes.
 */
export function decideRequest(request: RequestFacts, publicOrigin: PublicOrigin, trustProxy: boolean): RequestDecision {
  if (request.path !== undefined && ANY_HOST_PATHS.has(request.path) && (request.method === "GET" || request.method === "HEAD")) return { kind: "pass" };
  const forwarded = trustProxy ? firstValue(request.forwardedHost) : null;
  const named = normalizeHost(forwarded ?? request.host, publicOrigin.secure);
  if (named === null || named !== publicOrigin.host.toLowerCase()) return { kind: "misdirected", host: forwarded ?? request.host };
  if (!SAFE_METHODS.has(request.method.toUpperCase())) {
    if (request.origin === null || request.origin !== publicOrigin.origin) return { kind: "foreign-origin", origin: request.origin };
  }
  return { kind: "pass" };
}

function firstValue(header: string | null | undefined): string | null {
  if (!header) return null;
  const first = header.split(",")[0]?.trim();
  return first ? first : null;
}
