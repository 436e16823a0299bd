// Hospital sign-in (OpenID Connect): its settings, read from the environment and checked in one place, and the
// claims a provider sends turned into a Bolus role and units. Pure: the environment and the claims are arguments;
// no I/O. docs/decisions/050-hospital-sign-in-oidc.md.
import { ROLES, type Role } from "@/lib/auth/permissions";

/** Where a provider returns the browser, under the public origin (BOLUS_ORIGIN) when OIDC_REDIRECT_URI is not set. */
export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";

export type OidcRoleSource = "bolus" | "claims";

export interface OidcConfig {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  redirectUri: URL;
  buttonLabel: string;
  scope: string;
  /** plain http to the provider: only for a provider on this machine (development, the tests) */
  allowInsecure: boolean;
  roles: OidcRoleSource;
  /** claims mode only: which claim names the role, how its values map to Bolus roles, which claim names the units */
  roleClaim: string;
  roleMap: ReadonlyMap<string, Role>;
  unitClaim: string;
}

export type OidcConfigResult = { state: "off" } | { state: "on"; config: OidcConfig } | { state: "invalid"; problems: string[] };

export type OidcEnv = Readonly<Record<string, string | undefined>>;

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function url(raw: string): URL | null {
  try {
    return new URL(raw);
  } catch {
    return null;
  }
}

/**
 * A multi-tenant issuer (Microsoft Entra's /common, /organizations, /consumers, or a templated {tenantid}): tokens
 * from it carry the signing tenant's own `iss`, which varies, so no issuer Bolus could store and match would say
 * which organisation vouched for the person (decision 056). Refused as a configuration error.
 */
export function multiTenantIssuer(issuer: URL | string): boolean {
  const text = typeof issuer === "string" ? issuer : issuer.href;
  if (/\{[^}]*\}|%7B[^%]*%7D/i.test(text)) return true;
  let path: string;
  try {
    path = new URL(text).pathname;
  } catch {
    return false;
  }
  return path.split("/").some((segment) => ["common", "organizations", "consumers"].includes(segment.toLowerCase()));
}

/** `il2-nurse=nurse, il2-attending=attending` → a map from claim value to role; problems in words. */
export function parseRoleMap(raw: string): { map: Map<string, Role>; problems: string[] } {
  const map = new Map<string, Role>();
  const problems: string[] = [];
  for (const part of raw.split(",").map((s) => s.trim()).filter(Boolean)) {
    const eq = part.lastIndexOf("=");
    const value = eq > 0 ? part.slice(0, eq).trim() : "";
    const role = eq > 0 ? part.slice(eq + 1).trim() : "";
    if (!value || !role) {
      problems.push(`OIDC_ROLE_MAP: "${part}" is not of the form <claim value>=<role>.`);
    } else if (!(ROLES as readonly string[]).includes(role)) {
      problems.push(`OIDC_ROLE_MAP: "${role}" is not a Bolus role (${ROLES.join(", ")}).`);
    } else if (map.has(value) && map.get(value) !== role) {
      problems.push(`OIDC_ROLE_MAP: "${value}" is mapped to two roles.`);
    } else {
      map.set(value, role as Role);
    }
  }
  if (map.size === 0 && problems.length === 0) problems.push("OIDC_ROLE_MAP names no role: e.g. il2-nurse=nurse,il2-attending=attending.");
  return { map, problems };
}

/**
 * The hospital sign-in settings. Off when no OIDC_* setting is given (password sign-in only, nothing changes);
 * invalid, with every problem in words, when some are given but not a usable set; the server refuses to start then
 * (scripts/oidc-check.ts, run by scripts/start.mjs).
 */
