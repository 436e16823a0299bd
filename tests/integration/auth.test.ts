import { describe, expect, test, beforeAll } from "vitest";
import { freshBrowser, followRedirect } from "./support/request-context";
import { makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock, now } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { signInAction } from "@/lib/actions/sign-in";
import { signOutAction } from "@/lib/actions/sign-out";
import { requireSession, requireRole } from "@/lib/auth/guards";
import { ActionRefusal } from "@/lib/refusal";
import { SESSION_COOKIE, authConfig } from "@/lib/auth/config";
import { hashToken } from "@/lib/auth/session";
import { pairCounter, refusalSummaries, setPairFailures } from "./support/sign-in-counters";

const PASSWORD = "correct horse battery";

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

async function auditFor(entityId: string) {
  return prisma.auditEvent.findMany({ where: { entityId }, orderBy: { id: "asc" } });
}

let unitId: string;
beforeAll(async () => {
  unitId = (await makeUnit()).id;
});

describe("sign-in", () => {
  test.each([
    ["nurse", "/board"],
    ["attending", "/reviews"],
    ["pharmacist", "/verifications"],
    ["admin", "/admin"],
  ] as const)("a %s with the right password gets a server session, an httpOnly cookie and lands on %s", async (role, home) => {
    const user = await makeUser(role, [unitId]);
    const browser = freshBrowser();
    const out = await followRedirect(() => signInAction(null, form({ email: user.email, password: PASSWORD })));
    expect(out).toEqual({ redirectedTo: home });
    const cookie = browser.cookie(SESSION_COOKIE);
    expect(cookie?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    const session = await prisma.session.findUnique({ where: { tokenHash: hashToken(cookie!.value) } });
    expect(session?.userId).toBe(user.id);
    expect((await requireSession()).user).toMatchObject({ id: user.id, role, unitIds: [unitId] });
    const audit = await auditFor(user.id);
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([["sign-in", "success"]]);
  });

  test("a wrong password is refused with a clear message and no session, and counted for the summary audit row", async () => {
    const user = await makeUser("nurse", [unitId]);
    const browser = freshBrowser();
    const out = await signInAction(null, form({ email: user.email, password: "wrong password" }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "E-mail or password is incorrect." });
    expect(out.ok === false && out.values).toEqual({ email: user.email });
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    // refused sign-ins are summed up, not chained one by one (docs/decisions/052): counted now, audited later
    expect(await auditFor(user.id)).toEqual([]);
    expect(await pairCounter(user.email)).toMatchObject({ failures: 1, refused: 1 });
  });

  test("an unknown e-mail gets exactly the wrong-password answer and is counted by the address tried", async () => {
    freshBrowser();
    const email = `nobody-${Date.now()}@test.bolus`;
    const out = await signInAction(null, form({ email, password: "whatever" }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "E-mail or password is incorrect." });
    expect(await pairCounter(email)).toMatchObject({ failures: 1, refused: 1, email });
  });

  test("empty fields get field-level errors in words and keep what was typed", async () => {
    freshBrowser();
    const out = await signInAction(null, form({ email: "not-an-address", password: "" }));
    expect(out).toMatchObject({ ok: false, code: "VALIDATION" });
    if (out.ok) throw new Error("unreachable");
    expect(out.fieldErrors?.email).toEqual(["Enter a valid e-mail address."]);
    expect(out.fieldErrors?.password).toEqual(["Enter your password."]);
    expect(out.values).toEqual({ email: "not-an-address" });
  });

  test("repeated wrong passwords from one address are slowed (5 s, 10 s) and then paused, even for the right password; audited as one summary", async () => {
    const user = await makeUser("nurse", [unitId]);
    freshBrowser();
    const attempt = (password: string) => signInAction(null, form({ email: user.email, password }));
    const message = (r: Awaited<ReturnType<typeof attempt>>) => (r.ok ? "" : r.message);
    freezeClock();
    /** the wait runs out: the server's clock reaches the stored "not before" instant (which is allowed again) */
    const waitOut = async () => { freezeClock((await pairCounter(user.email))!.waitUntil!); };
    const PAUSED = `Too many failed sign-ins for this e-mail from this computer: try again in ${authConfig.lockMinutes} minutes, or ask an administrator.`;

    expect(message(await attempt("wrong 1"))).toBe("E-mail or password is incorrect.");
    expect(message(await attempt("wrong 2"))).toBe("E-mail or password is incorrect.");
    expect(message(await attempt("wrong 3"))).toBe("E-mail or password is incorrect. Wait 5 seconds before trying again.");
    // while slowed, even the right password is not checked
    expect(message(await attempt(PASSWORD))).toBe("Too many failed sign-ins: wait 5 seconds before trying again.");
    await waitOut();
    expect(message(await attempt("wrong 4"))).toBe("E-mail or password is incorrect. Wait 10 seconds before trying again.");
    await waitOut();
    expect(message(await attempt("wrong 5"))).toBe(`E-mail or password is incorrect. ${PAUSED}`);
    expect((await pairCounter(user.email))!.waitUntil).toEqual(new Date(now().getTime() + authConfig.lockMinutes * 60_000));
    expect(message(await attempt(PASSWORD))).toBe(PAUSED);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    // the signature counter of the user's sessions is not touched by failed sign-ins
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedSignInCount: 0, lockedUntil: null });
    // one row when the pause began, with the 6 refusals before it (5 wrong, 1 while slowed)
    expect(await refusalSummaries(user.email)).toEqual([expect.objectContaining({ reason: "refused-sign-ins", refused: 6, paused: true })]);
    // after the pause, the right password works: one summary row of the refusal during the pause, then the success
    await waitOut();
    expect(await followRedirect(() => attempt(PASSWORD))).toEqual({ redirectedTo: "/board" });
    expect((await auditFor(user.id)).map((a) => [a.outcome, (a.details as { reason?: string; refused?: number }).refused ?? null])).toEqual([
      ["denied", 6],
      ["denied", 1],
      ["success", null],
    ]);
    expect(await pairCounter(user.email)).toMatchObject({ failures: 0, waitUntil: null, refused: 0, lastSuccessAt: now() });
  });

  test("8 simultaneous wrong passwords are counted one after another: slowed at the 3rd, the rest refused unchecked", async () => {
    const user = await makeUser("nurse", [unitId]);
    freshBrowser();
    // one instant for all 8 requests: each reads the clock when it starts, before it queues on the counters' rows
    const t0 = freezeClock();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => signInAction(null, form({ email: user.email, password: `wrong ${i}` }))));
    const messages = results.map((r) => (r.ok ? "" : r.message));
    expect(messages.filter((m) => m === "E-mail or password is incorrect.")).toHaveLength(2);
    expect(messages.filter((m) => m === "E-mail or password is incorrect. Wait 5 seconds before trying again.")).toHaveLength(1);
    expect(messages.filter((m) => m === "Too many failed sign-ins: wait 5 seconds before trying again.")).toHaveLength(5);
    expect(await pairCounter(user.email)).toMatchObject({ failures: 3, waitUntil: new Date(t0.getTime() + 5_000), refused: 8 });
  });

  test("8 simultaneous wrong passwords one failure before the pause: one pauses this address, the other 7 find it paused", async () => {
    const user = await makeUser("nurse", [unitId]);
    const t0 = freezeClock();
    await setPairFailures(user.email, authConfig.maxFailedSignIns - 1, t0);
    freshBrowser();
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => signInAction(null, form({ email: user.email, password: `wrong ${i}` }))));
    const messages = results.map((r) => (r.ok ? "" : r.message));
    expect(messages.filter((m) => m.startsWith("E-mail or password is incorrect. Too many failed sign-ins for this e-mail from this computer"))).toHaveLength(1);
    expect(messages.filter((m) => m === `Too many failed sign-ins for this e-mail from this computer: try again in ${authConfig.lockMinutes} minutes, or ask an administrator.`)).toHaveLength(7);
    expect((await pairCounter(user.email))!.waitUntil).toEqual(new Date(t0.getTime() + authConfig.lockMinutes * 60_000));
  });

  test("an inactive user cannot sign in", async () => {
    const user = await makeUser("nurse", [unitId], PASSWORD, { active: false });
    freshBrowser();
    const out = await signInAction(null, form({ email: user.email, password: PASSWORD }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED" });
  });
});

