import "server-only";
import { prisma } from "@/lib/db/client";

export function listRecentAuditEvents(take = 50) {
  return prisma.auditEvent.findMany({ orderBy: { id: "desc" }, take });
}
