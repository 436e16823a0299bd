"use server";

import { redirect } from "next/navigation";
import { defineAction } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { ChangePasswordSchema, WRONG_CURRENT_PASSWORD } from "@/lib/schemas/account";
import { passwordProblem } from "@/lib/config/password-policy";
import { commonPasswords } from "@/lib/auth/common-passwords";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { lockUserRow, signatureWaitMessage, userTimeZone, waitingUntil } from "@/lib/auth/lockout";
import { HOME_BY_ROLE } from "@/lib/auth/permissions";
import { createSession, setSessionCookie } from "@/lib/auth/session";

/**
 * Every user changes their own password (decision 047): the current one is required — a wrong one counts toward the
 * account's lock like a wrong signature (one counter for every password entry, decision 003) — and the new one must
 * meet lib/config/password-policy.ts and differ from the current one. The user's other sessions end; this one goes on
 * under a new token (its row ends, a new one is created in the same transaction, the cookie is set after the commit).
 * A temporary password's "must change" flag is cleared. On success the browser goes to the user's home.
 */
const changePassword = defineAction({
  name: "change-password",
  entityType: "User",
  permission: "account:password",
  schema: ChangePasswordSchema,
  secret: ["currentPassword", "newPassword", "confirmPassword"],
  scope: async (tx, session) => {
    const user = await lockUserRow(tx, session.user.id);
    if (!user || !user.active) throw new ActionRefusal("UNAUTHENTICATED", "Sign in to continue.");
    return user;
  },
  decide: async ({ tx, session, input, now, scoped: user }) => {
    const waiting = waitingUntil(user.lockedUntil, now);
    if (waiting) {
      throw new ActionRefusal("UNAUTHENTICATED", signatureWaitMessage(waiting, await userTimeZone(tx, user.id)).replace("so it cannot sign", "so the password cannot be changed").replace("not signed", "not changed"), {
        field: "currentPassword",
        details: { signature: waiting.reason, lockedUntil: waiting.lockedUntil.toISOString() },
      });
    }
    if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
      // counted by lib/actions/result.ts after the rollback, with the denied audit row
      throw new ActionRefusal("UNAUTHENTICATED", WRONG_CURRENT_PASSWORD, { field: "currentPassword", details: { signature: "wrong-password" } });
    }
    const problem = passwordProblem(input.newPassword, { email: user.email, name: user.name, commonPasswords: commonPasswords() });
    if (problem) throw new ActionRefusal("VALIDATION", problem, { field: "newPassword", details: { reason: "policy" } });
    if (await verifyPassword(user.passwordHash, input.newPassword)) {
      throw new ActionRefusal("VALIDATION", "The new password must differ from the current one.", { field: "newPassword", details: { reason: "same-as-current" } });
    }
    await tx.user.update({
      where: { id: user.id },
      data: { passwordHash: await hashPassword(input.newPassword), mustChangePassword: false, passwordChangedAt: now, failedSignInCount: 0 },
    });
    const ended = await tx.session.updateMany({
      where: { userId: user.id, endedAt: null, id: { not: session.sessionId } },
      data: { endedAt: now, endReason: "password-changed" },
    });
    // this session goes on under a new token: the old one (which may have been seen with the old password) ends here
    await tx.session.update({ where: { id: session.sessionId }, data: { endedAt: now, endReason: "password-changed-rotated" } });
    const rotated = await createSession(tx, user.id, now);
    return {
      data: { home: HOME_BY_ROLE[session.user.role], rotated },
      entityId: user.id,
      audit: { wasTemporary: user.mustChangePassword, otherSessionsEnded: ended.count, sessionRotated: true },
    };
  },
});

type Changed = { home: string; rotated: { token: string; expiresAt: Date } };

export async function changePasswordAction(prev: ActionResult<{ home: string }> | null, form: FormData): Promise<ActionResult<{ home: string }>> {
  const result = await changePassword(prev as ActionResult<Changed> | null, form);
  if (!result.ok) return result;
  // after the commit: the browser holds the new token only once the new session row exists
  await setSessionCookie(result.data.rotated.token, result.data.rotated.expiresAt);
  redirect(`${result.data.home}?password-changed=1`);
}
