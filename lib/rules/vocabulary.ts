// The fixed words of the engine contract (shared/domain/engine-contract.md). Forms reuse these lists.

export const PROTOCOLS = ["til-adjunct", "monotherapy"] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const RHYTHMS = ["sinus", "atrial-fibrillation", "svt", "bradycardia-needing-treatment", "ventricular-ectopy"] as const;
export type Rhythm = (typeof RHYTHMS)[number];

export const OXYGEN_DEVICES = ["room-air", "nasal-cannula", "face-mask", "high-flow", "non-invasive", "intubated"] as const;
export type OxygenDevice = (typeof OXYGEN_DEVICES)[number];

export const MENTAL_STATUSES = ["normal", "mild", "moderate", "severe", "coma"] as const;
export type MentalStatus = (typeof MENTAL_STATUSES)[number];

export const INFECTION_STATUSES = ["none", "suspected", "documented"] as const;
export type InfectionStatus = (typeof INFECTION_STATUSES)[number];

export const GI_BLEEDING_STATUSES = ["none", "occult", "frank"] as const;
export type GiBleedingStatus = (typeof GI_BLEEDING_STATUSES)[number];

// PI-P Table 2: events that discontinue IL-2 permanently. The last two were added in contract 1.1, for every version.
export const PERMANENT_EVENTS = [
  "sustained-vt", "uncontrolled-arrhythmia", "ischemia", "tamponade", "intubation-over-72h", "coma-over-48h",
  "repetitive-seizures", "bowel-ischemia-or-perforation", "gi-bleed-needing-surgery", "toxic-psychosis-over-48h",
  "dialysis-over-72h",
] as const;
export type PermanentEvent = (typeof PERMANENT_EVENTS)[number];

