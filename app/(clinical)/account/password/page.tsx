import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/guards";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { ChangePasswordForm } from "@/components/auth/change-password-form";

export const metadata: Metadata = { title: "Change password" };

/** Every user's own password (decision 047); the only page a user with a temporary password may open. */
export default async function ChangePasswordPage() {
  const { user } = await requirePageSession("account:password");
  return (
    <>
      <PageHeader title="Change password" />
      {user.mustChangePassword ? (
        <div className="mb-4 max-w-2xl">
          <Alert tone="info">You signed in with a temporary password. Choose your own password to continue: nothing else opens until then.</Alert>
        </div>
      ) : null}
      <p className="mb-4 max-w-2xl text-slate-800">Changing your password signs you out everywhere else (other computers and browsers); this session stays open.</p>
      <ChangePasswordForm email={user.email} />
    </>
  );
}
