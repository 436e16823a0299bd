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
      await prisma.$transaction((tx) =>
        writeAudit(tx, { actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "denied", details: { reason: "locked" }, at: now }),
      );
      return fail("UNAUTHENTICATED", `Too many failed sign-ins: this account is locked until ${format(user.lockedUntil, "HH:mm")}. Try again then, or ask an administrator.`, { values });
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      const failed = user.failedSignInCount + 1;
      const lock = failed >= authConfig.maxFailedSignIns ? new Date(now.getTime() + authConfig.lockMinutes * 60_000) : null;
      await prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: lock ? 0 : failed, ...(lock ? { lockedUntil: lock } : {}) } });
        await writeAudit(tx, {
          actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "denied",
          details: { reason: "wrong-password", failedInARow: failed, lockedUntil: lock?.toISOString() ?? null }, at: now,
        });
      });
      return fail("UNAUTHENTICATED", lock ? `${WRONG} The account is now locked for ${authConfig.lockMinutes} minutes.` : WRONG, { values });
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