export const EVENT_KINDS = ["given", "held", "stopped", "discontinued"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** The tier a `held` event was recorded with (contract 1.1): a stop- or discontinue-tier hold awaits the attending. */
export const EVENT_TIERS = ["hold", "stop", "discontinue"] as const;
export type EventTier = (typeof EVENT_TIERS)[number];

export const DECISIONS = ["give", "hold", "stop", "discontinue", "wait", "complete", "incomplete"] as const;
export type Decision = (typeof DECISIONS)[number];

export const REASONS = [
  "interval", "start-window", "rest-period", "max-reached", "window-closed", "start-window-missed", "stopped", "discontinued",
] as const;
export type Reason = (typeof REASONS)[number];

export const TIERS = ["hold", "stop", "discontinue"] as const;
export type Tier = (typeof TIERS)[number];

export const CONFIDENCES = ["stated", "inferred", "judgment"] as const;
export type Confidence = (typeof CONFIDENCES)[number];

export const SOURCE_KEYS = ["SEED", "PI-P", "PI-A", "DUT", "BW", "SPR", "C144", "NCT03991741"] as const;
export type SourceKey = (typeof SOURCE_KEYS)[number];

/** Full citations, for the app's "where does this number come from" view (shared/domain/README.md). */
export const SOURCES: Readonly<Record<SourceKey, string>> = {
  SEED: "Buchbinder E, …, Silk AW. J Immunother Cancer 2025;13(5):e011119. doi:10.1136/jitc-2024-011119",
  "PI-P": "PROLEUKIN (aldesleukin) US prescribing information, Dec 2024 revision: Table 1 (dosing), Table 2 (dose modifications)",
  "PI-A": "AMTAGVI (lifileucel) US prescribing information, 2024",
  DUT: "Dutcher JP et al. HD IL-2 expert consensus 2014. J Immunother Cancer 2014;2:26. doi:10.1186/s40425-014-0026-0 (Table 3)",
  BW: "Betof Warner A et al. TIL cell therapy expert consensus. J Immunother Cancer 2024;12:e008735. doi:10.1136/jitc-2023-008735 (Table 2)",
  SPR: "Institutional relative/absolute IL-2 criteria, SpringerPlus 2015. doi:10.1186/s40064-015-0890-1 (Table 1)",
  C144: "Lifileucel C-144-01 trial (Chesney et al. JITC 2022;10:e005755): up to 6 IL-2 doses",
  NCT03991741: "NCI TIL protocol: IL-2 starting 3–24 h after cells, q8h, up to 5 days",
};

/** Tier rank, for "highest tier fired" and for ordering decisions give < hold < stop < discontinue. */
export const TIER_RANK: Readonly<Record<Tier, number>> = { hold: 1, stop: 2, discontinue: 3 };

/** Every assessment field the contract names, in contract order. */
export const ASSESSMENT_FIELDS = [
  "at", "sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "oxygenDevice", "oxygenLpm", "urineOutputMl", "urineOutputHours",
  "weightKg", "mentalStatus", "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor",
  "fluidRefractoryHypotension", "creatinineMgDl", "labsAt", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL",
  "temperatureC", "infection", "giBleeding", "permanentEvents",
] as const;
export type AssessmentField = (typeof ASSESSMENT_FIELDS)[number];

/** The assessment's values (everything but its two times): the keys `assessment.observedAt` may carry. */
export const ASSESSMENT_VALUE_FIELDS = ASSESSMENT_FIELDS.filter(
  (f): f is Exclude<AssessmentField, "at" | "labsAt"> => f !== "at" && f !== "labsAt",
);
export type AssessmentValueField = Exclude<AssessmentField, "at" | "labsAt">;

/** Labs: timed by `labsAt` unless they carry their own `observedAt` (protocols.md §3). */
export const LAB_FIELDS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;
export type LabField = (typeof LAB_FIELDS)[number];

/** What a criterion reads: an assessment field, or the course's dose events (holds-cumulative). */
export const CRITERION_PARAMETERS = [...ASSESSMENT_FIELDS, "events"] as const;
export type CriterionParameter = (typeof CRITERION_PARAMETERS)[number];

/** Numeric assessment fields a criterion can compare directly. */
export const NUMERIC_ASSESSMENT_FIELDS = [
  "sbpMmHg", "heartRateBpm", "spo2Pct", "oxygenLpm", "urineOutputMl", "urineOutputHours", "weightKg",
  "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "creatinineMgDl", "plateletsPerUl", "bilirubinMgDl",
  "bicarbonateMmolL", "temperatureC",
] as const;
export type NumericAssessmentField = (typeof NUMERIC_ASSESSMENT_FIELDS)[number];

/** Quantities derived from more than one field; the arithmetic lives in criteria.ts, the limits in rule sets. */
export const DERIVED_QUANTITIES = ["urineOutputMlPerHour", "urineOutputMlPerKgPerHour", "weightGainPct"] as const;
export type DerivedQuantity = (typeof DERIVED_QUANTITIES)[number];

export const QUANTITIES = [...NUMERIC_ASSESSMENT_FIELDS, ...DERIVED_QUANTITIES] as const;
export type Quantity = (typeof QUANTITIES)[number];

export const ENUM_ASSESSMENT_FIELDS = ["rhythm", "oxygenDevice", "mentalStatus", "infection", "giBleeding"] as const;
export type EnumAssessmentField = (typeof ENUM_ASSESSMENT_FIELDS)[number];

export const ENUM_VALUES: Readonly<Record<EnumAssessmentField, readonly string[]>> = {
  rhythm: RHYTHMS,
  oxygenDevice: OXYGEN_DEVICES,
  mentalStatus: MENTAL_STATUSES,
  infection: INFECTION_STATUSES,
  giBleeding: GI_BLEEDING_STATUSES,
};

export const BOOLEAN_ASSESSMENT_FIELDS = ["otherVasopressor", "fluidRefractoryHypotension"] as const;
export type BooleanAssessmentField = (typeof BOOLEAN_ASSESSMENT_FIELDS)[number];

export const LIST_ASSESSMENT_FIELDS = ["permanentEvents"] as const;
export type ListAssessmentField = (typeof LIST_ASSESSMENT_FIELDS)[number];

export const COMPARATORS = ["<", "<=", ">", ">="] as const;
export type Comparator = (typeof COMPARATORS)[number];

/** Course fields a limit may be read from (TIL: SBP below the admission target). */
export const COURSE_LIMIT_FIELDS = ["targetSbpMmHg"] as const;
export type CourseLimitField = (typeof COURSE_LIMIT_FIELDS)[number];

export const ANCHORS = ["startAt", "tilInfusionEndAt"] as const;
export type Anchor = (typeof ANCHORS)[number];

/** Course fields that gate a cycle (monotherapy 1.1.0: the attending's go-ahead for cycle 2). */
export const COURSE_APPROVAL_FIELDS = ["cycle2ApprovedAt"] as const;
export type CourseApprovalField = (typeof COURSE_APPROVAL_FIELDS)[number];
