// The current picture of the patient (lib/domain/current-assessment.ts currentPicture, decision 042): the latest
// value of each field among the active assessments, each with its own time, judged by the engine on those times.
// NOW is 06:00Z; the TIL course has doses given at 14:00 and 22:00 the day before (the 3rd dose is open at 06:00).
import { describe, expect, test } from "vitest";
import { currentPicture, pictureAtEvent, pictureWithTyped, type CurrentPicture } from "@/lib/domain/current-assessment";
import { assessmentForEngine } from "@/lib/domain/engine-request";
import type { AssessmentRecord } from "@/lib/domain/records";
import { ASSESSMENT_ID, H, MIN, NOW, OTHER_ASSESSMENT_ID, after, assessment, decisionFor, dec, event, tilTwoGiven } from "./fixtures";

const THIRD_ID = "00000000-0000-4000-a000-000000000003";

/** An assessment holding only the given values (everything else not recorded). */
function only(id: string, takenAt: Date, values: Partial<AssessmentRecord>): AssessmentRecord {
  return assessment({
    id, takenAt, recordedAt: after(takenAt, 2 * MIN),
    sbpMmHg: null, heartRateBpm: null, rhythm: null, spo2Pct: null, oxygenDevice: null, oxygenLpm: null, urineOutputMl: null,
    urineOutputHours: null, weightKg: null, mentalStatus: null, phenylephrineMcgKgMin: null, phenylephrinePeakMcgKgMin: null,
    otherVasopressor: null, fluidRefractoryHypotension: null, creatinineMgDl: null, labsAt: null, plateletsPerUl: null,
    bilirubinMgDl: null, bicarbonateMmolL: null, temperatureC: null, infection: null, giBleeding: null, permanentEvents: [],
    permanentEventsAnswered: false,
    ...values,
  });
}

function picture(rows: AssessmentRecord[], options?: { knownAt?: Date }): CurrentPicture {
  const p = currentPicture(rows, options);
  if (!p) throw new Error("expected a picture");
  return p;
}

const fieldOf = (p: CurrentPicture, field: string) => p.fields.find((f) => f.field === field);

/** Complete, taken 05:30 (30 min before NOW), labs drawn 05:00. */
const complete = () => assessment();
/** Only SBP, taken 05:31: the partial assessment of issue 10, observation 7. */
const sbpOnly = (sbp = 112) => only(OTHER_ASSESSMENT_ID, after(NOW, -29 * MIN), { sbpMmHg: sbp });

