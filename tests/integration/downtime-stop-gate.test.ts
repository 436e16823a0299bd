// Issue 14, review finding 1 (docs/decisions/061): a dose given during a downtime whose rules at its own time said
// STOP is stored as given (it happened), so the engine's pending-stop-review — which reads stop-tier HELD events —
// never sees it. The app's gate (lib/domain/downtime-stop.ts) refuses the next dose until an attending has signed a
// review of that event. Without the gate the next live, well assessment is given.
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import * as clock from "@/lib/clock";
import { recordDoseAction } from "@/lib/actions/record-dose";

let unitId: string;
let nurse: { id: string };
let nurse2: { id: string };
let attending: { id: string };
let pharmacist: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  nurse2 = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});

/** A TIL course (cells ended 12 h ago) whose dose 1, given 9 h ago on paper, was judged `engineDecision` at its time. */
async function afterPaperDose(engineDecision: "give" | "stop" | "discontinue") {
  const patient = await makePatient(unitId);
  const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, status: "active", anchorHoursFromNow: -12 });
  const at = new Date(clock.now().getTime() - 9 * 3_600_000);
  const paper = await makeAssessment(course.id, nurse.id, { values: {}, minutesAgo: 9 * 60 + 20 });
  const event = await prisma.doseEvent.create({
    data: {
      courseId: course.id, sequence: 1, kind: "given", cycle: 1, doseIu: 48_000_000, occurredAt: at, assessmentId: paper.id,
      engineDecision, decisionSnapshot: { fixture: true }, ruleSetId: course.ruleSetId, ruleSetVersion: course.ruleSetVersion, criteria: [],
      recordedById: nurse.id, enteredAfterDowntime: true, downtimeEntryMeaning: "Entered after downtime from the paper record",
      coSignedById: nurse2.id, coSignedAt: clock.now(), coSignatureMeaning: "I confirm this entry matches the paper record",
      downtimeFlag: engineDecision === "give" ? null : "Given during downtime; the rules would have stopped IL-2: Mental status changed.",
    },
  });
  // a well assessment now: dose 2 is due (8 h after dose 1) and the engine, on its own, says give
  const now = await makeAssessment(course.id, nurse.id, { values: {}, minutesAgo: 10 });
  return { course, event, assessment: now };
}

const give = (courseId: string, assessmentId: string) => formOf({ courseId, assessmentId, kind: "given", expectedSequence: 2, doseIu: 48_000_000 });

describe("a stop found on a dose given during downtime", () => {
  test("the next dose is refused, in words, with a denied audit row and nothing written", async () => {
    const { course, assessment } = await afterPaperDose("stop");
    await signedInBrowser(nurse);
    const since = new Date();
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(/^Dose 1, given during downtime at .+, met a criterion for which the rules at that time would have stopped IL-2 \(Given during downtime; the rules would have stopped IL-2: Mental status changed\)\. No dose can be given until an attending has reviewed it\.$/);
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
    const audit = await prisma.auditEvent.findMany({ where: { entityType: "DoseEvent", actorId: nurse.id, at: { gte: since } } });
    expect(audit.map((a) => a.outcome)).toEqual(["denied"]);
  });

  test("once an attending has signed a review of it, the dose the engine gives is recorded", async () => {
    const { course, event, assessment } = await afterPaperDose("discontinue");
    await prisma.holdReview.create({ data: { doseEventId: event.id, attendingId: attending.id, outcome: "confirm", reason: "Reviewed after downtime", signatureMeaning: "reviewed", signedAt: clock.now() } });
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: true, data: { sequence: 2, kind: "given" } });
  });

  test("a paper dose the rules would have given does not hold up the next one", async () => {
    const { course, assessment } = await afterPaperDose("give");
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, give(course.id, assessment.id));
    expect(out).toMatchObject({ ok: true, data: { sequence: 2, kind: "given" } });
  });
});
