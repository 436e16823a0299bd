import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { Browser, asBrowser, followRedirect, formOf, signedInBrowser } from "./support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser, uid } from "./support/factories";
import { advanceClock, freezeClock, now } from "./support/clock";
import { accountCounter, pairCounter, refusalSummaries } from "./support/sign-in-counters";
import { prisma } from "@/lib/db/client";
import { authConfig } from "@/lib/auth/config";
import { signInGate, throttleConfig } from "@/lib/auth/throttle";
import { signInAction } from "@/lib/actions/sign-in";
import { markEnteredInErrorAction } from "@/lib/actions/mark-entered-in-error";
import { unlockUserAction } from "@/lib/actions/unlock-user";

// Issue 12 item 2 (docs/decisions/052-sign-in-throttling.md): sign-in cannot be turned against clinicians.

// every argon2 verification, counted: the same work for an e-mail nobody has as for a real one, without timing it
const argon = vi.hoisted(() => ({ verifies: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@node-rs/argon2")>();
  return { ...actual, verify: (...args: Parameters<typeof actual.verify>) => { argon.verifies += 1; return actual.verify(...args); } };
});

const PASSWORD = "correct horse battery";
const PAUSED = `Too many failed sign-ins for this e-mail from this computer: try again in ${authConfig.lockMinutes} minutes, or ask an administrator.`;
let unitId: string;
let nurse: { id: string };

/** A browser behind the hospital's reverse proxy, which appended the address it received the request from. */
function from(address: string, base?: Browser): Browser {
  const b = base ?? new Browser();
  b.headers = { ...b.headers, "x-forwarded-for": address };
  return b;
}
const signIn = (b: Browser, email: string, password: string) => asBrowser(b, () => signInAction(null, formOf({ email, password })));
const text = (r: Awaited<ReturnType<typeof signInAction>>) => (r.ok ? "ok" : r.message);
/** `n` wrong passwords from `b`, a minute apart (each slow-down has run out): the last one leaves the clock at its instant. */
async function wrongPasswords(b: Browser, email: string, n: number) {
  for (let i = 0; i < n; i++) {
    if (i > 0) advanceClock(60_000);
    await signIn(b, email, `guess ${i}`);
  }
}

beforeAll(async () => {
  process.env.TRUSTED_PROXY_HOPS = "1";
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
});
afterAll(() => {
  delete process.env.TRUSTED_PROXY_HOPS;
});

describe("strangers cannot stop a clinician", () => {
  test("strangers' failures for the attending's e-mail, from other addresses, never stop her open session from signing nor her own computer from signing in", async () => {
    const attending = await makeUser("attending", [unitId]);
    freezeClock();
    // she signed in from her ward computer earlier
    const ward = from("10.20.0.15");
    expect(await followRedirect(() => signIn(ward, attending.email, PASSWORD))).toEqual({ redirectedTo: "/reviews" });
    const session = from("10.20.0.15", await signedInBrowser(attending));

    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -30 });
    const doses = [
      await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 }),
      await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "given", hoursAgo: 1 }),
    ];
    const sign = (doseId: string) => asBrowser(session, () => markEnteredInErrorAction(null, formOf({ entityType: "DoseEvent", entityId: doseId, reason: "Documented on the wrong patient", password: PASSWORD })));

    // a stranger: five wrong passwords for her e-mail from another address (the exploit) …
    const stranger = from("203.0.113.9");
    await wrongPasswords(stranger, attending.email, authConfig.maxFailedSignIns);
    // … and she still signs in her open session
    expect(await sign(doses[0]!.id)).toEqual({ ok: true, data: { id: doses[0]!.id } });
    // the stranger's address is paused for her e-mail, even with the right password
    expect(text(await signIn(stranger, attending.email, PASSWORD))).toBe(PAUSED);
    // more strangers, from more addresses, past the account's ceiling: the e-mail is slowed for new addresses…
    for (let n = 0; n < throttleConfig.accountCeiling; n++) await signIn(from(`198.51.100.${n + 1}`), attending.email, "guess");
    expect((await accountCounter(attending.email))!.failures).toBeGreaterThanOrEqual(throttleConfig.accountCeiling);
    expect(text(await signIn(from("192.0.2.77"), attending.email, PASSWORD))).toBe(`Too many failed sign-ins: wait ${throttleConfig.accountDelaySeconds} seconds before trying again.`);

    // …but her open session signs: its signature counter is hers alone
    expect(await sign(doses[1]!.id)).toEqual({ ok: true, data: { id: doses[1]!.id } });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: attending.id } })).toMatchObject({ failedSignInCount: 0, lockedUntil: null });
    // and her ward computer, one she signs in from, still signs her in
    expect(await followRedirect(() => signIn(from("10.20.0.15"), attending.email, PASSWORD))).toEqual({ redirectedTo: "/reviews" });
  });

  test("a client-sent X-Forwarded-For is not believed unless the deployment trusts a proxy: without TRUSTED_PROXY_HOPS every request has one address", async () => {
    const user = await makeUser("nurse", [unitId]);
    freezeClock();
    delete process.env.TRUSTED_PROXY_HOPS;
    try {
      for (let i = 0; i < authConfig.maxFailedSignIns; i++) {
        if (i > 0) advanceClock(60_000);
        await signIn(from(`203.0.113.${i + 1}`), user.email, "guess"); // a different header each time
      }
      expect(await pairCounter(user.email, "unknown")).toMatchObject({ address: "unknown", waitUntil: new Date(now().getTime() + authConfig.lockMinutes * 60_000) });
      expect(await pairCounter(user.email, "203.0.113.1")).toBeNull();
    } finally {
      process.env.TRUSTED_PROXY_HOPS = "1";
    }
  });

  test("an administrator's unlock lifts a sign-in pause, audited", async () => {
    const user = await makeUser("nurse", [unitId]);
    const admin = await makeUser("admin", []);
    freezeClock();
    const stranger = from("203.0.113.50");
    await wrongPasswords(stranger, user.email, authConfig.maxFailedSignIns);
    expect(text(await signIn(stranger, user.email, PASSWORD))).toBe(PAUSED);
    const adminBrowser = await signedInBrowser(admin);
    expect(await asBrowser(adminBrowser, () => unlockUserAction(null, formOf({ userId: user.id })))).toEqual({ ok: true, data: { userId: user.id } });
    const unlock = await prisma.auditEvent.findFirstOrThrow({ where: { action: "user-unlock", entityId: user.id } });
    expect(unlock).toMatchObject({ outcome: "success", actorId: admin.id, details: expect.objectContaining({ signInPauses: 2 }) });
    expect(await followRedirect(() => signIn(stranger, user.email, PASSWORD))).toEqual({ redirectedTo: "/board" });
  });
});

