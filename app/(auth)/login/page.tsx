import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { readSession } from "@/lib/auth/session";
import { returnTo, safeNextPath } from "@/lib/auth/return-to";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert } from "@/components/ui/alert";
import { SetupAnswer } from "@/components/auth/setup-answer";
import { setupNeeded } from "@/lib/auth/first-run";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ expired?: string; next?: string | string[] }> }) {
  const { expired, next } = await searchParams;
  if (await setupNeeded()) return <SetupAnswer />;
  const found = await readSession();
  if (found.state === "valid") redirect(returnTo(next, found.session.user.role));
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center gap-6 px-4 py-10">
      <div>
        <h1 className="text-3xl font-bold">Bolus</h1>
        <p className="text-slate-700">High-dose IL-2 after TIL — assessment, give or hold, review.</p>
      </div>
      {expired ? <Alert tone="info">Your session has ended. Sign in again to continue.</Alert> : null}
      <section aria-labelledby="sign-in-heading" className="rounded-lg border border-slate-300 bg-white p-6 shadow-sm">
        <h2 id="sign-in-heading" className="mb-4 text-xl font-semibold">
          Sign in
        </h2>
        <SignInForm next={safeNextPath(next)} />
      </section>
      <p className="text-sm text-slate-600">
        Decision support only: every give, hold and stop remains the clinician&apos;s decision under your
        institution&apos;s protocol.
      </p>
    </main>
  );
}
