// The one shape of a server action: authenticate → parse with zod → scope and lock → read the clock once →
// transaction (the action's own decision and writes) → audit in the same transaction → revalidate after commit.
// Each file in lib/actions declares its decision with `defineAction`; nothing else is repeated per action.
// See docs/architecture.md and docs/decisions/032-domain-layer-and-action-pipeline.md.
import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { prisma, type Tx } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import type { Permission } from "@/lib/auth/permissions";
import type { CurrentSession } from "@/lib/auth/session";
import { ActionRefusal, type Actor } from "@/lib/refusal";
import { isUniqueViolation, violatedConstraint } from "@/lib/db/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import * as clock from "@/lib/clock";
import { formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";

export interface ActionContext<Input, Scope> {
  tx: Tx;
  session: CurrentSession;
  actor: Actor;
  input: Input;
  /** the clock, read once before the transaction: every time the action stores or judges is this one */
  now: Date;
  /** what `scope` found and locked */
  scoped: Scope;
  /** the raw form, for the few actions whose fields are read against the record found (the unit's clock) */
  form: FormData;
}

/** What the decision returns: the answer, and the facts for its `success` audit row. */
export interface Decided<Data> {
  data: Data;
  entityId: string | null;
  audit: Prisma.InputJsonObject;
  /** pages to revalidate after commit */
  revalidate?: string[];
  /** the audit row's entity type when it differs from the action's */
  entityType?: string;
}

export interface ActionSpec<Input, Scope, Data> {
  /** the audit row's `action` */
  name: string;
  /** the audit row's `entityType`; from the raw form when it depends on it */
  entityType: string | ((values: Record<string, string>) => string);
  /** the refused attempt's `entityId` (from the raw form), when there is one to name */
  entityId?: (values: Record<string, string>) => string | null;
  permission: Permission;
  schema: z.ZodType<Input>;
  /** FormData → the value the schema parses (default: one value per field name) */
  read?: (form: FormData) => unknown;
  /** form fields never handed back (default: password) */
  secret?: string[];
  /** finds the record in the user's scope and locks it, inside the transaction (refuse with notFound otherwise);
   *  `now` is the action's one clock reading */
  scope: (tx: Tx, session: CurrentSession, input: Input, now: Date) => Promise<Scope>;
  decide: (ctx: ActionContext<Input, Scope>) => Promise<Decided<Data>>;
  /** the answer when a database uniqueness constraint refuses the write (someone else was quicker), by index name */
  uniqueViolation?: string | ((constraint: string | null) => string);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entity id a refused attempt names: a field of the raw form, only when it is a well-formed id. */
export const idFrom = (field: string) => (values: Record<string, string>) => {
  const v = values[field];
  return typeof v === "string" && UUID.test(v) ? v : null;
};

export function defineAction<Input, Scope, Data>(spec: ActionSpec<Input, Scope, Data>) {
  return async function run(_prev: ActionResult<Data> | null, form: FormData): Promise<ActionResult<Data>> {
    const values = formValues(form, spec.secret ?? ["password"]);
    const entityType = typeof spec.entityType === "function" ? spec.entityType(values) : spec.entityType;
    let actor: Actor | null = null;
    const ctx = () => ({ action: spec.name, entityType, entityId: spec.entityId?.(values) ?? null, values, actor });
    try {
      const session = await requirePermission(spec.permission);
      const signedIn: Actor = { id: session.user.id, email: session.user.email };
      actor = signedIn;
      const parsed = spec.schema.safeParse(spec.read ? spec.read(form) : Object.fromEntries(form));
      if (!parsed.success) return await invalidInput(parsed.error, ctx());
      const input = parsed.data;
      const now = clock.now();
      const done = await prisma.$transaction(async (tx) => {
        const scoped = await spec.scope(tx, session, input, now);
        const decided = await spec.decide({ tx, session, actor: signedIn, input, now, scoped, form });
        await writeAudit(tx, {
          actorId: signedIn.id,
          actorLabel: signedIn.email,
          action: spec.name,
          entityType: decided.entityType ?? entityType,
          entityId: decided.entityId,
          outcome: "success",
          details: decided.audit,
          at: now,
        });
        return decided;
      });
      for (const path of done.revalidate ?? []) revalidatePath(path);
      return { ok: true, data: done.data };
    } catch (e) {
      // the transaction is aborted: the answer is built without another query in it
      const conflict = spec.uniqueViolation && isUniqueViolation(e) ? spec.uniqueViolation : null;
      const answer = conflict ? new ActionRefusal("CONFLICT", typeof conflict === "function" ? conflict(violatedConstraint(e)) : conflict) : e;
      return handleActionError(answer, ctx());
    }
  };
}
