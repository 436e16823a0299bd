import * as clock from "@/lib/clock";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AuthError } from "@/lib/auth/guards";
import { prisma } from "@/lib/db/client";
import { writeAudit, writeAuditAlone, type AuditEntry } from "@/lib/db/audit";
import { failureSuffix, lockUserRow, recordPasswordFailure } from "@/lib/auth/lockout";

export type ActionCode =
  | "VALIDATION"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "RULE_BLOCKED"
  | "UNAVAILABLE"
  | "INTERNAL";

/**
 * A refusal decided inside an action (record not in the user's scope, a rule that blocks the write, a conflict).
 * Thrown inside the transaction so nothing is written; handleActionError audits it as `denied`.
 */
export class ActionRefusal extends Error {
  constructor(
    readonly code: Exclude<ActionCode, "VALIDATION" | "UNAVAILABLE" | "INTERNAL">,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ActionRefusal";
  }
}

/** The same answer for a record that does not exist and one on another unit: nothing leaks about other units. */
export function notFound(what = "record"): ActionRefusal {
  return new ActionRefusal("NOT_FOUND", `That ${what} was not found.`);
}

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

export function validationFailure(error: z.ZodError, values?: Record<string, string>): ActionFailure {
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return fail("VALIDATION", "Some entries need correcting.", { fieldErrors, ...(values ? { values } : {}) });
}

type RefusalContext = { action: string; entityType: string; entityId?: string | null; values?: Record<string, string>; actor?: { id: string; email: string } | null };

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
    if (!isDatabaseUnavailable(auditError)) console.error(`[${ctx.action}] could not audit invalid input`, auditError);
  }
}

/** Bad input is a refused attempt too: audited as `denied` (without the values), answered field by field. */
export async function invalidInput(error: z.ZodError, ctx: RefusalContext): Promise<ActionFailure> {
  await auditInvalid(error.issues.map((i) => i.path.join(".") || "_form"), ctx);
  return validationFailure(error, ctx.values);
}

/** Like invalidInput, for errors gathered field by field (a form read by hand rather than by one zod schema). */
export async function invalidFields(fieldErrors: Record<string, string[]>, ctx: RefusalContext): Promise<ActionFailure> {
  await auditInvalid(Object.keys(fieldErrors), ctx);
  return fail("VALIDATION", "Some entries need correcting.", { fieldErrors, ...(ctx.values ? { values: ctx.values } : {}) });
}

/** The text fields of a form, to hand back on error (never passwords). */
export function formValues(form: FormData, omit: string[] = ["password"]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string" && !omit.includes(k) && !k.startsWith("$ACTION")) out[k] = v;
  return out;
}

function isDatabaseUnavailable(e: unknown): boolean {
  const text = `${(e as { name?: string })?.name ?? ""} ${(e as { code?: string })?.code ?? ""} ${(e as Error)?.message ?? ""}`;
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|Connection terminated|timeout exceeded when trying to connect|DatabaseNotReachable|P1001|P1017|P2024|the database system is (starting up|shutting down)|terminating connection/i.test(
    text,
  );
}

export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: string })?.code;
  const text = String((e as Error)?.message ?? "");
  return code === "P2002" || /Unique constraint failed|duplicate key value/i.test(text);
}

/**
 * A wrong signature password (lib/auth/signature.ts) counts toward the account's sign-in lock. The action's
 * transaction rolled back with the refusal, so the count is written here, after it, with the denied audit row,
 * under the user's row lock. Returns the refusal message with the wait it started, if any.
 */
async function countWrongSignature(userId: string, entry: AuditEntry, message: string): Promise<string> {
  const now = clock.now();
  return prisma.$transaction(async (tx) => {
    const user = await lockUserRow(tx, userId);
    const failure = user ? await recordPasswordFailure(tx, user, now) : null;
    const counted = failure ? { failedInARow: failure.failedInARow, lockedUntil: failure.lockedUntil?.toISOString() ?? null, locked: failure.locked } : {};
    await writeAudit(tx, { ...entry, details: { ...(entry.details as Record<string, string>), ...counted }, at: now });
    return failure ? `${message}${failureSuffix(failure, now)}` : message;
  });
}

/**
 * The one place an action's unexpected outcome becomes an answer. Guards' refusals are audited as `denied`;
 * a database outage answers "not saved, try again"; anything else is logged with a request id and answered
 * generically — never an error message or a stack.
 */
export async function handleActionError(
  e: unknown,
  ctx: {
    action: string;
    entityType: string;
    entityId?: string | null;
    values?: Record<string, string>;
    actor?: { id: string; email: string } | null;
  },
): Promise<ActionFailure> {
  const keep = ctx.values ? { values: ctx.values } : {};
  if (e instanceof AuthError || e instanceof ActionRefusal) {
    const actor = e instanceof AuthError ? (e.actor ?? ctx.actor ?? null) : (ctx.actor ?? null);
    let message = e.message;
    try {
      const entry: AuditEntry = {
        actorId: actor?.id ?? null,
        actorLabel: actor?.email ?? null,
        action: ctx.action,
        entityType: ctx.entityType,
        entityId: ctx.entityId ?? null,
        outcome: "denied",
        details: { code: e.code, message: e.message, ...(e instanceof ActionRefusal ? (e.details as Record<string, string>) : {}) },
      };
      if (e instanceof ActionRefusal && e.details.signature === "wrong-password" && actor) {
        message = await countWrongSignature(actor.id, entry, e.message);
      } else {
        await writeAuditAlone(entry);
      }
    } catch (auditError) {
      if (isDatabaseUnavailable(auditError)) {
        return fail("UNAVAILABLE", "Not saved: the database did not answer. Nothing was recorded — try again.", keep);
      }
      console.error(`[${ctx.action}] could not audit a refusal`, auditError);
    }
    return fail(e.code, message, keep);
  }
  if (isDatabaseUnavailable(e)) {
    return fail("UNAVAILABLE", "Not saved: the database did not answer. Nothing was recorded — try again.", keep);
  }
  const requestId = randomUUID();
  console.error(`[${ctx.action}] request ${requestId} failed`, e);
  return fail("INTERNAL", `Not saved: something went wrong on our side (reference ${requestId.slice(0, 8)}). Try again.`, keep);
}