describe("currentPicture: which value, from which assessment, with which time", () => {
  test("no assessment, or only entered-in-error ones → no picture", () => {
    expect(currentPicture([])).toBeNull();
    expect(currentPicture([assessment({ status: "entered_in_error" })])).toBeNull();
  });

  test("one complete assessment: the picture is that assessment, and the engine is sent exactly its own request", () => {
    const a = complete();
    const p = picture([a]);
    expect(p.latest).toBe(a);
    expect(assessmentForEngine(p.assessment)).toEqual(assessmentForEngine(a));
    expect(new Set(p.fields.map((f) => f.assessmentId))).toEqual(new Set([ASSESSMENT_ID]));
  });

  test("a newer assessment with only SBP (05:31) takes SBP; every other value stays the complete one's (05:30) with its own time", () => {
    const p = picture([complete(), sbpOnly(112)]);
    expect(p.latest.id).toBe(OTHER_ASSESSMENT_ID);
    expect(fieldOf(p, "sbpMmHg")).toMatchObject({ value: 112, assessmentId: OTHER_ASSESSMENT_ID, observedAt: after(NOW, -29 * MIN) });
    expect(fieldOf(p, "heartRateBpm")).toMatchObject({ value: 100, assessmentId: ASSESSMENT_ID, observedAt: after(NOW, -30 * MIN) });
    expect(fieldOf(p, "creatinineMgDl")).toMatchObject({ value: 1, assessmentId: ASSESSMENT_ID, observedAt: after(NOW, -H) });
    const sent = assessmentForEngine(p.assessment);
    expect(sent.at).toBe(after(NOW, -29 * MIN).toISOString());
    expect(sent.sbpMmHg).toBe(112);
    // the older values are sent with their own time, never re-timed to the newer assessment's
    expect(sent.observedAt).toMatchObject({ heartRateBpm: after(NOW, -30 * MIN).toISOString(), creatinineMgDl: after(NOW, -H).toISOString() });
    expect(sent.observedAt).not.toHaveProperty("sbpMmHg");
  });

  test("a partial newer assessment does not hide the fuller older one: give on the picture, incomplete on the partial one alone", () => {
    const rows = [complete(), sbpOnly(112)];
    expect(decisionFor({ assessment: picture(rows).assessment }).decision).toBe("give");
    expect(decisionFor({ assessment: rows[1] }).decision).toBe("incomplete");
  });

  test("a newer value still decides: SBP 85 (< target 90) in the partial assessment holds on the picture", () => {
    const d = decisionFor({ assessment: picture([complete(), sbpOnly(85)]).assessment });
    expect(d.decision).toBe("hold");
    expect(d.findings.map((f) => f.criterion)).toEqual(["sbp-low"]);
  });

  test("entered-in-error assessments never count: a newer one in error (SBP 80) is ignored, the older value stands", () => {
    const wrong = { ...sbpOnly(80), status: "entered_in_error" as const };
    const p = picture([complete(), wrong]);
    expect(p.latest.id).toBe(ASSESSMENT_ID);
    expect(fieldOf(p, "sbpMmHg")).toMatchObject({ value: 110, assessmentId: ASSESSMENT_ID });
    expect(decisionFor({ assessment: p.assessment }).decision).toBe("give");
  });

  test("entered-in-error assessments never count: with the complete one in error, only the partial one's SBP is left → incomplete", () => {
    const p = picture([{ ...complete(), status: "entered_in_error" }, sbpOnly(112)]);
    expect(p.fields.map((f) => f.field)).toEqual(["sbpMmHg"]);
    expect(decisionFor({ assessment: p.assessment }).decision).toBe("incomplete");
  });

  test("labs by their draw time: creatinine drawn 05:00 (older assessment) beats one drawn 03:00 entered in a newer assessment", () => {
    const older = complete(); // creatinine 1.0 drawn 05:00
    const newer = only(OTHER_ASSESSMENT_ID, after(NOW, -10 * MIN), { creatinineMgDl: dec("2.6"), labsAt: after(NOW, -3 * H) });
    const p = picture([older, newer]);
    expect(fieldOf(p, "creatinineMgDl")).toMatchObject({ value: 1, assessmentId: ASSESSMENT_ID, observedAt: after(NOW, -H) });
    expect(decisionFor({ assessment: p.assessment }).findings.map((f) => f.criterion)).not.toContain("creatinine-high");
  });

  test("labs by their draw time: a newer draw (05:50, creatinine 2.6) replaces 05:00; labs from two assessments each keep their own draw time, labsAt the oldest", () => {
    const newer = only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { creatinineMgDl: dec("2.6"), labsAt: after(NOW, -10 * MIN) });
    const p = picture([complete(), newer]);
    const sent = assessmentForEngine(p.assessment);
    expect(sent.creatinineMgDl).toBe(2.6);
    expect(sent.observedAt).toMatchObject({ creatinineMgDl: after(NOW, -10 * MIN).toISOString(), plateletsPerUl: after(NOW, -H).toISOString() });
    expect(sent.labsAt).toBe(after(NOW, -H).toISOString());
    const d = decisionFor({ assessment: p.assessment });
    expect(d.findings.map((f) => f.criterion)).toContain("creatinine-high");
    expect(d.decision).toBe("hold");
  });

  test("carried values keep their original time: rhythm carried into a 05:55 assessment from one of 02:30 is judged at 02:30 (stale after 180 min)", () => {
    const first = assessment({ takenAt: after(NOW, -3.5 * H), recordedAt: after(NOW, -3.4 * H) });
    const second = assessment({
      id: OTHER_ASSESSMENT_ID, takenAt: after(NOW, -5 * MIN), recordedAt: after(NOW, -4 * MIN), labsAt: after(NOW, -H),
      rhythm: "sinus", carriedFields: ["rhythm"], carriedFromId: ASSESSMENT_ID, observedAt: { rhythm: after(NOW, -3.5 * H).toISOString() },
    });
    const p = picture([first, second]);
    expect(fieldOf(p, "rhythm")).toMatchObject({ assessmentId: OTHER_ASSESSMENT_ID, carried: true, observedAt: after(NOW, -3.5 * H) });
    const sent = assessmentForEngine(p.assessment);
    expect(sent.observedAt).toEqual({ rhythm: after(NOW, -3.5 * H).toISOString() });
    const d = decisionFor({ assessment: p.assessment });
    expect(d.stale).toEqual(["rhythm"]);
    expect(d.decision).toBe("incomplete");
  });

  test("a value observed before a hold stays stale for the held dose: SBP alone after the hold re-decides nothing → incomplete, never give", () => {
    // 05:30 complete with SBP 85 → dose 3 held at 05:40 (sbp-low); 05:50: only SBP 110.
    const before = assessment({ sbpMmHg: 85 });
    const events = [...tilTwoGiven(), event("held", 3, after(NOW, -20 * MIN), { assessmentId: ASSESSMENT_ID })];
    const newer = only(OTHER_ASSESSMENT_ID, after(NOW, -10 * MIN), { sbpMmHg: 110 });
    const p = picture([before, newer]);
    const d = decisionFor({ events, assessment: p.assessment });
    expect(d.decision).toBe("incomplete");
    expect(d.stale).toEqual(expect.arrayContaining(["heartRateBpm", "rhythm", "spo2Pct", "mentalStatus", "urineOutputMl"]));
    expect(d.stale).not.toContain("sbpMmHg");
    // labs are on their own clock: not stale after a hold (protocols.md §3)
    expect(d.stale).not.toContain("creatinineMgDl");
    // the same values re-timed to 05:50 would have given: the times are what keeps the held dose held
    const retimed = assessment({ id: OTHER_ASSESSMENT_ID, takenAt: after(NOW, -10 * MIN), sbpMmHg: 110 });
    expect(decisionFor({ events, assessment: retimed }).decision).toBe("give");
  });

  test("a volume stays with its hours and a flow with its device: never mixed from two assessments", () => {
    const older = assessment({ oxygenDevice: "nasal-cannula", oxygenLpm: dec("2"), urineOutputMl: 400, urineOutputHours: dec("8") });
    const newer = only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { oxygenDevice: "room-air", urineOutputMl: 200 });
    const p = picture([older, newer]);
    expect(fieldOf(p, "oxygenDevice")).toMatchObject({ value: "room-air", assessmentId: OTHER_ASSESSMENT_ID });
    expect(fieldOf(p, "oxygenLpm")).toBeUndefined();
    expect(fieldOf(p, "urineOutputMl")).toMatchObject({ value: 200, assessmentId: OTHER_ASSESSMENT_ID });
    expect(fieldOf(p, "urineOutputHours")).toBeUndefined();
    const d = decisionFor({ assessment: p.assessment });
    expect(d.missing).toEqual(expect.arrayContaining(["oxygenLpm", "urineOutputHours"]));
  });

  test("a saturation stays with the oxygen it was measured on: a newer SpO₂ alone never borrows an older 'room air'", () => {
    const older = assessment({ spo2Pct: 96, oxygenDevice: "room-air", oxygenLpm: dec("0") });
    const newer = only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { spo2Pct: 91 });
    const p = picture([older, newer]);
    expect(fieldOf(p, "spo2Pct")).toMatchObject({ value: 91, assessmentId: OTHER_ASSESSMENT_ID });
    expect(fieldOf(p, "oxygenDevice")).toBeUndefined();
    expect(fieldOf(p, "oxygenLpm")).toBeUndefined();
    const d = decisionFor({ assessment: p.assessment });
    expect(d.decision).not.toBe("give");
    expect(d.missing).toEqual(expect.arrayContaining(["oxygenDevice", "oxygenLpm"]));
    // with the device and flow carried into the new assessment (the form's carry), the three are read together
    const carried = only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), {
      spo2Pct: 91, oxygenDevice: "nasal-cannula", oxygenLpm: dec("2"), carriedFields: ["oxygenDevice", "oxygenLpm"],
      observedAt: { oxygenDevice: after(NOW, -30 * MIN).toISOString(), oxygenLpm: after(NOW, -30 * MIN).toISOString() },
    });
    const q = picture([older, carried]);
    expect(fieldOf(q, "oxygenDevice")).toMatchObject({ value: "nasal-cannula", assessmentId: OTHER_ASSESSMENT_ID });
  });

  test("a new assessment that only carried the oxygen device and flow (no SpO₂ of its own) leaves the group where all three were observed", () => {
    const at = after(NOW, -30 * MIN);
    const older = assessment({ takenAt: at, spo2Pct: 96, oxygenDevice: "room-air", oxygenLpm: dec("0") });
    const sbpAlone = only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), {
      sbpMmHg: 108, oxygenDevice: "room-air", oxygenLpm: dec("0"), carriedFields: ["oxygenDevice", "oxygenLpm"],
      observedAt: { oxygenDevice: at.toISOString(), oxygenLpm: at.toISOString() },
    });
    const p = picture([older, sbpAlone]);
    for (const f of ["spo2Pct", "oxygenDevice", "oxygenLpm"]) expect(fieldOf(p, f)).toMatchObject({ assessmentId: older.id });
    expect(decisionFor({ assessment: p.assessment }).missing).not.toContain("spo2Pct");
  });

  test("permanent events: every one recorded on an active assessment, even when the newest answer is 'none'", () => {
    const older = assessment({ takenAt: after(NOW, -2 * H), permanentEvents: ["ischemia"] });
    const newer = assessment({ id: OTHER_ASSESSMENT_ID, permanentEvents: [], permanentEventsAnswered: true });
    const p = picture([older, newer]);
    expect(fieldOf(p, "permanentEvents")?.value).toEqual(["ischemia"]);
    expect(decisionFor({ assessment: p.assessment }).decision).toBe("discontinue");
  });

  test("the newest assessment wins a tie: the same value at the same time (carried) is shown from the carrying assessment", () => {
    const first = assessment({ takenAt: after(NOW, -60 * MIN), recordedAt: after(NOW, -59 * MIN) });
    const second = assessment({
      id: OTHER_ASSESSMENT_ID, takenAt: after(NOW, -10 * MIN), recordedAt: after(NOW, -9 * MIN),
      oxygenDevice: "room-air", carriedFields: ["oxygenDevice"], observedAt: { oxygenDevice: after(NOW, -60 * MIN).toISOString() },
    });
    expect(fieldOf(picture([second, first]), "oxygenDevice")?.assessmentId).toBe(OTHER_ASSESSMENT_ID);
    expect(fieldOf(picture([first, second]), "oxygenDevice")?.assessmentId).toBe(OTHER_ASSESSMENT_ID);
  });

  test("knownAt: the picture as it stood then leaves out assessments recorded later", () => {
    const late = only(THIRD_ID, after(NOW, -20 * MIN), { sbpMmHg: 80 }); // recorded 05:42
    const rows = [complete(), late];
    expect(fieldOf(picture(rows), "sbpMmHg")?.value).toBe(80);
    const then = picture(rows, { knownAt: after(NOW, -20 * MIN) });
    expect(then.latest.id).toBe(ASSESSMENT_ID);
    expect(fieldOf(then, "sbpMmHg")?.value).toBe(110);
  });
});

