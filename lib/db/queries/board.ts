import { prisma } from "@/lib/db/client";
import { decideForCourse } from "@/lib/domain/engine-request";
import { countVerificationDue } from "@/lib/db/count-report";
import type { DoseDecision } from "@/lib/rules";

export interface BoardRow {
  courseId: string;
  patient: { name: string; mrn: string };
  unitTimeZone: string;
  protocol: "til_adjunct" | "monotherapy";
  status: "ordered" | "active" | "closed";
  decision: DoseDecision | null;
  /** the moment the next dose is due (nominal), or null when none is due */
  dueAt: Date | null;
  earliestAt: Date | null;
  lastEvent: { kind: string; at: Date; sequence: number } | null;
  latestAssessmentAt: Date | null;
  waitingFor: string[];
}

/**
 * The unit board: every open course on the user's units with the engine's view of it now, sorted by the next
 * dose due (courses with nothing due last).
 */
export async function loadBoard(unitIds: string[], now: Date): Promise<BoardRow[]> {
  const courses = await prisma.course.findMany({
    where: { status: { not: "closed" }, patient: { unitId: { in: unitIds } } },
    include: {
      patient: { include: { unit: true } },
      doseEvents: { orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } },
      assessments: { where: { status: "active" }, orderBy: [{ takenAt: "desc" }, { recordedAt: "desc" }], take: 1 },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1 },
    },
  });
  const rows = courses.map((c): BoardRow => {
    const latest = c.assessments[0] ?? null;
    const outcome = decideForCourse({ now, course: c, events: c.doseEvents, assessment: latest });
    const decision = outcome.ok ? outcome.result : null;
    const active = c.doseEvents.filter((e) => e.status === "active");
    const last = active.at(-1) ?? null;
    const waitingFor: string[] = [];
    if (c.status === "ordered") waitingFor.push("Pharmacist: verify the order");
    const unreviewed = active.filter((e) => e.kind !== "given" && e.holdReviews.length === 0 && !e.authorizedByReviewId);
    // A stop-tier hold (contract 1.1) blocks every dose until the attending decides: say so, never "a hold".
    if (unreviewed.some((e) => e.kind === "held" && (e.tier === "stop" || e.tier === "discontinue"))) waitingFor.push("Attending: review a stop");
    if (unreviewed.some((e) => !(e.kind === "held" && (e.tier === "stop" || e.tier === "discontinue")))) waitingFor.push("Attending: review a hold");
    if (countVerificationDue(c.doseEvents, c.countVerifications[0] ?? null).due) waitingFor.push("Pharmacist: dose count");
    const open = decision && (decision.decision !== "complete");
    return {
      courseId: c.id,
      patient: { name: `${c.patient.familyName}, ${c.patient.givenName}`, mrn: c.patient.mrn },
      unitTimeZone: c.patient.unit.timeZone,
      protocol: c.protocol,
      status: c.status,
      decision,
      dueAt: open && decision.window.dueAt ? new Date(decision.window.dueAt) : null,
      earliestAt: open && decision.window.earliestAt ? new Date(decision.window.earliestAt) : null,
      lastEvent: last ? { kind: last.kind, at: last.occurredAt, sequence: last.sequence } : null,
      latestAssessmentAt: latest?.takenAt ?? null,
      waitingFor,
    };
  });
  return rows.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.patient.name.localeCompare(b.patient.name));
}
