import type { Metadata } from "next";
import Link from "next/link";
import * as clock from "@/lib/clock";
import { requirePageSession } from "@/lib/auth/guards";
import { ROLE_LABEL, ROLES } from "@/lib/auth/permissions";
import { listUnits, listUsers } from "@/lib/db/queries/admin";
import { hospitalTimeZone } from "@/lib/db/queries/audit";
import { userStatusText } from "@/lib/views/admin";
import { formatClock } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserActions } from "@/components/admin/user-actions";

export const metadata: Metadata = { title: "People" };

export default async function UsersPage() {
  const session = await requirePageSession("user:manage");
  const now = clock.now();
  const [users, units, zone] = await Promise.all([listUsers(now), listUnits(), hospitalTimeZone()]);
  const unitRefs = units.map((u) => ({ id: u.id, name: u.name }));
  const roles = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));
  return (
    <>
      <PageHeader title="People">
        <Link href="/admin" className="inline-flex min-h-11 items-center text-blue-800 underline">Back to administration</Link>
      </PageHeader>
      <div className="flex flex-col gap-6">
        <CreateUserForm units={unitRefs} roles={roles} />
        <section aria-labelledby="users-heading">
          <h2 id="users-heading" className="mb-2 text-lg font-semibold">Accounts</h2>
          <p className="mb-3 text-sm text-slate-700">
            Nothing is deleted: an account that should no longer sign in is deactivated, which ends its open sessions at once. Sign-in locks are
            shown on the hospital&apos;s default clock, {zone} (the time zone of the first unit by name).
          </p>
          <ul className="flex flex-col gap-3" aria-label="Accounts, active first">
            {users.map((u) => (
              <li key={u.id} className="rounded-lg border border-slate-300 bg-white p-3">
                <div className="flex flex-wrap items-baseline justify-between gap-2">
                  <h3 className="font-semibold">
                    {u.name} <span className="font-normal text-slate-700">· {u.email}</span>
                  </h3>
                  <span className={u.active ? "" : "font-semibold text-red-900"}>
                    {userStatusText(u)}
                    {u.lockedUntil ? ` until ${formatClock(u.lockedUntil, zone, now)}` : ""}
                  </span>
                </div>
                <p className="mb-2 text-sm">
                  {ROLE_LABEL[u.role]} · {u.units.length ? u.units.map((x) => x.name).join(", ") : "no unit yet"}
                </p>
                <UserActions user={u} units={unitRefs} roles={roles} isSelf={u.id === session.user.id} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
