import "server-only";
import * as clock from "@/lib/clock";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { clearSessionCookie, readSession } from "@/lib/auth/session";

/**
 * Ends the request's session on the server (not only the cookie), audits it, and deletes the cookie. `idle`: the
 * page's own idle timer asked (components/auth/idle-timer.tsx): recorded as an idle timeout. A session already over
 * leaves no row (there is nothing to end). Shared by the sign-out route (app/api/auth/sign-out, which can send
 * Clear-Site-Data) and signOutAction.
 */
export async function endCurrentSession(why: "sign-out" | "idle"): Promise<void> {
  const found = await readSession();
  if (found.state === "valid") {
    const now = clock.now();
    const { sessionId, user } = found.session;
    const endReason = why === "idle" ? "idle-timeout" : "sign-out";
    try {
      await prisma.$transaction(async (tx) => {
        await tx.session.update({ where: { id: sessionId }, data: { endedAt: now, endReason } });
        await writeAudit(tx, {
          actorId: user.id,
          actorLabel: user.email,
          action: "sign-out",
          entityType: "Session",
          entityId: sessionId,
          outcome: "success",
          at: now,
          ...(why === "idle" ? { details: { reason: "idle-timeout" } } : {}),
        });
      });
    } catch {
      console.error("[sign-out] could not end the session in the database");
    }
  }
  await clearSessionCookie();
}
