// Issue 11, item 5: hospital sign-in (OpenID Connect) against a REAL provider (oidc-provider) started in this process,
// never a mock. The provider's own login and consent pages are driven over HTTP; Bolus's two route handlers are the
// real ones, with the simulated browser's cookie jar (support/request-context.ts). docs/decisions/050.
import { randomUUID } from "node:crypto";
import { spawnSync } from "node:child_process";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { NextRequest } from "next/server";
import { asBrowser, freshBrowser, type Browser } from "./support/request-context";
import { makeUnit, makeUser, uid } from "./support/factories";
import { startTestProvider, signInAtProvider, type TestProvider } from "../support/oidc-provider";
import { prisma } from "@/lib/db/client";
import { SESSION_COOKIE } from "@/lib/auth/config";
import { hashToken, lookupSession } from "@/lib/auth/session";
import { advanceClock, freezeClock, now } from "./support/clock";
import { OIDC_FLOW_COOKIE, oidcButtonLabel, oidcFlowCookie, openFlow, oidcSettings, sealFlow } from "@/lib/auth/oidc";
import { parseOidcConfig } from "@/lib/auth/oidc-config";
import { signInGate, throttleConfig } from "@/lib/auth/throttle";
import * as startRoute from "@/app/api/auth/oidc/start/route";
import * as callbackRoute from "@/app/api/auth/oidc/callback/route";

const ORIGIN = "http://127.0.0.1:3100";
const REDIRECT_URI = `${ORIGIN}/api/auth/oidc/callback`;
const OIDC_KEYS = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "BOLUS_ORIGIN", "OIDC_BUTTON_LABEL", "OIDC_ROLES", "OIDC_ROLE_CLAIM", "OIDC_ROLE_MAP", "OIDC_UNIT_CLAIM", "OIDC_SCOPES"];

let provider: TestProvider;
let unitId: string;

function configure(extra: Record<string, string> = {}) {
  for (const k of OIDC_KEYS) delete process.env[k];
  Object.assign(process.env, {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    BOLUS_ORIGIN: ORIGIN,
    OIDC_BUTTON_LABEL: "Sign in with Test Hospital",
    ...extra,
  });
}

beforeAll(async () => {
  provider = await startTestProvider(REDIRECT_URI);
  unitId = (await makeUnit()).id;
  configure();
});

// each test a visitor the per-address sign-in gate has not seen (its own test below)
beforeEach(() => signInGate.reset({ ...throttleConfig.bucket }));

afterAll(async () => {
  for (const k of OIDC_KEYS) delete process.env[k];
  await provider?.close();
});

/** A person at the provider: login name → claims. */
function providerAccount(claims: Record<string, unknown>): string {
  const login = `p-${uid()}`;
  provider.accounts.set(login, claims);
  return login;
}

interface Attempt {
  browser: Browser;
  authorizationUrl: URL;
  /** where Bolus's callback sent the browser */
  location: string;
}

/** The whole hospital sign-in as a browser does it: Bolus's start, the provider's pages, Bolus's callback. */
async function ssoSignIn(login: string, o: { next?: string; tamperCallback?: (u: URL) => void; tamperFlow?: (f: Record<string, unknown>) => void; cancel?: boolean } = {}): Promise<Attempt> {
  const browser = freshBrowser();
  const startUrl = `${ORIGIN}/api/auth/oidc/start${o.next ? `?next=${encodeURIComponent(o.next)}` : ""}`;
  const started = await asBrowser(browser, () => startRoute.GET(new NextRequest(startUrl)));
  expect(started.status).toBe(303);
  const authorizationUrl = new URL(started.headers.get("location")!);
  const callback = await signInAtProvider(authorizationUrl.href, login, REDIRECT_URI, o.cancel ? { cancel: true } : {});
  o.tamperCallback?.(callback);
  if (o.tamperFlow) {
    // the flow cookie is sealed: only this server's key opens it, so the test tampers as if it held that key
    const c = browser.jar.get(OIDC_FLOW_COOKIE)!;
    const flow = openFlow(c.value, serverConfig()) as unknown as Record<string, unknown>;
    o.tamperFlow(flow);
    c.value = sealFlow(flow as unknown as Parameters<typeof sealFlow>[0], serverConfig());
  }
  const done = await asBrowser(browser, () => callbackRoute.GET(new NextRequest(callback)));
  expect(done.status).toBe(303);
  return { browser, authorizationUrl, location: done.headers.get("location")! };
}

