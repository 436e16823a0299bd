// A dose given during downtime that the rules would not have given (DoseEvent.downtimeFlag) waits for the attending's
// signed acknowledgement (decision 061, amendment): what it is to the review policy, what waits for whom, what it
// blocks, the handoff sheet's words, and the acknowledgement's form. Pure; plain records.
import { describe, expect, test } from "vitest";
import { OUTCOMES_FOR, outcomesFor, refusedOutcome, reviewSubjectOf, reviewWaitOf, signatureMeaning } from "@/lib/domain/review";
import { ACKNOWLEDGE_OUTCOME, REVIEW_OUTCOMES } from "@/lib/domain/review-outcomes";
import { eventWaitText, waitingFor, waitingText } from "@/lib/domain/waiting";
import { blockingText, openItems } from "@/lib/domain/blocking";
import { buildHandoffSheet, type HandoffInput } from "@/lib/domain/handoff";
import { courseNeedsAttendingReview } from "@/lib/domain/status";
import { downtimeReviewText } from "@/lib/domain/downtime";
import { outcomeLabel, AUDIT_ACTION_WORDS } from "@/lib/domain/vocabulary";
import { AcknowledgeDowntimeSchema, ReviewHoldSchema } from "@/lib/schemas/review";
import { assessment, course, decisionFor, event, NOW } from "./fixtures";

const FLAG = "Given during downtime; the rules would have held it: Urine output low.";
const iso = (s: string) => new Date(s);
const judgmentHold = decisionFor({ assessment: assessment({ heartRateBpm: 130 }) });
const flagged = (sequence = 2, over = {}) => event("given", sequence, iso("2026-03-01T22:00:00Z"), { downtimeFlag: FLAG, ...over });
const reviewed = { holdReviews: [{ id: "00000000-0000-4000-b000-000000000001" }] };

describe("the review policy", () => {
  test("a flagged given dose is its own subject and waits as `downtime`; the same dose without a flag waits for nothing", () => {
    expect(reviewSubjectOf(flagged())).toBe("given-downtime");
    expect(reviewWaitOf(flagged())).toBe("downtime");
    expect(reviewSubjectOf(event("given", 2, NOW))).toBeNull();
    expect(reviewWaitOf(event("given", 2, NOW, { downtimeFlag: null }))).toBeNull();
  });

  test("the flag wins over a judgment finding on the same dose: one acknowledgement, not a confirm", () => {
    expect(reviewSubjectOf(flagged(2, { decisionSnapshot: judgmentHold }))).toBe("given-downtime");
  });

  test("acknowledged, entered in error or written by a signed review: it waits for nothing", () => {
    expect(reviewWaitOf(flagged(2, reviewed))).toBeNull();
    expect(reviewWaitOf(flagged(2, { status: "entered_in_error" }))).toBeNull();
  });

  test("review-hold offers it no outcome, and says why; `acknowledge` is not one of review-hold's outcomes", () => {
    expect(OUTCOMES_FOR["given-downtime"]).toEqual([]);
    expect(outcomesFor("given-downtime", "", "hold")).toEqual([]);
    expect(refusedOutcome("given-downtime", "confirm", "")).toMatch(/acknowledge it with a signed note/);
    expect(REVIEW_OUTCOMES as readonly string[]).not.toContain(ACKNOWLEDGE_OUTCOME);
    expect(ReviewHoldSchema.safeParse({ doseEventId: "00000000-0000-4000-9000-000000000002", outcome: "acknowledge", reason: "x", password: "p" }).success).toBe(false);
    expect(signatureMeaning("confirm", "given-downtime", "course")).toBe("Reviewed: dose given during downtime");
  });

  test("its words: the outcome and the audit action", () => {
    expect(outcomeLabel("acknowledge")).toBe("Acknowledged: given during downtime");
    expect(AUDIT_ACTION_WORDS["downtime-acknowledge"]).toMatch(/downtime acknowledged/);
  });
});

