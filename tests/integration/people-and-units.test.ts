// Issue 11, item 2: the administrator creates accounts and units, deactivates and reactivates, resets passwords,
// unlocks, changes roles, units, names and time zones. Every change and every refusal leaves its audit row in the
// same transaction; nothing is deleted; deactivation and reset end the user's sessions at once.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { asBrowser, formOf, signedInBrowser, together, type Browser } from "./support/request-context";
import { makeUnit, makeUser, uid } from "./support/factories";
import { now } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { SESSION_COOKIE } from "@/lib/auth/config";
import { lookupSession } from "@/lib/auth/session";
import { verifyPassword } from "@/lib/auth/password";
import { createUserAction } from "@/lib/actions/create-user";
import { setUserActiveAction } from "@/lib/actions/set-user-active";
import { resetPasswordAction } from "@/lib/actions/reset-password";
import { unlockUserAction } from "@/lib/actions/unlock-user";
import { updateUserAction } from "@/lib/actions/update-user";
import { createUnitAction } from "@/lib/actions/create-unit";
import { updateUnitAction } from "@/lib/actions/update-unit";
import { listUnits, listUsers } from "@/lib/db/queries/admin";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";

type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let otherUnitId: string;
let admin: User;

beforeAll(async () => {
  unitId = (await makeUnit(undefined, "Europe/Berlin")).id;
  otherUnitId = (await makeUnit()).id;
  admin = await makeUser("admin", []);
});

async function auditRows(action: string, since: bigint) {
  return prisma.auditEvent.findMany({ where: { action, id: { gt: since } }, orderBy: { id: "asc" } });
}
async function mark(): Promise<bigint> {
  return (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}
const tokenOf = (b: Browser) => b.cookie(SESSION_COOKIE)!.value;
const asAdmin = () => signedInBrowser(admin);

describe("create a user", () => {
  test("a nurse with a unit: a temporary password shown once, to be changed at first sign-in; audited without it", async () => {
    await asAdmin();
    const since = await mark();
    const email = `New.Nurse-${uid()}@Hospital.org`;
    const out = await createUserAction(null, formOf({ password: "correct horse battery", name: "Nina Newcomer", email, role: "nurse", unitIds: [unitId] }));
    expect(out).toMatchObject({ ok: true, data: { email: email.toLowerCase(), name: "Nina Newcomer" } });
    if (!out.ok) return;
    const user = await prisma.user.findUniqueOrThrow({ where: { id: out.data.userId }, include: { assignments: true } });
    expect(user).toMatchObject({ role: "nurse", active: true, mustChangePassword: true, email: email.toLowerCase() });
    expect(user.assignments.map((a) => a.unitId)).toEqual([unitId]);
    expect(await verifyPassword(user.passwordHash, out.data.temporaryPassword)).toBe(true);
    const rows = await auditRows("user-create", since);
    expect(rows.map((r) => [r.outcome, r.actorId, r.entityType, r.entityId])).toEqual([["success", admin.id, "User", user.id]]);
    expect(rows[0]!.details).toEqual({ email: email.toLowerCase(), name: "Nina Newcomer", role: "nurse", unitIds: [unitId], mustChangePassword: true, signature: { signer: expect.any(String), meaning: "Administrator: created the account of Nina Newcomer (nurse)", signedAt: expect.any(String) } });
    expect(JSON.stringify(rows[0]!.details)).not.toContain(out.data.temporaryPassword);
  });

  test("an e-mail already in use (in any case): CONFLICT on the field, no second account, a denied row", async () => {
    const existing = await makeUser("nurse", [unitId]);
    await asAdmin();
    const since = await mark();
    const out = await createUserAction(null, formOf({ password: "correct horse battery", name: "Twin", email: existing.email.toUpperCase(), role: "nurse", unitIds: [unitId] }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { email: [expect.stringMatching(/already exists/)] } });
    expect(await prisma.user.count({ where: { email: existing.email } })).toBe(1);
    expect((await auditRows("user-create", since)).map((r) => [r.outcome, (r.details as { code: string }).code])).toEqual([["denied", "CONFLICT"]]);
  });

  test("a clinician without a unit, or a unit that does not exist: VALIDATION, no account", async () => {
    await asAdmin();
    const email = `x-${uid()}@hospital.org`;
    expect(await createUserAction(null, formOf({ password: "correct horse battery", name: "No Unit", email, role: "attending" }))).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { unitIds: [expect.stringMatching(/at least one unit/)] } });
    expect(await createUserAction(null, formOf({ password: "correct horse battery", name: "Ghost Unit", email, role: "attending", unitIds: [randomUUID()] }))).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { unitIds: ["Choose units from the list."] } });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });
});

