import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { freshBrowser, formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser, wellAssessment } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { listReviewQueue } from "@/lib/db/queries/reviews";
import { decideForCourse } from "@/lib/domain/engine-request";
import type { CurrentSession } from "@/lib/auth/session";

// writeAudit stays the real function; one test makes it fail once to prove the review and its audit row share a
// transaction. writeAuditAlone (refusals) calls the module's own binding and is never affected.
vi.mock("@/lib/db/audit", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/db/audit")>();
  return { ...real, writeAudit: vi.fn(real.writeAudit) };
});

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

// Urine 300 mL in 8 h at 80 kg = 0.47 mL/kg/h: below TIL's 0.5 mL/kg/h (BW, hold) but 37.5 mL/h, above
// monotherapy's 20 mL/h (DUT): the comparison differs on urine-output-low.
const LOW_URINE = { urineOutputMl: 300, urineOutputHours: 8 };

/** A course on `unitId` with one held dose (sequence 1, 15 min ago) on an assessment taken 30 min ago. */
async function heldDose(o: { unitId?: string; protocol?: "til_adjunct" | "monotherapy"; kind?: "held" | "stopped" | "discontinued" | "given"; anchorHoursFromNow?: number } = {}) {
  const patient = await makePatient(o.unitId ?? unitA);
  const course = await makeCourse(patient.id, {
    protocol: o.protocol ?? "til_adjunct", orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: o.anchorHoursFromNow ?? -4,
  });
  const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: LOW_URINE });
  const kind = o.kind ?? "held";
  const event = await makeDoseEvent(course.id, nurse.id, {
    sequence: 1, kind, hoursAgo: 0.25, criteria: kind === "given" ? [] : ["urine-output-low"], assessmentId: assessment.id,
  });
  return { patient, course, assessment, event };
}

async function review(fields: Record<string, string | undefined>) {
  return reviewHoldAction(null, formOf(fields));
}

async function auditFor(entityId: string) {
  return prisma.auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}

/** The clinical rows a refusal must not have touched. */
async function clinicalState(courseId: string, eventId: string) {
  const [reviews, events, course] = await Promise.all([
    prisma.holdReview.count({ where: { doseEventId: eventId } }),
    prisma.doseEvent.count({ where: { courseId } }),
    prisma.course.findUniqueOrThrow({ where: { id: courseId } }),
  ]);
  return { reviews, events, status: course.status, version: course.version };
}

