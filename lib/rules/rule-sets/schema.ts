// The shape of a rule set, checked with zod when a rule set is loaded: a malformed rule set is refused,
// never half-used. Every number a decision depends on is a field here, with its unit, source and confidence.
import { z } from "zod";
import {
  ANCHORS, ASSESSMENT_FIELDS, BOOLEAN_ASSESSMENT_FIELDS, COMPARATORS, CONFIDENCES, COURSE_LIMIT_FIELDS,
  ENUM_ASSESSMENT_FIELDS, ENUM_VALUES, LIST_ASSESSMENT_FIELDS, PROTOCOLS, QUANTITIES, SOURCE_KEYS, TIERS,
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
  default: finite(),
});

const CompareConditionSchema = z.strictObject({
  kind: z.literal("compare"),
  quantity: z.enum(QUANTITIES),
  op: z.enum(COMPARATORS),
  limit: z.union([finite(), CourseLimitSchema]),
  unit: z.string().min(1),
});

const ConditionSchema = z.discriminatedUnion("kind", [
  CompareConditionSchema,
  z.strictObject({ kind: z.literal("in"), field: z.enum(ENUM_ASSESSMENT_FIELDS), values: z.array(z.string()).min(1) }),
  z.strictObject({ kind: z.literal("true"), field: z.enum(BOOLEAN_ASSESSMENT_FIELDS) }),
  z.strictObject({ kind: z.literal("nonempty"), field: z.enum(LIST_ASSESSMENT_FIELDS) }),
]);

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
  parameter: z.enum(ASSESSMENT_FIELDS),
  thresholds: z.array(ThresholdSchema).min(1),
  note: z.string().optional(),
});

const CycleSchema = z.strictObject({
  number: z.number().int().min(1),
  /** The cycle may start this long after the anchor … */
  opensAfterAnchorMinutes: MinutesSchema,
  /** … or this much earlier (mono cycle 1: 30 min). */
  earlyToleranceMinutes: MinutesSchema,
  /** With no dose event by anchor + this, the start window is missed (TIL +24 h); null = never missed. */
  startClosesAfterAnchorMinutes: MinutesSchema.nullable(),
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
    assessmentMaxAgeMinutes: MinutesSchema,
    labsMaxAgeMinutes: MinutesSchema,
  }),
  requiredFields: z.strictObject({ fields: z.array(z.enum(ASSESSMENT_FIELDS)).min(1), ...ProvenanceShape }),
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
  rs.schedule.cycles.forEach((c, i) => {
    if (c.number !== i + 1) ctx.addIssue({ code: "custom", path: ["schedule", "cycles", i, "number"], message: `cycles must be numbered 1, 2, …` });
  });
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
export type Cycle = RuleSet["schedule"]["cycles"][number];
export type SourcedNumber = RuleSet["arithmetic"]["doseIuPerKg"];
