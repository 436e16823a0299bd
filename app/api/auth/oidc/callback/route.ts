import type { NextRequest } from "next/server";
import { completeOidcSignIn } from "@/lib/auth/oidc";

export const dynamic = "force-dynamic";

/**
 * Hospital sign-in, second leg: the provider returns the browser here (OIDC_REDIRECT_URI). Signs in and goes to the
 * page asked for, or back to /login with the refusal in words (completeOidcSignIn never throws). Only GET.
 * docs/decisions/050-hospital-sign-in-oidc.md.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const location = await completeOidcSignIn(request.nextUrl.searchParams);
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