function serverConfig() {
  const settings = oidcSettings();
  if (settings.state !== "on") throw new Error("hospital sign-in is not configured in this test");
  return settings.config;
}

async function mark(): Promise<bigint> {
  return (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}
async function auditSince(since: bigint) {
  return prisma.auditEvent.findMany({ where: { id: { gt: since } }, orderBy: { id: "asc" } });
}
async function sessionOf(browser: Browser) {
  const token = browser.cookie(SESSION_COOKIE)?.value;
  return token ? prisma.session.findUnique({ where: { tokenHash: hashToken(token) } }) : null;
}

describe("hospital sign-in, roles kept in Bolus (the default)", () => {
  test("the login page's label comes from the settings; start sends the browser to the provider with PKCE, state and nonce in an httpOnly cookie", async () => {
    expect(oidcButtonLabel()).toBe("Sign in with Test Hospital");
    const browser = freshBrowser();
    const res = await asBrowser(browser, () => startRoute.GET(new NextRequest(`${ORIGIN}/api/auth/oidc/start`)));
    const to = new URL(res.headers.get("location")!);
    // discovered from the provider's own metadata, not assumed
    const metadata = (await (await fetch(`${provider.issuer}/.well-known/openid-configuration`)).json()) as { authorization_endpoint: string };
    expect(`${to.origin}${to.pathname}`).toBe(metadata.authorization_endpoint);
    expect(Object.fromEntries(to.searchParams)).toMatchObject({
      client_id: provider.clientId, redirect_uri: REDIRECT_URI, response_type: "code", scope: "openid email profile", code_challenge_method: "S256",
    });
    for (const p of ["state", "nonce", "code_challenge"]) expect(to.searchParams.get(p)?.length).toBeGreaterThanOrEqual(40);
    const cookie = browser.cookie(OIDC_FLOW_COOKIE)!;
    expect(cookie.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/api/auth/oidc", maxAge: 600 });
    // the verifier stays in the cookie, sealed (decision 056): only its challenge goes to the provider
    expect(Buffer.from(cookie.value, "base64url").toString("latin1")).not.toContain(to.searchParams.get("state")!);
    const flow = openFlow(cookie.value, serverConfig())!;
    expect(to.toString()).not.toContain(flow.verifier);
    expect(flow.state).toBe(to.searchParams.get("state"));
  });

  test("first sign-in links the account by its verified e-mail, then by (issuer, subject) for good; a Bolus session and audit rows", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const login = providerAccount({ email: nurse.email.toUpperCase(), email_verified: true, name: "Nurse at the hospital" });
    const since = await mark();
    const first = await ssoSignIn(login);
    expect(first.location).toBe("/board");
    const session = await sessionOf(first.browser);
    expect(session?.userId).toBe(nurse.id);
    expect(session?.endedAt).toBeNull();
    expect(first.browser.cookie(SESSION_COOKIE)?.options).toMatchObject({ httpOnly: true, sameSite: "lax", path: "/" });
    expect(first.browser.cookie(OIDC_FLOW_COOKIE)).toBeUndefined();
    const linked = await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } });
    // the ID token's own `iss`, exactly as the provider signed it (not the configured address, with its added "/")
    expect(linked.oidcIssuer).toBe(provider.issuer);
    expect(provider.issuer).not.toBe(new URL(provider.issuer).href);
    expect(linked.oidcSubject).toBe(login);
    const rows = await auditSince(since);
    expect(rows.map((r) => [r.action, r.outcome, r.actorId])).toEqual([["sign-in", "success", nurse.id]]);
    expect(rows[0]!.details).toMatchObject({ method: "oidc", subject: login, linked: true, created: false });

    // the address changes at the hospital: the link by subject still finds her, and the role stays Bolus's
    provider.accounts.set(login, { email: `renamed-${uid()}@elsewhere.example`, email_verified: false });
    const second = await ssoSignIn(login);
    expect(second.location).toBe("/board");
    expect((await sessionOf(second.browser))?.userId).toBe(nurse.id);
    expect((await auditSince(since)).at(-1)!.details).toMatchObject({ method: "oidc", linked: false });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).role).toBe("nurse");
  });

  test("the page asked for before sign-in is returned to (?next=, through returnTo); a page the role may not open is not", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const login = providerAccount({ email: nurse.email, email_verified: true });
    const course = `/courses/${randomUUID()}`;
    expect((await ssoSignIn(login, { next: course })).location).toBe(course);
    expect((await ssoSignIn(login, { next: "/admin/users" })).location).toBe("/board");
    expect((await ssoSignIn(login, { next: "//evil.example/" })).location).toBe("/board");
  });

  test("an account holding a temporary password still goes to /account/password", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    await prisma.user.update({ where: { id: nurse.id }, data: { mustChangePassword: true } });
    const login = providerAccount({ email: nurse.email, email_verified: true });
    const out = await ssoSignIn(login, { next: "/board" });
    expect(out.location).toBe("/account/password");
    expect((await sessionOf(out.browser))?.userId).toBe(nurse.id);
  });

  test("it is the same Bolus session: deactivating the account ends it at its next request", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }));
    const token = out.browser.cookie(SESSION_COOKIE)!.value;
    expect((await lookupSession(token, now())).state).toBe("valid");
    await prisma.user.update({ where: { id: nurse.id }, data: { active: false } });
    expect(await lookupSession(token, now())).toMatchObject({ state: "expired", reason: "user-inactive" });
  });

  describe("refusals: back to /login with a sentence, no session, a denied audit row", () => {
    async function expectRefused(out: Attempt, since: bigint, sso: string, reason: string, actorId: string | null = null) {
      const to = new URL(out.location, ORIGIN);
      expect(to.pathname).toBe("/login");
      expect(to.searchParams.get("sso")).toBe(sso);
      expect(out.browser.cookie(SESSION_COOKIE)).toBeUndefined();
      const rows = await auditSince(since);
      expect(rows.map((r) => [r.action, r.outcome])).toEqual([["sign-in", "denied"]]);
      expect(rows[0]!.details).toMatchObject({ method: "oidc", reason });
      expect(rows[0]!.actorId).toBe(actorId);
    }

    test("a person Bolus does not know (no account with that e-mail)", async () => {
      const since = await mark();
      const email = `stranger-${uid()}@hospital.example`;
      const out = await ssoSignIn(providerAccount({ email, email_verified: true }));
      await expectRefused(out, since, "unknown-user", "unknown-user");
      expect((await auditSince(since))[0]!.actorLabel).toBe(email);
      expect(await prisma.user.count({ where: { email } })).toBe(0);
    });

    test("a deactivated account, before and after it was linked", async () => {
      const nurse = await makeUser("nurse", [unitId], undefined, { active: false });
      let since = await mark();
      await expectRefused(await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true })), since, "inactive", "inactive", nurse.id);
      expect((await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).oidcSubject).toBeNull();

      const linked = await makeUser("nurse", [unitId]);
      const login = providerAccount({ email: linked.email, email_verified: true });
      await ssoSignIn(login);
      await prisma.user.update({ where: { id: linked.id }, data: { active: false } });
      since = await mark();
      await expectRefused(await ssoSignIn(login), since, "inactive", "inactive", linked.id);
    });

    test("an e-mail address the provider does not mark verified is never linked", async () => {
      const nurse = await makeUser("nurse", [unitId]);
      for (const verified of [false, undefined, "yes"]) {
        const since = await mark();
        const out = await ssoSignIn(providerAccount({ email: nurse.email, ...(verified === undefined ? {} : { email_verified: verified }) }));
        await expectRefused(out, since, "unverified-email", "unverified-email");
      }
      expect((await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).oidcSubject).toBeNull();
    });

    test("an account already linked to another hospital identity", async () => {
      const nurse = await makeUser("nurse", [unitId]);
      await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }));
      const since = await mark();
      await expectRefused(await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true })), since, "linked-elsewhere", "linked-elsewhere", nurse.id);
    });

    test("an administrator's account is never linked by e-mail alone: the administrator signs in with a password (review)", async () => {
      const admin = await makeUser("admin", [unitId]);
      const since = await mark();
      await expectRefused(await ssoSignIn(providerAccount({ email: admin.email, email_verified: true })), since, "admin-by-password", "admin-by-password", admin.id);
      expect(await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).toMatchObject({ oidcSubject: null, oidcIssuer: null, role: "admin" });
    });

    test("a state that is not this browser's attempt (a forged or replayed return)", async () => {
      const nurse = await makeUser("nurse", [unitId]);
      const since = await mark();
      const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }), { tamperCallback: (u) => u.searchParams.set("state", "forged-state-value") });
      await expectRefused(out, since, "expired-attempt", "state-mismatch");
    });

    test("a nonce in the ID token that is not this attempt's", async () => {
      const nurse = await makeUser("nurse", [unitId]);
      const since = await mark();
      const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }), { tamperFlow: (f) => (f.nonce = "not-the-nonce-sent") });
      await expectRefused(out, since, "expired-attempt", "nonce-mismatch");
    });

    test("a PKCE verifier that is not this attempt's: the provider refuses the code", async () => {
      const nurse = await makeUser("nurse", [unitId]);
      const since = await mark();
      const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }), { tamperFlow: (f) => (f.verifier = "x".repeat(43)) });
      await expectRefused(out, since, "provider-error", "token-check-failed");
    });

    test("a return with no attempt in this browser, and an attempt older than ten minutes", async () => {
      let since = await mark();
      const browser = freshBrowser();
      const res = await asBrowser(browser, () => callbackRoute.GET(new NextRequest(`${REDIRECT_URI}?code=abc&state=def`)));
      expect(res.headers.get("location")).toBe("/login?sso=expired-attempt");
      expect((await auditSince(since)).map((r) => [r.outcome, (r.details as { reason: string }).reason])).toEqual([["denied", "no-attempt"]]);

      const nurse = await makeUser("nurse", [unitId]);
      since = await mark();
      const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }), { tamperFlow: (f) => (f.at = (f.at as number) - 11 * 60_000) });
      await expectRefused(out, since, "expired-attempt", "attempt-expired");
    });

    test("the person cancels at the provider", async () => {
      const nurse = await makeUser("nurse", [unitId]);
      const since = await mark();
      const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true }), { cancel: true });
      await expectRefused(out, since, "cancelled", "cancelled");
    });

    test("a provider that does not answer", async () => {
      configure({ OIDC_ISSUER: "http://127.0.0.1:9/" });
      try {
        const since = await mark();
        const browser = freshBrowser();
        const res = await asBrowser(browser, () => startRoute.GET(new NextRequest(`${ORIGIN}/api/auth/oidc/start?next=/board`)));
        expect(res.headers.get("location")).toBe("/login?sso=provider-error&next=%2Fboard");
        const rows = await auditSince(since);
        expect(rows.map((r) => [r.action, r.outcome])).toEqual([["sign-in", "error"]]);
        expect(rows[0]!.details).toMatchObject({ method: "oidc", reason: "provider-error", stage: "discovery" });
      } finally {
        configure();
      }
    });

    test("without OIDC settings there is no button and the routes refuse in words", async () => {
      for (const k of OIDC_KEYS) delete process.env[k];
      try {
        expect(oidcButtonLabel()).toBeNull();
        const since = await mark();
        const res = await asBrowser(freshBrowser(), () => startRoute.GET(new NextRequest(`${ORIGIN}/api/auth/oidc/start`)));
        expect(res.headers.get("location")).toBe("/login?sso=not-configured");
        expect((await auditSince(since)).map((r) => r.outcome)).toEqual(["denied"]);
      } finally {
        configure();
      }
    });
  });

  test("the routes answer GET only (any other method is refused by Next.js with 405)", () => {
    expect(Object.keys(startRoute).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
    expect(Object.keys(callbackRoute).filter((k) => /^[A-Z]+$/.test(k))).toEqual(["GET"]);
  });
});

