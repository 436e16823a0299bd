// Display helpers. Times are stored in UTC and shown in the unit's time zone, with the date whenever it is not today.

function parts(date: Date, timeZone: string) {
  const f = new Intl.DateTimeFormat("en-GB", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
  return f.format(date);
}

export function formatClock(date: Date, timeZone: string, now: Date): string {
  const time = new Intl.DateTimeFormat("en-GB", { timeZone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date);
  if (parts(date, timeZone) === parts(now, timeZone)) return time;
  const day = new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short" }).format(date);
  return `${day} ${time}`;
}

export function formatIu(iu: number): string {
  return `${iu.toLocaleString("en-US")} IU`;
}

export function protocolLabel(protocol: "til_adjunct" | "monotherapy"): string {
  return protocol === "til_adjunct" ? "TIL-adjunct" : "Monotherapy";
}
