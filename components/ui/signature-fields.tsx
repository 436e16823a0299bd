"use client";

import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";
import { controlledFieldProps, fieldProps, type FormField } from "@/components/ui/form";
import { useAskUserId } from "@/components/auth/signature-session";
import { SIGNATURE_FIELDS } from "@/lib/domain/signature";

/**
 * Never filled in by the browser's password manager (docs/decisions/055): Chromium ignores `autocomplete="off"` on a
 * password input but honours `new-password` (it never fills a saved password there), and 1Password, LastPass and
 * Bitwarden skip fields marked with their ignore attributes. The sign-in form alone keeps `current-password`.
 */
export const SIGNATURE_PASSWORD_ATTRIBUTES = {
  autoComplete: "new-password",
  "data-1p-ignore": "true",
  "data-lpignore": "true",
  "data-bwignore": "true",
} as const;

/** The user id typed at a signature: never suggested either. */
export const SIGNATURE_USER_ID_ATTRIBUTES = {
  autoComplete: "off",
  autoCapitalize: "none",
  spellCheck: false,
  "data-1p-ignore": "true",
  "data-lpignore": "true",
  "data-bwignore": "true",
} as const;

export const USER_ID_LABEL = "Your user id (e-mail)";

/**
 * A password signature (21 CFR Part 11 §11.200), with the reason it is signed for when the form asks one. The first
 * signature of a session also asks for the user id (the server decides; a field error brings the field back). The
 * password is never filled in (useActionForm empties it after every answer); the hint says what the signature means.
 * `fields` is the form's Conform fields: the password and the user id are read from it by name.
 */
export function SignatureFields({
  fields,
  meaning,
  hint,
  label = "Your password, to sign",
  required = true,
  reason,
}: {
  fields: { password: FormField };
  /** the signature's meaning as stored with the signer's name and the time */
  meaning?: string;
  /** replaces the sentence built from `meaning` */
  hint?: string;
  label?: string;
  required?: boolean;
  reason?: { field: FormField; label: string; required?: boolean; maxLength: number; rows?: number };
}) {
  const askUserId = useAskUserId();
  const userId = (fields as unknown as Record<string, FormField | undefined>)[SIGNATURE_FIELDS.userId];
  const showUserId = askUserId || Boolean(userId?.errors?.length);
  return (
    <>
      {reason ? (
        <TextAreaField label={reason.label} rows={reason.rows ?? 2} maxLength={reason.maxLength} required={reason.required} {...fieldProps(reason.field)} />
      ) : null}
      {showUserId ? (
        <Field
          label={USER_ID_LABEL}
          type="text"
          inputMode="email"
          required={required}
          hint="The first signature of a session asks for your user id and password."
          {...SIGNATURE_USER_ID_ATTRIBUTES}
          {...(userId ? fieldProps(userId) : { name: SIGNATURE_FIELDS.userId })}
        />
      ) : null}
      <Field
        label={label}
        type="password"
        required={required}
        hint={hint ?? (meaning ? `Your signature means: “${meaning}”. It is stored with your name and the time.` : undefined)}
        {...SIGNATURE_PASSWORD_ATTRIBUTES}
        {...controlledFieldProps(fields.password)}
      />
    </>
  );
}
