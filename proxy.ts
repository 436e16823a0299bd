import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-to";
import { activityCookieName, cookiesAreSecure, sessionCookieName } from "@/lib/auth/config";
import { decideRequest, parsePublicOrigin, type PublicOrigin } from "@/lib/http/origin";
import { contentSecurityPolicy, parseHsts } from "@/lib/http/policy";

// Runs before every route but the build's static files (docs/decisions/008-request-integrity.md, 053-browser-boundary.md):
// 1. Only our own origin. A request whose Host is not the configured public origin's (BOLUS_ORIGIN) answers 421
//    Misdirected Request; a mutation (any method but GET/HEAD/OPTIONS — server actions are POSTs) must carry an
//    Origin equal to the configured origin, never one derived from the request (DNS rebinding). lib/http/origin.ts.
// 2. A Content Security Policy with a fresh nonce per request and 'strict-dynamic', no 'unsafe-inline' for scripts.
//    Next.js reads the nonce from the CSP request header and puts it on its own scripts (app/layout.tsx renders every
//    page per request, so every page gets this request's nonce). lib/http/policy.ts.
// 3. HSTS from configuration (BOLUS_HSTS), never from a forwarded header.
// 4. It renews the activity cookie the page's idle timer watches, on each request that reaches the server with a
//    session cookie (prefetches aside): the same requests that keep the server session alive.
// 5. It names the path asked for in a request header (x-bolus-path), so a page guard can send a signed-out visitor
//    to /login?next=<path> (lib/auth/return-to.ts validates it).
// Authentication is not decided here: every page and action checks its own session, so nothing depends on this
// file running (CVE-2025-29927-style bypasses of middleware gain nothing).

/**
 * The configured public origin. Outside production (`next dev`, tests) an unset BOLUS_ORIGIN means this computer on
 * the dev port; `npm start` always sets it (scripts/start.mjs), and a production server without it answers nothing.
 */
function publicOrigin(): PublicOrigin | { error: string } {
  const parsed = parsePublicOrigin(process.env.BOLUS_ORIGIN);
  if ("error" in parsed && !process.env.BOLUS_ORIGIN && process.env.NODE_ENV !== "production") {
    return parsePublicOrigin(`http://localhost:${process.env.PORT ?? "3000"}`);
  }
  return parsed;
}

function plain(status: number, text: string, hsts: string | null): NextResponse {
  const response = new NextResponse(text, {
    status,
    headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "content-security-policy": "default-src 'none'; frame-ancestors 'none'" },
  });
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  return response;
}

function newNonce(): string {
  const bytes = new Uint8Array(18);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

/**
 * The router's prefetches (and the browser's speculative loads) are not activity: nobody asked for them, and Next.js
 * repeats them on its own while a page stays open. next.config.ts `skipProxyUrlNormalize` leaves the router's
 * headers visible here; lib/auth/session.ts `readSession` skips them the same way on the server.
 */
const isPrefetch = (request: NextRequest) =>
  request.headers.has("next-router-prefetch") ||
  request.headers.has("next-router-segment-prefetch") ||
  request.headers.get("purpose") === "prefetch" ||
  request.headers.get("sec-purpose")?.includes("prefetch") === true;

/** The path asked for, without the router's cache-busting `_rsc` parameter. */
function requestedPath(request: NextRequest): string {
  const search = new URLSearchParams(request.nextUrl.search);
  search.delete("_rsc");
  const query = search.toString();
  return `${request.nextUrl.pathname}${query ? `?${query}` : ""}`;
}

export function proxy(request: NextRequest) {
  const hstsConfig = parseHsts(process.env.BOLUS_HSTS);
  if ("error" in hstsConfig) console.error(`[proxy] ${hstsConfig.error}`);
  const hsts = "value" in hstsConfig ? hstsConfig.value : null;

  const origin = publicOrigin();
  if ("error" in origin) {
    console.error(`[proxy] ${origin.error}`);
    return plain(500, "Bolus is not configured: its public address (BOLUS_ORIGIN) is not set.", hsts);
  }
  const decision = decideRequest(
    { method: request.method, path: request.nextUrl.pathname, host: request.headers.get("host"), forwardedHost: request.headers.get("x-forwarded-host"), origin: request.headers.get("origin") },
    origin,
    process.env.BOLUS_TRUST_PROXY === "1",
  );
  if (decision.kind === "misdirected") return plain(421, "Misdirected request: this server does not answer for that host.", hsts);
  if (decision.kind === "foreign-origin") {
    return plain(403, "Refused: this request did not come from a Bolus page (missing or foreign Origin).", hsts);
  }

  const csp = contentSecurityPolicy(newNonce(), { development: process.env.NODE_ENV === "development" });
  // set, never appended: a header the browser sent under these names is replaced
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUESTED_PATH_HEADER, requestedPath(request));
  forwarded.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: forwarded } });
  response.headers.set("Content-Security-Policy", csp);
  if (hsts) response.headers.set("Strict-Transport-Security", hsts);
  // not on a server action's request: a cookie set on its response makes Next.js re-render the page, and a page whose
  // session just ended would leave for sign-in instead of showing the sign-in-again dialog over the typed form; the
  // form's answer renews the cookie in the page instead (components/auth/session-ended.ts SERVER_ACTIVITY_EVENT)
  if (request.cookies.has(sessionCookieName()) && !isPrefetch(request) && !request.headers.has("next-action")) {
    // read by the page (not httpOnly); it holds no secret, only "the server saw a request now"
    response.cookies.set(activityCookieName(), `${Date.now()}`, { path: "/", sameSite: "lax", secure: cookiesAreSecure(), httpOnly: false });
  }
  return response;
}

export const config = {
  // Every path but the build's static files, excluded exactly: Next.js anchors the pattern (^…$), so each
  // exclusion ends in "/" or "$" — "/favicon.ico/anything" or "/_next/staticX" still pass through here.
  matcher: ["/((?!_next/static/|_next/image$|favicon\\.ico$|icon\\.svg$).*)"],
};
