import type { InputHTMLAttributes } from "react";
import { controlClass, FieldFrame, fieldIds } from "@/components/ui/field-frame";

/** A labelled input whose errors are in words and tied to it for screen readers. */
export function Field({
  label,
  name,
  unit,
  errors,
  hint,
  requiredMark,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; unit?: string; errors?: string[]; hint?: string; requiredMark?: boolean }) {
  const id = input.id ?? `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <FieldFrame id={id} label={label} unit={unit} hint={hint} errors={errors} requiredMark={requiredMark}>
      <input {...input} id={id} name={name} aria-invalid={invalid || undefined} aria-required={requiredMark || undefined} aria-describedby={fieldIds(id, invalid, Boolean(hint)).describedBy} className={controlClass(invalid)} />
    </FieldFrame>
  );
}
