import { requirePageSession } from "@/lib/auth/guards";
import { can, ROLE_LABEL } from "@/lib/auth/permissions";
import { Nav, type NavItem } from "@/components/shell/nav";
import { ReauthDialog } from "@/components/auth/reauth-dialog";
import { IdleTimer, SIGN_OUT_PATH } from "@/components/auth/idle-timer";
import { activityCookieName, pageIdle } from "@/lib/auth/config";
import { SetupAnswer } from "@/components/auth/setup-answer";
import { setupNeeded } from "@/lib/auth/first-run";
import { SignatureSession } from "@/components/auth/signature-session";

export const dynamic = "force-dynamic";

export default async function ClinicalLayout({ children }: { children: React.ReactNode }) {
  if (await setupNeeded()) return <SetupAnswer />;
  // every role holds account:password; asking for it lets a user with a temporary password see the frame of
  // /account/password (each page below asks for its own permission and sends them there)
  const session = await requirePageSession("account:password");
  const { user } = session;
  const items: NavItem[] = [];
  if (user.role === "nurse") items.push({ href: "/board", label: "Unit board" });
  if (can(user.role, "review:sign")) items.push({ href: "/reviews", label: "Reviews" });
  if (can(user.role, "count:verify")) items.push({ href: "/verifications", label: "Verifications" });
  if (user.role !== "nurse" && can(user.role, "course:view")) items.push({ href: "/board", label: "Unit board" });
  if (can(user.role, "course:view")) items.push({ href: "/handoff", label: "Handoff sheet" });
  if (can(user.role, "quality:view")) items.push({ href: "/quality", label: "Quality" });
  if (can(user.role, "patient:view")) items.push({ href: "/patients", label: "Patients" });
  if (can(user.role, "audit:view")) items.push({ href: "/admin", label: "Administration" });
  return (
    <div className="flex min-h-screen flex-col">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:bg-white focus:p-2">
        Skip to content
      </a>
      <header className="bg-blue-900 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-3 px-4 py-2">
          <div className="flex flex-wrap items-center gap-4">
            <span className="text-xl font-bold tracking-tight">Bolus</span>
            <Nav items={items} />
          </div>
          <div className="flex items-center gap-3">
            <span className="text-sm">
              <span className="font-semibold">{user.name}</span> · {ROLE_LABEL[user.role]}
            </span>
            {/* a plain form POST: its answer carries Clear-Site-Data (app/api/auth/sign-out/route.ts) */}
            <form method="post" action={SIGN_OUT_PATH}>
              <button type="submit" className="min-h-11 rounded-md border border-white/70 px-3 font-medium hover:bg-blue-800">
                Sign out
              </button>
            </form>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-6">
        <SignatureSession askUserId={!session.firstSignedAt}>{children}</SignatureSession>
      </main>
      <ReauthDialog email={user.email} name={user.name} />
      <IdleTimer {...pageIdle()} activityCookie={activityCookieName()} />
    </div>
  );
}
