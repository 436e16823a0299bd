import type { TextareaHTMLAttributes } from "react";

/** A labelled multi-line text field whose errors are in words and tied to it for screen readers. */
export function NoteField({
  label,
  name,
  errors,
  hint,
  ...area
}: TextareaHTMLAttributes<HTMLTextAreaElement> & { label: string; name: string; errors?: string[]; hint?: string }) {
  const id = area.id ?? `field-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [errors?.length ? errorId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      <textarea
        {...area}
        id={id}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy}
        className={`min-h-24 rounded-md border bg-white px-3 py-2 ${errors?.length ? "border-red-700" : "border-slate-400"}`}
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
