import type { TextareaHTMLAttributes } from "react";
import { controlClass, FieldFrame, fieldIds } from "@/components/ui/field-frame";

/** A labelled multi-line text field whose errors are in words and tied to it for screen readers. */
export function TextAreaField({
  label,
  name,
  errors,
  hint,
  requiredMark,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; errors?: string[]; hint?: string; requiredMark?: boolean }) {
  const id = area.id ?? `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} requiredMark={requiredMark}>
      <textarea {...area} id={id} name={name} aria-invalid={invalid || undefined} aria-required={requiredMark || undefined} aria-describedby={fieldIds(id, invalid, Boolean(hint)).describedBy} className={controlClass(invalid, "min-h-24")} />
    </FieldFrame>
  );
}