describe("deactivate and reactivate", () => {
  test("deactivation ends every open session at once: the next request through the real session check fails", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const tab1 = await signedInBrowser(nurse);
    const tab2 = await signedInBrowser(nurse);
    expect((await lookupSession(tokenOf(tab1), now())).state).toBe("valid");
    const adminBrowser = await asAdmin();
    const since = await mark();
    const out = await asBrowser(adminBrowser, () => setUserActiveAction(null, formOf({ password: "correct horse battery", userId: nurse.id, active: "no" })));
    expect(out).toEqual({ ok: true, data: { userId: nurse.id, active: false, sessionsEnded: 2 } });

    const sessions = await prisma.session.findMany({ where: { userId: nurse.id } });
    expect(sessions.map((s) => s.endReason)).toEqual(["user-deactivated", "user-deactivated"]);
    for (const tab of [tab1, tab2]) expect(await lookupSession(tokenOf(tab), now())).toMatchObject({ state: "expired", reason: "ended" });
    // the nurse's next action is refused as a session that has ended
    const refused = await asBrowser(tab1, () => recordAssessmentAction(null, formOf({ courseId: randomUUID() })));
    expect(refused).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." });
    expect((await auditRows("user-set-active", since)).map((r) => [r.outcome, r.entityId, r.details])).toEqual([
      ["success", nurse.id, { email: nurse.email, active: false, sessionsEnded: 2, signature: { signer: expect.any(String), meaning: `Administrator: deactivated the account of ${nurse.name}`, signedAt: expect.any(String) } }],
    ]);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).toMatchObject({ active: false }); // kept, not deleted

    const back = await asBrowser(adminBrowser, () => setUserActiveAction(null, formOf({ password: "correct horse battery", userId: nurse.id, active: "yes" })));
    expect(back).toEqual({ ok: true, data: { userId: nurse.id, active: true, sessionsEnded: 0 } });
    // the ended sessions stay ended: the nurse signs in again
    expect(await lookupSession(tokenOf(tab2), now())).toMatchObject({ state: "expired", reason: "ended" });
  });

  test("production without BOLUS_DEMO: a demo-domain account is neither created nor reactivated (its password is published; review)", async () => {
    expect(process.env.DATABASE_URL).toBeTruthy(); // production mode, as a hospital server
    const saved = process.env.BOLUS_DEMO;
    delete process.env.BOLUS_DEMO;
    try {
      await asAdmin();
      const since = await mark();
      const gone = await prisma.user.create({ data: { email: `nurse-${uid()}@bolus.demo`, name: "Old Demo", role: "nurse", passwordHash: "x", active: false } });
      expect(await setUserActiveAction(null, formOf({ password: "correct horse battery", userId: gone.id, active: "yes" }))).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: expect.stringMatching(/demo account .*cannot be created or reactivated/) });
      expect((await prisma.user.findUniqueOrThrow({ where: { id: gone.id } })).active).toBe(false);
      const email = `attending-${uid()}@BOLUS.demo`;
      expect(await createUserAction(null, formOf({ password: "correct horse battery", name: "New Demo", email, role: "attending", unitIds: [unitId] }))).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
      expect(await prisma.user.count({ where: { email: email.toLowerCase() } })).toBe(0);
      expect((await auditRows("user-set-active", since)).map((r) => r.outcome)).toEqual(["denied"]);
      expect((await auditRows("user-create", since)).map((r) => r.outcome)).toEqual(["denied"]);
      // with BOLUS_DEMO=1 (a demonstration server) the same reactivation is allowed
      process.env.BOLUS_DEMO = "1";
      expect(await setUserActiveAction(null, formOf({ password: "correct horse battery", userId: gone.id, active: "yes" }))).toMatchObject({ ok: true });
    } finally {
      if (saved === undefined) delete process.env.BOLUS_DEMO;
      else process.env.BOLUS_DEMO = saved;
    }
  });

  test("an administrator cannot deactivate themself; deactivating an inactive user again is a CONFLICT", async () => {
    const b = await asAdmin();
    const since = await mark();
    expect(await setUserActiveAction(null, formOf({ password: "correct horse battery", userId: admin.id, active: "no" }))).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: expect.stringMatching(/your own account/) });
    expect(await lookupSession(tokenOf(b), now())).toMatchObject({ state: "valid" });
    const gone = await makeUser("pharmacist", [unitId], undefined, { active: false });
    expect(await setUserActiveAction(null, formOf({ password: "correct horse battery", userId: gone.id, active: "no" }))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await setUserActiveAction(null, formOf({ password: "correct horse battery", userId: randomUUID(), active: "no" }))).toMatchObject({ ok: false, code: "NOT_FOUND", message: "That user was not found." });
    expect((await auditRows("user-set-active", since)).map((r) => [r.outcome, (r.details as { code: string }).code])).toEqual([
      ["denied", "RULE_BLOCKED"], ["denied", "CONFLICT"], ["denied", "NOT_FOUND"],
    ]);
  });

  test("two administrators deactivating each other at the same moment: one wins, the last active administrator stays", async () => {
    // only these two are active administrators (others of this worker's database are switched off for the test)
    const a = await makeUser("admin", []);
    const b = await makeUser("admin", []);
    const others = await prisma.user.findMany({ where: { role: "admin", active: true, id: { notIn: [a.id, b.id] } }, select: { id: true } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      const [ba, bb] = [await signedInBrowser(a), await signedInBrowser(b)];
      const results = await together([
        { browser: ba, run: () => setUserActiveAction(null, formOf({ password: "correct horse battery", userId: b.id, active: "no" })) },
        { browser: bb, run: () => setUserActiveAction(null, formOf({ password: "correct horse battery", userId: a.id, active: "no" })) },
      ]);
      expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
      expect(results.find((r) => !r.ok)).toMatchObject({ code: "RULE_BLOCKED", message: expect.stringMatching(/last active administrator/) });
      expect(await prisma.user.count({ where: { id: { in: [a.id, b.id] }, active: true } })).toBe(1);
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
  });
});

