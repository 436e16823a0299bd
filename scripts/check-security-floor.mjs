#!/usr/bin/env node
// Fails when next or react resolve below the patched floor (React Server Components CVE-2025-55182 and follow-ups),
// as stated in shared/TOOLCHAIN.md, or when a version is a prerelease or cannot be read; the React the App Router
// really runs (vendored in next) is checked too. The rules: scripts/security-floor.mjs.
// Usage: node scripts/check-security-floor.mjs [app root, default: this repository]
import path from "node:path";
import { fileURLToPath } from "node:url";
import { securityFloor } from "./security-floor.mjs";

const root = process.argv[2] ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const lines = securityFloor(root);
for (const l of lines) console.log(`${l.ok ? "ok  " : "FAIL"} ${l.name} ${l.version ?? "?"}: ${l.why}`);
process.exit(lines.every((l) => l.ok) ? 0 : 1);
