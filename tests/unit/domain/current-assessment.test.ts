// Which assessment is current (lib/domain/current-assessment.ts): the latest active one by takenAt, then recordedAt.
import { describe, expect, test } from "vitest";
import { currentAssessment, CURRENT_ASSESSMENT_ORDER, newerFirst } from "@/lib/domain/current-assessment";
import type { AssessmentRecord } from "@/lib/domain/records";

type Row = Pick<AssessmentRecord, "id" | "status" | "takenAt" | "recordedAt">;
const row = (id: string, takenAt: string, recordedAt: string, status: Row["status"] = "active"): Row => ({
  id,
  status,
  takenAt: new Date(takenAt),
  recordedAt: new Date(recordedAt),
});

describe("currentAssessment", () => {
  test.each<[string, Row[], string | null]>([
    ["no assessments → null", [], null],
    ["only one, entered in error → null", [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z", "entered_in_error")], null],
    ["one active → it", [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z")], "a"],
    [
      "taken 05:00 and 05:30 → the 05:30 one",
      [row("a", "2026-03-02T05:30:00Z", "2026-03-02T05:35:00Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z")],
      "a",
    ],
    [
      "taken 1 ms apart → the later one, whatever the input order",
      [row("a", "2026-03-02T05:00:00.000Z", "2026-03-02T05:10:00Z"), row("b", "2026-03-02T05:00:00.001Z", "2026-03-02T05:10:00Z")],
      "b",
    ],
    [
      "a newer one entered in error is ignored → the older active one",
      [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), row("b", "2026-03-02T05:30:00Z", "2026-03-02T05:35:00Z", "entered_in_error")],
      "a",
    ],
    [
      "same takenAt (05:00) → the one recorded later (05:20 over 05:10)",
      [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:20:00Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:10:00Z")],
      "a",
    ],
    [
      "same takenAt, recorded 1 ms apart → the later entry",
      [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:10:00.000Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:10:00.001Z")],
      "b",
    ],
    [
      "same takenAt, the later entry entered in error → the earlier entry",
      [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:10:00Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:20:00Z", "entered_in_error")],
      "a",
    ],
    [
      "takenAt comes first: taken 05:30 but recorded 05:31 beats taken 05:00 but recorded 06:00 (a late entry)",
      [row("late", "2026-03-02T05:00:00Z", "2026-03-02T06:00:00Z"), row("a", "2026-03-02T05:30:00Z", "2026-03-02T05:31:00Z")],
      "a",
    ],
  ])("%s", (_label, rows, want) => {
    expect(currentAssessment(rows)?.id ?? null).toBe(want);
  });

  test("returns the row itself and leaves the list's order as it was", () => {
    const rows = [row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), row("b", "2026-03-02T05:30:00Z", "2026-03-02T05:35:00Z")];
    expect(currentAssessment(rows)).toBe(rows[1]);
    expect(rows.map((r) => r.id)).toEqual(["a", "b"]);
  });
});

describe("newerFirst and the query order agree", () => {
  test("the query sort is takenAt desc, then recordedAt desc", () => {
    expect(CURRENT_ASSESSMENT_ORDER).toEqual([{ takenAt: "desc" }, { recordedAt: "desc" }]);
  });
  test.each([
    ["a taken 1 min later than b → a first (negative)", row("a", "2026-03-02T05:01:00Z", "2026-03-02T05:05:00Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), -60_000],
    ["a taken 1 min earlier than b → b first (positive)", row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), row("b", "2026-03-02T05:01:00Z", "2026-03-02T05:05:00Z"), 60_000],
    ["same takenAt, a recorded 1 s later → a first", row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:01Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), -1_000],
    ["same times → 0 (the sort keeps their order)", row("a", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), row("b", "2026-03-02T05:00:00Z", "2026-03-02T05:05:00Z"), 0],
  ] as const)("%s", (_label, a, b, want) => {
    expect(newerFirst(a, b)).toBe(want);
  });
});
