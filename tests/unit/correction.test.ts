import { describe, expect, test } from "vitest";
import { correctableRecordIds, correctionRefusal, doseEventCorrectionRefusal, type CorrectionSubject, type CourseEventForCorrection } from "@/lib/domain/correction";

describe("doseEventCorrectionRefusal: a correction never undoes a stop", () => {
  const held = (tier: string | null) => ({ kind: "held" as const, tier, authorizedByReviewId: null });
  test.each([
    ["stop-tier hold, unreviewed, its assessment active: refused", held("stop"), false, true, "waits for the attending"],
    ["discontinue-tier hold, unreviewed, its assessment active: refused", held("discontinue"), false, true, "waits for the attending"],
    ["stop-tier hold, reviewed: allowed", held("stop"), true, true, null],
    ["stop-tier hold, its assessment already in error: allowed", held("stop"), false, false, null],
    ["hold-tier hold: allowed", held("hold"), false, true, null],
    ["given dose: allowed", { kind: "given" as const, tier: null, authorizedByReviewId: null }, false, true, null],
    ["stopped, signed in a review: refused", { kind: "stopped" as const, tier: null, authorizedByReviewId: "r1" }, true, false, "This stop was signed by an attending"],
    ["discontinued, signed in a review: refused", { kind: "discontinued" as const, tier: null, authorizedByReviewId: "r1" }, true, false, "This discontinuation was signed"],
    ["stopped, recorded by a nurse: allowed", { kind: "stopped" as const, tier: null, authorizedByReviewId: null }, false, false, null],
  ] as const)("%s", (_label, event, reviewed, sourceAssessmentActive, want) => {
    const got = doseEventCorrectionRefusal(event, { reviewed, sourceAssessmentActive });
    if (want === null) expect(got).toBeNull();
    else expect(got).toContain(want);
  });
});

