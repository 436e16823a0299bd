// HD IL-2 after TIL (lifileucel), rule set 1.1.0, the default for new courses (shared/domain/protocols.md, column
// `til-2024`, the "1.1.0" marks and "Changes in 1.1.0"): never looser than monotherapy. 1.0.0 stays beside it
// unchanged (til-2024.ts). Data only: the evaluator reads every number below.
import type { RuleSetData } from "./schema";

const HOUR = 60;
const JUDGMENT_IF_SPO2_OK = { kind: "compare", quantity: "spo2Pct", op: ">=", limit: 90, unit: "%" } as const;

export const TIL_2024_1_1_0 = {
  id: "til-2024",
  version: "1.1.0",
  protocol: "til-adjunct",
  title: "HD IL-2 after TIL (2024 consensus)",
  summary: "600,000 IU/kg from 3–24 h after the cell infusion, q8–12h, up to 6 doses within 5 days; stricter hold criteria.",
  arithmetic: {
    doseIuPerKg: { value: 600_000, unit: "IU/kg", label: "Dose 600,000 IU/kg", source: "PI-P", sources: ["PI-P", "PI-A"], confidence: "stated" },
    referenceIu: { value: 600_000, unit: "IU", label: "600,000 IU/kg = 0.037 mg/kg", source: "PI-P", confidence: "stated" },
    referenceMg: { value: 0.037, unit: "mg", label: "600,000 IU/kg = 0.037 mg/kg", source: "PI-P", confidence: "stated" },
    iuPerMl: { value: 18_000_000, unit: "IU/mL", label: "18 MIU/mL after 1.2 mL sterile water", source: "PI-P", confidence: "stated",
      note: "Proleukin handling facts" },
    iuPerVial: { value: 22_000_000, unit: "IU/vial", label: "22 MIU per vial", source: "PI-P", confidence: "stated" },
    displayDecimals: 2,
    allowedDoseIuPerKg: [
      { value: 600_000, unit: "IU/kg", label: "600,000 IU/kg (label dose)", source: "PI-P", confidence: "stated" },
      { value: 720_000, unit: "IU/kg", label: "720,000 IU/kg (NCI TIL protocols)", source: "NCT03991741", confidence: "stated" },
    ],
  },
  schedule: {
    anchor: { field: "tilInfusionEndAt", label: "End of the TIL cell infusion", source: "NCT03991741", confidence: "stated" },
    interval: {
      // A held dose is delayed, not skipped: only given doses start the 8 h clock (PI-A secondary, q8–12h).
      minutes: { value: 8 * HOUR, unit: "min", label: "No earlier than 8 h after the previous given dose", source: "PI-A", sources: ["PI-A", "NCT03991741"], confidence: "inferred" },
      earlyToleranceMinutes: { value: 30, unit: "min", label: "May be given 30 min early", source: "PI-A", confidence: "inferred" },
      measuredFrom: "given",
      label: "Next dose no earlier than 8 h after the previous given dose; after a hold it may be re-evaluated at any time",
      source: "PI-A",
      confidence: "inferred",
    },
    maxGivenPerCycle: { value: 6, unit: "doses", label: "Up to 6 doses", source: "C144", confidence: "stated" },
    maxGivenPerCourse: { value: 6, unit: "doses", label: "Up to 6 doses per course", source: "C144", confidence: "stated" },
    cycles: [
      {
        number: 1,
        opensAfterAnchorMinutes: { value: 3 * HOUR, unit: "min", label: "First dose from 3 h after the cells", source: "PI-A",
          sources: ["PI-A", "NCT03991741"], confidence: "stated" },
        earlyToleranceMinutes: { value: 0, unit: "min", label: "No early first dose", source: "PI-A", sources: ["PI-A", "NCT03991741"], confidence: "stated" },
        startClosesAfterAnchorMinutes: { value: 24 * HOUR, unit: "min", label: "A dose given by 24 h after the cells, else the start window is missed",
          source: "PI-A", sources: ["PI-A", "NCT03991741"], confidence: "stated" },
        // 1.1.0: only a given dose meets the deadline; held doses before +24 h do not.
        startDeadline: { metBy: "given", edge: "inclusive", missedReason: "start-window-missed" },
        window: {
          minutes: { value: 120 * HOUR, unit: "min", label: "Course window: 120 h from the first dose event", source: "NCT03991741", confidence: "judgment",
            note: "\"up to 5 days\"" },
          from: "first-event",
        },
      },
    ],
    stopEnds: { value: "course", label: "Stop ends IL-2 for the course", source: "BW", confidence: "stated" },
  },
  freshness: {
    assessmentMaxAgeMinutes: { value: 180, unit: "min", label: "Assessment at most 3 h old (BP and urine output ~2 h before each dose)", source: "BW", confidence: "inferred" },
    labsMaxAgeMinutes: { value: 12 * HOUR, unit: "min", label: "Labs and weight at most 12 h old (twice daily)", source: "BW", confidence: "inferred" },
    labsClockFields: {
      fields: ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL", "weightKg"],
      label: "Labs and the daily weight run on the labs clock", source: "BW", confidence: "inferred",
    },
  },
  requiredFields: {
    // Every input a criterion reads: "not asked" is not "no" (Changes in 1.1.0, 1). The SBP target is a course field,
    // required through the sbp-low limit below.
    fields: [
      "at", "sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "oxygenDevice", "oxygenLpm", "urineOutputMl", "urineOutputHours",
      "weightKg", "mentalStatus", "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor",
      "fluidRefractoryHypotension", "creatinineMgDl", "labsAt", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL",
      "infection", "giBleeding", "permanentEvents",
    ],
    label: "Every input a criterion reads (only temperature stays optional)",
    source: "BW",
    confidence: "inferred",
  },
  urineOutputWindow: {
    minHours: 4, maxHours: 8,
    label: "Urine output over 4 to 8 h (8 h preferred): longer hides acute oliguria, shorter is noise",
    source: "DUT", sources: ["DUT", "SPR"], confidence: "inferred", note: "DUT and SPR judge per 8-h shift",
  },
  combination: {
    minHoldCriteria: { value: 2, unit: "criteria", label: "2 or more hold criteria at once → stop", source: "SPR", sources: ["SPR", "SEED"], confidence: "judgment",
      note: "Monotherapy uses 3 (SPR); 2 is our reading of \"more conservative\" after TIL" },
  },
  criteria: [
    {
      id: "sbp-low",
      label: "Systolic blood pressure below the admission target",
      parameter: "sbpMmHg",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "sbpMmHg", op: "<", unit: "mmHg", limit: {
          courseField: "targetSbpMmHg", default: 90,
          required: { min: 90, max: 140, label: "Admission SBP target required, 90–140 mmHg (never looser than monotherapy's 90)",
            source: "BW", sources: ["BW", "PI-P"], confidence: "inferred" },
        } },
          label: "SBP < admission target (90–140 mmHg)", source: "BW", confidence: "stated" },
      ],
    },
    {
      id: "hypotension-refractory",
      label: "Hypotension not responding to fluids",
      parameter: "fluidRefractoryHypotension",
      thresholds: [
        { tier: "stop", condition: { kind: "true", field: "fluidRefractoryHypotension" },
          label: "Fluid-refractory hypotension", source: "BW", confidence: "stated", note: "BW: \"recommend stopping\"" },
      ],
    },
    {
      id: "pressor-at-dose",
      label: "Vasopressor running at dose time",
      parameter: "phenylephrineMcgKgMin",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "phenylephrineMcgKgMin", op: ">", limit: 0, unit: "µg/kg/min" },
          label: "Any phenylephrine (> 0 µg/kg/min)", source: "BW", confidence: "stated" },
        { tier: "hold", condition: { kind: "true", field: "otherVasopressor" },
          label: "Any other vasopressor running", source: "BW", confidence: "stated" },
        { tier: "stop", condition: { kind: "compare", quantity: "phenylephrineMcgKgMin", op: ">", limit: 0.5, unit: "µg/kg/min" },
          label: "Phenylephrine > 0.5 µg/kg/min", source: "BW", confidence: "stated" },
      ],
    },
    {
      id: "pressor-peak",
      label: "Vasopressor since the last dose",
      parameter: "phenylephrinePeakMcgKgMin",
      unlessFired: ["pressor-at-dose"],
      note: "A pressor since the last dose, none running now: TIL tolerates no vasopressor",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "phenylephrinePeakMcgKgMin", op: ">", limit: 0, unit: "µg/kg/min" },
          label: "Any phenylephrine since the last dose (peak > 0 µg/kg/min)", source: "BW", confidence: "inferred" },
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
        { tier: "stop", condition: { kind: "in", field: "rhythm", values: ["atrial-fibrillation", "svt", "bradycardia-needing-treatment"] },
          label: "Atrial fibrillation, SVT or bradycardia needing treatment", source: "DUT", sources: ["DUT", "SEED"], confidence: "inferred" },
        { tier: "stop", condition: { kind: "in", field: "rhythm", values: ["ventricular-ectopy"] },
          label: "Ventricular ectopy", source: "DUT", sources: ["PI-P", "DUT"], confidence: "stated" },
      ],
    },
    {
      id: "urine-output-low",
      label: "Urine output low",
      parameter: "urineOutputMl",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "urineOutputMlPerKgPerHour", op: "<", limit: 0.5, unit: "mL/kg/h" },
          label: "Urine output < 0.5 mL/kg/h (dosing weight)", source: "BW", confidence: "stated" },
        // A small patient is never judged more loosely than under monotherapy.
        { tier: "hold", condition: { kind: "compare", quantity: "urineOutputMlPerHour", op: "<", limit: 20, unit: "mL/h" },
          label: "Urine output < 20 mL/h (160 mL per 8 h)", source: "DUT", sources: ["DUT", "SPR", "BW"], confidence: "inferred" },
        { tier: "stop", condition: { kind: "compare", quantity: "urineOutputMlPerHour", op: "<", limit: 10, unit: "mL/h" },
          label: "Urine output < 10 mL/h", source: "SPR", sources: ["DUT", "SPR"], confidence: "inferred" },
      ],
    },
    {
      id: "creatinine-high",
      label: "Creatinine high",
      parameter: "creatinineMgDl",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "creatinineMgDl", op: ">=", limit: 2.5, unit: "mg/dL" },
          label: "Creatinine ≥ 2.5 mg/dL", source: "BW", sources: ["BW", "DUT", "SPR"], confidence: "stated",
          note: "BW states 2.5–2.9 hold" },
        { tier: "stop", condition: { kind: "compare", quantity: "creatinineMgDl", op: ">=", limit: 3.0, unit: "mg/dL" },
          label: "Creatinine ≥ 3.0 mg/dL", source: "DUT", sources: ["DUT", "SPR", "BW"], confidence: "judgment",
          note: "Stop at 3.0 is our reading after TIL" },
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
          label: "Weight > 15 % above baseline", source: "DUT", confidence: "inferred", note: "Not published for TIL; monotherapy value kept" },
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
        // TIL eligibility needs no continuous O₂ (BW): any supplemental oxygen holds.
        { tier: "hold", condition: { kind: "in", field: "oxygenDevice", values: ["nasal-cannula", "face-mask", "high-flow", "non-invasive", "intubated"] },
          judgmentWhen: JUDGMENT_IF_SPO2_OK,
          label: "Any supplemental oxygen", source: "BW", confidence: "inferred" },
        { tier: "hold", condition: { kind: "compare", quantity: "oxygenLpm", op: ">", limit: 0, unit: "L/min" },
          judgmentWhen: JUDGMENT_IF_SPO2_OK,
          label: "Any oxygen flow (> 0 L/min)", source: "BW", confidence: "inferred" },
        { tier: "stop", condition: { kind: "compare", quantity: "oxygenLpm", op: ">=", limit: 3, unit: "L/min" },
          judgmentWhen: JUDGMENT_IF_SPO2_OK,
          label: "Oxygen ≥ 3 L/min", source: "BW", sources: ["BW", "DUT"], confidence: "inferred" },
        { tier: "stop", condition: { kind: "in", field: "oxygenDevice", values: ["face-mask", "high-flow", "non-invasive", "intubated"] },
          judgmentWhen: JUDGMENT_IF_SPO2_OK,
          label: "Any device beyond nasal cannula", source: "BW", sources: ["BW", "DUT"], confidence: "inferred" },
      ],
    },
    {
      id: "mental-status",
      label: "Mental status changed",
      parameter: "mentalStatus",
      thresholds: [
        { tier: "hold", condition: { kind: "in", field: "mentalStatus", values: ["mild"] },
          label: "Mild confusion", source: "PI-P", sources: ["PI-P", "DUT"], confidence: "stated" },
        { tier: "stop", condition: { kind: "in", field: "mentalStatus", values: ["moderate", "severe", "coma"] },
          label: "Moderate or severe confusion, or coma", source: "DUT", sources: ["PI-P", "DUT", "SEED"], confidence: "inferred" },
      ],
    },
    {
      id: "platelets-low",
      label: "Platelets low",
      parameter: "plateletsPerUl",
      excludedFromCombination: true,
      note: "Cytopenia is expected after lymphodepletion; the attending decides on transfusion and the dose",
      thresholds: [
        { tier: "hold", condition: { kind: "compare", quantity: "plateletsPerUl", op: "<", limit: 20_000, unit: "/µL" },
          label: "Platelets < 20,000/µL", source: "PI-A", sources: ["PI-A", "BW"], confidence: "judgment",
          note: "PI-A warns of internal-organ haemorrhage" },
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
        { tier: "hold", condition: { kind: "in", field: "infection", values: ["suspected"] },
          label: "Suspected infection", source: "BW", confidence: "judgment",
          note: "Fever work-up is routine after TIL (neutropenic fever), so suspicion holds rather than stops" },
        { tier: "stop", condition: { kind: "in", field: "infection", values: ["documented"] },
          label: "Documented infection", source: "DUT", sources: ["DUT", "BW"], confidence: "stated" },
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
  ],
} as const satisfies RuleSetData;
