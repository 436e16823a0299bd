"use client";

import Link from "next/link";
import { setUserActiveAction } from "@/lib/actions/set-user-active";
import { resetPasswordAction } from "@/lib/actions/reset-password";
import { unlockUserAction } from "@/lib/actions/unlock-user";
import { updateUserAction } from "@/lib/actions/update-user";
import { SetUserActiveSchema, UpdateUserSchema, UserIdSchema } from "@/lib/schemas/admin";
import type { AdminUnitRef, AdminUserRow } from "@/lib/views/admin";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { ErrorSummary } from "@/components/ui/error-summary";
import { fieldProps, useActionForm, type FormField } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { ADMIN_MEANINGS } from "@/lib/domain/signature";
import { useState } from "react";
import { UnitChoices } from "@/components/admin/unit-choices";
import { TemporaryPassword } from "@/components/admin/temporary-password";
import { ConfirmStep } from "@/components/admin/confirm-step";

type User = Pick<AdminUserRow, "id" | "name" | "email" | "active" | "lockedUntil" | "failedSignInCount" | "role" | "units">;

/** The signature fields of a form whose schema does not name them (the action reads them from the raw form). */
const signatureOf = (fields: object) => fields as { password: FormField };

function ActiveForm({ user }: { user: User }) {
  const f = useActionForm(setUserActiveAction, { schema: SetUserActiveSchema });
  return (
    <form {...f.formProps}>
      <input type="hidden" name="userId" value={user.id} />
      <input type="hidden" name="active" value={user.active ? "no" : "yes"} />
      {user.active ? (
        <ConfirmStep
          label="Deactivate"
          accessibleLabel={`Deactivate ${user.name}`}
          question={`Deactivate ${user.name}?`}
          consequence={`Every open session of ${user.name} ends at once, and the account cannot sign in until an administrator reactivates it. Nothing they recorded is changed.`}
          confirmLabel={`Yes, deactivate ${user.name}`}
          variant="danger"
          pending={f.pending}
          answer={f.state}
        >
          <SignatureFields fields={signatureOf(f.fields)} label="Your own password, to sign" meaning={ADMIN_MEANINGS.deactivate(user.name)} />
        </ConfirmStep>
      ) : (
        // after a deactivation this button replaces the question: the focus stays here
        <Button type="submit" variant="secondary" disabled={f.pending} aria-label={`Reactivate ${user.name}`} autoFocus={f.state?.ok === true && !f.state.data.active}>
          Reactivate
        </Button>
      )}
      {f.failure ? <Alert tone="error">{f.failure.message}</Alert> : null}
      {f.state?.ok ? <Alert tone="success">{f.state.data.active ? `${user.name} is active again.` : `${user.name} is deactivated; ${f.state.data.sessionsEnded} open session${f.state.data.sessionsEnded === 1 ? "" : "s"} ended.`}</Alert> : null}
    </form>
  );
}

function ResetForm({ user }: { user: User }) {
  const f = useActionForm(resetPasswordAction, { schema: UserIdSchema });
  return (
    <form {...f.formProps}>
      <input type="hidden" name="userId" value={user.id} />
      <ConfirmStep
        label="Reset password"
        accessibleLabel={`Reset password for ${user.name}`}
        question={`Reset the password of ${user.name}?`}
        consequence={`Their current password stops working and every open session ends at once. You will see a temporary password to give ${user.name} in person; they choose their own at the next sign-in.`}
        confirmLabel={`Yes, reset the password of ${user.name}`}
        pending={f.pending}
        answer={f.state}
      >
        <SignatureFields fields={signatureOf(f.fields)} label="Your own password, to sign" meaning={ADMIN_MEANINGS.resetPassword(user.name)} />
      </ConfirmStep>
      {f.failure ? <Alert tone="error">{f.failure.message}</Alert> : null}
      {f.state?.ok ? <TemporaryPassword name={f.state.data.name} email={f.state.data.email} password={f.state.data.temporaryPassword} /> : null}
    </form>
  );
}

