// Decision 047: production mode against an empty PostgreSQL — no demo account, the setup answer until an
// administrator exists, `npm run setup:admin` makes one; a demo account blocks the start until removed.
// The start's own steps (prisma/seed.ts --if-empty, scripts/setup-check.ts, the setup scripts) run as scripts/start.mjs
// runs them: child processes with the operator's environment.
import { spawnSync } from "node:child_process";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { admin, databaseUrl, freshMigratedDatabase } from "./support/databases";
import { verifyPassword } from "@/lib/auth/password";

const name = `${new URL(databaseUrl()).pathname.slice(1)}_firstrun_${process.pid}`;
let url: string;

function tsx(args: string[], env: Record<string, string> = {}) {
  // production as the operator starts it: DATABASE_URL set, no BOLUS_DEMO, no BOLUS_MODE inherited
  const base = { ...process.env, DATABASE_URL: url, NODE_ENV: "production" } as Record<string, string | undefined>;
  delete base.BOLUS_DEMO;
  delete base.BOLUS_MODE;
  return spawnSync("node_modules/.bin/tsx", args, { encoding: "utf8", env: { ...base, ...env } as NodeJS.ProcessEnv, timeout: 120_000 });
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  url = await freshMigratedDatabase(name);
});
afterAll(async () => {
  await admin(databaseUrl(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
});

describe("first run in production mode", () => {
  test("no demo data, the setup answer, setup:admin makes the one administrator; a demo account blocks the start", async () => {
    const seed = tsx(["prisma/seed.ts", "--if-empty"]);
    expect(seed.status, seed.stderr).toBe(0);
    expect(seed.stdout).toMatch(/production mode: demo data not loaded/);
    expect(await query(`SELECT id FROM "User"`)).toHaveLength(0);

    // BOLUS_MODE=demo does not override DATABASE_URL: still no demo accounts (review of issue 11, fix 5)
    const demoNamed = tsx(["prisma/seed.ts", "--if-empty"], { BOLUS_MODE: "demo" });
    expect(demoNamed.status, demoNamed.stderr).toBe(0);
    expect(demoNamed.stdout).toMatch(/production mode: demo data not loaded/);
    expect(await query(`SELECT id FROM "User"`)).toHaveLength(0);

    const explicitSeed = tsx(["prisma/seed.ts"]);
    expect(explicitSeed.status).toBe(1);
    expect(explicitSeed.stderr).toMatch(/demo data only with BOLUS_DEMO=1/);

    const check = tsx(["scripts/setup-check.ts"]);
    expect(check.status, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/Bolus is not set up yet: run `npm run setup:admin -- --email/);

    const usage = tsx(["scripts/setup-admin.ts", "--email", "chief@hospital.example"]);
    expect(usage.status).toBe(2);

    const made = tsx(["scripts/setup-admin.ts", "--email", "Chief@Hospital.example", "--name", "Dr Chief Admin"]);
    expect(made.status, made.stderr).toBe(0);
    const temporary = /Temporary password \(shown once, not stored in the clear\): (\S+)/.exec(made.stdout)?.[1];
    expect(temporary).toMatch(/^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    const users = await query<{ id: string; email: string; role: string; mustChangePassword: boolean; passwordHash: string }>(`SELECT id, email, role, "mustChangePassword", "passwordHash" FROM "User"`);
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ email: "chief@hospital.example", role: "admin", mustChangePassword: true });
    expect(await verifyPassword(users[0]!.passwordHash, temporary!)).toBe(true);
    expect(users[0]!.passwordHash).not.toContain(temporary!);
    const audit = await query<{ action: string; outcome: string; actorLabel: string; entityId: string }>(`SELECT action, outcome, "actorLabel", "entityId" FROM "AuditEvent" WHERE action = 'setup-admin'`);
    expect(audit).toEqual([{ action: "setup-admin", outcome: "success", actorLabel: "setup (server console)", entityId: users[0]!.id }]);

    const checked = tsx(["scripts/setup-check.ts"]);
    expect(checked.status).toBe(0);
    expect(checked.stderr).not.toMatch(/not set up/);

    const again = tsx(["scripts/setup-admin.ts", "--email", "second@hospital.example", "--name", "Second"]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/An active administrator already exists/);
    expect(await query(`SELECT id FROM "User"`)).toHaveLength(1);
    expect(await query(`SELECT id FROM "AuditEvent" WHERE action = 'setup-admin' AND outcome = 'denied'`)).toHaveLength(1);

    // a demo account in a production database (here put there by hand): the start is refused until it is removed
    await query(`INSERT INTO "User" (id, email, name, role, "passwordHash") VALUES (gen_random_uuid(), 'admin@bolus.demo', 'Alex Admin', 'admin', 'x')`);
    const blocked = tsx(["scripts/setup-check.ts"]);
    expect(blocked.status).toBe(1);
    expect(blocked.stderr).toMatch(/refuses to start in production mode: the demo account admin@bolus.demo .*npm run setup:remove-demo/);
    expect(tsx(["scripts/setup-check.ts"], { BOLUS_DEMO: "1" }).status).toBe(0);

    const removed = tsx(["scripts/setup-remove-demo.ts"]);
    expect(removed.status, removed.stderr).toBe(0);
    expect(removed.stdout).toMatch(/Demo accounts deactivated: admin@bolus.demo/);
    expect(await query(`SELECT active FROM "User" WHERE email = 'admin@bolus.demo'`)).toEqual([{ active: false }]);
    expect(await query(`SELECT id FROM "AuditEvent" WHERE action = 'setup-remove-demo'`)).toHaveLength(1);
    expect(tsx(["scripts/setup-check.ts"]).status).toBe(0);
  }, 180_000);
});

describe("the setup answer (lib/auth/first-run.ts)", () => {
  test("a production server without an active administrator answers only 'not set up'; once one exists, never again", async () => {
    const { prisma } = await import("@/lib/db/client");
    const { setupNeeded } = await import("@/lib/auth/first-run");
    const { makeUser } = await import("./support/factories");
    const admins = await prisma.user.findMany({ where: { role: "admin", active: true }, select: { id: true } });
    const mode = process.env.BOLUS_MODE;
    await prisma.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { active: false } });
    try {
      // the demo (the embedded database: no DATABASE_URL) never asks
      const databaseUrl = process.env.DATABASE_URL;
      process.env.BOLUS_MODE = "demo";
      delete process.env.DATABASE_URL;
      try {
        expect(await setupNeeded()).toBe(false);
      } finally {
        process.env.DATABASE_URL = databaseUrl;
      }
      // BOLUS_MODE=demo on a real database is production: it asks (review of issue 11, fix 5)
      expect(await setupNeeded()).toBe(true);
      process.env.BOLUS_MODE = "production";
      expect(await setupNeeded()).toBe(true);
      await makeUser("nurse", []);
      expect(await setupNeeded()).toBe(true); // a user is not an administrator
      const admin = await makeUser("admin", []);
      expect(await setupNeeded()).toBe(false);
      await prisma.user.update({ where: { id: admin.id }, data: { active: false } });
      expect(await setupNeeded()).toBe(false); // an installation does not become un-set-up
    } finally {
      if (mode === undefined) delete process.env.BOLUS_MODE;
      else process.env.BOLUS_MODE = mode;
      await prisma.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { active: true } });
    }
  });
});

describe("setup:admin with an e-mail already in use (lib/auth/setup.ts)", () => {
  test("is refused and, like every refusal, leaves a denied audit row naming the existing user; nothing is created", async () => {
    const { prisma } = await import("@/lib/db/client");
    const { createFirstAdministrator, SETUP_ACTOR } = await import("@/lib/auth/setup");
    const { makeUser } = await import("./support/factories");
    const admins = await prisma.user.findMany({ where: { role: "admin", active: true }, select: { id: true } });
    await prisma.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { active: false } });
    try {
      const nurse = await makeUser("nurse", []);
      const now = new Date();
      const out = await createFirstAdministrator(prisma, { email: nurse.email.toUpperCase(), name: "Dr Someone", now });
      expect(out).toEqual({ ok: false, reason: `A user ${nurse.email} already exists. Choose another e-mail address.` });
      expect(await prisma.user.count({ where: { email: nurse.email } })).toBe(1);
      const rows = await prisma.auditEvent.findMany({ where: { action: "setup-admin", entityId: nurse.id } });
      expect(rows).toEqual([
        expect.objectContaining({ outcome: "denied", actorLabel: SETUP_ACTOR, actorId: null, details: { reason: "a user with this e-mail exists", email: nurse.email } }),
      ]);
    } finally {
      await prisma.user.updateMany({ where: { id: { in: admins.map((a) => a.id) } }, data: { active: true } });
    }
  });
});
