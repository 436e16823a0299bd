// HD IL-2 monotherapy, rule set 1.1.0, the default for new courses (shared/domain/protocols.md, column `mono-2014`,
// the "1.1.0" marks and "Changes in 1.1.0"). 1.0.0 stays beside it unchanged (mono-2014.ts).
// Data only: the evaluator reads every number below; nothing here is repeated in code.
import type { RuleSetData } from "./schema";

const HOUR = 60;
const DAY = 24 * HOUR;

export const MONO_2014_1_1_0 = {
  id: "mono-2014",
  version: "1.1.0",
  protocol: "monotherapy",
  title: "HD IL-2 monotherapy (2014 consensus)",
  summary: "600,000 IU/kg q8h, up to 14 doses per 5-day cycle, two cycles (days 1–5 and 15–19), given to tolerance.",
  arithmetic: {
    doseIuPerKg: { value: 600_000, unit: "IU/kg", label: "Dose 600,000 IU/kg", source: "PI-P", confidence: "stated" },
    referenceIu: { value: 600_000, unit: "IU", label: "600,000 IU/kg = 0.037 mg/kg", source: "PI-P", confidence: "stated" },
    referenceMg: { value: 0.037, unit: "mg", label: "600,000 IU/kg = 0.037 mg/kg", source: "PI-P", confidence: "stated" },
    iuPerMl: { value: 18_000_000, unit: "IU/mL", label: "18 MIU/mL after 1.2 mL sterile water", source: "PI-P", confidence: "stated",
      note: "Proleukin handling facts" },
    iuPerVial: { value: 22_000_000, unit: "IU/vial", label: "22 MIU per vial", source: "PI-P", confidence: "stated" },
    displayDecimals: 2,
    allowedDoseIuPerKg: [
      { value: 600_000, unit: "IU/kg", label: "600,000 IU/kg (label dose)", source: "PI-P", confidence: "stated" },
      { value: 720_000, unit: "IU/kg", label: "720,000 IU/kg (NCI protocols)", source: "NCT03991741", confidence: "stated" },
    ],
  },
  schedule: {
    anchor: { field: "startAt", label: "Cycle 1 day 1, first dose", source: "PI-P", confidence: "stated" },
    interval: {
      // PI-P q8h; a held dose is skipped, not made up, so the interval runs from any given or held dose.
      minutes: { value: 8 * HOUR, unit: "min", label: "Every 8 h after the previous dose event (given or held)", source: "PI-P", confidence: "inferred" },
      earlyToleranceMinutes: { value: 30, unit: "min", label: "May be given 30 min early", source: "PI-P", confidence: "inferred" },
      measuredFrom: "given-or-held",
      label: "Next dose event no earlier than 8 h after the previous given or held dose; a held dose is skipped",
      source: "PI-P",
      confidence: "inferred",
    },
    maxGivenPerCycle: { value: 14, unit: "doses", label: "Up to 14 doses per cycle", source: "PI-P", confidence: "stated" },
    maxGivenPerCourse: { value: 28, unit: "doses", label: "Up to 28 doses per course (2 cycles)", source: "PI-P", confidence: "stated" },
    cycles: [
      {
        number: 1,
        opensAfterAnchorMinutes: { value: 0, unit: "min", label: "Cycle 1 starts at startAt (day 1)", source: "PI-P", confidence: "stated" },
        earlyToleranceMinutes: { value: 30, unit: "min", label: "First dose may be given 30 min before startAt", source: "PI-P", confidence: "inferred" },
        startClosesAfterAnchorMinutes: null,
        window: {
          minutes: { value: 120 * HOUR, unit: "min", label: "Cycle 1: 120 h from startAt (days 1–5)", source: "PI-P", confidence: "stated" },
          from: "anchor",
        },
      },
      {
        number: 2,
        opensAfterAnchorMinutes: { value: 14 * DAY, unit: "min", label: "Cycle 2 opens on day 15 (startAt + 14 days)", source: "PI-P", confidence: "stated" },
        earlyToleranceMinutes: { value: 30, unit: "min", label: "First cycle-2 dose may be given 30 min before day 15", source: "PI-P", confidence: "inferred" },
        // Days 15–19 plus two days' slack: with no cycle-2 dose given before day 22 the course is over.
        startClosesAfterAnchorMinutes: { value: 21 * DAY, unit: "min", label: "A cycle-2 dose must be given before startAt + 21 days (day 22)",
          source: "PI-P", confidence: "judgment", note: "PI-P days 15–19 plus two days' slack" },
        startDeadline: { metBy: "given", edge: "exclusive", missedReason: "window-closed" },
        opensOnlyWith: { courseField: "cycle2ApprovedAt", label: "Cycle 2 opens only with the attending's go-ahead", source: "DUT", confidence: "inferred",
          note: "DUT: cycle 2 may follow after attending review" },
        window: {
          minutes: { value: 120 * HOUR, unit: "min", label: "Cycle 2: 120 h from its first dose event (days 15–19)", source: "PI-P", confidence: "stated" },
          from: "first-event",
        },
      },
    ],
    stopEnds: { value: "cycle", label: "Stop ends the current cycle; cycle 2 may follow after attending review", source: "DUT", confidence: "stated" },
  },
  freshness: {
    assessmentMaxAgeMinutes: { value: 240, unit: "min", label: "Assessment at most 4 h old", source: "DUT", confidence: "inferred" },
    labsMaxAgeMinutes: { value: 24 * HOUR, unit: "min", label: "Labs and weight at most 24 h old (daily labs and weight)", source: "DUT", confidence: "stated" },
    labsClockFields: {
      fields: ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL", "weightKg"],
      label: "Labs and the daily weight run on the labs clock", source: "DUT", confidence: "stated",
    },
  },
  requiredFields: {
    // Every input a criterion reads: "not asked" is not "no" (Changes in 1.1.0, 1).
    fields: [
      "at", "sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "oxygenDevice", "oxygenLpm", "urineOutputMl", "urineOutputHours",
      "weightKg", "mentalStatus", "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor", "creatinineMgDl",
      "labsAt", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL", "infection", "giBleeding", "permanentEvents",
    ],
    label: "Every input a criterion reads (temperature and fluid-refractory hypotension stay optional in monotherapy)",
    source: "DUT",
    confidence: "inferred",
  },
  urineOutputWindow: {
    minHours: 4, maxHours: 8,
    label: "Urine output over 4 to 8 h (8 h preferred): longer hides acute oliguria, shorter is noise",
    source: "DUT", sources: ["DUT", "SPR"], confidence: "inferred", note: "DUT and SPR judge per 8-h shift",
  },
  combination: {
    // SPR says stop; the Proleukin guideline card says correct and delay: sources disagree.
    minHoldCriteria: { value: 3, unit: "criteria", label: "3 or more hold criteria at once → stop", source: "SPR", confidence: "judgment" },
  },
  criteria: [
    {
      id: "sbp-low",
      label: "Systolic blood pressure low",
      parameter: "sbpMmHg",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "sbpMmHg", op: "<", limit: 90, unit: "mmHg" },
          label: "SBP < 90 mmHg", source: "PI-P", confidence: "stated" },
      ],
    },
    {
      id: "pressor-at-dose",
      label: "Vasopressor running at dose time",
      parameter: "phenylephrineMcgKgMin",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "phenylephrineMcgKgMin", op: ">", limit: 0.5, unit: "µg/kg/min" },
          label: "Phenylephrine > 0.5 µg/kg/min", source: "DUT", confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "phenylephrineMcgKgMin", op: ">", limit: 0.8, unit: "µg/kg/min" },
          label: "Phenylephrine > 0.8 µg/kg/min", source: "DUT", confidence: "stated" },
        { tier: "hold", condition: { kind: "true", field: "otherVasopressor" },
          label: "Any other vasopressor running", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "pressor-peak",
      label: "Peak phenylephrine since the last dose",
      parameter: "phenylephrinePeakMcgKgMin",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "phenylephrinePeakMcgKgMin", op: ">", limit: 1.0, unit: "µg/kg/min" },
          label: "Peak phenylephrine > 1.0 µg/kg/min", source: "DUT", confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "phenylephrinePeakMcgKgMin", op: ">", limit: 1.5, unit: "µg/kg/min" },
          label: "Peak phenylephrine > 1.5 µg/kg/min", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "tachycardia",
      label: "Heart rate high",
      parameter: "heartRateBpm",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "heartRateBpm", op: ">", limit: 120, unit: "bpm" },
          label: "Heart rate > 120 bpm", source: "SPR", sources: ["SPR", "DUT"], confidence: "judgment",
          note: "SPR holds above 120; DUT holds above 100" },
        { tier: "stop", condition: { kind: "compare", quantity: "heartRateBpm", op: ">", limit: 130, unit: "bpm" },
          label: "Heart rate > 130 bpm", source: "SPR", confidence: "stated" },
      ],
    },
    {
      id: "bradycardia",
      label: "Heart rate low",
      parameter: "heartRateBpm",
      unlessFired: ["arrhythmia"],
      excludedFromCombination: true,
      note: "A flag for the attending, not capillary leak: not counted toward the combination rule",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "heartRateBpm", op: "<", limit: 50, unit: "bpm" },
          label: "Heart rate < 50 bpm", source: "PI-P", confidence: "inferred", note: "PI-P lists bradycardia needing treatment; no number published" },
      ],
    },
    {
      id: "arrhythmia",
      label: "Arrhythmia",
      parameter: "rhythm",
      thresholds: [
        { tier: "hold", condition: { kind: "in", field: "rhythm", values: ["atrial-fibrillation", "svt", "bradycardia-needing-treatment"] },
          label: "Atrial fibrillation, SVT or bradycardia needing treatment", source: "PI-P", sources: ["PI-P", "DUT"], confidence: "judgment",
          note: "PI-P holds; DUT stops" },
        { tier: "stop", condition: { kind: "in", field: "rhythm", values: ["ventricular-ectopy"] },
          label: "Ventricular ectopy", source: "DUT", sources: ["PI-P", "DUT"], confidence: "stated" },
      ],
    },
    {
      id: "urine-output-low",
      label: "Urine output low",
      parameter: "urineOutputMl",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "urineOutputMlPerHour", op: "<", limit: 20, unit: "mL/h" },
          label: "Urine output < 20 mL/h (160 mL per 8 h)", source: "DUT", sources: ["DUT", "SPR"], confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "urineOutputMlPerHour", op: "<", limit: 10, unit: "mL/h" },
          label: "Urine output < 10 mL/h", source: "SPR", sources: ["DUT", "SPR"], confidence: "stated" },
      ],
    },
    {
      id: "creatinine-high",
      label: "Creatinine high",
      parameter: "creatinineMgDl",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "creatinineMgDl", op: ">=", limit: 2.5, unit: "mg/dL" },
          label: "Creatinine ≥ 2.5 mg/dL", source: "DUT", sources: ["DUT", "SPR"], confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "creatinineMgDl", op: ">=", limit: 3.0, unit: "mg/dL" },
          label: "Creatinine ≥ 3.0 mg/dL", source: "DUT", sources: ["DUT", "SPR"], confidence: "stated" },
      ],
    },
    {
      id: "bicarbonate-low",
      label: "Bicarbonate low (acidosis)",
      parameter: "bicarbonateMmolL",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "bicarbonateMmolL", op: "<=", limit: 18, unit: "mmol/L" },
          label: "Bicarbonate ≤ 18 mmol/L", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "weight-gain",
      label: "Weight gain over baseline",
      parameter: "weightKg",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "weightGainPct", op: ">", limit: 15, unit: "%" },
          label: "Weight > 15 % above baseline", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "hypoxia",
      label: "Oxygen saturation low",
      parameter: "spo2Pct",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "spo2Pct", op: "<", limit: 90, unit: "%" },
          label: "SpO₂ < 90 %", source: "PI-P", confidence: "stated" },
      ],
    },
    {
      id: "oxygen-need",
      label: "Supplemental oxygen need",
      parameter: "oxygenDevice",
      note: "Judgment when SpO₂ ≥ 90 %: the oxygen need alone decides.",
      thresholds: [
        // Written for nasal cannula; any device at ≥ 3 L/min is at least this bad (face mask and beyond stop anyway).
        { tier: "hold", condition: { kind: "compare", quantity: "oxygenLpm", op: ">=", limit: 3, unit: "L/min" },
          judgmentWhen: { kind: "compare", quantity: "spo2Pct", op: ">=", limit: 90, unit: "%" },
          label: "Nasal cannula ≥ 3 L/min", source: "DUT", confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "oxygenLpm", op: ">", limit: 4, unit: "L/min" },
          judgmentWhen: { kind: "compare", quantity: "spo2Pct", op: ">=", limit: 90, unit: "%" },
          label: "Oxygen > 4 L/min", source: "DUT", confidence: "stated" },
        { tier: "stop", condition: { kind: "in", field: "oxygenDevice", values: ["face-mask", "high-flow", "non-invasive", "intubated"] },
          judgmentWhen: { kind: "compare", quantity: "spo2Pct", op: ">=", limit: 90, unit: "%" },
          label: "Face mask, high-flow, non-invasive ventilation or intubation", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "mental-status",
      label: "Mental status changed",
      parameter: "mentalStatus",
      thresholds: [
        { tier: "hold", condition: { kind: "in", field: "mentalStatus", values: ["mild", "moderate"] },
          label: "Mild or moderate confusion", source: "PI-P", sources: ["PI-P", "DUT"], confidence: "stated" },
        { tier: "stop", condition: { kind: "in", field: "mentalStatus", values: ["severe", "coma"] },
          label: "Severe confusion or coma", source: "PI-P", sources: ["PI-P", "DUT"], confidence: "stated" },
      ],
    },
    {
      id: "platelets-low",
      label: "Platelets low",
      parameter: "plateletsPerUl",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "plateletsPerUl", op: "<", limit: 50_000, unit: "/µL" },
          label: "Platelets < 50,000/µL", source: "DUT", confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "plateletsPerUl", op: "<", limit: 30_000, unit: "/µL" },
          label: "Platelets < 30,000/µL", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "bilirubin-high",
      label: "Bilirubin high",
      parameter: "bilirubinMgDl",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "bilirubinMgDl", op: ">", limit: 7, unit: "mg/dL" },
          label: "Bilirubin > 7 mg/dL", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "infection",
      label: "Infection",
      parameter: "infection",
      thresholds: [
        { tier: "stop", condition: { kind: "in", field: "infection", values: ["suspected", "documented"] },
          label: "Suspected or documented infection", source: "DUT", confidence: "stated" },
      ],
    },
    {
      id: "gi-bleeding",
      label: "GI bleeding",
      parameter: "giBleeding",
      thresholds: [
        { tier: "hold", condition: { kind: "in", field: "giBleeding", values: ["occult"] },
          label: "Occult GI bleeding", source: "PI-P", sources: ["PI-P", "DUT"], confidence: "stated" },
        { tier: "stop", condition: { kind: "in", field: "giBleeding", values: ["frank"] },
          label: "Frank GI bleeding", source: "PI-P", sources: ["PI-P", "DUT"], confidence: "stated" },
      ],
    },
    {
      id: "permanent-event",
      label: "Event requiring permanent discontinuation",
      parameter: "permanentEvents",
      thresholds: [
        { tier: "discontinue", condition: { kind: "nonempty", field: "permanentEvents" },
          label: "Any PI-P Table 2 permanent-discontinuation event", source: "PI-P", confidence: "stated" },
      ],
    },
    {
      id: "holds-cumulative",
      label: "Consecutive held doses",
      parameter: "events",
      note: "Held events since the last given dose of the current cycle, while its window is open; the attending may override",
      thresholds: [
        // SPR: "held on 3 occasions"; read as consecutive (24 h without IL-2).
        { tier: "stop", condition: { kind: "consecutive-holds", op: ">=", limit: 3, unit: "holds" },
          label: "3 or more consecutive held doses in the cycle", source: "SPR", confidence: "judgment" },
      ],
    },
  ],
} as const satisfies RuleSetData;
