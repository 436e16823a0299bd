import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, freshBrowser, signedInBrowser } from "./support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { verifyCountsAction } from "@/lib/actions/verify-counts";
import { listCountsAwaitingVerification, loadCountVerification, loadOrderVerification } from "@/lib/db/queries/verifications";
import type { CountReport } from "@/lib/domain/count-report";
import { describeDiscrepancy } from "@/lib/views/count-report";

const ACTION = "count-verify";
// 80 kg × 600,000 IU/kg = 48,000,000 IU, the factories' default dose

let unitId: string;
let otherUnitId: string;
let attendingId: string;
let nurseId: string;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  otherUnitId = (await makeUnit()).id;
  attendingId = (await makeUser("attending", [unitId])).id;
  nurseId = (await makeUser("nurse", [unitId])).id;
});

/**
 * A TIL course whose cells ended 20 h ago: given 16.9 h ago (+3.1 h), given 8.9 h ago (8 h later), held 1 h ago.
 * `secondDoseIu` lets a test record a dose that differs from the order.
 */
async function courseWithEvents(o: { unit?: string; secondDoseIu?: number } = {}) {
  const patient = await makePatient(o.unit ?? unitId);
  const course = await makeCourse(patient.id, { anchorHoursFromNow: -20, dosingWeightKg: 80, orderedById: attendingId });
  await makeDoseEvent(course.id, nurseId, { sequence: 1, kind: "given", hoursAgo: 16.9 });
  await makeDoseEvent(course.id, nurseId, { sequence: 2, kind: "given", hoursAgo: 8.9, ...(o.secondDoseIu ? { doseIu: o.secondDoseIu } : {}) });
  await makeDoseEvent(course.id, nurseId, { sequence: 3, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
  return course;
}

async function auditFor(courseId: string) {
  return prisma.auditEvent.findMany({ where: { entityId: courseId, action: ACTION }, orderBy: { id: "asc" } });
}

async function asPharmacist(unitIds = [unitId]) {
  const pharmacist = await makeUser("pharmacist", unitIds);
  await signedInBrowser(pharmacist);
  return pharmacist;
}

/** A refusal: no verification row, and exactly one `denied` audit row with the given code. */
async function expectRefusedOnce(courseId: string, code: string) {
  expect(await prisma.doseCountVerification.count({ where: { courseId } })).toBe(0);
  const audit = await auditFor(courseId);
  expect(audit.map((a) => [a.outcome, (a.details as { code?: string }).code])).toEqual([["denied", code]]);
}

const queued = async (unit = unitId) => (await listCountsAwaitingVerification([unit])).map((q) => [q.course.id, q.due.reason]);

describe("verifying the dose counts", () => {
  test("matching counts: one verification row (2 given, 1 held, 96,000,000 IU, through event 3) with the report, and one audit row", async () => {
    const course = await courseWithEvents();
    expect(await queued()).toContainEqual([course.id, "never-verified"]);
    const pharmacist = await asPharmacist();

    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: true, data: { countsMatch: true, lastEventSequence: 3 } });

    const rows = await prisma.doseCountVerification.findMany({ where: { courseId: course.id } });
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      pharmacistId: pharmacist.id, givenCount: 2, heldCount: 1, cumulativeIu: 96_000_000n, lastEventSequence: 3, countsMatch: true, discrepancyNote: null,
    });
    const snapshot = row.countsSnapshot as unknown as CountReport;
    expect(snapshot.course).toMatchObject({ given: 2, held: 1, remaining: 4, cumulativeIu: 96_000_000, cumulativeIuPerKg: 1_200_000 });
    expect(snapshot.events.filter((e) => e.kind === "given").map((e) => [e.intervalMinutes, e.window?.inside])).toEqual([
      [null, true],
      [480, true],
    ]);
    expect(snapshot.discrepancies).toEqual([]);

    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, a.actorId])).toEqual([["success", pharmacist.id]]);
    expect(audit[0]!.details).toMatchObject({ verificationId: row.id, givenCount: 2, heldCount: 1, cumulativeIu: 96_000_000, countsMatch: true, lastEventSequence: 3 });
    expect(audit[0]!.at.getTime()).toBe(row.verifiedAt.getTime());

    expect((await queued()).map(([id]) => id)).not.toContain(course.id);
  });

  test("a dose that differs from the order needs a discrepancy note; with one, the mismatch is signed off and stored", async () => {
    const course = await courseWithEvents({ secondDoseIu: 47_000_000 });
    await asPharmacist();

    const refused = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0, discrepancyNote: "  " }));
    expect(refused).toMatchObject({ ok: false, code: "VALIDATION" });
    if (refused.ok) throw new Error("unreachable");
    expect(refused.fieldErrors?.discrepancyNote).toEqual(["The report shows 1 discrepancy: write a discrepancy note saying what you found and whom you told."]);
    expect(refused.values).toMatchObject({ courseId: course.id, lastEventSequence: "3" });
    await expectRefusedOnce(course.id, "RULE_BLOCKED");

    const note = "Dose 2 prepared as 47 MIU; Dr attending informed, incident report filed.";
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0, discrepancyNote: note }));
    expect(out).toMatchObject({ ok: true, data: { countsMatch: false } });
    const row = await prisma.doseCountVerification.findFirstOrThrow({ where: { courseId: course.id } });
    expect(row).toMatchObject({ countsMatch: false, discrepancyNote: note, cumulativeIu: 95_000_000n });
    const discrepancies = (row.countsSnapshot as unknown as CountReport).discrepancies;
    expect(discrepancies).toEqual([{ kind: "dose-iu", sequence: 2, givenNumber: 2, expectedIu: 48_000_000, recordedIu: 47_000_000 }]);
    expect(discrepancies.map(describeDiscrepancy)).toEqual(["Dose 2 (event 2): 47,000,000 IU recorded; the order computes 48,000,000 IU."]);
    expect((await auditFor(course.id)).map((a) => a.outcome)).toEqual(["denied", "success"]);
  });

  test("a dose given inside the interval is reported as outside its window and needs a note", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { anchorHoursFromNow: -20, dosingWeightKg: 80, orderedById: attendingId });
    await makeDoseEvent(course.id, nurseId, { sequence: 1, kind: "given", hoursAgo: 16.9 });
    await makeDoseEvent(course.id, nurseId, { sequence: 2, kind: "given", hoursAgo: 12.9 }); // 4 h later: inside the 8 h interval
    await asPharmacist();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 2, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION" });
    await expectRefusedOnce(course.id, "RULE_BLOCKED");
  });
});

