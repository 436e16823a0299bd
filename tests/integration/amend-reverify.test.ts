// Issue 10, "an amendment returns the order to the pharmacist" (docs/decisions/043-status-words-and-reverification.md):
// every signed amendment of a running order sends it back to the pharmacist's queue; no dose is recorded on the
// amended order until it is verified, exactly as for a new order; the course page's words name the verified version
// and the one waiting ("verified by X, hh:mm (version 1) · version 2 not yet verified").
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { amendCourseAction } from "@/lib/actions/amend-course";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { verifyOrderAction } from "@/lib/actions/verify-order";
import { listOrdersAwaitingVerification } from "@/lib/db/queries/verifications";
import { orderVersionStatus, orderVersionText } from "@/lib/domain/status";

const PASSWORD = "correct horse battery";
const T0 = new Date("2026-12-01T21:00:00Z");
let unitId: string;
let attending: Awaited<ReturnType<typeof makeUser>>;
let nurse: Awaited<ReturnType<typeof makeUser>>;
let pharmacist: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  unitId = (await makeUnit(undefined, "UTC")).id;
  attending = await makeUser("attending", [unitId]);
  nurse = await makeUser("nurse", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});
beforeEach(() => freezeClock(T0));

/** A verified TIL course (cells ended 12 h ago, dose 1 given 9 h ago): dose 2 may be given now on a fresh assessment. */
async function runningCourse() {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -12, targetSbpMmHg: 95 });
  await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 9 });
  const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 10 });
  return { course, assessment };
}
const giveDose2 = (courseId: string, assessmentId: string) => recordDoseAction(null, formOf({ courseId, assessmentId, kind: "given", expectedSequence: 2, doseIu: 48_000_000 }));
const courseRow = (id: string) => prisma.course.findUniqueOrThrow({ where: { id }, include: { weightVerifiedBy: true } });
const amendmentsOf = (courseId: string) => prisma.courseAmendment.findMany({ where: { courseId }, orderBy: { signedAt: "asc" } });

describe("an amendment returns the order to the pharmacist", () => {
  test.each([
    ["baseline weight 80 → 82 kg", { baselineWeightKg: "82" }],
    ["SBP target 95 → 100 mmHg", { targetSbpMmHg: "100" }],
  ])("%s after a dose: ordered again, in the queue, dose 2 refused until verified, then recorded", async (_label, fields) => {
    const { course, assessment } = await runningCourse();
    advanceClock(60_000);
    await signedInBrowser(attending);
    const out = await amendCourseAction(null, formOf({ courseId: course.id, version: String(course.version), reason: "Re-weighed on the admission scale", password: PASSWORD, ...fields }));
    expect(out).toEqual({ ok: true, data: { version: course.version + 1 } });

    // ordered again; the earlier verification (of version 1) is kept, not the amended version's
    const amended = await courseRow(course.id);
    expect(amended).toMatchObject({ status: "ordered", weightVerifiedById: pharmacist.id });
    const [row] = await amendmentsOf(course.id);
    expect(row).toMatchObject({ sentForVerification: true, kind: "order" });
    const audit = await prisma.auditEvent.findMany({ where: { action: "course-amend", entityId: course.id } });
    expect(audit.map((a) => [a.outcome, (a.details as { statusFrom?: string }).statusFrom, (a.details as { statusTo?: string }).statusTo])).toEqual([["success", "active", "ordered"]]);

    // the pharmacist's queue has it
    const queue = await listOrdersAwaitingVerification([unitId]);
    expect(queue.map((c) => c.id)).toContain(course.id);
    expect(queue.find((c) => c.id === course.id)?.amendments).toHaveLength(1);

    // the course page's words
    const version = orderVersionStatus({ courseStatus: amended.status, weightVerifiedAt: amended.weightVerifiedAt, amendments: await amendmentsOf(course.id) });
    expect(version).toEqual({ current: 2, verified: 1, currentVerified: false });
    expect(orderVersionText(version, { name: pharmacist.name, at: amended.weightVerifiedAt! }, "UTC", T0)).toBe(
      ` · verified by ${pharmacist.name}, 21:00 (version 1) · version 2 not yet verified`,
    );

    // no dose on the amended figures before the verification, exactly as for a new order
    await signedInBrowser(nurse);
    expect(await giveDose2(course.id, assessment.id)).toMatchObject({
      ok: false,
      code: "RULE_BLOCKED",
      message: "No dose can be recorded before a pharmacist has verified the dosing weight and the dose.",
    });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);

    // the pharmacist verifies version 2; the order leaves the queue and dose 2 is recorded
    advanceClock(60_000);
    await signedInBrowser(pharmacist);
    expect(await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "80", doseIu: "48000000" }))).toMatchObject({ ok: true });
    const verified = await courseRow(course.id);
    expect(verified.status).toBe("active");
    expect(orderVersionStatus({ courseStatus: verified.status, weightVerifiedAt: verified.weightVerifiedAt, amendments: await amendmentsOf(course.id) })).toEqual({
      current: 2, verified: 2, currentVerified: true,
    });
    expect((await listOrdersAwaitingVerification([unitId])).map((c) => c.id)).not.toContain(course.id);
    await signedInBrowser(nurse);
    expect(await giveDose2(course.id, assessment.id)).toMatchObject({ ok: true, data: { sequence: 2, kind: "given" } });
  });

  test("an order never verified and amended before the first dose: 'version 2 not yet verified', no earlier verifier named", async () => {
    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, status: "ordered", anchorHoursFromNow: 2, targetSbpMmHg: 95 });
    await signedInBrowser(attending);
    expect(await amendCourseAction(null, formOf({ courseId: course.id, version: String(course.version), reason: "Typo in the target", targetSbpMmHg: "100" }))).toMatchObject({ ok: true });
    const row = await courseRow(course.id);
    expect(row).toMatchObject({ status: "ordered", weightVerifiedById: null });
    const version = orderVersionStatus({ courseStatus: row.status, weightVerifiedAt: row.weightVerifiedAt, amendments: await amendmentsOf(course.id) });
    expect(orderVersionText(version, null, "UTC", T0)).toBe(" · version 2 not yet verified");
  });
});
