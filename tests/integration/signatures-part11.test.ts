// Issue 12 item 7 (docs/decisions/055-signatures-part-11.md), against the real PostgreSQL:
// - the first signature of a session asks for the user id, decided by the server; a wrong id counts like a wrong password;
// - signatures are checked and counted under the signer's row lock in their own transaction BEFORE the action, so
//   parallel wrong signatures are each counted and none is checked once the account is slowed; a locked account
//   cannot sign with the right password;
// - the blind witness double-check of a given dose; signed stop reviews, confirmations and pharmacist sign-offs;
//   the administrator's re-entry of their own password.
import { describe, expect, test, beforeAll } from "vitest";
import { asBrowser, formOf, signedInBrowser, together } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { authConfig } from "@/lib/auth/config";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { verifyOrderAction } from "@/lib/actions/verify-order";
import { verifyCountsAction } from "@/lib/actions/verify-counts";
import { resetPasswordAction } from "@/lib/actions/reset-password";
import { updateUserAction } from "@/lib/actions/update-user";
import { setUserActiveAction } from "@/lib/actions/set-user-active";
import { createUserAction } from "@/lib/actions/create-user";
import { USER_ID_NEEDED, WITNESS_TEMPORARY_PASSWORD, WRONG_SIGNATURE, WRONG_SIGNATURE_ID, WRONG_WITNESS } from "@/lib/auth/signature";
import { VERIFY_ORDER_MEANING, WITNESS_MEANING, WITNESS_MISMATCH } from "@/lib/domain/signature";

const PASSWORD = "correct horse battery";
type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let otherUnitId: string;
let nurse: User;
let nurse2: User;
let attending: User;
let pharmacist: User;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  otherUnitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  nurse2 = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});

async function mistakenDose(by: User) {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: by.id, verifiedById: by.id, anchorHoursFromNow: -30 });
  return makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
}
const correct = (entityId: string, extra: Record<string, string>) =>
  markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId, reason: "Documented on the wrong patient", ...extra }));
const userRow = (id: string) => prisma.user.findUniqueOrThrow({ where: { id } });
const sessionOf = (userId: string) => prisma.session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } });
const deniedRows = (action: string, actorId: string) => prisma.auditEvent.findMany({ where: { action, actorId, outcome: "denied" }, orderBy: { id: "asc" } });

describe("the first signature of a session asks for the user id (Part 11 §11.200(a)(1))", () => {
  test("password only → refused, asking for the id, nothing counted or recorded; a wrong id counts; the right id in any case signs; then the password alone", async () => {
    const signer = await makeUser("attending", [unitId]);
    const [a, b] = [await mistakenDose(signer), await mistakenDose(signer)];
    await signedInBrowser(signer, { firstSignature: "due" });

    const stale = await correct(a.id, { password: PASSWORD });
    expect(stale).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: USER_ID_NEEDED, fieldErrors: { signatureUserId: [USER_ID_NEEDED] } });
    expect((await userRow(signer.id)).failedSignInCount).toBe(0);
    expect((await sessionOf(signer.id)).firstSignedAt).toBeNull();

    const wrongId = await correct(a.id, { password: PASSWORD, signatureUserId: attending.email });
    expect(wrongId).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: WRONG_SIGNATURE_ID });
    expect((await userRow(signer.id)).failedSignInCount).toBe(1);

    expect(await correct(a.id, { password: PASSWORD, signatureUserId: `  ${signer.email.toUpperCase()} ` })).toEqual({ ok: true, data: { id: a.id } });
    expect((await userRow(signer.id)).failedSignInCount).toBe(0);
    expect((await sessionOf(signer.id)).firstSignedAt).not.toBeNull();

    // later signatures in the same session: the password alone
    expect(await correct(b.id, { password: PASSWORD })).toEqual({ ok: true, data: { id: b.id } });
    const denied = await deniedRows("mark-entered-in-error", signer.id);
    expect(denied.map((r) => [(r.details as { signature?: string }).signature, (r.details as { wrong?: string }).wrong ?? null])).toEqual([
      ["user-id-missing", null],
      ["wrong-password", "user-id"],
    ]);
    // one denied row per refusal: the signature's own transaction wrote it, the pipeline did not write another
    expect(await prisma.auditEvent.count({ where: { action: "mark-entered-in-error", actorId: signer.id } })).toBe(4);
  });

  test("a signed action refused by its own rules does not count as the session's first signature", async () => {
    const signer = await makeUser("attending", [unitId]);
    const dose = await mistakenDose(signer);
    await prisma.doseEvent.update({ where: { id: dose.id }, data: { status: "entered_in_error" } });
    await signedInBrowser(signer, { firstSignature: "due" });
    expect(await correct(dose.id, { password: PASSWORD, signatureUserId: signer.email })).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await sessionOf(signer.id)).firstSignedAt).toBeNull();
  });
});