describe("refused count verifications write nothing clinical and one denied audit row", () => {
  test("no session → UNAUTHENTICATED", async () => {
    const course = await courseWithEvents();
    freshBrowser();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await expectRefusedOnce(course.id, "UNAUTHENTICATED");
  });

  test.each(["nurse", "attending"] as const)("a %s of the unit → FORBIDDEN", async (role) => {
    const course = await courseWithEvents();
    await signedInBrowser(await makeUser(role, [unitId]));
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await expectRefusedOnce(course.id, "FORBIDDEN");
  });

  test("a pharmacist of another unit → NOT_FOUND, answered exactly like a course that does not exist", async () => {
    const course = await courseWithEvents();
    await asPharmacist([otherUnitId]);
    const onOtherUnit = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }));
    const missing = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: randomUUID(), lastEventSequence: 3, enteredInErrorCount: 0 }));
    expect(onOtherUnit).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That course was not found." });
    const strip = (r: typeof missing) => (r.ok ? r : { ...r, values: undefined });
    expect(strip(onOtherUnit)).toEqual(strip(missing));
    await expectRefusedOnce(course.id, "NOT_FOUND");
  });

  test("a later event than the page showed → CONFLICT “new events since you opened this page”", async () => {
    const course = await courseWithEvents();
    await asPharmacist();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 2, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    if (out.ok) throw new Error("unreachable");
    expect(out.message).toMatch(/^New events since you opened this page: the latest is now event 3, you saw up to event 2\./);
    await expectRefusedOnce(course.id, "CONFLICT");
  });

  test("an event marked entered-in-error after the page was opened → CONFLICT", async () => {
    const course = await courseWithEvents();
    await prisma.doseEvent.updateMany({
      where: { courseId: course.id, sequence: 3 },
      data: { status: "entered_in_error", enteredInErrorAt: new Date(), enteredInErrorById: attendingId, enteredInErrorReason: "wrong patient" },
    });
    await asPharmacist();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    if (out.ok) throw new Error("unreachable");
    expect(out.message).toMatch(/entered-in-error since you opened this page/);
    await expectRefusedOnce(course.id, "CONFLICT");
  });

  test("a course without any dose event → RULE_BLOCKED", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attendingId });
    await asPharmacist();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 0, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    await expectRefusedOnce(course.id, "RULE_BLOCKED");
  });

  test("a malformed page (no event sequence) → VALIDATION", async () => {
    const course = await courseWithEvents();
    await asPharmacist();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: "" }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { lastEventSequence: ["Reload the page: it did not say which events you saw."] } });
    await expectRefusedOnce(course.id, "VALIDATION");
  });

  test("counts already verified through the latest event → CONFLICT naming who and when; nothing added", async () => {
    const course = await courseWithEvents();
    const first = await asPharmacist();
    expect(await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }))).toMatchObject({ ok: true });
    await asPharmacist();
    const out = await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    if (out.ok) throw new Error("unreachable");
    expect(out.message).toMatch(new RegExp(`^These counts were already verified through event 3 by ${first.name} at \\d{2}:\\d{2}\\.`));
    expect(await prisma.doseCountVerification.count({ where: { courseId: course.id } })).toBe(1);
    expect((await auditFor(course.id)).map((a) => a.outcome)).toEqual(["success", "denied"]);
  });
});

