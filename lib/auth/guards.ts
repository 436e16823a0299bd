import "server-only";
import { notFound, redirect } from "next/navigation";
import { headers } from "next/headers";
import { ActionRefusal } from "@/lib/refusal";
import { readSession, type CurrentSession } from "@/lib/auth/session";
import { can, CHANGE_PASSWORD_PATH, HOME_BY_ROLE, type Permission, type Role } from "@/lib/auth/permissions";
import { loginPath, REQUESTED_PATH_HEADER } from "@/lib/auth/return-to";
import { recordAccess, recordSheetAccess, type AccessOutcome, type AccessPage, type AccessTarget } from "@/lib/db/access";
import * as clock from "@/lib/clock";
import { writeAuditAlone } from "@/lib/db/audit";


const forbidden = (session: CurrentSession) =>
  new ActionRefusal("FORBIDDEN", "Your role does not allow this.", { actor: { id: session.user.id, email: session.user.email } });

/** The refusal of every action but the password change while a temporary password is unchanged. */
export const MUST_CHANGE_PASSWORD = "Change your temporary password first (Account → Change password): nothing else can be done until then.";

/** The one permission a user holding a temporary password may use (decision 047). */
const WHILE_PASSWORD_MUST_CHANGE: Permission = "account:password";

/**
 * For server actions and route handlers: the signed-in user, or an ActionRefusal. A user who must change a temporary
 * password is refused everything but `account:password` (FORBIDDEN, details.reason "password-change-required").
 */
export async function requireSession(permission?: Permission): Promise<CurrentSession> {
  const found = await readSession();
  if (found.state !== "valid") {
    throw new ActionRefusal("UNAUTHENTICATED", found.state === "expired" ? "Your session has ended. Sign in again." : "Sign in to continue.");
  }
  const { session } = found;
  if (session.user.mustChangePassword && permission !== WHILE_PASSWORD_MUST_CHANGE) {
    throw new ActionRefusal("FORBIDDEN", MUST_CHANGE_PASSWORD, { actor: { id: session.user.id, email: session.user.email }, details: { reason: "password-change-required" } });
  }
  return session;
}

/**
 * requireSession for a route handler (a CSV export): the signed-in user, or the refusal answered as plain text —
 * 401 without a session, 403 for a temporary password not yet changed — after a denied audit row `action` on
 * `entityType`, naming the user when one is known. The route then authorizes the role itself.
 */
export async function requireRouteSession(audit: { action: string; entityType: string }): Promise<{ session: CurrentSession; refused?: never } | { refused: Response; session?: never }> {
  try {
    return { session: await requireSession() };
  } catch (e) {
    if (!(e instanceof ActionRefusal)) throw e;
    const who = e.actor ? { actorId: e.actor.id, actorLabel: e.actor.email } : {};
    await writeAuditAlone({ ...who, ...audit, outcome: "denied", details: { code: e.code, message: e.message }, at: clock.now() });
    return { refused: new Response(e.message, { status: e.code === "FORBIDDEN" ? 403 : 401, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } }) };
  }
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
  const session = await requireSession(permission);
  if (!can(session.user.role, permission)) {
    throw forbidden(session);
  }
  return session;
}

/**
 * For pages: a signed-out visitor goes to sign-in, which returns them to the page asked for (`next`, named by
 * proxy.ts; lib/auth/return-to.ts); a signed-in user without the permission goes home. A user who must change a
 * temporary password goes to /account/password from every page that asks for anything but `account:password`.
 */
export async function requirePageSession(permission?: Permission): Promise<CurrentSession> {
  const found = await readSession();
  if (found.state !== "valid") redirect(loginPath((await headers()).get(REQUESTED_PATH_HEADER), found.state === "expired"));
  const { session } = found;
  // decided by what the page asks for, never by the requested path (a server action's redirect renders its target
  // in the action's own request, whose path is the form's page); the clinical layout asks for `account:password`
  if (session.user.mustChangePassword && permission !== WHILE_PASSWORD_MUST_CHANGE) redirect(CHANGE_PASSWORD_PATH);
  if (permission && !can(session.user.role, permission)) redirect(`${HOME_BY_ROLE[session.user.role]}?denied=1`);
  return session;
}

/**
 * Records that the signed-in user opened (or was refused) the page `target` (lib/db/access.ts, decision 054): one
 * INSERT, which also says whether the patient is in the user's scope. For a page that has its own refusal path
 * (the audit log audits a refused look); other pages use requirePageAccess.
 */
export async function recordPageAccess(session: CurrentSession, permission: Permission, target: AccessTarget): Promise<AccessOutcome> {
  return recordAccess({
    userId: session.user.id,
    // the administrator's access list reads every unit's patients, as the audit log does
    unitIds: target.page === "access-log" ? null : session.user.unitIds,
    roleAllows: can(session.user.role, permission),
    target,
    at: clock.now(),
  });
}

/**
 * requirePageSession for the pages that show a patient's record, a queue of patients or a log (decision 054): the
 * opening is recorded first, refused ones included — a role without `permission` goes home, a course page whose
 * patient is on none of the user's units (or no such course) is not found. The page's own scoped query stays.
 */
export async function requirePageAccess(permission: Permission, target: AccessTarget): Promise<CurrentSession> {
  const session = await requirePageSession();
  const outcome = await recordPageAccess(session, permission, target);
  if (outcome === "refused-role") redirect(`${HOME_BY_ROLE[session.user.role]}?denied=1`);
  if (outcome !== "shown" && target.page !== "access-log") notFound();
  return session;
}

/**
 * For a page of many patients chosen by unit (the unit's handoff sheet): the session, whether the unit asked for is
 * one of the user's, and `record(courseIds)` to call once the page knows what it shows — one access record per course
 * shown, in one INSERT (lib/db/access.ts recordSheetAccess). A role without `permission`, or a unit that is not the
 * user's, is recorded as refused and goes home or is not found, before anything is read.
 */
export async function requireSheetAccess(
  permission: Permission,
  page: AccessPage,
  askedUnitId: string | null,
): Promise<{ session: CurrentSession; record: (courseIds: readonly string[]) => Promise<void> }> {
  const session = await requirePageSession();
  const base = { userId: session.user.id, unitIds: session.user.unitIds, roleAllows: can(session.user.role, permission), page, askedUnitId, at: clock.now() };
  if (!base.roleAllows || (askedUnitId !== null && !session.user.unitIds.includes(askedUnitId))) {
    const outcome = await recordSheetAccess({ ...base, courseIds: [] });
    if (outcome === "refused-role") redirect(`${HOME_BY_ROLE[session.user.role]}?denied=1`);
    notFound();
  }
  return { session, record: async (courseIds) => void (await recordSheetAccess({ ...base, courseIds })) };
}
