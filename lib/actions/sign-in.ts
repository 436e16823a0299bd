"use server";

import * as clock from "@/lib/clock";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { burnPasswordCheck, verifyPassword } from "@/lib/auth/password";
import { lockUserRow, userTimeZone, waitingUntil } from "@/lib/auth/lockout";
import { clientAddress, trustedProxyHops } from "@/lib/auth/throttle-address";
import type { Take } from "@/lib/auth/throttle-bucket";
import {
  auditClosedWindows, auditGateRefusals, auditSummary, countRefusal, lockCounters, recordSignInFailure, recordSignInSuccess,
  signInFailureMessage, signInGate, signInLockedBySignaturesMessage, signInWait, signInWaitMessage, throttleConfig, throttleKeys,
} from "@/lib/auth/throttle";
import { createSession, sessionCookieOwner, setSessionCookie } from "@/lib/auth/session";
import { returnTo } from "@/lib/auth/return-to";
import { SignInSchema } from "@/lib/schemas/auth";
import { fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";

/** The source address of this request, as far as the deployment's trusted proxies say (lib/auth/throttle-address.ts). */
async function requestAddress(): Promise<string> {
  return clientAddress((await headers()).get("x-forwarded-for"), trustedProxyHops());
}

/**
 * Password sign-in, throttled by e-mail and source address (docs/decisions/052-sign-in-throttling.md):
 * 1. the address's token bucket: this process's shed-load guard before any database work (a flood on one instance is
 *    refused without a query), then the limit every instance shares, one statement in PostgreSQL (decision 058);
 * 2. under the row locks of its counters (lib/auth/throttle.ts), the wait for this e-mail from this address; then the
 *    password — a real account's, or a dummy argon2 check for an e-mail nobody has, answered and counted the same;
 * 3. refusals are summed up in SignInCounter and audited as one summary row per e-mail and address (when a pause
 *    begins, at the next success, or once the window closed); a success is audited on its own.
 * Sign-in failures never touch the signature counter on User: a stranger cannot stop a clinician's open session from
 * signing. A correct password while the user's own wrong signatures keep the account locked is refused.
 *
 * On success the browser is sent to the page asked for before sign-in (`next`) when it is a same-origin path the
 * role may open (lib/auth/return-to.ts), else to its role's home page. With `stay=1` (the sign-in-again dialog of a
 * page whose session ended, components/auth/reauth-dialog.tsx) it answers `{ ok: true }` instead, so the page and the
 * form the user was typing in stay as they are — the same checks, lock and audit rows either way. Staying is only for
 * the user whose session the browser's cookie names (even expired or ended): anyone else is refused before their
 * password is looked at, audited, and told to sign out — the page and the typed form under the dialog are not theirs.
 */
export async function signInAction(_prev: ActionResult<null> | null, form: FormData): Promise<ActionResult<null>> {
  const values = formValues(form);
  const now = clock.now();
  const address = await requestAddress();
  let gate: Take;
  try {
    gate = await signInGate.take(prisma, address, now);
  } catch (e) {
    return handleActionError(e, { action: "sign-in", entityType: "User", values });
  }
  if (!gate.ok) return fail("UNAUTHENTICATED", `Too many sign-in attempts from this computer: wait ${gate.retryAfterSeconds} seconds before trying again.`, { values });

  const parsed = SignInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
  if (!parsed.success) return invalidInput(parsed.error, { action: "sign-in", entityType: "User", values });
  const { email, password } = parsed.data;
  const stay = form.get("stay") === "1";

  let home: string;
  try {
    if (stay) {
      const refused = await staySignInRefusal(email, now);
      if (refused) return fail("UNAUTHENTICATED", refused, { values });
    }
    const keys = throttleKeys(email, address);
    const outcome = await prisma.$transaction(async (tx) => {
      const c = await lockCounters(tx, keys, now);
      // the audit rows come last, just before commit: the chain lock is held from the first one (lib/db/audit.ts)
      const auditPending = async () => {
        if (gate.refused) await auditGateRefusals(tx, address, gate.refused, now);
        await auditClosedWindows(tx, now, c.pair.key);
      };
      // this pair's refusals from a window that has closed are summed up before this attempt starts a new one
      if (c.pair.refusedSince && now.getTime() - c.pair.refusedSince.getTime() >= 60_000 * throttleConfig.windowMinutes) {
        await auditSummary(tx, c.pair, now);
        c.pair = { ...c.pair, refused: 0, refusedSince: null };
      }

      const wait = signInWait(c, now);
      if (wait) {
        await countRefusal(tx, c, now);
        await auditPending();
        return { ok: false as const, message: signInWaitMessage(wait) };
      }

      const found = await tx.user.findUnique({ where: { email } });
      const user = found?.active ? found : null;
      const right = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);
      if (!user || !right) {
        const failure = await recordSignInFailure(tx, c, now);
        await countRefusal(tx, c, now);
        await auditPending();
        // a pause is audited when it begins, with the refusals that led to it
        if (failure.paused) await auditSummary(tx, c.pair, now, { paused: true, pausedUntil: failure.wait?.until.toISOString() ?? null });
        return { ok: false as const, message: signInFailureMessage(failure) };
      }

      // the right password: the user's own wrong signatures may still keep the account locked (lib/auth/signature.ts)
      const current = await lockUserRow(tx, user.id);
      const signatureLock = waitingUntil(current?.lockedUntil ?? null, now);
      const audit = (result: "success" | "denied", details?: Record<string, string | number | boolean | null>) =>
        writeAudit(tx, { actorId: user.id, actorLabel: email, action: "sign-in", entityType: "User", entityId: user.id, outcome: result, ...(details ? { details } : {}), at: now });
      if (signatureLock) {
        await auditPending();
        await audit("denied", { reason: "signature-lock", lockedUntil: signatureLock.lockedUntil.toISOString() });
        return { ok: false as const, message: signInLockedBySignaturesMessage(signatureLock.lockedUntil, await userTimeZone(tx, user.id)) };
      }
      await recordSignInSuccess(tx, c, now);
      await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: 0, lockedUntil: null } });
      const created = await createSession(tx, user.id, now);
      await auditPending();
      await auditSummary(tx, c.pair, now);
      await audit("success");
      return { ok: true as const, role: user.role, ...created };
    });
    if (!outcome.ok) return fail("UNAUTHENTICATED", outcome.message, { values });
    const { token, expiresAt, role } = outcome;
    await setSessionCookie(token, expiresAt);
    home = returnTo(form.get("next"), role);
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
