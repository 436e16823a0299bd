import { describe, expect, test, beforeAll } from "vitest";
import { followRedirect, formOf, signedInBrowser, together, useBrowser, type Browser } from "./support/request-context";
import { lockCourseAs, untilWaitingOnALock } from "./support/locks";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { amendCourseAction } from "@/lib/actions/amend-course";
import { orderCourseAction } from "@/lib/actions/order-course";
import { toUnitLocalInput } from "@/lib/time";

// Issue 5 item 5: two sessions at one bedside cannot double-dose; a stale edit is refused.
// Calls are started together and interleave on the database (each holds its own connection from the pool).

let unitId: string;
let nurseA: { id: string };
let nurseB: { id: string };
let attending: { id: string };
let pharmacist: { id: string };
let browsers: Browser[];

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurseA = await makeUser("nurse", [unitId]);
  nurseB = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
  browsers = [await signedInBrowser(nurseA), await signedInBrowser(nurseB)];
});

async function readyCourse(assessment: Record<string, unknown> = {}) {
  const patient = await makePatient(unitId);
  const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -4 });
  const a = await makeAssessment(course.id, nurseA.id, { values: assessment });
  return { course, assessment: a };
}

const TRIALS = 5;
const REQUESTS = 20;

describe("simultaneous recordings of one dose", () => {
  test(`${TRIALS} trials × ${REQUESTS} simultaneous "give dose 1" from two sessions: exactly one succeeds each time`, async () => {
    const tally = { ok: 0, conflict: 0, other: 0 };
    for (let trial = 0; trial < TRIALS; trial++) {
      const { course, assessment } = await readyCourse();
      const form = () => formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000 });
      const results = await together(Array.from({ length: REQUESTS }, (_, i) => ({ browser: browsers[i % 2]!, run: () => recordDoseAction(null, form()) })));
      const ok = results.filter((r) => r.ok).length;
      const conflict = results.filter((r) => !r.ok && r.code === "CONFLICT").length;
      tally.ok += ok;
      tally.conflict += conflict;
      tally.other += REQUESTS - ok - conflict;
      expect(ok).toBe(1);
      expect(conflict).toBe(REQUESTS - 1);
      const events = await prisma.doseEvent.findMany({ where: { courseId: course.id } });
      expect(events.map((e) => [e.sequence, e.kind])).toEqual([[1, "given"]]);
      const successAudits = await prisma.auditEvent.count({ where: { action: "dose-record", outcome: "success", details: { path: ["courseId"], equals: course.id } } });
      expect(successAudits).toBe(1);
    }
    console.log(`concurrency: ${TRIALS} trials × ${REQUESTS} requests → ${tally.ok} stored, ${tally.conflict} CONFLICT, ${tally.other} other`);
    expect(tally).toEqual({ ok: TRIALS, conflict: TRIALS * (REQUESTS - 1), other: 0 });
  });

  test(`${TRIALS} trials of a give racing a hold on the same dose: one wins cleanly, the other is a CONFLICT`, async () => {
    const winners: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const { course, assessment } = await readyCourse();
      const base = { courseId: course.id, assessmentId: assessment.id, expectedSequence: 1 };
      const [give, hold] = await together([
        { browser: browsers[trial % 2]!, run: () => recordDoseAction(null, formOf({ ...base, kind: "given", doseIu: 48_000_000 })) },
        { browser: browsers[(trial + 1) % 2]!, run: () => recordDoseAction(null, formOf({ ...base, kind: "held", note: "patient asked to wait" })) },
      ]);
      expect([give!.ok, hold!.ok].filter(Boolean)).toHaveLength(1);
      const loser = give!.ok ? hold! : give!;
      expect(loser).toMatchObject({ ok: false, code: "CONFLICT" });
      const events = await prisma.doseEvent.findMany({ where: { courseId: course.id } });
      expect(events).toHaveLength(1);
      winners.push(events[0]!.kind);
    }
    console.log(`give vs hold: winners ${winners.join(", ")}`);
  });
});

