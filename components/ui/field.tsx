import type { InputHTMLAttributes } from "react";

/** A labelled input whose errors are in words and tied to it for screen readers. */
export function Field({
  label,
  name,
  unit,
  errors,
  hint,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; unit?: string; errors?: string[]; hint?: string }) {
  const id = input.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
        {unit ? <span className="font-normal text-slate-600"> ({unit})</span> : null}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <input
        {...input}
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={`min-h-11 rounded-md border bg-white px-3 py-2 ${errors?.length ? "border-red-700" : "border-slate-400"}`}
      />
      {errors?.length ? (
        <p id={errorId} className="text-sm font-medium text-red-800">
          <span aria-hidden="true">⚠ </span>
          {errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}
