import { describe, expect, test, beforeAll } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { decideForCourse } from "@/lib/domain/engine-request";

// Issue 5 item 4: a mistaken dose event or assessment is marked entered-in-error by an attending with a reason and
// a signature; the original stays; counts and the engine ignore it from then on.
const PASSWORD = "correct horse battery";
let unitId: string;
let nurse: { id: string };
let attending: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});

async function courseWithTwoGivenDoses() {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -30 });
  const first = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 26 });
  const second = await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: 2 }); // documented by mistake
  return { course, first, second };
}

describe("entered-in-error", () => {
  test("a mistaken dose event: kept with who/when/why, audited with the signature, and ignored by the engine's counts and interval", async () => {
    const { course, second } = await courseWithTwoGivenDoses();
    const events = () => prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const before = decideForCourse({ now: new Date(), course, events: await events() });
    expect(before.ok && before.result).toMatchObject({ decision: "wait", reason: "interval", counts: { givenInCourse: 2 } });

    await signedInBrowser(attending);
    const out = await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: second.id, reason: "Documented on the wrong patient", password: PASSWORD }));
    expect(out).toEqual({ ok: true, data: { id: second.id } });

    const row = await prisma.doseEvent.findUniqueOrThrow({ where: { id: second.id } });
    expect(row).toMatchObject({ status: "entered_in_error", enteredInErrorById: attending.id, enteredInErrorReason: "Documented on the wrong patient", kind: "given", doseIu: 48_000_000 });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "mark-entered-in-error", entityId: second.id } });
    expect(audit.details).toMatchObject({ reason: "Documented on the wrong patient", signature: { meaning: "Correction: this record was entered in error" } });

    const after = decideForCourse({ now: new Date(), course, events: await events() });
    expect(after.ok && after.result.counts.givenInCourse).toBe(1);
    expect(after.ok && after.result.reason).not.toBe("interval"); // the mistaken dose no longer holds the next one back
  });

  test("a mistaken assessment: the nurse can no longer give on it", async () => {
    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -4 });
    const assessment = await makeAssessment(course.id, nurse.id);
    await signedInBrowser(attending);
    expect((await markEnteredInErrorAction(null, formOf({ entityType: "Assessment", entityId: assessment.id, reason: "Vitals of another bed", password: PASSWORD }))).ok).toBe(true);
    await signedInBrowser(nurse);
    const give = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000 }));
    expect(give).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That assessment was not found on this course." });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test.each([
    ["a wrong password", { password: "not mine" }, "UNAUTHENTICATED"],
    ["no reason", { reason: "" }, "VALIDATION"],
  ])("refused with %s: the record stays active", async (_label, override, code) => {
    const { second } = await courseWithTwoGivenDoses();
    await signedInBrowser(attending);
    const out = await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: second.id, reason: "mistake", password: PASSWORD, ...override }));
    expect(out).toMatchObject({ ok: false, code });
    expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: second.id } })).status).toBe("active");
  });

  test("a nurse cannot mark another's record in error (nurse-correction.test.ts has her own); marking twice is a CONFLICT", async () => {
    const { second } = await courseWithTwoGivenDoses();
    await signedInBrowser(await makeUser("nurse", [unitId]));
    expect(await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: second.id, reason: "x", password: PASSWORD }))).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    await signedInBrowser(attending);
    expect((await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: second.id, reason: "x", password: PASSWORD }))).ok).toBe(true);
    expect(await markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: second.id, reason: "again", password: PASSWORD }))).toMatchObject({ ok: false, code: "CONFLICT" });
  });
});
