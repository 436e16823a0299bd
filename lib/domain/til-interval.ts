// The upper end of the TIL dosing interval, for the pharmacist's count report. Pure: no I/O, no clock.
//
// PI-A gives IL-2 after lifileucel "every 8–12 hours" (protocols.md §2, `til-2024` interval). The engine enforces
// the lower end (the rule set's 8 h minimum) and, by design, not the upper one: after a hold a TIL dose is delayed
// and re-evaluated, not skipped, so a gap over 12 h between two given doses is allowed. It is still a deviation
// from the labelled schedule, so the count report records every such pair as a fact for the pharmacist to see.
// The rule set has no field for this maximum; until it has one, this is its single home.

/** PI-A: "every 8–12 h" — the longest interval between consecutive given TIL doses, in minutes. */
export const TIL_MAX_INTERVAL_MINUTES = 12 * 60;
export const TIL_MAX_INTERVAL_SOURCE = "PI-A" as const;
export const TIL_MAX_INTERVAL_RULE = "PI-A: every 8–12 h";

const MS_PER_MINUTE = 60_000;

export interface GivenDoseTime {
  sequence: number;
  /** the dose's number among the given doses of the course, in time order */
  givenNumber: number;
  /** ISO 8601 instant */
  occurredAt: string;
}

/** Two consecutive given doses of a TIL course further apart than PI-A's 12 h. */
export interface LongIntervalFlag {
  kind: "til-interval-over-max";
  from: GivenDoseTime;
  to: GivenDoseTime;
  /** exact minutes between the two doses (a fraction when the times are not on whole minutes) */
  intervalMinutes: number;
  maxMinutes: number;
  source: typeof TIL_MAX_INTERVAL_SOURCE;
  rule: string;
}

/**
 * Every pair of consecutive given doses (in time order, as listed) more than 12 h apart. Exactly 12 h 00 min is
 * inside "every 8–12 h"; 12 h 00 min plus any time is over it.
 */
export function longTilIntervals(given: readonly GivenDoseTime[]): LongIntervalFlag[] {
  const flags: LongIntervalFlag[] = [];
  for (let i = 1; i < given.length; i++) {
    const from = given[i - 1];
    const to = given[i];
    if (from === undefined || to === undefined) continue;
    const ms = Date.parse(to.occurredAt) - Date.parse(from.occurredAt);
    if (ms > TIL_MAX_INTERVAL_MINUTES * MS_PER_MINUTE) {
      flags.push({
        kind: "til-interval-over-max",
        from: { ...from },
        to: { ...to },
        intervalMinutes: ms / MS_PER_MINUTE,
        maxMinutes: TIL_MAX_INTERVAL_MINUTES,
        source: TIL_MAX_INTERVAL_SOURCE,
        rule: TIL_MAX_INTERVAL_RULE,
      });
    }
  }
  return flags;
}
