import { describe, expect, test } from "vitest";
import { correctableRecordIds, correctionRefusal, doseEventCorrectionRefusal, doseEventsSinceAssessment, type CorrectionSubject, type CourseEventForCorrection } from "@/lib/domain/correction";

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
  const given = { kind: "given" as const, tier: null, engineDecision: "give", authorizedByReviewId: null as string | null, recordedAt, sequence: 2, recordedById: "n1", downtimeFlag: null as string | null };
  const dose = (over: Partial<typeof given> | { kind: "held"; tier: string; engineDecision?: string } = {}, facts: Partial<{ reviewed: boolean; sourceAssessmentActive: boolean; laterActiveSequence: number | null }> = {}): CorrectionSubject => ({
    entityType: "DoseEvent",
    event: { ...given, ...over },
    reviewed: false,
    sourceAssessmentActive: true,
    laterActiveSequence: null,
    ...facts,
  });
  const assessment = (doseEventsSince: { sequence: number; kind: "given" | "held"; onIt?: boolean }[] = [], recordedById = "n1"): CorrectionSubject => ({
    entityType: "Assessment",
    assessment: { recordedById, recordedAt },
    doseEventsSince: doseEventsSince.map((d) => ({ onIt: true, ...d })),
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
    ["own hold she chose where the engine said give, unreviewed: accepted (her typo)", nurse, dose({ kind: "held", tier: "hold", engineDecision: "give" }), 5, null],
    ["own hold-tier hold the engine asked for, unreviewed: refused (the attending reviews it)", nurse, dose({ kind: "held", tier: "hold", engineDecision: "hold" }), 5, "The engine asked for this hold"],
    ["own stop-tier hold: refused (the attending decides a stop)", nurse, dose({ kind: "held", tier: "stop" }), 5, "A stop is the attending's to decide"],
    ["own discontinue-tier hold: refused", nurse, dose({ kind: "held", tier: "discontinue" }), 5, "A stop is the attending's to decide"],
    // issue 14, review 2: a paper dose whose rules at its time said stop holds up every dose; she may not erase it
    ["own paper dose the rules would have stopped: refused", nurse, dose({ engineDecision: "stop", downtimeFlag: "Given during downtime; the rules would have stopped IL-2: Mental status changed." }), 5, "A stop is the attending's to decide"],
    ["own paper dose the rules would have discontinued: refused", nurse, dose({ engineDecision: "discontinue", downtimeFlag: "Given during downtime; the rules would have discontinued IL-2." }), 5, "A stop is the attending's to decide"],
    ["own paper dose the rules would only have held: accepted (her typo)", nurse, dose({ engineDecision: "hold", downtimeFlag: "Given during downtime; the rules would have held it: Urine output low." }), 5, null],
    ["own stop-tier hold whose assessment is already in error: still refused for a nurse", nurse, dose({ kind: "held", tier: "stop" }, { sourceAssessmentActive: false }), 5, "A stop is the attending's to decide"],
    ["own hold an attending reviewed: refused", nurse, dose({ kind: "held", tier: "hold" }, { reviewed: true }), 5, "An attending has reviewed this event"],
    ["own dose given under an attending's override: refused", nurse, dose({ authorizedByReviewId: "r1" }), 5, "An attending has signed an override for this dose"],
    ["own dose with a later event after it: refused", nurse, dose({}, { laterActiveSequence: 3 }), 5, "Dose event #3 was recorded after this one"],
    ["own assessment a dose was recorded on: refused, correct the dose first", nurse, assessment([{ sequence: 2, kind: "held" }]), 5, "Dose event #2 (held) was recorded on this assessment"],
    ["own assessment a later dose was decided on (linked to a newer one): refused", nurse, assessment([{ sequence: 3, kind: "given", onIt: false }]), 5, "Dose event #3 (given) was recorded after this assessment and may have been decided on its values: only an attending may mark it entered in error now."],
    ["attending, assessment a later dose was decided on: accepted", attending, assessment([{ sequence: 3, kind: "given", onIt: false }]), 180, null],
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
    id, sequence, kind: "given", tier: null, engineDecision: "give", authorizedByReviewId: null, recordedAt: t0, status: "active", assessmentId: null, recordedById: "n1", holdReviews: [], assessment: null, ...o,
  });
  test("the latest own event and an assessment without doses are offered; an earlier event, another's, an in-error one are not", () => {
    // a2 and a3 were recorded a minute after the doses; a1 with them (e2 links to it); a4 a minute before them, so the
    // doses may have been decided on its values though none links to it
    const after = new Date(t0.getTime() + 60_000);
    const events = [ev("e1", 1), ev("e2", 2, { assessmentId: "a1" }), ev("e3", 3, { status: "entered_in_error" }), ev("e4", 4, { recordedById: "n2", status: "entered_in_error" })];
    const assessments = [
      { id: "a1", recordedById: "n1", recordedAt: t0, status: "active" },
      { id: "a2", recordedById: "n1", recordedAt: after, status: "active" },
      { id: "a3", recordedById: "n2", recordedAt: after, status: "active" },
      { id: "a4", recordedById: "n1", recordedAt: new Date(t0.getTime() - 60_000), status: "active" },
    ];
    const ids = correctableRecordIds({ id: "n1", role: "nurse" }, events, assessments, new Date(t0.getTime() + 10 * 60_000), "UTC");
    expect([...ids].sort()).toEqual(["a2", "e2"]);
    const later = correctableRecordIds({ id: "n1", role: "nurse" }, events, assessments, new Date(t0.getTime() + 32 * 60_000), "UTC");
    expect([...later]).toEqual([]);
    const attending = correctableRecordIds({ id: "x", role: "attending" }, events, assessments, new Date(t0.getTime() + 31 * 60_000), "UTC");
    expect([...attending].sort()).toEqual(["a1", "a2", "a3", "a4", "e1", "e2"]);
  });
});

describe("doseEventsSinceAssessment: the doses that may rest on an assessment's values", () => {
  const t0 = new Date("2026-12-01T20:40:00Z");
  const at = (m: number) => new Date(t0.getTime() + m * 60_000);
  test("the active ones recorded on it or at or after its recording, in sequence order; an earlier or in-error one is not", () => {
    const events = [
      { sequence: 1, kind: "given" as const, status: "active" as const, assessmentId: null, recordedAt: at(-60) },
      { sequence: 4, kind: "given" as const, status: "active" as const, assessmentId: "b", recordedAt: at(5) },
      { sequence: 2, kind: "held" as const, status: "active" as const, assessmentId: null, recordedAt: at(0) },
      { sequence: 3, kind: "given" as const, status: "entered_in_error" as const, assessmentId: "a", recordedAt: at(2) },
    ];
    expect(doseEventsSinceAssessment({ id: "a", recordedAt: t0 }, events)).toEqual([
      { sequence: 2, kind: "held", onIt: false },
      { sequence: 4, kind: "given", onIt: false },
    ]);
    expect(doseEventsSinceAssessment({ id: "b", recordedAt: at(10) }, events)).toEqual([{ sequence: 4, kind: "given", onIt: true }]);
  });
});
