// The security floor (shared/TOOLCHAIN.md; issue 12, item 8; docs/decisions/054-access-records.md): next and react
// must not resolve below the patched releases (React Server Components CVE-2025-55182 and its follow-ups).
//   - A release floor is met only by a release: a prerelease (16.4.6-canary.1, 19.2.3-rc.0) fails, whatever its
//     numbers, since it is not the patched release; a version that cannot be read fails too.
//   - The packages are found the way the app finds them: Node's resolution from the app's root (createRequire), not
//     a path relative to the working directory, so a hoisted or nested install is the one checked.
//   - The App Router does not run node_modules/react: it runs the React that next vendors (next/dist/compiled/react,
//     react-dom), a canary build "19.3.0-canary-<commit>-<YYYYMMDD>". That build is checked as a canary: its base
//     version at or above the React floor and its build date at or after CANARY_DATE_FLOOR; anything else fails.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

export const RELEASE_FLOORS = { next: "16.0.10", react: "19.2.3", "react-dom": "19.2.3" };
/** the day the patched React releases (19.2.3) and next 16.0.10 were published: a vendored canary built earlier lacks the fix */
export const CANARY_DATE_FLOOR = "20251211";
/** the vendored React builds the App Router runs (server layer): the channel without experimental flags, and the experimental one */
export const VENDORED = [
  { name: "react (App Router, vendored in next)", file: "dist/compiled/react/cjs/react.react-server.production.js", channel: "canary" },
  { name: "react-dom (App Router, vendored in next)", file: "dist/compiled/react-dom/cjs/react-dom.react-server.production.js", channel: "canary" },
  { name: "react (App Router experimental, vendored in next)", file: "dist/compiled/react-experimental/cjs/react.react-server.production.js", channel: "experimental", optional: true },
];

const RELEASE = /^(\d+)\.(\d+)\.(\d+)$/;
const PRERELEASE = /^(\d+)\.(\d+)\.(\d+)-[0-9A-Za-z.-]+$/;

/** [major, minor, patch] of a plain release "x.y.z", else null (a prerelease, build metadata, garbage). */
export function parseRelease(v) {
  const m = typeof v === "string" ? RELEASE.exec(v.trim()) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

const cmp = (a, b) => {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
};

/** Whether `version` meets the release `floor`: { ok, why }. A prerelease or an unreadable version never does. */
export function checkRelease(version, floor) {
  const f = parseRelease(floor);
  if (!f) return { ok: false, why: `the floor ${JSON.stringify(floor)} is not a release version` };
  const v = parseRelease(version);
  if (v) return cmp(v, f) >= 0 ? { ok: true, why: `at or above ${floor}` } : { ok: false, why: `below ${floor}` };
  if (typeof version === "string" && PRERELEASE.test(version.trim())) return { ok: false, why: `a prerelease, not the patched release (floor ${floor})` };
  return { ok: false, why: `cannot read the version ${JSON.stringify(version)}` };
}

/** Whether a vendored React build "x.y.z-<channel>-<commit>-<YYYYMMDD>" meets the floor: base version and build date. */
export function checkVendored(version, channel, releaseFloor = RELEASE_FLOORS.react, dateFloor = CANARY_DATE_FLOOR) {
  const m = typeof version === "string" ? /^(\d+\.\d+\.\d+)-([a-z]+)-([0-9a-f]+)-(\d{8})$/.exec(version.trim()) : null;
  if (!m) return { ok: false, why: `cannot read the vendored version ${JSON.stringify(version)}` };
  const [, base, ch, , date] = m;
  if (ch !== channel) return { ok: false, why: `a ${ch} build where the ${channel} channel was expected` };
  const b = parseRelease(base);
  const f = parseRelease(releaseFloor);
  if (!b || !f || cmp(b, f) < 0) return { ok: false, why: `based on ${base}, below ${releaseFloor}` };
  if (date < dateFloor) return { ok: false, why: `built ${date}, before ${dateFloor}` };
  return { ok: true, why: `${channel} build of ${date}, based on ${base}` };
}

/** The `version = "…"` a React production bundle declares, or null. */
export function bundleVersion(source) {
  const m = /\bversion\s*=\s*"([^"]+)"/.exec(source);
  return m ? m[1] : null;
}

/**
 * Every line of the check for the app at `root`: { name, version, ok, why, file }. Packages are resolved from
 * `root` as Node resolves them for the app; a package that does not resolve fails.
 */
export function securityFloor(root) {
  const req = createRequire(path.join(path.resolve(root), "package.json"));
  const lines = [];
  let nextDir = null;
  for (const [name, floor] of Object.entries(RELEASE_FLOORS)) {
    let file = null;
    let version = null;
    try {
      file = req.resolve(`${name}/package.json`);
      version = JSON.parse(readFileSync(file, "utf8")).version ?? null;
    } catch {
      lines.push({ name, version: null, ok: false, why: `does not resolve from ${root}`, file });
      continue;
    }
    if (name === "next") nextDir = path.dirname(file);
    lines.push({ name, version, file, ...checkRelease(version, floor) });
  }
  if (nextDir) {
    for (const v of VENDORED) {
      const file = path.join(nextDir, v.file);
      let source;
      try {
        source = readFileSync(file, "utf8");
      } catch {
        if (!v.optional) lines.push({ name: v.name, version: null, ok: false, why: "not found in next: the App Router's React cannot be checked", file });
        continue;
      }
      const version = bundleVersion(source);
      lines.push({ name: v.name, version, file, ...checkVendored(version, v.channel) });
    }
  }
  return lines;
}
