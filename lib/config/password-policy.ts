// What a new password must be, after NIST SP 800-63B §5.1.1.2 (docs/decisions/047-modes-and-first-run.md). Pure: the
// list of common passwords is an argument (lib/auth/common-passwords.ts loads it).
//   - at least 15 characters (a password used alone, no second factor), at most 128 (64 and more must be allowed;
//     the cap only keeps argon2 from hashing megabytes); counted in characters, spaces and any Unicode allowed
//   - no composition rules (no "one digit, one capital")
//   - refused when it is a commonly used password, one character or one short part repeated, or contains the user's
//     e-mail address (or its name part) or a part of their name (4+ characters anywhere, 3 only as a whole word),
//     or the service's own words (Bolus, interleukin)
// "Not the current password" needs the stored hash: the change-password action checks it.

export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 128;

export interface PasswordContext {
  email: string;
  name: string;
  commonPasswords: ReadonlySet<string>;
}

const length = (s: string) => [...s].length;

/** Words of this service a password must not contain (an attacker's first guesses for a Bolus password). */
export const SERVICE_WORDS = ["bolus", "interleukin"] as const;

/** A part this long or longer is refused anywhere in a password; a shorter one (3 characters) only as a whole word. */
const CONTAINED_FROM = 4;

/** The parts of a user's e-mail and name a password must not contain (3 characters or more, lower case). */
export function personalWords(email: string, name: string): string[] {
  const lower = email.trim().toLowerCase();
  const local = lower.split("@")[0] ?? "";
  const words = [lower, local, ...local.split(/[^\p{L}\p{N}]+/u), ...name.toLowerCase().split(/[^\p{L}\p{N}]+/u)];
  return [...new Set(words.filter((w) => length(w) >= 3))];
}

/**
 * Whether the (lower-case) password uses this personal part: a part of 4+ characters anywhere in it ("nora" in
 * "nora2026nora"); a 3-character part only as a whole word, so "Tom Lee" may use "bottom" but not "tom and jerry".
 */
function uses(lower: string, part: string): boolean {
  if (length(part) >= CONTAINED_FROM) return lower.includes(part);
  const words = lower.split(/[^\p{L}\p{N}]+/u);
  return words.includes(part);
}

/** Why this new password is refused, in words for the user, or null when it is acceptable. */
export function passwordProblem(password: string, ctx: PasswordContext): string | null {
  const n = length(password);
  if (n < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters (this has ${n}). A few unrelated words make a long password that is easy to remember.`;
  if (n > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  const lower = password.toLowerCase();
  if (ctx.commonPasswords.has(lower) || ctx.commonPasswords.has(lower.replace(/\s+/g, ""))) {
    return "This password is on a list of commonly used passwords. Choose another.";
  }
  if (/^(.{1,8})\1+$/su.test(lower)) return "This password is one character or one short part repeated. Choose another.";
  if (personalWords(ctx.email, ctx.name).some((w) => uses(lower, w))) return "A password must not contain your e-mail address or your name. Choose another.";
  if (SERVICE_WORDS.some((w) => lower.includes(w))) return "A password must not contain the name of this service or its medicine (Bolus, interleukin). Choose another.";
  return null;
}
