// The count report's tally: given / held / remaining per cycle and for the course, from the active rows. Pure: no
// I/O, no clock. Entered-in-error rows are listed (`excluded`) and never counted, never "the previous dose".
import type { DecimalLike, DoseEventRecord } from "@/lib/domain/records";
import type { CourseTally, CycleTally, ExcludedEvent } from "@/lib/domain/count-report/types";

const MS_PER_MINUTE = 60_000;

/** Hundredths of a kilogram from a Decimal(6,2) (or any decimal string), exactly. */
export function centiKg(weight: DecimalLike): number {
  const [whole = "0", frac = ""] = weight.toString().split(".");
  return Number(whole) * 100 + Number((frac + "00").slice(0, 2));
}

/** IU/kg to the nearest whole IU: cumulative IU ÷ dosing weight, computed in hundredths of a kilogram. */
export function perKg(iu: number, weightCentiKg: number): number {
  return weightCentiKg > 0 ? Math.round((iu * 100) / weightCentiKg) : 0;
}

/** Time order, then the order of recording: "earlier" for a dose means before it in this order. */
export function byTimeThenSequence(a: Pick<DoseEventRecord, "occurredAt" | "sequence">, b: Pick<DoseEventRecord, "occurredAt" | "sequence">): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence;
}

/** An active event with its place among the given doses (null for held, stopped and discontinued events). */
export interface TalliedEvent<E extends DoseEventRecord> {
  event: E;
  /** given doses only: their number in the course and in the cycle, in time order */
  givenNumber: number | null;
  givenNumberInCycle: number | null;
  /** given doses only: minutes since the previous given dose (null for the first) */
  intervalMinutes: number | null;
}

export interface Tally<E extends DoseEventRecord> {
  /** the active events in time order (then sequence), each numbered */
  active: TalliedEvent<E>[];
  /** the entered-in-error events, by sequence: listed, never counted */
  excluded: ExcludedEvent[];
  /** the highest sequence of any event, corrected or not (0 when none) */
  lastEventSequence: number;
  cycles: CycleTally[];
  course: CourseTally;
}

/**
 * Counts the stored active rows directly. Every cycle of the rule set has a row (an unknown rule set: cycle 1),
 * plus any cycle an active event names. `remaining` is max − given, not clamped (a 7th TIL dose is −1), and null
 * when the maximum is unknown.
 */
export function tallyEvents<E extends DoseEventRecord>(args: {
  events: readonly E[];
  cycleCount: number;
  maxPerCycle: number | null;
  maxPerCourse: number | null;
  weightCentiKg: number;
}): Tally<E> {
  const { maxPerCycle, maxPerCourse, weightCentiKg } = args;
  const all = [...args.events].sort(byTimeThenSequence);
  const activeEvents = all.filter((e) => e.status === "active");
  const excluded: ExcludedEvent[] = all
    .filter((e) => e.status !== "active")
    .sort((a, b) => a.sequence - b.sequence)
    .map((e) => ({
      id: e.id,
      sequence: e.sequence,
      kind: e.kind,
      cycle: e.cycle,
      occurredAt: e.occurredAt.toISOString(),
      doseIu: e.doseIu,
      enteredInErrorAt: e.enteredInErrorAt?.toISOString() ?? null,
      reason: e.enteredInErrorReason,
    }));
  const lastEventSequence = all.reduce((m, e) => Math.max(m, e.sequence), 0);

  const cycleNumbers = new Set<number>(Array.from({ length: args.cycleCount }, (_, i) => i + 1));
  for (const e of activeEvents) cycleNumbers.add(e.cycle);
  const perCycle = new Map<number, { given: number; held: number; iu: number }>();
  for (const c of [...cycleNumbers].sort((a, b) => a - b)) perCycle.set(c, { given: 0, held: 0, iu: 0 });
  const total = { given: 0, held: 0, stopped: 0, discontinued: 0, iu: 0 };

  let previousGivenAt: number | null = null;
  const active = activeEvents.map((event): TalliedEvent<E> => {
    const row: TalliedEvent<E> = { event, givenNumber: null, givenNumberInCycle: null, intervalMinutes: null };
    const t = perCycle.get(event.cycle);
    if (t === undefined) return row; // every active cycle was added above
    switch (event.kind) {
      case "held":
        t.held++;
        total.held++;
        break;
      case "stopped":
        total.stopped++;
        break;
      case "discontinued":
        total.discontinued++;
        break;
      case "given": {
        t.given++;
        total.given++;
        t.iu += event.doseIu ?? 0;
        total.iu += event.doseIu ?? 0;
        row.givenNumber = total.given;
        row.givenNumberInCycle = t.given;
        const at = event.occurredAt.getTime();
        row.intervalMinutes = previousGivenAt === null ? null : Math.round((at - previousGivenAt) / MS_PER_MINUTE);
        previousGivenAt = at;
        break;
      }
    }
    return row;
  });

  const cycles: CycleTally[] = [...perCycle.entries()].map(([cycle, t]) => ({
    cycle,
    given: t.given,
    held: t.held,
    maxGiven: maxPerCycle,
    remaining: maxPerCycle === null ? null : maxPerCycle - t.given,
    cumulativeIu: t.iu,
    cumulativeIuPerKg: perKg(t.iu, weightCentiKg),
  }));
  const course: CourseTally = {
    given: total.given,
    held: total.held,
    stopped: total.stopped,
    discontinued: total.discontinued,
    maxGiven: maxPerCourse,
    remaining: maxPerCourse === null ? null : maxPerCourse - total.given,
    cumulativeIu: total.iu,
    cumulativeIuPerKg: perKg(total.iu, weightCentiKg),
  };
  return { active, excluded, lastEventSequence, cycles, course };
}
