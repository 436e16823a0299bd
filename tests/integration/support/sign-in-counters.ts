// Reads the sign-in counters (lib/auth/throttle.ts) the way the sign-in action keys them: by the typed e-mail and the
// source address, known account or not.
import { prisma } from "@/lib/db/client";
import { throttleKeys } from "@/lib/auth/throttle";
import { UNKNOWN_ADDRESS } from "@/lib/auth/throttle-address";

export async function pairCounter(email: string, address: string = UNKNOWN_ADDRESS) {
  return prisma.signInCounter.findUnique({ where: { key: throttleKeys(email, address).pair } });
}

export async function accountCounter(email: string) {
  return prisma.signInCounter.findUnique({ where: { key: throttleKeys(email, UNKNOWN_ADDRESS).account } });
}

/** Sets this e-mail's run of failures from this address, as earlier failed sign-ins would have left it. */
export async function setPairFailures(email: string, failures: number, now: Date, address: string = UNKNOWN_ADDRESS) {
  const keys = throttleKeys(email, address);
  await prisma.signInCounter.upsert({
    where: { key: keys.pair },
    create: { key: keys.pair, accountKey: keys.accountKey, email: keys.email, address, windowStart: now, failures, lastFailureAt: now },
    update: { failures, lastFailureAt: now },
  });
}

/** The summary rows of refused sign-ins for this typed e-mail (details.reason "refused-sign-ins"). */
export async function refusalSummaries(email: string) {
  const rows = await prisma.auditEvent.findMany({ where: { action: "sign-in", actorLabel: email.toLowerCase(), outcome: "denied" }, orderBy: { id: "asc" } });
  return rows.map((r) => r.details as { reason: string; refused?: number; paused?: boolean; address?: string | null; since?: string });
}
