// The course timeline names the witness of a given dose and when they double-checked it (decision 055).
import { expect, test, vi } from "vitest";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { TimelineEvent } from "@/lib/views/course";

vi.mock("@/components/course/correction-form", () => ({ CorrectionForm: () => null }));
const { DoseTimeline } = await import("@/components/course/dose-timeline");

const TZ = "America/New_York";
const NOW = new Date("2026-03-02T06:00:00Z");
const given = (over: Partial<TimelineEvent>): TimelineEvent => ({
  id: "e1", sequence: 1, kind: "given", cycle: 1, tier: null, doseIu: 48_000_000, occurredAt: new Date("2026-03-02T04:10:00Z"), engineDecision: "give",
  ruleSetId: "til-2024", ruleSetVersion: "1.1.0", recordedByName: "Nurse N", witnessName: null, authorizedByReview: false, findings: [], criteria: [],
  note: null, enteredInError: null, reviews: [], waitsFor: null, ...over,
});
const text = (e: TimelineEvent) => renderToStaticMarkup(createElement(DoseTimeline, { events: [e], timeZone: TZ, now: NOW })).replace(/<[^>]+>/g, "");

test("a witnessed dose reads 'witness <name>, double-checked <time>' on the unit's clock", () => {
  const t = text(given({ witnessName: "Nurse W", witnessSignature: { signedAt: new Date("2026-03-02T04:09:00Z"), meaning: "Independent double-check: dose and volume verified" } }));
  expect(t).toMatch(/recorded by Nurse N · witness Nurse W, double-checked [^·]*23:09/);
});

test("a witness picked before witnesses signed reads as before, without a double-check time", () => {
  const t = text(given({ witnessName: "Nurse W" }));
  expect(t).toContain("witness Nurse W");
  expect(t).not.toContain("double-checked");
});
