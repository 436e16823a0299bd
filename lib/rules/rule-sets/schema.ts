// The shape of a rule set, checked with zod when a rule set is loaded: a malformed rule set is refused,
// never half-used. Every number a decision depends on is a field here, with its unit, source and confidence.
import { z } from "zod";
import {
  ANCHORS, ASSESSMENT_FIELDS, ASSESSMENT_VALUE_FIELDS, BOOLEAN_ASSESSMENT_FIELDS, COMPARATORS, CONFIDENCES,
  COURSE_APPROVAL_FIELDS, COURSE_LIMIT_FIELDS, CRITERION_PARAMETERS, ENUM_ASSESSMENT_FIELDS, ENUM_VALUES,
  LIST_ASSESSMENT_FIELDS, PROTOCOLS, QUANTITIES, SOURCE_KEYS, TIERS,
} from "../vocabulary";

const SourceKeySchema = z.enum(SOURCE_KEYS);
const ConfidenceSchema = z.enum(CONFIDENCES);
const finite = () => z.number().refine(Number.isFinite, "must be a finite number");

/** Where a number comes from: a short source key (README.md table) and how sure we are of it. */
const ProvenanceShape = {
  label: z.string().min(1),
  source: SourceKeySchema,
  sources: z.array(SourceKeySchema).optional(),
  confidence: ConfidenceSchema,
  note: z.string().optional(),
};

const sourcedNumber = (num: z.ZodNumber) =>
  z.strictObject({ value: num, unit: z.string().min(1), ...ProvenanceShape });

const MinutesSchema = sourcedNumber(z.number().int().min(0).max(60 * 24 * 366));
const CountSchema = sourcedNumber(z.number().int().min(1).max(1000));

const CourseLimitSchema = z.strictObject({
  courseField: z.enum(COURSE_LIMIT_FIELDS),
  /** Used when the course has no value and the rule set does not require one (TIL 1.0.0: 90 mmHg). */
  default: finite(),
  /**
   * 1.1.0: the course must carry the value, within this range; a request of the rule set's protocol without it (or
   * outside it) is refused. In compare mode a course of the other protocol is judged at `default` and the field is
   * listed in `missing`.
   */
  required: z.strictObject({ min: finite(), max: finite(), ...ProvenanceShape }).optional(),
});

const CompareConditionSchema = z.strictObject({
  kind: z.literal("compare"),
  quantity: z.enum(QUANTITIES),
  op: z.enum(COMPARATORS),
  limit: z.union([finite(), CourseLimitSchema]),
  unit: z.string().min(1),
});

/** Held events since the last given dose of the current cycle (mono 1.1.0 holds-cumulative); read from `events`. */
const ConsecutiveHoldsConditionSchema = z.strictObject({
  kind: z.literal("consecutive-holds"),
  op: z.enum(COMPARATORS),
  limit: z.number().int().min(1),
  unit: z.string().min(1),
});

const ConditionSchema = z.discriminatedUnion("kind", [
  CompareConditionSchema,
  ConsecutiveHoldsConditionSchema,
  z.strictObject({ kind: z.literal("in"), field: z.enum(ENUM_ASSESSMENT_FIELDS), values: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal("true"), field: z.enum(BOOLEAN_ASSESSMENT_FIELDS) }),
  z.strictObject({ kind: z.literal("nonempty"), field: z.enum(LIST_ASSESSMENT_FIELDS) }),
]);

const AllowedDoseSchema = sourcedNumber(z.number().int().min(1).max(1_000_000));

const ThresholdSchema = z.strictObject({
  tier: z.enum(TIERS),
  condition: ConditionSchema,
  /** When this also holds, the finding is marked `judgment` (oxygen need while SpO₂ ≥ 90). */
  judgmentWhen: CompareConditionSchema.optional(),
  ...ProvenanceShape,
});

const CriterionSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "criterion id must be kebab-case"),
  label: z.string().min(1),
  parameter: z.enum(CRITERION_PARAMETERS),
  thresholds: z.array(ThresholdSchema).min(1),
  note: z.string().optional(),
  /** Not evaluated when any of these criteria fired (1.1.0 bradycardia: not when `arrhythmia` fired). */
  unlessFired: z.array(z.string()).min(1).optional(),
  /** Does not count toward the combination rule (1.1.0 bradycardia, TIL platelets: flags, not capillary leak). */
  excludedFromCombination: z.boolean().optional(),
});

