import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { freshBrowser, formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { approveCycle2Action } from "@/lib/actions/approve-cycle-2";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { listCycle2Queue } from "@/lib/db/queries/reviews";
import type { CurrentSession } from "@/lib/auth/session";

const PASSWORD = "correct horse battery";

type User = Awaited<ReturnType<typeof makeUser>>;
let unitA: string;
let unitB: string;
let attending: User;
let attendingB: User;
let nurse: User;
let pharmacist: User;

beforeAll(async () => {
  unitA = (await makeUnit()).id;
  unitB = (await makeUnit()).id;
  attending = await makeUser("attending", [unitA]);
  attendingB = await makeUser("attending", [unitB]);
  nurse = await makeUser("nurse", [unitA]);
  pharmacist = await makeUser("pharmacist", [unitA]);
});

/**
 * A monotherapy course whose cycle 1 began `startedHoursAgo` ago. Started 144 h ago with two doses given, its
 * 120 h cycle-1 window has closed and cycle 2 opens on day 15 (PI-P Table 1): the rest period.
 */
async function monoCourse(o: { unitId?: string; startedHoursAgo?: number; protocol?: "monotherapy" | "til_adjunct"; status?: "active" | "closed" } = {}) {
  const patient = await makePatient(o.unitId ?? unitA);
  const startedHoursAgo = o.startedHoursAgo ?? 144;
  const course = await makeCourse(patient.id, {
    protocol: o.protocol ?? "monotherapy", orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -startedHoursAgo, status: o.status ?? "active",
  });
  if (startedHoursAgo > 8) {
    await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: startedHoursAgo });
    await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: startedHoursAgo - 8 });
  }
  return course;
}

async function approve(fields: Record<string, string | undefined>) {
  return approveCycle2Action(null, formOf(fields));
}

async function auditFor(entityId: string) {
  return prisma.auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}

async function approvalState(courseId: string) {
  const c = await prisma.course.findUniqueOrThrow({ where: { id: courseId } });
  return { by: c.cycle2ApprovedById, at: c.cycle2ApprovedAt, note: c.cycle2ApprovalNote, version: c.version };
}

describe("cycle-2 go-ahead", () => {
  test("after the cycle-1 window closed: signed with the password; approver, time and note on the course; one success audit row", async () => {
    const course = await monoCourse();
    await signedInBrowser(attending);
    const out = await approve({ courseId: course.id, note: "Recovered fully, creatinine 1.0", password: PASSWORD });
    expect(out).toEqual({ ok: true, data: { courseId: course.id } });
    const after = await approvalState(course.id);
    expect(after).toMatchObject({ by: attending.id, note: "Recovered fully, creatinine 1.0", version: course.version + 1 });
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.action, a.outcome, a.actorId])).toEqual([["cycle2-approve", "success", attending.id]]);
    expect(audit[0]!.at.getTime()).toBe(after.at!.getTime());
    expect(audit[0]!.details).toMatchObject({
      signatureMeaning: "Go-ahead for monotherapy cycle 2", signerName: attending.name, cycle1Ended: "the cycle 1 window has closed", givenInCycle1: 2, heldInCycle1: 0,
    });
  });

  test("after an attending's stop in cycle 1 the course waits for cycle 2 and the go-ahead can be signed (note optional)", async () => {
    const course = await monoCourse({ startedHoursAgo: 10 });
    const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: { urineOutputMl: 60, urineOutputHours: 8 } });
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 3, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: assessment.id });
    await signedInBrowser(attending);
    // Before the stop cycle 1 is still running.
    const early = await approve({ courseId: course.id, password: PASSWORD });
    expect(early).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "Cycle 1 is not over yet: the go-ahead is given after cycle 1 ends." });
    expect((await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "stop", password: PASSWORD }))).ok).toBe(true);
    const out = await approve({ courseId: course.id, note: "", password: PASSWORD });
    expect(out).toEqual({ ok: true, data: { courseId: course.id } });
    expect(await approvalState(course.id)).toMatchObject({ by: attending.id, note: null });
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([["cycle2-approve", "denied"], ["cycle2-approve", "success"]]);
    expect(audit[1]!.details).toMatchObject({ cycle1Ended: "IL-2 was stopped in cycle 1", givenInCycle1: 2, heldInCycle1: 1 });
  });

  test("the queue lists a ready monotherapy course on the user's units and drops it once approved", async () => {
    const unit = (await makeUnit()).id;
    const doctor = await makeUser("attending", [unit]);
    const session: CurrentSession = { sessionId: randomUUID(), user: { id: doctor.id, email: doctor.email, name: doctor.name, role: "attending", unitIds: [unit] } };
    const ready = await monoCourse({ unitId: unit });
    await monoCourse({ unitId: unit, startedHoursAgo: 10 }); // cycle 1 running
    await monoCourse({ unitId: unit, protocol: "til_adjunct", startedHoursAgo: 4 }); // no cycle 2
    await monoCourse({ unitId: unitB }); // another unit
    const queue = await listCycle2Queue(session.user.unitIds, new Date());
    expect(queue.map((i) => i.course.id)).toEqual([ready.id]);
    const r = queue[0]!.readiness;
    expect(r.ready && [r.cycle1Ended, r.givenInCycle1, r.cycle2OpensAt?.getTime()]).toEqual([
      "the cycle 1 window has closed", 2, ready.startAt!.getTime() + 14 * 86_400_000,
    ]);
    await signedInBrowser(doctor);
    expect((await approve({ courseId: ready.id, password: PASSWORD })).ok).toBe(true);
    expect(await listCycle2Queue(session.user.unitIds, new Date())).toEqual([]);
  });
});

