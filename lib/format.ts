// Display helpers. Times are stored in UTC and shown in the unit's time zone, with the date whenever it is not today.

const formats = new Map<string, Intl.DateTimeFormat>();
/**
 * An en-GB date-time format for these options, made once: building an Intl.DateTimeFormat costs far more than
 * using one, and the course screen formats on every keystroke of the assessment form (its live preview).
 */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions & { timeZone: string }): Intl.DateTimeFormat {
  const key = JSON.stringify(options);
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", options);
    formats.set(key, f);
  }
  return f;
}

function parts(date: Date, timeZone: string) {
  return dateTimeFormat({ timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(date);
}

export function formatClock(date: Date, timeZone: string, now: Date): string {
  const time = dateTimeFormat({ timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  if (parts(date, timeZone) === parts(now, timeZone)) return time;
  const day = dateTimeFormat({ timeZone, weekday: "short", day: "numeric", month: "short" }).format(date);
  return `${day} ${time}`;
}

export function formatIu(iu: number): string {
  return `${iu.toLocaleString("en-US")} IU`;
}

export function protocolLabel(protocol: "til_adjunct" | "monotherapy"): string {
  return protocol === "til_adjunct" ? "TIL-adjunct" : "Monotherapy";
}