describe("review outcomes", () => {
  test("confirm: one HoldReview with a meaning, no new dose event, course untouched, one success audit row at the same instant", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "confirm", password: PASSWORD });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const reviews = await prisma.holdReview.findMany({ where: { doseEventId: event.id } });
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({
      id: out.data.reviewId, attendingId: attending.id, outcome: "confirm", reason: null, signatureMeaning: "Reviewed: hold confirmed",
    });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect([after.status, after.version]).toEqual(["active", course.version]);
    const audit = await auditFor(event.id);
    expect(audit.map((a) => [a.action, a.outcome, a.actorId])).toEqual([["hold-review", "success", attending.id]]);
    expect(audit[0]!.at.getTime()).toBe(reviews[0]!.signedAt.getTime());
    expect(audit[0]!.details).toMatchObject({ reviewId: out.data.reviewId, outcome: "confirm", subject: "held", passwordSigned: true, courseClosed: false });
  });

  test("stop (TIL): a stopped dose event authorised by the review, engine snapshot at now, and the course closes", async () => {
    const { course, event, assessment } = await heldDose();
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "stop", password: PASSWORD, reason: "Oliguria not responding to fluids" });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = await prisma.holdReview.findUniqueOrThrow({ where: { id: out.data.reviewId } });
    expect(r).toMatchObject({ outcome: "stop", reason: "Oliguria not responding to fluids", signatureMeaning: "Reviewed: IL-2 stopped for this course" });
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.sequence, e.kind, e.cycle])).toEqual([[1, "held", 1], [2, "stopped", 1]]);
    const stopped = events[1]!;
    expect(stopped).toMatchObject({
      authorizedByReviewId: r.id, recordedById: attending.id, assessmentId: assessment.id, ruleSetId: "til-2024", ruleSetVersion: "1.0.0",
      criteria: ["urine-output-low"], doseIu: null, note: "Oliguria not responding to fluids", status: "active",
    });
    expect(stopped.occurredAt.getTime()).toBe(r.signedAt.getTime());
    // The engine judged the course at the review's `now`: its own rule set, its own decision word.
    const snapshot = stopped.decisionSnapshot as { ruleSet: { id: string }; decision: string; now: string };
    expect(snapshot.ruleSet.id).toBe("til-2024");
    expect(snapshot.decision).toBe(stopped.engineDecision);
    expect(snapshot.now).toBe(r.signedAt.toISOString());
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
    const audit = await auditFor(event.id);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([["hold-review", "success"]]);
    expect(audit[0]!.details).toMatchObject({ outcome: "stop", newDoseEventId: stopped.id, courseClosed: true });
  });

  test("stop: the stopped event's decision is made on the picture when the hold was recorded, not on a partial assessment alone", async () => {
    // a complete assessment 40 min ago, then one with only an SBP 30 min ago (the latest), held on 15 min ago
    const patient = await makePatient(unitA);
    const course = await makeCourse(patient.id, { protocol: "til_adjunct", orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -4 });
    await makeAssessment(course.id, nurse.id, { minutesAgo: 40, values: LOW_URINE });
    const sbpOnly = Object.fromEntries(Object.keys(wellAssessment()).map((k) => [k, k === "permanentEvents" ? [] : null]));
    const partial = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: { ...sbpOnly, sbpMmHg: 104 } });
    await prisma.assessment.update({ where: { id: partial.id }, data: { labsAt: null, permanentEventsAnswered: false } });
    const event = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: partial.id });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "stop", password: PASSWORD, reason: "Oliguria not responding to fluids" });
    expect(out.ok).toBe(true);
    const stopped = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, kind: "stopped" } });
    // the stopped event still points at the held event's own assessment
    expect(stopped.assessmentId).toBe(partial.id);
    // on the partial assessment alone the engine would find almost every value missing; on the picture none is
    const snapshot = stopped.decisionSnapshot as { missing: string[] };
    expect(snapshot.missing).toEqual([]);
  });

  test("stop (monotherapy, cycle 1): the stopped event ends the cycle only; the course stays active for a cycle-2 go-ahead", async () => {
    const { course, event } = await heldDose({ protocol: "monotherapy", anchorHoursFromNow: -10 });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "stop", password: PASSWORD });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = await prisma.holdReview.findUniqueOrThrow({ where: { id: out.data.reviewId } });
    expect(r.signatureMeaning).toBe("Reviewed: IL-2 stopped for this cycle");
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    expect(events.map((e) => [e.sequence, e.kind, e.cycle, e.ruleSetId])).toEqual([[1, "held", 1, "til-2024"], [2, "stopped", 1, "mono-2014"]]);
    // The snapshot is the engine's view when the stop was recorded, before it: 15 min after a monotherapy hold,
    // inside the 8 h interval (a held dose is skipped: PI-P).
    expect(events[1]!.engineDecision).toBe("wait");
    expect((events[1]!.decisionSnapshot as { reason: string }).reason).toBe("interval");
    const after = await prisma.course.findUniqueOrThrow({ where: { id: course.id } });
    expect(after.status).toBe("active");
    // With the stop recorded, cycle 1 is over: rest period until cycle 2 (protocols.md §2).
    const now = decideForCourse({ now: new Date(), course: after, events });
    expect(now.ok && [now.result.decision, now.result.reason, now.result.dose?.cycle]).toEqual(["wait", "rest-period", 2]);
  });

  test("stop (monotherapy, cycle 2): a stop in the last cycle ends the course, so the course closes", async () => {
    const patient = await makePatient(unitA);
    const course = await makeCourse(patient.id, { protocol: "monotherapy", orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -15 * 24 });
    await prisma.course.update({ where: { id: course.id }, data: { cycle2ApprovedById: attending.id, cycle2ApprovedAt: new Date() } });
    await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 15 * 24 });
    const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: { urineOutputMl: 60, urineOutputHours: 8 } });
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "held", cycle: 2, hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: assessment.id });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: held.id, outcome: "stop", password: PASSWORD });
    expect(out.ok).toBe(true);
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.sequence, e.kind, e.cycle])).toEqual([[1, "given", 1], [2, "held", 2], [3, "stopped", 2]]);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
  });

  test("discontinue: signed with the password and a reason; a discontinued event; the course closes", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "discontinue", reason: "Grade 4 capillary leak", password: PASSWORD });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = await prisma.holdReview.findUniqueOrThrow({ where: { id: out.data.reviewId } });
    expect(r).toMatchObject({ outcome: "discontinue", reason: "Grade 4 capillary leak", signatureMeaning: "Discontinue IL-2 for this course", attendingId: attending.id });
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.sequence, e.kind, e.authorizedByReviewId])).toEqual([[1, "held", null], [2, "discontinued", r.id]]);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
    const audit = await auditFor(event.id);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([["hold-review", "success"]]);
    expect(audit[0]!.details).toMatchObject({ outcome: "discontinue", passwordSigned: true, signatureMeaning: "Discontinue IL-2 for this course", courseClosed: true });
  });

  test("override: only the signed HoldReview; no dose event is written and the course stays active", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "override", reason: "Urine output recovering, 0.47 is borderline", password: PASSWORD });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    const r = await prisma.holdReview.findUniqueOrThrow({ where: { id: out.data.reviewId } });
    expect(r).toMatchObject({ outcome: "override", signatureMeaning: "Override: I allow this dose despite the hold", reason: "Urine output recovering, 0.47 is borderline" });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("active");
    expect((await auditFor(event.id)).map((a) => [a.action, a.outcome])).toEqual([["hold-review", "success"]]);
  });

  test("confirm of a recorded TIL stop closes the course (a stop ends IL-2 for the course)", async () => {
    const { course, event } = await heldDose({ kind: "stopped" });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "confirm", password: PASSWORD });
    expect(out.ok).toBe(true);
    const r = await prisma.holdReview.findFirstOrThrow({ where: { doseEventId: event.id } });
    expect(r.signatureMeaning).toBe("Reviewed: stop confirmed");
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
  });

  test("a given dose whose decision had a judgment finding can be acknowledged (confirm) and nothing else", async () => {
    const { course, event } = await heldDose({ kind: "given" });
    await prisma.doseEvent.update({
      where: { id: event.id },
      data: { decisionSnapshot: { decision: "give", needsAttendingReview: true, findings: [{ criterion: "tachycardia", tier: "hold", judgment: true }] } },
    });
    await signedInBrowser(attending);
    const refused = await review({ doseEventId: event.id, outcome: "stop", password: PASSWORD });
    expect(refused).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "This dose was already given: the review can only acknowledge its judgment finding (confirm)." });
    expect(await clinicalState(course.id, event.id)).toEqual({ reviews: 0, events: 1, status: "active", version: course.version });
    const out = await review({ doseEventId: event.id, outcome: "confirm", password: PASSWORD });
    expect(out.ok).toBe(true);
    const r = await prisma.holdReview.findFirstOrThrow({ where: { doseEventId: event.id } });
    expect(r.signatureMeaning).toBe("Reviewed: judgment finding acknowledged");
    expect((await auditFor(event.id)).map((a) => [a.outcome, (a.details as { code?: string }).code ?? null])).toEqual([
      ["denied", "RULE_BLOCKED"],
      ["success", null],
    ]);
  });

  test("a failure after the review row is written rolls back the review, the stopped event, the course change and the audit row together", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    vi.mocked(writeAudit).mockImplementationOnce(async () => {
      throw new Error("simulated audit failure");
    });
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const out = await review({ doseEventId: event.id, outcome: "stop", password: PASSWORD, reason: "kept on error" });
    errors.mockRestore();
    expect(out).toMatchObject({ ok: false, code: "INTERNAL", values: { doseEventId: event.id, outcome: "stop", reason: "kept on error" } });
    expect(out.ok === false && out.message).not.toContain("simulated");
    expect(await clinicalState(course.id, event.id)).toEqual({ reviews: 0, events: 1, status: "active", version: course.version });
    expect(await auditFor(event.id)).toEqual([]);
  });
});

