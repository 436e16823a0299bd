// The dosing-rules engine: the only entry point the app, the CLI and the tests import.
export { evaluateDose, type EvaluateOptions } from "./evaluate";
export { compareProtocols } from "./compare";
export { parseInstant } from "./time";
export { computeDose, DEFAULT_ARITHMETIC, type DoseAmount, type DoseArithmetic } from "./arithmetic";
export {
  RULE_SETS, getRuleSet, defaultRuleSetFor, compileRuleSet, type CompiledRuleSet, type RuleSetIssue,
} from "./rule-sets/index";
export {
  RuleSetSchema, type RuleSet, type RuleSetData, type Criterion, type Threshold, type Condition, type Cycle, type SourcedNumber,
} from "./rule-sets/schema";
export {
  DoseRequestSchema, CourseSchema, DoseEventSchema, AssessmentSchema, DoseDecisionSchema, CompareResultSchema,
  FindingSchema, CriteriaVerdictSchema, PLAUSIBLE_RANGES, CLOCK_SKEW_MINUTES,
  type DoseRequest, type Course, type DoseEvent, type Assessment, type DoseDecision, type CompareResult, type CriteriaVerdict,
  type Finding, type Combination, type Dose, type Counts, type DoseWindow, type Difference, type Issue, type InvalidRequest,
  type EvaluateOutcome, type CompareOutcome,
} from "./schema";
export {
  PROTOCOLS, RHYTHMS, OXYGEN_DEVICES, MENTAL_STATUSES, INFECTION_STATUSES, GI_BLEEDING_STATUSES, PERMANENT_EVENTS,
  EVENT_KINDS, DECISIONS, REASONS, TIERS, CONFIDENCES, SOURCE_KEYS, SOURCES, ASSESSMENT_FIELDS,
  type Protocol, type Rhythm, type OxygenDevice, type MentalStatus, type InfectionStatus, type GiBleedingStatus,
  type PermanentEvent, type EventKind, type Decision, type Reason, type Tier, type Confidence, type SourceKey, type AssessmentField,
} from "./vocabulary";
