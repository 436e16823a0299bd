"use server";

import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { authConfig } from "@/lib/auth/config";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { createSession, setSessionCookie } from "@/lib/auth/session";
import { HOME_BY_ROLE } from "@/lib/auth/permissions";
import { SignInSchema } from "@/lib/schemas/auth";
import { fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import { format } from "date-fns";

const WRONG = "E-mail or password is incorrect.";

/**
 * Password sign-in. Every attempt leaves an audit row; failures count toward a temporary lock.
 * On success the browser is sent to its role's home page.
 */
export async function signInAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const values = formValues(form);
  const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return invalidInput(parsed.error, { action: "sign-in", entityType: "User", values });
  const { email, password } = parsed.data;
  const now = new Date();

  let home: string;
  try {
    const user = await prisma.user.findUnique({ where: { email } });
    if (!user || !user.active) {
      await burnPasswordCheck(password);
      await prisma.$transaction((tx) =>
        writeAudit(tx, { actorLabel: email, action: "sign-in", entityType: "User", outcome: "denied", details: { reason: "unknown-or-inactive" }, at: now }),
      );
      return fail("UNAUTHENTICATED", WRONG, { values });
    }
    if (user.lockedUntil && user.lockedUntil > now) {
      const seconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
      await prisma.$transaction((tx) =>
        writeAudit(tx, {
          actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "denied",
          details: { reason: seconds <= 60 ? "throttled" : "locked", lockedUntil: user.lockedUntil?.toISOString() ?? null }, at: now,
        }),
      );
      return fail(
        "UNAUTHENTICATED",
        seconds <= 60
          ? `Too many failed sign-ins: wait ${seconds} seconds before trying again.`
          : `Too many failed sign-ins: this account is locked until ${format(user.lockedUntil, "HH:mm")}. Try again then, or ask an administrator.`,
        { values },
      );
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const failed = user.failedSignInCount + 1;
      // Slowed, then locked: from the 3rd failure in a row each attempt must wait (5 s, 10 s, …); at the 5th the
      // account locks for the configured minutes. A waiting attempt is refused without checking the password.
      const lock =
        failed >= authConfig.maxFailedSignIns
          ? new Date(now.getTime() + authConfig.lockMinutes * 60_000)
          : failed >= authConfig.slowAfterFailures
            ? new Date(now.getTime() + authConfig.slowBaseSeconds * 2 ** (failed - authConfig.slowAfterFailures) * 1000)
            : null;
      const locked = failed >= authConfig.maxFailedSignIns;
      await prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: locked ? 0 : failed, ...(lock ? { lockedUntil: lock } : {}) } });
        await writeAudit(tx, {
          actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "denied",
          details: { reason: "wrong-password", failedInARow: failed, lockedUntil: lock?.toISOString() ?? null, locked }, at: now,
        });
      });
      return fail(
        "UNAUTHENTICATED",
        locked ? `${WRONG} The account is now locked for ${authConfig.lockMinutes} minutes.` : lock ? `${WRONG} Wait ${Math.round((lock.getTime() - now.getTime()) / 1000)} seconds before trying again.` : WRONG,
        { values },
      );
    }
    const { token, expiresAt } = await prisma.$transaction(async (tx) => {
      await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: null } });
      const created = await createSession(tx, user.id, now);
      await writeAudit(tx, { actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "success", at: now });
      return created;
    });
    await setSessionCookie(token, expiresAt);
    home = HOME_BY_ROLE[user.role];
  } catch (e) {
    return handleActionError(e, { action: "sign-in", entityType: "User", values });
  }
  redirect(home);
}