describe("pictureAtEvent: what an event was decided on, for a screen that recomputes it", () => {
  const full = complete(); // taken 05:30, recorded 05:35
  const partial = sbpOnly(112); // taken 05:31, recorded 05:33
  const later = only(THIRD_ID, after(NOW, -5 * MIN), { sbpMmHg: 80 }); // recorded 05:57, after the event

  test("the event's assessment was the latest when it was recorded (05:40): the picture then, without the 05:57 entry", () => {
    const p = pictureAtEvent([full, partial, later], { assessmentId: OTHER_ASSESSMENT_ID, recordedAt: after(NOW, -20 * MIN) });
    expect(p?.sbpMmHg).toBe(112);
    expect(p?.heartRateBpm).toBe(100);
    expect(decisionFor({ assessment: p }).decision).toBe("give");
  });

  test("the event's assessment was not the latest then (a back-dated entry): that assessment alone", () => {
    expect(pictureAtEvent([full, partial], { assessmentId: ASSESSMENT_ID, recordedAt: after(NOW, -20 * MIN) })).toBe(full);
  });

  test("no assessment, or one entered in error → null", () => {
    expect(pictureAtEvent([full], { assessmentId: null, recordedAt: NOW })).toBeNull();
    expect(pictureAtEvent([{ ...full, status: "entered_in_error" }], { assessmentId: ASSESSMENT_ID, recordedAt: NOW })).toBeNull();
  });
});

