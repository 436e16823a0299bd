"use client";

import { useActionState } from "react";
import { signInAction } from "@/lib/actions/sign-in";
import { Field } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Alert } from "@/components/ui/alert";

export function SignInForm() {
  const [state, action, pending] = useActionState(signInAction, null);
  const failed = state && !state.ok ? state : null;
  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      {failed ? <Alert tone="error">{failed.message}</Alert> : null}
      <Field
        label="E-mail"
        name="email"
        type="email"
        autoComplete="username"
        required
        defaultValue={failed?.values?.email ?? ""}
        errors={failed?.fieldErrors?.email}
      />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required errors={failed?.fieldErrors?.password} />
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