export function parseOidcConfig(env: OidcEnv): OidcConfigResult {
  const get = (name: string) => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const given = Object.keys(env).filter((k) => k.startsWith("OIDC_") && get(k) !== undefined);
  if (given.length === 0) return { state: "off" };
  const problems: string[] = [];

  const issuerRaw = get("OIDC_ISSUER");
  const issuer = issuerRaw ? url(issuerRaw) : null;
  if (!issuerRaw) problems.push(`OIDC_ISSUER is not set, but ${given.join(", ")} ${given.length === 1 ? "is" : "are"}: set the provider's issuer URL, or remove the OIDC_* settings to sign in with passwords only.`);
  else if (!issuer || (issuer.protocol !== "https:" && issuer.protocol !== "http:")) problems.push(`OIDC_ISSUER "${issuerRaw}" is not a URL.`);
  else if (issuer.protocol === "http:" && !LOOPBACK.has(issuer.hostname)) problems.push(`OIDC_ISSUER must use https (plain http only for a provider on this machine): "${issuerRaw}".`);
  else if (multiTenantIssuer(issuer)) {
    problems.push(
      `OIDC_ISSUER "${issuerRaw}" is a multi-tenant address: the tokens it issues name each tenant's own issuer, so Bolus cannot tell whose accounts they are. Use your hospital's own tenant, e.g. https://login.microsoftonline.com/<tenant id>/v2.0.`,
    );
  }

  const clientId = get("OIDC_CLIENT_ID");
  if (!clientId) problems.push("OIDC_CLIENT_ID is not set: the client id Bolus is registered under at the provider.");
  const clientSecret = get("OIDC_CLIENT_SECRET");
  if (!clientSecret) problems.push("OIDC_CLIENT_SECRET is not set: the client secret the provider issued to Bolus.");

  let redirectUri: URL | null = null;
  const redirectRaw = get("OIDC_REDIRECT_URI");
  const originRaw = get("BOLUS_ORIGIN");
  if (redirectRaw) {
    redirectUri = url(redirectRaw);
    if (!redirectUri || !/^https?:$/.test(redirectUri.protocol)) problems.push(`OIDC_REDIRECT_URI "${redirectRaw}" is not a URL.`);
    else if (redirectUri.pathname !== OIDC_CALLBACK_PATH) problems.push(`OIDC_REDIRECT_URI must end in ${OIDC_CALLBACK_PATH}: "${redirectRaw}".`);
  } else if (originRaw) {
    const origin = url(originRaw);
    if (!origin || !/^https?:$/.test(origin.protocol)) problems.push(`BOLUS_ORIGIN "${originRaw}" is not a URL (e.g. https://bolus.hospital.example).`);
    else redirectUri = new URL(OIDC_CALLBACK_PATH, origin.origin);
  } else {
    problems.push(`Set BOLUS_ORIGIN (the address users open Bolus at, e.g. https://bolus.hospital.example) or OIDC_REDIRECT_URI (…${OIDC_CALLBACK_PATH}).`);
  }
  if (redirectUri && redirectUri.protocol === "http:" && !LOOPBACK.has(redirectUri.hostname)) {
    problems.push(`The sign-in return address must use https (plain http only on this machine): "${redirectUri.href}".`);
  }

  const scope = get("OIDC_SCOPES") ?? "openid email profile";
  if (!scope.split(/\s+/).includes("openid")) problems.push(`OIDC_SCOPES must include openid: "${scope}".`);

  const rolesRaw = get("OIDC_ROLES") ?? "bolus";
  let roles: OidcRoleSource = "bolus";
  if (rolesRaw === "bolus" || rolesRaw === "claims") roles = rolesRaw;
  else problems.push(`OIDC_ROLES must be "bolus" (roles and units kept in Bolus) or "claims" (from the provider's claims): "${rolesRaw}".`);

  let roleMap = new Map<string, Role>();
  const roleClaim = get("OIDC_ROLE_CLAIM") ?? "";
  const unitClaim = get("OIDC_UNIT_CLAIM") ?? "";
  if (roles === "claims") {
    if (!roleClaim) problems.push("OIDC_ROLES=claims needs OIDC_ROLE_CLAIM: the claim that names the person's role (e.g. groups).");
    if (!unitClaim) problems.push("OIDC_ROLES=claims needs OIDC_UNIT_CLAIM: the claim that names the person's units, by unit name.");
    const mapRaw = get("OIDC_ROLE_MAP");
    if (!mapRaw) problems.push("OIDC_ROLES=claims needs OIDC_ROLE_MAP: which claim value is which role, e.g. il2-nurse=nurse,il2-attending=attending.");
    else {
      const parsed = parseRoleMap(mapRaw);
      roleMap = parsed.map;
      problems.push(...parsed.problems);
    }
  } else {
    for (const name of ["OIDC_ROLE_CLAIM", "OIDC_ROLE_MAP", "OIDC_UNIT_CLAIM"]) {
      if (get(name)) problems.push(`${name} is only read with OIDC_ROLES=claims; roles and units are kept in Bolus now. Remove it or set OIDC_ROLES=claims.`);
    }
  }

  if (problems.length > 0 || !issuer || !clientId || !clientSecret || !redirectUri) return { state: "invalid", problems };
  return {
    state: "on",
    config: {
      issuer,
      clientId,
      clientSecret,
      redirectUri,
      buttonLabel: get("OIDC_BUTTON_LABEL") ?? "Sign in with your hospital account",
      scope,
      allowInsecure: issuer.protocol === "http:",
      roles,
      roleClaim,
      roleMap,
      unitClaim,
    },
  };
}

