import { TZDate } from "@date-fns/tz";

// Clinicians type wall-clock times of their unit; the database stores UTC. These two functions are the only
// conversions between them (docs/decisions/006-time-zones.md).

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/** "2026-03-01T14:00" read in `timeZone` → the UTC instant, or null when it is not such a time. */
export function parseUnitLocalTime(value: string, timeZone: string): Date | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) return null;
  const zoned = new TZDate(y, mo - 1, d, h, mi, 0, timeZone);
  if (zoned.getFullYear() !== y || zoned.getMonth() !== mo - 1 || zoned.getDate() !== d) return null; // 31 Feb
  return new Date(zoned.getTime());
}

/** A UTC instant as the value of an `<input type="datetime-local">` in `timeZone`. */
export function toUnitLocalInput(date: Date, timeZone: string): string {
  const z = new TZDate(date.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${z.getFullYear()}-${pad(z.getMonth() + 1)}-${pad(z.getDate())}T${pad(z.getHours())}:${pad(z.getMinutes())}`;
}
