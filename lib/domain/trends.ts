// The course's trends (issue 14, item 1; docs/decisions/059-course-trends.md): one series per measure a criterion
// reads — systolic BP, heart rate, urine output per kg and per hour, creatinine, weight gain over baseline, SpO₂ and
// the vasopressor — from the course's active assessments, each point at the value's OWN observation time (its
// `observedAt`, else its draw time for a lab, else the assessment's time: protocols.md §3). A value an assessment
// carried from an earlier one is the earlier observation, never a new point. The threshold lines come from the
// course's own rule set (never typed here), and the dose events are markers with their criteria in words. Pure: no
// I/O, no clock.
import { getRuleSet, type RuleSet, type Tier } from "@/lib/rules";
import { criterionLabel } from "@/lib/domain/criterion-words";
import type { AssessmentRecord, CourseRecord, DecimalLike, DoseEventKindCode, DoseEventRecord } from "@/lib/domain/records";
import { divR, mulR, ratioOf, roundR, shownOf, subR, type Ratio } from "@/lib/domain/exact-decimal";

export type TrendMeasureId = "sbp" | "heart-rate" | "urine-per-kg" | "urine-per-hour" | "creatinine" | "weight-gain" | "spo2" | "vasopressor";
export type TrendComparator = "<" | "<=" | ">" | ">=";

/** One observed value, at its own observation time. */
export interface TrendPoint {
  at: Date;
  value: number;
  /** the value as written, to as many decimals as keep it on the right side of every threshold line */
  shown: string;
  /** the assessment that observed it */
  assessmentId: string;
  /** how a derived value was computed, e.g. "240 mL over 4 h ÷ 70 kg dosing weight" (absent for a plain reading) */
  from?: string;
}

export interface TrendSeries {
  key: string;
  label: string;
  unit: string;
  points: TrendPoint[];
}

/** A threshold line of the course's rule set, on one series. */
export interface TrendThreshold {
  seriesKey: string;
  tier: Tier;
  op: TrendComparator;
  value: number;
  unit: string;
  criterionId: string;
  criterionLabel: string;
  /** the source keys of the rule set (the first is the threshold's own `source`) */
  sources: string[];
  /** the line is the course's own admission value (TIL SBP target), not a fixed number of the rule set */
  fromCourse: boolean;
}

/** A yes/no reading shown beside a chart (another vasopressor running), at its own time. */
export interface TrendFlag {
  at: Date;
  on: boolean;
  assessmentId: string;
}

/** A yes/no criterion of the rule set on a flag: "another vasopressor running → hold". */
export interface TrendFlagRule {
  tier: Tier;
  criterionId: string;
  criterionLabel: string;
  sources: string[];
}

export interface TrendMeasure {
  id: TrendMeasureId;
  title: string;
  unit: string;
  series: TrendSeries[];
  thresholds: TrendThreshold[];
  /** vasopressor: another vasopressor running, yes/no */
  flags: TrendFlag[];
  flagRules: TrendFlagRule[];
}

export interface TrendDoseEvent {
  id: string;
  at: Date;
  sequence: number;
  kind: DoseEventKindCode;
  /** hold | stop | discontinue on a held event; null otherwise */
  tier: string | null;
  /** the given dose's number in the course (held events use none) */
  doseNumber: number | null;
  doseIu: number | null;
  criteria: { id: string; label: string }[];
}

export interface CourseTrends {
  ruleSet: { id: string; version: string; title: string } | null;
  measures: TrendMeasure[];
  events: TrendDoseEvent[];
  /** the first and last time any point or event falls on (null: nothing recorded yet) */
  span: { from: Date; to: Date } | null;
}

// Exact decimals: lib/domain/exact-decimal.ts (shared with the handoff sheet).

// ---------------------------------------------------------------------------------------------------------------

/** A stored value's own time: its `observedAt` entry, else its draw time (a lab), else the assessment's time. */
function ownTimeOf(a: AssessmentRecord, field: string, lab: boolean): Date {
  const raw = a.observedAt;
  if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
    const v = (raw as Record<string, unknown>)[field];
    if (typeof v === "string") {
      const t = new Date(v);
      if (!Number.isNaN(t.getTime())) return t;
    }
  }
  return lab && a.labsAt ? a.labsAt : a.takenAt;
}

type Quantity = "sbpMmHg" | "heartRateBpm" | "urineOutputMlPerKgPerHour" | "urineOutputMlPerHour" | "creatinineMgDl" | "weightGainPct" | "spo2Pct" | "phenylephrineMcgKgMin" | "phenylephrinePeakMcgKgMin";

interface SeriesDef {
  key: string;
  label: string;
  /** the rule-set quantity whose thresholds are drawn on this series */
  quantity: Quantity;
  /** the stored field whose own time places the point (and whose carried mark makes it no new point) */
  field: keyof AssessmentRecord & string;
  lab?: boolean;
  decimals: number;
  /** the exact value and, for a derived one, how it was computed; null when the assessment does not hold it */
  read: (a: AssessmentRecord, course: CourseRecord) => { r: Ratio; from?: string } | null;
}

