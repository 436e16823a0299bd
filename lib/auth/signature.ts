import "server-only";
import { prisma, type Tx } from "@/lib/db/client";
import { writeAudit, type AuditEntry } from "@/lib/db/audit";
import { verifyPassword } from "@/lib/auth/password";
import { failureSuffix, lockUserRow, recordPasswordFailure, signatureWaitMessage, userTimeZone, waitingUntil } from "@/lib/auth/lockout";
import { ActionRefusal } from "@/lib/refusal";
import { authConfig } from "@/lib/auth/config";
import { throttleKeys } from "@/lib/auth/throttle";
import { UNKNOWN_ADDRESS } from "@/lib/auth/throttle-address";
import type { CurrentSession } from "@/lib/auth/session";
import { sameUserId, SIGNATURE_FIELDS, WITNESS_FIELDS } from "@/lib/domain/signature";

export const WRONG_SIGNATURE = "Password incorrect: not signed. Re-enter your own password to sign.";
export const WRONG_SIGNATURE_ID = "User id or password incorrect: not signed. Enter your own user id (e-mail) and password to sign.";
export const USER_ID_NEEDED = "Enter your user id (e-mail) as well: the first signature of a session asks for both. Nothing was recorded.";
export const WRONG_WITNESS = "The witness's user id or password is incorrect: not signed. Nothing was recorded.";
export const TEMPORARY_PASSWORD = "This account still has the temporary password an administrator set: choose your own password (your name at the top, Change password) before signing. Nothing was recorded.";
export const WITNESS_TEMPORARY_PASSWORD = "The witness's account still has the temporary password an administrator set: the witness must choose their own password before witnessing. Nothing was recorded.";

/**
 * Wrong witness passwords are counted apart from the witness's own signature counter (User.lockedUntil): on a
 * SignInCounter row for this witness *named by this recorder*. Otherwise any colleague could lock an attending out
 * of signing — and of signing in — by naming her as witness with wrong passwords (independent review of issue 12,
 * H1). The row slows, then pauses, only this recorder's further attempts to name this witness; an administrator's
 * unlock of the witness clears it (its accountKey is the witness's).
 */
interface WitnessCounter {
  key: string;
  failures: number;
  waitUntil: Date | null;
}

async function lockWitnessCounter(tx: Tx, witness: { id: string; email: string }, recorderId: string, now: Date): Promise<WitnessCounter> {
  const key = `witness:${witness.id}:${recorderId}`;
  const { accountKey, email } = throttleKeys(witness.email, UNKNOWN_ADDRESS);
  await tx.signInCounter.createMany({ data: [{ key, accountKey, email, windowStart: now }], skipDuplicates: true });
  const [row] = await tx.$queryRaw<WitnessCounter[]>`SELECT "key", "failures", "waitUntil" FROM "SignInCounter" WHERE "key" = ${key} FOR UPDATE`;
  return row!;
}

/** Counts one wrong witness password on the pair's row; the same slow-down and pause as an own signature's. */
async function recordWitnessFailure(tx: Tx, row: WitnessCounter, now: Date): Promise<{ failedInARow: number; waitUntil: Date | null; paused: boolean }> {
  const failedInARow = row.failures + 1;
  const paused = failedInARow >= authConfig.maxFailedSignIns;
  const waitUntil = paused
    ? new Date(now.getTime() + authConfig.lockMinutes * 60_000)
    : failedInARow >= authConfig.slowAfterFailures
      ? new Date(now.getTime() + authConfig.slowBaseSeconds * 2 ** (failedInARow - authConfig.slowAfterFailures) * 1000)
      : null;
  await tx.signInCounter.update({ where: { key: row.key }, data: { failures: paused ? 0 : failedInARow, lastFailureAt: now, ...(waitUntil ? { waitUntil } : {}) } });
  return { failedInARow, waitUntil, paused };
}

/**
 * Who signed, when — the identity half of a Part 11 signature manifestation (§11.50). The action adds what it
 * means (`as(meaning)`), stored with the record and shown with the name and time.
 */
export interface VerifiedSigner {
  signerId: string;
  signerName: string;
  signedAt: Date;
  /** this signature gave both components (user id and password): the session's first signature (§11.200(a)(1)(i)) */
  gaveUserId: boolean;
}

export interface Signature extends VerifiedSigner {
  meaning: string;
}

