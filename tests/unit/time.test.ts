// Unit wall-clock time ↔ UTC across daylight-saving changes (docs/decisions/006-time-zones.md).
// 2026 changes: Europe/Berlin 29 Mar 02:00 CET → 03:00 CEST, 25 Oct 03:00 CEST → 02:00 CET (02:00–02:59 twice);
// America/New_York 8 Mar 02:00 EST → 03:00 EDT, 1 Nov 02:00 EDT → 01:00 EST (01:00–01:59 twice).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { parseUnitLocalTime, toUnitLocalInput, toUnitLocalText } from "@/lib/time";

const BERLIN = "Europe/Berlin";
const NEW_YORK = "America/New_York";
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("ordinary times", () => {
  test.each([
    ["Berlin winter: 14:00 CET (+1) = 13:00 UTC", BERLIN, "2026-01-15T14:00", "2026-01-15T13:00:00.000Z"],
    ["Berlin summer: 14:00 CEST (+2) = 12:00 UTC", BERLIN, "2026-07-01T14:00", "2026-07-01T12:00:00.000Z"],
    ["New York winter: 14:00 EST (−5) = 19:00 UTC", NEW_YORK, "2026-01-15T14:00", "2026-01-15T19:00:00.000Z"],
    ["New York summer: 14:00 EDT (−4) = 18:00 UTC", NEW_YORK, "2026-07-01T14:00", "2026-07-01T18:00:00.000Z"],
    ["Berlin 01:59 before the spring change, still CET = 00:59 UTC", BERLIN, "2026-03-29T01:59", "2026-03-29T00:59:00.000Z"],
    ["Berlin 03:00 just after the spring change, CEST = 01:00 UTC", BERLIN, "2026-03-29T03:00", "2026-03-29T01:00:00.000Z"],
    ["New York 03:00 just after the spring change, EDT = 07:00 UTC", NEW_YORK, "2026-03-08T03:00", "2026-03-08T07:00:00.000Z"],
    ["Berlin 03:00 after the autumn change happens once, CET = 02:00 UTC", BERLIN, "2026-10-25T03:00", "2026-10-25T02:00:00.000Z"],
    ["surrounding spaces are ignored", BERLIN, " 2026-07-01T14:00 ", "2026-07-01T12:00:00.000Z"],
    ["29 Feb of a leap year exists", BERLIN, "2028-02-29T10:00", "2028-02-29T09:00:00.000Z"],
  ])("%s", (_label, zone, value, utc) => {
    expect(iso(parseUnitLocalTime(value, zone))).toBe(utc);
    expect(iso(parseUnitLocalTime(value, zone, new Date("2026-06-01T00:00:00Z")))).toBe(utc); // `near` changes nothing
  });
});

