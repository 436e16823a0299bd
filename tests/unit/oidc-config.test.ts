// Hospital sign-in settings and claims (lib/auth/oidc-config.ts): pure, from the environment and the claims given.
import { describe, expect, test } from "vitest";
import { claimUnitNames, claimValues, multiTenantIssuer, oidcConfigRefusal, oidcRefusalText, OIDC_REFUSALS, parseOidcConfig, parseRoleMap, roleFromClaims, verifiedEmail } from "@/lib/auth/oidc-config";

const BASE = { OIDC_ISSUER: "https://idp.hospital.example/realms/il2", OIDC_CLIENT_ID: "bolus", OIDC_CLIENT_SECRET: "s3cret", BOLUS_ORIGIN: "https://bolus.hospital.example" };
const CLAIMS = { OIDC_ROLES: "claims", OIDC_ROLE_CLAIM: "groups", OIDC_ROLE_MAP: "il2-nurse=nurse, il2-attending=attending", OIDC_UNIT_CLAIM: "units" };

function problems(env: Record<string, string | undefined>): string[] {
  const r = parseOidcConfig(env);
  return r.state === "invalid" ? r.problems : [];
}

describe("parseOidcConfig", () => {
  test("no OIDC_* setting: off (password sign-in only), whatever else is set", () => {
    expect(parseOidcConfig({})).toEqual({ state: "off" });
    expect(parseOidcConfig({ BOLUS_ORIGIN: "https://bolus.example", PATH: "/bin", OIDC_ISSUER: "  " })).toEqual({ state: "off" });
  });

  test("the smallest usable set: roles kept in Bolus, the return address from BOLUS_ORIGIN, the default label and scopes", () => {
    const r = parseOidcConfig(BASE);
    expect(r.state).toBe("on");
    if (r.state !== "on") return;
    expect(r.config.issuer.href).toBe("https://idp.hospital.example/realms/il2");
    expect(r.config.redirectUri.href).toBe("https://bolus.hospital.example/api/auth/oidc/callback");
    expect(r.config).toMatchObject({ clientId: "bolus", clientSecret: "s3cret", roles: "bolus", scope: "openid email profile", buttonLabel: "Sign in with your hospital account", allowInsecure: false });
  });

  test("BOLUS_ORIGIN with a path keeps only the origin; OIDC_REDIRECT_URI wins and must be the callback route", () => {
    const r = parseOidcConfig({ ...BASE, BOLUS_ORIGIN: "https://bolus.hospital.example/some/page" });
    expect(r.state === "on" && r.config.redirectUri.href).toBe("https://bolus.hospital.example/api/auth/oidc/callback");
    const r2 = parseOidcConfig({ ...BASE, OIDC_REDIRECT_URI: "https://sso.bolus.example/api/auth/oidc/callback" });
    expect(r2.state === "on" && r2.config.redirectUri.host).toBe("sso.bolus.example");
    expect(problems({ ...BASE, OIDC_REDIRECT_URI: "https://bolus.example/callback" })).toEqual(['OIDC_REDIRECT_URI must end in /api/auth/oidc/callback: "https://bolus.example/callback".']);
  });

  test("plain http only for a provider and a return address on this machine", () => {
    expect(problems({ ...BASE, OIDC_ISSUER: "http://idp.hospital.example" })[0]).toMatch(/^OIDC_ISSUER must use https/);
    expect(problems({ ...BASE, BOLUS_ORIGIN: "http://bolus.hospital.example" })[0]).toMatch(/return address must use https/);
    const local = parseOidcConfig({ ...BASE, OIDC_ISSUER: "http://127.0.0.1:4101", BOLUS_ORIGIN: "http://localhost:3000" });
    expect(local.state === "on" && local.config.allowInsecure).toBe(true);
  });

  test("every missing or wrong setting is named, in one answer", () => {
    expect(problems({ OIDC_CLIENT_ID: "bolus" })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER is not set, but OIDC_CLIENT_ID is/),
      expect.stringMatching(/^OIDC_CLIENT_SECRET is not set/),
      expect.stringMatching(/^Set BOLUS_ORIGIN/),
    ]);
    expect(problems({ ...BASE, OIDC_ISSUER: "not a url", OIDC_SCOPES: "email", OIDC_ROLES: "ldap" })).toEqual([
      'OIDC_ISSUER "not a url" is not a URL.',
      'OIDC_SCOPES must include openid: "email".',
      expect.stringMatching(/^OIDC_ROLES must be "bolus".*"ldap"\.$/),
    ]);
  });

  test("claims mode needs the role claim, the map and the unit claim; the map names Bolus roles only", () => {
    const r = parseOidcConfig({ ...BASE, ...CLAIMS });
    expect(r.state).toBe("on");
    if (r.state === "on") expect([...r.config.roleMap]).toEqual([["il2-nurse", "nurse"], ["il2-attending", "attending"]]);
    expect(problems({ ...BASE, OIDC_ROLES: "claims" })).toEqual([
      expect.stringMatching(/needs OIDC_ROLE_CLAIM/),
      expect.stringMatching(/needs OIDC_UNIT_CLAIM/),
      expect.stringMatching(/needs OIDC_ROLE_MAP/),
    ]);
    expect(problems({ ...BASE, ...CLAIMS, OIDC_ROLE_MAP: "il2-nurse=matron" })).toEqual(['OIDC_ROLE_MAP: "matron" is not a Bolus role (nurse, attending, pharmacist, admin).']);
  });

  test("claim settings without claims mode are a mistake, said so", () => {
    expect(problems({ ...BASE, OIDC_ROLE_MAP: "a=nurse" })).toEqual([expect.stringMatching(/^OIDC_ROLE_MAP is only read with OIDC_ROLES=claims/)]);
  });

  test("the refusal a server start prints lists every problem", () => {
    expect(oidcConfigRefusal(["one", "two"])).toBe("Bolus refuses to start: the hospital sign-in (OIDC_*) settings are not usable.\n  - one\n  - two");
  });
});