export const signatureWith = (signer: VerifiedSigner, meaning: string): Signature => ({ ...signer, meaning });

/** The refusal the pipeline throws after the signature's own transaction has committed its count and audit row. */
function refused(message: string, field: string, details: Record<string, unknown>): ActionRefusal {
  return new ActionRefusal("UNAUTHENTICATED", message, { field, details, audited: true });
}

export interface SignatureAttempt {
  session: CurrentSession;
  /** the signer: the session's own user, or the witness picked on the form */
  signer: { kind: "own" } | { kind: "witness"; userId: string; eligible: (u: { id: string; role: string; active: boolean; unitIds: string[] }) => boolean };
  password: string;
  /** what was typed as the user id (e-mail), or "" */
  typedUserId: string;
  now: Date;
  /** the action's denied audit row (without details): written in the signature's own transaction */
  audit: Omit<AuditEntry, "outcome" | "details" | "at">;
}

type Outcome = { ok: true; signer: VerifiedSigner | null } | { ok: false; refusal: ActionRefusal };

/**
 * An electronic signature (21 CFR Part 11 §11.200), checked in its OWN short transaction before the action's:
 * the signer's User row is locked (SELECT … FOR UPDATE), a wait or lock refuses without checking the password, a
 * wrong password — or a wrong user id — is counted (lib/auth/lockout.ts) with its denied audit row, and that
 * transaction commits before the refusal is answered. Parallel wrong signatures therefore queue on the row and are
 * counted one after another, and none of them is checked once the account is slowed or locked.
 *
 * Own signatures: the session's first signature asks for the user id (e-mail, compared case-insensitively with the
 * signer's own) and the password; later ones the password only (Session.firstSignedAt, set by the action's
 * transaction when the signed action commits). The server decides: a form that omits a needed user id is refused
 * with a field error, nothing counted. A witness always gives both: it is not their session
 * (docs/decisions/055-signatures-part-11.md).
 *
 * Embedded PGlite has one connection: this transaction ends before the action's begins, and nothing here reads
 * outside it.
 */