interface MeasureDef {
  id: TrendMeasureId;
  title: string;
  unit: string;
  series: SeriesDef[];
}

const plain = (field: keyof AssessmentRecord) => (a: AssessmentRecord) => {
  const v = a[field] as DecimalLike | number | null;
  const r = v === null || v === undefined ? null : ratioOf(v);
  return r ? { r } : null;
};

function urine(a: AssessmentRecord): { ml: Ratio; h: Ratio } | null {
  const ml = a.urineOutputMl === null ? null : ratioOf(a.urineOutputMl);
  const h = a.urineOutputHours === null ? null : ratioOf(a.urineOutputHours);
  return ml && h && h.n > 0 ? { ml, h } : null;
}

const MEASURES: readonly MeasureDef[] = [
  { id: "sbp", title: "Systolic blood pressure", unit: "mmHg", series: [
    { key: "sbp", label: "Systolic BP", quantity: "sbpMmHg", field: "sbpMmHg", decimals: 0, read: plain("sbpMmHg") },
  ] },
  { id: "heart-rate", title: "Heart rate", unit: "/min", series: [
    { key: "heart-rate", label: "Heart rate", quantity: "heartRateBpm", field: "heartRateBpm", decimals: 0, read: plain("heartRateBpm") },
  ] },
  { id: "urine-per-kg", title: "Urine output per kg (dosing weight)", unit: "mL/kg/h", series: [
    { key: "urine-per-kg", label: "Urine output", quantity: "urineOutputMlPerKgPerHour", field: "urineOutputMl", decimals: 3,
      // per kg of the locked dosing weight, never the daily weight (protocols.md §1, as the engine judges it)
      read: (a, c) => {
        const u = urine(a);
        const w = ratioOf(c.dosingWeightKg);
        const r = u && w ? divR(u.ml, mulR(u.h, w)) : null;
        return u && w && r ? { r, from: `${a.urineOutputMl} mL over ${roundR(u.h, decimalsOf(u.h))} h ÷ ${c.dosingWeightKg.toString()} kg dosing weight` } : null;
      } },
  ] },
  { id: "urine-per-hour", title: "Urine output per hour", unit: "mL/h", series: [
    { key: "urine-per-hour", label: "Urine output", quantity: "urineOutputMlPerHour", field: "urineOutputMl", decimals: 1,
      read: (a) => {
        const u = urine(a);
        const r = u ? divR(u.ml, u.h) : null;
        return u && r ? { r, from: `${a.urineOutputMl} mL over ${roundR(u.h, decimalsOf(u.h))} h` } : null;
      } },
  ] },
  { id: "creatinine", title: "Creatinine", unit: "mg/dL", series: [
    { key: "creatinine", label: "Creatinine", quantity: "creatinineMgDl", field: "creatinineMgDl", lab: true, decimals: 2, read: plain("creatinineMgDl") },
  ] },
  { id: "weight-gain", title: "Weight gain over the baseline weight", unit: "%", series: [
    { key: "weight-gain", label: "Weight gain", quantity: "weightGainPct", field: "weightKg", decimals: 1,
      read: (a, c) => {
        const w = a.weightKg === null ? null : ratioOf(a.weightKg);
        const base = ratioOf(c.baselineWeightKg);
        const r = w && base ? divR(mulR(subR(w, base), { n: 100, d: 1 }), base) : null;
        return w && base && r ? { r, from: `${a.weightKg?.toString()} kg against ${c.baselineWeightKg.toString()} kg baseline` } : null;
      } },
  ] },
  { id: "spo2", title: "Oxygen saturation (SpO₂)", unit: "%", series: [
    { key: "spo2", label: "SpO₂", quantity: "spo2Pct", field: "spo2Pct", decimals: 0, read: plain("spo2Pct") },
  ] },
  { id: "vasopressor", title: "Vasopressor: phenylephrine", unit: "mcg/kg/min", series: [
    { key: "phenylephrine-now", label: "Phenylephrine now", quantity: "phenylephrineMcgKgMin", field: "phenylephrineMcgKgMin", decimals: 2, read: plain("phenylephrineMcgKgMin") },
    { key: "phenylephrine-peak", label: "Phenylephrine peak since the last dose", quantity: "phenylephrinePeakMcgKgMin", field: "phenylephrinePeakMcgKgMin", decimals: 2, read: plain("phenylephrinePeakMcgKgMin") },
  ] },
];

const decimalsOf = (r: Ratio): number => Math.max(0, Math.round(Math.log10(r.d)));

