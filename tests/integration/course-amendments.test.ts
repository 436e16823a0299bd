// Issue 8, items 5 and 6: settings that move thresholds (the TIL SBP target, dose per kg, weights) and the
// rule-set version a course is judged by. Ordering refuses what the rule set does not allow; amendments after the
// first dose are signed; a course moves to a newer rule-set version only signed, with a target the new version
// accepts, and goes back to the pharmacist. Every amendment leaves a CourseAmendment row beside its audit row.
import { beforeAll, describe, expect, test } from "vitest";
import { followRedirect, formOf, signedInBrowser } from "./support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { toUnitLocalInput } from "@/lib/time";
import { orderCourseAction } from "@/lib/actions/order-course";
import { amendCourseAction } from "@/lib/actions/amend-course";
import { moveCourseRuleSetAction } from "@/lib/actions/move-course-rule-set";
import { verifyOrderAction } from "@/lib/actions/verify-order";
import { listOrdersAwaitingVerification } from "@/lib/db/queries/verifications";
import { listCourseAmendments } from "@/lib/db/queries/amendments";
import { latestRuleSetFor } from "@/lib/rules";

const PASSWORD = "correct horse battery";
const WRONG = "Password incorrect: not signed. Re-enter your own password to sign.";
const TZ = "Europe/Berlin";
const LATEST_TIL = latestRuleSetFor("til-adjunct").version;

let unitId: string;
let attending: Awaited<ReturnType<typeof makeUser>>;
let nurse: Awaited<ReturnType<typeof makeUser>>;
let pharmacist: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  unitId = (await makeUnit(undefined, TZ)).id;
  attending = await makeUser("attending", [unitId]);
  nurse = await makeUser("nurse", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});

const inTwoHours = () => toUnitLocalInput(new Date(Date.now() + 2 * 3_600_000), TZ);
const auditOf = (action: string, where: { entityId?: string; actorId?: string }) => prisma.auditEvent.findMany({ where: { action, ...where }, orderBy: { id: "asc" } });

// ---------------------------------------------------------------- ordering