describe("signature failures are counted under a lock before the action runs", () => {
  test(`${authConfig.slowAfterFailures} simultaneous wrong signatures are each counted, one after another`, async () => {
    const signer = await makeUser("attending", [unitId]);
    const doses = await Promise.all(Array.from({ length: authConfig.slowAfterFailures }, () => mistakenDose(signer)));
    freezeClock();
    const browser = await signedInBrowser(signer);
    const results = await together(doses.map((d, i) => ({ browser, run: () => correct(d.id, { password: `wrong ${i}` }) })));
    expect(results.every((r) => !r.ok && r.code === "UNAUTHENTICATED")).toBe(true);
    const counted = (await deniedRows("mark-entered-in-error", signer.id)).map((r) => (r.details as { failedInARow?: number }).failedInARow);
    expect(counted).toEqual(Array.from({ length: authConfig.slowAfterFailures }, (_, i) => i + 1));
    const after = await userRow(signer.id);
    expect(after.failedSignInCount).toBe(authConfig.slowAfterFailures);
    expect(after.lockedUntil).not.toBeNull();
  });

  test("8 simultaneous wrong signatures: only as many are checked as the rules allow before the slow-down; the rest are refused unchecked", async () => {
    const signer = await makeUser("attending", [unitId]);
    const doses = await Promise.all(Array.from({ length: 8 }, () => mistakenDose(signer)));
    freezeClock();
    const browser = await signedInBrowser(signer);
    const results = await together(doses.map((d, i) => ({ browser, run: () => correct(d.id, { password: `wrong ${i}` }) })));
    expect(results.every((r) => !r.ok && r.code === "UNAUTHENTICATED")).toBe(true);
    const kinds = (await deniedRows("mark-entered-in-error", signer.id)).map((r) => (r.details as { signature?: string }).signature);
    // without the row lock before the action, every one of the 8 would have been checked against the password
    expect(kinds.filter((k) => k === "wrong-password")).toHaveLength(authConfig.slowAfterFailures);
    expect(kinds.filter((k) => k === "throttled")).toHaveLength(8 - authConfig.slowAfterFailures);
    expect(await prisma.doseEvent.count({ where: { id: { in: doses.map((d) => d.id) }, status: "active" } })).toBe(8);
  });

  test("a locked account cannot sign, even with the right password; nothing recorded", async () => {
    const signer = await makeUser("attending", [unitId]);
    const dose = await mistakenDose(signer);
    const t0 = freezeClock();
    await prisma.user.update({ where: { id: signer.id }, data: { lockedUntil: new Date(t0.getTime() + authConfig.lockMinutes * 60_000) } });
    await signedInBrowser(signer);
    const out = await correct(dose.id, { password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: expect.stringMatching(/^Too many wrong passwords: this account is locked until \d\d:\d\d, so it cannot sign\./) });
    expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: dose.id } })).status).toBe("active");
  });
});

