"use server";

import { logServerError } from "@/lib/log";
import * as clock from "@/lib/clock";
import { redirect } from "next/navigation";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { clearSessionCookie, readSession } from "@/lib/auth/session";

/** Ends the session on the server (not only the cookie), audits it, and returns to sign-in. */
export async function signOutAction(): Promise<void> {
  const found = await readSession();
  if (found.state === "valid") {
    const now = clock.now();
    const { sessionId, user } = found.session;
    try {
      await prisma.$transaction(async (tx) => {
        await tx.session.update({ where: { id: sessionId }, data: { endedAt: now, endReason: "sign-out" } });
        await writeAudit(tx, { actorId: user.id, actorLabel: user.email, action: "sign-out", entityType: "Session", entityId: sessionId, outcome: "success", at: now });
      });
    } catch (e) {
      logServerError("sign-out: could not end the session in the database", e);
    }
  }
  await clearSessionCookie();
  redirect("/login");
}