describe("hospital sign-in, roles and units from the claims (OIDC_ROLES=claims)", () => {
  let unitName: string;
  let otherUnit: { id: string; name: string };
  beforeAll(async () => {
    unitName = (await prisma.unit.findUniqueOrThrow({ where: { id: unitId } })).name;
    otherUnit = await makeUnit();
  });
  const claimsMode = () =>
    configure({ OIDC_ROLES: "claims", OIDC_ROLE_CLAIM: "bolus_roles", OIDC_ROLE_MAP: "il2-nurse=nurse,il2-attending=attending,il2-pharmacy=pharmacist", OIDC_UNIT_CLAIM: "bolus_units", OIDC_SCOPES: "openid email profile bolus" });
  afterEach(() => configure());

  test("an unknown person gets an account with the mapped role and units (audited); a later change of claims changes both (audited)", async () => {
    claimsMode();
    const email = `new-nurse-${uid()}@hospital.example`;
    const login = providerAccount({ email, email_verified: true, name: "Ana Example", bolus_roles: ["staff", "il2-nurse"], bolus_units: [unitName, "A unit Bolus does not have"] });
    const since = await mark();
    const out = await ssoSignIn(login);
    expect(out.location).toBe("/board");
    const user = await prisma.user.findUniqueOrThrow({ where: { email }, include: { assignments: true } });
    expect(user).toMatchObject({ name: "Ana Example", role: "nurse", active: true, mustChangePassword: false, oidcSubject: login });
    expect(user.assignments.map((a) => a.unitId)).toEqual([unitId]);
    expect((await sessionOf(out.browser))?.userId).toBe(user.id);
    let rows = await auditSince(since);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["user-create", "success"], ["sign-in", "success"]]);
    expect(rows[0]!.details).toMatchObject({ source: "oidc-claims", role: "nurse", unitIds: [unitId], unknownUnits: ["A unit Bolus does not have"] });
    expect(rows[1]!.details).toMatchObject({ method: "oidc", created: true });

    provider.accounts.set(login, { email, email_verified: true, bolus_roles: "il2-attending", bolus_units: otherUnit.name });
    const since2 = await mark();
    expect((await ssoSignIn(login)).location).toBe("/reviews");
    const changed = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, include: { assignments: true } });
    expect(changed.role).toBe("attending");
    expect(changed.assignments.map((a) => a.unitId)).toEqual([otherUnit.id]);
    rows = await auditSince(since2);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["user-update", "success"], ["sign-in", "success"]]);
    expect(rows[0]!.details).toMatchObject({ source: "oidc-claims", from: { role: "nurse", unitIds: [unitId] }, to: { role: "attending", unitIds: [otherUnit.id] } });

    // unchanged claims: no update row
    const since3 = await mark();
    await ssoSignIn(login);
    expect((await auditSince(since3)).map((r) => r.action)).toEqual(["sign-in"]);
  });

  test("an existing Bolus account is linked by verified e-mail and takes the claims' role", async () => {
    claimsMode();
    const pharmacist = await makeUser("nurse", [unitId]);
    const out = await ssoSignIn(providerAccount({ email: pharmacist.email, email_verified: true, bolus_roles: "il2-pharmacy", bolus_units: [unitName] }));
    expect(out.location).toBe("/verifications");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: pharmacist.id } })).role).toBe("pharmacist");
  });

  test.each([
    ["no mapped role", { bolus_roles: ["staff", "visitor"], bolus_units: ["x"] }, "no-role"],
    ["two mapped roles", { bolus_roles: ["il2-nurse", "il2-attending"] }, "two-roles"],
    ["no unit Bolus has", { bolus_roles: "il2-nurse", bolus_units: ["Nowhere ward"] }, "no-unit"],
  ])("refused with words, nobody created: %s", async (_what, claims, refusal) => {
    claimsMode();
    const email = `claims-${uid()}@hospital.example`;
    const since = await mark();
    const out = await ssoSignIn(providerAccount({ email, email_verified: true, ...claims }));
    expect(new URL(out.location, ORIGIN).searchParams.get("sso")).toBe(refusal);
    expect(out.browser.cookie(SESSION_COOKIE)).toBeUndefined();
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    const rows = await auditSince(since);
    expect(rows.map((r) => [r.action, r.outcome])).toEqual([["sign-in", "denied"]]);
    expect(rows[0]!.details).toMatchObject({ method: "oidc", reason: refusal });
  });

  test("claims that map to no role refuse an existing account before it is linked: the refusal changes nothing", async () => {
    claimsMode();
    const nurse = await makeUser("nurse", [unitId]);
    const since = await mark();
    const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true, bolus_roles: "visitor", bolus_units: [unitName] }));
    expect(new URL(out.location, ORIGIN).searchParams.get("sso")).toBe("no-role");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).toMatchObject({ role: "nurse", oidcSubject: null, oidcIssuer: null });
    expect((await auditSince(since)).map((r) => [r.action, r.outcome, r.actorId])).toEqual([["sign-in", "denied", nurse.id]]);
  });

  test("claims never take the administrator role from the last active administrator (review)", async () => {
    configure({ OIDC_ROLES: "claims", OIDC_ROLE_CLAIM: "bolus_roles", OIDC_ROLE_MAP: "il2-nurse=nurse,il2-admin=admin", OIDC_UNIT_CLAIM: "bolus_units", OIDC_SCOPES: "openid email profile bolus" });
    const email = `claims-admin-${uid()}@hospital.example`;
    const login = providerAccount({ email, email_verified: true, bolus_roles: "il2-admin", bolus_units: [unitName] });
    expect((await ssoSignIn(login)).location).toBe("/admin");
    const admin = await prisma.user.findUniqueOrThrow({ where: { email } });
    // this database's other administrators step aside for the test, so the claims-made one is the last
    const others = await prisma.user.findMany({ where: { role: "admin", active: true, id: { not: admin.id } }, select: { id: true } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: false } });
    try {
      provider.accounts.set(login, { email, email_verified: true, bolus_roles: "il2-nurse", bolus_units: [unitName] });
      const since = await mark();
      const out = await ssoSignIn(login);
      expect(new URL(out.location, ORIGIN).searchParams.get("sso")).toBe("last-admin");
      expect(out.browser.cookie(SESSION_COOKIE)).toBeUndefined();
      expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("admin");
      expect((await auditSince(since)).map((r) => [r.action, r.outcome, (r.details as { reason?: string }).reason])).toEqual([["sign-in", "denied", "last-admin"]]);
      // with another active administrator, the claims' role holds
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
      if (others.length === 0) await makeUser("admin", [unitId]);
      expect((await ssoSignIn(login)).location).toBe("/board");
      expect((await prisma.user.findUniqueOrThrow({ where: { id: admin.id } })).role).toBe("nurse");
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { active: true } });
    }
  });

  test("a deactivated account stays out whatever the claims say", async () => {
    claimsMode();
    const nurse = await makeUser("nurse", [unitId], undefined, { active: false });
    const out = await ssoSignIn(providerAccount({ email: nurse.email, email_verified: true, bolus_roles: "il2-nurse", bolus_units: [unitName] }));
    expect(new URL(out.location, ORIGIN).searchParams.get("sso")).toBe("inactive");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).active).toBe(false);
  });
});