describe("the blind witness double-check of a given dose", () => {
  // a verified TIL course, cells ended 4 h ago, a current normal assessment: the engine says give 48,000,000 IU = 2.67 mL
  async function ready() {
    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -4 });
    const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 10 });
    return { course, assessment };
  }
  const give = (courseId: string, assessmentId: string, witness: Record<string, string | number>) =>
    recordDoseAction(null, formOf({ courseId, assessmentId, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: nurse2.id, ...witness }));
  const witnessOk = () => ({ witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: nurse2.email, witnessPassword: PASSWORD });

  test("a wrong dose figure is refused in words that reveal no figure; nothing recorded, one denied row", async () => {
    const { course, assessment } = await ready();
    freezeClock();
    await signedInBrowser(nurse);
    for (const wrong of [{ witnessDoseIu: 4_800_000 }, { witnessDoseMl: "2.66" }]) {
      const out = await give(course.id, assessment.id, { ...witnessOk(), ...wrong });
      expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: WITNESS_MISMATCH });
      expect(JSON.stringify(out)).not.toMatch(/48,000,000|2\.67 mL/);
    }
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
    const rows = await prisma.auditEvent.findMany({ where: { action: "dose-record", actorId: nurse.id, details: { path: ["witnessCheck"], equals: "mismatch" } } });
    expect(rows.map((r) => r.outcome)).toEqual(["denied", "denied"]);
  });

  test("the witness's wrong password or user id counts on this witness-and-recorder pair, never on either's own signature counter", async () => {
    const witness = await makeUser("nurse", [unitId]);
    const { course, assessment } = await ready();
    await signedInBrowser(nurse);
    const byWrongPassword = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: witness.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: witness.email, witnessPassword: "not theirs" }));
    expect(byWrongPassword).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: WRONG_WITNESS, fieldErrors: { witnessPassword: [WRONG_WITNESS] } });
    const byWrongId = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: witness.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: nurse.email, witnessPassword: PASSWORD }));
    expect(byWrongId).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((await prisma.signInCounter.findUniqueOrThrow({ where: { key: `witness:${witness.id}:${nurse.id}` } })).failures).toBe(2);
    expect((await userRow(witness.id)).failedSignInCount).toBe(0);
    expect((await userRow(nurse.id)).failedSignInCount).toBe(0);
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a colleague naming an attending as witness with wrong passwords cannot lock her out of signing or signing in (review finding H1)", async () => {
    const target = await makeUser("attending", [unitId]);
    const { course, assessment } = await ready();
    const t0 = freezeClock();
    await signedInBrowser(nurse);
    const wrong = () => recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: target.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: target.email, witnessPassword: "guess" }));
    for (let i = 0; i < authConfig.maxFailedSignIns + 2; i++) {
      expect(await wrong()).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
      freezeClock(new Date(t0.getTime() + (i + 1) * 60_000)); // past each slow-down
    }
    // the last attempts were refused unchecked: this nurse may not name this witness for the pause
    expect(await wrong()).toMatchObject({ ok: false, message: expect.stringMatching(/Too many wrong passwords for this witness/) });
    const row = await userRow(target.id);
    expect(row.lockedUntil).toBeNull();
    expect(row.failedSignInCount).toBe(0);
    // the attending still signs in her own session (a confirmation of a hold)…
    const other = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -10 });
    const low = await makeAssessment(other.id, nurse.id, { minutesAgo: 30, values: { urineOutputMl: 300, urineOutputHours: 8 } });
    const held = await makeDoseEvent(other.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: low.id });
    await signedInBrowser(target);
    expect(await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "confirm", password: PASSWORD }))).toMatchObject({ ok: true });
    // …and another colleague may still name her as witness
    await signedInBrowser(nurse2);
    const fine = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: target.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: target.email, witnessPassword: "still a guess" }));
    expect(fine).toMatchObject({ ok: false, message: WRONG_WITNESS });
  });

  test("a witness whose password is still the administrator's temporary one cannot witness (§11.300; review finding M1)", async () => {
    const witness = await makeUser("nurse", [unitId]);
    await prisma.user.update({ where: { id: witness.id }, data: { mustChangePassword: true } });
    const { course, assessment } = await ready();
    await signedInBrowser(nurse);
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: witness.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: witness.email, witnessPassword: PASSWORD }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: WITNESS_TEMPORARY_PASSWORD });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a witness of another unit, or the recorder themself, is refused before anyone's password is checked", async () => {
    const stranger = await makeUser("nurse", [otherUnitId]);
    const { course, assessment } = await ready();
    await signedInBrowser(nurse);
    for (const w of [stranger, nurse]) {
      const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: 1, doseIu: 48_000_000, witnessId: w.id, witnessDoseIu: 48_000_000, witnessDoseMl: "2.67", witnessUserId: w.email, witnessPassword: "wrong" }));
      expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { witnessId: ["The witness must be another nurse or attending of this unit."] } });
      expect((await userRow(w.id)).failedSignInCount).toBe(0);
    }
  });

  test("the right figures and the witness's own signature record the dose with the witness manifestation", async () => {
    const { course, assessment } = await ready();
    const t0 = freezeClock();
    await signedInBrowser(nurse);
    const out = await give(course.id, assessment.id, { ...witnessOk(), witnessDoseMl: "2.670", witnessUserId: nurse2.email.toUpperCase() });
    expect(out).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { witnessDoseMl: [expect.stringMatching(/2 decimals/)] } });
    expect(await give(course.id, assessment.id, { ...witnessOk(), witnessUserId: nurse2.email.toUpperCase() })).toMatchObject({ ok: true });
    const [event] = await prisma.doseEvent.findMany({ where: { courseId: course.id } });
    expect(event).toMatchObject({ witnessId: nurse2.id, witnessSignedAt: t0, witnessMeaning: WITNESS_MEANING, doseIu: 48_000_000 });
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { entityId: event!.id, outcome: "success" } });
    expect(audit.details).toMatchObject({ witness: { signer: nurse2.name, meaning: WITNESS_MEANING, signedAt: t0.toISOString() } });
  });
});