describe("the repeated hour in autumn: the occurrence nearest the server's clock", () => {
  // Berlin 02:30 on 25 Oct: first at 00:30 UTC (CEST, +2), again at 01:30 UTC (CET, +1).
  // New York 01:30 on 1 Nov: first at 05:30 UTC (EDT, −4), again at 06:30 UTC (EST, −5).
  test.each([
    ["Berlin, near 00:35 UTC (5 min after the first 02:30) → the first", BERLIN, "2026-10-25T02:30", "2026-10-25T00:35:00Z", "2026-10-25T00:30:00.000Z"],
    ["Berlin, near 00:59 UTC (29 min after the first, 31 min before the second) → the first", BERLIN, "2026-10-25T02:30", "2026-10-25T00:59:00Z", "2026-10-25T00:30:00.000Z"],
    ["Berlin, near 01:01 UTC (31 min after the first, 29 min before the second) → the second", BERLIN, "2026-10-25T02:30", "2026-10-25T01:01:00Z", "2026-10-25T01:30:00.000Z"],
    ["Berlin, near 01:40 UTC (10 min after the second 02:30) → the second", BERLIN, "2026-10-25T02:30", "2026-10-25T01:40:00Z", "2026-10-25T01:30:00.000Z"],
    ["Berlin, near 01:00 UTC (exactly between, 30 min each way) → the earlier", BERLIN, "2026-10-25T02:30", "2026-10-25T01:00:00Z", "2026-10-25T00:30:00.000Z"],
    ["Berlin, 02:00 near 01:05 UTC (the second 02:00 began 5 min ago) → 01:00 UTC", BERLIN, "2026-10-25T02:00", "2026-10-25T01:05:00Z", "2026-10-25T01:00:00.000Z"],
    ["Berlin, 02:59 near 00:50 UTC → the first, 00:59 UTC", BERLIN, "2026-10-25T02:59", "2026-10-25T00:50:00Z", "2026-10-25T00:59:00.000Z"],
    ["New York, near 05:40 UTC (10 min after the first 01:30) → the first", NEW_YORK, "2026-11-01T01:30", "2026-11-01T05:40:00Z", "2026-11-01T05:30:00.000Z"],
    ["New York, near 06:45 UTC (15 min after the second 01:30) → the second", NEW_YORK, "2026-11-01T01:30", "2026-11-01T06:45:00Z", "2026-11-01T06:30:00.000Z"],
    ["New York, near 06:01 UTC (31 min after the first, 29 min before the second) → the second", NEW_YORK, "2026-11-01T01:30", "2026-11-01T06:01:00Z", "2026-11-01T06:30:00.000Z"],
    ["New York, near the next day → the second", NEW_YORK, "2026-11-01T01:30", "2026-11-02T12:00:00Z", "2026-11-01T06:30:00.000Z"],
    ["New York, near the day before → the first", NEW_YORK, "2026-11-01T01:30", "2026-10-31T12:00:00Z", "2026-11-01T05:30:00.000Z"],
  ])("%s", (_label, zone, value, near, utc) => {
    expect(iso(parseUnitLocalTime(value, zone, new Date(near)))).toBe(utc);
  });

  test.each([
    ["Berlin 02:30 without `near` → the first, 00:30 UTC (CEST)", BERLIN, "2026-10-25T02:30", "2026-10-25T00:30:00.000Z"],
    ["New York 01:30 without `near` → the first, 05:30 UTC (EDT)", NEW_YORK, "2026-11-01T01:30", "2026-11-01T05:30:00.000Z"],
  ])("%s", (_label, zone, value, utc) => {
    expect(iso(parseUnitLocalTime(value, zone))).toBe(utc);
  });
});

describe("times that do not exist are refused", () => {
  test.each([
    ["Berlin 02:00 on 29 Mar: the clock jumps 02:00 → 03:00", BERLIN, "2026-03-29T02:00"],
    ["Berlin 02:30 on 29 Mar", BERLIN, "2026-03-29T02:30"],
    ["Berlin 02:59 on 29 Mar", BERLIN, "2026-03-29T02:59"],
    ["New York 02:00 on 8 Mar: the clock jumps 02:00 → 03:00", NEW_YORK, "2026-03-08T02:00"],
    ["New York 02:30 on 8 Mar", NEW_YORK, "2026-03-08T02:30"],
    ["31 February", BERLIN, "2026-02-31T10:00"],
    ["31 February", NEW_YORK, "2026-02-31T10:00"],
    ["29 February of a common year", NEW_YORK, "2026-02-29T10:00"],
    ["31 April", BERLIN, "2026-04-31T10:00"],
    ["month 13", BERLIN, "2026-13-01T10:00"],
    ["24:00", BERLIN, "2026-07-01T24:00"],
    ["minute 60", NEW_YORK, "2026-07-01T10:60"],
    ["seconds are not part of the format", BERLIN, "2026-07-01T10:00:00"],
    ["a date without a time", BERLIN, "2026-07-01"],
  ])("%s (%s %s)", (_label, zone, value) => {
    expect(parseUnitLocalTime(value, zone)).toBeNull();
    expect(parseUnitLocalTime(value, zone, new Date("2026-03-29T01:30:00Z"))).toBeNull();
    expect(parseUnitLocalTime(value, zone, new Date("2026-03-08T07:30:00Z"))).toBeNull();
  });
});

