// The handoff sheet after the independent review of issue 14 (findings 4, 5, 6 and 12): what the answer rests on and
// until when, the course's own hold limits in bedside numbers, never "nothing fires" beside values left unjudged,
// paper doses with their downtime words, and urine output written so it never crosses the rule set's line.
import { describe, expect, test } from "vitest";
import { buildHandoffSheet, type HandoffInput } from "@/lib/domain/handoff";
import type { AssessmentRecord, CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { after, assessment, course, dec, event, MIN, NOW } from "./fixtures";

const iso = (s: string) => new Date(s);
const withNames = (e: ReviewedDoseEvent, over: Partial<HandoffInput["events"][number]> = {}): HandoffInput["events"][number] => ({ ...e, recordedByName: "Nurse Nia", holdReviews: [], ...over });
const TWO = [withNames(event("given", 1, iso("2026-03-01T14:00:00Z"))), withNames(event("given", 2, iso("2026-03-01T22:00:00Z")))];

function input(over: { course?: CourseRecord; events?: HandoffInput["events"]; assessments?: AssessmentRecord[]; now?: Date } = {}): HandoffInput {
  return {
    course: { orderedAt: iso("2026-03-01T08:00:00Z"), ...(over.course ?? course()) },
    patient: { familyName: "Rivera", givenName: "Ana", mrn: "MRN-1", birthDate: iso("1970-05-04T00:00:00Z") },
    unit: { name: "Oncology 7 West", timeZone: "UTC" },
    events: over.events ?? TWO,
    assessments: (over.assessments ?? [assessment()]).map((a) => ({ ...a, recordedByName: "Nurse Nia" })),
    lastCountVerification: null,
    now: over.now ?? NOW,
  };
}

describe("finding 4: a dose that must wait never reads 'No criterion fires' beside an old value", () => {
  // 05:00, dose 3 not before 05:30; the SBP of 80 was observed at 00:00 (5 h old, the limit is 3 h), so it is not judged
  const now = iso("2026-03-02T05:00:00Z");
  const old = assessment({ takenAt: after(now, -10 * MIN), recordedAt: after(now, -5 * MIN), sbpMmHg: 80, observedAt: { sbpMmHg: "2026-03-02T00:00:00.000Z" } });
  const s = buildHandoffSheet(input({ now, assessments: [old] }));
  test("the status is not-yet and nothing fired", () => {
    expect(s.status.kind).toBe("not-yet");
    expect(s.findings).toEqual([]);
  });
  test("the words name the old value, never 'No criterion fires'", () => {
    expect(s.noFindings).not.toContain("No criterion fires");
    expect(s.noFindings).toBe("Not judged now (too old: Systolic blood pressure): a new assessment decides.");
  });
});

describe("finding 5: what the answer rests on, until when, and the course's hold limits from its rule set", () => {
  test("give: values taken at 05:30 (assessment) and 05:00 (labs); valid until 08:30 (05:30 + the rule set's 3 h)", () => {
    const s = buildHandoffSheet(input());
    expect(s.status.label).toBe("Give dose 3 now");
    expect(s.restsOn).toEqual({ text: "Re-assess before every dose: this answer rests on values taken at 05:00, 05:30; valid until 08:30.", validUntil: iso("2026-03-02T08:30:00Z") });
  });
  test("the first value to go stale sets the limit: an SBP observed at 04:00 makes it 07:00", () => {
    const s = buildHandoffSheet(input({ assessments: [assessment({ observedAt: { sbpMmHg: "2026-03-02T04:00:00.000Z" } })] }));
    expect(s.restsOn?.validUntil).toEqual(iso("2026-03-02T07:00:00Z"));
    expect(s.restsOn?.text).toContain("04:00, 05:00, 05:30; valid until 07:00");
  });
  test("TIL hold limits in bedside numbers: SBP target 95 mmHg, 0.5 mL/kg/h × 72.5 kg = 36.3 mL/h, 20 mL/h", () => {
    const s = buildHandoffSheet(input({ course: course({ dosingWeightKg: dec("72.5"), targetSbpMmHg: 95 }) }));
    expect(s.holdLimits).toEqual([
      expect.stringMatching(/: hold below 95 mmHg \(the course's SBP target\)$/),
      expect.stringMatching(/: hold below 0\.5 mL\/kg\/h × 72\.5 kg = 36\.3 mL\/h$/),
      expect.stringMatching(/: hold below 20 mL\/h$/),
    ]);
  });
});

describe("finding 6: a paper dose on the sheet says it was entered after downtime, its co-signer and its flag", () => {
  const paper = withNames(event("given", 3, iso("2026-03-02T05:40:00Z"), { recordedAt: iso("2026-03-02T07:00:00Z") } as Partial<ReviewedDoseEvent>), {
    enteredAfterDowntime: true,
    coSignedByName: "Nurse Ola",
    coSignedAt: iso("2026-03-02T07:01:00Z"),
    downtimeFlag: "Given during downtime; the rules would have held it: Urine output low.",
  });
  const s = buildHandoffSheet(input({ events: [...TWO, paper], now: iso("2026-03-02T07:30:00Z") }));
  test("the latest event carries the words and the flag; the others none", () => {
    expect(s.lastEvents[0]).toMatchObject({ sequence: 3, downtime: "Entered after downtime, co-signed by Nurse Ola 07:01", downtimeFlag: "Given during downtime; the rules would have held it: Urine output low." });
    expect(s.lastEvents.slice(1).map((e) => [e.downtime, e.downtimeFlag])).toEqual([[null, null], [null, null]]);
  });
});

describe("finding 12: urine output never rounded across the rule set's line", () => {
  test("159 mL over 8 h is 19.9 mL/h (never 20, the TIL hold line)", () => {
    const s = buildHandoffSheet(input({ assessments: [assessment({ urineOutputMl: 159 })] }));
    expect(s.values.find((v) => v.label.startsWith("Urine output"))?.value).toBe("159 mL over 8 h = 19.9 mL/h, 0.25 mL/kg/h at the dosing weight");
  });
  test("400 mL over 8 h is 50 mL/h, 0.63 mL/kg/h (plain rounding when no line is near)", () => {
    const s = buildHandoffSheet(input());
    expect(s.values.find((v) => v.label.startsWith("Urine output"))?.value).toBe("400 mL over 8 h = 50 mL/h, 0.63 mL/kg/h at the dosing weight");
  });
});
