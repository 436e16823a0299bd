import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readSession } from "@/lib/auth/session";
import { returnTo, safeNextPath } from "@/lib/auth/return-to";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { SetupAnswer } from "@/components/auth/setup-answer";
import { setupNeeded } from "@/lib/auth/first-run";
import { oidcButtonLabel } from "@/lib/auth/oidc";
import { oidcRefusalText } from "@/lib/auth/oidc-config";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ expired?: string; next?: string | string[]; sso?: string }> }) {
  const { expired, next, sso } = await searchParams;
  if (await setupNeeded()) return <SetupAnswer />;
  const found = await readSession();
  if (found.state === "valid") redirect(returnTo(next, found.session.user.role));
  // hospital sign-in (docs/decisions/050-hospital-sign-in-oidc.md): the button only when OIDC_* is configured
  const ssoLabel = oidcButtonLabel();
  const ssoRefusal = oidcRefusalText(sso);
  const nextPath = safeNextPath(next);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-6 px-4 py-10">
      <div>
        <h1 className="text-3xl font-bold">Bolus</h1>
        <p className="text-slate-700">High-dose IL-2 after TIL — assessment, give or hold, review.</p>
      </div>
      {expired ? <Alert tone="info">Your session has ended. Sign in again to continue.</Alert> : null}
      {ssoRefusal ? <Alert tone="error">Not signed in: {ssoRefusal}</Alert> : null}
      <section aria-labelledby="sign-in-heading" className="rounded-lg border border-slate-300 bg-white p-6 shadow-sm">
        <h2 id="sign-in-heading" className="mb-4 text-xl font-semibold">
          Sign in
        </h2>
        <SignInForm next={nextPath} />
        {ssoLabel ? (
          <div className="mt-4 flex flex-col gap-2 border-t border-slate-200 pt-4">
            <p className="text-sm text-slate-600">or</p>
            <a
              href={nextPath ? `/api/auth/oidc/start?${new URLSearchParams({ next: nextPath })}` : "/api/auth/oidc/start"}
              className="inline-flex min-h-11 items-center justify-center rounded-md border border-slate-400 bg-white px-4 py-2 font-semibold text-slate-900 hover:bg-slate-100"
            >
              {ssoLabel}
            </a>
          </div>
        ) : null}
      </section>
      <p className="text-sm text-slate-600">
        Decision support only: every give, hold and stop remains the clinician&apos;s decision under your
        institution&apos;s protocol.
      </p>
    </main>
  );
}
