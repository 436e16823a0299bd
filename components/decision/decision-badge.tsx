import type { Decision } from "@/lib/rules";
import { REASON_TEXT as VOCABULARY_REASON_TEXT } from "@/lib/domain/vocabulary";

const LOOK: Record<Decision, { icon: string; text: string; className: string }> = {
  give: { icon: "✓", text: "Give", className: "border-green-800 bg-green-50 text-green-900" },
  hold: { icon: "‖", text: "Hold", className: "border-amber-700 bg-amber-50 text-amber-950" },
  stop: { icon: "■", text: "Stop IL-2", className: "border-red-800 bg-red-50 text-red-900" },
  discontinue: { icon: "✕", text: "Discontinue IL-2", className: "border-red-900 bg-red-100 text-red-950" },
  wait: { icon: "◷", text: "Not yet", className: "border-slate-500 bg-slate-100 text-slate-900" },
  complete: { icon: "⚑", text: "Course complete", className: "border-slate-500 bg-slate-100 text-slate-900" },
  incomplete: { icon: "?", text: "Cannot decide: data missing or stale", className: "border-purple-800 bg-purple-50 text-purple-950" },
};

/** The engine's decision in words and an icon; colour is never the only signal. */
export function DecisionBadge({ decision, size = "md" }: { decision: Decision; size?: "sm" | "md" | "lg" }) {
  const look = LOOK[decision];
  const sizing = size === "lg" ? "text-xl px-4 py-2" : size === "sm" ? "text-sm px-2 py-0.5" : "px-3 py-1";
  return (
    <span className={`inline-flex items-center gap-2 rounded-md border-2 font-bold ${sizing} ${look.className}`}>
      <span aria-hidden="true">{look.icon}</span>
      {look.text}
    </span>
  );
}

/**
 * The schedule reasons in words. Kept as an alias for the callers that still import it from here; the words live in
 * lib/domain/vocabulary.ts (`reasonText`), their one home.
 */
export const REASON_TEXT = VOCABULARY_REASON_TEXT;
