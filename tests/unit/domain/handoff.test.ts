// The handoff sheet (lib/domain/handoff.ts) on hand-built rows: TIL 1.1.0, cells ended 2026-03-01 10:00 UTC, doses 1
// and 2 given 14:00 and 22:00, so dose 3 is due 06:00 on 2 Mar (22:00 + 8 h) and may be given from 05:30. The unit's
// zone is UTC, so the times read as written. The sheet must say what the course page says: its status is checked
// against the course page's own call (courseDoseStatus) on the same rows.
import { describe, expect, test } from "vitest";
import { buildHandoffSheet, doseOfCount, HANDOFF_LAST_EVENTS, nextDue, printedLine, type HandoffInput } from "@/lib/domain/handoff";
import { courseDoseStatus, doseStatusText } from "@/lib/domain/status";
import { courseDoseActions } from "@/lib/domain/dose-policy";
import { currentPicture } from "@/lib/domain/current-assessment";
import { decideForCourse } from "@/lib/domain/engine-request";
import type { AssessmentRecord, CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { after, ASSESSMENT_ID, assessment, course, dec, decisionFor, event, H, MIN, MONO_START, monoCourse, NOW } from "./fixtures";

const iso = (s: string) => new Date(s);
const TZ = "UTC";

type Review = HandoffInput["events"][number]["holdReviews"][number];
const withNames = (e: ReviewedDoseEvent, reviews: Review[] = []): HandoffInput["events"][number] => ({ ...e, recordedByName: "Nurse Nia", holdReviews: reviews });

function input(over: { course?: CourseRecord & { orderedAt?: Date }; events?: HandoffInput["events"]; assessments?: AssessmentRecord[]; now?: Date; counted?: HandoffInput["lastCountVerification"] } = {}): HandoffInput {
  const c = over.course ?? course();
  return {
    course: { orderedAt: iso("2026-03-01T08:00:00Z"), ...c },
    patient: { familyName: "Rivera", givenName: "Ana", mrn: "MRN-1", birthDate: iso("1970-05-04T00:00:00Z") },
    unit: { name: "Oncology 7 West", timeZone: TZ },
    events: over.events ?? [withNames(event("given", 1, iso("2026-03-01T14:00:00Z"))), withNames(event("given", 2, iso("2026-03-01T22:00:00Z")))],
    assessments: (over.assessments ?? [assessment()]).map((a) => ({ ...a, recordedByName: "Nurse Nia" })),
    lastCountVerification: over.counted === undefined ? null : over.counted,
    now: over.now ?? NOW,
  };
}

/** The course page's heading on the same rows (app/(clinical)/courses/[courseId]/page.tsx and course-view.ts). */
function coursePageHeading(i: HandoffInput): string {
  const picture = currentPicture(i.assessments);
  const outcome = decideForCourse({ now: i.now, course: i.course, events: i.events, assessment: picture?.assessment ?? null });
  const decision = outcome.ok ? outcome.result : null;
  const actions = courseDoseActions({ course: i.course, events: i.events, assessments: i.assessments, latestAssessmentId: picture?.latest.id ?? null, decision, timeZone: TZ, now: i.now });
  return doseStatusText(courseDoseStatus({ course: i.course, events: i.events, decision, actions, hasAssessment: picture !== null, now: i.now }), TZ, i.now).label;
}

describe("dose 3 may be given: a well assessment 30 min before 06:00", () => {
  const i = input();
  const sheet = buildHandoffSheet(i);

  test("patient, protocol and rule set, the fixed dose: 80 kg × 600,000 IU/kg = 48,000,000 IU", () => {
    expect(sheet.patient).toEqual({ name: "Rivera, Ana", mrn: "MRN-1", birthDate: "1970-05-04", unitName: "Oncology 7 West" });
    expect(sheet.protocol).toBe("TIL-adjunct course, rule set til-2024 version 1.1.0");
    expect({ weight: sheet.dosingWeightKg, perKg: sheet.doseIuPerKg, iu: sheet.doseIu }).toEqual({ weight: "80", perKg: 600_000, iu: 48_000_000 });
  });

  test("dose 3 of 6; 2 of 6 doses given", () => {
    expect(sheet.doseOfCount).toBe("Dose 3 of 6");
    expect(sheet.doseCount).toBe("2 of 6 doses given");
  });

  test("next due 06:00 (22:00 + 8 h), the course page's heading word for word", () => {
    expect(sheet.status.label).toBe("Give dose 3 now");
    expect(sheet.status.label).toBe(coursePageHeading(i));
    expect(sheet.nextDue).toEqual({ text: "Due 06:00", at: iso("2026-03-02T06:00:00Z") });
  });

  test("at 06:01 the same dose is overdue, and the sheet says so with the time it was due", () => {
    const later = input({ now: after(NOW, MIN) });
    const s = buildHandoffSheet(later);
    expect(s.nextDue.text).toBe("Overdue: was due 06:00");
    expect(s.status.label).toBe(coursePageHeading(later));
  });

  test("the last events newest first, a given dose with its IU and who recorded it; nothing waits on them", () => {
    expect(sheet.lastEvents.map((e) => [e.sequence, e.dose, e.what, e.doseIu, e.recordedByName, e.review])).toEqual([
      [2, "Dose 2", "given", 48_000_000, "Nurse Nia", "Nothing waits on it"],
      [1, "Dose 1", "given", 48_000_000, "Nurse Nia", "Nothing waits on it"],
    ]);
    expect(sheet.olderEvents).toBe(0);
  });

  test("no findings; what waits: the pharmacist's count (never checked), then the nurse gives dose 3", () => {
    expect(sheet.findings).toEqual([]);
    expect(sheet.findingsFrom).toBe("On the current picture");
    expect(sheet.noFindings).toBe("No criterion fires on the current picture.");
    expect(sheet.waits).toEqual([
      { who: "Pharmacist", what: "Check and sign off the dose count" },
      { who: "Nurse", what: "Give dose 3" },
    ]);
  });

  test("a count checked up to event 2 no longer waits for the pharmacist", () => {
    const s = buildHandoffSheet(input({ counted: { lastEventSequence: 2, verifiedAt: iso("2026-03-01T23:00:00Z") } }));
    expect(s.waits.map((w) => w.who)).toEqual(["Nurse"]);
  });

  test("pressors with their units and times; urine 400 mL over 8 h = 50 mL/h = 0.63 mL/kg/h at 80 kg", () => {
    const taken = after(NOW, -30 * MIN);
    expect(sheet.pressors).toEqual([
      { label: "Phenylephrine now (µg/kg/min)", value: "0", observedAt: taken },
      { label: "Phenylephrine peak since the last dose (µg/kg/min)", value: "0", observedAt: taken },
      { label: "Other vasopressor running", value: "No", observedAt: taken },
      { label: "Hypotension refractory to fluids", value: "No", observedAt: taken },
    ]);
    expect(sheet.values).toContainEqual({ label: "Systolic blood pressure (mmHg)", value: "110", observedAt: taken });
    expect(sheet.values).toContainEqual({ label: "Urine output (mL, mL/h, mL/kg/h)", value: "400 mL over 8 h = 50 mL/h, 0.63 mL/kg/h at the dosing weight", observedAt: taken });
    expect(sheet.values).toContainEqual({ label: "Creatinine (mg/dL)", value: "1", observedAt: after(NOW, -H) });
    expect(sheet.values.map((v) => v.label)).not.toContain("Collected over (hours, 4 to 8)");
    expect(sheet.latestAssessment).toEqual({ at: taken, byName: "Nurse Nia" });
  });

  test("phenylephrine running at 0.3 µg/kg/min now: the pressor line reads 0.3, and the rules hold dose 3 for it", () => {
    const s = buildHandoffSheet(input({ assessments: [assessment({ phenylephrineMcgKgMin: dec("0.3"), phenylephrinePeakMcgKgMin: dec("0.5") })] }));
    expect(s.pressors.slice(0, 2).map((p) => p.value)).toEqual(["0.3", "0.5"]);
    expect(s.status.label).toBe("Hold dose 3");
    expect(s.findings.map((f) => f.tier)).toContain("Hold this dose");
    expect(s.waits).toContainEqual({ who: "Nurse", what: "Record the hold of dose 3" });
  });
});

describe("dose 3 held at 05:40 for urine output, waiting for the attending", () => {
  const lowUrine = assessment({ urineOutputMl: 120, takenAt: iso("2026-03-02T05:30:00Z"), recordedAt: iso("2026-03-02T05:35:00Z") });
  const held = event("held", 3, iso("2026-03-02T05:40:00Z"), { criteria: ["urine-output-low"], assessmentId: ASSESSMENT_ID, note: "dark urine" });
  const events = [withNames(event("given", 1, iso("2026-03-01T14:00:00Z"))), withNames(event("given", 2, iso("2026-03-01T22:00:00Z"))), withNames(held)];
  const i = input({ events, assessments: [lowUrine] });
  const sheet = buildHandoffSheet(i);

  test("held, waiting for attending review — as the course page says; no dose is due", () => {
    expect(sheet.status.label).toBe("Held — waiting for attending review");
    expect(sheet.status.label).toBe(coursePageHeading(i));
    expect(sheet.nextDue).toEqual({ text: "None now: Held — waiting for attending review", at: null });
    expect(sheet.doseOfCount).toBe("Dose 3 of 6");
    expect(sheet.doseCount).toBe("2 of 6 doses given · dose 3 held");
  });

  test("the hold with its reason in the rule set's words and the nurse's note, waiting for review", () => {
    expect(sheet.lastEvents[0]).toMatchObject({ sequence: 3, dose: "Dose 3", what: "held", reasons: ["Urine output low", "note: dark urine"], review: "Waiting for attending review", waitsFor: "hold" });
  });

  test("the findings are those of the hold, named as such — never 'nothing fires' beside a held patient", () => {
    expect(sheet.findings).toEqual([{ criterion: "Urine output low", tier: "Hold this dose", detail: "recorded with the hold", judgment: false }]);
    expect(sheet.findingsFrom).toBe("At the hold of dose 3, 05:40: the dose stays held until the attending has reviewed it");
  });

  test("a stored decision with the hold gives its findings in clinical words", () => {
    const snapshot = { decision: "hold", findings: [{ criterion: "urine-output-low", criterionLabel: "Urine output low", detail: "urineOutputMl 120 mL ÷ 8 h ÷ 80 kg = 0.19 mL/kg/h < 0.5", tier: "hold", source: "BW", judgment: false }] };
    const s = buildHandoffSheet(input({ events: [...events.slice(0, 2), withNames({ ...held, decisionSnapshot: snapshot })], assessments: [lowUrine] }));
    expect(s.findings).toHaveLength(1);
    expect(s.findings[0]!.criterion).toBe("Urine output low");
    expect(s.findings[0]!.detail).toContain("Urine output over the last 4–8 h");
  });

  test("the attending reviews the hold of dose 3 (recorded 05:40); the pharmacist checks the count; nothing for the nurse yet", () => {
    expect(sheet.waits).toEqual([
      { who: "Attending", what: "Review the hold (dose 3, recorded 05:40)" },
      { who: "Pharmacist", what: "Check and sign off the dose count" },
    ]);
  });

  test("once confirmed at 05:50 the review is named with its signer, and the nurse's next step is a new assessment", () => {
    const reviewed = [...events.slice(0, 2), withNames(held, [{ id: "r1", outcome: "confirm", attendingName: "Dr Osei", signedAt: iso("2026-03-02T05:50:00Z"), reason: null }])];
    const ri = input({ events: reviewed, assessments: [lowUrine], counted: { lastEventSequence: 3, verifiedAt: iso("2026-03-02T05:55:00Z") } });
    const s = buildHandoffSheet(ri);
    expect(s.lastEvents[0]!.review).toBe("Reviewed by Dr Osei, 05:50: confirmed");
    expect(s.status.label).toBe("Held — new assessment needed");
    expect(s.status.label).toBe(coursePageHeading(ri));
    expect(s.waits).toEqual([{ who: "Nurse", what: "A new assessment: it re-decides dose 3" }]);
  });
});

describe("a stop-tier hold waits for the attending's decision", () => {
  const stop = event("held", 3, iso("2026-03-02T05:40:00Z"), { tier: "stop", criteria: ["hypotension-refractory"], engineDecision: "stop" });
  const i = input({ events: [withNames(event("given", 1, iso("2026-03-01T14:00:00Z"))), withNames(event("given", 2, iso("2026-03-01T22:00:00Z"))), withNames(stop)] });
  const sheet = buildHandoffSheet(i);

  test("the stop named as a stop, never a plain hold, on the event, the status and what waits", () => {
    expect(sheet.status.label).toBe("Stop IL-2 — attending to decide");
    expect(sheet.status.label).toBe(coursePageHeading(i));
    expect(sheet.lastEvents[0]!.what).toBe("Stop IL-2 — attending to decide");
    expect(sheet.waits[0]).toEqual({ who: "Attending", what: "Decide the stop: Stop IL-2 — attending to decide (dose 3, recorded 05:40)" });
    expect(sheet.nextDue.at).toBeNull();
  });
});

describe("an order not yet verified", () => {
  const i = input({ course: course({ status: "ordered" }), events: [], assessments: [] });
  const sheet = buildHandoffSheet(i);
  test("waits for the pharmacist; no dose and no values yet", () => {
    expect(sheet.status.label).toBe(coursePageHeading(i));
    expect(sheet.waits[0]).toEqual({ who: "Pharmacist", what: "Verify the order (dosing weight and dose): no dose until then" });
    expect(sheet.nextDue.at).toBeNull();
    expect(sheet.lastEvents).toEqual([]);
    expect(sheet.values).toEqual([]);
    expect(sheet.latestAssessment).toBeNull();
    expect(sheet.noFindings).toBe("Not judged: no assessment recorded yet.");
  });

  test("values too old to decide on: the findings say nothing was judged, never that nothing fires", () => {
    const old = input({ assessments: [assessment({ takenAt: after(NOW, -4 * H), recordedAt: after(NOW, -4 * H) })] });
    const s = buildHandoffSheet(old);
    expect(s.status.label).toBe("Incomplete data");
    expect(s.status.label).toBe(coursePageHeading(old));
    expect(s.findings).toEqual([]);
    expect(s.noFindings).toBe("Not judged now (too old: the assessment's values): a new assessment decides.");
  });
});

describe("the last events", () => {
  test(`only the latest ${HANDOFF_LAST_EVENTS} in force; an event entered in error is left out`, () => {
    const events = [
      event("given", 1, iso("2026-03-01T14:00:00Z")),
      event("held", 2, iso("2026-03-01T21:50:00Z"), { holdReviews: [] }),
      event("given", 3, iso("2026-03-01T22:00:00Z"), { status: "entered_in_error", enteredInErrorAt: iso("2026-03-01T22:30:00Z"), enteredInErrorReason: "wrong patient" }),
      event("given", 4, iso("2026-03-01T22:40:00Z")),
      event("held", 5, iso("2026-03-02T05:35:00Z")),
      event("held", 6, iso("2026-03-02T05:45:00Z")),
    ].map((e) => withNames(e, e.kind === "held" ? [{ id: `r${e.sequence}`, outcome: "confirm", attendingName: "Dr Osei", signedAt: after(e.occurredAt, 5 * MIN), reason: null }] : []));
    const s = buildHandoffSheet(input({ events }));
    expect(s.lastEvents.map((e) => e.sequence)).toEqual([6, 5, 4, 2]);
    expect(s.olderEvents).toBe(1);
  });
});

describe("dose n of N", () => {
  test("TIL: one cycle of 6", () => {
    expect(doseOfCount(decisionFor({}), false)).toBe("Dose 3 of 6");
  });
  test("monotherapy: the cycle's count (14) and the course's (28)", () => {
    const d = decisionFor({ now: after(MONO_START, 10 * MIN), course: monoCourse(), events: [], assessment: assessment({ takenAt: MONO_START, recordedAt: MONO_START, labsAt: after(MONO_START, -H) }) });
    expect(doseOfCount(d, true)).toBe("Cycle 1: dose 1 of 14 (dose 1 of 28 in the course)");
  });
  test("no dose being decided: how many of the maximum were given", () => {
    const d = decisionFor({});
    expect(doseOfCount({ dose: null, counts: { ...d.counts, givenInCourse: 6 } }, false)).toBe("6 of 6 given");
  });
});

describe("next due in words", () => {
  test("not yet: the earliest time and why", () => {
    const s = nextDue({ kind: "not-yet", reason: "interval", earliestAt: iso("2026-03-02T05:30:00Z"), doseNumber: 3 }, { label: "Not yet — earliest 05:30", detail: "Too soon after the last dose." }, TZ, NOW);
    expect(s).toEqual({ text: "Not before 05:30 (too soon after the last dose)", at: iso("2026-03-02T05:30:00Z") });
  });
});

describe("the printed line", () => {
  test("the date is always written, in the unit's zone, with who printed it and the downtime warning", () => {
    expect(printedLine(NOW, "UTC", "Nurse Nia")).toBe("Printed Mon 2 Mar 2026 06:00 by Nurse Nia — anything recorded after this time is not on this sheet");
    expect(printedLine(NOW, "America/New_York", "Nurse Nia")).toBe("Printed Mon 2 Mar 2026 01:00 by Nurse Nia — anything recorded after this time is not on this sheet");
  });
});
