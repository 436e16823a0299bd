import "server-only";
import { adminChangeRefusal } from "@/lib/domain/people";
import * as clock from "@/lib/clock";
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { cookies, headers } from "next/headers";
import * as client from "openid-client";
import { prisma, type Tx } from "@/lib/db/client";
import { writeAudit, type AuditEntry } from "@/lib/db/audit";
import { hashPassword } from "@/lib/auth/password";
import { createSession, setSessionCookie } from "@/lib/auth/session";
import { cookiesAreSecure } from "@/lib/auth/config";
import { auditGateRefusals, signInGate } from "@/lib/auth/throttle";
import { clientAddress, trustedProxyHops } from "@/lib/auth/throttle-address";
import { returnTo, safeNextPath } from "@/lib/auth/return-to";
import { CHANGE_PASSWORD_PATH, type Role } from "@/lib/auth/permissions";
import {
  claimUnitNames, parseOidcConfig, roleFromClaims, verifiedEmail,
  type OidcClaims, type OidcConfig, type OidcConfigResult, type OidcRefusal,
} from "@/lib/auth/oidc-config";

// Hospital sign-in: the OpenID Connect authorization code flow with PKCE, state and nonce (openid-client), ending in
// the same server session a password sign-in makes (lib/auth/session.ts), so idle and absolute limits, deactivation
// and sign-out all apply. Every attempt, signed in or refused, leaves a "sign-in" audit row with details.method
// "oidc". docs/decisions/050-hospital-sign-in-oidc.md.

/**
 * The attempt in flight: state, nonce and PKCE verifier, kept in a short-lived httpOnly cookie between the two legs,
 * sealed (AES-256-GCM under a key derived from the client secret: see sealFlow) so that nobody — a sibling subdomain
 * planting a cookie included — can read the verifier or forge an attempt of their own (decision 056). Named like the
 * session cookie: `__Host-bolus_oidc` (Path=/, Secure, no Domain) whenever cookies are Secure (lib/auth/config.ts).
 */
export const OIDC_FLOW_COOKIE = "bolus_oidc";
export const OIDC_FLOW_COOKIE_PATH = "/api/auth/oidc";

/** The flow cookie's name and path: `__Host-` requires Path=/, so the narrower path is only for plain-HTTP development. */
export function oidcFlowCookie(env: NodeJS.ProcessEnv = process.env): { name: string; path: string; secure: boolean } {
  const secure = cookiesAreSecure(env);
  return secure ? { name: `__Host-${OIDC_FLOW_COOKIE}`, path: "/", secure } : { name: OIDC_FLOW_COOKIE, path: OIDC_FLOW_COOKIE_PATH, secure };
}
/** How long the browser may spend at the provider before the attempt is void. */
export const OIDC_FLOW_MINUTES = 10;

interface Flow {
  state: string;
  nonce: string;
  verifier: string;
  next: string | null;
  /** epoch ms when the attempt started (the server clock) */
  at: number;
}

/** The key that seals the flow cookie: derived from the client secret, which only Bolus (and its provider) holds. */
function flowKey(config: Pick<OidcConfig, "clientSecret" | "clientId">): Buffer {
  return Buffer.from(hkdfSync("sha256", config.clientSecret, `bolus oidc ${config.clientId}`, "bolus oidc flow cookie v1", 32));
}

