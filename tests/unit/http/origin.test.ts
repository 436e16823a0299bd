import { describe, expect, test } from "vitest";
import { decideRequest, normalizeHost, parsePublicOrigin, type PublicOrigin } from "@/lib/http/origin";

// Issue 12 item 5 (decision 053): the configured origin decides, never the request's own Host.
const origin = (raw: string) => {
  const parsed = parsePublicOrigin(raw);
  if ("error" in parsed) throw new Error(parsed.error);
  return parsed;
};
const site = origin("https://bolus.hospital.example");
const demo = origin("http://127.0.0.1:3105");
const decide = (o: PublicOrigin, facts: { method?: string; host: string | null; origin?: string | null; forwardedHost?: string | null }, trustProxy = false) =>
  decideRequest({ method: facts.method ?? "GET", host: facts.host, origin: facts.origin ?? null, forwardedHost: facts.forwardedHost ?? null }, o, trustProxy).kind;

describe("BOLUS_ORIGIN", () => {
  test("an origin is scheme, host and port; default ports and case normalized", () => {
    expect(origin("https://Bolus.Hospital.Example:443/")).toEqual({ origin: "https://bolus.hospital.example", host: "bolus.hospital.example", secure: true });
    expect(origin("http://localhost:3000")).toEqual({ origin: "http://localhost:3000", host: "localhost:3000", secure: false });
  });
  test.each(["", "   ", "bolus.example", "ftp://bolus.example", "https://bolus.example/app", "https://u:p@bolus.example", "https://bolus.example/?x=1", "https://bolus.example/#x"])(
    "%j is refused in words",
    (raw) => {
      const parsed = parsePublicOrigin(raw);
      expect(parsed).toHaveProperty("error");
      expect((parsed as { error: string }).error).toMatch(/BOLUS_ORIGIN/);
    },
  );
  test("a Host header is host[:port] only", () => {
    expect(normalizeHost("BOLUS.hospital.example:443", true)).toBe("bolus.hospital.example");
    expect(normalizeHost("bolus.hospital.example:80", false)).toBe("bolus.hospital.example");
    for (const bad of ["evil.example/x", "a@bolus.hospital.example", "bolus.hospital.example evil", "", null]) expect(normalizeHost(bad, true)).toBeNull();
  });
});

describe("which requests are answered (421 for any other Host)", () => {
  test("the configured host passes, in any case and with its default port", () => {
    expect(decide(site, { host: "bolus.hospital.example" })).toBe("pass");
    expect(decide(site, { host: "BOLUS.hospital.example:443" })).toBe("pass");
    expect(decide(demo, { host: "127.0.0.1:3105" })).toBe("pass");
  });
  test.each([
    ["a rebinding name", "evil.example"],
    ["the server's address instead of its name", "10.0.0.5"],
    ["another port", "bolus.hospital.example:8443"],
    ["localhost for 127.0.0.1", "localhost:3105"],
    ["no Host at all", null],
  ])("%s is misdirected", (_label, host) => {
    expect(decide(host === "localhost:3105" ? demo : site, { host })).toBe("misdirected");
  });
  test("only the health check answers a monitor that asks by the internal address, and only to GET/HEAD", async () => {
    const facts = (method: string, path: string) => decideRequest({ method, path, host: "10.0.0.5:3000", origin: null }, site, false).kind;
    expect(facts("GET", "/api/health")).toBe("pass");
    expect(facts("HEAD", "/api/health")).toBe("pass");
    expect(facts("POST", "/api/health")).toBe("misdirected");
    expect(facts("GET", "/api/health/x")).toBe("misdirected");
    expect(facts("GET", "/api/healthz")).toBe("misdirected");
    expect(facts("GET", "/board")).toBe("misdirected");
  });
  test("a DNS-rebinding POST whose Origin agrees with its own Host is refused before any Origin check", () => {
    expect(decide(site, { method: "POST", host: "evil.example", origin: "https://evil.example" })).toBe("misdirected");
  });
  test("X-Forwarded-Host counts only behind a trusted proxy, and then it alone names the host", () => {
    expect(decide(site, { host: "10.0.0.5:3000", forwardedHost: "bolus.hospital.example" })).toBe("misdirected");
    expect(decide(site, { host: "10.0.0.5:3000", forwardedHost: "bolus.hospital.example" }, true)).toBe("pass");
    expect(decide(site, { host: "bolus.hospital.example", forwardedHost: "evil.example, bolus.hospital.example" }, true)).toBe("misdirected");
  });
});

describe("which mutations are allowed (Origin equals the configured origin)", () => {
  test("the configured origin passes, for every unsafe method", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) expect(decide(site, { method, host: "bolus.hospital.example", origin: "https://bolus.hospital.example" })).toBe("pass");
  });
  test.each([
    ["missing", null],
    ["another site", "https://evil.example"],
    ["the same host over plain HTTP", "http://bolus.hospital.example"],
    ["another port", "https://bolus.hospital.example:8443"],
    ["a sandboxed frame's null", "null"],
    ["a trailing slash", "https://bolus.hospital.example/"],
  ])("%s Origin is refused", (_label, o) => {
    expect(decide(site, { method: "POST", host: "bolus.hospital.example", origin: o })).toBe("foreign-origin");
  });
  test("a GET needs no Origin: links from elsewhere and the identity provider's redirect back arrive without one", () => {
    expect(decide(site, { method: "GET", host: "bolus.hospital.example", origin: null })).toBe("pass");
    expect(decide(site, { method: "HEAD", host: "bolus.hospital.example", origin: "https://idp.example" })).toBe("pass");
  });
});
