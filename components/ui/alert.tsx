type Tone = "error" | "info" | "success" | "warning";

const tones: Record<Tone, { box: string; icon: string; label: string }> = {
  error: { box: "border-red-700 bg-red-50 text-red-900", icon: "✕", label: "Error" },
  warning: { box: "border-amber-600 bg-amber-50 text-amber-950", icon: "⚠", label: "Warning" },
  info: { box: "border-blue-700 bg-blue-50 text-blue-950", icon: "ℹ", label: "Note" },
  success: { box: "border-green-700 bg-green-50 text-green-950", icon: "✓", label: "Done" },
};

/** A message whose meaning is carried by words and an icon, never by colour alone. */
export function Alert({ tone, children }: { tone: Tone; children: React.ReactNode }) {
  const t = tones[tone];
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`flex gap-2 rounded-md border-l-4 px-4 py-3 ${t.box}`}>
      <span aria-hidden="true">{t.icon}</span>
      <div>
        <span className="sr-only">{t.label}: </span>
        {children}
      </div>
    </div>
  );
}