describe("ordering a course: the TIL SBP target and the dose per kg", () => {
  async function order(fields: Record<string, string | undefined>) {
    const patient = await makePatient(unitId);
    await signedInBrowser(attending);
    const out = await followRedirect(() =>
      orderCourseAction(null, formOf({ patientId: patient.id, protocol: "til-adjunct", dosingWeightKg: "80", baselineWeightKg: "80", anchorAt: inTwoHours(), ...fields })),
    );
    const courses = await prisma.course.findMany({ where: { patientId: patient.id } });
    return { out, courses, patient };
  }

  test.each([
    ["no target", undefined, "Enter the admission SBP target"],
    ["an empty target", "", "Enter the admission SBP target"],
    ["89 mmHg (below 90)", "89", "at least 90 mmHg"],
    ["141 mmHg (above 140)", "141", "at most 140 mmHg"],
    ["95.5 mmHg (not whole)", "95.5", "whole number of mmHg"],
  ])("a TIL course with %s is refused in words, nothing is written, one denied audit row", async (_label, target, words) => {
    const mark = (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const { out, courses } = await order({ targetSbpMmHg: target });
    expect(out).toMatchObject({ result: { ok: false, code: "VALIDATION" } });
    const result = (out as { result: { fieldErrors: Record<string, string[]> } }).result;
    expect(result.fieldErrors.targetSbpMmHg?.join(" ")).toContain(words);
    expect(courses).toEqual([]);
    const denied = await prisma.auditEvent.findMany({ where: { id: { gt: mark }, actorId: attending.id, action: "course-order" } });
    expect(denied.map((a) => [a.outcome, (a.details as { fields?: string[] }).fields])).toEqual([["denied", ["targetSbpMmHg"]]]);
  });

  test.each([["90", 90], ["140", 140]])("a TIL course with %s mmHg is ordered under the latest rule-set version", async (target, expected) => {
    const { out, courses } = await order({ targetSbpMmHg: target });
    expect(out).toEqual({ redirectedTo: `/courses/${courses[0]?.id}` });
    expect(courses).toHaveLength(1);
    expect(courses[0]).toMatchObject({ targetSbpMmHg: expected, ruleSetId: "til-2024", ruleSetVersion: LATEST_TIL, doseIuPerKg: 600_000, status: "ordered" });
    expect(LATEST_TIL).not.toBe("1.0.0");
    const audit = await auditOf("course-order", { entityId: courses[0]!.id });
    expect(audit.map((a) => a.outcome)).toEqual(["success"]);
    expect(audit[0]!.details).toMatchObject({ ruleSet: `til-2024@${LATEST_TIL}`, targetSbpMmHg: expected, doseIuPerKg: 600_000 });
  });

  test("a dose per kg the rule set does not list (650,000) is refused; 720,000 (NCI TIL protocols) is accepted: 80 kg × 720,000 = 57,600,000 IU", async () => {
    const refused = await order({ targetSbpMmHg: "95", doseIuPerKg: "650000" });
    expect(refused.out).toMatchObject({ result: { ok: false, code: "VALIDATION", fieldErrors: { doseIuPerKg: [expect.stringContaining("720,000 IU/kg")] } } });
    expect(refused.courses).toEqual([]);

    const accepted = await order({ targetSbpMmHg: "95", doseIuPerKg: "720000" });
    expect(accepted.out).toEqual({ redirectedTo: `/courses/${accepted.courses[0]?.id}` });
    expect(accepted.courses[0]).toMatchObject({ doseIuPerKg: 720_000, targetSbpMmHg: 95 });
    const audit = await auditOf("course-order", { entityId: accepted.courses[0]!.id });
    expect(audit[0]!.details).toMatchObject({ doseIuPerKg: 720_000, doseIu: 57_600_000 });
  });

  test("a monotherapy course is not asked for a target: ordered without one, under the latest mono-2014 version", async () => {
    const { out, courses } = await order({ protocol: "monotherapy", anchorAt: inTwoHours() });
    expect(out).toEqual({ redirectedTo: `/courses/${courses[0]?.id}` });
    expect(courses[0]).toMatchObject({ protocol: "monotherapy", targetSbpMmHg: null, ruleSetId: "mono-2014", ruleSetVersion: latestRuleSetFor("monotherapy").version });
  });
});

// ---------------------------------------------------------------- amending

describe("amending an order after the first dose event: signed, with a reason", () => {
  async function courseWithDose() {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -6, targetSbpMmHg: 95 });
    await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
    return course;
  }
  const amend = (course: { id: string; version: number }, fields: Record<string, string | undefined>) =>
    amendCourseAction(null, formOf({ courseId: course.id, version: String(course.version), reason: "Re-weighed on the admission scale", ...fields }));
  const unchanged = async (id: string) => {
    const c = await prisma.course.findUniqueOrThrow({ where: { id } });
    expect({ baseline: c.baselineWeightKg.toString(), target: c.targetSbpMmHg, version: c.version }).toEqual({ baseline: "80", target: 95, version: 1 });
    expect(await prisma.courseAmendment.count({ where: { courseId: id } })).toBe(0);
  };

  test("without a signature: refused, nothing changed", async () => {
    const course = await courseWithDose();
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    const out = await amend(course, { baselineWeightKg: "81" });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { password: [expect.stringContaining("re-entering your password")] } });
    await unchanged(course.id);
    expect((await auditOf("course-amend", { actorId: user.id })).map((a) => a.outcome)).toEqual(["denied"]);
  });

  test("with a wrong password: refused, counted toward the lock, nothing changed", async () => {
    const course = await courseWithDose();
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    const out = await amend(course, { baselineWeightKg: "81", password: "not my password" });
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: WRONG, fieldErrors: { password: [WRONG] } });
    await unchanged(course.id);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignInCount).toBe(1);
    const audit = await auditOf("course-amend", { actorId: user.id });
    expect(audit.map((a) => [a.outcome, (a.details as { signature?: string }).signature, (a.details as { failedInARow?: number }).failedInARow])).toEqual([
      ["denied", "wrong-password", 1],
    ]);
  });

  test("a target outside 90–140 (85) is refused even when signed", async () => {
    const course = await courseWithDose();
    await signedInBrowser(attending);
    const out = await amend(course, { targetSbpMmHg: "85", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { targetSbpMmHg: [expect.stringContaining("at least 90 mmHg")] } });
    await unchanged(course.id);
  });

  test("the dosing weight stays locked after the first dose, signed or not", async () => {
    const course = await courseWithDose();
    await signedInBrowser(attending);
    const out = await amend(course, { dosingWeightKg: "82", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { dosingWeightKg: ["The dosing weight is locked once a dose event is recorded."] } });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).dosingWeightKg.toString()).toBe("80");
  });

  test("with the right password: applied, with a CourseAmendment row and an audit row in the same transaction; the history shows it", async () => {
    const course = await courseWithDose();
    const user = await makeUser("attending", [unitId]);
    await prisma.user.update({ where: { id: user.id }, data: { failedSignInCount: 1 } });
    await signedInBrowser(user);
    const out = await amend(course, { baselineWeightKg: "81.5", targetSbpMmHg: "100", password: PASSWORD });
    expect(out).toEqual({ ok: true, data: { version: 2 } });

    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect({ baseline: after.baselineWeightKg.toString(), target: after.targetSbpMmHg, version: after.version, status: after.status }).toEqual({
      // every amendment returns the order to the pharmacist (decision 043)
      baseline: "81.5", target: 100, version: 2, status: "ordered",
    });
    const [amendment, ...more] = await prisma.courseAmendment.findMany({ where: { courseId: course.id } });
    expect(more).toEqual([]);
    expect(amendment).toMatchObject({
      version: 2,
      kind: "order",
      changes: { baselineWeightKg: { before: "80", after: "81.5" }, targetSbpMmHg: { before: 95, after: 100 } },
      reason: "Re-weighed on the admission scale",
      signedById: user.id,
      signatureMeaning: "I amend this order: baseline weight, SBP target",
      sentForVerification: true,
    });
    const audit = await auditOf("course-amend", { entityId: course.id });
    expect(audit.map((a) => a.outcome)).toEqual(["success"]);
    expect(audit[0]!.at.getTime()).toBe(amendment!.signedAt.getTime());
    expect(audit[0]!.details).toMatchObject({ amendmentId: amendment!.id, version: 2, signature: { meaning: "I amend this order: baseline weight, SBP target" } });
    // a correct signature ends the row of failures
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignInCount).toBe(0);

    const history = await listCourseAmendments(course.id);
    expect(history).toEqual([
      {
        id: amendment!.id, version: 2, kind: "order",
        changes: [{ field: "baselineWeightKg", before: "80", after: "81.5" }, { field: "targetSbpMmHg", before: "95", after: "100" }],
        reason: "Re-weighed on the admission scale", signedById: user.id, signedByName: user.name,
        signatureMeaning: "I amend this order: baseline weight, SBP target", signedAt: amendment!.signedAt.toISOString(), sentForVerification: true,
      },
    ]);
  });

  test("before the first dose no signature is needed; the amendment is still recorded, and a dosing-weight change is sent for verification", async () => {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: 2, targetSbpMmHg: 95 });
    await signedInBrowser(attending);
    expect(await amend(course, { dosingWeightKg: "78.5" })).toEqual({ ok: true, data: { version: 2 } });
    // the earlier verification is kept: it is of version 1 (decision 043)
    expect(await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "ordered", weightVerifiedById: pharmacist.id, version: 2 });
    const rows = await prisma.courseAmendment.findMany({ where: { courseId: course.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ changes: { dosingWeightKg: { before: "80", after: "78.5" } }, sentForVerification: true, signedById: attending.id });
    expect(rows[0]!.signatureMeaning).toContain("not signed with a password");
  });
});

