// The course page's dose timeline and schedule grid, rendered to text: clinical words only, never an internal key,
// and a stop-tier hold never reads as a plain "held" (issue 10, items 3 and 7).
import { describe, expect, test, vi } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { TimelineEvent } from "@/lib/views/course";
import type { DoseSchedule } from "@/lib/domain/dose-schedule";

// the correction form is a client component bound to a server action; the timeline offers it only where allowed
vi.mock("@/components/course/correction-form", () => ({ CorrectionForm: () => null }));
const { DoseTimeline } = await import("@/components/course/dose-timeline");
const { ScheduleGrid } = await import("@/components/course/schedule-grid");

const TZ = "America/New_York";
const NOW = new Date("2026-03-02T06:00:00Z");
const text = (html: string) => html.replace(/<(li|p|td|th|tr)[^>]*>/g, "\n").replace(/<[^>]+>/g, "").replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">");

function timelineEvent(over: Partial<TimelineEvent>): TimelineEvent {
  return {
    id: "e1", sequence: 2, kind: "held", cycle: 1, tier: "hold", doseIu: null, occurredAt: new Date("2026-03-02T04:10:00Z"), engineDecision: "hold",
    ruleSetId: "til-2024", ruleSetVersion: "1.1.0", recordedByName: "Nurse N", witnessName: null, authorizedByReview: false, findings: [], criteria: [],
    note: null, enteredInError: null, reviews: [], waitsFor: "hold", ...over,
  };
}
const timeline = (events: TimelineEvent[]) => text(renderToStaticMarkup(createElement(DoseTimeline, { events, timeZone: TZ, now: NOW })));

describe("DoseTimeline", () => {
  test("a stop-tier hold waiting for the attending reads 'Stop IL-2 — attending to decide', once, never 'held at stop tier'", () => {
    const t = timeline([timelineEvent({ tier: "stop", engineDecision: "stop", waitsFor: "stop", criteria: ["hypotension-refractory"] })]);
    expect(t).toContain("#2 ■ Stop IL-2 — attending to decide");
    expect(t.match(/attending to decide/g)).toHaveLength(1);
    expect(t).not.toMatch(/held at stop tier/i);
    expect(t).toContain("Held for: Hypotension not responding to fluids");
    expect(t).toContain("Engine said Stop IL-2");
  });

  test("once the attending decided, it still reads as the stop it was, not as waiting", () => {
    const review = { id: "r1", outcome: "stop" as const, attendingName: "Dr A", signedAt: new Date("2026-03-02T05:00:00Z"), signatureMeaning: "Reviewed: IL-2 stopped for this course", reason: null };
    const t = timeline([timelineEvent({ tier: "stop", engineDecision: "stop", waitsFor: null, reviews: [review] })]);
    expect(t).toContain("#2 ■ Stop IL-2 — held; the attending decided");
    expect(t).not.toContain("attending to decide");
  });

  test("findings in clinical words: the detail without field keys, the tier in words, the source linked to its citation", () => {
    const finding = { criterion: "tachycardia", criterionLabel: "Heart rate high", detail: "heartRateBpm 125 bpm > 120 bpm", tier: "hold", source: "SPR", judgment: false };
    const html = renderToStaticMarkup(createElement(DoseTimeline, { events: [timelineEvent({ findings: [finding], criteria: ["tachycardia"] })], timeZone: TZ, now: NOW }));
    const t = text(html);
    expect(t).toContain("#2 ‖ Held");
    expect(t).toContain("Heart rate high: Heart rate 125 bpm > 120 bpm (Hold this dose, SPR)");
    expect(t).not.toContain("heartRateBpm");
    expect(t).not.toContain("tachycardia");
    expect(html).toContain('href="/sources#SPR"');
  });

  test("an engine refusal stored as the decision reads in words", () => {
    expect(timeline([timelineEvent({ engineDecision: "invalid-request" })])).toContain("Engine said The engine refused the data");
  });
});

describe("ScheduleGrid", () => {
  const attempt = (over: Partial<DoseSchedule["cycles"][number]["doses"][number]["attempts"][number]>) => ({
    id: "a", sequence: 2, kind: "held" as const, at: new Date("2026-03-02T04:10:00Z"), tier: "stop", criteria: ["Hypotension not responding to fluids"], note: null, doseIu: null, waitsFor: "stop" as const, ...over,
  });
  const grid = (a: ReturnType<typeof attempt>) => {
    const schedule: DoseSchedule = {
      cycles: [{ cycle: 1, max: 6, doses: [{ cycle: 1, number: 2, window: null, attempts: [a], outcome: a.waitsFor === "stop" ? "held" : "stopped", givenAt: null }] }],
      given: 1, dosesHeld: 1, heldAttempts: 1,
    };
    return text(renderToStaticMarkup(createElement(ScheduleGrid, { schedule, timeZone: TZ, now: NOW })));
  };

  test("a stop-tier hold attempt reads as the stop it is, waiting or decided, never a plain 'held … at stop tier'", () => {
    expect(grid(attempt({}))).toContain("Stop IL-2 — attending to decide");
    expect(grid(attempt({ waitsFor: null }))).toContain("Stop IL-2 — held; the attending decided");
    expect(grid(attempt({}))).not.toMatch(/at stop tier/);
  });
});
