import { describe, expect, test } from "vitest";
import { contentSecurityPolicy, parseHsts } from "@/lib/http/policy";

// Issue 12 items 4 and 6 (decision 053).
const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("Content Security Policy", () => {
  const nonce = "AbCdEfGhIjKlMnOpQrStUv==";
  const csp = directives(contentSecurityPolicy(nonce, { development: false }));
  test("scripts run only with this response's nonce, and what it loads ('strict-dynamic'); never unsafe-inline or eval", () => {
    expect(csp.get("script-src")).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });
  test("no base, no plugins, no framing", () => {
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
  });
  test("development adds eval for React's dev build only", () => {
    expect(directives(contentSecurityPolicy(nonce, { development: true })).get("script-src")).toContain("'unsafe-eval'");
  });
  test("a nonce that could break out of the header is refused", () => {
    expect(() => contentSecurityPolicy("x'; script-src *", { development: false })).toThrow();
    expect(() => contentSecurityPolicy("short", { development: false })).toThrow();
  });
});

describe("HSTS from configuration", () => {
  test("unset: none", () => {
    expect(parseHsts(undefined)).toEqual({ value: null });
    expect(parseHsts(" ")).toEqual({ value: null });
  });
  test("max-age with includeSubDomains and preload", () => {
    expect(parseHsts("max-age=63072000; includeSubDomains; preload")).toEqual({ value: "max-age=63072000; includeSubDomains; preload" });
    expect(parseHsts("max-age=300")).toEqual({ value: "max-age=300" });
  });
  test.each(["1", "max-age=", "max-age=abc", "includeSubDomains", "max-age=300; includeSubDomains; includeSubDomains", "max-age=300; evil=1", "max-age=300\r\nSet-Cookie: x=1"])(
    "%j is refused in words, not silently dropped",
    (raw) => {
      expect(parseHsts(raw)).toHaveProperty("error");
    },
  );
});