describe("what waits for whom", () => {
  test("the course waits for the attending's acknowledgement, after stops, holds and judgment findings", () => {
    const events = [event("given", 1, iso("2026-03-01T14:00:00Z"), { decisionSnapshot: judgmentHold }), flagged(2), event("held", 3, NOW)];
    expect(waitingFor({ course: { status: "active" }, events, countDue: false, cycle2Ready: false }).map((w) => (w.what === "review" ? [w.wait, w.events] : w.what))).toEqual([
      ["hold", [3]],
      ["judgment", [1]],
      ["downtime", [2]],
    ]);
    const item = waitingFor({ course: { status: "active" }, events: [flagged()], countDue: false, cycle2Ready: false })[0]!;
    expect(waitingText(item)).toBe("Attending: acknowledge a dose given during downtime against the rules");
    expect(eventWaitText("downtime", null)).toBe("◔ Given during downtime against the rules — waiting for the attending to acknowledge");
    expect(courseNeedsAttendingReview({ course: { status: "active" }, events: [flagged()], decision: null })).toBe(true);
    expect(courseNeedsAttendingReview({ course: { status: "active" }, events: [flagged(2, reviewed)], decision: null })).toBe(false);
  });

  test("it blocks nothing (the dose was given); only the attending's acknowledgement clears it", () => {
    const items = openItems([event("given", 1, iso("2026-03-01T14:00:00Z")), flagged(2)], () => false);
    expect(items.map((i) => [i.sequence, i.wait, i.blocks, i.clearedBy])).toEqual([[2, "downtime", "nothing", ["acknowledge"]]]);
    expect(blockingText(items[0]!)).toBe("blocks nothing (already given); waits for you to acknowledge it with a signed note");
  });
});

describe("the handoff sheet", () => {
  type Events = HandoffInput["events"];
  const input = (events: Events): HandoffInput => ({
    course: { orderedAt: iso("2026-03-01T08:00:00Z"), ...course() },
    patient: { familyName: "Rivera", givenName: "Ana", mrn: "MRN-1", birthDate: iso("1970-05-04T00:00:00Z") },
    unit: { name: "Oncology 7 West", timeZone: "UTC" },
    events,
    assessments: [{ ...assessment(), recordedByName: "Nurse Nia" }],
    lastCountVerification: null,
    now: NOW,
  });
  const named = (e: ReturnType<typeof event>, reviews: Events[number]["holdReviews"] = []) => ({ ...e, recordedByName: "Nurse Nia", holdReviews: reviews });

  test("what waits for whom names the dose; its line says it waits for the acknowledgement", () => {
    const sheet = buildHandoffSheet(input([named(event("given", 1, iso("2026-03-01T14:00:00Z"))), named(flagged(2))]));
    expect(sheet.waits).toContainEqual({ who: "Attending", what: "Acknowledge a dose given during downtime although the rules would not have given it (dose 2, recorded Sun 1 Mar 22:00)" });
    expect(sheet.lastEvents.find((e) => e.sequence === 2)).toMatchObject({ waitsFor: "downtime", review: "Waiting for the attending to acknowledge: given during downtime although the rules would not have given it" });
  });

  test("once acknowledged: nothing waits for the attending, and the line says who acknowledged it, when, with the note", () => {
    const review = { id: "r1", outcome: "acknowledge" as const, attendingName: "Dr Obi", signedAt: iso("2026-03-02T05:00:00Z"), reason: "Paper checked" };
    const sheet = buildHandoffSheet(input([named(event("given", 1, iso("2026-03-01T14:00:00Z"))), named(flagged(2), [review])]));
    expect(sheet.waits.filter((w) => w.who === "Attending")).toEqual([]);
    expect(sheet.lastEvents.find((e) => e.sequence === 2)?.review).toMatch(/^Reviewed by Dr Obi, .*05:00: dose given during downtime acknowledged \(Paper checked\)$/);
  });
});

describe("the words and the form", () => {
  test("downtimeReviewText: the stored flag's words after its lead, as the attending reads them", () => {
    expect(downtimeReviewText(FLAG)).toBe("Given during downtime although the rules would have held it: Urine output low.");
    expect(downtimeReviewText("Given during downtime; the rules could not judge it: missing Creatinine.")).toBe("Given during downtime although the rules could not judge it: missing Creatinine.");
    expect(downtimeReviewText("Something else")).toBe("Something else");
  });

  test("the note is required (a deviation); blank, over-long or NUL notes are refused", () => {
    const id = "00000000-0000-4000-9000-000000000002";
    expect(AcknowledgeDowntimeSchema.safeParse({ doseEventId: id, note: "Checked", password: "p" }).success).toBe(true);
    for (const note of [undefined, "", "   ", "x".repeat(2001), "a\u0000b"]) {
      expect(AcknowledgeDowntimeSchema.safeParse({ doseEventId: id, note, password: "p" }).success).toBe(false);
    }
  });
});
