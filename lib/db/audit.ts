import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma, type Tx } from "@/lib/db/client";

export type AuditOutcome = "success" | "denied" | "error";

export interface AuditEntry {
  actorId?: string | null;
  actorLabel?: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  outcome: AuditOutcome;
  details?: Prisma.InputJsonValue;
  requestId?: string | null;
  at?: Date;
}

/**
 * Writes one audit row inside the caller's transaction, so the change and its audit row commit or fail together.
 * The database does the rest (docs/decisions/040-tamper-evident-audit.md): its trigger chains the row to the
 * previous one (prevHash, hash) and refuses any later UPDATE, DELETE or TRUNCATE. The trigger holds the chain lock
 * from this insert until the transaction ends, so every audited transaction queues behind it: write the audit row
 * last, just before commit, as the actions do.
 */
export async function writeAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: entry.actorId ?? null,
      actorLabel: entry.actorLabel ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      outcome: entry.outcome,
      details: entry.details ?? {},
      requestId: entry.requestId ?? null,
      ...(entry.at ? { at: entry.at } : {}),
    },
  });
}

/** A refused attempt writes nothing clinical: its audit row is its own small transaction. */
export async function writeAuditAlone(entry: AuditEntry): Promise<void> {
  await prisma.$transaction(async (tx) => writeAudit(tx, entry));
}
