// lib/domain/downtime-stop.ts: which dose given during downtime holds up the next one (issue 14, review finding 1).
import { describe, expect, test } from "vitest";
import { downtimeStopAwaitingAttending, downtimeStopText, type DowntimeStopEvent } from "@/lib/domain/downtime-stop";

const ev = (sequence: number, o: Partial<DowntimeStopEvent> = {}): DowntimeStopEvent => ({
  sequence, kind: "given", status: "active", occurredAt: new Date(Date.UTC(2026, 11, 1, sequence * 8)),
  engineDecision: "give", downtimeFlag: null, holdReviews: [], ...o,
});
const stopPaper = (sequence: number, o: Partial<DowntimeStopEvent> = {}) => ev(sequence, { engineDecision: "stop", downtimeFlag: "Given during downtime; the rules would have stopped IL-2: Urine output low.", ...o });

describe("downtimeStopAwaitingAttending", () => {
  test("a paper dose the rules would have stopped, unreviewed, waits", () => {
    expect(downtimeStopAwaitingAttending([ev(1), stopPaper(2)])?.sequence).toBe(2);
  });
  test("discontinue waits too; hold, wait and incomplete do not (they are flagged, not a stop)", () => {
    expect(downtimeStopAwaitingAttending([stopPaper(1, { engineDecision: "discontinue" })])?.sequence).toBe(1);
    for (const d of ["hold", "wait", "incomplete", "give"]) expect(downtimeStopAwaitingAttending([stopPaper(1, { engineDecision: d })])).toBeNull();
  });
  test("a signed review, an attending's stop or discontinuation after it, or entered in error: nothing waits", () => {
    expect(downtimeStopAwaitingAttending([stopPaper(1, { holdReviews: [{}] })])).toBeNull();
    expect(downtimeStopAwaitingAttending([stopPaper(1), ev(2, { kind: "stopped" })])).toBeNull();
    expect(downtimeStopAwaitingAttending([stopPaper(1), ev(2, { kind: "discontinued" })])).toBeNull();
    expect(downtimeStopAwaitingAttending([stopPaper(1, { status: "entered-in-error" })])).toBeNull();
  });
  test("a live dose recorded with a stop decision is not a downtime entry (the live path refuses it anyway)", () => {
    expect(downtimeStopAwaitingAttending([ev(1, { engineDecision: "stop" })])).toBeNull();
  });
  test("the words name the dose, its time, the flag, and who must decide", () => {
    expect(downtimeStopText(stopPaper(2), "UTC", new Date(Date.UTC(2026, 11, 1, 20)))).toBe(
      "Dose 2, given during downtime at 16:00, met a criterion for which the rules at that time would have stopped IL-2 (Given during downtime; the rules would have stopped IL-2: Urine output low). No dose can be given until an attending has reviewed it.",
    );
  });
});
