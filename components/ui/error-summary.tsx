"use client";

import { useEffect, useLayoutEffect, useRef, useState } from "react";

/** The control a field's errors belong to: its id (`${formId}-${name}`, Conform's), else the first control named so. */
function controlOf(formId: string, name: string): HTMLElement | null {
  const byId = document.getElementById(`${formId}-${name}`);
  const form = document.getElementById(formId);
  const target = byId ?? (form instanceof HTMLFormElement ? form.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) : null);
  if (!target) return null;
  if (target.matches("input, select, textarea, button")) return target;
  // a group (fieldset) or a wrapper: its first control
  return target.querySelector<HTMLElement>("input:not([type=hidden]), select, textarea, button") ?? target;
}

/** The words of the label of a field's control, for a message that does not name its field itself. */
function labelOf(control: HTMLElement | null): string {
  if (!control) return "";
  const id = control.getAttribute("id");
  const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : control.closest("label");
  const legend = label ? null : control.closest("fieldset")?.querySelector("legend");
  return ((label ?? legend)?.textContent ?? "").replace(/\s+/g, " ").trim();
}

export function focusField(formId: string, name: string): void {
  const control = controlOf(formId, name);
  if (!control) return;
  control.focus({ preventScroll: true });
  control.scrollIntoView({ block: "center" });
}

/**
 * Every error of a failed submit, in one box where the user is looking: put it just above the submit button; it
 * takes the focus on each failed attempt (`attempt` changes), and each error is a link that moves the focus to its
 * field. `errors` is Conform's `form.allErrors` (the key "" holds the form's own messages). Shown only after a submit
 * (`attempt` > 0): errors found while typing stay beside their fields.
 */
export function ErrorSummary({ formId, errors, attempt, title = "Not recorded: correct these entries" }: { formId: string; errors: Record<string, string[] | undefined>; attempt: number; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const { "": formMessages = [], ...byField } = errors;
  const entries = Object.entries(byField).filter((e): e is [string, string[]] => Boolean(e[1]?.length));
  const shown = attempt > 0 && (entries.length > 0 || formMessages.length > 0);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const key = entries.map(([n]) => n).join("|");

  useLayoutEffect(() => {
    if (!shown) return;
    setLabels(Object.fromEntries(key.split("|").filter(Boolean).map((n) => [n, labelOf(controlOf(formId, n))])));
  }, [shown, key, formId]);

  // after Conform has focused the first invalid field: the summary is where the user looks next (once per attempt,
  // not again on every edit after it)
  const focusedFor = useRef(0);
  useEffect(() => {
    if (!shown || focusedFor.current === attempt) return;
    const frame = requestAnimationFrame(() => {
      focusedFor.current = attempt;
      ref.current?.focus({ preventScroll: true });
      ref.current?.scrollIntoView({ block: "nearest" });
    });
    return () => cancelAnimationFrame(frame);
  }, [attempt, shown]);

  if (!shown) return null;
  // a refusal about one field (the server's message is that field's error) is said once, in the list
  const heading = formMessages[0] && !entries.some(([, m]) => m.join(" ") === formMessages[0]) ? formMessages[0] : title;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby={`${formId}-summary-title`} className="rounded-md border-l-4 border-red-700 bg-red-50 px-4 py-3 text-red-900">
      <p id={`${formId}-summary-title`} className="font-semibold">
        <span aria-hidden="true">✕ </span>
        {heading}
      </p>
      {formMessages.slice(1).map((m) => (
        <p key={m}>{m}</p>
      ))}
      {entries.length ? (
        <ul className="mt-1 list-disc pl-5">
          {entries.map(([name, messages]) => {
            const label = labels[name] ?? "";
            const text = messages.join(" ");
            const named = !label || text.toLowerCase().includes(label.replace(/ \(.*\)$/, "").toLowerCase());
            return (
              <li key={name}>
                <a
                  href={`#${formId}-${name}`}
                  onClick={(e) => {
                    e.preventDefault();
                    focusField(formId, name);
                  }}
                  className="font-medium text-red-900 underline"
                >
                  {named ? text : `${label}: ${text}`}
                </a>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
