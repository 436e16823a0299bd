import "server-only";
import { redirect } from "next/navigation";
import { headers } from "next/headers";
import { ActionRefusal } from "@/lib/refusal";
import { readSession, type CurrentSession } from "@/lib/auth/session";
import { can, HOME_BY_ROLE, type Permission, type Role } from "@/lib/auth/permissions";
import { loginPath, REQUESTED_PATH_HEADER } from "@/lib/auth/return-to";


const forbidden = (session: CurrentSession) =>
  new ActionRefusal("FORBIDDEN", "Your role does not allow this.", { actor: { id: session.user.id, email: session.user.email } });

/** For server actions and route handlers: the signed-in user, or an ActionRefusal. */
export async function requireSession(): Promise<CurrentSession> {
  const found = await readSession();
  if (found.state !== "valid") {
    throw new ActionRefusal("UNAUTHENTICATED", found.state === "expired" ? "Your session has ended. Sign in again." : "Sign in to continue.");
  }
  return found.session;
}

/** For server actions: the signed-in user holding one of `roles`, or an ActionRefusal. */
export async function requireRole(...roles: Role[]): Promise<CurrentSession> {
  const session = await requireSession();
  if (!roles.includes(session.user.role)) {
    throw forbidden(session);
  }
  return session;
}

export async function requirePermission(permission: Permission): Promise<CurrentSession> {
  const session = await requireSession();
  if (!can(session.user.role, permission)) {
    throw forbidden(session);
  }
  return session;
}

/**
 * For pages: a signed-out visitor goes to sign-in, which returns them to the page asked for (`next`, named by
 * proxy.ts; lib/auth/return-to.ts); a signed-in user without the permission goes home.
 */
export async function requirePageSession(permission?: Permission): Promise<CurrentSession> {
  const found = await readSession();
  if (found.state !== "valid") redirect(loginPath((await headers()).get(REQUESTED_PATH_HEADER), found.state === "expired"));
  const { session } = found;
  if (permission && !can(session.user.role, permission)) redirect(`${HOME_BY_ROLE[session.user.role]}?denied=1`);
  return session;
}
