// Server logs carry no patient data (issue 12, item 8; docs/decisions/054-access-records.md). An error's message can:
// Prisma prints the arguments of a failed call (names, MRNs, values), PostgreSQL quotes the value it refused. So a
// server-side error is logged as where it happened, a reference id (also shown to the user) and the error's codes —
// its class name, Prisma's P-code, the driver's kind, the SQLSTATE, the errno code, Next's digest — never its
// message, its stack or its meta. Each code must look like a code (letters, digits, _), so no free text gets through.
import { randomBytes } from "node:crypto";

/** A short random reference for one failure, logged and shown to the user ("reference 3f9c2a1b7d04"). */
export function newReference(): string {
  return randomBytes(6).toString("hex");
}

const CODE = /^[A-Za-z0-9_]{1,48}$/;
const DIGEST = /^[A-Za-z0-9_-]{1,64}$/;

interface Coded {
  name?: unknown;
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  errorCode?: unknown;
  digest?: unknown;
  cause?: unknown;
  meta?: unknown;
}

function codesOf(e: unknown, depth: number, out: string[]): void {
  if (e === null || typeof e !== "object" || depth > 5) return;
  const o = e as Coded;
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
  for (const v of [depth === 0 ? undefined : ctor, o.code, o.errorCode, o.kind, o.originalCode]) {
    if (typeof v === "string" && CODE.test(v) && v !== "Object" && !out.includes(v)) out.push(v);
  }
  codesOf(o.cause, depth + 1, out);
  const meta = o.meta && typeof o.meta === "object" ? (o.meta as { driverAdapterError?: unknown }).driverAdapterError : undefined;
  codesOf(meta, depth + 1, out);
}

/** What may be logged of an error: "PrismaClientKnownRequestError P2002 UniqueConstraintViolation 23505 digest 123". */
export function safeErrorSummary(e: unknown): string {
  if (e === null || typeof e !== "object") return typeof e === "string" ? "thrown string" : `thrown ${typeof e}`;
  const ctor = (e as { constructor?: { name?: unknown } }).constructor?.name;
  const name = typeof ctor === "string" && CODE.test(ctor) && ctor !== "Object" ? ctor : typeof (e as Coded).name === "string" && CODE.test((e as Coded).name as string) ? ((e as Coded).name as string) : "Error";
  const codes: string[] = [];
  codesOf(e, 0, codes);
  const digest = (e as Coded).digest;
  const parts = [name, ...codes.filter((c) => c !== name)];
  if (typeof digest === "string" && DIGEST.test(digest)) parts.push(`digest ${digest}`);
  return parts.join(" ");
}

/** Logs a server-side failure without its message: `[where] reference R: <codes>`. Returns the reference. */
export function logServerError(where: string, e: unknown, reference: string = newReference()): string {
  console.error(`[${where}] reference ${reference}: ${safeErrorSummary(e)}`);
  return reference;
}

const INSTALLED = Symbol.for("bolus.safe-console");

/** Whether `v` is an error object whose message or stack could be printed. */
function errorLike(v: unknown): boolean {
  return v instanceof Error || (v !== null && typeof v === "object" && ("stack" in v || "message" in v));
}

/**
 * For the server process (instrumentation.ts): console.error and console.warn print any error object as its safe
 * summary, so the framework's own logging of a failed render or action (which prints the error) carries no message.
 */
export function installSafeConsole(target: Console = console): void {
  const marked = target as Console & { [INSTALLED]?: boolean };
  if (marked[INSTALLED]) return;
  marked[INSTALLED] = true;
  for (const level of ["error", "warn"] as const) {
    const original = target[level].bind(target);
    target[level] = (...args: unknown[]) => original(...args.map((a) => (errorLike(a) ? safeErrorSummary(a) : a)));
  }
}
