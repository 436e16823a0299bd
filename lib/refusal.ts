// The one refusal type. Guards (lib/auth), scope checks and each action's own decision throw an ActionRefusal; the
// action pipeline (lib/actions/pipeline.ts) rolls the transaction back, audits the attempt as `denied` and answers
// `{ ok: false, code, message, fieldErrors? }`. Lives outside lib/auth and lib/actions so both may import it.

export type RefusalCode = "VALIDATION" | "UNAUTHENTICATED" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT" | "RULE_BLOCKED";

/** Who attempted it, when known (an unauthenticated attempt has no actor). */
export interface Actor {
  id: string;
  email: string;
}

export interface RefusalOptions {
  /** the form field the refusal is about: the answer shows the message next to that field */
  field?: string;
  /** several fields at once (e.g. the pharmacist's independent figures) */
  fieldErrors?: Record<string, string[]>;
  /** facts for the audit row (never passwords, never clinical values the user typed) */
  details?: Record<string, unknown>;
  actor?: Actor | null;
  /** its denied audit row is already written (a signature refused in its own transaction, lib/auth/signature.ts) */
  audited?: boolean;
}

export class ActionRefusal extends Error {
  readonly field: string | null;
  readonly details: Record<string, unknown>;
  readonly actor: Actor | null;
  readonly audited: boolean;
  readonly #fieldErrors: Record<string, string[]> | null;

  constructor(readonly code: RefusalCode, message: string, options: RefusalOptions = {}) {
    super(message);
    this.name = "ActionRefusal";
    this.field = options.field ?? null;
    this.details = { ...(options.details ?? {}), ...(options.field ? { field: options.field } : {}) };
    this.actor = options.actor ?? null;
    this.audited = options.audited ?? false;
    this.#fieldErrors = options.fieldErrors ?? null;
  }

  /** The one mapping from a refusal to the form's field errors. */
  fieldErrors(): Record<string, string[]> | undefined {
    if (this.#fieldErrors) return this.#fieldErrors;
    return this.field ? { [this.field]: [this.message] } : undefined;
  }
}

/** The same answer for a record that does not exist and one on another unit: nothing leaks about other units. */
export function notFound(what = "record"): ActionRefusal {
  return new ActionRefusal("NOT_FOUND", `That ${what} was not found.`);
}
