import { prisma } from "@/lib/db/client";

/**
 * Resolves once some session of this test's database waits on a lock (or once `pending` settles, when it never
 * had to wait): "the other request has reached the lock" without guessing how long that takes.
 */
export async function untilWaitingOnALock(pending: Promise<unknown>, timeoutMs = 15_000): Promise<void> {
  let settled = false;
  void pending.then(() => { settled = true; }, () => { settled = true; });
  const deadline = Date.now() + timeoutMs;
  while (!settled) {
    const [row] = await prisma.$queryRaw<{ waiting: bigint }[]>`
      SELECT count(*) AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
    if ((row?.waiting ?? 0n) > 0n) return;
    if (Date.now() > deadline) throw new Error(`no session waited on a lock within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
