"use client";

import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

/**
 * A two-step button for an administrator's action that cannot be taken back quietly (deactivate, reset a password).
 * The first press asks the question with its consequence in words and moves the focus to the confirming button;
 * "Cancel" (or Escape) closes the question and gives the focus back. Only the confirming button submits the form
 * it sits in.
 */
export function ConfirmStep({
  label,
  accessibleLabel,
  question,
  consequence,
  confirmLabel,
  variant = "secondary",
  pending,
  answer,
  children,
}: {
  /** the first button's words */
  label: string;
  /** the first button's accessible name (names the person) */
  accessibleLabel: string;
  question: string;
  consequence: string;
  confirmLabel: string;
  variant?: "secondary" | "danger";
  pending: boolean;
  /** the action's last answer: each new answer closes the question */
  answer: unknown;
  /** asked with the question (the administrator's own password, docs/decisions/055): it takes the focus first */
  children?: React.ReactNode;
}) {
  const [asking, setAsking] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  const confirm = useRef<HTMLButtonElement>(null);
  const group = useRef<HTMLDivElement>(null);
  const id = useId();
  const [seen, setSeen] = useState(answer);
  const [returnFocus, setReturnFocus] = useState(false);
  if (answer !== seen) {
    setSeen(answer);
    if (asking) {
      setAsking(false);
      setReturnFocus(true);
    }
  }
  useEffect(() => {
    if (asking) (group.current?.querySelector<HTMLInputElement>("input:not([type=hidden])") ?? confirm.current)?.focus();
    else if (returnFocus) {
      // the first button is drawn again: the focus goes back to where the question was asked
      first.current?.focus();
      setReturnFocus(false);
    }
  }, [asking, returnFocus]);
  const close = () => {
    setAsking(false);
    setReturnFocus(true);
  };
  if (!asking) {
    return (
      <Button ref={first} type="button" variant={variant} aria-label={accessibleLabel} onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  }
  return (
    <div
      ref={group}
      role="group"
      aria-labelledby={`${id}-q`}
      aria-describedby={`${id}-c`}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.preventDefault();
          close();
        }
      }}
      className="flex max-w-md flex-col gap-2 rounded-md border-2 border-amber-600 bg-amber-50 p-3 text-amber-950"
    >
      <p id={`${id}-q`} className="font-semibold">{question}</p>
      <p id={`${id}-c`} className="text-sm">{consequence}</p>
      {children}
      <div className="flex flex-wrap gap-2">
        <Button ref={confirm} type="submit" variant={variant === "danger" ? "danger" : "primary"} disabled={pending}>
          {confirmLabel}
        </Button>
        <Button type="button" variant="secondary" onClick={close}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
