/** Label, hint and error around one input, wired for screen readers: the one shape every form field shares. */
export function fieldIds(id: string, hasErrors: boolean, hasHint: boolean) {
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  return { errorId, hintId, describedBy: [hasErrors ? errorId : null, hasHint ? hintId : null].filter(Boolean).join(" ") || undefined };
}

export function FieldFrame({
  id,
  label,
  unit,
  hint,
  errors,
  requiredMark,
  children,
}: {
  id: string;
  label: string;
  unit?: string;
  hint?: string;
  errors?: string[];
  /** shown as "required" beside the label (the control itself carries `aria-required`) */
  requiredMark?: boolean;
  children: React.ReactNode;
}) {
  const { errorId, hintId } = fieldIds(id, Boolean(errors?.length), Boolean(hint));
  return (
    <div className="flex flex-col gap-1">
      <div className="flex flex-wrap items-baseline gap-x-2">
        <label htmlFor={id} className="font-medium">
          {label}
          {unit ? <span className="font-normal text-slate-600"> ({unit})</span> : null}
        </label>
        {requiredMark ? <RequiredMark /> : null}
      </div>
      {hint ? (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrorText id={errorId} errors={errors} />
    </div>
  );
}

/**
 * "required" in words beside a label. Hidden from screen readers, which hear `aria-required` on the control: the
 * label (the control's accessible name) stays the same whether or not the field is required.
 */
export function RequiredMark() {
  return (
    <span aria-hidden="true" className="text-sm font-semibold text-purple-900">
      required
    </span>
  );
}

/** A field's (or a group's) errors in words, with the id its control's `aria-describedby` points at. */
export function FieldErrorText({ id, errors }: { id: string; errors?: string[] }) {
  return errors?.length ? (
    <p id={id} className="text-sm font-medium text-red-800">
      <span aria-hidden="true">⚠ </span>
      {errors.join(" ")}
    </p>
  ) : null;
}

export const controlClass = (invalid: boolean, extra = "") =>
  `min-h-11 rounded-md border bg-white px-3 py-2 ${invalid ? "border-red-700" : "border-slate-400"} ${extra}`.trim();
