// Decision 047: every user changes their own password; a temporary password opens nothing else until changed.
import { beforeAll, describe, expect, test } from "vitest";
import { asBrowser, Browser, followRedirect, formOf, signedInBrowser } from "./support/request-context";
import { makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { changePasswordAction } from "@/lib/actions/change-password";
import { WRONG_CURRENT_PASSWORD } from "@/lib/schemas/account";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { requirePageSession, MUST_CHANGE_PASSWORD } from "@/lib/auth/guards";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-to";
import { verifyPassword } from "@/lib/auth/password";
import { authConfig, SESSION_COOKIE } from "@/lib/auth/config";
import { lookupSession } from "@/lib/auth/session";
import * as clock from "@/lib/clock";

const CURRENT = "correct horse battery";
const NEW = "copper kettle under the river lamp";

let unitId: string;
beforeAll(async () => {
  freezeClock();
  unitId = (await makeUnit()).id;
});

const change = (browser: Browser, fields: Record<string, string>) =>
  asBrowser(browser, () => followRedirect(() => changePasswordAction(null, formOf({ currentPassword: CURRENT, newPassword: NEW, confirmPassword: NEW, ...fields }))));

const audits = (userId: string) => prisma.auditEvent.findMany({ where: { action: "change-password", OR: [{ entityId: userId }, { actorId: userId }] }, orderBy: { id: "asc" } });

describe("changing one's own password", () => {
  test("the right current password and a good new one: changed, audited, other sessions ended, this one kept, home", async () => {
    const user = await makeUser("pharmacist", [unitId]);
    const other = await signedInBrowser(user);
    const me = await signedInBrowser(user);
    expect(await change(me, {})).toEqual({ redirectedTo: "/verifications?password-changed=1" });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, NEW)).toBe(true);
    expect(row.passwordChangedAt).not.toBeNull();
    const sessions = await prisma.session.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    // the other session ended; this one goes on under a new token (review of issue 11, fix 7)
    expect(sessions.map((s) => s.endReason).sort()).toEqual(["password-changed", "password-changed-rotated", null].sort());
    const [audit] = await audits(user.id);
    expect(audit).toMatchObject({ outcome: "success", entityId: user.id, details: { wasTemporary: false, otherSessionsEnded: 1 } });
    expect(JSON.stringify(audit!.details)).not.toContain(NEW);
    // the ended session's next request is refused
    const refused = await asBrowser(other, () => changePasswordAction(null, formOf({ currentPassword: NEW, newPassword: `${NEW} again`, confirmPassword: `${NEW} again` })));
    expect(refused).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });

  test("this session goes on under a new token: the old token no longer works, the new one does", async () => {
    const user = await makeUser("nurse", [unitId]);
    const me = await signedInBrowser(user);
    const oldToken = me.cookie(SESSION_COOKIE)!.value;
    expect(await change(me, {})).toEqual({ redirectedTo: "/board?password-changed=1" });
    const newToken = me.cookie(SESSION_COOKIE)!.value;
    expect(newToken).not.toBe(oldToken);
    expect(await lookupSession(oldToken, clock.now())).toMatchObject({ state: "expired", reason: "ended" });
    expect(await lookupSession(newToken, clock.now())).toMatchObject({ state: "valid", session: { user: { id: user.id, mustChangePassword: false } } });
    // a browser still holding the old token is refused; this browser, with the new one, goes on
    const stale = new Browser();
    stale.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value: oldToken });
    const again = { currentPassword: NEW, newPassword: `${NEW} again`, confirmPassword: `${NEW} again` };
    expect(await asBrowser(stale, () => changePasswordAction(null, formOf(again)))).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
    expect(await asBrowser(me, () => followRedirect(() => changePasswordAction(null, formOf(again))))).toEqual({ redirectedTo: "/board?password-changed=1" });
    expect((await audits(user.id)).at(0)).toMatchObject({ outcome: "success", details: { sessionRotated: true } });
  });

  test("a wrong current password is refused and counts toward the account's lock, like a wrong signature", async () => {
    const user = await makeUser("nurse", [unitId]);
    const me = await signedInBrowser(user);
    const out = await change(me, { currentPassword: "not my password at all" });
    expect(out).toMatchObject({ result: { ok: false, code: "UNAUTHENTICATED", fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] } } });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.failedSignInCount).toBe(1);
    expect(await verifyPassword(row.passwordHash, CURRENT)).toBe(true);
    expect((await audits(user.id)).at(-1)).toMatchObject({ outcome: "denied", details: { signature: "wrong-password", failedInARow: 1 } });
    for (let i = 1; i < authConfig.maxFailedSignIns; i++) await prisma.user.update({ where: { id: user.id }, data: { lockedUntil: null } }).then(() => change(me, { currentPassword: "still not it" }));
    const locked = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(locked.lockedUntil).not.toBeNull();
    // locked: even the right current password does not change it
    expect(await change(me, {})).toMatchObject({ result: { ok: false, code: "UNAUTHENTICATED" } });
  });

  test.each([
    ["too short", "kettle river 1", /at least 15 characters/],
    ["a common password", "123456789qwerty", /commonly used/],
  ])("a new password that is %s is refused; nothing changes", async (_label, candidate, message) => {
    const user = await makeUser("attending", [unitId]);
    const me = await signedInBrowser(user);
    const out = await change(me, { newPassword: candidate, confirmPassword: candidate });
    expect(out).toMatchObject({ result: { ok: false, code: "VALIDATION" } });
    expect(JSON.stringify(out)).toMatch(message);
    expect(await verifyPassword((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, CURRENT)).toBe(true);
  });

  test("the new password equal to the current one, or containing the user's name, is refused", async () => {
    const long = "a long current password of mine";
    const user = await makeUser("attending", [unitId], long);
    const me = await signedInBrowser(user);
    const same = await asBrowser(me, () => changePasswordAction(null, formOf({ currentPassword: long, newPassword: long, confirmPassword: long })));
    expect(same).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { newPassword: ["The new password must differ from the current one."] } });
    const named = `${user.name} likes long walks`;
    const withName = await asBrowser(me, () => changePasswordAction(null, formOf({ currentPassword: long, newPassword: named, confirmPassword: named })));
    expect(withName).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { newPassword: [expect.stringMatching(/e-mail address or your name/)] } });
    const differ = await asBrowser(me, () => changePasswordAction(null, formOf({ currentPassword: long, newPassword: NEW, confirmPassword: `${NEW}!` })));
    expect(differ).toMatchObject({ ok: false, code: "VALIDATION", fieldErrors: { confirmPassword: ["The two new passwords differ."] } });
    expect(await verifyPassword((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash, long)).toBe(true);
  });
});

