// Database errors classified by their codes — Prisma's (P…), the driver adapter's error kind, PostgreSQL's SQLSTATE
// and the socket's errno code — never by the wording of a message.

const UNAVAILABLE_PRISMA = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "TlsConnectionError"]);
const UNAVAILABLE_SOCKET = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EHOSTUNREACH"]);
// SQLSTATE class 08 (connection exception) and 57P01–57P03 (shutdown, crash, cannot connect now)
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123])$/;

interface Coded {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  cause?: unknown;
  meta?: unknown;
}

/** Every code-like field on the error and its causes (Prisma wraps the adapter's error, which wraps the driver's). */
function codesOf(e: unknown, depth = 0): string[] {
  if (e === null || typeof e !== "object" || depth > 5) return [];
  const o = e as Coded;
  const own = [o.code, o.kind, o.originalCode].filter((v): v is string => typeof v === "string");
  const meta = o.meta && typeof o.meta === "object" ? (o.meta as { driverAdapterError?: unknown }).driverAdapterError : undefined;
  return [...own, ...codesOf(o.cause, depth + 1), ...codesOf(meta, depth + 1)];
}

export type DatabaseErrorClass = "unavailable" | "unique-violation" | "other";

export function classifyDatabaseError(e: unknown): DatabaseErrorClass {
  const codes = codesOf(e);
  if (codes.some((c) => c === "P2002" || c === "UniqueConstraintViolation" || c === "23505")) return "unique-violation";
  if (codes.some((c) => UNAVAILABLE_PRISMA.has(c) || UNAVAILABLE_KINDS.has(c) || UNAVAILABLE_SOCKET.has(c) || UNAVAILABLE_SQLSTATE.test(c))) {
    return "unavailable";
  }
  return "other";
}

export const isUniqueViolation = (e: unknown): boolean => classifyDatabaseError(e) === "unique-violation";
export const isDatabaseUnavailable = (e: unknown): boolean => classifyDatabaseError(e) === "unavailable";

/** The database index a unique violation hit (e.g. "HoldReview_doseEventId_key"), when the error names it. */
export function violatedConstraint(e: unknown, depth = 0): string | null {
  if (e === null || typeof e !== "object" || depth > 5) return null;
  const o = e as { constraint?: unknown; meta?: unknown; cause?: unknown };
  const c = o.constraint;
  if (c && typeof c === "object" && typeof (c as { index?: unknown }).index === "string") return (c as { index: string }).index;
  const meta = o.meta && typeof o.meta === "object" ? (o.meta as { driverAdapterError?: unknown }).driverAdapterError : undefined;
  return violatedConstraint(o.cause, depth + 1) ?? violatedConstraint(meta, depth + 1);
}
