// Downtime back-entry (docs/decisions/061-downtime-back-entry.md): a dose given or held on paper while the system
// was down, entered afterwards with its real time, judged by the rules AT THAT TIME, and co-signed by a second
// clinician. What makes an entry bad data (refused), and the flag a given dose carries when the rules, at its time,
// would not have given it. Pure: the action reads the rows and the clock.
import type { EvaluateOutcome } from "@/lib/rules";
import type { Refused } from "@/lib/domain/dose-policy";
import { issuesText } from "@/lib/domain/dose-policy";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { reasonText } from "@/lib/domain/vocabulary";
import { formatClock } from "@/lib/format";

/** What the entering clinician's signature means (stored with the event). */
export const DOWNTIME_ENTRY_MEANING = "Entered after downtime from the paper record";
/** What the co-signer's signature means (stored with the event, shown with the name and time). */
export const DOWNTIME_COSIGN_MEANING = "I confirm this entry matches the paper record";
/** The words beside every back-entered event, wherever it is shown. */
export const ENTERED_AFTER_DOWNTIME = "Entered after downtime";

/**
 * Why a back-entry is bad data, or null. Entries go oldest first: a dose is never entered before the course's last
 * recorded event (the engine judges each one on the events before it, so an entry slipped in between would change
 * the history the later ones were judged on). `skewMinutes` of clock difference are tolerated for "the future".
 */
export function downtimeEntryRefusal(args: {
  occurredAt: Date;
  /** the paper pre-dose assessment's time */
  assessedAt: Date;
  now: Date;
  /** the course's last event in force, or null */
  lastEventAt: Date | null;
  /** the earliest time the course's rules accept an event (engine-request.ts earliestEventAt), or null */
  earliestAt: Date | null;
  skewMinutes: number;
  timeZone: string;
}): Refused | null {
  const { occurredAt, assessedAt, now, timeZone: tz } = args;
  const ahead = now.getTime() + args.skewMinutes * 60_000;
  if (occurredAt.getTime() > ahead) return { why: "The time of the dose is in the future. Enter the time written on the paper record.", field: "occurredAt" };
  if (assessedAt.getTime() > ahead) return { why: "The time of the assessment is in the future. Enter the time written on the paper record.", field: "at" };
  if (assessedAt.getTime() > occurredAt.getTime()) return { why: "The pre-dose assessment must be taken before the dose: its time is after the time of the dose.", field: "at" };
  if (args.lastEventAt && occurredAt.getTime() < args.lastEventAt.getTime()) {
    return {
      why: `The time of the dose is before the course's last recorded dose event (${formatClock(args.lastEventAt, tz, now)}). Enter paper doses oldest first, each after the last one recorded.`,
      field: "occurredAt",
    };
  }
  if (args.earliestAt && occurredAt.getTime() < args.earliestAt.getTime()) {
    return { why: `The time of the dose is before this course could start (${formatClock(args.earliestAt, tz, now)}).`, field: "occurredAt" };
  }
  return null;
}

/**
 * The flag of a dose back-entered as GIVEN, in words, when the rules judging it at its own time would not have
 * given it: they would have held or stopped it, it was not yet due, or they could not judge it (values missing or
 * too old, or data they refuse). Null for a dose they would have given, and for every held dose.
 */
export function downtimeFlag(args: { kind: "given" | "held"; outcome: EvaluateOutcome; timeZone: string; now: Date }): string | null {
  if (args.kind !== "given") return null;
  const { outcome } = args;
  if (!outcome.ok) return `Given during downtime; the rules could not judge it: ${issuesText(outcome)}.`;
  const d = outcome.result;
  switch (d.decision) {
    case "give":
      return null;
    case "hold":
    case "stop":
    case "discontinue": {
      const words = [...new Set([...d.findings.map((f) => f.criterionLabel), ...(d.combination?.fired && d.combination.label ? [d.combination.label] : [])])];
      const verb = d.decision === "hold" ? "would have held it" : d.decision === "stop" ? "would have stopped IL-2" : "would have discontinued IL-2";
      return `Given during downtime; the rules ${verb}: ${words.join(", ") || "see the findings"}.`;
    }
    case "incomplete": {
      const parts = [d.missing.length ? `missing ${d.missing.map(fieldLabel).join(", ")}` : "", d.stale.length ? `too old: ${d.stale.map(fieldLabel).join(", ")}` : ""].filter(Boolean);
      return `Given during downtime; the rules could not judge it: ${parts.join("; ") || "values missing"}.`;
    }
    case "wait":
      return `Given during downtime; the rules would not have given it yet: ${d.reason ? reasonText(d.reason) : "not due"}${d.window.earliestAt ? ` (due from ${formatClock(new Date(d.window.earliestAt), args.timeZone, args.now)})` : ""}.`;
    case "complete":
      return `Given during downtime; the rules would not have given it: the course was complete${d.reason ? ` (${reasonText(d.reason)})` : ""}.`;
  }
}

/**
 * The attending's words for a flagged downtime dose in the review queue and on the handoff sheet, from the stored
 * flag: "Given during downtime although the rules would have held it: Urine output low." The flag's own words after
 * its lead ("Given during downtime; "), so what the attending reads is what the co-signers saw.
 */
export function downtimeReviewText(flag: string): string {
  const lead = "Given during downtime; ";
  return flag.startsWith(lead) ? `Given during downtime although ${flag.slice(lead.length)}` : flag;
}

// --- Review findings 3 and 15 (issue 14): more reasons a back-entered given dose is flagged. A paper dose happened:
// it is recorded as written, and what needs an attending's eye is said in the flag, one sentence per reason.

/** "Dose differs from the order: 4,800,000 IU written, 48,000,000 IU ordered." or null when they agree. */
export function doseDiffersText(writtenIu: number, orderedIu: number): string | null {
  if (writtenIu === orderedIu) return null;
  return `Dose differs from the order: ${writtenIu.toLocaleString("en-US")} IU written, ${orderedIu.toLocaleString("en-US")} IU ordered.`;
}

/**
 * The given dose already on record that a given paper dose at `occurredAt` may duplicate: the latest given dose in
 * force at the same time or less than the rule set's minimum interval before it (`minimumMinutes`: the interval less
 * its early tolerance, the earliest the rules would give the next dose), or null.
 */
export function possibleDuplicateOf<E extends { kind: string; status: string; occurredAt: Date }>(occurredAt: Date, events: readonly E[], minimumMinutes: number): E | null {
  const t = occurredAt.getTime();
  const near = events.filter((e) => e.kind === "given" && e.status === "active" && e.occurredAt.getTime() <= t && t - e.occurredAt.getTime() < minimumMinutes * 60_000);
  return near.sort((a, b) => b.occurredAt.getTime() - a.occurredAt.getTime())[0] ?? null;
}

export function possibleDuplicateText(at: Date, timeZone: string, now: Date): string {
  return `Possible duplicate of the dose recorded at ${formatClock(at, timeZone, now)}.`;
}

/** The flag's reasons as one text, each a sentence, in order; null when there is none. */
export function joinFlags(reasons: readonly (string | null)[]): string | null {
  const kept = reasons.filter((r): r is string => typeof r === "string" && r.trim() !== "").map((r) => (/[.!?]$/.test(r.trim()) ? r.trim() : `${r.trim()}.`));
  return kept.length ? kept.join(" ") : null;
}
