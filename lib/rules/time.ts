// ISO 8601 instants with a zone. A time without Z or an offset is refused: the engine never guesses a zone.
// Hand-parsed (no regex, no Date.parse) because every request carries ~25 timestamps.

export const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;

/** Two ASCII digits at i as a number, or -1 (also past the end, where charCodeAt is NaN). */
function d2(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48, b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * Epoch milliseconds of `YYYY-MM-DDThh:mm[:ss[.fraction]]` followed by `Z` or `±hh[:mm]` / `±hhmm`,
 * or null (no zone, impossible date or time, bad syntax). Fractions beyond milliseconds are truncated.
 */
export function parseInstant(s: string): number | null {
  const len = s.length;
  if (len < 17) return null;
  const y1 = d2(s, 0), y2 = d2(s, 2);
  const year = y1 < 0 || y2 < 0 ? -1 : y1 * 100 + y2;
  const month = d2(s, 5), day = d2(s, 8), hour = d2(s, 11), minute = d2(s, 14);
  const t = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (t !== 84 && t !== 116) || s.charCodeAt(13) !== 58) return null;
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) return null;
  if (day > daysInMonth(year, month)) return null;
  let i = 16, second = 0, ms = 0;
  if (s.charCodeAt(i) === 58) { // :ss
    second = d2(s, i + 1);
    if (second < 0 || second > 59) return null;
    i += 3;
    const dot = s.charCodeAt(i);
    if (dot === 46 || dot === 44) { // .fraction
      let k = i + 1, scale = 100;
      while (k < len) {
        const c = s.charCodeAt(k) - 48;
        if (!(c >= 0 && c <= 9)) break;
        ms += c * scale;
        scale /= 10;
        k++;
      }
      if (k === i + 1 || k - i - 1 > 9) return null;
      ms = Math.floor(ms);
      i = k;
    }
  }
  let offsetMinutes = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) { // Z
    if (i + 1 !== len) return null;
  } else if (z === 43 || z === 45) { // ±hh[:mm] or ±hhmm
    const oh = d2(s, i + 1);
    let om = 0;
    const rest = len - (i + 3);
    if (rest === 3 && s.charCodeAt(i + 3) === 58) om = d2(s, i + 4);
    else if (rest === 2) om = d2(s, i + 3);
    else if (rest !== 0) return null;
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return null;
    offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return null;
  }
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + ms;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Same output as Date.prototype.toISOString() for years 0–9999 (civil_from_days), without allocating a Date. */
export function toIso(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  let rem = ms - days * MS_PER_DAY;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 0 || year > 9999) return new Date(ms).toISOString();
  const h = Math.floor(rem / 3_600_000); rem -= h * 3_600_000;
  const m = Math.floor(rem / 60_000); rem -= m * 60_000;
  const sec = Math.floor(rem / 1000);
  const milli = rem - sec * 1000;
  const y = String(year).padStart(4, "0");
  const msStr = milli < 10 ? `00${milli}` : milli < 100 ? `0${milli}` : String(milli);
  return `${y}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(sec)}.${msStr}Z`;
}
