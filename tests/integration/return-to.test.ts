import { beforeAll, describe, expect, test } from "vitest";
import { followRedirect, formOf, freshBrowser } from "./support/request-context";
import { makeUnit, makeUser } from "./support/factories";
import { signInAction } from "@/lib/actions/sign-in";
import { requirePageSession } from "@/lib/auth/guards";
import { REQUESTED_PATH_HEADER } from "@/lib/auth/return-to";

// Issue 10, deliver 9: signing in returns to the page that was asked for, only when it is a same-origin path the role
// may open (lib/auth/return-to.ts has the unit tests of the path rule).
const PASSWORD = "correct horse battery";
const COURSE = "/courses/0b7c1f0e-3c1a-4c55-9a57-6f0a3c2d1e4f";
let nurse: { email: string };

beforeAll(async () => {
  nurse = await makeUser("nurse", [(await makeUnit()).id]);
});

describe("return to the page asked for", () => {
  test("the page guard sends a signed-out visitor to /login with the path proxy.ts named", async () => {
    const browser = freshBrowser();
    browser.headers[REQUESTED_PATH_HEADER] = `${COURSE}?tab=doses`;
    expect(await followRedirect(() => requirePageSession("course:view"))).toEqual({ redirectedTo: `/login?next=${encodeURIComponent(`${COURSE}?tab=doses`)}` });
    browser.headers[REQUESTED_PATH_HEADER] = "//evil.example";
    expect(await followRedirect(() => requirePageSession("course:view"))).toEqual({ redirectedTo: "/login" });
  });

  test.each([
    ["a course the nurse may open", COURSE, COURSE],
    ["the review queue (attending only): her home", "/reviews", "/board"],
    ["another origin: her home", "https://evil.example/board", "/board"],
    ["scheme-relative: her home", "//evil.example", "/board"],
    ["encoded slashes: her home", "/%2F%2Fevil.example", "/board"],
    ["none: her home", undefined, "/board"],
  ])("sign-in with next = %s", async (_label, next, want) => {
    freshBrowser();
    expect(await followRedirect(() => signInAction(null, formOf({ email: nurse.email, password: PASSWORD, next })))).toEqual({ redirectedTo: want });
  });
});