/** What a refused server start says. */
export function oidcConfigRefusal(problems: readonly string[]): string {
  return ["Bolus refuses to start: the hospital sign-in (OIDC_*) settings are not usable.", ...problems.map((p) => `  - ${p}`)].join("\n");
}

// ---------------------------------------------------------------------------------------------------------------
// Claims

export type OidcClaims = Readonly<Record<string, unknown>>;

/** A claim's values: a string, or an array of strings (group claims), or a space/comma-separated string. */
export function claimValues(claims: OidcClaims, name: string): string[] {
  const raw = claims[name];
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? raw.split(/[\s,]+/) : [];
  return [...new Set(list.filter((v): v is string => typeof v === "string").map((v) => v.trim()).filter(Boolean))];
}

/** Unit names may contain spaces: a string claim is one name, an array is several. */
export function claimUnitNames(claims: OidcClaims, name: string): string[] {
  const raw = claims[name];
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  return [...new Set(list.filter((v): v is string => typeof v === "string").map((v) => v.trim()).filter(Boolean))];
}

/** The verified e-mail address of the claims (lower case), or why there is none. */
export function verifiedEmail(claims: OidcClaims): { email: string } | { refusal: "no-email" | "unverified-email" } {
  const email = typeof claims.email === "string" ? claims.email.trim().toLowerCase() : "";
  if (!email || !email.includes("@")) return { refusal: "no-email" };
  // only the boolean true (or the string "true" some providers send) counts as verified
  if (claims.email_verified !== true && claims.email_verified !== "true") return { refusal: "unverified-email" };
  return { email };
}

/** The one Bolus role the claims map to (claims mode), or why not. Values the map does not name are ignored. */
export function roleFromClaims(claims: OidcClaims, config: Pick<OidcConfig, "roleClaim" | "roleMap">): { role: Role } | { refusal: "no-role" | "two-roles"; values: string[] } {
  const values = claimValues(claims, config.roleClaim);
  const roles = [...new Set(values.map((v) => config.roleMap.get(v)).filter((r): r is Role => r !== undefined))];
  if (roles.length === 0) return { refusal: "no-role", values };
  if (roles.length > 1) return { refusal: "two-roles", values };
  return { role: roles[0]! };
}

/** Why a hospital sign-in was refused: the key in the /login address (`?sso=`) and in the audit row. */
export const OIDC_REFUSALS = {
  "not-configured": "Hospital sign-in is not set up on this server. Sign in with your e-mail and password.",
  "unknown-user": "Your hospital account is not a Bolus account yet. Ask a Bolus administrator to create your account with the same e-mail address.",
  inactive: "Your Bolus account is deactivated. Ask a Bolus administrator.",
  "no-email": "Your hospital account did not send an e-mail address, so Bolus cannot tell which account is yours. Ask your IT service.",
  "unverified-email": "Your hospital account's e-mail address is not marked as verified, so Bolus cannot link it to your account. Ask your IT service.",
  "linked-elsewhere": "This Bolus account is already linked to another hospital identity. Ask a Bolus administrator.",
  "admin-by-password": "A Bolus administrator's account is never linked to a hospital identity by e-mail alone. Sign in with your e-mail and password.",
  "last-admin": "Your hospital account no longer names the administrator role, but you are Bolus's last active administrator. Sign in with your e-mail and password, and make another administrator first.",
  "no-role": "Your hospital account account does not name a Bolus role. Ask your IT service to grant you one.",
  "two-roles": "Your hospital account names more than one Bolus role, so Bolus cannot tell which is yours. Ask your IT service.",
  "no-unit": "Your hospital account does not name a Bolus unit you work on. Ask your IT service, or a Bolus administrator to create the unit.",
  "expired-attempt": "That sign-in took too long or was started in another window. Sign in again.",
  cancelled: "Hospital sign-in was cancelled. Sign in again, or use your e-mail and password.",
  "provider-error": "The hospital sign-in service did not complete the sign-in. Try again, or use your e-mail and password.",
  throttled: "Too many sign-in attempts from this computer. Wait a minute, then sign in again.",
} as const;

export type OidcRefusal = keyof typeof OIDC_REFUSALS;

export function oidcRefusalText(code: unknown): string | null {
  return typeof code === "string" && Object.hasOwn(OIDC_REFUSALS, code) ? OIDC_REFUSALS[code as OidcRefusal] : null;
}
