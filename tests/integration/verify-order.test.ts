import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, freshBrowser, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { verifyOrderAction } from "@/lib/actions/verify-order";
import { listOrdersAwaitingVerification } from "@/lib/db/queries/verifications";

const ACTION = "course-verify-order";
// 82.4 kg × 600,000 IU/kg = 49,440,000 IU (protocols.md §1)
const WEIGHT = 82.4;
const DOSE = "49440000";

let unitId: string;
let otherUnitId: string;
let attendingId: string;

beforeAll(async () => {
  unitId = (await makeUnit(undefined, "Europe/Berlin")).id;
  otherUnitId = (await makeUnit()).id;
  attendingId = (await makeUser("attending", [unitId])).id;
});

async function orderedCourse(unit = unitId) {
  const patient = await makePatient(unit);
  return makeCourse(patient.id, { status: "ordered", dosingWeightKg: WEIGHT, orderedById: attendingId });
}

async function auditFor(courseId: string) {
  return prisma.auditEvent.findMany({ where: { entityId: courseId, action: ACTION }, orderBy: { id: "asc" } });
}

/** The course row is exactly as ordered: still waiting, nobody recorded as verifier, version unchanged. */
async function expectUnverified(courseId: string) {
  const c = await prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  expect(c).toMatchObject({ status: "ordered", weightVerifiedById: null, weightVerifiedAt: null, version: 1 });
}

async function asPharmacist(unitIds = [unitId]) {
  const pharmacist = await makeUser("pharmacist", unitIds);
  await signedInBrowser(pharmacist);
  return pharmacist;
}

describe("verifying an order", () => {
  test("a pharmacist of the unit who re-enters 82.40 kg and 49,440,000 IU activates the course, with one audit row carrying the figures", async () => {
    const course = await orderedCourse();
    const pharmacist = await asPharmacist();
    const t0 = freezeClock();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.40", doseIu: "49,440,000", note: "Weight checked against admission scale record" }));
    expect(out).toMatchObject({ ok: true, data: { courseId: course.id } });

    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after).toMatchObject({ status: "active", weightVerifiedById: pharmacist.id, version: 2 });
    expect(after.weightVerifiedAt).toEqual(t0);

    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, a.actorId])).toEqual([["success", pharmacist.id]]);
    expect(audit[0]!.at.getTime()).toBe(after.weightVerifiedAt!.getTime());
    expect(audit[0]!.details).toMatchObject({
      ruleSet: "til-2024@1.0.0",
      dosingWeightKg: "82.4",
      enteredWeightKg: "82.40",
      doseIu: 49_440_000,
      enteredDoseIu: 49_440_000,
      doseMg: 3.05,
      doseMl: 2.75,
      vials: 3,
      statusTo: "active",
      note: "Weight checked against admission scale record",
    });
    expect(await listOrdersAwaitingVerification([unitId])).not.toContainEqual(expect.objectContaining({ id: course.id }));
  });

  test("the queue lists orders of the pharmacist's units only", async () => {
    const mine = await orderedCourse();
    const theirs = await orderedCourse(otherUnitId);
    const ids = (await listOrdersAwaitingVerification([unitId])).map((c) => c.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(theirs.id);
  });
});

