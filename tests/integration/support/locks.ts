import { prisma, type Tx } from "@/lib/db/client";
import { lockCourse } from "@/lib/auth/scope";
import type { CurrentSession } from "@/lib/auth/session";

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

/** lockCourse as an action of someone on `unitIds` takes it (lib/auth/scope.ts: the patient's row, the course's, the scope again). */
export async function lockCourseAs(tx: Tx, unitIds: string[], courseId: string, now = new Date()): Promise<void> {
  const session = { sessionId: "test", user: { unitIds } } as unknown as CurrentSession;
  await lockCourse(tx, session, courseId, now, "nothing was saved");
}
