import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { Browser, asBrowser, followRedirect, formOf } from "./support/request-context";
import { makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { SignInGate, signInGate } from "@/lib/auth/throttle";
import { refillMs, takeSharedSignIn } from "@/lib/auth/rate-limit";
import { signInAction } from "@/lib/actions/sign-in";

// Issue 13 item 4 (docs/decisions/058-more-than-one-machine.md): the per-address sign-in limit lives in PostgreSQL,
// so N instances of the app give a flood the limit once, not N times. An "instance" here is what one is in
// production: its own Prisma client with its own connection pool, and its own in-process guard.

const PASSWORD = "correct horse battery";
const LIMITS = { capacity: 4, perMinute: 6, maxAddresses: 100 }; // a token every 10 s

function instance() {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: process.env.DATABASE_URL!, max: 3 }) });
  return { db, gate: new SignInGate({ ...LIMITS }) };
}
const instances: ReturnType<typeof instance>[] = [];
const started = (n: number) => {
  const made = Array.from({ length: n }, instance);
  instances.push(...made);
  return made;
};

afterEach(async () => {
  while (instances.length) await instances.pop()!.db.$disconnect();
});

describe("two instances share one limit per address", () => {
  test("attempts alternating between two instances are refused once the address has used the limit, though neither instance's own guard is empty", async () => {
    const [a, b] = started(2);
    const t0 = new Date("2026-12-03T08:00:00.000Z");
    const flood = "203.0.113.50";
    for (let i = 0; i < LIMITS.capacity; i++) {
      const { db, gate } = i % 2 === 0 ? a! : b!;
      expect(await gate.take(db, flood, t0)).toEqual({ ok: true, refused: null });
    }
    // each guard has seen 2 of 4: alone, each would let 2 more through (8 in all for two instances)
    expect(await a!.gate.take(a!.db, flood, t0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    expect(await b!.gate.take(b!.db, flood, t0)).toEqual({ ok: false, retryAfterSeconds: 10 });
    // another address is not affected, on either instance
    expect(await b!.gate.take(b!.db, "198.51.100.9", t0)).toEqual({ ok: true, refused: null });
    // 10 s later one attempt is back, on whichever instance; it carries both instances' refusals, to be summed up once
    const t1 = new Date(t0.getTime() + 10_000);
    expect(await b!.gate.take(b!.db, flood, t1)).toEqual({ ok: true, refused: { count: 2, since: t0 } });
    expect(await a!.gate.take(a!.db, flood, t1)).toEqual({ ok: false, retryAfterSeconds: 10 });
  });

  test("a burst spread over four instances at the same instant lets exactly the limit through", async () => {
    const all = started(4);
    const t0 = new Date("2026-12-03T09:00:00.000Z");
    const takes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => takeSharedSignIn(all[i % 4]!.db, "203.0.113.51", t0, LIMITS)),
    );
    expect(takes.filter((t) => t.ok)).toHaveLength(LIMITS.capacity);
    const row = await prisma.signInRate.findUnique({ where: { address: "203.0.113.51" } });
    expect(row).toMatchObject({ refused: 24 - LIMITS.capacity, tokens: 0 });
  });

  test("an instance's own guard hands its refusals over: the next attempt let through, on any instance, reports them all", async () => {
    const [a, b] = started(2);
    const t0 = new Date("2026-12-03T10:00:00.000Z");
    const address = "203.0.113.52";
    // A's guard alone refuses the 5th and 6th attempts it sees (no query); B's shared take refuses one more
    for (let i = 0; i < LIMITS.capacity; i++) expect((await a!.gate.take(a!.db, address, t0)).ok).toBe(true);
    const spy = vi.spyOn(a!.db, "$queryRawUnsafe");
    expect((await a!.gate.take(a!.db, address, t0)).ok).toBe(false);
    expect((await a!.gate.take(a!.db, address, t0)).ok).toBe(false);
    expect(spy).not.toHaveBeenCalled();
    expect((await b!.gate.take(b!.db, address, new Date(t0.getTime() + 1_000))).ok).toBe(false);
    // 10 s on, A lets one through: its 2 and B's 1, since the first of them
    expect(await a!.gate.take(a!.db, address, new Date(t0.getTime() + 10_000))).toEqual({ ok: true, refused: { count: 3, since: t0 } });
  });

  test("buckets full again for a while are forgotten by later attempts; a bucket holding refusals is kept", async () => {
    const t0 = new Date("2026-12-03T11:00:00.000Z");
    for (const address of ["192.0.2.1", "192.0.2.2", "192.0.2.3"]) await takeSharedSignIn(prisma, address, t0, LIMITS);
    for (let i = 0; i <= LIMITS.capacity; i++) await takeSharedSignIn(prisma, "192.0.2.4", t0, LIMITS); // one refused
    await takeSharedSignIn(prisma, "192.0.2.5", new Date(t0.getTime() + refillMs(LIMITS) + 1), LIMITS);
    expect((await prisma.signInRate.findMany({ orderBy: { address: "asc" } })).map((r) => r.address)).toEqual(["192.0.2.4", "192.0.2.5"]);
  });
});

