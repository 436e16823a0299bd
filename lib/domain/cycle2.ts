// Whether a monotherapy course may receive the attending's go-ahead for cycle 2 (protocols.md §2; issue 4). The
// review queue, the board and the approve action all ask here. Pure: `now` comes from the caller.
import type { CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { decideForCourse } from "@/lib/domain/engine-request";

export type Cycle2Readiness =
  | { ready: true; cycle1Ended: string; cycle2OpensAt: Date | null; givenInCycle1: number; heldInCycle1: number }
  | { ready: false; why: string };

/**
 * Cycle 1 is over (the engine says wait for the rest period, or the dose it is deciding is a cycle-2 dose) and the
 * course is not over. Status, protocol and an earlier approval are checked by cycle2GoAheadWanted.
 */
export function cycle2Readiness(course: CourseRecord, events: readonly ReviewedDoseEvent[], now: Date): Cycle2Readiness {
  const outcome = decideForCourse({ now, course, events });
  if (!outcome.ok) return { ready: false, why: "The engine could not read this course's stored data." };
  const d = outcome.result;
  if (d.decision === "complete") return { ready: false, why: "The course is over: there is no cycle 2 to approve." };
  const cycle1Over = (d.decision === "wait" && d.reason === "rest-period") || d.dose?.cycle === 2;
  if (!cycle1Over) return { ready: false, why: "Cycle 1 is not over yet: the go-ahead is given after cycle 1 ends." };
  const active = events.filter((e) => e.status === "active" && e.cycle === 1);
  const given = active.filter((e) => e.kind === "given").length;
  const held = active.filter((e) => e.kind === "held").length;
  const cycle1Ended = active.some((e) => e.kind === "stopped")
    ? "IL-2 was stopped in cycle 1"
    : given >= d.counts.maxPerCycle
      ? `all ${d.counts.maxPerCycle} doses of cycle 1 were given`
      : "the cycle 1 window has closed";
  const cycle2OpensAt = d.decision === "wait" && d.window.earliestAt ? new Date(d.window.earliestAt) : null;
  return { ready: true, cycle1Ended, cycle2OpensAt, givenInCycle1: given, heldInCycle1: held };
}

/** The course could take a go-ahead at all: an active monotherapy course without one. */
export function cycle2GoAheadWanted(course: Pick<CourseRecord, "protocol" | "status" | "cycle2ApprovedAt">): boolean {
  return course.protocol === "monotherapy" && course.status === "active" && course.cycle2ApprovedAt === null;
}

/** Waits for the go-ahead now: wanted and ready. */
export function waitsForCycle2GoAhead(course: CourseRecord, events: readonly ReviewedDoseEvent[], now: Date): boolean {
  return cycle2GoAheadWanted(course) && cycle2Readiness(course, events, now).ready;
}