describe("round trip", () => {
  const minute = (t: number) => Math.floor(t / 60_000) * 60_000;
  const instants = fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2030, 11, 31) }).map(minute);

  test.each([BERLIN, NEW_YORK, "UTC", "Australia/Lord_Howe"])("%s: any minute of 2024–2030, read back near itself, is itself", (zone) => {
    fc.assert(
      fc.property(instants, (t) => {
        const at = new Date(t);
        expect(parseUnitLocalTime(toUnitLocalInput(at, zone), zone, at)?.getTime()).toBe(t);
      }),
      { numRuns: 2_000 },
    );
  });

  // A clock off by less than half the shift still picks the right occurrence of a repeated time.
  test.each([
    ["Berlin, every minute of the autumn change night", BERLIN, "2026-10-24T22:00:00Z", 20],
    ["New York, every minute of the autumn change night", NEW_YORK, "2026-11-01T03:00:00Z", 20],
    ["Berlin, every minute of the spring change night", BERLIN, "2026-03-28T22:00:00Z", 20],
    ["New York, every minute of the spring change night", NEW_YORK, "2026-03-08T04:00:00Z", 20],
    ["Lord Howe (30 min shift), every minute of the autumn change night", "Australia/Lord_Howe", "2026-04-04T12:00:00Z", 10],
    ["Lord Howe (30 min shift), every minute of the spring change night", "Australia/Lord_Howe", "2026-10-03T12:00:00Z", 10],
  ])("%s: the instant comes back, also when the server's clock is off by less than half the shift", (_label, zone, from, skewMinutes) => {
    const start = new Date(from).getTime();
    for (let t = start; t < start + 6 * 3_600_000; t += 60_000) {
      const value = toUnitLocalInput(new Date(t), zone);
      for (const skew of [0, -skewMinutes * 60_000, skewMinutes * 60_000]) {
        expect(parseUnitLocalTime(value, zone, new Date(t + skew))?.getTime(), `${value} near ${new Date(t + skew).toISOString()}`).toBe(t);
      }
    }
  });
});

describe("the date-time field's text: a space instead of the T (components/ui/date-time-field.tsx)", () => {
  test.each([
    ["Berlin winter, typed with a space: 14:00 CET = 13:00 UTC", BERLIN, "2026-01-15 14:00", "2026-01-15T13:00:00.000Z"],
    ["New York summer, typed with a space: 14:00 EDT = 18:00 UTC", NEW_YORK, "2026-07-01 14:00", "2026-07-01T18:00:00.000Z"],
    ["surrounding spaces are ignored", BERLIN, "  2026-07-01 14:00 ", "2026-07-01T12:00:00.000Z"],
  ])("%s", (_label, zone, value, utc) => {
    expect(iso(parseUnitLocalTime(value, zone))).toBe(utc);
  });
  test.each([
    ["two spaces", "2026-01-15  14:00"],
    ["12-hour with AM", "2026-01-15 02:00 AM"],
    ["US order", "01/15/2026 14:00"],
    ["a skipped spring time, with a space", "2026-03-29 02:30"],
    ["31 February, with a space", "2026-02-31 10:00"],
  ])("refused: %s", (_label, value) => {
    expect(parseUnitLocalTime(value, BERLIN)).toBeNull();
  });
  test("toUnitLocalText shows what parseUnitLocalTime reads back", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const minute = new Date(Math.floor(d.getTime() / 60_000) * 60_000);
        const text = toUnitLocalText(minute, BERLIN);
        expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
        expect(iso(parseUnitLocalTime(text, BERLIN, minute))).toBe(minute.toISOString());
      }),
    );
  });
});