describe("the embedded database (demo mode)", () => {
  test("the same statement runs on PGlite: the table is UNLOGGED there too, and the bucket behaves the same", async () => {
    const lite = new PGlite(); // in memory: only this migration's table
    const dir = readdirSync("prisma/migrations").find((d) => d.endsWith("_shared-rate-limits"))!;
    await lite.exec(readFileSync(`prisma/migrations/${dir}/migration.sql`, "utf8"));
    const db = new PrismaClient({ adapter: new PrismaPGlite(lite) });
    try {
      const t0 = new Date("2026-12-03T12:00:00.000Z");
      const limits = { capacity: 2, perMinute: 6 };
      const takes = [];
      for (let i = 0; i < 4; i++) takes.push(await takeSharedSignIn(db, "203.0.113.60", t0, limits));
      expect(takes).toEqual([{ ok: true, refused: null }, { ok: true, refused: null }, { ok: false, retryAfterSeconds: 10 }, { ok: false, retryAfterSeconds: 10 }]);
      expect(await takeSharedSignIn(db, "203.0.113.60", new Date(t0.getTime() + 10_000), limits, { count: 1, since: t0 })).toEqual({ ok: true, refused: { count: 3, since: t0 } });
      expect(await db.$queryRawUnsafe(`SELECT relpersistence FROM pg_class WHERE relname = 'SignInRate'`)).toEqual([{ relpersistence: "u" }]);
    } finally {
      await db.$disconnect();
      await lite.close();
    }
  }, 120_000); // starting PGlite (WebAssembly) takes seconds, more on a loaded machine
});

describe("the sign-in action", () => {
  let unitId: string;
  beforeAll(async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    unitId = (await makeUnit()).id;
  });
  afterAll(() => {
    delete process.env.TRUSTED_PROXY_HOPS;
  });
  const from = (address: string) => {
    const b = new Browser();
    b.headers = { ...b.headers, "x-forwarded-for": address };
    return b;
  };
  const signIn = (b: Browser, email: string, password: string) => asBrowser(b, () => signInAction(null, formOf({ email, password })));

  test("an address that used its limit through another instance is refused here before any transaction, password or audit row; the refusals are summed up in one row later", async () => {
    signInGate.reset({ capacity: 3, perMinute: 2 });
    const user = await makeUser("nurse", [unitId]);
    freezeClock();
    const flood = from("203.0.113.201");
    for (let i = 0; i < 3; i++) await signIn(flood, user.email, "guess");
    // the next request reaches another instance: its guard has never seen this address
    signInGate.reset();
    const audits = await prisma.auditEvent.count();
    const transactions = vi.spyOn(prisma, "$transaction");
    const users = vi.spyOn(prisma.user, "findUnique");
    const refused = await signIn(flood, user.email, PASSWORD);
    expect(refused).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: "Too many sign-in attempts from this computer: wait 30 seconds before trying again." });
    expect(transactions).not.toHaveBeenCalled();
    expect(users).not.toHaveBeenCalled();
    expect(await prisma.auditEvent.count()).toBe(audits);
    transactions.mockRestore();
    users.mockRestore();

    advanceClock(30_000);
    expect(await followRedirect(() => signIn(flood, user.email, PASSWORD))).toEqual({ redirectedTo: "/board" });
    const denied = await prisma.auditEvent.findMany({ where: { action: "sign-in", outcome: "denied" } });
    const limited = denied.map((r) => r.details as { reason?: string; address?: string }).filter((d) => d.reason === "rate-limited" && d.address === "203.0.113.201");
    expect(limited).toEqual([expect.objectContaining({ reason: "rate-limited", refused: 1 })]);
  });
});
