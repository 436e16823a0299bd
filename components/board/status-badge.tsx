import type { StatusTone } from "@/lib/domain/status";

const LOOK: Record<StatusTone, { icon: string; className: string }> = {
  go: { icon: "✓", className: "border-green-800 bg-green-50 text-green-900" },
  late: { icon: "!", className: "border-red-800 bg-red-50 text-red-900" },
  neutral: { icon: "◷", className: "border-slate-500 bg-slate-100 text-slate-900" },
  held: { icon: "‖", className: "border-amber-700 bg-amber-50 text-amber-950" },
  stop: { icon: "■", className: "border-red-800 bg-red-50 text-red-900" },
  data: { icon: "?", className: "border-purple-800 bg-purple-50 text-purple-950" },
  order: { icon: "◔", className: "border-amber-700 bg-amber-50 text-amber-950" },
};

/**
 * A course's dose status (lib/domain/status.ts `doseStatusText`) as a badge: an icon and the words, never colour
 * alone. The same words head the course page's dose panel.
 */
export function StatusBadge({ label, tone, size = "md" }: { label: string; tone: StatusTone; size?: "sm" | "md" }) {
  const look = LOOK[tone];
  return (
    <span data-testid="dose-status" className={`inline-flex items-center gap-2 rounded-md border-2 font-bold ${size === "sm" ? "px-2 py-0.5 text-sm" : "px-3 py-1"} ${look.className}`}>
      <span aria-hidden="true">{look.icon}</span>
      {label}
    </span>
  );
}
