// The dosing-rules engine: the only entry point the app, the CLI and the tests import.
export { evaluateDose, type EvaluateOptions, type CriteriaOnlyDecision } from "./evaluate";
export { compareProtocols, COMBINATION_ROW } from "./compare";
export { parseInstant } from "./time";
export {
  computeDose, dilutionFor, DEFAULT_ARITHMETIC, type DoseAmount, type DoseArithmetic, type Dilution, type DilutionTable,
} from "./arithmetic";
export { criterionInputs, PENDING_STOP_REVIEW } from "./criteria";
export {
  RULE_SETS, ALL_RULE_SETS, RULE_SET_VERSIONS, getRuleSet, findCompiledRuleSet, defaultRuleSetFor, defaultCompiledRuleSetFor,
  latestRuleSetFor, newerRuleSetVersion, compareVersions, allowedDoseIuPerKgOf, criterionIdsOf, compileRuleSet,
  type CompiledRuleSet, type RuleSetIssue, type RuleSetRef, type RuleSetVersion, type AllowedDoseIuPerKg,
} from "./rule-sets/index";
export { CONTRACT_DATA, type ContractData } from "./rule-sets/contract";
export {
  RuleSetSchema, type RuleSet, type RuleSetData, type Criterion, type Threshold, type Condition, type Cycle, type SourcedNumber,
  type CourseLimit,
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
  EVENT_KINDS, EVENT_TIERS, DECISIONS, REASONS, TIERS, CONFIDENCES, SOURCE_KEYS, SOURCES, ASSESSMENT_FIELDS,
  ASSESSMENT_VALUE_FIELDS, LAB_FIELDS,
  type Protocol, type Rhythm, type OxygenDevice, type MentalStatus, type InfectionStatus, type GiBleedingStatus,
  type PermanentEvent, type EventKind, type EventTier, type Decision, type Reason, type Tier, type Confidence, type SourceKey,
  type AssessmentField, type AssessmentValueField,
} from "./vocabulary";
