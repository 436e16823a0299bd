// Builds the engine's request (shared/domain/engine-contract.md) from database rows. The engine is pure; this
// is the one place that knows how stored courses, events and assessments map onto its JSON contract.
import type { Assessment, Course, DoseEvent } from "@/lib/generated/prisma/client";
import { compareProtocols, evaluateDose } from "@/lib/rules";

type Num = { toString(): string } | number | null;
const num = (v: Num): number | undefined => (v === null || v === undefined ? undefined : Number(v.toString()));

export function engineProtocol(protocol: Course["protocol"]): "til-adjunct" | "monotherapy" {
  return protocol === "til_adjunct" ? "til-adjunct" : "monotherapy";
}

export function courseForEngine(course: Course) {
  return {
    dosingWeightKg: Number(course.dosingWeightKg.toString()),
    baselineWeightKg: Number(course.baselineWeightKg.toString()),
    doseIuPerKg: course.doseIuPerKg,
    ...(course.startAt ? { startAt: course.startAt.toISOString() } : {}),
    ...(course.tilInfusionEndAt ? { tilInfusionEndAt: course.tilInfusionEndAt.toISOString() } : {}),
    ...(course.targetSbpMmHg !== null ? { targetSbpMmHg: course.targetSbpMmHg } : {}),
  };
}

/** Only events in force: an event marked entered-in-error is ignored by counts and the engine. */
export function eventsForEngine(events: DoseEvent[]) {
  return events
    .filter((e) => e.status === "active")
    .map((e) => ({
      at: e.occurredAt.toISOString(),
      kind: e.kind,
      cycle: e.cycle,
      ...(e.kind === "given" && e.doseIu !== null ? { doseIu: e.doseIu } : {}),
      ...(e.kind === "held" ? { criteria: e.criteria } : {}),
    }));
}

/** Absent values stay absent, so the engine reports them as missing instead of guessing. */
export function assessmentForEngine(a: Assessment) {
  const out: Record<string, unknown> = { at: a.takenAt.toISOString() };
  const put = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) out[key] = value;
  };
  put("sbpMmHg", a.sbpMmHg);
  put("heartRateBpm", a.heartRateBpm);
  put("rhythm", a.rhythm);
  put("spo2Pct", a.spo2Pct);
  put("oxygenDevice", a.oxygenDevice);
  put("oxygenLpm", num(a.oxygenLpm));
  put("urineOutputMl", a.urineOutputMl);
  put("urineOutputHours", num(a.urineOutputHours));
  put("weightKg", num(a.weightKg));
  put("mentalStatus", a.mentalStatus);
  put("phenylephrineMcgKgMin", num(a.phenylephrineMcgKgMin));
  put("phenylephrinePeakMcgKgMin", num(a.phenylephrinePeakMcgKgMin));
  put("otherVasopressor", a.otherVasopressor);
  put("fluidRefractoryHypotension", a.fluidRefractoryHypotension);
  put("creatinineMgDl", num(a.creatinineMgDl));
  put("labsAt", a.labsAt?.toISOString());
  put("plateletsPerUl", a.plateletsPerUl);
  put("bilirubinMgDl", num(a.bilirubinMgDl));
  put("bicarbonateMmolL", num(a.bicarbonateMmolL));
  put("temperatureC", num(a.temperatureC));
  put("infection", a.infection);
  put("giBleeding", a.giBleeding);
  out.permanentEvents = a.permanentEvents;
  return out;
}

export function engineRequest(args: { now: Date; course: Course; events: DoseEvent[]; assessment?: Assessment | null }) {
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
export function decideForCourse(args: { now: Date; course: Course; events: DoseEvent[]; assessment?: Assessment | null }) {
  return evaluateDose(engineRequest(args));
}

/** The same assessment judged under both default rule sets (the attending's side-by-side view). */
export function compareForCourse(args: { now: Date; course: Course; events: DoseEvent[]; assessment: Assessment }) {
  return compareProtocols(engineRequest(args));
}
