import { describe, expect, test } from "vitest";
import { createRequire } from "node:module";
import { config } from "@/proxy";

// Issue 12 item 8: the proxy runs for every path but the build's static files, excluded exactly. The matcher is
// compiled by Next.js's own function, as `next build` does, so this tests the pattern Next.js really applies.
const require = createRequire(import.meta.url);
const { getMiddlewareMatchers } = require("next/dist/build/analysis/get-page-static-info.js") as {
  getMiddlewareMatchers: (m: string[], c: object) => { regexp: string }[];
};
const matchers = getMiddlewareMatchers(config.matcher, {}).map((m) => new RegExp(m.regexp));
const runs = (path: string) => matchers.some((re) => re.test(path));

describe("proxy matcher", () => {
  test.each(["/_next/static/chunks/app.js", "/_next/static/css/app.css", "/_next/image", "/favicon.ico", "/icon.svg"])("%s is a static file: skipped", (path) => {
    expect(runs(path)).toBe(false);
  });
  test.each([
    "/",
    "/board",
    "/login",
    "/api/auth/sign-out",
    "/api/auth/oidc/callback",
    // what the unanchored pattern let past the proxy: a prefix of an excluded name is not that name
    "/favicon.ico/board",
    "/favicon.icox",
    "/faviconXico",
    "/icon.svg/anything",
    "/icon.svgz",
    "/_next/staticfoo",
    "/_next/static",
    "/_next/imagefoo",
    "/_next/image/x",
    "/board.rsc",
  ])("%s runs the proxy", (path) => {
    expect(runs(path)).toBe(true);
  });
});
