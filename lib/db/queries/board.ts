import "server-only";
import { prisma } from "@/lib/db/client";
import { decideForCourse } from "@/lib/domain/engine-request";
import { countVerificationDue } from "@/lib/domain/count-report";
import { CURRENT_ASSESSMENT_ORDER, currentPicture } from "@/lib/domain/current-assessment";
import { waitsForCycle2GoAhead } from "@/lib/domain/cycle2";
import { waitingFor, waitingText } from "@/lib/domain/waiting";
import { doseStatus, type DoseStatus } from "@/lib/domain/status";
import { courseDoseActions } from "@/lib/domain/dose-policy";
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
  lastEvent: { kind: string; tier: string | null; at: Date; sequence: number } | null;
  latestAssessmentAt: Date | null;
  /** lib/domain/waiting.ts, in words ("Attending: review a stop") */
  waitingFor: string[];
  /** lib/domain/status.ts: where the course stands for its next dose */
  doseStatus: DoseStatus;
}

/**
 * The unit board: every open course on the user's units with the engine's view of it now (on the course's current
 * picture, as on the course page), sorted by the next dose due (courses with nothing due last).
 */
export async function loadBoard(unitIds: readonly string[], now: Date): Promise<BoardRow[]> {
  const courses = await prisma.course.findMany({
    // "ordered" or "active" is "not closed" (the three statuses), written so the planner can use the partial index
    // "Course_one_open_per_patient" instead of reading every course of the unit's patients (decision 057)
    where: { status: { in: ["ordered", "active"] }, patient: { unitId: { in: [...unitIds] } } },
    include: {
      patient: { include: { unit: true } },
      doseEvents: { orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true, outcome: true } } } },
      // every active one: the decision is on the current picture, the latest value of each field (decision 042)
      assessments: { where: { status: "active" }, orderBy: [...CURRENT_ASSESSMENT_ORDER] },
      countVerifications: { orderBy: { verifiedAt: "desc" }, take: 1 },
    },
  });
  const rows = courses.map((c): BoardRow => {
    const picture = currentPicture(c.assessments);
    const latest = picture?.latest ?? null;
    const outcome = decideForCourse({ now, course: c, events: c.doseEvents, assessment: picture?.assessment ?? null });
    const decision = outcome.ok ? outcome.result : null;
    const active = c.doseEvents.filter((e) => e.status === "active");
    const last = active.at(-1) ?? null;
    const waiting = waitingFor({
      course: c,
      events: c.doseEvents,
      countDue: countVerificationDue(c.doseEvents, c.countVerifications[0] ?? null).due,
      cycle2Ready: waitsForCycle2GoAhead(c, c.doseEvents, now),
    });
    const status = doseStatus({
      courseStatus: c.status, decision, lastEvent: last, waiting, hasAssessment: latest !== null, now,
      actions: courseDoseActions({ course: c, events: c.doseEvents, assessments: c.assessments, latestAssessmentId: latest?.id ?? null, decision, timeZone: c.patient.unit.timeZone, now }),
    });
    // no due time while a stop waits for the attending (a stop-tier hold, or one found on a paper dose): the engine's
    // own window would still say when a dose would be due
    const open = decision && decision.decision !== "complete" && status.kind !== "stop-pending";
    return {
      courseId: c.id,
      patient: { name: `${c.patient.familyName}, ${c.patient.givenName}`, mrn: c.patient.mrn },
      unitTimeZone: c.patient.unit.timeZone,
      protocol: c.protocol,
      status: c.status,
      decision,
      dueAt: open && decision.window.dueAt ? new Date(decision.window.dueAt) : null,
      earliestAt: open && decision.window.earliestAt ? new Date(decision.window.earliestAt) : null,
      lastEvent: last ? { kind: last.kind, tier: last.tier, at: last.occurredAt, sequence: last.sequence } : null,
      latestAssessmentAt: latest?.takenAt ?? null,
      waitingFor: waiting.map(waitingText),
      // the same dose actions as the course page's buttons (an override in force, a hold on this assessment)
      doseStatus: status,
    };
  });
  return rows.sort((a, b) => (a.dueAt?.getTime() ?? Infinity) - (b.dueAt?.getTime() ?? Infinity) || a.patient.name.localeCompare(b.patient.name));
}
