"use client";

import { signInAction } from "@/lib/actions/sign-in";
import { SignInSchema } from "@/lib/schemas/auth";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";
import { controlledFieldProps, fieldProps, useActionForm } from "@/components/ui/form";

/** `next`: the page asked for before sign-in (already checked as a same-origin path; the action checks again). */
export function SignInForm({ next = null }: { next?: string | null }) {
  const { failure, pending, fields, formProps } = useActionForm(signInAction, { schema: SignInSchema });
  return (
    <form {...formProps} className="flex flex-col gap-4">
      {failure ? <Alert tone="error">{failure.message}</Alert> : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <Field label="E-mail" type="email" autoComplete="username" required {...fieldProps(fields.email)} />
      <Field label="Password" type="password" autoComplete="current-password" required {...controlledFieldProps(fields.password)} />
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
