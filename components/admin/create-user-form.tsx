"use client";

import { createUserAction } from "@/lib/actions/create-user";
import { CreateUserSchema } from "@/lib/schemas/admin";
import type { AdminUnitRef } from "@/lib/views/admin";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { ErrorSummary } from "@/components/ui/error-summary";
import { fieldProps, useActionForm, type FormField } from "@/components/ui/form";
import { SignatureFields } from "@/components/ui/signature-fields";
import { UnitChoices } from "@/components/admin/unit-choices";
import { TemporaryPassword } from "@/components/admin/temporary-password";

export function CreateUserForm({ units, roles }: { units: AdminUnitRef[]; roles: { value: string; label: string }[] }) {
  const f = useActionForm(createUserAction, { schema: CreateUserSchema, defaultValue: { role: "" } });
  const created = f.state?.ok ? f.state.data : null;
  return (
    <div className="flex flex-col gap-4">
      {created ? <TemporaryPassword name={created.name} email={created.email} password={created.temporaryPassword} /> : null}
      <form {...f.formProps} aria-labelledby="create-user-heading" className="flex flex-col gap-4 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="create-user-heading" className="text-lg font-semibold">Create an account</h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Full name" autoComplete="off" requiredMark {...fieldProps(f.fields.name)} />
          <Field label="E-mail address" type="email" autoComplete="off" requiredMark {...fieldProps(f.fields.email)} />
          <Select label="Role" placeholder="Choose a role" options={roles} requiredMark {...fieldProps(f.fields.role)} />
        </div>
        <UnitChoices field={f.fields.unitIds} units={units} legend="Units (a clinician sees only the patients of their units; an administrator admits only to theirs)" />
        <SignatureFields
          fields={f.fields as unknown as { password: FormField }}
          label="Your own password, to sign"
          hint="An administrator re-enters their own password to create an account: it is stored with your name, the time and the account made."
        />
        <ErrorSummary {...f.summary} title="Not created: correct these entries" />
        <div>
          <Button type="submit" disabled={f.pending}>{f.pending ? "Creating…" : "Create account"}</Button>
        </div>
      </form>
    </div>
  );
}
