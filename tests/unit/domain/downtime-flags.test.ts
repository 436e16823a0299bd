// The reasons a back-entered paper dose is flagged beside the rules' own (review findings 3 and 15 of issue 14;
// lib/domain/downtime.ts): a dose other than the order, a possible duplicate, and the flag's sentences joined.
import { describe, expect, test } from "vitest";
import { doseDiffersText, joinFlags, possibleDuplicateOf, possibleDuplicateText } from "@/lib/domain/downtime";

const at = (iso: string) => new Date(iso);
const given = (iso: string, status = "active") => ({ kind: "given", status, occurredAt: at(iso) });

describe("a dose other than the order", () => {
  test("both figures, with thousands separators; none when they agree", () => {
    expect(doseDiffersText(4_800_000, 48_000_000)).toBe("Dose differs from the order: 4,800,000 IU written, 48,000,000 IU ordered.");
    expect(doseDiffersText(48_000_000, 48_000_000)).toBeNull();
  });
});

describe("a possible duplicate: a given dose at or less than the minimum interval (TIL: 8 h less 30 min = 450 min) before", () => {
  const events = [given("2026-03-01T14:00:00Z"), given("2026-03-01T22:00:00Z"), { kind: "held", status: "active", occurredAt: at("2026-03-02T05:00:00Z") }];
  test("at the same minute: the dose at 22:00", () => {
    expect(possibleDuplicateOf(at("2026-03-01T22:00:00Z"), events, 450)?.occurredAt).toEqual(at("2026-03-01T22:00:00Z"));
  });
  test("7 h 29 min later: still inside; 7 h 30 min later (the earliest the rules give): none", () => {
    expect(possibleDuplicateOf(at("2026-03-02T05:29:00Z"), events, 450)?.occurredAt).toEqual(at("2026-03-01T22:00:00Z"));
    expect(possibleDuplicateOf(at("2026-03-02T05:30:00Z"), events, 450)).toBeNull();
  });
  test("a held event or a dose entered in error is never what it duplicates", () => {
    expect(possibleDuplicateOf(at("2026-03-02T05:10:00Z"), [events[2]!], 450)).toBeNull();
    expect(possibleDuplicateOf(at("2026-03-01T22:05:00Z"), [given("2026-03-01T22:00:00Z", "entered_in_error")], 450)).toBeNull();
  });
  test("in words, with the recorded dose's time", () => {
    expect(possibleDuplicateText(at("2026-03-01T22:00:00Z"), "UTC", at("2026-03-01T23:00:00Z"))).toBe("Possible duplicate of the dose recorded at 22:00.");
  });
});

describe("the flag's sentences", () => {
  test("joined in order, each ending with a full stop; none at all is null", () => {
    expect(joinFlags(["Given during downtime; the rules would have held it: Urine output low.", null, "Possible duplicate of the dose recorded at 22:00"])).toBe(
      "Given during downtime; the rules would have held it: Urine output low. Possible duplicate of the dose recorded at 22:00.",
    );
    expect(joinFlags([null, null])).toBeNull();
  });
});