describe("a batch from two sessions", () => {
  test("each call runs as the session it was started from: the dose events and their audit rows name both nurses", async () => {
    const first = await readyCourse();
    const second = await readyCourse();
    const give = (c: { course: { id: string }; assessment: { id: string } }) => () =>
      recordDoseAction(null, formOf({ courseId: c.course.id, assessmentId: c.assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000 }));
    // nurse A's call starts first; a cookie store read lazily would answer every call as nurse B, the last one set
    const results = await together([{ browser: browsers[0]!, run: give(first) }, { browser: browsers[1]!, run: give(second) }]);
    expect(results.map((r) => r.ok)).toEqual([true, true]);
    const recordedBy = async (courseId: string) => (await prisma.doseEvent.findFirstOrThrow({ where: { courseId } })).recordedById;
    expect([await recordedBy(first.course.id), await recordedBy(second.course.id)]).toEqual([nurseA.id, nurseB.id]);
    const auditedBy = async (courseId: string) =>
      (await prisma.auditEvent.findMany({ where: { action: "dose-record", outcome: "success", details: { path: ["courseId"], equals: courseId } } })).map((a) => a.actorId);
    expect([await auditedBy(first.course.id), await auditedBy(second.course.id)]).toEqual([[nurseA.id], [nurseB.id]]);
  });
});

describe("optimistic concurrency on course edits", () => {
  test("two attendings amend the same order from the same version: the second is refused as stale and changes nothing", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, status: "ordered", targetSbpMmHg: 90 });
    const attending2 = await makeUser("attending", [unitId]);
    const [a, b] = [await signedInBrowser(attending), await signedInBrowser(attending2)];
    useBrowser(a);
    const first = await amendCourseAction(null, formOf({ courseId: course.id, version: course.version, targetSbpMmHg: 95, reason: "Admission BP re-measured" }));
    expect(first).toEqual({ ok: true, data: { version: course.version + 1 } });
    useBrowser(b);
    const second = await amendCourseAction(null, formOf({ courseId: course.id, version: course.version, targetSbpMmHg: 100, reason: "Other reading" }));
    expect(second).toMatchObject({ ok: false, code: "CONFLICT", message: "This order was changed since you opened it. Reload to see the current order, then amend again." });
    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after).toMatchObject({ targetSbpMmHg: 95, version: course.version + 1 });
  });

  test("simultaneous amendments from one version: exactly one applies", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, status: "ordered", targetSbpMmHg: 90 });
    const attendingBrowser = await signedInBrowser(attending);
    const results = await together(
      [91, 92, 93, 94, 95, 96].map((sbp) => ({ browser: attendingBrowser, run: () => amendCourseAction(null, formOf({ courseId: course.id, version: course.version, targetSbpMmHg: sbp, reason: "race" })) })),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => !r.ok && r.code === "CONFLICT")).toBe(true);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).version).toBe(course.version + 1);
  });

  test("changing the dosing weight sends the order back to the pharmacist; after a dose event it is locked", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, status: "active" });
    useBrowser(await signedInBrowser(attending));
    const out = await amendCourseAction(null, formOf({ courseId: course.id, version: course.version, dosingWeightKg: 78.5, reason: "Weighed again before the first dose" }));
    expect(out.ok).toBe(true);
    const amended = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    // back to the pharmacist; the earlier verification (of the earlier version) is kept (decision 043)
    expect(amended).toMatchObject({ status: "ordered", weightVerifiedById: pharmacist.id });
    expect(amended.dosingWeightKg.toString()).toBe("78.5");

    const started = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, status: "active" });
    await makeDoseEvent(started.id, nurseA.id, { sequence: 1, kind: "given", hoursAgo: 1 });
    const locked = await amendCourseAction(null, formOf({ courseId: started.id, version: started.version, dosingWeightKg: 90, reason: "wrong" }));
    expect(locked).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { dosingWeightKg: ["The dosing weight is locked once a dose event is recorded."] } });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: started.id } })).dosingWeightKg.toString()).toBe("80");
  });
});

