import type { Tx } from "@/lib/db/client";

/** Every permanent-discontinuation event recorded on the course's active assessments (permanent: always sent). */
export async function coursePermanentEvents(db: Pick<Tx, "assessment">, courseId: string): Promise<string[]> {
  const rows = await db.assessment.findMany({ where: { courseId, status: "active" }, select: { permanentEvents: true } });
  return [...new Set(rows.flatMap((r) => r.permanentEvents))];
}
