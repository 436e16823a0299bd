import { describe, expect, test } from "vitest";
import { activityCookieName, authConfig, cookiesAreSecure, pageIdle, sessionCookieName } from "@/lib/auth/config";

// Issue 12 item 4 (decision 053): Secure and __Host- by configuration, never by a request header.
describe("session cookie", () => {
  test("under next start (NODE_ENV=production) it is Secure and __Host- by default", () => {
    expect(cookiesAreSecure({ NODE_ENV: "production" })).toBe(true);
    expect(sessionCookieName({ NODE_ENV: "production" })).toBe("__Host-bolus_session");
    expect(activityCookieName({ NODE_ENV: "production" })).toBe("__Host-bolus_seen");
  });
  test("COOKIE_SECURE=0 opts out explicitly (plain HTTP other than loopback, Safari); the name loses the prefix with it", () => {
    expect(cookiesAreSecure({ NODE_ENV: "production", COOKIE_SECURE: "0" })).toBe(false);
    expect(sessionCookieName({ NODE_ENV: "production", COOKIE_SECURE: "0" })).toBe("bolus_session");
  });
  test("COOKIE_SECURE=1 forces it in development; development and tests default to plain", () => {
    expect(sessionCookieName({ NODE_ENV: "development", COOKIE_SECURE: "1" })).toBe("__Host-bolus_session");
    expect(sessionCookieName({ NODE_ENV: "development" })).toBe("bolus_session");
    expect(sessionCookieName({ NODE_ENV: "test" })).toBe("bolus_session");
  });
  test("any other COOKIE_SECURE value keeps the default", () => {
    expect(cookiesAreSecure({ NODE_ENV: "production", COOKIE_SECURE: "false" })).toBe(true);
  });
});

describe("the page's idle timer", () => {
  test("clears the page before the server's limit can have passed, and warns a minute before that", () => {
    const { clearAfterSeconds, warnSeconds } = pageIdle();
    expect(clearAfterSeconds).toBe(authConfig.idleMinutes * 60 - authConfig.touchSeconds);
    expect(warnSeconds).toBe(60);
  });
});
