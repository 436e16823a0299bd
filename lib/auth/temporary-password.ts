import { randomInt } from "node:crypto";

// A one-time temporary password (docs/decisions/047-modes-and-first-run.md, 048-people-and-units.md): for the first
// administrator (npm run setup:admin) and for an account an administrator creates or resets. No "server-only" here:
// the setup scripts run it with tsx.

// no 0/o, 1/l/i: read aloud or copied from a screen without doubt
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/**
 * 20 characters from 31 (about 99 bits) from the operating system's CSPRNG, in four groups of five ("k7mq2-x9fpa-…")
 * so it can be read out. It must be changed at the next sign-in (User.mustChangePassword).
 */
export function temporaryPassword(): string {
  return Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => ALPHABET[randomInt(ALPHABET.length)]).join("")).join("-");
}
