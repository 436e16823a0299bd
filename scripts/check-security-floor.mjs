#!/usr/bin/env node
// Fails when next or react resolve below the patched floor (React Server Components CVE-2025-55182 and follow-ups),
// as stated in shared/TOOLCHAIN.md.
import { readFileSync } from "node:fs";

const FLOOR = { next: "16.0.10", react: "19.2.3", "react-dom": "19.2.3" };
const parse = (v) => v.split(/[.-]/).slice(0, 3).map(Number);
const below = (v, floor) => {
  const [a, b] = [parse(v), parse(floor)];
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
};
let bad = 0;
for (const [name, floor] of Object.entries(FLOOR)) {
  const { version } = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  const ok = !below(version, floor);
  console.log(`${ok ? "ok  " : "FAIL"} ${name} ${version} (floor ${floor})`);
  if (!ok) bad++;
}
process.exit(bad ? 1 : 0);
