import { describe, expect, test, beforeAll } from "vitest";
import { followRedirect, formOf, freshBrowser, signedInBrowser } from "./support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock, now } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { authConfig } from "@/lib/auth/config";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { signInAction } from "@/lib/actions/sign-in";

// A signature is a password entry (lib/auth/signature.ts): wrong ones count toward the same slow-down and lock as
// sign-in (docs/decisions/003), although the signed action's transaction rolls back with the refusal.
const PASSWORD = "correct horse battery";
const WRONG = "Password incorrect: not signed. Re-enter your own password to sign.";
let unitId: string;
let nurse: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
});

/** A dose event recorded by mistake, for the attending to mark entered in error (a signed action). */
async function mistakenDose(attendingId: string) {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attendingId, verifiedById: attendingId, anchorHoursFromNow: -30 });
  return makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
}

const correct = (entityId: string, password: string) => markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId, reason: "Documented on the wrong patient", password }));
const message = (r: Awaited<ReturnType<typeof correct>>) => (r.ok ? "" : r.message);
/** the wait runs out: the server's clock reaches the stored "not before" instant (which is allowed again) */
const waitOut = async (userId: string) => { freezeClock((await prisma.user.findUniqueOrThrow({ where: { id: userId } })).lockedUntil!); };

