import "server-only";
import * as clock from "@/lib/clock";
import { createHash, randomBytes } from "node:crypto";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { prisma, type Tx } from "@/lib/db/client";
import { authConfig, cookiesAreSecure, sessionCookieName } from "@/lib/auth/config";
import type { Role } from "@/lib/auth/permissions";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitIds: string[];
  /** a temporary password (first administrator, a reset): only /account/password until it is changed */
  mustChangePassword?: boolean;
}

export interface CurrentSession {
  sessionId: string;
  user: SessionUser;
  /** when this session's first signature (user id and password) was given; until then signatures ask for both
   *  (docs/decisions/055). The server decides again at each signature; this only shapes the forms. */
  firstSignedAt?: Date | null;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Creates the server-side session row inside the caller's transaction; returns the cookie token. */
export async function createSession(tx: Tx, userId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + authConfig.absoluteMinutes * 60_000);
  await tx.session.create({ data: { tokenHash: hashToken(token), userId, createdAt: now, lastSeenAt: now, expiresAt } });
  return { token, expiresAt };
}

/**
 * Only from a server action or route handler (Next.js allows cookie writes nowhere else). A browser-session cookie
 * (no Expires, no Max-Age): it ends when the browser does; the server's idle and absolute limits end the session
 * itself (`expiresAt` is the server's, kept out of the cookie). Secure and `__Host-` by configuration
 * (lib/auth/config.ts `cookiesAreSecure`, decision 053), never from a request header.
 */
export async function setSessionCookie(token: string, _expiresAt?: Date): Promise<void> {
  (await cookies()).set(sessionCookieName(), token, {
    httpOnly: true,
    secure: cookiesAreSecure(),
    sameSite: "lax",
    path: "/",
  });
}

export async function clearSessionCookie(): Promise<void> {
  const jar = await cookies();
  // a `__Host-` cookie is only replaced (also by a deletion) by one that is Secure with Path=/
  if (cookiesAreSecure()) jar.delete({ name: sessionCookieName(), path: "/", secure: true, httpOnly: true, sameSite: "lax" });
  else jar.delete(sessionCookieName());
}

/** The session cookie's token in this request, if any. */
async function sessionToken(): Promise<string | undefined> {
  return (await cookies()).get(sessionCookieName())?.value;
}

interface SessionRow {
  id: string;
  userId: string;
  endedAt: Date | null;
  lastSeenAt: Date;
  expiresAt: Date;
  firstSignedAt: Date | null;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  mustChangePassword: boolean;
  unitIds: string[];
}

export type SessionLookup =
  | { state: "none" }
  | { state: "expired"; sessionId: string; userId: string; reason: "idle-timeout" | "absolute-timeout" | "ended" | "user-inactive" }
  | { state: "valid"; session: CurrentSession };

/**
 * Reads the session named by a cookie token. Idle and absolute limits are enforced here, on the server, on every
 * request; an expired session is ended in the database so it cannot come back.
 */
export async function lookupSession(token: string | undefined, now: Date, options: { touch?: boolean } = {}): Promise<SessionLookup> {
  if (!token || token.length > 200) return { state: "none" };
  // one statement (the session, its user and the user's units), read on every request (docs/performance-http.md)
  const [row] = await prisma.$queryRaw<SessionRow[]>`
    SELECT s.id, s."userId", s."endedAt", s."lastSeenAt", s."expiresAt", s."firstSignedAt",
           u.email, u.name, u.role::text AS role, u.active, u."mustChangePassword",
           ARRAY(SELECT a."unitId"::text FROM "UnitAssignment" a WHERE a."userId" = u.id) AS "unitIds"
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s."tokenHash" = ${hashToken(token)}`;
  if (!row) return { state: "none" };
  const base = { sessionId: row.id, userId: row.userId };
  if (row.endedAt) return { state: "expired", ...base, reason: "ended" };
  const idleLimit = new Date(row.lastSeenAt.getTime() + authConfig.idleMinutes * 60_000);
  const reason = !row.active
    ? "user-inactive"
    : now >= row.expiresAt
      ? "absolute-timeout"
      : now >= idleLimit
        ? "idle-timeout"
        : null;
  if (reason) {
    await prisma.session.updateMany({ where: { id: row.id, endedAt: null }, data: { endedAt: now, endReason: reason } });
    return { state: "expired", ...base, reason };
  }
  if (options.touch !== false && now.getTime() - row.lastSeenAt.getTime() > authConfig.touchSeconds * 1000) {
    await prisma.session.update({ where: { id: row.id }, data: { lastSeenAt: now } });
  }
  return {
    state: "valid",
    session: {
      sessionId: row.id,
      firstSignedAt: row.firstSignedAt,
      user: {
        id: row.userId,
        email: row.email,
        name: row.name,
        role: row.role,
        unitIds: row.unitIds,
        mustChangePassword: row.mustChangePassword,
      },
    },
  };
}

/** Whose session a browser holds: the user of the session row its cookie names. */
export interface SessionOwner {
  sessionId: string;
  userId: string;
  name: string;
  email: string;
}

/**
 * The user of the session the request's cookie names, whether that session is still valid, expired or ended (found
 * by its token alone), or null when the cookie names no session. The sign-in-again dialog (lib/actions/sign-in.ts
 * `stay=1`) signs in again only as this user: the page and the form under the dialog are theirs.
 */
export async function sessionCookieOwner(): Promise<SessionOwner | null> {
  const token = await sessionToken();
  if (!token || token.length > 200) return null;
  const row = await prisma.session.findUnique({ where: { tokenHash: hashToken(token) }, select: { id: true, user: { select: { id: true, name: true, email: true } } } });
  return row ? { sessionId: row.id, userId: row.user.id, name: row.user.name, email: row.user.email } : null;
}

/**
 * The current request's session lookup, read once per request. A router prefetch (Next.js fetches linked pages
 * ahead, and again on its own while a page stays open) does not count as activity: it reads the session without
 * moving lastSeenAt, as proxy.ts does not renew the page's activity cookie for it (decision 053).
 */
export const readSession = cache(async (): Promise<SessionLookup> => {
  const h = await headers();
  const prefetch = h.has("next-router-prefetch") || h.has("next-router-segment-prefetch");
  return lookupSession(await sessionToken(), clock.now(), { touch: !prefetch });
});
