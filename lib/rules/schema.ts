// Request and response of the engine (shared/domain/engine-contract.md), as zod schemas and types.
// Field names, enum values and decision words are fixed by the contract.
import { z } from "zod";
import {
  CONFIDENCES, DECISIONS, EVENT_KINDS, EVENT_TIERS, GI_BLEEDING_STATUSES, INFECTION_STATUSES, MENTAL_STATUSES, OXYGEN_DEVICES,
  PERMANENT_EVENTS, PROTOCOLS, REASONS, RHYTHMS, SOURCE_KEYS, TIERS, COMPARATORS, type AssessmentValueField,
} from "./vocabulary";

/** Observation times may run this far ahead of `now` (clock skew between devices; contract). */
export const CLOCK_SKEW_MINUTES = 5;

/**
 * Physiologically possible values. The contract fixes SBP, HR, SpO₂, weight, creatinine, urine-output hours and
 * phenylephrine; the rest are ours (docs/decisions/013-request-validation.md). Outside → invalid request.
 * Contract 1.1: SBP from 40 and HR from 20 (a dosing decision is never made on an arrest or a typo).
 */
export const PLAUSIBLE_RANGES = {
  sbpMmHg: { min: 40, max: 300, unit: "mmHg" },
  heartRateBpm: { min: 20, max: 300, unit: "bpm" },
  spo2Pct: { min: 0, max: 100, unit: "%" },
  oxygenLpm: { min: 0, max: 60, unit: "L/min" },
  urineOutputMl: { min: 0, max: 20_000, unit: "mL" },
  urineOutputHours: { min: 1, max: 24, unit: "h" },
  weightKg: { min: 1, max: 400, unit: "kg" },
  phenylephrineMcgKgMin: { min: 0, max: 10, unit: "µg/kg/min" },
  phenylephrinePeakMcgKgMin: { min: 0, max: 10, unit: "µg/kg/min" },
  creatinineMgDl: { min: 0, max: 30, unit: "mg/dL" },
  plateletsPerUl: { min: 0, max: 2_000_000, unit: "/µL" },
  bilirubinMgDl: { min: 0, max: 50, unit: "mg/dL" },
  bicarbonateMmolL: { min: 0, max: 60, unit: "mmol/L" },
  temperatureC: { min: 25, max: 45, unit: "°C" },
  dosingWeightKg: { min: 1, max: 400, unit: "kg" },
  baselineWeightKg: { min: 1, max: 400, unit: "kg" },
  doseIuPerKg: { min: 1, max: 1_000_000, unit: "IU/kg" },
  targetSbpMmHg: { min: 60, max: 200, unit: "mmHg" },
  doseIu: { min: 1, max: 1_000_000_000, unit: "IU" },
} as const;

function ranged(field: keyof typeof PLAUSIBLE_RANGES) {
  const { min, max, unit } = PLAUSIBLE_RANGES[field];
  const message = `must be a number from ${min} to ${max} ${unit}`;
  // One check instead of min + max: the assessment has 17 numbers and this is most of its parse time (decision 016).
  return z.number({ error: message }).refine((v) => v >= min && v <= max, message);
}

/**
 * An ISO 8601 instant with Z or an offset. The shape is checked here; validateRequest parses it (time.ts) and
 * refuses a time without zone or an impossible date with the field's path.
 */
const Instant = z.string({ error: "must be an ISO 8601 time with Z or an offset" });

const oneOf = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.enum(values, { error: `${what} must be one of: ${values.join(", ")}` });

export const ProtocolSchema = oneOf(PROTOCOLS, "protocol");
export const RhythmSchema = oneOf(RHYTHMS, "rhythm");
export const OxygenDeviceSchema = oneOf(OXYGEN_DEVICES, "oxygenDevice");
export const MentalStatusSchema = oneOf(MENTAL_STATUSES, "mentalStatus");
export const InfectionSchema = oneOf(INFECTION_STATUSES, "infection");
export const GiBleedingSchema = oneOf(GI_BLEEDING_STATUSES, "giBleeding");
export const PermanentEventSchema = oneOf(PERMANENT_EVENTS, "permanent event");
export const EventKindSchema = oneOf(EVENT_KINDS, "kind");
export const EventTierSchema = oneOf(EVENT_TIERS, "tier");

const bool = (what: string) => z.boolean({ error: `${what} must be true or false` });

export const RuleSetRefSchema = z.strictObject({
  id: z.string().min(1),
  version: z.string().min(1),
});

export const CourseSchema = z.strictObject({
  dosingWeightKg: ranged("dosingWeightKg"),
  baselineWeightKg: ranged("baselineWeightKg"),
  doseIuPerKg: ranged("doseIuPerKg").nullish(),
  startAt: Instant.nullish(),
  tilInfusionEndAt: Instant.nullish(),
  targetSbpMmHg: ranged("targetSbpMmHg").nullish(),
  /** Monotherapy 1.1.0: the attending's go-ahead for cycle 2, if given. */
  cycle2ApprovedAt: Instant.nullish(),
});