describe("no user enumeration", () => {
  test("an e-mail nobody has gets the same answers, the same counters and the same password work as a real one", async () => {
    const real = await makeUser("nurse", [unitId]);
    const unknown = `nobody-${uid()}@test.bolus`;
    const t0 = freezeClock();

    async function run(email: string, address: string) {
      freezeClock(t0);
      const b = from(address);
      const answers: string[] = [];
      const verifies: number[] = [];
      for (const [password, wait] of [["a", 0], ["b", 0], ["c", 0], [PASSWORD, 0], ["d", 5_000], ["e", 10_000], [PASSWORD, 0], ["f", 20 * 60_000]] as const) {
        advanceClock(wait);
        const before = argon.verifies;
        answers.push(text(await signIn(b, email, password)));
        verifies.push(argon.verifies - before);
      }
      const { key: _k, accountKey: _a, email: _e, address: _ad, ...counter } = (await pairCounter(email, address))!;
      const { key: _k2, accountKey: _a2, email: _e2, address: _ad2, ...account } = (await accountCounter(email))!;
      return { answers, verifies, counter, account };
    }

    const known = await run(real.email, "198.51.100.200");
    const nobody = await run(unknown, "198.51.100.201");
    expect(nobody).toEqual(known);
    // and what they are: slowed at the 3rd, refused unchecked while slowed, paused at the 5th
    expect(known.answers).toEqual([
      "E-mail or password is incorrect.",
      "E-mail or password is incorrect.",
      "E-mail or password is incorrect. Wait 5 seconds before trying again.",
      "Too many failed sign-ins: wait 5 seconds before trying again.",
      "E-mail or password is incorrect. Wait 10 seconds before trying again.",
      `E-mail or password is incorrect. ${PAUSED}`,
      PAUSED,
      "E-mail or password is incorrect.",
    ]);
    expect(known.verifies).toEqual([1, 1, 1, 0, 1, 1, 0, 1]);
    // the same summary rows too (the unknown one names no user)
    expect((await refusalSummaries(unknown)).map(({ since: _s, address: _a, ...d }) => d)).toEqual((await refusalSummaries(real.email)).map(({ since: _s, address: _a, ...d }) => d));
  });
});

