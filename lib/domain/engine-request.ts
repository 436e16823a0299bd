// Builds the engine's request (shared/domain/engine-contract.md) from stored records. The engine is pure; this
// is the one place that knows how stored courses, events and assessments map onto its JSON contract.
import type { AssessmentRecord as Assessment, CourseRecord as Course, ReviewedDoseEvent } from "@/lib/domain/records";
import { compareProtocols, evaluateDose, getRuleSet } from "@/lib/rules";
import { ASSESSMENT_FIELD_REGISTRY, engineValuesOf, isLab, type CarrySource } from "@/lib/domain/assessment-fields";

export function engineProtocol(protocol: Course["protocol"]): "til-adjunct" | "monotherapy" {
  return protocol === "til_adjunct" ? "til-adjunct" : "monotherapy";
}

export function courseForEngine(course: Course) {
  return {
    // monotherapy 1.1.0: cycle 2 opens only with the attending's go-ahead (protocols.md §2)
    ...(course.cycle2ApprovedAt ? { cycle2ApprovedAt: course.cycle2ApprovedAt.toISOString() } : {}),
    dosingWeightKg: Number(course.dosingWeightKg.toString()),
    baselineWeightKg: Number(course.baselineWeightKg.toString()),
    doseIuPerKg: course.doseIuPerKg,
    ...(course.startAt ? { startAt: course.startAt.toISOString() } : {}),
    ...(course.tilInfusionEndAt ? { tilInfusionEndAt: course.tilInfusionEndAt.toISOString() } : {}),
    ...(course.targetSbpMmHg !== null ? { targetSbpMmHg: course.targetSbpMmHg } : {}),
  };
}

/** A dose event with its attending reviews: a reviewed stop-tier hold no longer holds by itself (contract 1.1). */
export type EngineDoseEvent = ReviewedDoseEvent;

const EVENT_TIERS = new Set(["hold", "stop", "discontinue"]);

/**
 * Only events in force: an event marked entered-in-error is ignored by counts and the engine. A held event carries
 * its tier and whether an attending has decided on it, so a recorded stop is not forgotten by the next request
 * (protocols.md §2, `pending-stop-review`).
 */
export function eventsForEngine(events: readonly EngineDoseEvent[]) {
  return events
    .filter((e) => e.status === "active")
    .map((e) => ({
      at: e.occurredAt.toISOString(),
      kind: e.kind,
      cycle: e.cycle,
      ...(e.kind === "given" && e.doseIu !== null ? { doseIu: e.doseIu } : {}),
      ...(e.kind === "held"
        ? {
            criteria: e.criteria,
            ...(e.tier !== null && EVENT_TIERS.has(e.tier) ? { tier: e.tier as "hold" | "stop" | "discontinue" } : {}),
            reviewed: e.holdReviews.length > 0,
          }
        : {}),
    }));
}

/** The stored per-value times (contract 1.1 `observedAt`), only for values the row holds. */
export function observedAtOf(a: Pick<Assessment, "observedAt">, present: (key: string) => boolean): Record<string, string> {
  const raw = a.observedAt;
  const out: Record<string, string> = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw)) if (typeof v === "string" && present(k)) out[k] = v;
  return out;
}

/**
 * Absent values stay absent, so the engine reports them as missing instead of guessing. Every field is read from
 * its column by the registry (lib/domain/assessment-fields.ts), Decimals as the numbers they write out; the
 * permanent events are stored as every one recorded in the course so far (record-assessment adds the earlier ones),
 * and an unanswered question with none recorded is absent, so the rules report it missing instead of reading "none".
 */
export function assessmentForEngine(a: Assessment) {
  const out: Record<string, unknown> = { ...engineValuesOf(a) };
  const observedAt = observedAtOf(a, (k) => k in out);
  if (Object.keys(observedAt).length) out.observedAt = observedAt;
  return out;
}

export function engineRequest(args: { now: Date; course: Course; events: readonly EngineDoseEvent[]; assessment?: Assessment | null }) {
  return {
    now: args.now.toISOString(),
    protocol: engineProtocol(args.course.protocol),
    ruleSet: { id: args.course.ruleSetId, version: args.course.ruleSetVersion },
    course: courseForEngine(args.course),
    events: eventsForEngine(args.events),
    ...(args.assessment && args.assessment.status === "active" ? { assessment: assessmentForEngine(args.assessment) } : {}),
  };
}

/**
 * The engine's decision for a course at `now`, on the given assessment (normally the latest active one). The
 * request is built from stored rows only; an invalid stored row answers as the engine's own refusal.
 */
export function decideForCourse(args: { now: Date; course: Course; events: readonly EngineDoseEvent[]; assessment?: Assessment | null }) {
  return evaluateDose(engineRequest(args));
}

/** The same assessment judged under both default rule sets (the attending's side-by-side view). */
export function compareForCourse(args: { now: Date; course: Course; events: readonly EngineDoseEvent[]; assessment: Assessment }) {
  return compareProtocols(engineRequest(args));
}

/**
 * What a new assessment may carry from `a` (the latest active one): each carry-able value with its own original
 * time — its stored `observedAt`, else the lab draw time for labs, else the assessment time — and every permanent
 * event recorded in the course so far (stored cumulatively on each assessment).
 */
export function carrySourceOf(a: Assessment): CarrySource {
  const engine = assessmentForEngine(a);
  const own = observedAtOf(a, () => true);
  const values: CarrySource["values"] = {};
  for (const f of ASSESSMENT_FIELD_REGISTRY) {
    if (!f.carry) continue;
    const v = engine[f.name];
    if (typeof v !== "string" && typeof v !== "number" && typeof v !== "boolean") continue;
    const observedAt = own[f.name] ?? (isLab(f) && a.labsAt ? a.labsAt.toISOString() : a.takenAt.toISOString());
    values[f.name] = { value: v, observedAt };
  }
  return { assessmentId: a.id, takenAt: a.takenAt.toISOString(), values, permanentEvents: [...a.permanentEvents] };
}

/**
 * The cycle an event at `at` belongs to (protocols.md §2: monotherapy cycle 2 from startAt + 14 days − 30 min;
 * TIL always 1), read from the course's rule set, so an event recorded outside a dose decision (a stop recorded
 * with its assessment, perhaps in the rest period) is never labelled with a cycle its time contradicts.
 */
export function cycleOfEventAt(course: Pick<Course, "ruleSetId" | "ruleSetVersion" | "startAt" | "tilInfusionEndAt">, at: Date): number {
  const rs = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  if (!rs) return 1;
  const anchor = course[rs.schedule.anchor.field];
  if (!anchor) return 1;
  const tolerance = rs.schedule.interval.earlyToleranceMinutes.value;
  let cycle = 1;
  for (const c of rs.schedule.cycles) {
    const opens = anchor.getTime() + (c.opensAfterAnchorMinutes.value - (c.number === 1 ? 0 : tolerance)) * 60_000;
    if (at.getTime() >= opens) cycle = c.number;
  }
  return cycle;
}

/** The earliest time a dose event may have (contract 1.1: not before tilInfusionEndAt, or startAt − its tolerance). */
export function earliestEventAt(course: Pick<Course, "ruleSetId" | "ruleSetVersion" | "startAt" | "tilInfusionEndAt">): Date | null {
  const rs = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  if (!rs) return null;
  const anchor = course[rs.schedule.anchor.field];
  if (!anchor) return null;
  return new Date(anchor.getTime() - (rs.schedule.cycles[0]?.earlyToleranceMinutes.value ?? 0) * 60_000);
}
