// Plain records (lib/domain/records.ts) for the lib/domain unit tests: no database, no clock. Every time is written
// out; `NOW` is the one fixed instant. Thresholds are those of shared/domain/protocols.md (rule sets 1.1.0).
import { evaluateDose, type DoseDecision, type EvaluateOutcome } from "@/lib/rules";
import type { AssessmentRecord, CourseRecord, DecimalLike, ReviewedDoseEvent } from "@/lib/domain/records";
import { decideForCourse, engineRequest } from "@/lib/domain/engine-request";

export const H = 3_600_000;
export const MIN = 60_000;
export const D = 24 * H;

/** The fixed "now" of most tests: TIL cells ended 20 h before, the 3rd dose is open. */
export const NOW = new Date("2026-03-02T06:00:00Z");
/** TIL: end of the cell infusion (the anchor). First dose from +3 h (13:00), deadline +24 h. */
export const TIL_CELLS_END = new Date("2026-03-01T10:00:00Z");
/** Monotherapy: cycle 1 day 1, first dose (the anchor). */
export const MONO_START = new Date("2026-03-01T14:00:00Z");
/** 80 kg × 600,000 IU/kg (protocols.md §1). */
export const DOSE_IU = 48_000_000;

export const COURSE_ID = "00000000-0000-4000-8000-000000000001";
export const ASSESSMENT_ID = "00000000-0000-4000-a000-000000000001";
export const OTHER_ASSESSMENT_ID = "00000000-0000-4000-a000-000000000002";

/** A stored Decimal as Prisma hands it over: an object that writes its exact value out (records.ts `DecimalLike`). */
export const dec = (value: string): DecimalLike => ({ toString: () => value });

/** `ms` after (negative: before) `base`. */
export const after = (base: Date, ms: number): Date => new Date(base.getTime() + ms);

export function course(over: Partial<CourseRecord> = {}): CourseRecord {
  const protocol = over.protocol ?? "til_adjunct";
  return {
    id: COURSE_ID,
    protocol,
    ruleSetId: protocol === "til_adjunct" ? "til-2024" : "mono-2014",
    ruleSetVersion: "1.1.0",
    dosingWeightKg: dec("80"),
    baselineWeightKg: dec("80"),
    doseIuPerKg: 600_000,
    startAt: protocol === "monotherapy" ? MONO_START : null,
    tilInfusionEndAt: protocol === "til_adjunct" ? TIL_CELLS_END : null,
    targetSbpMmHg: protocol === "til_adjunct" ? 90 : null,
    status: "active",
    cycle2ApprovedAt: null,
    ...over,
  };
}

export const monoCourse = (over: Partial<CourseRecord> = {}): CourseRecord => course({ protocol: "monotherapy", ...over });

/** A dose event; `sequence` doubles as the id's suffix so two events never share an id. */
export function event(kind: ReviewedDoseEvent["kind"], sequence: number, occurredAt: Date, over: Partial<ReviewedDoseEvent> = {}): ReviewedDoseEvent {
  return {
    id: `00000000-0000-4000-9000-${String(sequence).padStart(12, "0")}`,
    courseId: COURSE_ID,
    sequence,
    kind,
    cycle: 1,
    doseIu: kind === "given" ? DOSE_IU : null,
    occurredAt,
    assessmentId: null,
    engineDecision: kind === "given" ? "give" : "hold",
    tier: kind === "held" ? "hold" : null,
    decisionSnapshot: {},
    ruleSetId: "til-2024",
    ruleSetVersion: "1.1.0",
    criteria: kind === "held" ? ["sbp-low"] : [],
    note: null,
    authorizedByReviewId: null,
    recordedAt: occurredAt,
    status: "active",
    enteredInErrorAt: null,
    enteredInErrorReason: null,
    holdReviews: [],
    ...over,
  };
}

/** TIL doses given at 14:00 and 22:00 on 2026-03-01 (4 h and 12 h after the cells). */
export const tilTwoGiven = (): ReviewedDoseEvent[] => [
  event("given", 1, new Date("2026-03-01T14:00:00Z")),
  event("given", 2, new Date("2026-03-01T22:00:00Z")),
];

/** Every value well inside every limit of both rule sets, taken 30 min before NOW, labs drawn 1 h before. */
export function assessment(over: Partial<AssessmentRecord> = {}): AssessmentRecord {
  return {
    id: ASSESSMENT_ID,
    takenAt: after(NOW, -30 * MIN),
    recordedAt: after(NOW, -25 * MIN),
    status: "active",
    sbpMmHg: 110,
    heartRateBpm: 100,
    rhythm: "sinus",
    spo2Pct: 97,
    oxygenDevice: "room-air",
    oxygenLpm: dec("0"),
    urineOutputMl: 400,
    urineOutputHours: dec("8"),
    weightKg: dec("81"),
    mentalStatus: "normal",
    phenylephrineMcgKgMin: dec("0"),
    phenylephrinePeakMcgKgMin: dec("0"),
    otherVasopressor: false,
    fluidRefractoryHypotension: false,
    creatinineMgDl: dec("1.0"),
    labsAt: after(NOW, -H),
    plateletsPerUl: 150_000,
    bilirubinMgDl: dec("0.8"),
    bicarbonateMmolL: dec("24"),
    temperatureC: dec("37.8"),
    infection: "none",
    giBleeding: "none",
    permanentEvents: [],
    permanentEventsAnswered: true,
    observedAt: null,
    carriedFields: [],
    carriedFromId: null,
    ...over,
  };
}

/** The engine's outcome for stored records, exactly as the actions build the request. */
export function outcomeFor(args: { now?: Date; course?: CourseRecord; events?: readonly ReviewedDoseEvent[]; assessment?: AssessmentRecord | null }): EvaluateOutcome {
  return decideForCourse({
    now: args.now ?? NOW,
    course: args.course ?? course(),
    events: args.events ?? tilTwoGiven(),
    assessment: args.assessment === undefined ? assessment() : args.assessment,
  });
}

/** The engine's decision for stored records; fails the test when the engine refuses the request. */
export function decisionFor(args: Parameters<typeof outcomeFor>[0] = {}): DoseDecision {
  const outcome = outcomeFor(args);
  if (!outcome.ok) throw new Error(`the engine refused the request: ${JSON.stringify(outcome.issues)}`);
  return outcome.result;
}

/** The engine's refusal of a request it cannot read (a course with a dose per kg no rule set lists). */
export function refusedOutcome(): Extract<EvaluateOutcome, { ok: false }> {
  const outcome = evaluateDose(engineRequest({ now: NOW, course: course({ doseIuPerKg: 700_000 }), events: tilTwoGiven(), assessment: assessment() }));
  if (outcome.ok) throw new Error("expected the engine to refuse a dose of 700,000 IU/kg");
  return outcome;
}