describe("a temporary password must be changed first", () => {
  test("every other page sends the user to /account/password; every other action is refused; changing clears it", async () => {
    const user = await makeUser("nurse", [unitId]);
    await prisma.user.update({ where: { id: user.id }, data: { mustChangePassword: true } });
    const me = await signedInBrowser(user);

    me.headers[REQUESTED_PATH_HEADER] = "/board";
    expect(await asBrowser(me, () => followRedirect(() => requirePageSession()))).toEqual({ redirectedTo: "/account/password" });
    expect(await asBrowser(me, () => followRedirect(() => requirePageSession("course:view")))).toEqual({ redirectedTo: "/account/password" });
    // whatever path the request names: only the change-password page (and the layout around it) opens
    me.headers[REQUESTED_PATH_HEADER] = "/account/password";
    expect(await asBrowser(me, () => followRedirect(() => requirePageSession()))).toEqual({ redirectedTo: "/account/password" });
    expect(await asBrowser(me, () => followRedirect(() => requirePageSession("account:password")))).toMatchObject({ result: { user: { id: user.id, mustChangePassword: true } } });

    const other = await asBrowser(me, () => markEnteredInErrorAction(null, formOf({ kind: "assessment", id: crypto.randomUUID(), reason: "typo" })));
    expect(other).toMatchObject({ ok: false, code: "FORBIDDEN", message: MUST_CHANGE_PASSWORD });

    expect(await change(me, {})).toEqual({ redirectedTo: "/board?password-changed=1" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).mustChangePassword).toBe(false);
    expect((await audits(user.id)).at(-1)).toMatchObject({ outcome: "success", details: { wasTemporary: true } });
    me.headers[REQUESTED_PATH_HEADER] = "/board";
    expect(await asBrowser(me, () => followRedirect(() => requirePageSession()))).toMatchObject({ result: { user: { id: user.id, mustChangePassword: false } } });
  });
});