describe("simultaneous orders for one patient", () => {
  test("6 simultaneous orders (two attendings): exactly one course is created, the others are a CONFLICT and audited as denied", async () => {
    const patient = await makePatient(unitId);
    const attending2 = await makeUser("attending", [unitId]);
    const [a, b] = [await signedInBrowser(attending), await signedInBrowser(attending2)];
    const fields = { patientId: patient.id, protocol: "monotherapy", dosingWeightKg: "70", baselineWeightKg: "70", anchorAt: toUnitLocalInput(new Date(Date.now() + 3_600_000), "UTC") };
    const results = await together(Array.from({ length: 6 }, (_, i) => ({ browser: i % 2 ? b : a, run: () => followRedirect(() => orderCourseAction(null, formOf(fields))) })));

    const courses = await prisma.course.findMany({ where: { patientId: patient.id } });
    expect(courses).toHaveLength(1);
    expect(results.filter((r) => "redirectedTo" in r)).toEqual([{ redirectedTo: `/courses/${courses[0]!.id}` }]);
    const refused = results.flatMap((r) => ("result" in r ? [r.result] : []));
    expect(refused).toHaveLength(5);
    for (const r of refused) expect(r).toMatchObject({ ok: false, code: "CONFLICT", message: "This patient already has an open IL-2 course." });
    const audits = await prisma.auditEvent.findMany({ where: { action: "course-order", details: { path: ["patientId"], equals: patient.id } }, orderBy: { id: "asc" } });
    expect(audits.map((x) => x.outcome).sort()).toEqual(["denied", "denied", "denied", "denied", "denied", "success"]);
    expect(audits.filter((x) => x.outcome === "denied").every((x) => (x.details as { code?: string }).code === "CONFLICT")).toBe(true);
  });

  test("the database itself refuses a second open course for a patient; a closed one does not count", async () => {
    const patient = await makePatient(unitId);
    await makeCourse(patient.id, { orderedById: attending.id, status: "closed" });
    await makeCourse(patient.id, { orderedById: attending.id, status: "ordered" });
    await expect(makeCourse(patient.id, { orderedById: attending.id, status: "active", verifiedById: pharmacist.id })).rejects.toThrow(/Unique constraint failed|duplicate key/);
    await makeCourse(patient.id, { orderedById: attending.id, status: "closed" });
    expect(await prisma.course.count({ where: { patientId: patient.id } })).toBe(3);
  });
});

describe("amending an order while a dose is being recorded", () => {
  test("an amendment waits for the dose in progress under the course lock, then refuses to change the dosing weight", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, status: "active" });
    const attendingBrowser = await signedInBrowser(attending);
    let amend!: ReturnType<typeof amendCourseAction>;
    // The nurse's transaction, as record-dose does it: lock the course, insert the event (no version bump), commit.
    await prisma.$transaction(async (tx) => {
      await lockCourseAs(tx, [unitId], course.id);
      await tx.doseEvent.create({
        data: {
          courseId: course.id, sequence: 1, kind: "given", cycle: 1, doseIu: 48_000_000, occurredAt: new Date(), engineDecision: "give",
          decisionSnapshot: { fixture: true }, ruleSetId: "til-2024", ruleSetVersion: "1.0.0", criteria: [], recordedById: nurseA.id,
        },
      });
      useBrowser(attendingBrowser);
      amend = amendCourseAction(null, formOf({ courseId: course.id, version: course.version, dosingWeightKg: 90, reason: "Weighed again" }));
      await untilWaitingOnALock(amend); // the amendment reaches the database while the dose is uncommitted
    });
    expect(await amend).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { dosingWeightKg: ["The dosing weight is locked once a dose event is recorded."] } });
    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after).toMatchObject({ status: "active", version: course.version });
    expect(after.dosingWeightKg.toString()).toBe("80");
  });

  test("a weight with more than 2 decimals is refused, not rounded by the Decimal(6,2) column", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, status: "ordered" });
    useBrowser(await signedInBrowser(attending));
    const out = await amendCourseAction(null, formOf({ courseId: course.id, version: course.version, dosingWeightKg: "70.126", baselineWeightKg: "70.125", reason: "Weighed again" }));
    expect(out).toMatchObject({
      ok: false, code: "VALIDATION",
      fieldErrors: { dosingWeightKg: ["Dosing weight: at most 2 decimals."], baselineWeightKg: ["Baseline weight: at most 2 decimals."] },
    });
    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect([after.dosingWeightKg.toString(), after.baselineWeightKg.toString(), after.version]).toEqual(["80", "80", course.version]);
    const ok = await amendCourseAction(null, formOf({ courseId: course.id, version: course.version, dosingWeightKg: "70.12", reason: "Weighed again" }));
    expect(ok).toEqual({ ok: true, data: { version: course.version + 1 } });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).dosingWeightKg.toString()).toBe("70.12");
  });
});