export async function verifySignature(attempt: SignatureAttempt & { signer: { kind: "own" } }): Promise<VerifiedSigner>;
export async function verifySignature(attempt: SignatureAttempt): Promise<VerifiedSigner | null>;
export async function verifySignature(attempt: SignatureAttempt): Promise<VerifiedSigner | null> {
  const { session, signer, password, now } = attempt;
  const typed = attempt.typedUserId.trim();
  const witness = signer.kind === "witness";
  const fields = witness ? WITNESS_FIELDS : SIGNATURE_FIELDS;
  const outcome = await prisma.$transaction(async (tx): Promise<Outcome> => {
    const deny = async (details: Record<string, unknown>) => {
      await writeAudit(tx, { ...attempt.audit, outcome: "denied", details: { code: "UNAUTHENTICATED", ...details }, at: now });
    };
    let askId = true;
    if (!witness) {
      const row = await tx.session.findUnique({ where: { id: session.sessionId }, select: { firstSignedAt: true } });
      askId = !row?.firstSignedAt;
      if (askId && typed === "") {
        await deny({ signature: "user-id-missing", message: USER_ID_NEEDED });
        return { ok: false, refusal: refused(USER_ID_NEEDED, fields.userId, { signature: "user-id-missing" }) };
      }
    }
    const signerId = signer.kind === "own" ? session.user.id : signer.userId;
    const user = await lockUserRow(tx, signerId);
    const unitIds = user ? (await tx.unitAssignment.findMany({ where: { userId: user.id }, select: { unitId: true } })).map((a) => a.unitId) : [];
    if (!user || !user.active || (signer.kind === "witness" && !signer.eligible({ id: user.id, role: user.role, active: user.active, unitIds }))) {
      // nobody who may not witness here is checked or counted: the action refuses the witness after its scope check
      // (so a course out of scope is still answered "not found", and nobody else's counter moves)
      if (witness) return { ok: true, signer: null };
      await deny({ signature: "wrong-password" });
      return { ok: false, refusal: refused(WRONG_SIGNATURE, fields.password, { signature: "wrong-password" }) };
    }
    const who = witness ? { witnessId: user.id } : {};
    if (user.mustChangePassword) {
      // a password an administrator knows is not this person's own (Part 11 §11.300): no signature with it
      const message = witness ? WITNESS_TEMPORARY_PASSWORD : TEMPORARY_PASSWORD;
      await deny({ signature: "temporary-password", ...who });
      return { ok: false, refusal: refused(message, fields.password, { signature: "temporary-password" }) };
    }
    const waiting = waitingUntil(user.lockedUntil, now);
    if (waiting) {
      const message = signatureWaitMessage(waiting, await userTimeZone(tx, user.id));
      const shown = witness ? `The witness's account: ${message.charAt(0).toLowerCase()}${message.slice(1)}` : message;
      await deny({ signature: waiting.reason, lockedUntil: waiting.lockedUntil.toISOString(), ...who });
      return { ok: false, refusal: refused(shown, fields.password, { signature: waiting.reason }) };
    }
    const counter = witness ? await lockWitnessCounter(tx, user, session.user.id, now) : null;
    const pairWait = counter ? waitingUntil(counter.waitUntil, now) : null;
    if (pairWait) {
      const message = `Too many wrong passwords for this witness from this account: wait ${pairWait.reason === "throttled" ? `${pairWait.seconds} seconds` : `${Math.ceil(pairWait.seconds / 60)} minutes`}, or ask another witness. Nothing was recorded.`;
      await deny({ signature: "witness-paused", waitUntil: pairWait.lockedUntil.toISOString(), ...who });
      return { ok: false, refusal: refused(message, fields.password, { signature: "witness-paused" }) };
    }
    const idRight = typed === "" ? !askId : sameUserId(typed, user.email);
    const passwordRight = await verifyPassword(user.passwordHash, password);
    if (counter && (!idRight || !passwordRight)) {
      const failure = await recordWitnessFailure(tx, counter, now);
      const suffix = failure.paused
        ? ` This witness cannot be named from this account for ${authConfig.lockMinutes} minutes.`
        : failure.waitUntil
          ? ` Wait ${Math.ceil((failure.waitUntil.getTime() - now.getTime()) / 1000)} seconds before trying again.`
          : "";
      const message = `${WRONG_WITNESS}${suffix}`;
      await deny({
        signature: "wrong-password",
        wrong: !idRight && !passwordRight ? "user-id-and-password" : !idRight ? "user-id" : "password",
        failedInARow: failure.failedInARow,
        witnessPausedUntil: failure.waitUntil?.toISOString() ?? null,
        message,
        ...who,
      });
      return { ok: false, refusal: refused(message, fields.password, { signature: "wrong-password" }) };
    }
    if (!idRight || !passwordRight) {
      const failure = await recordPasswordFailure(tx, user, now);
      const base = witness ? WRONG_WITNESS : askId || typed !== "" ? WRONG_SIGNATURE_ID : WRONG_SIGNATURE;
      const message = `${base}${failureSuffix(failure, now, await userTimeZone(tx, user.id))}`;
      await deny({
        signature: "wrong-password",
        wrong: !idRight && !passwordRight ? "user-id-and-password" : !idRight ? "user-id" : "password",
        failedInARow: failure.failedInARow,
        lockedUntil: failure.lockedUntil?.toISOString() ?? null,
        locked: failure.locked,
        message,
        ...who,
      });
      return { ok: false, refusal: refused(message, fields.password, { signature: "wrong-password" }) };
    }
    // failures count "in a row": a correct signature ends the row, as a correct sign-in does
    if (counter) {
      if (counter.failures > 0) await tx.signInCounter.update({ where: { key: counter.key }, data: { failures: 0 } });
    } else if (user.failedSignInCount > 0) await tx.user.update({ where: { id: user.id }, data: { failedSignInCount: 0 } });
    return { ok: true, signer: { signerId: user.id, signerName: user.name, signedAt: now, gaveUserId: typed !== "" } };
  });
  if (!outcome.ok) throw outcome.refusal;
  return outcome.signer;
}

/**
 * Inside the action's transaction, when it commits: the session's first signature has been given (both components),
 * so later signatures in it ask for the password only. Only the first one counts (`firstSignedAt` is never moved).
 */
export async function markSessionSigned(tx: Tx, session: CurrentSession, signer: VerifiedSigner): Promise<void> {
  if (!signer.gaveUserId || signer.signerId !== session.user.id) return;
  await tx.session.updateMany({ where: { id: session.sessionId, firstSignedAt: null }, data: { firstSignedAt: signer.signedAt } });
}
