import type { NextRequest } from "next/server";
import { beginOidcSignIn, oidcLoginPath } from "@/lib/auth/oidc";

export const dynamic = "force-dynamic";

/**
 * Hospital sign-in, first leg: the "Sign in with …" button on /login links here (with `?next=` when a page was asked
 * for). Sends the browser to the provider; never a stack trace. Only GET: any other method is refused (405) by Next.js.
 * docs/decisions/050-hospital-sign-in-oidc.md.
 */
export async function GET(request: NextRequest): Promise<Response> {
  let location: string;
  try {
    location = await beginOidcSignIn(request.nextUrl.searchParams.get("next"));
  } catch (e) {
    console.error("[oidc] could not start hospital sign-in:", e);
    location = oidcLoginPath("provider-error", null);
  }
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