describe("reset a password", () => {
  test("a new temporary password, change forced, sessions ended, a lock lifted; the old password no longer works", async () => {
    const user = await makeUser("attending", [unitId]);
    await prisma.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: new Date(now().getTime() + 10 * 60_000) } });
    const tab = await signedInBrowser(user);
    await asAdmin();
    const since = await mark();
    const out = await resetPasswordAction(null, formOf({ password: "correct horse battery", userId: user.id }));
    expect(out).toMatchObject({ ok: true, data: { userId: user.id, email: user.email } });
    if (!out.ok) return;
    const after = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after).toMatchObject({ mustChangePassword: true, lockedUntil: null, failedSignInCount: 0 });
    expect(await verifyPassword(after.passwordHash, out.data.temporaryPassword)).toBe(true);
    expect(await verifyPassword(after.passwordHash, "correct horse battery")).toBe(false);
    expect(await lookupSession(tokenOf(tab), now())).toMatchObject({ state: "expired", reason: "ended" });
    expect((await prisma.session.findFirstOrThrow({ where: { userId: user.id } })).endReason).toBe("password-reset");
    const rows = await auditRows("user-reset-password", since);
    expect(rows.map((r) => [r.outcome, r.entityId, r.details])).toEqual([["success", user.id, { email: user.email, mustChangePassword: true, sessionsEnded: 1, unlocked: true, signature: { signer: expect.any(String), meaning: `Administrator: reset the password of ${user.name}`, signedAt: expect.any(String) } }]]);
    expect(JSON.stringify(rows.map((r) => r.details))).not.toContain(out.data.temporaryPassword);
  });

  test("not one's own password (that is the account page), not a user who does not exist", async () => {
    await asAdmin();
    const since = await mark();
    expect(await resetPasswordAction(null, formOf({ password: "correct horse battery", userId: admin.id }))).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(await resetPasswordAction(null, formOf({ password: "correct horse battery", userId: "not-a-uuid" }))).toMatchObject({ ok: false, code: "VALIDATION" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).mustChangePassword).toBe(false);
    expect((await auditRows("user-reset-password", since)).map((r) => r.outcome)).toEqual(["denied", "denied"]);
  });
});