const CycleSchema = z.strictObject({
  number: z.number().int().min(1),
  /** The cycle may start this long after the anchor … */
  opensAfterAnchorMinutes: MinutesSchema,
  /** … or this much earlier (mono cycle 1: 30 min). */
  earlyToleranceMinutes: MinutesSchema,
  /** With no dose event by anchor + this, the start window is missed (TIL +24 h); null = never missed. */
  startClosesAfterAnchorMinutes: MinutesSchema.nullable(),
  /**
   * How the start deadline is met and what missing it means (1.1.0). Absent: any dose event at any time meets it,
   * the deadline is inclusive and missing it is `start-window-missed` (1.0.0).
   */
  startDeadline: z.strictObject({
    metBy: z.enum(["dose-event", "given"]),
    /** inclusive: a dose at exactly the deadline meets it (TIL "by +24 h"); exclusive: it must come before it. */
    edge: z.enum(["inclusive", "exclusive"]),
    missedReason: z.enum(["start-window-missed", "window-closed"]),
  }).optional(),
  /** The cycle opens only when the course carries this time (mono 1.1.0 cycle 2: the attending's go-ahead). */
  opensOnlyWith: z.strictObject({ courseField: z.enum(COURSE_APPROVAL_FIELDS), ...ProvenanceShape }).optional(),
  window: z.strictObject({
    minutes: MinutesSchema,
    /** "anchor": the window runs from anchor + opensAfterAnchor; "first-event": from the cycle's first dose event. */
    from: z.enum(["anchor", "first-event"]),
  }),
});

