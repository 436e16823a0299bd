import { endCurrentSession } from "@/lib/auth/sign-out";
import { CLEAR_SITE_DATA } from "@/lib/http/policy";

// Sign-out (issue 12 item 4, decision 053). A form POST (the header's Sign out button, the sign-in-again dialog, the
// idle timer), so it works without JavaScript and the answer is a navigation the browser acts on: the session ends
// on the server, the cookie is deleted, and Clear-Site-Data makes the browser drop this site's cache, cookies and
// storage, so Back shows no patient page. proxy.ts has already refused it unless its Origin is this site (a
// cross-site form cannot sign anyone out). `reason=idle`: the page's idle timer; back to sign-in with "Your session
// has ended".
export async function POST(request: Request): Promise<Response> {
  let idle = false;
  try {
    idle = (await request.formData()).get("reason") === "idle";
  } catch {
    // no form body: an ordinary sign-out
  }
  await endCurrentSession(idle ? "idle" : "sign-out");
  return new Response(null, {
    status: 303,
    headers: { Location: idle ? "/login?expired=1" : "/login", "Clear-Site-Data": CLEAR_SITE_DATA, "Cache-Control": "no-store" },
  });
}