const DOSE_IU_MESSAGE = `doseIu must be a whole number from ${PLAUSIBLE_RANGES.doseIu.min} to ${PLAUSIBLE_RANGES.doseIu.max} IU`;

export const DoseEventSchema = z.strictObject({
  at: Instant,
  kind: EventKindSchema,
  // One check each instead of int/min/max: events are most of a request, and this halves their parse time.
  // Optional (contract 1.1): the cycle follows from the time; when given it must match it (validate.ts).
  cycle: z.number({ error: "cycle must be 1 or 2" }).refine((v) => v === 1 || v === 2, "cycle must be 1 or 2").nullish(),
  doseIu: z.number({ error: DOSE_IU_MESSAGE })
    .refine((v) => Number.isInteger(v) && v >= PLAUSIBLE_RANGES.doseIu.min && v <= PLAUSIBLE_RANGES.doseIu.max, DOSE_IU_MESSAGE)
    .nullish(),
  criteria: z.array(z.string({ error: "criterion ids are strings" })).nullish(),
  /** Contract 1.1: the tier a `held` event was recorded with; stop/discontinue awaits the attending. */
  tier: EventTierSchema.nullish(),
  /** Contract 1.1: true once the attending has decided on a stop- or discontinue-tier hold. */
  reviewed: bool("reviewed").nullish(),
});

/** Every field may be absent or null: a missing required field makes the decision `incomplete`, not invalid. */
export const AssessmentSchema = z.strictObject({
  at: Instant.nullish(),
  sbpMmHg: ranged("sbpMmHg").nullish(),
  heartRateBpm: ranged("heartRateBpm").nullish(),
  rhythm: RhythmSchema.nullish(),
  spo2Pct: ranged("spo2Pct").nullish(),
  oxygenDevice: OxygenDeviceSchema.nullish(),
  oxygenLpm: ranged("oxygenLpm").nullish(),
  urineOutputMl: ranged("urineOutputMl").nullish(),
  urineOutputHours: ranged("urineOutputHours").nullish(),
  weightKg: ranged("weightKg").nullish(),
  mentalStatus: MentalStatusSchema.nullish(),
  phenylephrineMcgKgMin: ranged("phenylephrineMcgKgMin").nullish(),
  phenylephrinePeakMcgKgMin: ranged("phenylephrinePeakMcgKgMin").nullish(),
  otherVasopressor: bool("otherVasopressor").nullish(),
  fluidRefractoryHypotension: bool("fluidRefractoryHypotension").nullish(),
  creatinineMgDl: ranged("creatinineMgDl").nullish(),
  labsAt: Instant.nullish(),
  plateletsPerUl: ranged("plateletsPerUl").nullish(),
  bilirubinMgDl: ranged("bilirubinMgDl").nullish(),
  bicarbonateMmolL: ranged("bicarbonateMmolL").nullish(),
  temperatureC: ranged("temperatureC").nullish(),
  infection: InfectionSchema.nullish(),
  giBleeding: GiBleedingSchema.nullish(),
  permanentEvents: z.array(PermanentEventSchema).nullish(),
  /**
   * Contract 1.1: a value's own observation time when it is not `at` (vitals) or `labsAt` (labs). Keys are assessment
   * value fields and times are ≤ now + 5 min (checked in validate.ts, which reports the key's path).
   */
  observedAt: z.record(z.string(), Instant).nullish(),
});

export const DoseRequestSchema = z.strictObject({
  now: Instant,
  protocol: ProtocolSchema,
  ruleSet: RuleSetRefSchema.nullish(),
  course: CourseSchema,
  events: z.array(DoseEventSchema).nullish(),
  assessment: AssessmentSchema.nullish(),
});

/** The request as the app builds it (timestamps as ISO strings). */
export type DoseRequest = z.input<typeof DoseRequestSchema>;
export type Course = z.input<typeof CourseSchema>;
export type DoseEvent = z.input<typeof DoseEventSchema>;
export type Assessment = z.input<typeof AssessmentSchema>;
export type ParsedRequest = z.output<typeof DoseRequestSchema>;
export type ParsedAssessment = z.output<typeof AssessmentSchema>;
/**
 * An assessment after validation: the parsed values, its two timestamps and the per-value `observedAt` times as
 * epoch milliseconds (null when the assessment carries none).
 */
export interface ValidAssessment {
  values: ParsedAssessment;
  atMs: number | null;
  labsAtMs: number | null;
  observedMs: Readonly<Partial<Record<AssessmentValueField, number>>> | null;
}

// ---------------------------------------------------------------- response

const IsoString = z.string();
const TierSchema = z.enum(TIERS);