describe("the count-verification queue", () => {
  test("a new event, or a correction, after the last verification puts the course back; courses without events and other units never appear", async () => {
    freezeClock();
    const course = await courseWithEvents();
    const other = await courseWithEvents({ unit: otherUnitId });
    const noEvents = await makeCourse((await makePatient(unitId)).id, { orderedById: attendingId });
    await asPharmacist();
    expect(await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 3, enteredInErrorCount: 0 }))).toMatchObject({ ok: true });
    const ids = (await queued()).map(([id]) => id);
    expect(ids).not.toContain(course.id);
    expect(ids).not.toContain(other.id);
    expect(ids).not.toContain(noEvents.id);

    advanceClock(60_000);
    await makeDoseEvent(course.id, nurseId, { sequence: 4, kind: "held", hoursAgo: 0.5 });
    expect(await queued()).toContainEqual([course.id, "new-events"]);
    expect(await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 4, enteredInErrorCount: 0 }))).toMatchObject({ ok: true });
    expect((await queued()).map(([id]) => id)).not.toContain(course.id);

    const correctedAt = advanceClock(60_000); // the correction comes a minute after the last verification
    await prisma.doseEvent.updateMany({
      where: { courseId: course.id, sequence: 4 },
      data: { status: "entered_in_error", enteredInErrorAt: correctedAt, enteredInErrorById: attendingId, enteredInErrorReason: "duplicate" },
    });
    expect(await queued()).toContainEqual([course.id, "entered-in-error"]);
    // the correction is verified as its own sign-off: the same last event, one more event in error
    advanceClock(60_000);
    expect(await verifyCountsAction(null, formOf({ password: "correct horse battery", courseId: course.id, lastEventSequence: 4, enteredInErrorCount: 1 }))).toMatchObject({ ok: true });
    const latest = await prisma.doseCountVerification.findFirstOrThrow({ where: { courseId: course.id }, orderBy: { verifiedAt: "desc" } });
    expect(latest).toMatchObject({ givenCount: 2, heldCount: 1, lastEventSequence: 4 });
    expect((await queued()).map(([id]) => id)).not.toContain(course.id);
  });
});

describe("the verification pages' loaders", () => {
  test("answer null for a course on another unit, exactly as for one that does not exist", async () => {
    const course = await courseWithEvents();
    const now = new Date();
    expect(await loadCountVerification([otherUnitId], course.id, now)).toBeNull();
    expect(await loadOrderVerification([otherUnitId], course.id)).toBeNull();
    expect(await loadCountVerification([otherUnitId], randomUUID(), now)).toBeNull();
    expect(await loadCountVerification([unitId], "not-a-uuid", now)).toBeNull();
    const view = await loadCountVerification([unitId], course.id, now);
    expect(view?.report).toMatchObject({ lastEventSequence: 3, countsMatch: true, course: { given: 2, held: 1 } });
    expect(view?.due).toMatchObject({ due: true, reason: "never-verified" });
  });
});