describe("sessions and guards", () => {
  test("without a cookie, requireSession refuses with UNAUTHENTICATED", async () => {
    freshBrowser();
    await expect(requireSession()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  test("a forged cookie is no session", async () => {
    const browser = freshBrowser();
    browser.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value: "forged-token" });
    await expect(requireSession()).rejects.toBeInstanceOf(ActionRefusal);
  });

  test("requireRole refuses a signed-in user of another role with FORBIDDEN", async () => {
    const user = await makeUser("pharmacist", [unitId]);
    freshBrowser();
    await followRedirect(() => signInAction(null, form({ email: user.email, password: PASSWORD })));
    await expect(requireRole("nurse")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(requireRole("pharmacist")).resolves.toMatchObject({ user: { id: user.id } });
  });

  test(`a session idle for more than ${authConfig.idleMinutes} minutes is over, and ended on the server`, async () => {
    const user = await makeUser("nurse", [unitId]);
    const browser = freshBrowser();
    freezeClock();
    await followRedirect(() => signInAction(null, form({ email: user.email, password: PASSWORD })));
    const tokenHash = hashToken(browser.cookie(SESSION_COOKIE)!.value);
    advanceClock(authConfig.idleMinutes * 60_000 + 1_000);
    await expect(requireSession()).rejects.toMatchObject({ code: "UNAUTHENTICATED", message: "Your session has ended. Sign in again." });
    const ended = await prisma.session.findUniqueOrThrow({ where: { tokenHash } });
    expect(ended.endReason).toBe("idle-timeout");
  });

  test("sign-out ends the session on the server: the old cookie no longer works", async () => {
    const user = await makeUser("attending", [unitId]);
    const browser = freshBrowser();
    await followRedirect(() => signInAction(null, form({ email: user.email, password: PASSWORD })));
    const token = browser.cookie(SESSION_COOKIE)!.value;
    expect(await followRedirect(() => signOutAction())).toEqual({ redirectedTo: "/login" });
    expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
    browser.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value: token }); // a copied cookie replayed
    await expect(requireSession()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const audit = await prisma.auditEvent.findMany({ where: { actorId: user.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ["sign-in", "success"],
      ["sign-out", "success"],
    ]);
  });

  // Independent review of issue 10: the sign-in-again dialog (stay=1) keeps the page and the typed form of the user
  // whose session ended; the server signs in under it only that same user, read from the browser's session cookie.
  test("sign in again in place (stay=1) after an idle timeout: another clinician's valid credentials are refused and audited; the same user signs in", async () => {
    const first = await makeUser("nurse", [unitId]);
    const second = await makeUser("nurse", [unitId]);
    const browser = freshBrowser();
    freezeClock();
    await followRedirect(() => signInAction(null, form({ email: first.email, password: PASSWORD })));
    const firstToken = browser.cookie(SESSION_COOKIE)!.value;
    advanceClock(authConfig.idleMinutes * 60_000 + 1_000);
    await expect(requireSession()).rejects.toMatchObject({ code: "UNAUTHENTICATED" }); // the page's action found it ended

    const sessionsOfSecond = await prisma.session.count({ where: { userId: second.id } });
    const out = await signInAction(null, form({ email: second.email, password: PASSWORD, stay: "1" }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: `Sign in again as ${first.name}, or sign out and sign in as yourself.` });
    // no session for the second clinician, and the browser still holds the first one's (ended) cookie
    expect(await prisma.session.count({ where: { userId: second.id } })).toBe(sessionsOfSecond);
    expect(browser.cookie(SESSION_COOKIE)!.value).toBe(firstToken);
    await expect(requireSession()).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const refused = await prisma.auditEvent.findMany({ where: { action: "sign-in", actorLabel: second.email }, orderBy: { id: "asc" } });
    expect(refused.map((a) => [a.outcome, a.entityId, a.details])).toEqual([["denied", first.id, { reason: "stay-as-another-user", sessionUserId: first.id }]]);
    // the refusal did not look at the second clinician's password: nothing counted against the account
    expect(await prisma.user.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ failedSignInCount: 0 });

    // the same user, in the same dialog (the e-mail in another case is still the same user): signed in, on the page
    expect(await signInAction(null, form({ email: first.email.toUpperCase(), password: PASSWORD, stay: "1" }))).toEqual({ ok: true, data: null });
    expect(browser.cookie(SESSION_COOKIE)!.value).not.toBe(firstToken);
    await expect(requireSession()).resolves.toMatchObject({ user: { id: first.id } });
  });

  test("stay=1 from a browser whose cookie names no session: refused and audited; without stay the ordinary sign-in still works", async () => {
    const user = await makeUser("nurse", [unitId]);
    const browser = freshBrowser();
    browser.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value: "forged-token" });
    const out = await signInAction(null, form({ email: user.email, password: PASSWORD, stay: "1" }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "This page's session could not be found. Sign out and sign in again." });
    const refused = await prisma.auditEvent.findMany({ where: { action: "sign-in", actorLabel: user.email }, orderBy: { id: "asc" } });
    expect(refused.map((a) => [a.outcome, a.details])).toEqual([["denied", { reason: "stay-without-session" }]]);
    expect(await followRedirect(() => signInAction(null, form({ email: user.email, password: PASSWORD })))).toEqual({ redirectedTo: "/board" });
  });

  test("the stored password is an argon2id hash, never the password", async () => {
    const user = await makeUser("nurse", [unitId]);
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);
  });
});
