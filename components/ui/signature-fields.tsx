import { Field } from "@/components/ui/field";
import { TextAreaField } from "@/components/ui/text-area-field";
import { controlledFieldProps, fieldProps, type FormField } from "@/components/ui/form";

/**
 * A password signature (21 CFR Part 11 §11.200), with the reason it is signed for when the form asks one. The
 * password is never filled in (useActionForm empties it after every answer); the hint says what the signature means.
 */
export function SignatureFields({
  password,
  meaning,
  hint,
  label = "Your password, to sign",
  required = true,
  reason,
}: {
  password: FormField;
  /** the signature's meaning as stored with the signer's name and the time */
  meaning?: string;
  /** replaces the sentence built from `meaning` */
  hint?: string;
  label?: string;
  required?: boolean;
  reason?: { field: FormField; label: string; required?: boolean; maxLength: number; rows?: number };
}) {
  return (
    <>
      {reason ? (
        <TextAreaField label={reason.label} rows={reason.rows ?? 2} maxLength={reason.maxLength} required={reason.required} {...fieldProps(reason.field)} />
      ) : null}
      <Field
        label={label}
        type="password"
        autoComplete="current-password"
        required={required}
        hint={hint ?? (meaning ? `Your signature means: “${meaning}”. It is stored with your name and the time.` : undefined)}
        {...controlledFieldProps(password)}
      />
    </>
  );
}