describe("refused reviews write no clinical row and exactly one denied audit row", () => {
  async function expectRefusedCleanly(course: { id: string; version: number }, eventId: string, code: string, actorId: string | null) {
    expect(await clinicalState(course.id, eventId)).toEqual({ reviews: 0, events: 1, status: "active", version: course.version });
    const audit = await auditFor(eventId);
    expect(audit.map((a) => [a.action, a.outcome, a.actorId, (a.details as { code: string }).code])).toEqual([["hold-review", "denied", actorId, code]]);
  }

  test("no session: UNAUTHENTICATED", async () => {
    const { course, event } = await heldDose();
    freshBrowser();
    const out = await review({ doseEventId: event.id, outcome: "confirm", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "Sign in to continue." });
    await expectRefusedCleanly(course, event.id, "UNAUTHENTICATED", null);
  });

  test.each(["nurse", "pharmacist"] as const)("a %s on the same unit: FORBIDDEN", async (role) => {
    const { course, event } = await heldDose();
    const user = role === "nurse" ? nurse : pharmacist;
    await signedInBrowser(user);
    const out = await review({ doseEventId: event.id, outcome: "confirm", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "FORBIDDEN", message: "Your role does not allow this." });
    await expectRefusedCleanly(course, event.id, "FORBIDDEN", user.id);
  });

  test("an attending of another unit gets exactly the answer for a dose event that does not exist", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attendingB);
    const other = await review({ doseEventId: event.id, outcome: "override", reason: "r", password: PASSWORD });
    const missingId = randomUUID();
    const missing = await review({ doseEventId: missingId, outcome: "override", reason: "r", password: PASSWORD });
    expect(other).toEqual({ ok: false, code: "NOT_FOUND", message: "That dose event was not found.", values: { doseEventId: event.id, outcome: "override", reason: "r" } });
    expect(missing).toEqual({ ...other, values: { doseEventId: missingId, outcome: "override", reason: "r" } });
    await expectRefusedCleanly(course, event.id, "NOT_FOUND", attendingB.id);
    expect((await auditFor(missingId)).map((a) => [a.outcome, (a.details as { code: string }).code])).toEqual([["denied", "NOT_FOUND"]]);
  });

  test("a wrong password does not sign: UNAUTHENTICATED on the password field, the reason kept, the password never returned", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "override", reason: "Borderline urine output", password: "not my password" });
    expect(out).toEqual({
      ok: false,
      code: "UNAUTHENTICATED",
      message: "Password incorrect: not signed. Re-enter your own password to sign.",
      fieldErrors: { password: ["Password incorrect: not signed. Re-enter your own password to sign."] },
      values: { doseEventId: event.id, outcome: "override", reason: "Borderline urine output" },
    });
    await expectRefusedCleanly(course, event.id, "UNAUTHENTICATED", attending.id);
  });

  test.each([
    ["discontinue without a reason", { outcome: "discontinue", password: PASSWORD }, { reason: ["Write the reason for the discontinuation."] }],
    ["override without a reason or password", { outcome: "override", reason: "  " }, {
      reason: ["Write the reason for the override."], password: ["Re-enter your password to sign the override."],
    }],
    ["a reason over 2000 characters", { outcome: "confirm", password: PASSWORD, reason: "x".repeat(2001) }, { reason: ["Keep the reason to 2,000 characters or fewer."] }],
    ["an unknown outcome", { outcome: "restart" }, { outcome: ["Choose an outcome: confirm, stop, discontinue, override or reassess."] }],
  ] as const)("%s: VALIDATION, field by field", async (_label, fields, fieldErrors) => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, ...fields });
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors });
    expect(out.ok === false && Object.keys(out.fieldErrors ?? {}).sort()).toEqual(Object.keys(fieldErrors).sort());
    expect(out.ok === false && out.values).toEqual(Object.fromEntries(Object.entries({ doseEventId: event.id, ...fields }).filter(([k]) => k !== "password")));
    await expectRefusedCleanly(course, event.id, "VALIDATION", attending.id);
  });

  test("already reviewed: CONFLICT naming who reviewed it and when; the first review stands", async () => {
    const { course, event } = await heldDose();
    await signedInBrowser(attending);
    const first = await review({ doseEventId: event.id, outcome: "confirm", password: PASSWORD });
    expect(first.ok).toBe(true);
    const colleague = await makeUser("attending", [unitA]);
    await signedInBrowser(colleague);
    const out = await review({ doseEventId: event.id, outcome: "override", reason: "r", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    // Unit time zone UTC, reviewed moments ago: today, so the time alone (lib/format.ts).
    expect(out.ok === false && out.message).toMatch(new RegExp(`^Already reviewed by ${attending.name} at \\d{2}:\\d{2} \\(Confirm\\)\\. Nothing was changed\\.$`));
    const reviews = await prisma.holdReview.findMany({ where: { doseEventId: event.id } });
    expect(reviews.map((r) => [r.attendingId, r.outcome])).toEqual([[attending.id, "confirm"]]);
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(1);
    const audit = await auditFor(event.id);
    expect(audit.map((a) => [a.outcome, a.actorId, (a.details as { code?: string }).code ?? null])).toEqual([
      ["success", attending.id, null],
      ["denied", colleague.id, "CONFLICT"],
    ]);
  });

  test.each([
    ["override", "A stop cannot be overridden: a review does not restart IL-2. Confirm the stop, or discontinue IL-2."],
    ["stop", "IL-2 is already stopped by this event. Confirm the stop, or discontinue IL-2."],
  ] as const)("%s of a stopped event: RULE_BLOCKED with a sentence", async (outcome, message) => {
    const { course, event } = await heldDose({ kind: "stopped" });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome, reason: "r", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message });
    await expectRefusedCleanly(course, event.id, "RULE_BLOCKED", attending.id);
  });

  test("override after a later dose event: RULE_BLOCKED, the hold can no longer be overridden", async () => {
    const { course, event } = await heldDose();
    await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 0.1, criteria: ["urine-output-low"] });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "override", reason: "r", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: "A later dose event has been recorded since this hold: an override can no longer allow this dose." });
    expect(await clinicalState(course.id, event.id)).toEqual({ reviews: 0, events: 2, status: "active", version: course.version });
    expect((await auditFor(event.id)).map((a) => [a.outcome, (a.details as { code: string }).code])).toEqual([["denied", "RULE_BLOCKED"]]);
  });

  test.each([
    ["stop", "The rules said STOP for this hold: IL-2 must be stopped or discontinued; it cannot be confirmed as a hold or overridden."],
    ["incomplete", "An override can only allow a dose held for hold-tier criteria; the engine's decision for this event was “Cannot decide: data missing or stale”."],
    ["give", "No override is needed: the engine said give for this assessment, so the nurse can record the dose without one."],
  ] as const)("override of a hold whose engine decision was %s: RULE_BLOCKED", async (engineDecision, message) => {
    const { course, event } = await heldDose();
    await prisma.doseEvent.update({ where: { id: event.id }, data: { engineDecision } });
    await signedInBrowser(attending);
    const out = await review({ doseEventId: event.id, outcome: "override", reason: "r", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message });
    await expectRefusedCleanly(course, event.id, "RULE_BLOCKED", attending.id);
  });
});

