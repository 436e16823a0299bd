import type { SelectHTMLAttributes } from "react";
import { controlClass, FieldFrame, fieldIds } from "@/components/ui/field-frame";

export function Select({
  label,
  name,
  errors,
  options,
  placeholder,
  hint,
  requiredMark,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { label: string; name: string; errors?: string[]; options: { value: string; label: string }[]; placeholder?: string; hint?: string; requiredMark?: boolean }) {
  const id = select.id ?? `field-${name}`;
  const invalid = Boolean(errors?.length);
  return (
    <FieldFrame id={id} label={label} hint={hint} errors={errors} requiredMark={requiredMark}>
      <select {...select} id={id} name={name} aria-invalid={invalid || undefined} aria-required={requiredMark || undefined} aria-describedby={fieldIds(id, invalid, Boolean(hint)).describedBy} className={controlClass(invalid)}>
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
