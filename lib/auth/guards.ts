import { redirect } from "next/navigation";
import { readSession, type CurrentSession } from "@/lib/auth/session";
import { can, HOME_BY_ROLE, type Permission, type Role } from "@/lib/auth/permissions";

/** Thrown by guards; lib/actions turns it into a typed `{ ok: false }` result and a `denied` audit row. */
export class AuthError extends Error {
  constructor(
    readonly code: "UNAUTHENTICATED" | "FORBIDDEN",
    message: string,
    readonly actor: { id: string; email: string } | null = null,
  ) {
    super(message);
    this.name = "AuthError";
  }
}

/** For server actions and route handlers: the signed-in user, or an AuthError. */
export async function requireSession(): Promise<CurrentSession> {
  const found = await readSession();
  if (found.state !== "valid") {
    throw new AuthError(
      "UNAUTHENTICATED",
      found.state === "expired" ? "Your session has ended. Sign in again." : "Sign in to continue.",
    );
  }
  return found.session;
}

/** For server actions: the signed-in user holding one of `roles`, or an AuthError. */
export async function requireRole(...roles: Role[]): Promise<CurrentSession> {
  const session = await requireSession();
  if (!roles.includes(session.user.role)) {
    throw new AuthError("FORBIDDEN", "Your role does not allow this.", { id: session.user.id, email: session.user.email });
  }
  return session;
}

export async function requirePermission(permission: Permission): Promise<CurrentSession> {
  const session = await requireSession();
  if (!can(session.user.role, permission)) {
    throw new AuthError("FORBIDDEN", "Your role does not allow this.", { id: session.user.id, email: session.user.email });
  }
  return session;
}

/** For pages: a signed-out visitor goes to sign-in; a signed-in user without the permission goes home. */
export async function requirePageSession(permission?: Permission): Promise<CurrentSession> {
  const found = await readSession();
  if (found.state !== "valid") redirect(found.state === "expired" ? "/login?expired=1" : "/login");
  const { session } = found;
  if (permission && !can(session.user.role, permission)) redirect(`${HOME_BY_ROLE[session.user.role]}?denied=1`);
  return session;
}