/** The compare thresholds of the rule set on one quantity, with the course's own limit where the rule set reads one. */
function thresholdsOf(ruleSet: RuleSet | undefined, course: CourseRecord, s: SeriesDef, unit: string): TrendThreshold[] {
  if (!ruleSet) return [];
  const out: TrendThreshold[] = [];
  for (const c of ruleSet.criteria) {
    for (const t of c.thresholds) {
      const cond = t.condition;
      if (cond.kind !== "compare" || cond.quantity !== s.quantity) continue;
      const fromCourse = typeof cond.limit !== "number";
      const value = typeof cond.limit === "number" ? cond.limit : (course[cond.limit.courseField] ?? cond.limit.default);
      if (out.some((o) => o.tier === t.tier && o.op === cond.op && o.value === value)) continue;
      out.push({
        seriesKey: s.key, tier: t.tier, op: cond.op, value, unit, criterionId: c.id, criterionLabel: criterionLabel(c.id, ruleSet),
        sources: [t.source, ...(t.sources ?? []).filter((k) => k !== t.source)], fromCourse,
      });
    }
  }
  return out;
}

/** The yes/no criteria of the rule set on another vasopressor running. */
function otherVasopressorRules(ruleSet: RuleSet | undefined): TrendFlagRule[] {
  if (!ruleSet) return [];
  const out: TrendFlagRule[] = [];
  for (const c of ruleSet.criteria)
    for (const t of c.thresholds)
      if (t.condition.kind === "true" && t.condition.field === "otherVasopressor")
        out.push({ tier: t.tier, criterionId: c.id, criterionLabel: criterionLabel(c.id, ruleSet), sources: [t.source, ...(t.sources ?? []).filter((k) => k !== t.source)] });
  return out;
}

/** Points by their own time, the later-recorded assessment winning when two hold one observation. */
function byOwnTime<T extends { at: Date }>(rows: readonly { row: T; recordedAt: Date }[]): T[] {
  const sorted = [...rows].sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime());
  const at = new Map<number, T>();
  for (const { row } of sorted) at.set(row.at.getTime(), row);
  return [...at.values()].sort((a, b) => a.at.getTime() - b.at.getTime());
}

/**
 * The course's trends: per measure its series (each point at its own observation time; carried values and
 * entered-in-error assessments are no points), the rule set's threshold lines on them, and the dose events (entered
 * in error left out) with their criteria in the rule set's words.
 */
export function courseTrends(args: { course: CourseRecord; assessments: readonly AssessmentRecord[]; events: readonly DoseEventRecord[] }): CourseTrends {
  const { course } = args;
  const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
  const active = args.assessments.filter((a) => a.status === "active");

  const measures = MEASURES.map((m): TrendMeasure => {
    const thresholds = m.series.flatMap((s) => thresholdsOf(ruleSet, course, s, m.unit));
    const series = m.series.map((s): TrendSeries => {
      const limits = thresholds.filter((t) => t.seriesKey === s.key).map((t) => t.value);
      const rows: { row: TrendPoint; recordedAt: Date }[] = [];
      for (const a of active) {
        if (a.carriedFields.includes(s.field)) continue;
        const got = s.read(a, course);
        if (!got) continue;
        const shown = shownOf(got.r, s.decimals, limits);
        const row: TrendPoint = { at: ownTimeOf(a, s.field, s.lab ?? false), value: Number(shown), shown, assessmentId: a.id, ...(got.from ? { from: got.from } : {}) };
        rows.push({ row, recordedAt: a.recordedAt });
      }
      return { key: s.key, label: s.label, unit: m.unit, points: byOwnTime(rows) };
    });
    const flags =
      m.id === "vasopressor"
        ? byOwnTime(
            active
              .filter((a) => a.otherVasopressor !== null && !a.carriedFields.includes("otherVasopressor"))
              .map((a) => ({ row: { at: ownTimeOf(a, "otherVasopressor", false), on: a.otherVasopressor === true, assessmentId: a.id }, recordedAt: a.recordedAt })),
          )
        : [];
    return { id: m.id, title: m.title, unit: m.unit, series, thresholds, flags, flagRules: m.id === "vasopressor" ? otherVasopressorRules(ruleSet) : [] };
  });

  let given = 0;
  const events = args.events
    .filter((e) => e.status === "active")
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence)
    .map((e): TrendDoseEvent => ({
      id: e.id, at: e.occurredAt, sequence: e.sequence, kind: e.kind, tier: e.tier, doseIu: e.doseIu,
      doseNumber: e.kind === "given" ? ++given : null,
      criteria: e.criteria.map((id) => ({ id, label: criterionLabel(id, { id: e.ruleSetId, version: e.ruleSetVersion }) })),
    }));

  const times = [
    ...measures.flatMap((m) => [...m.series.flatMap((s) => s.points.map((p) => p.at.getTime())), ...m.flags.map((f) => f.at.getTime())]),
    ...events.map((e) => e.at.getTime()),
  ];
  const span = times.length ? { from: new Date(Math.min(...times)), to: new Date(Math.max(...times)) } : null;
  return { ruleSet: ruleSet ? { id: ruleSet.id, version: ruleSet.version, title: ruleSet.title } : null, measures, events, span };
}