export const FindingSchema = z.strictObject({
  criterion: z.string(),
  tier: TierSchema,
  parameter: z.string(),
  observed: z.union([z.number(), z.string(), z.boolean(), z.array(z.string())]),
  limit: z.number().nullable(),
  unit: z.string().nullable(),
  source: z.enum(SOURCE_KEYS),
  judgment: z.boolean(),
  // extras, so a clinician sees where the number comes from
  label: z.string(),
  criterionLabel: z.string(),
  comparator: z.enum(COMPARATORS).nullable(),
  confidence: z.enum(CONFIDENCES),
  sources: z.array(z.enum(SOURCE_KEYS)),
  values: z.array(z.string()).nullable(),
  detail: z.string(),
  note: z.string().nullable(),
  alsoFired: z.array(z.strictObject({ tier: TierSchema, label: z.string() })),
});
export type Finding = z.infer<typeof FindingSchema>;

export const CombinationSchema = z.strictObject({
  holdCriteria: z.array(z.string()),
  threshold: z.number(),
  fired: z.boolean(),
  label: z.string(),
  source: z.enum(SOURCE_KEYS),
  confidence: z.enum(CONFIDENCES),
  judgment: z.boolean(),
});
export type Combination = z.infer<typeof CombinationSchema>;

/** The dose being decided; exactly the contract's keys (computeDose gives MIU and the written-out steps). */
export const DoseSchema = z.strictObject({
  number: z.number().int(),
  numberInCycle: z.number().int(),
  cycle: z.number().int(),
  doseIu: z.number().int(),
  doseMg: z.number(),
  doseMl: z.number(),
  vials: z.number().int(),
  // contract 1.1 (protocols.md §1)
  diluentMl: z.number(),
  concentrationMgMl: z.number(),
  concentrationInRange: z.boolean(),
  iuPerKgDiffersFromRuleSet: z.boolean(),
});
export type Dose = z.infer<typeof DoseSchema>;

export const CountsSchema = z.strictObject({
  givenInCycle: z.number().int(),
  givenInCourse: z.number().int(),
  heldInCourse: z.number().int(),
  maxPerCycle: z.number().int(),
  maxPerCourse: z.number().int(),
  remainingInCycle: z.number().int(),
  remainingInCourse: z.number().int(),
  cumulativeIu: z.number(),
  // extras
  cycle: z.number().int(),
  heldInCycle: z.number().int(),
  cumulativeIuInCycle: z.number(),
});
export type Counts = z.infer<typeof CountsSchema>;

export const DoseWindowSchema = z.strictObject({
  earliestAt: IsoString.nullable(),
  closesAt: IsoString.nullable(),
  dueAt: IsoString.nullable(),
});
export type DoseWindow = z.infer<typeof DoseWindowSchema>;

export const RuleSetRefOutSchema = z.strictObject({ id: z.string(), version: z.string() });

export const DoseDecisionSchema = z.strictObject({
  ruleSet: RuleSetRefOutSchema,
  protocol: z.enum(PROTOCOLS),
  now: IsoString,
  decision: z.enum(DECISIONS),
  reason: z.enum(REASONS).nullable(),
  dose: DoseSchema.nullable(),
  counts: CountsSchema,
  window: DoseWindowSchema,
  findings: z.array(FindingSchema),
  missing: z.array(z.string()),
  stale: z.array(z.string()),
  notAssessed: z.array(z.string()),
  needsAttendingReview: z.boolean(),
  // extras
  combination: CombinationSchema.nullable(),
  notes: z.array(z.string()),
});
export type DoseDecision = z.infer<typeof DoseDecisionSchema>;

export const CriteriaVerdictSchema = z.strictObject({
  ruleSet: RuleSetRefOutSchema,
  decision: z.enum(["give", "hold", "stop", "discontinue", "incomplete"]),
  findings: z.array(FindingSchema),
  missing: z.array(z.string()),
  stale: z.array(z.string()),
  notAssessed: z.array(z.string()),
  needsAttendingReview: z.boolean(),
  combination: CombinationSchema,
  /** Extra: every criterion id this side's rule set has, so "not a criterion here" differs from "did not fire". */
  criteriaIds: z.array(z.string()),
});
export type CriteriaVerdict = z.infer<typeof CriteriaVerdictSchema>;

/** Exactly the contract's keys: check-scenarios compares list items whole. */
export const DifferenceSchema = z.strictObject({
  criterion: z.string(),
  tilAdjunct: TierSchema.nullable(),
  monotherapy: TierSchema.nullable(),
});
export type Difference = z.infer<typeof DifferenceSchema>;

export const CompareResultSchema = z.strictObject({
  "til-adjunct": CriteriaVerdictSchema,
  monotherapy: CriteriaVerdictSchema,
  differences: z.array(DifferenceSchema),
  /** Extra: the human-readable label of every criterion in `differences`. */
  criterionLabels: z.record(z.string(), z.string()),
});
export type CompareResult = z.infer<typeof CompareResultSchema>;

export interface Issue { path: string; message: string }
export interface InvalidRequest { ok: false; error: "invalid-request"; issues: Issue[] }
export type EvaluateOutcome = { ok: true; result: DoseDecision } | InvalidRequest;
export type CompareOutcome = { ok: true; result: CompareResult } | InvalidRequest;