// ---------------------------------------------------------------- moving to a newer rule-set version

describe("moving a course to the newer rule-set version", () => {
  const move = (course: { id: string; version: number }, fields: Record<string, string> = {}) =>
    moveCourseRuleSetAction(null, formOf({ courseId: course.id, version: String(course.version), reason: "Unit adopts til-2024 1.1.0", password: PASSWORD, ...fields }));
  async function tilCourse(o: { targetSbpMmHg?: number | null; status?: "ordered" | "active" | "closed"; ruleSetVersion?: string } = {}) {
    const patient = await makePatient(unitId);
    const course = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20, status: o.status ?? "active", targetSbpMmHg: o.targetSbpMmHg ?? 95 });
    if (o.targetSbpMmHg === null || o.ruleSetVersion) {
      return prisma.course.update({ where: { id: course.id }, data: { ...(o.targetSbpMmHg === null ? { targetSbpMmHg: null } : {}), ...(o.ruleSetVersion ? { ruleSetVersion: o.ruleSetVersion } : {}) } });
    }
    return course;
  }
  async function expectUnmoved(id: string, version = "1.0.0") {
    const c = await prisma.course.findUniqueOrThrow({ where: { id } });
    expect({ ruleSetVersion: c.ruleSetVersion, version: c.version }).toEqual({ ruleSetVersion: version, version: 1 });
    expect(await prisma.courseAmendment.count({ where: { courseId: id } })).toBe(0);
  }

  test("refused when the course already has the newest version", async () => {
    const course = await tilCourse({ ruleSetVersion: LATEST_TIL });
    await signedInBrowser(attending);
    const out = await move(course);
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: `Rule set til-2024 version ${LATEST_TIL} is the newest version: there is nothing to move to.` });
    await expectUnmoved(course.id, LATEST_TIL);
  });

  test.each([
    ["85 mmHg", 85, "this course's target is 85 mmHg"],
    ["no target", null, "this course's target is not set"],
  ])("refused on a 1.0.0 TIL course with %s: amend the target first", async (_label, target, words) => {
    const course = await tilCourse({ targetSbpMmHg: target });
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    const out = await move(course);
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    const message = (out as { message: string }).message;
    expect(message).toContain("90–140 mmHg");
    expect(message).toContain(words);
    expect(message).toContain("Amend the target first");
    await expectUnmoved(course.id);
    expect((await auditOf("course-rule-set-move", { actorId: user.id })).map((a) => [a.outcome, (a.details as { blockedBy?: string }).blockedBy])).toEqual([["denied", "targetSbpMmHg"]]);
  });

  test("refused on a closed course and on a stale course version", async () => {
    const closed = await tilCourse({ status: "closed" });
    await signedInBrowser(attending);
    expect(await move(closed)).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "This course is closed: its rule set cannot be changed." });
    await expectUnmoved(closed.id);

    const open = await tilCourse();
    expect(await move({ id: open.id, version: 7 })).toMatchObject({ ok: false, code: "CONFLICT" });
    await expectUnmoved(open.id);
  });

  test("a wrong password is refused and counted", async () => {
    const course = await tilCourse();
    const user = await makeUser("attending", [unitId]);
    await signedInBrowser(user);
    expect(await move(course, { password: "nope" })).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: WRONG, fieldErrors: { password: [WRONG] } });
    await expectUnmoved(course.id);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).failedSignInCount).toBe(1);
  });

  test("success: the course moves to the newer version and goes back to the pharmacist; recorded doses keep 1.0.0; re-verification activates it", async () => {
    const course = await tilCourse({ targetSbpMmHg: 95 });
    const given = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 10 });
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
    await signedInBrowser(attending);
    const out = await move(course);
    expect(out).toEqual({ ok: true, data: { courseId: course.id, version: 2, ruleSetId: "til-2024", ruleSetVersion: LATEST_TIL } });

    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after).toMatchObject({ ruleSetId: "til-2024", ruleSetVersion: LATEST_TIL, status: "ordered", weightVerifiedById: null, weightVerifiedAt: null, version: 2, targetSbpMmHg: 95 });
    const amendments = await prisma.courseAmendment.findMany({ where: { courseId: course.id } });
    expect(amendments).toHaveLength(1);
    expect(amendments[0]).toMatchObject({
      version: 2,
      kind: "rule-set-version",
      changes: { ruleSetVersion: { before: "1.0.0", after: LATEST_TIL } },
      reason: "Unit adopts til-2024 1.1.0",
      signedById: attending.id,
      signatureMeaning: `I move this course from rule set til-2024 version 1.0.0 to version ${LATEST_TIL}`,
      sentForVerification: true,
    });
    const audit = await auditOf("course-rule-set-move", { entityId: course.id });
    expect(audit.map((a) => a.outcome)).toEqual(["success"]);
    expect(audit[0]!.details).toMatchObject({ before: "1.0.0", after: LATEST_TIL, statusFrom: "active", statusTo: "ordered", amendmentId: amendments[0]!.id });
    expect(audit[0]!.at.getTime()).toBe(amendments[0]!.signedAt.getTime());

    // dose events keep the version they were decided under
    const events = await prisma.doseEvent.findMany({ where: { id: { in: [given.id, held.id] } } });
    expect(events.map((e) => e.ruleSetVersion)).toEqual(["1.0.0", "1.0.0"]);

    // no newer version now: a second move is refused
    expect(await move({ id: course.id, version: 2 })).toMatchObject({ ok: false, code: "RULE_BLOCKED" });

    // the order is back in the pharmacist's queue, and re-verification under the new version activates it
    expect((await listOrdersAwaitingVerification([unitId])).map((c) => c.id)).toContain(course.id);
    await signedInBrowser(pharmacist);
    expect(await verifyOrderAction(null, formOf({ courseId: course.id, dosingWeightKg: "80", doseIu: "48000000", password: "correct horse battery" }))).toMatchObject({ ok: true });
    expect(await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).toMatchObject({ status: "active", weightVerifiedById: pharmacist.id, version: 3 });
    const verified = await auditOf("course-verify-order", { entityId: course.id });
    expect(verified.at(-1)!.details).toMatchObject({ ruleSet: `til-2024@${LATEST_TIL}`, statusTo: "active" });
    expect((await listOrdersAwaitingVerification([unitId])).map((c) => c.id)).not.toContain(course.id);
  });
});
