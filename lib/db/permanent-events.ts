import type { Tx } from "@/lib/db/client";

/**
 * Every permanent-discontinuation event recorded on the course's active assessments (permanent: always sent). With
 * `knownBy`, only those observed at or before that time (their own `observedAt.permanentEvents`, else the
 * assessment's time): a paper assessment of a downtime never carries an event recorded after its dose.
 */
export async function coursePermanentEvents(db: Pick<Tx, "assessment">, courseId: string, knownBy?: Date): Promise<string[]> {
  const rows = await db.assessment.findMany({ where: { courseId, status: "active" }, select: { permanentEvents: true, takenAt: true, observedAt: true } });
  const ownTime = (r: (typeof rows)[number]): number => {
    const own = r.observedAt && typeof r.observedAt === "object" && !Array.isArray(r.observedAt) ? (r.observedAt as Record<string, unknown>).permanentEvents : undefined;
    const t = typeof own === "string" ? Date.parse(own) : NaN;
    return Number.isNaN(t) ? r.takenAt.getTime() : t;
  };
  const known = knownBy ? rows.filter((r) => ownTime(r) <= knownBy.getTime()) : rows;
  return [...new Set(known.flatMap((r) => r.permanentEvents))];
}