describe("refused verifications write nothing clinical and one denied audit row", () => {
  test("no session → UNAUTHENTICATED", async () => {
    const course = await orderedCourse();
    freshBrowser();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await expectUnverified(course.id);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, a.actorId])).toEqual([["denied", null]]);
  });

  test.each(["nurse", "attending"] as const)("a %s of the unit → FORBIDDEN", async (role) => {
    const course = await orderedCourse();
    const user = await makeUser(role, [unitId]);
    await signedInBrowser(user);
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE }));
    expect(out).toMatchObject({ ok: false, code: "FORBIDDEN", message: "Your role does not allow this." });
    await expectUnverified(course.id);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, a.actorId, (a.details as { code?: string }).code])).toEqual([["denied", user.id, "FORBIDDEN"]]);
  });

  test("a pharmacist of another unit → NOT_FOUND, answered exactly like a course that does not exist", async () => {
    const course = await orderedCourse();
    const outsider = await asPharmacist([otherUnitId]);
    const onOtherUnit = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE }));
    const missingId = randomUUID();
    const missing = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: missingId, dosingWeightKg: "82.4", doseIu: DOSE }));
    expect(onOtherUnit).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That course was not found." });
    const strip = (r: typeof missing) => (r.ok ? r : { ...r, values: undefined });
    expect(strip(onOtherUnit)).toEqual(strip(missing));
    await expectUnverified(course.id);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, a.actorId, (a.details as { code?: string }).code])).toEqual([["denied", outsider.id, "NOT_FOUND"]]);
    expect((await auditFor(missingId)).map((a) => a.outcome)).toEqual(["denied"]);
  });

  test("a weight that differs from the order (82.5 kg vs 82.4 kg) is refused with both figures; the entry is kept", async () => {
    const course = await orderedCourse();
    await asPharmacist();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.5", doseIu: DOSE }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (out.ok) throw new Error("unreachable");
    expect(out.message).toContain("The weight you entered (82.5 kg) does not match the order's dosing weight (82.4 kg).");
    expect(out.fieldErrors?.dosingWeightKg).toEqual(["The weight you entered (82.5 kg) does not match the order's dosing weight (82.4 kg)."]);
    expect(out.fieldErrors?.doseIu).toBeUndefined();
    expect(out.values).toMatchObject({ courseId: course.id, dosingWeightKg: "82.5", doseIu: DOSE });
    await expectUnverified(course.id);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => a.outcome)).toEqual(["denied"]);
    expect(audit[0]!.details).toMatchObject({ code: "RULE_BLOCKED", enteredWeightKg: "82.5", orderWeightKg: "82.4" });
  });

  test("a weight one hundredth off (82.41 kg) is a mismatch: the comparison is exact", async () => {
    const course = await orderedCourse();
    await asPharmacist();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.41", doseIu: DOSE }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    await expectUnverified(course.id);
    expect((await auditFor(course.id)).map((a) => a.outcome)).toEqual(["denied"]);
  });

  test("a dose that differs from computeDose (49,400,000 vs 49,440,000 IU) is refused with both figures", async () => {
    const course = await orderedCourse();
    await asPharmacist();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: "49400000" }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (out.ok) throw new Error("unreachable");
    expect(out.fieldErrors?.doseIu?.[0]).toMatch(/^The dose you entered \(49,400,000 IU\) does not match the dose computed from the order \(49,440,000 IU: round\(82\.4 kg × 600,000 IU\/kg\) = 49,440,000 IU\)\.$/);
    expect(out.fieldErrors?.dosingWeightKg).toBeUndefined();
    await expectUnverified(course.id);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => a.outcome)).toEqual(["denied"]);
    expect(audit[0]!.details).toMatchObject({ enteredDoseIu: 49_400_000, computedDoseIu: 49_440_000 });
  });

  test("an already verified order → CONFLICT naming who verified it and when", async () => {
    const course = await orderedCourse();
    const first = await asPharmacist();
    expect(await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE }))).toMatchObject({ ok: true });
    await asPharmacist();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    if (out.ok) throw new Error("unreachable");
    expect(out.message).toMatch(new RegExp(`^This order was already verified by ${first.name} at \\d{2}:\\d{2}\\. Nothing was changed\\.$`));
    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after).toMatchObject({ status: "active", weightVerifiedById: first.id, version: 2 });
    expect((await auditFor(course.id)).map((a) => a.outcome)).toEqual(["success", "denied"]);
  });

  test("two submissions at the same moment: the course lock lets exactly one verify", async () => {
    const course = await orderedCourse();
    await asPharmacist();
    const outs = await Promise.all([
      verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE })),
      verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82.4", doseIu: DOSE })),
    ]);
    expect(outs.map((o) => (o.ok ? "ok" : o.code)).sort()).toEqual(["CONFLICT", "ok"]);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).version).toBe(2);
    expect((await auditFor(course.id)).map((a) => a.outcome).sort()).toEqual(["denied", "success"]);
  });

  test("empty or malformed entries → VALIDATION with field errors in words, entries kept", async () => {
    const course = await orderedCourse();
    await asPharmacist();
    const out = await verifyOrderAction(null, formOf({ password: "correct horse battery", courseId: course.id, dosingWeightKg: "82,4", doseIu: "" }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION" });
    if (out.ok) throw new Error("unreachable");
    expect(out.fieldErrors).toEqual({
      dosingWeightKg: ["Enter the weight in kilograms with a decimal point, e.g. 82.4."],
      doseIu: ["Enter the dose you computed, in IU."],
    });
    expect(out.values).toMatchObject({ dosingWeightKg: "82,4", doseIu: "" });
    await expectUnverified(course.id);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, (a.details as { code?: string }).code])).toEqual([["denied", "VALIDATION"]]);
  });
});
