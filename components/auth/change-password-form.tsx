"use client";

import { changePasswordAction } from "@/lib/actions/change-password";
import { ChangePasswordSchema } from "@/lib/schemas/account";
import { PASSWORD_MIN_LENGTH } from "@/lib/config/password-policy";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { controlledFieldProps, useActionForm } from "@/components/ui/form";

export function ChangePasswordForm({ email }: { email: string }) {
  const { failure, pending, fields, formProps } = useActionForm(changePasswordAction, { schema: ChangePasswordSchema });
  return (
    <form {...formProps} className="flex max-w-md flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      {/* lets a password manager file the new password under the right account */}
      <input type="hidden" name="username" autoComplete="username" value={email} readOnly />
      <Field label="Current password" type="password" autoComplete="current-password" required {...controlledFieldProps(fields.currentPassword)} />
      <Field
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint={`At least ${PASSWORD_MIN_LENGTH} characters; spaces and any characters allowed. Not a commonly used password, not your name or e-mail, and not “Bolus” or “interleukin”.`}
        {...controlledFieldProps(fields.newPassword)}
      />
      <Field label="New password again" type="password" autoComplete="new-password" required {...controlledFieldProps(fields.confirmPassword)} />
      <Button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
