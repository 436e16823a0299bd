"use server";

import * as clock from "@/lib/clock";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { failureSuffix, lockUserRow, recordPasswordFailure, signInWaitMessage, userTimeZone, waitingUntil } from "@/lib/auth/lockout";
import { createSession, sessionCookieOwner, setSessionCookie } from "@/lib/auth/session";
import { returnTo } from "@/lib/auth/return-to";
import { SignInSchema } from "@/lib/schemas/auth";
import { fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";

const WRONG = "E-mail or password is incorrect.";

/**
 * Password sign-in. Every attempt leaves an audit row; failures count toward a temporary lock.
 * On success the browser is sent to the page asked for before sign-in (`next`) when it is a same-origin path the
 * role may open (lib/auth/return-to.ts), else to its role's home page. With `stay=1` (the sign-in-again dialog of a
 * page whose session ended, components/auth/reauth-dialog.tsx) it answers `{ ok: true }` instead, so the page and the
 * form the user was typing in stay as they are — the same checks, lock and audit rows either way. Staying is only for
 * the user whose session the browser's cookie names (even expired or ended): anyone else is refused before their
 * password is looked at, audited, and told to sign out — the page and the typed form under the dialog are not theirs.
 */
export async function signInAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const values = formValues(form);
  const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return invalidInput(parsed.error, { action: "sign-in", entityType: "User", values });
  const { email, password } = parsed.data;
  const now = clock.now();

  const stay = form.get("stay") === "1";

  let home: string;
  try {
    if (stay) {
      const refused = await staySignInRefusal(email, now);
      if (refused) return fail("UNAUTHENTICATED", refused, { values });
    }
    const user = await prisma.user.findUnique({ where: { email } });
    if (!user || !user.active) {
      await burnPasswordCheck(password);
      await prisma.$transaction((tx) =>
        writeAudit(tx, { actorLabel: email, action: "sign-in", entityType: "User", outcome: "denied", details: { reason: "unknown-or-inactive" }, at: now }),
      );
      return fail("UNAUTHENTICATED", WRONG, { values });
    }
    // Under the account's row lock: the wait, the password check and the new count are one step per attempt.
    const outcome = await prisma.$transaction(async (tx) => {
      const current = await lockUserRow(tx, user.id);
      const audit = (result: "success" | "denied", details?: Record<string, string | number | boolean | null>) =>
        writeAudit(tx, { actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: result, ...(details ? { details } : {}), at: now });
      if (!current?.active) {
        await audit("denied", { reason: "unknown-or-inactive" });
        return { ok: false as const, message: WRONG };
      }
      const waiting = waitingUntil(current.lockedUntil, now);
      if (waiting) {
        await audit("denied", { reason: waiting.reason, lockedUntil: waiting.lockedUntil.toISOString() });
        return { ok: false as const, message: signInWaitMessage(waiting, await userTimeZone(tx, user.id)) };
      }
      if (!(await verifyPassword(current.passwordHash, password))) {
        const failure = await recordPasswordFailure(tx, current, now);
        await audit("denied", { reason: "wrong-password", failedInARow: failure.failedInARow, lockedUntil: failure.lockedUntil?.toISOString() ?? null, locked: failure.locked });
        return { ok: false as const, message: `${WRONG}${failureSuffix(failure, now, await userTimeZone(tx, user.id))}` };
      }
      await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: null } });
      const created = await createSession(tx, user.id, now);
      await audit("success");
      return { ok: true as const, ...created };
    });
    if (!outcome.ok) return fail("UNAUTHENTICATED", outcome.message, { values });
    const { token, expiresAt } = outcome;
    await setSessionCookie(token, expiresAt);
    home = returnTo(form.get("next"), user.role);
  } catch (e) {
    return handleActionError(e, { action: "sign-in", entityType: "User", values });
  }
  if (stay) return { ok: true, data: null };
  redirect(home);
}

/**
 * Why this e-mail may not sign in again in place (`stay=1`), in words, or null. The browser's session cookie names
 * the user whose page it is (lib/auth/session.ts sessionCookieOwner, found even when expired or ended); only that user
 * signs in again under it. A refusal leaves a denied audit row naming the address tried and the session's user.
 */
async function staySignInRefusal(email: string, now: Date): Promise<string | null> {
  const owner = await sessionCookieOwner();
  if (owner && owner.email.toLowerCase() === email) return null;
  const message = owner
    ? `Sign in again as ${owner.name}, or sign out and sign in as yourself.`
    : "This page's session could not be found. Sign out and sign in again.";
  await prisma.$transaction((tx) =>
    writeAudit(tx, {
      actorLabel: email, action: "sign-in", entityType: "User", entityId: owner?.userId ?? null, outcome: "denied",
      details: owner ? { reason: "stay-as-another-user", sessionUserId: owner.userId } : { reason: "stay-without-session" }, at: now,
    }),
  );
  return message;
}