describe("pictureWithTyped: the form's preview lays the typed values over the picture exactly as the server will", () => {
  const sent = (rows: AssessmentRecord[]) => assessmentForEngine(picture(rows).assessment);

  test.each<[string, AssessmentRecord[], AssessmentRecord]>([
    ["complete 05:30, then SBP alone typed at 05:31", [complete()], sbpOnly(112)],
    ["a carried rhythm (02:30) and a fresh SBP", [assessment({ takenAt: after(NOW, -3.5 * H), recordedAt: after(NOW, -3.4 * H) })],
      only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { sbpMmHg: 100, rhythm: "sinus", carriedFields: ["rhythm"], observedAt: { rhythm: after(NOW, -3.5 * H).toISOString() } })],
    ["a newer creatinine draw (05:50) over labs of 05:00", [complete()], only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { creatinineMgDl: dec("2.6"), labsAt: after(NOW, -10 * MIN) })],
    ["an older creatinine draw (03:00) typed now loses to the 05:00 one", [complete()], only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { creatinineMgDl: dec("2.6"), labsAt: after(NOW, -3 * H) })],
    ["device without its flow over nasal cannula 2 L/min", [assessment({ oxygenDevice: "nasal-cannula", oxygenLpm: dec("2") })], only(OTHER_ASSESSMENT_ID, after(NOW, -5 * MIN), { oxygenDevice: "room-air" })],
    ["three assessments: complete, new labs, then SBP alone typed", [complete(), only(THIRD_ID, after(NOW, -20 * MIN), { plateletsPerUl: 90_000, labsAt: after(NOW, -25 * MIN) })], sbpOnly(95)],
    ["a back-dated entry (05:00) under the 05:30 complete one", [complete()], only(OTHER_ASSESSMENT_ID, after(NOW, -60 * MIN), { sbpMmHg: 80, heartRateBpm: 130 })],
  ])("%s → the same request the server builds once it is recorded", (_label, earlier, typed) => {
    const recordedLater = { ...typed, recordedAt: after(NOW, 0) };
    expect(pictureWithTyped(sent(earlier), assessmentForEngine(recordedLater))).toEqual(sent([...earlier, recordedLater]));
  });

  test("no picture yet, or nothing typed with a time: the typed values as they are", () => {
    const typed = assessmentForEngine(sbpOnly());
    expect(pictureWithTyped(null, typed)).toBe(typed);
    const untimed = { sbpMmHg: 100 };
    expect(pictureWithTyped(sent([complete()]), untimed)).toBe(untimed);
  });
});
