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
import { markSessionSigned, verifySignature, type VerifiedSigner } from "@/lib/auth/signature";
import { SECRET_FIELDS, SIGNATURE_FIELDS, WITNESS_FIELDS } from "@/lib/domain/signature";

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
  /** the signer's verified signature (spec.signature), checked and counted before this transaction; null when
   *  this input is not signed. The action states what it means (lib/auth/signature.ts `signatureWith`). */
  signer: VerifiedSigner | null;
  /** the witness's verified signature (spec.witness), or null */
  witness: VerifiedSigner | null;
}

/** Reads outside any transaction, before the action's (a signature's `when`). */
export type Reader = typeof prisma;

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
  /**
   * A Part 11 signature (docs/decisions/055): the signer's password — and, at the session's first signature, their
   * user id — is verified and counted in its own short transaction, under the signer's row lock, BEFORE the action's
   * transaction runs (lib/auth/signature.ts verifySignature). `when` says whether this input is signed (default:
   * always). The decision gets `signer` and stores the manifestation with the meaning it states.
   */
  signature?: { when?: (input: Input, session: CurrentSession, db: Reader) => boolean | Promise<boolean>; missing?: string };
  /** A second person signs for themselves (the blind witness of a dose): their id from the input, or null. */
  witness?: {
    of: (input: Input) => string | null;
    /** who may witness for this session's user (checked before the witness's password is, so nobody else's counter moves) */
    eligible: (candidate: { id: string; role: string; active: boolean; unitIds: string[] }, session: CurrentSession) => boolean;
  };
  /** the answer when a database uniqueness constraint refuses the write (someone else was quicker), by index name */
  uniqueViolation?: string | ((constraint: string | null) => string);
}

const text = (form: FormData, name: string): string => {
  const v = form.get(name);
  return typeof v === "string" ? v : "";
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The entity id a refused attempt names: a field of the raw form, only when it is a well-formed id. */
export const idFrom = (field: string) => (values: Record<string, string>) => {
  const v = values[field];
  return typeof v === "string" && UUID.test(v) ? v : null;
};

export function defineAction<Input, Scope, Data>(spec: ActionSpec<Input, Scope, Data>) {
  return async function run(_prev: ActionResult<Data> | null, form: FormData): Promise<ActionResult<Data>> {
    const values = formValues(form, [...(spec.secret ?? []), ...SECRET_FIELDS]);
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
      // signatures first, each in its own committed transaction (a wrong one is counted whatever the action decides)
      const audit = { actorId: signedIn.id, actorLabel: signedIn.email, action: spec.name, entityType, entityId: spec.entityId?.(values) ?? null };
      let signer: VerifiedSigner | null = null;
      if (spec.signature && (spec.signature.when ? await spec.signature.when(input, session, prisma) : true)) {
        const password = text(form, SIGNATURE_FIELDS.password);
        if (password === "") throw new ActionRefusal("VALIDATION", spec.signature.missing ?? "Re-enter your password to sign.", { field: SIGNATURE_FIELDS.password });
        signer = await verifySignature({ session, signer: { kind: "own" }, password, typedUserId: text(form, SIGNATURE_FIELDS.userId), now, audit });
      }
      let witness: VerifiedSigner | null = null;
      const witnessId = spec.witness?.of(input) ?? null;
      if (spec.witness && witnessId) {
        const { eligible } = spec.witness;
        const [typedUserId, password] = [text(form, WITNESS_FIELDS.userId), text(form, WITNESS_FIELDS.password)];
        if (typedUserId === "" || password === "") {
          throw new ActionRefusal("VALIDATION", "The witness enters their own user id (e-mail) and password to sign.", {
            fieldErrors: {
              ...(typedUserId === "" ? { [WITNESS_FIELDS.userId]: ["The witness enters their own user id (e-mail)."] } : {}),
              ...(password === "" ? { [WITNESS_FIELDS.password]: ["The witness enters their own password to sign."] } : {}),
            },
          });
        }
        // null when this person may not witness here: the decision refuses it, after the scope check
        witness = await verifySignature({ session, signer: { kind: "witness", userId: witnessId, eligible: (c) => eligible(c, session) }, password, typedUserId, now, audit });
      }
      const done = await prisma.$transaction(async (tx) => {
        const scoped = await spec.scope(tx, session, input, now);
        const decided = await spec.decide({ tx, session, actor: signedIn, input, now, scoped, form, signer, witness });
        if (signer) await markSessionSigned(tx, session, signer);
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