function UnlockForm({ user }: { user: User }) {
  const f = useActionForm(unlockUserAction, { schema: UserIdSchema });
  return (
    <form {...f.formProps}>
      <input type="hidden" name="userId" value={user.id} />
      <Button type="submit" variant="secondary" disabled={f.pending} aria-label={`Unlock ${user.name}`}>Unlock</Button>
      {f.failure ? <Alert tone="error">{f.failure.message}</Alert> : null}
      {f.state?.ok ? <Alert tone="success">{user.name} may sign in again.</Alert> : null}
    </form>
  );
}

function RoleAndUnitsForm({ user, units, roles, isSelf }: { user: User; units: AdminUnitRef[]; roles: { value: string; label: string }[]; isSelf: boolean }) {
  const f = useActionForm(updateUserAction, { schema: UpdateUserSchema, defaultValue: { role: user.role, unitIds: user.units.map((u) => u.id) } });
  const roleLabel = roles.find((r) => r.value === user.role)?.label ?? user.role;
  const [role, setRole] = useState<string>(user.role);
  // giving or removing the administrator role is signed with the administrator's own password (docs/decisions/055)
  const adminChange = !isSelf && role !== user.role && (role === "admin" || user.role === "admin");
  return (
    <details className="w-full">
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-blue-800 underline">
        {isSelf ? "Change your own units" : `Change role and units of ${user.name}`}
      </summary>
      <form {...f.formProps} aria-label={isSelf ? "Your own units" : `Role and units of ${user.name}`} className="mt-2 flex flex-col gap-3">
        <input type="hidden" name="userId" value={user.id} />
        {isSelf ? (
          <>
            {/* an administrator keeps their own role: another administrator changes it (lib/domain/people.ts) */}
            <input type="hidden" name="role" value={user.role} />
            <p className="text-sm">
              Your role stays {roleLabel}: another administrator can change it. Your units decide where you may admit, transfer and discharge patients.
            </p>
          </>
        ) : (
          <div onChange={(e) => { const t = e.target; if (t instanceof HTMLSelectElement && t.name === f.fields.role.name) setRole(t.value); }}>
            <Select label="Role" options={roles} {...fieldProps(f.fields.role)} />
          </div>
        )}
        <UnitChoices field={f.fields.unitIds} units={units} legend="Units" checked={user.units.map((u) => u.id)} />
        {adminChange ? (
          <SignatureFields
            fields={signatureOf(f.fields)}
            label="Your own password, to sign"
            meaning={user.role === "admin" ? ADMIN_MEANINGS.removeAdmin(user.name) : ADMIN_MEANINGS.grantAdmin(user.name)}
          />
        ) : null}
        <ErrorSummary {...f.summary} title="Not changed: correct these entries" />
        {f.state?.ok ? <Alert tone="success">{isSelf ? "Your units are saved." : `Role and units of ${user.name} changed.`}</Alert> : null}
        <div>
          <Button type="submit" disabled={f.pending}>{isSelf ? "Save your units" : "Save role and units"}</Button>
        </div>
      </form>
    </details>
  );
}

/** What an administrator can do to one account. */
export function UserActions({ user, units, roles, isSelf }: { user: User; units: AdminUnitRef[]; roles: { value: string; label: string }[]; isSelf: boolean }) {
  if (isSelf) {
    return (
      <div className="flex flex-col gap-2">
        <p className="text-sm text-slate-700">
          Your own account: <Link href="/account/password" className="font-semibold text-blue-900 underline">change your password</Link>. Another
          administrator deactivates it or changes its role.
        </p>
        <RoleAndUnitsForm user={user} units={units} roles={roles} isSelf />
      </div>
    );
  }
  return (
    <div className="flex flex-wrap items-start gap-2">
      <ActiveForm user={user} />
      <ResetForm user={user} />
      {user.lockedUntil || user.failedSignInCount > 0 ? <UnlockForm user={user} /> : null}
      <RoleAndUnitsForm user={user} units={units} roles={roles} isSelf={false} />
    </div>
  );
}