describe("refused go-aheads change no course and write exactly one denied audit row", () => {
  async function expectRefusedCleanly(course: { id: string; version: number }, code: string, actorId: string | null) {
    expect(await approvalState(course.id)).toEqual({ by: null, at: null, note: null, version: course.version });
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.action, a.outcome, a.actorId, (a.details as { code: string }).code])).toEqual([["cycle2-approve", "denied", actorId, code]]);
  }

  test("no session: UNAUTHENTICATED", async () => {
    const course = await monoCourse();
    freshBrowser();
    expect(await approve({ courseId: course.id, password: PASSWORD })).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    await expectRefusedCleanly(course, "UNAUTHENTICATED", null);
  });

  test.each(["nurse", "pharmacist"] as const)("a %s on the same unit: FORBIDDEN", async (role) => {
    const course = await monoCourse();
    const user = role === "nurse" ? nurse : pharmacist;
    await signedInBrowser(user);
    expect(await approve({ courseId: course.id, password: PASSWORD })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    await expectRefusedCleanly(course, "FORBIDDEN", user.id);
  });

  test("an attending of another unit gets exactly the answer for a course that does not exist", async () => {
    const course = await monoCourse();
    await signedInBrowser(attendingB);
    const other = await approve({ courseId: course.id, note: "n", password: PASSWORD });
    const missingId = randomUUID();
    const missing = await approve({ courseId: missingId, note: "n", password: PASSWORD });
    expect(other).toEqual({ ok: false, code: "NOT_FOUND", message: "That course was not found.", values: { courseId: course.id, note: "n" } });
    expect(missing).toEqual({ ...other, values: { courseId: missingId, note: "n" } });
    await expectRefusedCleanly(course, "NOT_FOUND", attendingB.id);
  });

  test("a wrong password does not sign: UNAUTHENTICATED on the password field, the note kept", async () => {
    const course = await monoCourse();
    await signedInBrowser(attending);
    const out = await approve({ courseId: course.id, note: "Fit for cycle 2", password: "wrong" });
    expect(out).toEqual({
      ok: false, code: "UNAUTHENTICATED", message: "Password incorrect: not signed. Re-enter your own password to sign.",
      fieldErrors: { password: ["Password incorrect: not signed. Re-enter your own password to sign."] },
      values: { courseId: course.id, note: "Fit for cycle 2" },
    });
    await expectRefusedCleanly(course, "UNAUTHENTICATED", attending.id);
  });

  test("no password: VALIDATION on the password field", async () => {
    const course = await monoCourse();
    await signedInBrowser(attending);
    const out = await approve({ courseId: course.id, note: "x", password: "" });
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { password: ["Re-enter your password to sign the go-ahead."] }, values: { courseId: course.id, note: "x" } });
    await expectRefusedCleanly(course, "VALIDATION", attending.id);
  });

  test.each([
    ["a TIL-adjunct course", { protocol: "til_adjunct", startedHoursAgo: 4 }, "Only a monotherapy course has a cycle 2; a TIL-adjunct course is one course of up to 6 doses."],
    ["cycle 1 still running", { startedHoursAgo: 10 }, "Cycle 1 is not over yet: the go-ahead is given after cycle 1 ends."],
    ["a closed course", { status: "closed" }, "This course is closed: there is no cycle 2 to approve."],
  ] as const)("%s: RULE_BLOCKED", async (_label, options, message) => {
    const course = await monoCourse(options);
    await signedInBrowser(attending);
    expect(await approve({ courseId: course.id, password: PASSWORD })).toMatchObject({ ok: false, code: "RULE_BLOCKED", message });
    await expectRefusedCleanly(course, "RULE_BLOCKED", attending.id);
  });

  test("already approved: CONFLICT naming who approved and when; the first approval stands", async () => {
    const course = await monoCourse();
    await signedInBrowser(attending);
    expect((await approve({ courseId: course.id, note: "first", password: PASSWORD })).ok).toBe(true);
    const first = await approvalState(course.id);
    const colleague = await makeUser("attending", [unitA]);
    await signedInBrowser(colleague);
    const out = await approve({ courseId: course.id, note: "second", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(out.ok === false && out.message).toMatch(new RegExp(`^Cycle 2 was already approved by ${attending.name} at \\d{2}:\\d{2}\\. Nothing was changed\\.$`));
    expect(await approvalState(course.id)).toEqual(first);
    const audit = await auditFor(course.id);
    expect(audit.map((a) => [a.outcome, a.actorId, (a.details as { code?: string }).code ?? null])).toEqual([
      ["success", attending.id, null],
      ["denied", colleague.id, "CONFLICT"],
    ]);
  });
});