describe("wrong signature passwords", () => {
  test("are slowed at the 3rd and lock the account at the 5th; a locked attending cannot sign even with the right password, nor sign in", async () => {
    const attending = await makeUser("attending", [unitId]);
    const dose = await mistakenDose(attending.id);
    freezeClock();
    await signedInBrowser(attending);

    expect(message(await correct(dose.id, "wrong 1"))).toBe(WRONG);
    expect(message(await correct(dose.id, "wrong 2"))).toBe(WRONG);
    const third = await correct(dose.id, "wrong 3");
    expect(third).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: `${WRONG} Wait 5 seconds before trying again.`, fieldErrors: { password: [`${WRONG} Wait 5 seconds before trying again.`] } });
    // while slowed, even the right password is not checked
    expect(message(await correct(dose.id, PASSWORD))).toBe("Too many wrong passwords: not signed. Wait 5 seconds before signing again.");
    await waitOut(attending.id);
    expect(message(await correct(dose.id, "wrong 4"))).toBe(`${WRONG} Wait 10 seconds before trying again.`);
    await waitOut(attending.id);
    expect(message(await correct(dose.id, "wrong 5"))).toBe(`${WRONG} The account is now locked for ${authConfig.lockMinutes} minutes.`);

    const locked = await prisma.user.findUniqueOrThrow({ where: { id: attending.id } });
    expect(locked.lockedUntil).toEqual(new Date(now().getTime() + authConfig.lockMinutes * 60_000));
    const withRightPassword = await correct(dose.id, PASSWORD);
    expect(withRightPassword).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: expect.stringMatching(/^Too many wrong passwords: this account is locked until \d\d:\d\d, so it cannot sign\./) });
    expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: dose.id } })).status).toBe("active");

    freshBrowser();
    const signIn = await signInAction(null, formOf({ email: locked.email, password: PASSWORD }));
    expect(signIn).toMatchObject({ ok: false, message: expect.stringMatching(/locked until \d\d:\d\d/) });

    const denied = await prisma.auditEvent.findMany({ where: { action: "mark-entered-in-error", actorId: attending.id }, orderBy: { id: "asc" } });
    expect(denied.map((a) => [a.outcome, (a.details as { signature?: string }).signature, (a.details as { failedInARow?: number }).failedInARow ?? null])).toEqual([
      ["denied", "wrong-password", 1],
      ["denied", "wrong-password", 2],
      ["denied", "wrong-password", 3],
      ["denied", "throttled", null],
      ["denied", "wrong-password", 4],
      ["denied", "wrong-password", 5],
      ["denied", "locked", null],
    ]);

    // once the lock has passed, the right password signs and the count starts again
    await waitOut(attending.id);
    await signedInBrowser(attending);
    expect(await correct(dose.id, PASSWORD)).toEqual({ ok: true, data: { id: dose.id } });
  });

  test("a correct signature ends the row of failures, as a correct sign-in does", async () => {
    const attending = await makeUser("attending", [unitId]);
    await signedInBrowser(attending);
    const first = await mistakenDose(attending.id);
    expect(message(await correct(first.id, "wrong 1"))).toBe(WRONG);
    expect(message(await correct(first.id, "wrong 2"))).toBe(WRONG);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(2);
    expect((await correct(first.id, PASSWORD)).ok).toBe(true);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(0);
  });

  test("failed sign-ins do not count toward the signature counter (docs/decisions/052), only signatures do", async () => {
    const attending = await makeUser("attending", [unitId]);
    freshBrowser();
    for (const p of ["wrong a", "wrong b", "wrong c", "wrong d", "wrong e"]) await signInAction(null, formOf({ email: attending.email, password: p }));
    await signedInBrowser(attending);
    const dose = await mistakenDose(attending.id);
    expect(message(await correct(dose.id, "wrong f"))).toBe(WRONG);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).failedSignInCount).toBe(1);
    expect(await correct(dose.id, PASSWORD)).toEqual({ ok: true, data: { id: dose.id } });
  });

  test("8 simultaneous wrong signatures: every checked one is counted (no lost update), and the account ends slowed or locked", async () => {
    const attending = await makeUser("attending", [unitId]);
    const doses = await Promise.all(Array.from({ length: 8 }, () => mistakenDose(attending.id)));
    const t0 = freezeClock();
    await signedInBrowser(attending);
    const results = await Promise.all(doses.map((d, i) => correct(d.id, `wrong ${i}`)));
    expect(results.every((r) => !r.ok && r.code === "UNAUTHENTICATED")).toBe(true);

    const counted = (await prisma.auditEvent.findMany({ where: { action: "mark-entered-in-error", actorId: attending.id }, orderBy: { id: "asc" } }))
      .map((a) => a.details as { signature?: string; failedInARow?: number })
      .filter((d) => d.signature === "wrong-password")
      .map((d) => d.failedInARow);
    console.log(`8 simultaneous wrong signatures: ${counted.length} checked and counted, ${8 - counted.length} refused unchecked (slowed or locked)`);
    // each refusal that checked a password counted one more, in order: 1, 2, 3, … (the 5th locks and restarts the count)
    expect(counted.length).toBeGreaterThanOrEqual(authConfig.slowAfterFailures);
    expect(counted).toEqual(counted.map((_, i) => (i % authConfig.maxFailedSignIns) + 1));
    const after = await prisma.user.findUniqueOrThrow({ where: { id: attending.id } });
    expect(after.lockedUntil!.getTime()).toBeGreaterThan(t0.getTime());
    if (counted.length >= authConfig.maxFailedSignIns) expect(after.lockedUntil).toEqual(new Date(t0.getTime() + authConfig.lockMinutes * 60_000));
    expect(await prisma.doseEvent.count({ where: { id: { in: doses.map((d) => d.id) }, status: "active" } })).toBe(8);
  });
});

describe("sign-in after a signature lock", () => {
  test("the right password is refused until the lock passes, then signs in", async () => {
    const attending = await makeUser("attending", [unitId]);
    await prisma.user.update({ where: { id: attending.id }, data: { failedSignInCount: authConfig.maxFailedSignIns - 1 } });
    freezeClock();
    await signedInBrowser(attending);
    const dose = await mistakenDose(attending.id);
    expect(message(await correct(dose.id, "wrong"))).toBe(`${WRONG} The account is now locked for ${authConfig.lockMinutes} minutes.`);
    freshBrowser();
    expect(await signInAction(null, formOf({ email: attending.email, password: PASSWORD }))).toMatchObject({ ok: false, message: expect.stringMatching(/locked until/) });
    await waitOut(attending.id);
    expect(await followRedirect(() => signInAction(null, formOf({ email: attending.email, password: PASSWORD })))).toEqual({ redirectedTo: "/reviews" });
  });
});