describe("stop and confirm reviews and pharmacist sign-offs carry a signature with a meaning", () => {
  test("a confirm or a stop without a password is refused; with it, the review stores the signer, time and meaning", async () => {
    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -10 });
    const assessment = await makeAssessment(course.id, nurse.id, { minutesAgo: 30, values: { urineOutputMl: 300, urineOutputHours: 8 } });
    const held = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: assessment.id });
    await signedInBrowser(attending);
    for (const outcome of ["confirm", "stop"]) {
      expect(await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome }))).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { password: [expect.stringMatching(/Re-enter your password/)] } });
    }
    expect(await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "confirm", password: "wrong" }))).toMatchObject({ ok: false, message: WRONG_SIGNATURE });
    const t0 = freezeClock();
    expect(await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "confirm", password: PASSWORD }))).toMatchObject({ ok: true });
    expect(await prisma.holdReview.findFirstOrThrow({ where: { doseEventId: held.id } })).toMatchObject({ attendingId: attending.id, signedAt: t0, signatureMeaning: "Reviewed: hold confirmed" });
  });

  test("the pharmacist's order verification and count sign-off are signed: name, time and meaning on the record", async () => {
    const ordered = await makeCourse((await makePatient(unitId)).id, { status: "ordered", dosingWeightKg: 80, orderedById: attending.id });
    await signedInBrowser(pharmacist);
    const form = { courseId: ordered.id, dosingWeightKg: "80", doseIu: "48000000" };
    expect(await verifyOrderAction(null, formOf(form))).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { password: [expect.any(String)] } });
    expect(await verifyOrderAction(null, formOf({ ...form, password: "wrong" }))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: ordered.id } })).status).toBe("ordered");
    const t0 = freezeClock();
    expect(await verifyOrderAction(null, formOf({ ...form, password: PASSWORD }))).toMatchObject({ ok: true });
    expect(await prisma.course.findUniqueOrThrow({ where: { id: ordered.id } })).toMatchObject({ weightVerifiedById: pharmacist.id, weightVerifiedAt: t0, weightVerificationMeaning: VERIFY_ORDER_MEANING });

    const active = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20 });
    await makeDoseEvent(active.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 16.9 });
    const counts = { courseId: active.id, lastEventSequence: "1", enteredInErrorCount: "0" };
    expect(await verifyCountsAction(null, formOf(counts))).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await verifyCountsAction(null, formOf({ ...counts, password: PASSWORD }))).toMatchObject({ ok: true });
    expect(await prisma.doseCountVerification.findFirstOrThrow({ where: { courseId: active.id } })).toMatchObject({
      pharmacistId: pharmacist.id,
      signatureMeaning: "Pharmacist sign-off: dose counts checked through event 1, they match",
    });
  });
});

describe("the administrator re-enters their own password", () => {
  test("to reset a password, create an account, deactivate one, and give or remove the administrator role; not for other changes", async () => {
    const admin = await makeUser("admin", [unitId]);
    const target = await makeUser("nurse", [unitId]);
    const browser = await signedInBrowser(admin);
    const as = <T>(call: () => Promise<T>) => asBrowser(browser, call);
    for (const call of [
      () => resetPasswordAction(null, formOf({ userId: target.id })),
      () => setUserActiveAction(null, formOf({ userId: target.id, active: "no" })),
      () => updateUserAction(null, formOf({ userId: target.id, role: "admin", unitIds: [unitId] })),
      () => createUserAction(null, formOf({ name: "Nobody Yet", email: `nobody-${target.id.slice(0, 8)}@test.bolus`, role: "nurse", unitIds: [unitId] })),
    ]) {
      expect(await as(call)).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { password: [expect.stringMatching(/own password/)] } });
    }
    expect(await as(() => resetPasswordAction(null, formOf({ userId: target.id, password: "wrong" })))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect((await userRow(admin.id)).failedSignInCount).toBe(1);
    expect((await userRow(target.id)).mustChangePassword).toBe(false);

    // a change that touches no administrator role needs no password
    expect(await as(() => updateUserAction(null, formOf({ userId: target.id, role: "attending", unitIds: [unitId] })))).toEqual({ ok: true, data: { userId: target.id } });
    expect(await as(() => updateUserAction(null, formOf({ userId: target.id, role: "admin", unitIds: [unitId], password: PASSWORD })))).toEqual({ ok: true, data: { userId: target.id } });
    // removing it again: signed as well
    expect(await as(() => updateUserAction(null, formOf({ userId: target.id, role: "nurse", unitIds: [unitId] })))).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await as(() => updateUserAction(null, formOf({ userId: target.id, role: "nurse", unitIds: [unitId], password: PASSWORD })))).toMatchObject({ ok: true });
    const rows = await prisma.auditEvent.findMany({ where: { action: "user-update", entityId: target.id, outcome: "success" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => (r.details as { signature?: { meaning: string } }).signature?.meaning ?? null)).toEqual([
      null,
      `Administrator: gave ${target.name} the administrator role`,
      `Administrator: removed the administrator role from ${target.name}`,
    ]);
  });
});