describe("the review queue", () => {
  test("lists unreviewed holds, stops and judgment-flagged doses on the user's units, oldest first, with both rule sets side by side", async () => {
    const unit = (await makeUnit()).id;
    const doctor = await makeUser("attending", [unit]);
    const session: CurrentSession = { sessionId: randomUUID(), user: { id: doctor.id, email: doctor.email, name: doctor.name, role: "attending", unitIds: [unit] } };
    const patient = await makePatient(unit);
    const course = await makeCourse(patient.id, { orderedById: doctor.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20 });
    const a1 = await makeAssessment(course.id, nurse.id, { minutesAgo: 11 * 60 + 30, labsMinutesAgo: 12 * 60, values: LOW_URINE });
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 11, criteria: ["urine-output-low"], assessmentId: a1.id });
    const judged = await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: 9 });
    await prisma.doseEvent.update({
      where: { id: judged.id },
      data: { decisionSnapshot: { ok: true, result: { needsAttendingReview: true, findings: [{ criterion: "infection", judgment: true }] } } },
    });
    await makeDoseEvent(course.id, nurse.id, { sequence: 3, kind: "given", hoursAgo: 5 }); // plain give: not in the queue
    const reviewed = await makeDoseEvent(course.id, nurse.id, { sequence: 4, kind: "held", hoursAgo: 3 });
    await prisma.holdReview.create({
      data: { doseEventId: reviewed.id, attendingId: doctor.id, outcome: "confirm", signatureMeaning: "Reviewed: hold confirmed", signedAt: new Date() },
    });
    const stopped = await makeDoseEvent(course.id, nurse.id, { sequence: 5, kind: "stopped", hoursAgo: 1 });
    const elsewhere = await heldDose({ unitId: unitB }); // another unit: never listed

    const queue = await listReviewQueue(session.user.unitIds);
    expect(queue.map((i) => [i.event.id, i.subject])).toEqual([
      [held.id, "held"],
      [judged.id, "given-judgment"],
      [stopped.id, "stopped"],
    ]);
    expect(queue.some((i) => i.event.id === elsewhere.event.id)).toBe(false);
    const first = queue[0]!;
    expect(first.assessmentState).toBe("active");
    expect(first.decisionAtTheTime?.decision).toBe("hold");
    expect(first.comparison?.["til-adjunct"].decision).toBe("hold");
    expect(first.comparison?.monotherapy.decision).toBe("give");
    expect(first.comparison?.differences.map((d) => [d.criterion, d.tilAdjunct, d.monotherapy])).toEqual([["urine-output-low", "hold", null]]);
    expect(queue[1]!.judgmentCriteria).toEqual(["infection"]);
    expect(queue[1]!.assessmentState).toBe("none");
    expect(queue[1]!.comparison).toBeNull();
  });

  test("after a stop review, neither the reviewed hold nor the stopped event the review wrote waits for review", async () => {
    const unit = (await makeUnit()).id;
    const doctor = await makeUser("attending", [unit]);
    const session: CurrentSession = { sessionId: randomUUID(), user: { id: doctor.id, email: doctor.email, name: doctor.name, role: "attending", unitIds: [unit] } };
    const { event } = await heldDose({ unitId: unit });
    expect((await listReviewQueue(session.user.unitIds)).map((i) => i.event.id)).toEqual([event.id]);
    await signedInBrowser(doctor);
    expect((await review({ doseEventId: event.id, outcome: "stop", password: PASSWORD })).ok).toBe(true);
    expect(await listReviewQueue(session.user.unitIds)).toEqual([]);
  });
});
