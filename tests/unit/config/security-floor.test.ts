import { describe, expect, test } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { bundleVersion, checkRelease, checkVendored, securityFloor } from "@/scripts/security-floor.mjs";

// Issue 12, item 8: the floor fails on prereleases and on versions it cannot read, and checks what the App Router
// really runs (next as Node resolves it from the app's root, and the React next vendors).

describe("a release floor", () => {
  test("a release at or above the floor passes; below it fails", () => {
    expect(checkRelease("16.0.10", "16.0.10").ok).toBe(true);
    expect(checkRelease("16.4.6", "16.0.10").ok).toBe(true);
    expect(checkRelease("16.0.9", "16.0.10").ok).toBe(false);
    expect(checkRelease("15.9.99", "16.0.10").ok).toBe(false);
  });

  test("a prerelease fails, even one numbered above the floor (not the patched release)", () => {
    for (const v of ["16.4.6-canary.1", "16.0.10-canary.0", "19.2.3-rc.1", "20.0.0-beta"]) {
      const r = checkRelease(v, v.startsWith("16") ? "16.0.10" : "19.2.3");
      expect(r, v).toEqual({ ok: false, why: expect.stringMatching(/prerelease/) });
    }
  });

  test("a version it cannot read fails", () => {
    for (const v of ["", "latest", "16.x", "16.0", "v16.4.6", "16.4.6+build.1", "workspace:*", null, undefined, 16.4]) {
      expect(checkRelease(v, "16.0.10").ok, String(v)).toBe(false);
    }
  });
});

describe("the React the App Router runs (vendored in next)", () => {
  test("a canary built after the fix, based at or above the floor, passes", () => {
    expect(checkVendored("19.3.0-canary-278794d7-20261002", "canary").ok).toBe(true);
    expect(checkVendored("19.3.0-experimental-278794d7-20261002", "experimental").ok).toBe(true);
  });

  test("a canary built before the fix, based below the floor, of another channel or unreadable fails", () => {
    expect(checkVendored("19.3.0-canary-1a2b3c4d-20251120", "canary")).toMatchObject({ ok: false, why: expect.stringMatching(/before/) });
    expect(checkVendored("19.2.0-canary-1a2b3c4d-20261002", "canary").ok).toBe(false);
    expect(checkVendored("19.3.0-experimental-278794d7-20261002", "canary").ok).toBe(false);
    for (const v of ["19.3.0", "19.3.0-canary", "19.3.0-canary-xyz-2026", null]) expect(checkVendored(v, "canary").ok, String(v)).toBe(false);
  });

  test("the version is read from the bundle's own declaration", () => {
    expect(bundleVersion('"use strict";exports.version = "19.3.0-canary-278794d7-20261002";')).toBe("19.3.0-canary-278794d7-20261002");
    expect(bundleVersion("module.exports = {}")).toBeNull();
  });
});

/** An app root in a temporary directory with next (and its vendored React) and react installed where `layout` says. */
function fakeApp(o: { next: string; vendored?: string | null; react?: string; hoisted?: boolean }) {
  const top = mkdtempSync(path.join(tmpdir(), "floor-"));
  const app = path.join(top, "app");
  mkdirSync(app, { recursive: true });
  writeFileSync(path.join(app, "package.json"), "{}");
  const modules = path.join(o.hoisted ? top : app, "node_modules");
  const put = (name: string, version: string) => {
    mkdirSync(path.join(modules, name), { recursive: true });
    writeFileSync(path.join(modules, name, "package.json"), JSON.stringify({ name, version }));
  };
  put("next", o.next);
  put("react", o.react ?? "19.2.3");
  put("react-dom", o.react ?? "19.2.3");
  if (o.vendored !== null) {
    for (const dir of ["react", "react-dom"]) {
      const file = path.join(modules, "next", "dist", "compiled", dir, "cjs", dir === "react" ? "react.react-server.production.js" : "react-dom.react-server.production.js");
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `exports.version = "${o.vendored ?? "19.3.0-canary-278794d7-20261002"}";`);
    }
  }
  return { top, app };
}

describe("securityFloor(root): the packages as the app resolves them", () => {
  test("a patched install passes every line, next found through Node's resolution (hoisted above the app)", () => {
    const { app } = fakeApp({ next: "16.0.10", hoisted: true });
    const lines = securityFloor(app);
    expect(lines.map((l) => [l.name.split(" ")[0], l.ok])).toEqual([["next", true], ["react", true], ["react-dom", true], ["react", true], ["react-dom", true]]);
  });

  test("next 16.4.6-canary.1 fails the floor", () => {
    const { app } = fakeApp({ next: "16.4.6-canary.1" });
    expect(securityFloor(app).find((l) => l.name === "next")).toMatchObject({ ok: false, version: "16.4.6-canary.1" });
  });

  test("the vendored React the App Router runs is checked: an old canary fails though next and react pass", () => {
    const { app } = fakeApp({ next: "16.4.6", vendored: "19.2.0-canary-aaaa1111-20250601" });
    const lines = securityFloor(app);
    expect(lines.filter((l) => !l.ok).map((l) => l.name)).toEqual(["react (App Router, vendored in next)", "react-dom (App Router, vendored in next)"]);
  });

  test("a next without its vendored React, or no next at all, fails", () => {
    expect(securityFloor(fakeApp({ next: "16.4.6", vendored: null }).app).some((l) => !l.ok)).toBe(true);
    const empty = mkdtempSync(path.join(tmpdir(), "floor-empty-"));
    expect(securityFloor(empty).every((l) => !l.ok)).toBe(true);
  });

  test("this repository passes", () => {
    expect(securityFloor(process.cwd()).filter((l) => !l.ok)).toEqual([]);
  });
});