export const RuleSetSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, "rule set id must be kebab-case"),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, "version must be MAJOR.MINOR.PATCH"),
  protocol: z.enum(PROTOCOLS),
  title: z.string().min(1),
  summary: z.string(),
  arithmetic: z.strictObject({
    doseIuPerKg: sourcedNumber(z.number().int().min(1).max(1_000_000)),
    /** mg = doseIu × referenceMg / referenceIu (PI-P: 600,000 IU/kg = 0.037 mg/kg). */
    referenceIu: sourcedNumber(z.number().int().min(1)),
    referenceMg: sourcedNumber(z.number().positive()),
    iuPerMl: sourcedNumber(z.number().int().min(1)),
    iuPerVial: sourcedNumber(z.number().int().min(1)),
    displayDecimals: z.number().int().min(0).max(6),
    /** The doses per kg a course may carry (1.1.0). Absent: the contract-wide list (rule-sets/contract.ts). */
    allowedDoseIuPerKg: z.array(AllowedDoseSchema).min(1).optional(),
  }),
  schedule: z.strictObject({
    anchor: z.strictObject({ field: z.enum(ANCHORS), ...ProvenanceShape }),
    interval: z.strictObject({
      minutes: MinutesSchema,
      earlyToleranceMinutes: MinutesSchema,
      /** Which earlier events the interval runs from. */
      measuredFrom: z.enum(["given-or-held", "given"]),
      ...ProvenanceShape,
    }),
    maxGivenPerCycle: CountSchema,
    maxGivenPerCourse: CountSchema,
    cycles: z.array(CycleSchema).min(1),
    /** What a `stop` decision (and a `stopped` event) ends. */
    stopEnds: z.strictObject({ value: z.enum(["cycle", "course"]), ...ProvenanceShape }),
  }),
  freshness: z.strictObject({
    /** The clock of every value not on the labs clock (vitals, urine output, oxygen, pressors, the answers). */
    assessmentMaxAgeMinutes: MinutesSchema,
    labsMaxAgeMinutes: MinutesSchema,
    /** Values judged on the labs clock (1.1.0: the labs and weight). Absent: the four labs (1.0.0). */
    labsClockFields: z.strictObject({ fields: z.array(z.enum(ASSESSMENT_VALUE_FIELDS)).min(1), ...ProvenanceShape }).optional(),
  }),
  requiredFields: z.strictObject({ fields: z.array(z.enum(ASSESSMENT_FIELDS)).min(1), ...ProvenanceShape }),
  /** The span `urineOutputHours` must cover (1.1.0: 4–8 h); outside it the field is listed in `missing`. */
  urineOutputWindow: z.strictObject({ minHours: finite(), maxHours: finite(), ...ProvenanceShape }).optional(),
  combination: z.strictObject({ minHoldCriteria: CountSchema }),
  criteria: z.array(CriterionSchema).min(1),
}).superRefine((rs, ctx) => {
  const ids = new Set<string>();
  rs.criteria.forEach((c, i) => {
    if (ids.has(c.id)) ctx.addIssue({ code: "custom", path: ["criteria", i, "id"], message: `duplicate criterion id "${c.id}"` });
    ids.add(c.id);
    c.thresholds.forEach((t, j) => {
      const cond = t.condition;
      if (cond.kind === "in") {
        const allowed = ENUM_VALUES[cond.field];
        cond.values.forEach((v, k) => {
          if (!allowed.includes(v)) {
            ctx.addIssue({ code: "custom", path: ["criteria", i, "thresholds", j, "condition", "values", k],
              message: `"${v}" is not a value of ${cond.field}` });
          }
        });
      }
    });
  });
  rs.criteria.forEach((c, i) => {
    (c.unlessFired ?? []).forEach((other, k) => {
      if (other === c.id || !ids.has(other)) {
        ctx.addIssue({ code: "custom", path: ["criteria", i, "unlessFired", k], message: `"${other}" is not another criterion of this rule set` });
      }
    });
    const eventsBased = c.thresholds.map((t) => t.condition.kind === "consecutive-holds");
    if (eventsBased.some(Boolean) && (c.parameter !== "events" || !eventsBased.every(Boolean))) {
      ctx.addIssue({ code: "custom", path: ["criteria", i, "parameter"], message: 'a criterion on held events reads only "events"' });
    }
    if (!eventsBased.some(Boolean) && c.parameter === "events") {
      ctx.addIssue({ code: "custom", path: ["criteria", i, "parameter"], message: '"events" is read only by consecutive-holds conditions' });
    }
  });
  rs.schedule.cycles.forEach((c, i) => {
    if (c.number !== i + 1) ctx.addIssue({ code: "custom", path: ["schedule", "cycles", i, "number"], message: `cycles must be numbered 1, 2, …` });
    if (c.startDeadline !== undefined && c.startClosesAfterAnchorMinutes === null) {
      ctx.addIssue({ code: "custom", path: ["schedule", "cycles", i, "startDeadline"], message: "a start deadline needs startClosesAfterAnchorMinutes" });
    }
  });
  const dose = rs.arithmetic.doseIuPerKg.value;
  const allowed = rs.arithmetic.allowedDoseIuPerKg;
  if (allowed !== undefined && !allowed.some((a) => a.value === dose)) {
    ctx.addIssue({ code: "custom", path: ["arithmetic", "allowedDoseIuPerKg"], message: `the list must include the default dose per kg (${dose})` });
  }
  const uw = rs.urineOutputWindow;
  if (uw !== undefined && !(uw.minHours > 0 && uw.minHours <= uw.maxHours)) {
    ctx.addIssue({ code: "custom", path: ["urineOutputWindow"], message: "urine-output window must be 0 < minHours ≤ maxHours" });
  }
  const { maxGivenPerCycle, maxGivenPerCourse } = rs.schedule;
  if (maxGivenPerCourse.value < maxGivenPerCycle.value) {
    ctx.addIssue({ code: "custom", path: ["schedule", "maxGivenPerCourse", "value"], message: "course maximum is below the cycle maximum" });
  }
  const first = rs.schedule.cycles[0];
  if (first !== undefined && first.window.from === "anchor" && first.startClosesAfterAnchorMinutes !== null) {
    ctx.addIssue({ code: "custom", path: ["schedule", "cycles", 0], message: "a cycle whose window runs from the anchor has no separate start deadline" });
  }
  if (rs.combination.minHoldCriteria.value < 2) {
    ctx.addIssue({ code: "custom", path: ["combination", "minHoldCriteria", "value"], message: "a combination needs at least 2 criteria" });
  }
  const required = new Set(rs.requiredFields.fields);
  if (required.size !== rs.requiredFields.fields.length) {
    ctx.addIssue({ code: "custom", path: ["requiredFields", "fields"], message: "duplicate required field" });
  }
  if (!required.has("at")) {
    ctx.addIssue({ code: "custom", path: ["requiredFields", "fields"], message: '"at" must be required: freshness is judged from it' });
  }
  if (required.has("urineOutputMl") !== required.has("urineOutputHours")) {
    ctx.addIssue({ code: "custom", path: ["requiredFields", "fields"], message: "urineOutputMl and urineOutputHours are required together" });
  }
});

/** A rule set as written in data (input to validation). */
export type RuleSetData = z.input<typeof RuleSetSchema>;
/** A rule set after validation. */
export type RuleSet = z.output<typeof RuleSetSchema>;
export type Criterion = RuleSet["criteria"][number];
export type Threshold = Criterion["thresholds"][number];
export type Condition = Threshold["condition"];
export type CompareCondition = Extract<Condition, { kind: "compare" }>;
export type ConsecutiveHoldsCondition = Extract<Condition, { kind: "consecutive-holds" }>;
export type CourseLimit = z.output<typeof CourseLimitSchema>;
export type Cycle = RuleSet["schedule"]["cycles"][number];
export type SourcedNumber = RuleSet["arithmetic"]["doseIuPerKg"];