describe("unlock an account", () => {
  test("a locked account: count and lock cleared, audited with the lock it lifted", async () => {
    const user = await makeUser("nurse", [unitId]);
    const until = new Date(now().getTime() + 15 * 60_000);
    await prisma.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: until } });
    expect((await listUsers(now())).find((u) => u.id === user.id)?.lockedUntil).toEqual(until);
    await asAdmin();
    const since = await mark();
    expect(await unlockUserAction(null, formOf({ userId: user.id }))).toEqual({ ok: true, data: { userId: user.id } });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignInCount: 0, lockedUntil: null });
    expect((await auditRows("user-unlock", since)).map((r) => [r.outcome, r.details])).toEqual([["success", { email: user.email, lockedUntil: until.toISOString(), failedSignInCount: 0 }]]);
    // a second unlock has nothing to lift
    expect(await unlockUserAction(null, formOf({ userId: user.id }))).toMatchObject({ ok: false, code: "CONFLICT" });
    expect((await auditRows("user-unlock", since)).map((r) => r.outcome)).toEqual(["success", "denied"]);
  });
});

describe("change a user's role and units", () => {
  test("a nurse becomes a pharmacist on two units: audited from → to; her session sees it at its next request", async () => {
    const user = await makeUser("nurse", [unitId]);
    const tab = await signedInBrowser(user);
    await asAdmin();
    const since = await mark();
    expect(await updateUserAction(null, formOf({ password: "correct horse battery", userId: user.id, role: "pharmacist", unitIds: [unitId, otherUnitId] }))).toEqual({ ok: true, data: { userId: user.id } });
    const seen = await lookupSession(tokenOf(tab), now());
    expect(seen.state === "valid" && { role: seen.session.user.role, units: [...seen.session.user.unitIds].sort() }).toEqual({ role: "pharmacist", units: [unitId, otherUnitId].sort() });
    expect((await auditRows("user-update", since)).map((r) => r.details)).toEqual([
      { email: user.email, from: { role: "nurse", unitIds: [unitId] }, to: { role: "pharmacist", unitIds: [unitId, otherUnitId].sort() } },
    ]);
  });

  test("an administrator changes their own units (not their own role): audited; the session sees the units at its next request", async () => {
    const self = await makeUser("admin", [unitId]);
    const tab = await signedInBrowser(self);
    const since = await mark();
    expect(await updateUserAction(null, formOf({ password: "correct horse battery", userId: self.id, role: "admin", unitIds: [unitId, otherUnitId] }))).toEqual({ ok: true, data: { userId: self.id } });
    const seen = await lookupSession(tokenOf(tab), now());
    expect(seen.state === "valid" && [...seen.session.user.unitIds].sort()).toEqual([unitId, otherUnitId].sort());
    expect(await updateUserAction(null, formOf({ password: "correct horse battery", userId: self.id, role: "admin", unitIds: [] }))).toEqual({ ok: true, data: { userId: self.id } });
    expect(await prisma.unitAssignment.count({ where: { userId: self.id } })).toBe(0);
    expect(await updateUserAction(null, formOf({ password: "correct horse battery", userId: self.id, role: "attending", unitIds: [unitId] }))).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: self.id } })).role).toBe("admin");
    expect((await auditRows("user-update", since)).map((r) => [r.outcome, r.actorId, r.entityId])).toEqual([
      ["success", self.id, self.id], ["success", self.id, self.id], ["denied", self.id, self.id],
    ]);
  });

  test("an administrator cannot take the role from themself", async () => {
    await asAdmin();
    expect(await updateUserAction(null, formOf({ password: "correct horse battery", userId: admin.id, role: "nurse", unitIds: [unitId] }))).toMatchObject({ ok: false, code: "RULE_BLOCKED", fieldErrors: { role: [expect.stringMatching(/own account/)] } });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
  });
});