test("settings that are not a usable set stop the server start with every problem in words", () => {
  const env: NodeJS.ProcessEnv = { ...process.env, OIDC_ISSUER: "http://idp.hospital.example", OIDC_CLIENT_ID: "bolus", OIDC_ROLES: "claims", OIDC_ROLE_MAP: "il2-nurse=matron" };
  for (const k of ["OIDC_CLIENT_SECRET", "BOLUS_ORIGIN", "OIDC_REDIRECT_URI"]) delete env[k];
  const run = spawnSync("node_modules/.bin/tsx", ["scripts/oidc-check.ts"], { env, encoding: "utf8" });
  expect(run.status).toBe(1);
  expect(run.stderr).toContain("Bolus refuses to start: the hospital sign-in (OIDC_*) settings are not usable.");
  for (const words of ["OIDC_ISSUER must use https", "OIDC_CLIENT_SECRET is not set", "Set BOLUS_ORIGIN", '"matron" is not a Bolus role', "OIDC_ROLE_CLAIM"]) expect(run.stderr).toContain(words);
  expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/); // words, not a stack trace
});

describe("hardening after the review of decision 050 (decision 056)", () => {
  test("the flow cookie is sealed: an attempt forged as plain JSON, altered by one byte, or sealed with another key is no attempt", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const login = providerAccount({ email: nurse.email, email_verified: true });
    type Forge = (value: string, flow: NonNullable<ReturnType<typeof openFlow>>) => string;
    const forgeries: Forge[] = [
      // a cookie planted by someone who chose its contents (how the flow was kept before decision 056)
      (_v, flow) => Buffer.from(JSON.stringify({ ...flow, next: "/admin" })).toString("base64url"),
      (v) => {
        const b = Buffer.from(v, "base64url");
        b[b.length - 1]! ^= 1;
        return b.toString("base64url");
      },
      (_v, flow) => sealFlow(flow, { clientId: provider.clientId, clientSecret: "not-this-servers-secret" }),
    ];
    for (const forge of forgeries) {
      const browser = freshBrowser();
      const started = await asBrowser(browser, () => startRoute.GET(new NextRequest(`${ORIGIN}/api/auth/oidc/start`)));
      const callback = await signInAtProvider(started.headers.get("location")!, login, REDIRECT_URI);
      const c = browser.jar.get(OIDC_FLOW_COOKIE)!;
      c.value = forge(c.value, openFlow(c.value, serverConfig())!);
      const since = await mark();
      const done = await asBrowser(browser, () => callbackRoute.GET(new NextRequest(callback)));
      expect(done.headers.get("location")).toBe("/login?sso=expired-attempt");
      expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
      const rows = await auditSince(since);
      expect(rows.map((r) => [r.outcome, (r.details as { reason: string }).reason])).toEqual([["denied", "attempt-not-sealed-here"]]);
    }
    expect((await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).oidcSubject).toBeNull();
  });

  test("with Secure cookies (production) the flow cookie is __Host-bolus_oidc: Secure, Path=/, no Domain; the sign-in completes with it", async () => {
    const saved = process.env.COOKIE_SECURE;
    process.env.COOKIE_SECURE = "1";
    try {
      expect(oidcFlowCookie()).toEqual({ name: "__Host-bolus_oidc", path: "/", secure: true });
      const nurse = await makeUser("nurse", [unitId]);
      const login = providerAccount({ email: nurse.email, email_verified: true });
      const browser = freshBrowser();
      const started = await asBrowser(browser, () => startRoute.GET(new NextRequest(`${ORIGIN}/api/auth/oidc/start`)));
      expect(browser.cookie(OIDC_FLOW_COOKIE)).toBeUndefined();
      const cookie = browser.cookie("__Host-bolus_oidc")!;
      expect(cookie.options).toMatchObject({ httpOnly: true, secure: true, sameSite: "lax", path: "/", maxAge: 600 });
      expect(cookie.options).not.toHaveProperty("domain");
      // sealed under its own name: the same value under the plain name would not open
      expect(openFlow(cookie.value, serverConfig(), "__Host-bolus_oidc")).not.toBeNull();
      expect(openFlow(cookie.value, serverConfig(), OIDC_FLOW_COOKIE)).toBeNull();
      const callback = await signInAtProvider(started.headers.get("location")!, login, REDIRECT_URI);
      const done = await asBrowser(browser, () => callbackRoute.GET(new NextRequest(callback)));
      expect(done.headers.get("location")).toBe("/board");
      expect(browser.cookie("__Host-bolus_oidc")).toBeUndefined();
    } finally {
      if (saved === undefined) delete process.env.COOKIE_SECURE;
      else process.env.COOKIE_SECURE = saved;
    }
  });

  test("a link made with the configured address (before decision 056) is found and moved to the token's iss, audited", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const login = providerAccount({ email: `renamed-${uid()}@elsewhere.example`, email_verified: false });
    await prisma.user.update({ where: { id: nurse.id }, data: { oidcIssuer: new URL(provider.issuer).href, oidcSubject: login } });
    const since = await mark();
    const out = await ssoSignIn(login);
    expect(out.location).toBe("/board");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: nurse.id } })).oidcIssuer).toBe(provider.issuer);
    expect((await auditSince(since)).at(-1)!.details).toMatchObject({ method: "oidc", issuer: provider.issuer, issuerUpdatedFrom: new URL(provider.issuer).href, linked: false });
  });

  test("an account linked under another issuer with the same subject is not this person", async () => {
    const nurse = await makeUser("nurse", [unitId]);
    const login = providerAccount({ email: `someone-${uid()}@elsewhere.example`, email_verified: false });
    await prisma.user.update({ where: { id: nurse.id }, data: { oidcIssuer: "https://login.other-hospital.example/tenant-b/v2.0", oidcSubject: login } });
    const out = await ssoSignIn(login);
    expect(new URL(out.location, ORIGIN).searchParams.get("sso")).toBe("unverified-email");
    expect(out.browser.cookie(SESSION_COOKIE)).toBeUndefined();
  });

  test.each([
    "https://login.microsoftonline.com/common/v2.0",
    "https://login.microsoftonline.com/organizations/v2.0",
    "https://login.microsoftonline.com/consumers/v2.0",
    "https://login.microsoftonline.com/{tenantid}/v2.0",
  ])("a multi-tenant issuer whose iss varies is a configuration error: %s", (issuer) => {
    const result = parseOidcConfig({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "bolus", OIDC_CLIENT_SECRET: "s", BOLUS_ORIGIN: "https://bolus.hospital.example" });
    expect(result.state).toBe("invalid");
    expect(result.state === "invalid" && result.problems.join("\n")).toContain("is a multi-tenant address");
  });

  test("a tenant's own issuer is accepted; the server start refuses /common in words", () => {
    const tenant = parseOidcConfig({ OIDC_ISSUER: "https://login.microsoftonline.com/8f2c1e9a-0000-4000-8000-000000000001/v2.0", OIDC_CLIENT_ID: "bolus", OIDC_CLIENT_SECRET: "s", BOLUS_ORIGIN: "https://bolus.hospital.example" });
    expect(tenant.state).toBe("on");
    const env: NodeJS.ProcessEnv = { ...process.env, OIDC_ISSUER: "https://login.microsoftonline.com/common/v2.0", OIDC_CLIENT_ID: "bolus", OIDC_CLIENT_SECRET: "s", BOLUS_ORIGIN: "https://bolus.hospital.example" };
    const run = spawnSync("node_modules/.bin/tsx", ["scripts/oidc-check.ts"], { env, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Use your hospital's own tenant");
  });

  test("unauthenticated requests pass the per-address sign-in gate before any audit row; the next one let through sums the refused up in one row", async () => {
    freezeClock();
    signInGate.reset({ capacity: 2, perMinute: 1 });
    try {
      const since = await mark();
      const callback = async (i: number) => (await asBrowser(freshBrowser(), () => callbackRoute.GET(new NextRequest(`${REDIRECT_URI}?code=c${i}&state=s${i}`)))).headers.get("location");
      const results: (string | null)[] = [];
      for (let i = 0; i < 6; i++) results.push(await callback(i));
      expect(results).toEqual([...Array(2).fill("/login?sso=expired-attempt"), ...Array(4).fill("/login?sso=throttled")]);
      expect((await auditSince(since)).map((r) => (r.details as { reason: string }).reason)).toEqual(["no-attempt", "no-attempt"]);

      // an unconfigured server's start is gated too (it would write a row each)
      for (const k of OIDC_KEYS) delete process.env[k];
      try {
        const res = await asBrowser(freshBrowser(), () => startRoute.GET(new NextRequest(`${ORIGIN}/api/auth/oidc/start`)));
        expect(res.headers.get("location")).toBe("/login?sso=throttled");
      } finally {
        configure();
      }
      expect(await auditSince(since)).toHaveLength(2);

      advanceClock(60_000); // one attempt regained
      expect(await callback(7)).toBe("/login?sso=expired-attempt");
      const rows = await auditSince(since);
      expect(rows.map((r) => (r.details as { reason: string }).reason)).toEqual(["no-attempt", "no-attempt", "rate-limited", "no-attempt"]);
      expect(rows[2]!.details).toMatchObject({ refused: 5, address: "unknown" });
    } finally {
      signInGate.reset({ ...throttleConfig.bucket });
    }
  });
});