describe("correctionRefusal: a nurse corrects her own entry within 30 minutes; an attending any, as before", () => {
  const nurse = { id: "n1", role: "nurse" };
  const otherNurse = { id: "n2", role: "nurse" };
  const attending = { id: "a1", role: "attending" };
  // recorded 20:40 UTC = 21:40 in Amsterdam (CET, UTC+1 on 1 Dec)
  const recordedAt = new Date("2026-12-01T20:40:00Z");
  const tz = "Europe/Amsterdam";
  const at = (minutes: number) => new Date(recordedAt.getTime() + minutes * 60_000);
  const given = { kind: "given" as const, tier: null, authorizedByReviewId: null as string | null, recordedAt, sequence: 2, recordedById: "n1" };
  const dose = (over: Partial<typeof given> | { kind: "held"; tier: string } = {}, facts: Partial<{ reviewed: boolean; sourceAssessmentActive: boolean; laterActiveSequence: number | null }> = {}): CorrectionSubject => ({
    entityType: "DoseEvent",
    event: { ...given, ...over },
    reviewed: false,
    sourceAssessmentActive: true,
    laterActiveSequence: null,
    ...facts,
  });
  const assessment = (doseEventsOnIt: { sequence: number; kind: "given" | "held" }[] = [], recordedById = "n1"): CorrectionSubject => ({
    entityType: "Assessment",
    assessment: { recordedById, recordedAt },
    doseEventsOnIt,
  });
  const WINDOW = "Only the nurse who recorded it may correct it, within 30 minutes of recording (recorded 21:40). Ask an attending.";

  test.each([
    ["own dose, 29 min 59 s after recording: accepted", nurse, dose(), 29 + 59 / 60, null],
    ["own dose, exactly 30 min after: accepted (within 30 minutes)", nurse, dose(), 30, null],
    ["own dose, 30 min 1 s after: refused, recorded time in the unit's zone", nurse, dose(), 30 + 1 / 60, WINDOW],
    ["own assessment, 29 min 59 s after: accepted", nurse, assessment(), 29 + 59 / 60, null],
    ["own assessment, 30 min 1 s after: refused", nurse, assessment(), 30 + 1 / 60, WINDOW],
    ["another nurse's dose, 1 min after: refused", otherNurse, dose(), 1, WINDOW],
    ["an attending's assessment, 1 min after, by a nurse: refused", nurse, assessment([], "a1"), 1, WINDOW],
    ["own hold-tier hold, unreviewed: accepted", nurse, dose({ kind: "held", tier: "hold" }), 5, null],
    ["own stop-tier hold: refused (the attending decides a stop)", nurse, dose({ kind: "held", tier: "stop" }), 5, "A stop is the attending's to decide"],
    ["own discontinue-tier hold: refused", nurse, dose({ kind: "held", tier: "discontinue" }), 5, "A stop is the attending's to decide"],
    ["own stop-tier hold whose assessment is already in error: still refused for a nurse", nurse, dose({ kind: "held", tier: "stop" }, { sourceAssessmentActive: false }), 5, "A stop is the attending's to decide"],
    ["own hold an attending reviewed: refused", nurse, dose({ kind: "held", tier: "hold" }, { reviewed: true }), 5, "An attending has reviewed this event"],
    ["own dose given under an attending's override: refused", nurse, dose({ authorizedByReviewId: "r1" }), 5, "An attending has signed an override for this dose"],
    ["own dose with a later event after it: refused", nurse, dose({}, { laterActiveSequence: 3 }), 5, "Dose event #3 was recorded after this one"],
    ["own assessment a dose was recorded on: refused, correct the dose first", nurse, assessment([{ sequence: 2, kind: "held" }]), 5, "Dose event #2 (held) was recorded on this assessment"],
    ["attending, another's dose, 3 hours after: accepted", attending, dose(), 180, null],
    ["attending, assessment a dose was recorded on: accepted", attending, assessment([{ sequence: 2, kind: "given" }]), 180, null],
    ["attending, stop-tier hold waiting for review: refused (no one erases a stop)", attending, dose({ kind: "held", tier: "stop" }), 5, "waits for the attending's decision"],
    ["pharmacist: refused", { id: "p1", role: "pharmacist" }, dose(), 1, "Your role does not allow this."],
  ] as const)("%s", (_label, who, subject, minutes, want) => {
    const got = correctionRefusal(who, subject, at(minutes), tz);
    if (want === null) expect(got).toBeNull();
    else if (want === WINDOW) expect(got).toBe(WINDOW);
    else expect(got).toContain(want);
  });

  test("the recorded time names the day when it is not today in the unit", () => {
    expect(correctionRefusal(otherNurse, dose(), new Date("2026-12-02T09:00:00Z"), tz)).toContain("(recorded Tue 1 Dec 21:40)");
  });
});

describe("correctableRecordIds: the page offers the form exactly where the action would accept it", () => {
  const t0 = new Date("2026-12-01T20:40:00Z");
  const ev = (id: string, sequence: number, o: Partial<CourseEventForCorrection> = {}): CourseEventForCorrection => ({
    id, sequence, kind: "given", tier: null, authorizedByReviewId: null, recordedAt: t0, status: "active", assessmentId: null, recordedById: "n1", holdReviews: [], assessment: null, ...o,
  });
  test("the latest own event and an assessment without doses are offered; an earlier event, another's, an in-error one are not", () => {
    const events = [ev("e1", 1), ev("e2", 2, { assessmentId: "a1" }), ev("e3", 3, { status: "entered_in_error" }), ev("e4", 4, { recordedById: "n2", status: "entered_in_error" })];
    const assessments = [
      { id: "a1", recordedById: "n1", recordedAt: t0, status: "active" },
      { id: "a2", recordedById: "n1", recordedAt: t0, status: "active" },
      { id: "a3", recordedById: "n2", recordedAt: t0, status: "active" },
    ];
    const ids = correctableRecordIds({ id: "n1", role: "nurse" }, events, assessments, new Date(t0.getTime() + 10 * 60_000), "UTC");
    expect([...ids].sort()).toEqual(["a2", "e2"]);
    const later = correctableRecordIds({ id: "n1", role: "nurse" }, events, assessments, new Date(t0.getTime() + 31 * 60_000), "UTC");
    expect([...later]).toEqual([]);
    const attending = correctableRecordIds({ id: "x", role: "attending" }, events, assessments, new Date(t0.getTime() + 31 * 60_000), "UTC");
    expect([...attending].sort()).toEqual(["a1", "a2", "a3", "e1", "e2"]);
  });
});
