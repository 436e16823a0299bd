// How an action answers: `{ ok: true, data }` or `{ ok: false, code, message, fieldErrors?, values? }`. The one place
// a refusal, bad input, an outage or an unexpected error becomes that answer (and a `denied` audit row).
import "server-only";
import { logServerError } from "@/lib/log";
import type { z } from "zod";
import { prisma } from "@/lib/db/client";
import { writeAudit, writeAuditAlone, type AuditEntry } from "@/lib/db/audit";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import { failureSuffix, lockUserRow, recordPasswordFailure, userTimeZone } from "@/lib/auth/lockout";
import { ActionRefusal, type Actor, type RefusalCode } from "@/lib/refusal";
import * as clock from "@/lib/clock";

export type ActionCode = RefusalCode | "UNAVAILABLE" | "INTERNAL";

export type ActionFailure = {
  ok: false;
  code: ActionCode;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** what the user typed, handed back so a form never loses an entry on an error */
  values?: Record<string, string>;
};

export type ActionResult<T> = { ok: true; data: T } | ActionFailure;

export function fail(code: ActionCode, message: string, extra: Omit<ActionFailure, "ok" | "code" | "message"> = {}): ActionFailure {
  return { ok: false, code, message, ...extra };
}

export interface RefusalContext {
  action: string;
  entityType: string;
  entityId?: string | null;
  values?: Record<string, string>;
  actor?: Actor | null;
}

const UNAVAILABLE = "Not saved: the database did not answer. Nothing was recorded — try again.";

/** Audits bad input as a `denied` attempt (field names only, never the values); an outage here is not the user's problem. */
async function auditInvalid(fields: string[], ctx: RefusalContext): Promise<void> {
  try {
    await writeAuditAlone({
      actorId: ctx.actor?.id ?? null,
      actorLabel: ctx.actor?.email ?? null,
      action: ctx.action,
      entityType: ctx.entityType,
      entityId: ctx.entityId ?? null,
      outcome: "denied",
      details: { code: "VALIDATION", fields: [...new Set(fields)].slice(0, 50) },
    });
  } catch (auditError) {
    if (!isDatabaseUnavailable(auditError)) logServerError(`${ctx.action}: could not audit invalid input`, auditError);
  }
}

/** Field errors from a zod error, keyed by the dotted path ("_form" for the whole form). */
export function zodFieldErrors(error: z.ZodError): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fieldErrors;
}

/** Bad input is a refused attempt too: audited as `denied` (without the values), answered field by field. */
export async function invalidInput(error: z.ZodError, ctx: RefusalContext): Promise<ActionFailure> {
  const fieldErrors = zodFieldErrors(error);
  await auditInvalid(Object.keys(fieldErrors), ctx);
  return fail("VALIDATION", "Some entries need correcting.", { fieldErrors, ...(ctx.values ? { values: ctx.values } : {}) });
}

/** The text fields of a form, to hand back on error (never passwords). */
export function formValues(form: FormData, omit: string[] = ["password"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !omit.includes(k) && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

/**
 * A wrong current password on the password-change form (lib/actions/change-password.ts) counts toward the account's
 * signature lock. That action's transaction rolled back with the refusal, so the count is written here, after it,
 * with the denied audit row, under the user's row lock. Returns the refusal message with the wait it started, if any.
 * (Signatures are counted before the action, in their own transaction: lib/auth/signature.ts verifySignature.)
 */
async function countWrongSignature(userId: string, entry: AuditEntry, message: string): Promise<string> {
  const now = clock.now();
  return prisma.$transaction(async (tx) => {
    const user = await lockUserRow(tx, userId);
    const failure = user ? await recordPasswordFailure(tx, user, now) : null;
    const counted = failure ? { failedInARow: failure.failedInARow, lockedUntil: failure.lockedUntil?.toISOString() ?? null, locked: failure.locked } : {};
    await writeAudit(tx, { ...entry, details: { ...(entry.details as Record<string, string>), ...counted }, at: now });
    return failure ? `${message}${failureSuffix(failure, now, await userTimeZone(tx, userId))}` : message;
  });
}

/**
 * The one place an action's unexpected outcome becomes an answer. Refusals are audited as `denied` and answered with
 * their code, message and field errors; a database outage answers "not saved, try again"; anything else is logged
 * with a request id and answered generically — never an error message or a stack.
 */
export async function handleActionError(e: unknown, ctx: RefusalContext): Promise<ActionFailure> {
  const keep = ctx.values ? { values: ctx.values } : {};
  if (e instanceof ActionRefusal) {
    const actor = e.actor ?? ctx.actor ?? null;
    let message = e.message;
    const fieldErrors = e.fieldErrors();
    try {
      if (e.audited) return fail(e.code, message, { ...(fieldErrors ? { fieldErrors } : {}), ...keep });
      const entry: AuditEntry = {
        actorId: actor?.id ?? null,
        actorLabel: actor?.email ?? null,
        action: ctx.action,
        entityType: ctx.entityType,
        entityId: ctx.entityId ?? null,
        outcome: "denied",
        details:
          e.code === "VALIDATION"
            ? { code: e.code, fields: Object.keys(fieldErrors ?? {}).slice(0, 50) }
            : ({ code: e.code, message: e.message, ...e.details } as Record<string, string>),
      };
      if (e.details.signature === "wrong-password" && actor) {
        message = await countWrongSignature(actor.id, entry, e.message);
      } else {
        await writeAuditAlone(entry);
      }
    } catch (auditError) {
      if (isDatabaseUnavailable(auditError)) return fail("UNAVAILABLE", UNAVAILABLE, keep);
      logServerError(`${ctx.action}: could not audit a refusal`, auditError);
    }
    const errors = fieldErrors && message !== e.message && e.field ? { [e.field]: [message] } : fieldErrors;
    return fail(e.code, message, { ...(errors ? { fieldErrors: errors } : {}), ...keep });
  }
  if (isDatabaseUnavailable(e)) return fail("UNAVAILABLE", UNAVAILABLE, keep);
  // logged as codes and a reference, never the message: a Prisma message carries the call's arguments (names, MRNs)
  const reference = logServerError(ctx.action, e);
  return fail("INTERNAL", `Not saved: something went wrong on our side (reference ${reference}). Try again.`, keep);
}