describe("parseRoleMap", () => {
  test.each([
    ["a=nurse,b=attending", [["a", "nurse"], ["b", "attending"]], []],
    ["ou=il2=pharmacist", [["ou=il2", "pharmacist"]], []],
    // a comma separates entries, so a value cannot hold one: said so, not guessed
    ["cn=il2,ou=x=pharmacist", [["ou=x", "pharmacist"]], ['OIDC_ROLE_MAP: "il2" is not a Bolus role (nurse, attending, pharmacist, admin).']],
    ["a=nurse,a=admin", [["a", "nurse"]], ['OIDC_ROLE_MAP: "a" is mapped to two roles.']],
    ["nurse", [], ['OIDC_ROLE_MAP: "nurse" is not of the form <claim value>=<role>.']],
    [" , ", [], ["OIDC_ROLE_MAP names no role: e.g. il2-nurse=nurse,il2-attending=attending."]],
  ])("%s", (raw, map, why) => {
    const r = parseRoleMap(raw);
    expect([...r.map]).toEqual(map);
    expect(r.problems).toEqual(why);
  });
});

describe("claims", () => {
  const config = { roleClaim: "groups", roleMap: new Map([["il2-nurse", "nurse"], ["il2-attending", "attending"], ["il2-boss", "attending"]] as const) };

  test("a claim's values: an array, a string of several, nothing", () => {
    expect(claimValues({ groups: ["a", " b ", 3, "a"] }, "groups")).toEqual(["a", "b"]);
    expect(claimValues({ groups: "a b,c" }, "groups")).toEqual(["a", "b", "c"]);
    expect(claimValues({}, "groups")).toEqual([]);
    expect(claimUnitNames({ units: "Ward 7 West" }, "units")).toEqual(["Ward 7 West"]);
    expect(claimUnitNames({ units: ["Ward 7 West", "ICU", 1] }, "units")).toEqual(["Ward 7 West", "ICU"]);
  });

  test("the role: the one mapped value; others ignored; none or two different is refused", () => {
    expect(roleFromClaims({ groups: ["staff", "il2-nurse"] }, config)).toEqual({ role: "nurse" });
    expect(roleFromClaims({ groups: ["il2-attending", "il2-boss"] }, config)).toEqual({ role: "attending" });
    expect(roleFromClaims({ groups: ["staff"] }, config)).toEqual({ refusal: "no-role", values: ["staff"] });
    expect(roleFromClaims({ groups: ["il2-nurse", "il2-attending"] }, config)).toMatchObject({ refusal: "two-roles" });
  });

  test("the e-mail address: only one the provider marks verified, in lower case", () => {
    expect(verifiedEmail({ email: " Ana@Hospital.Example ", email_verified: true })).toEqual({ email: "ana@hospital.example" });
    expect(verifiedEmail({ email: "ana@hospital.example", email_verified: "true" })).toEqual({ email: "ana@hospital.example" });
    expect(verifiedEmail({ email: "ana@hospital.example", email_verified: false })).toEqual({ refusal: "unverified-email" });
    expect(verifiedEmail({ email: "ana@hospital.example" })).toEqual({ refusal: "unverified-email" });
    expect(verifiedEmail({ email_verified: true })).toEqual({ refusal: "no-email" });
  });

  test("every refusal has a sentence; anything else in the address has none", () => {
    for (const [code, text] of Object.entries(OIDC_REFUSALS)) {
      expect(oidcRefusalText(code)).toBe(text);
      expect(text).toMatch(/^[A-Z].*\.$/);
      expect(text).not.toMatch(/oidc|claim value|undefined/i);
    }
    expect(oidcRefusalText("toString")).toBeNull();
    expect(oidcRefusalText("<script>")).toBeNull();
    expect(oidcRefusalText(undefined)).toBeNull();
  });
});

describe("multi-tenant issuers (decision 056)", () => {
  test("/common, /organizations, /consumers and a templated tenant are refused; a tenant's own issuer and look-alikes are not", () => {
    for (const issuer of ["https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/Organizations/v2.0", "https://login.microsoftonline.com/consumers", "https://login.microsoftonline.com/{tenantid}/v2.0"]) {
      expect(multiTenantIssuer(issuer), issuer).toBe(true);
      expect(problems({ ...BASE, OIDC_ISSUER: issuer }).join("\n"), issuer).toContain("is a multi-tenant address");
    }
    for (const issuer of ["https://login.microsoftonline.com/8f2c1e9a-0000-4000-8000-000000000001/v2.0", "https://idp.hospital.example/realms/common-care", "https://common.hospital.example/"]) {
      expect(multiTenantIssuer(issuer), issuer).toBe(false);
      expect(parseOidcConfig({ ...BASE, OIDC_ISSUER: issuer }).state, issuer).toBe("on");
    }
  });
});
