import { TZDate } from "@date-fns/tz";

// Clinicians type wall-clock times of their unit; the database stores UTC. These two functions are the only
// conversions between them (docs/decisions/006-time-zones.md).

// The wire format: "2026-03-01T14:00" (what <input type="datetime-local"> sends) or "2026-03-01 14:00" (what the
// date-time field shows and a nurse types: components/ui/date-time-field.tsx). Both mean the same wall-clock time.
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})$/;

// A daylight-saving change moves the clock by 1 h (30 min on Lord Howe Island): a wall-clock time read in the
// wrong offset is off by one of these.
const SHIFTS_MS = [0, -3_600_000, 3_600_000, -1_800_000, 1_800_000];

/**
 * "2026-03-01T14:00" (or "2026-03-01 14:00") read in `timeZone` → the UTC instant, or null when it is not such a time: a date that does not
 * exist (31 February) or a time skipped by the spring change (02:30 in Berlin on the last Sunday of March).
 * A time that occurs twice (the repeated hour in autumn) is the occurrence nearest `near` — the server's clock,
 * so a nurse documenting "01:30" during the second 01:30 means that one; without `near`, the earlier one.
 */
export function parseUnitLocalTime(value: string, timeZone: string, near?: Date): Date | null {
  const m = LOCAL.exec(value.trim());
  const text = value.trim().replace(" ", "T");
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const guess = new TZDate(y, mo - 1, d, h, mi, 0, timeZone).getTime();
  // TZDate resolves a repeated or skipped time to one instant of its choosing: keep only the instants that read
  // back as exactly the typed time (which also refuses 31 February, rolled over to 3 March).
  const valid = [...new Set(SHIFTS_MS.map((s) => guess + s))]
    .filter((t) => toUnitLocalInput(new Date(t), timeZone) === text)
    .sort((a, b) => a - b);
  if (valid.length === 0) return null;
  const target = near?.getTime();
  const best =
    target === undefined ? valid[0]! : valid.reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a)); // ties keep the earlier
  return new Date(best);
}

/** A UTC instant as the value of an `<input type="datetime-local">` in `timeZone`. */
export function toUnitLocalInput(date: Date, timeZone: string): string {
  const z = new TZDate(date.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}T${pad(z.getHours())}:${pad(z.getMinutes())}`;
}

/** A UTC instant as the date-time field shows it and a nurse types it: "2026-03-01 14:00", 24-hour, in `timeZone`. */
export function toUnitLocalText(date: Date, timeZone: string): string {
  return toUnitLocalInput(date, timeZone).replace("T", " ");
}
