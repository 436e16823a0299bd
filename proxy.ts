import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-to";

// Runs before every route. Two jobs (docs/decisions/008-request-integrity.md):
// 1. A mutation (any method but GET/HEAD/OPTIONS — server actions are POSTs) must carry an Origin header naming
//    this site. Next.js itself refuses a foreign Origin on server actions but only warns when it is missing;
//    a missing Origin is refused here.
// 2. HSTS when the request came over TLS.
// 3. It names the path asked for in a request header (x-bolus-path), so a page guard can send a signed-out visitor
//    to /login?next=<path> (lib/auth/return-to.ts validates it; without this file the visitor lands on their home).
// Authentication is not decided here: every page and action checks its own session, so nothing depends on this
// file running (CVE-2025-29927-style bypasses of middleware gain nothing).

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

function allowedOrigins(request: NextRequest): Set<string> {
  // Behind a TLS-terminating proxy set BOLUS_TRUST_PROXY=1 so its x-forwarded-* headers name the public origin.
  const trustProxy = process.env.BOLUS_TRUST_PROXY === "1";
  const proto = (trustProxy && request.headers.get("x-forwarded-proto")) || request.nextUrl.protocol.replace(":", "");
  const host = (trustProxy && request.headers.get("x-forwarded-host")) || request.headers.get("host") || request.nextUrl.host;
  const extra = (process.env.BOLUS_ALLOWED_ORIGINS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  return new Set([`${proto}://${host}`, ...extra]);
}

export function proxy(request: NextRequest) {
  if (!SAFE.has(request.method)) {
    const origin = request.headers.get("origin");
    if (!origin || !allowedOrigins(request).has(origin)) {
      return new NextResponse("Refused: this request did not come from a Bolus page (missing or foreign Origin).", {
        status: 403,
        headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
      });
    }
  }
  // set, never appended: a header the browser sent under this name is replaced
  const forwarded = new Headers(request.headers);
  forwarded.set(REQUESTED_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: forwarded } });
  const tls = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
  if (tls) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  // not for static assets
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
