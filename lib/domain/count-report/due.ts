// Whether a course's dose counts wait for a pharmacist. Pure: no I/O, no clock.
import type { DoseEventRecord } from "@/lib/domain/records";

export type CountVerificationDue =
  | { due: false }
  | { due: true; reason: "never-verified" | "new-events" | "entered-in-error"; newEvents: number; lastEventSequence: number };

/**
 * Whether a course's counts need (another) pharmacist check: it has events and was never verified, an event was
 * recorded after the last verification (a higher sequence), or an event was marked entered-in-error after it (a
 * correction adds no sequence number, so the sequence alone would miss it).
 */
export function countVerificationDue(
  events: readonly Pick<DoseEventRecord, "sequence" | "enteredInErrorAt">[],
  last: { lastEventSequence: number; verifiedAt: Date } | null,
): CountVerificationDue {
  if (events.length === 0) return { due: false };
  const lastEventSequence = events.reduce((m, e) => Math.max(m, e.sequence), 0);
  if (last === null) return { due: true, reason: "never-verified", newEvents: events.length, lastEventSequence };
  const newEvents = events.filter((e) => e.sequence > last.lastEventSequence).length;
  if (newEvents > 0) return { due: true, reason: "new-events", newEvents, lastEventSequence };
  if (events.some((e) => e.enteredInErrorAt !== null && e.enteredInErrorAt.getTime() > last.verifiedAt.getTime())) {
    return { due: true, reason: "entered-in-error", newEvents: 0, lastEventSequence };
  }
  return { due: false };
}