describe("floods", () => {
  test("the per-address gate refuses before any database work; other addresses are not affected; the refusals are summed up in one audit row later", async () => {
    signInGate.reset({ capacity: 3, perMinute: 2 });
    const user = await makeUser("nurse", [unitId]);
    freezeClock();
    const flood = from("203.0.113.200");
    for (let i = 0; i < 3; i++) await signIn(flood, user.email, "guess");
    const counters = await prisma.signInCounter.findMany({ orderBy: { key: "asc" } });
    const audits = await prisma.auditEvent.count();
    const verifies = argon.verifies;
    const transactions = vi.spyOn(prisma, "$transaction");
    const queries = vi.spyOn(prisma.user, "findUnique");

    const refused = [
      await signIn(flood, user.email, PASSWORD),
      await signIn(flood, `nobody-${uid()}@test.bolus`, "guess"),
      await asBrowser(flood, () => signInAction(null, formOf({ email: "not-an-address", password: "" }))), // bad input is not audited either
    ];
    for (const r of refused) expect(r).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "Too many sign-in attempts from this computer: wait 30 seconds before trying again." });
    expect(transactions).not.toHaveBeenCalled();
    expect(queries).not.toHaveBeenCalled();
    expect(argon.verifies).toBe(verifies);
    expect(await prisma.signInCounter.findMany({ orderBy: { key: "asc" } })).toEqual(counters);
    expect(await prisma.auditEvent.count()).toBe(audits);
    transactions.mockRestore();
    queries.mockRestore();

    // another address signs in meanwhile
    const other = await makeUser("nurse", [unitId]);
    expect(await followRedirect(() => signIn(from("10.20.0.16"), other.email, PASSWORD))).toEqual({ redirectedTo: "/board" });

    // half a minute later the address may try again; that attempt writes one row for the 3 refused
    advanceClock(30_000);
    const since = await prisma.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    expect(await followRedirect(() => signIn(flood, user.email, PASSWORD))).toEqual({ redirectedTo: "/board" });
    const rows = await prisma.auditEvent.findMany({ where: { id: { gt: since!.id }, action: "sign-in" }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.outcome, r.details])).toContainEqual(["denied", expect.objectContaining({ reason: "rate-limited", refused: 3, address: "203.0.113.200" })]);
    expect(rows.filter((r) => (r.details as { reason?: string }).reason === "rate-limited")).toHaveLength(1);
  });

  test("refused sign-ins are audited as one summary row per e-mail and address: when a pause begins, when the window has closed, before a success", async () => {
    const user = await makeUser("nurse", [unitId]);
    const t0 = freezeClock();
    const a = from("198.51.100.77");
    // 2 wrong passwords: counted, no audit row yet
    await signIn(a, user.email, "wrong 1");
    await signIn(a, user.email, "wrong 2");
    expect(await refusalSummaries(user.email)).toEqual([]);
    // the window closes; any sign-in (here another user's, from elsewhere) sums them up in one row
    advanceClock(throttleConfig.windowMinutes * 60_000 + 1_000);
    const other = await makeUser("nurse", [unitId]);
    await followRedirect(() => signIn(from("10.20.0.17"), other.email, PASSWORD));
    expect(await refusalSummaries(user.email)).toEqual([{ reason: "refused-sign-ins", refused: 2, since: t0.toISOString(), address: "198.51.100.77" }]);

    // 5 more in a row pause the address: one row when the pause begins, with the count
    await wrongPasswords(a, user.email, authConfig.maxFailedSignIns);
    for (let i = 0; i < 20; i++) expect(text(await signIn(a, user.email, "again"))).toBe(PAUSED);
    const summaries = await refusalSummaries(user.email);
    expect(summaries).toHaveLength(2);
    expect(summaries[1]).toMatchObject({ reason: "refused-sign-ins", refused: authConfig.maxFailedSignIns, paused: true });
    // the 20 refusals during the pause are one more row, written before the next success
    advanceClock(authConfig.lockMinutes * 60_000);
    expect(await followRedirect(() => signIn(a, user.email, PASSWORD))).toEqual({ redirectedTo: "/board" });
    const all = await prisma.auditEvent.findMany({ where: { action: "sign-in", actorLabel: user.email }, orderBy: { id: "asc" } });
    expect(all.map((r) => [r.outcome, (r.details as { refused?: number }).refused ?? null])).toEqual([
      ["denied", 2],
      ["denied", authConfig.maxFailedSignIns],
      ["denied", 20],
      ["success", null],
    ]);
  });
});