/** The flow, encrypted and authenticated (AES-256-GCM; the cookie's name is bound in as associated data). */
export function sealFlow(flow: Flow, config: Pick<OidcConfig, "clientSecret" | "clientId">, name = oidcFlowCookie().name): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", flowKey(config), iv);
  cipher.setAAD(Buffer.from(name));
  const body = Buffer.concat([cipher.update(JSON.stringify(flow), "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

/** The flow a sealed cookie holds, or null: anything not sealed by this server under this name is no attempt. */
export function openFlow(raw: string | undefined, config: Pick<OidcConfig, "clientSecret" | "clientId">, name = oidcFlowCookie().name): Flow | null {
  if (!raw || raw.length > 4000) return null;
  try {
    const bytes = Buffer.from(raw, "base64url");
    if (bytes.length < 12 + 16 + 2) return null;
    const decipher = createDecipheriv("aes-256-gcm", flowKey(config), bytes.subarray(0, 12));
    decipher.setAAD(Buffer.from(name));
    decipher.setAuthTag(bytes.subarray(12, 28));
    const text = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
    const v = JSON.parse(text) as Partial<Flow>;
    if (typeof v.state !== "string" || typeof v.nonce !== "string" || typeof v.verifier !== "string" || typeof v.at !== "number") return null;
    return { state: v.state, nonce: v.nonce, verifier: v.verifier, at: v.at, next: safeNextPath(v.next) };
  } catch {
    return null;
  }
}

/**
 * The per-address sign-in gate (lib/auth/throttle.ts signInGate, shared with password sign-in) for a request that
 * is about to write to the database: refused, it costs nothing — no transaction, no audit row — so a flood of
 * unauthenticated requests cannot fill the audit chain. The refusals it turned away are summed up in one audit row
 * by the next attempt it lets through (auditGateRefusals).
 */
async function passGate(now: Date): Promise<{ ok: true; address: string; refused: { count: number; since: Date } | null } | { ok: false }> {
  const address = clientAddress((await headers()).get("x-forwarded-for"), trustedProxyHops());
  const gate = await signInGate.take(prisma, address, now);
  return gate.ok ? { ok: true, address, refused: gate.refused } : { ok: false };
}

type Gate = { address: string; refused: { count: number; since: Date } | null };

/** Writes the gate's summed-up refusals (once) in the transaction of the attempt it let through. */
async function auditGate(tx: Tx, gate: Gate, now: Date): Promise<void> {
  if (!gate.refused) return;
  const refused = gate.refused;
  gate.refused = null;
  await auditGateRefusals(tx, gate.address, refused, now);
}

/** The settings from this process's environment (parsed again on each call: cheap, and tests may change them). */
export function oidcSettings(): OidcConfigResult {
  return parseOidcConfig(process.env);
}

/** The login page's "Sign in with …" label, or null when hospital sign-in is not configured. */
export function oidcButtonLabel(): string | null {
  const settings = oidcSettings();
  return settings.state === "on" ? settings.config.buttonLabel : null;
}

// Discovery once per provider and client; a failure is not kept, so the next attempt asks again.
const discoveries = new Map<string, Promise<client.Configuration>>();
function discover(config: OidcConfig): Promise<client.Configuration> {
  const key = `${config.issuer.href}\n${config.clientId}\n${config.clientSecret}`;
  let found = discoveries.get(key);
  if (!found) {
    found = client.discovery(config.issuer, config.clientId, config.clientSecret, undefined, {
      timeout: 10,
      // the ID token's signature is checked against the provider's published keys too, not only trusted from TLS
      // (openid-client leaves it to TLS by default; review of decision 050)
      execute: config.allowInsecure ? [client.allowInsecureRequests, client.enableNonRepudiationChecks] : [client.enableNonRepudiationChecks],
    });
    discoveries.set(key, found);
    found.catch(() => discoveries.delete(key));
  }
  return found;
}

/** /login with the refusal's sentence (lib/auth/oidc-config.ts OIDC_REFUSALS) and the page asked for, kept. */
export function oidcLoginPath(refusal: OidcRefusal, next: string | null): string {
  const params = new URLSearchParams({ sso: refusal });
  if (next) params.set("next", next);
  return `/login?${params.toString()}`;
}

type Details = Record<string, string | number | boolean | null | string[]>;

async function auditAlone(gate: Gate, { details, ...entry }: Omit<AuditEntry, "action" | "entityType" | "details"> & { details: Details }) {
  try {
    await prisma.$transaction(async (tx) => {
      await auditGate(tx, gate, entry.at ?? clock.now());
      await writeAudit(tx, { action: "sign-in", entityType: "User", ...entry, details: { method: "oidc", ...details } });
    });
  } catch (e) {
    console.error("[oidc] could not write the audit row of a refused hospital sign-in", e);
  }
}

/**
 * The first leg (GET /api/auth/oidc/start?next=…): a new state, nonce and PKCE verifier in the flow cookie, and the
 * provider's authorization address to send the browser to. Returns where to redirect. A start that goes to the
 * provider writes nothing; one that would write an audit row (not configured, provider down) passes the per-address
 * gate first.
 */
export async function beginOidcSignIn(next: unknown): Promise<string> {
  const nextPath = safeNextPath(next);
  const settings = oidcSettings();
  const now = clock.now();
  const refuse = async (refusal: OidcRefusal, entry: Omit<AuditEntry, "action" | "entityType" | "details"> & { details: Details }) => {
    const gate = await passGate(now);
    if (!gate.ok) return oidcLoginPath("throttled", nextPath);
    await auditAlone(gate, entry);
    return oidcLoginPath(refusal, nextPath);
  };
  if (settings.state !== "on") return refuse("not-configured", { outcome: "denied", details: { reason: "not-configured" }, at: now });
  const { config } = settings;
  let server: client.Configuration;
  try {
    server = await discover(config);
  } catch (e) {
    console.error(`[oidc] discovery at ${config.issuer.href} failed:`, e instanceof Error ? e.message : e);
    return refuse("provider-error", { outcome: "error", details: { reason: "provider-error", stage: "discovery", issuer: config.issuer.href, error: errorWords(e) }, at: now });
  }
  const flow: Flow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next: nextPath, at: now.getTime() };
  const url = client.buildAuthorizationUrl(server, {
    redirect_uri: config.redirectUri.href,
    scope: config.scope,
    code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: "S256",
    state: flow.state,
    nonce: flow.nonce,
  });
  const cookie = oidcFlowCookie();
  (await cookies()).set(cookie.name, sealFlow(flow, config, cookie.name), {
    httpOnly: true,
    secure: cookie.secure,
    sameSite: "lax",
    path: cookie.path,
    maxAge: OIDC_FLOW_MINUTES * 60,
  });
  return url.href;
}

/** Whether a token check failed on the ID token's nonce (openid-client wraps oauth4webapi's error in `cause`). */
function aboutNonce(e: unknown): boolean {
  for (let cause: unknown = e, depth = 0; cause && typeof cause === "object" && depth < 4; cause = (cause as { cause?: unknown }).cause, depth++) {
    if ((cause as { claim?: unknown }).claim === "nonce") return true;
    if (cause instanceof Error && /\bnonce\b/i.test(cause.message)) return true;
  }
  return false;
}

function errorWords(e: unknown): string {
  const text = e instanceof Error ? `${e.name}${"code" in e && e.code ? ` ${String(e.code)}` : ""}: ${e.message}` : String(e);
  return text.slice(0, 300);
}

type Outcome =
  | { ok: true; userId: string; role: Role; mustChangePassword: boolean; token: string; expiresAt: Date }
  | { ok: false; refusal: OidcRefusal };

/**
 * The second leg (GET /api/auth/oidc/callback?code=…&state=…): checks the attempt (state, then the provider's code
 * exchanged with the PKCE verifier, the ID token's signature, issuer, audience and nonce), finds or links (or, with
 * OIDC_ROLES=claims, creates) the Bolus account, and starts its session. Returns where to redirect: the page asked
 * for, the role's home, /account/password for a temporary password, or /login with the refusal in words.
 */
export async function completeOidcSignIn(search: URLSearchParams): Promise<string> {
  const now = clock.now();
  const jar = await cookies();
  const cookie = oidcFlowCookie();
  const raw = jar.get(cookie.name)?.value;
  // one attempt, one use: whatever happens next, the cookie is spent
  jar.delete({ name: cookie.name, path: cookie.path, secure: cookie.secure, httpOnly: true, sameSite: "lax" });
  // every return writes to the database (a session or a refusal's audit row): the per-address gate comes first
  const gate = await passGate(now);
  if (!gate.ok) return oidcLoginPath("throttled", null);
  const settings = oidcSettings();
  const flow = settings.state === "on" ? openFlow(raw, settings.config, cookie.name) : null;
  const next = flow?.next ?? null;
  try {
    if (settings.state !== "on") {
      await auditAlone(gate, { outcome: "denied", details: { reason: "not-configured" }, at: now });
      return oidcLoginPath("not-configured", next);
    }
    const { config } = settings;
    const issuer = config.issuer.href;
    if (!flow) {
      await auditAlone(gate, { outcome: "denied", details: { reason: raw ? "attempt-not-sealed-here" : "no-attempt", issuer }, at: now });
      return oidcLoginPath("expired-attempt", null);
    }
    if (now.getTime() - flow.at > OIDC_FLOW_MINUTES * 60_000 || now.getTime() < flow.at - 60_000) {
      await auditAlone(gate, { outcome: "denied", details: { reason: "attempt-expired", issuer }, at: now });
      return oidcLoginPath("expired-attempt", next);
    }
    if (search.get("state") !== flow.state) {
      await auditAlone(gate, { outcome: "denied", details: { reason: "state-mismatch", issuer }, at: now });
      return oidcLoginPath("expired-attempt", next);
    }
    const providerError = search.get("error");
    if (providerError) {
      const cancelled = providerError === "access_denied";
      await auditAlone(gate, {
        outcome: "denied",
        details: { reason: cancelled ? "cancelled" : "provider-error", issuer, error: providerError, errorDescription: search.get("error_description")?.slice(0, 300) ?? null },
        at: now,
      });
      return oidcLoginPath(cancelled ? "cancelled" : "provider-error", next);
    }

    let claims: OidcClaims;
    try {
      const server = await discover(config);
      // the address the provider returned the browser to: the configured one (never the request's Host) with its query
      const current = new URL(config.redirectUri.href);
      current.search = search.toString();
      const tokens = await client.authorizationCodeGrant(server, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error("the provider returned no ID token");
      let userInfo: OidcClaims = {};
      if (server.serverMetadata().userinfo_endpoint && tokens.access_token) {
        userInfo = await client.fetchUserInfo(server, tokens.access_token, idToken.sub);
      }
      // the signed ID token's claims win over the UserInfo answer
      claims = { ...userInfo, ...idToken };
    } catch (e) {
      const nonce = aboutNonce(e);
      console.error("[oidc] the code exchange or token check failed:", errorWords(e));
      await auditAlone(gate, { outcome: "denied", details: { reason: nonce ? "nonce-mismatch" : "token-check-failed", issuer, error: errorWords(e) }, at: now });
      return oidcLoginPath(nonce ? "expired-attempt" : "provider-error", next);
    }

    const outcome = await prisma.$transaction(async (tx) => {
      await auditGate(tx, gate, now);
      return signInFromClaims(tx, config, claims, now);
    });
    if (!outcome.ok) return oidcLoginPath(outcome.refusal, next);
    await setSessionCookie(outcome.token, outcome.expiresAt);
    return outcome.mustChangePassword ? CHANGE_PASSWORD_PATH : returnTo(next, outcome.role);
  } catch (e) {
    console.error("[oidc] hospital sign-in failed:", e);
    await auditAlone(gate, { outcome: "error", details: { reason: "server-error", error: errorWords(e) }, at: now });
    return oidcLoginPath("provider-error", next);
  }
}

interface AccountRow {
  id: string;
  email: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  oidcIssuer: string | null;
  oidcSubject: string | null;
  assignments: { unitId: string }[];
}

const ACCOUNT_SELECT = { id: true, email: true, role: true, active: true, mustChangePassword: true, oidcIssuer: true, oidcSubject: true, assignments: { select: { unitId: true } } } as const;

/**
 * Inside one transaction: the account for these checked claims, linked or created, its session, and the audit rows.
 * Roles kept in Bolus (default): the account must exist (an administrator made it) and be active; it is found by its
 * (issuer, subject) link, or, the first time, by a verified e-mail address, and then linked for good.
 * OIDC_ROLES=claims: the same, but an unknown person gets an account, and role and units follow the claims at every
 * sign-in (each change audited as "user-update").
 */
async function signInFromClaims(tx: Tx, config: OidcConfig, claims: OidcClaims, now: Date): Promise<Outcome> {
  // the link is the ID token's own `iss` (checked by openid-client against the discovered issuer), never only the
  // configured address: what is stored is what the provider signed (decision 056)
  const issuer = typeof claims.iss === "string" ? claims.iss : "";
  const subject = typeof claims.sub === "string" ? claims.sub : "";
  const claimedEmail = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : null;
  const base = { method: "oidc", issuer, subject };
  const refuse = async (refusal: OidcRefusal, user: { id: string; email: string } | null, extra: Details = {}): Promise<Outcome> => {
    await writeAudit(tx, {
      actorId: user?.id ?? null, actorLabel: user?.email ?? claimedEmail ?? `${subject} at ${config.issuer.host}`, action: "sign-in", entityType: "User",
      entityId: user?.id ?? null, outcome: "denied", details: { ...base, reason: refusal, ...extra }, at: now,
    });
    return { ok: false, refusal };
  };

  if (!issuer || !subject) return refuse("provider-error", null, { reason: "token-check-failed", error: "the ID token names no issuer or subject" });
  let user: AccountRow | null = await tx.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: issuer, oidcSubject: subject } }, select: ACCOUNT_SELECT });
  let issuerUpdatedFrom: string | null = null;
  if (!user && config.issuer.href !== issuer) {
    // a link made before decision 056 stored the configured address (with its trailing slash): the same provider,
    // whose token was just checked against it; the link is moved to the token's `iss`, and the audit row says so
    const legacy = await tx.user.findUnique({ where: { oidcIssuer_oidcSubject: { oidcIssuer: config.issuer.href, oidcSubject: subject } }, select: ACCOUNT_SELECT });
    if (legacy) {
      await tx.user.update({ where: { id: legacy.id }, data: { oidcIssuer: issuer } });
      user = { ...legacy, oidcIssuer: issuer };
      issuerUpdatedFrom = config.issuer.href;
    }
  }
  let linked = false;
  let created = false;
  if (!user) {
    const verified = verifiedEmail(claims);
    if ("refusal" in verified) return refuse(verified.refusal, null);
    const byEmail = await tx.user.findUnique({ where: { email: verified.email }, select: ACCOUNT_SELECT });
    if (byEmail) {
      if (byEmail.oidcSubject !== null) return refuse("linked-elsewhere", byEmail, { linkedIssuer: byEmail.oidcIssuer });
      if (!byEmail.active) return refuse("inactive", byEmail);
      // an administrator's account is never linked by e-mail alone (review): whoever the provider vouches for under
      // that address (a guest account, an alias) would become a Bolus administrator for good
      if (byEmail.role === "admin") return refuse("admin-by-password", byEmail);
      // claims mode: claims that cannot be mapped refuse before the account is linked, so a refusal changes nothing
      if (config.roles === "claims") {
        const mapped = await claimsRoleAndUnits(tx, config, claims);
        if ("refusal" in mapped) return refuse(mapped.refusal, byEmail, mapped.details);
      }
      // linked only if still unlinked: two first sign-ins at once cannot both link
      const { count } = await tx.user.updateMany({ where: { id: byEmail.id, oidcSubject: null }, data: { oidcIssuer: issuer, oidcSubject: subject } });
      if (count !== 1) return refuse("linked-elsewhere", byEmail);
      user = byEmail;
      linked = true;
    } else if (config.roles === "claims") {
      const mapped = await claimsRoleAndUnits(tx, config, claims);
      if ("refusal" in mapped) return refuse(mapped.refusal, null, mapped.details);
      const name = typeof claims.name === "string" && claims.name.trim() ? claims.name.trim().slice(0, 200) : verified.email;
      // a password nobody knows: password sign-in and signatures need one an administrator resets (decision 050)
      const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));
      const row = await tx.user.create({
        data: {
          email: verified.email, name, role: mapped.role, passwordHash, oidcIssuer: issuer, oidcSubject: subject,
          assignments: { create: mapped.unitIds.map((unitId) => ({ unitId })) },
        },
        select: ACCOUNT_SELECT,
      });
      await writeAudit(tx, {
        actorId: row.id, actorLabel: row.email, action: "user-create", entityType: "User", entityId: row.id, outcome: "success",
        details: { ...base, source: "oidc-claims", email: row.email, name, role: mapped.role, unitIds: mapped.unitIds, unknownUnits: mapped.unknownUnits },
        at: now,
      });
      user = row;
      created = true;
    } else {
      return refuse("unknown-user", null, { email: verified.email });
    }
  }
  if (!user.active) return refuse("inactive", user);

  let role = user.role;
  if (config.roles === "claims" && !created) {
    const mapped = await claimsRoleAndUnits(tx, config, claims);
    if ("refusal" in mapped) return refuse(mapped.refusal, user, mapped.details);
    const before = { role: user.role, unitIds: user.assignments.map((a) => a.unitId).sort() };
    const after = { role: mapped.role, unitIds: [...mapped.unitIds].sort() };
    if (before.role === "admin" && after.role !== "admin") {
      // the same rule as update-user (lib/domain/people.ts adminChangeRefusal): claims never demote the last administrator
      const admins = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "User" WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`;
      if (adminChangeRefusal("", { id: user.id, role: "admin", active: true }, { kind: "role", role: after.role }, admins.map((a) => a.id))) {
        return refuse("last-admin", user);
      }
    }
    if (before.role !== after.role || before.unitIds.join() !== after.unitIds.join()) {
      await tx.user.update({ where: { id: user.id }, data: { role: after.role } });
      await tx.unitAssignment.deleteMany({ where: { userId: user.id, unitId: { notIn: after.unitIds } } });
      await tx.unitAssignment.createMany({ data: after.unitIds.map((unitId) => ({ userId: user.id, unitId })), skipDuplicates: true });
      await writeAudit(tx, {
        actorId: user.id, actorLabel: user.email, action: "user-update", entityType: "User", entityId: user.id, outcome: "success",
        details: { ...base, source: "oidc-claims", email: user.email, from: before, to: after, unknownUnits: mapped.unknownUnits },
        at: now,
      });
    }
    role = after.role;
  }

  const session = await createSession(tx, user.id, now);
  await writeAudit(tx, {
    actorId: user.id, actorLabel: user.email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "success",
    details: { ...base, linked, created, ...(issuerUpdatedFrom ? { issuerUpdatedFrom } : {}) },
    at: now,
  });
  return { ok: true, userId: user.id, role, mustChangePassword: user.mustChangePassword, ...session };
}

/** Claims mode: the role and the units (by name; names Bolus does not have are ignored, and audited). */
async function claimsRoleAndUnits(tx: Tx, config: OidcConfig, claims: OidcClaims): Promise<{ role: Role; unitIds: string[]; unknownUnits: string[] } | { refusal: OidcRefusal; details: Details }> {
  const role = roleFromClaims(claims, config);
  if ("refusal" in role) return { refusal: role.refusal, details: { roleClaim: config.roleClaim, roleValues: role.values.slice(0, 20) } };
  const names = claimUnitNames(claims, config.unitClaim);
  const units = names.length ? await tx.unit.findMany({ where: { name: { in: names } }, select: { id: true, name: true } }) : [];
  const unknownUnits = names.filter((n) => !units.some((u) => u.name === n)).slice(0, 20);
  if (units.length === 0 && role.role !== "admin") return { refusal: "no-unit", details: { unitClaim: config.unitClaim, unitNames: names.slice(0, 20) } };
  return { role: role.role, unitIds: units.map((u) => u.id), unknownUnits };
}
