"use client";

import { useEffect, useMemo, useRef, useState, type InputHTMLAttributes } from "react";
import { dateTimeFormat } from "@/lib/format";
import { parseUnitLocalTime } from "@/lib/time";
import { controlClass, FieldFrame, fieldIds } from "@/components/ui/field-frame";

/** "Tue 1 Dec 22:50": the app's way of showing a time (lib/format formatClock), always with the day here. */
function spelled(at: Date, timeZone: string): string {
  const day = dateTimeFormat({ timeZone, weekday: "short", day: "numeric", month: "short" }).format(at);
  const time = dateTimeFormat({ timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(at);
  return `${day} ${time}`;
}

/**
 * The one date-time input of the course screen: a text field for the unit's 24-hour wall-clock time, typed as
 * "2026-12-01 22:50" (the browser's datetime-local would show mm/dd/yyyy hh:mm AM in en-US), with what it reads as
 * spelled out beside it ("Tue 1 Dec 22:50, unit time Europe/Berlin") or why it does not read. The value is sent as
 * typed; lib/time.ts parseUnitLocalTime reads it on the server (a "T" in place of the space is read the same).
 * Uncontrolled (`defaultValue`) or controlled (`value` + `onChange`).
 */
export function DateTimeField({
  label,
  name,
  timeZone,
  errors,
  hint,
  requiredMark,
  emptyMeans,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "type"> & {
  label: string;
  name: string;
  timeZone: string;
  errors?: string[];
  hint?: string;
  requiredMark?: boolean;
  /** what an empty field means, e.g. "now (the moment it is recorded)" */
  emptyMeans?: string;
}) {
  const id = input.id ?? `field-${name}`;
  const invalid = Boolean(errors?.length);
  const ref = useRef<HTMLInputElement>(null);
  const initial = typeof input.value === "string" ? input.value : typeof input.defaultValue === "string" ? input.defaultValue : "";
  const [text, setText] = useState(initial);
  const shown = typeof input.value === "string" ? input.value : text;

  // an uncontrolled field emptied by its form's reset (after a success) reads again
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const reread = () => setTimeout(() => setText(ref.current?.value ?? ""), 0);
    form.addEventListener("reset", reread);
    return () => form.removeEventListener("reset", reread);
  }, []);

  const echoId = `${id}-reads`;
  const trimmed = shown.trim();
  // read once per text (the form around it re-renders on every keystroke of its live preview)
  const at = useMemo(() => (trimmed ? parseUnitLocalTime(trimmed, timeZone) : null), [trimmed, timeZone]);
  // a time that does not read: its error beside the field says so once it is judged (on leaving it), not twice
  const echo = invalid && trimmed && !at
    ? null
    : !trimmed
    ? emptyMeans
      ? `Empty: ${emptyMeans}.`
      : null
    : at
      ? `Reads as ${spelled(at, timeZone)}, unit time (${timeZone}).`
      : /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}$/.test(trimmed)
        ? "This time does not exist on the unit's clock."
        : "Not yet a time: write YYYY-MM-DD HH:mm, 24-hour.";
  const describedBy = [fieldIds(id, invalid, true).describedBy, echo ? echoId : null].filter(Boolean).join(" ");
  const fullHint = `${hint ? `${hint}. ` : ""}Written YYYY-MM-DD HH:mm, 24-hour, on the unit's clock (${timeZone}).`;

  return (
    <FieldFrame id={id} label={label} hint={fullHint} errors={errors} requiredMark={requiredMark}>
      <input
        {...input}
        ref={ref}
        type="text"
        id={id}
        name={name}
        autoComplete="off"
        spellCheck={false}
        placeholder="YYYY-MM-DD HH:mm"
        onInput={(e) => {
          setText(e.currentTarget.value);
          input.onInput?.(e);
        }}
        aria-invalid={invalid || undefined}
        aria-required={requiredMark || undefined}
        aria-describedby={describedBy}
        className={controlClass(invalid, "font-mono")}
      />
      {echo ? (
        <p id={echoId} className={`text-sm ${at || !trimmed ? "text-slate-700" : "font-medium text-red-800"}`} suppressHydrationWarning>
          {echo}
        </p>
      ) : null}
    </FieldFrame>
  );
}
