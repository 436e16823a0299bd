import { describe, expect, test } from "vitest";
import { loginPath, returnTo, roleMayOpen, safeNextPath } from "@/lib/auth/return-to";

const COURSE = "/courses/0b7c1f0e-3c1a-4c55-9a57-6f0a3c2d1e4f";

describe("safeNextPath: only a same-origin relative path, never an open redirect", () => {
  test.each([
    ["a page", "/board", "/board"],
    ["a course with a query", `${COURSE}?tab=doses`, `${COURSE}?tab=doses`],
    ["dot segments resolve on this origin", "/courses/../board", "/board"],
    ["an encoded space in a query stays encoded", "/admin/audit?user=Jane%20Doe", "/admin/audit?user=Jane%20Doe"],
  ])("%s: %s → %s", (_label, raw, want) => {
    expect(safeNextPath(raw)).toBe(want);
  });

  test.each([
    ["scheme-relative", "//evil.example"],
    ["scheme-relative with a path", "//evil.example/board"],
    ["absolute https", "https://evil.example/board"],
    ["absolute http", "http://127.0.0.1:3100/board"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,hi"],
    ["no leading slash", "board"],
    ["backslash after the slash", "/\\evil.example"],
    ["backslashes only", "\\\\evil.example"],
    ["a backslash anywhere", "/board\\..\\x"],
    ["encoded second slash", "/%2Fevil.example"],
    ["encoded both slashes", "%2F%2Fevil.example"],
    ["encoded backslash", "/%5Cevil.example"],
    ["double-encoded slash", "/%252Fevil.example"],
    ["double-encoded backslash", "/%255Cevil.example"],
    ["a tab browsers drop", "/\t/evil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["a newline", "/\n/evil.example"],
    ["leading space", " //evil.example"],
    ["malformed encoding", "/%E0%A4%A"],
    ["empty", ""],
    ["the sign-in page itself (a loop)", "/login?next=/board"],
    ["an API route", "/api/health"],
    ["too long", `/${"a".repeat(2001)}`],
    ["not a string", ["/board"]],
    ["undefined", undefined],
  ])("refused: %s", (_label, raw) => {
    expect(safeNextPath(raw)).toBeNull();
  });
});

describe("returnTo: the page asked for when the role may open it, else the role's home", () => {
  test.each([
    ["nurse → a course", COURSE, "nurse", COURSE],
    ["attending → a course", COURSE, "attending", COURSE],
    ["attending → the review queue", "/reviews", "attending", "/reviews"],
    ["nurse → the review queue: not hers, home", "/reviews", "nurse", "/board"],
    ["pharmacist → an order to verify", `/verifications/orders/${COURSE.slice(9)}`, "pharmacist", `/verifications/orders/${COURSE.slice(9)}`],
    ["nurse → administration: home", "/admin", "nurse", "/board"],
    ["admin → the audit log", "/admin/audit?user=x", "admin", "/admin/audit?user=x"],
    ["admin → a course: home", COURSE, "admin", "/admin"],
    ["an unknown page: home", "/nowhere", "attending", "/reviews"],
    ["an open redirect: home", "//evil.example", "pharmacist", "/verifications"],
    ["any role → the sources page", "/sources", "pharmacist", "/sources"],
    ["nothing asked: home", null, "nurse", "/board"],
  ] as const)("%s", (_label, next, role, want) => {
    expect(returnTo(next, role)).toBe(want);
  });

  test("the table agrees with the pages' guards for the course page", () => {
    expect(roleMayOpen("pharmacist", COURSE)).toBe(true);
    expect(roleMayOpen("admin", COURSE)).toBe(false);
  });
});

describe("loginPath: what the guard redirects a signed-out visitor to", () => {
  test.each([
    ["a page", COURSE, false, `/login?next=${encodeURIComponent(COURSE)}`],
    ["an expired session", "/reviews", true, "/login?expired=1&next=%2Freviews"],
    ["an unsafe path is dropped", "//evil.example", false, "/login"],
    ["nothing known", null, true, "/login?expired=1"],
  ] as const)("%s", (_label, requested, expired, want) => {
    expect(loginPath(requested, expired)).toBe(want);
  });
});