describe("units", () => {
  test("create a unit: name and IANA zone, the creating administrator assigned to it, audited; a second unit of the same name (any case) is refused", async () => {
    await asAdmin();
    const since = await mark();
    const name = `Ward ${uid()}`;
    const out = await createUnitAction(null, formOf({ name, timeZone: "America/Chicago" }));
    expect(out).toMatchObject({ ok: true });
    if (!out.ok) return;
    expect(await prisma.unit.findUniqueOrThrow({ where: { id: out.data.unitId } })).toMatchObject({ name, timeZone: "America/Chicago" });
    // the administrator who opens a unit works on it: admission is scoped to one's units (decision 048, amendment)
    expect(await prisma.unitAssignment.findMany({ where: { unitId: out.data.unitId }, select: { userId: true } })).toEqual([{ userId: admin.id }]);
    expect((await listUnits()).find((u) => u.id === out.data.unitId)).toEqual({ id: out.data.unitId, name, timeZone: "America/Chicago", staff: 1, patients: 0 });
    expect(await createUnitAction(null, formOf({ name: name.toUpperCase(), timeZone: "UTC" }))).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { name: [expect.stringMatching(/already exists/)] } });
    expect(await prisma.unitAssignment.count({ where: { userId: admin.id, unit: { name: { equals: name, mode: "insensitive" } } } })).toBe(1);
    expect((await auditRows("unit-create", since)).map((r) => [r.outcome, r.details])).toEqual([
      ["success", { name, timeZone: "America/Chicago", creatorAssigned: true }],
      ["denied", expect.objectContaining({ code: "CONFLICT" })],
    ]);
  });

  test("an unknown time zone is refused in words; nothing is created", async () => {
    await asAdmin();
    const name = `Ward ${uid()}`;
    expect(await createUnitAction(null, formOf({ name, timeZone: "Europe/Atlantis" }))).toMatchObject({
      ok: false, code: "VALIDATION", fieldErrors: { timeZone: ["Enter a time zone by its IANA name, for example Europe/Paris or America/New_York."] },
    });
    expect(await prisma.unit.count({ where: { name } })).toBe(0);
  });

  test("rename and set the zone: audited from → to; a name another unit has is refused", async () => {
    const unit = await makeUnit(`Ward ${uid()}`, "UTC");
    const taken = await makeUnit(`Ward ${uid()}`, "UTC");
    await asAdmin();
    const since = await mark();
    const newName = `Ward ${uid()}`;
    expect(await updateUnitAction(null, formOf({ unitId: unit.id, name: newName, timeZone: "Asia/Tokyo" }))).toEqual({ ok: true, data: { unitId: unit.id } });
    expect(await prisma.unit.findUniqueOrThrow({ where: { id: unit.id } })).toMatchObject({ name: newName, timeZone: "Asia/Tokyo" });
    expect(await updateUnitAction(null, formOf({ unitId: unit.id, name: taken.name, timeZone: "Asia/Tokyo" }))).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { name: [expect.any(String)] } });
    const missing = randomUUID();
    expect(await updateUnitAction(null, formOf({ unitId: missing, name: "X", timeZone: "UTC" }))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect((await auditRows("unit-update", since)).map((r) => [r.outcome, r.entityId])).toEqual([["success", unit.id], ["denied", unit.id], ["denied", missing]]);
    expect((await auditRows("unit-update", since))[0]!.details).toEqual({ from: { name: unit.name, timeZone: "UTC" }, to: { name: newName, timeZone: "Asia/Tokyo" } });
  });

  test("a nurse may not administer: FORBIDDEN, audited", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    await signedInBrowser(nurse);
    const since = await mark();
    expect(await createUnitAction(null, formOf({ name: `Ward ${uid()}`, timeZone: "UTC" }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(await createUserAction(null, formOf({ password: "correct horse battery", name: "Sneaky", email: `s-${uid()}@x.org`, role: "admin" }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect((await prisma.auditEvent.findMany({ where: { id: { gt: since }, actorId: nurse.id }, orderBy: { id: "asc" } })).map((r) => [r.action, r.outcome])).toEqual([
      ["unit-create", "denied"], ["user-create", "denied"],
    ]);
  });
});
