// Every criterion on both sides of every threshold, in both rule sets and both versions (protocols.md §4).
// Each row changes one thing in an otherwise well patient; the label states the arithmetic. The 1.0.0 tables keep
// their 1.0.0 expectations; the 1.1.0 tables reuse every row whose meaning did not change and add the new ones.
import { describe, expect, test } from "vitest";
import { PERMANENT_EVENTS, type Assessment, type DoseRequest } from "@/lib/rules";
import { decide, findingMap, monoRequest, tilRequest, type Over, type Version } from "./fixtures";

type Tier = "hold" | "stop" | "discontinue" | null;
type Patch = { a?: Partial<Assessment>; c?: Partial<DoseRequest["course"]> };
/** `decision` when it is not the tier (or give): an input required in 1.1.0 and absent → incomplete. */
type Row = [label: string, criterion: string, patch: Patch, tier: Tier, decision?: string];

const MONO: Row[] = [
  // sbp-low: < 90 → hold (PI-P)
  ["SBP 89 < 90 → hold", "sbp-low", { a: { sbpMmHg: 89 } }, "hold"],
  ["SBP 89.9 < 90 → hold", "sbp-low", { a: { sbpMmHg: 89.9 } }, "hold"],
  ["SBP 90 is not < 90", "sbp-low", { a: { sbpMmHg: 90 } }, null],
  ["SBP 89 while targetSbpMmHg 95 is only a TIL rule → mono still < 90 → hold", "sbp-low", { a: { sbpMmHg: 89 }, c: { targetSbpMmHg: 95 } }, "hold"],
  ["SBP 92 with targetSbpMmHg 95: mono ignores the target, 92 ≥ 90", "sbp-low", { a: { sbpMmHg: 92 }, c: { targetSbpMmHg: 95 } }, null],
  // pressor-at-dose: phenylephrine > 0.5 hold, > 0.8 stop; other vasopressor hold (DUT)
  ["phenylephrine 0.5 is not > 0.5", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.5 } }, null],
  ["phenylephrine 0.51 > 0.5 → hold", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.51 } }, "hold"],
  ["phenylephrine 0.8 > 0.5, not > 0.8 → hold", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.8 } }, "hold"],
  ["phenylephrine 0.81 > 0.8 → stop", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.81 } }, "stop"],
  ["phenylephrine 0.1 is tolerated in monotherapy", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.1 } }, null],
  ["other vasopressor running → hold", "pressor-at-dose", { a: { otherVasopressor: true } }, "hold"],
  ["other vasopressor + phenylephrine 0.9 > 0.8 → stop (highest tier)", "pressor-at-dose", { a: { otherVasopressor: true, phenylephrineMcgKgMin: 0.9 } }, "stop"],
  // pressor-peak: > 1.0 hold, > 1.5 stop (DUT)
  ["peak phenylephrine 1.0 is not > 1.0", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 1.0 } }, null],
  ["peak phenylephrine 1.01 > 1.0 → hold", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 1.01 } }, "hold"],
  ["peak phenylephrine 1.5 is not > 1.5 → hold", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 1.5 } }, "hold"],
  ["peak phenylephrine 1.51 > 1.5 → stop", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 1.51 } }, "stop"],
  ["peak phenylephrine absent → not evaluated", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: undefined } }, null],
  // tachycardia: > 120 hold, > 130 stop (SPR)
  ["HR 120 is not > 120", "tachycardia", { a: { heartRateBpm: 120 } }, null],
  ["HR 121 > 120 → hold", "tachycardia", { a: { heartRateBpm: 121 } }, "hold"],
  ["HR 130 is not > 130 → hold", "tachycardia", { a: { heartRateBpm: 130 } }, "hold"],
  ["HR 131 > 130 → stop", "tachycardia", { a: { heartRateBpm: 131 } }, "stop"],
  // arrhythmia: AF/SVT/bradycardia hold (judgment), ventricular ectopy stop
  ["sinus rhythm", "arrhythmia", { a: { rhythm: "sinus" } }, null],
  ["atrial fibrillation → hold", "arrhythmia", { a: { rhythm: "atrial-fibrillation" } }, "hold"],
  ["SVT → hold", "arrhythmia", { a: { rhythm: "svt" } }, "hold"],
  ["bradycardia needing treatment → hold", "arrhythmia", { a: { rhythm: "bradycardia-needing-treatment" } }, "hold"],
  ["ventricular ectopy → stop", "arrhythmia", { a: { rhythm: "ventricular-ectopy" } }, "stop"],
  // urine-output-low: < 20 mL/h hold, < 10 mL/h stop (DUT, SPR)
  ["160 mL / 8 h = 20 mL/h is not < 20", "urine-output-low", { a: { urineOutputMl: 160, urineOutputHours: 8 } }, null],
  ["159 mL / 8 h = 19.875 mL/h < 20 → hold", "urine-output-low", { a: { urineOutputMl: 159, urineOutputHours: 8 } }, "hold"],
  ["80 mL / 8 h = 10 mL/h is not < 10 → hold", "urine-output-low", { a: { urineOutputMl: 80, urineOutputHours: 8 } }, "hold"],
  ["79 mL / 8 h = 9.875 mL/h < 10 → stop", "urine-output-low", { a: { urineOutputMl: 79, urineOutputHours: 8 } }, "stop"],
  ["50 mL / 2.5 h = 20 mL/h is not < 20 (decimal hours)", "urine-output-low", { a: { urineOutputMl: 50, urineOutputHours: 2.5 } }, null],
  ["49.9 mL / 2.5 h = 19.96 mL/h < 20 → hold", "urine-output-low", { a: { urineOutputMl: 49.9, urineOutputHours: 2.5 } }, "hold"],
  ["250 mL / 8 h = 31.25 mL/h: monotherapy does not judge per kg", "urine-output-low", { a: { urineOutputMl: 250, urineOutputHours: 8 } }, null],
  // creatinine-high: ≥ 2.5 hold, ≥ 3.0 stop
  ["creatinine 2.49 is not ≥ 2.5", "creatinine-high", { a: { creatinineMgDl: 2.49 } }, null],
  ["creatinine 2.5 ≥ 2.5 → hold", "creatinine-high", { a: { creatinineMgDl: 2.5 } }, "hold"],
  ["creatinine 2.99 is not ≥ 3.0 → hold", "creatinine-high", { a: { creatinineMgDl: 2.99 } }, "hold"],
  ["creatinine 3.0 ≥ 3.0 → stop", "creatinine-high", { a: { creatinineMgDl: 3.0 } }, "stop"],
  // bicarbonate-low: ≤ 18 hold
  ["bicarbonate 18.1 is not ≤ 18", "bicarbonate-low", { a: { bicarbonateMmolL: 18.1 } }, null],
  ["bicarbonate 18 ≤ 18 → hold", "bicarbonate-low", { a: { bicarbonateMmolL: 18 } }, "hold"],
  ["bicarbonate absent → not evaluated", "bicarbonate-low", { a: { bicarbonateMmolL: undefined } }, null],
  // weight-gain: > 15 % over baseline
  ["92 kg vs 80 kg = +15 % is not > 15 %", "weight-gain", { a: { weightKg: 92 } }, null],
  ["92.01 kg vs 80 kg = +15.0125 % > 15 % → hold", "weight-gain", { a: { weightKg: 92.01 } }, "hold"],
  ["94.76 kg vs 82.4 kg = +15 % exactly → no hold", "weight-gain", { a: { weightKg: 94.76 }, c: { baselineWeightKg: 82.4 } }, null],
  ["46.115 kg vs 40.1 kg = +15 % exactly (float says 15.000000000000002) → no hold", "weight-gain", { a: { weightKg: 46.115 }, c: { baselineWeightKg: 40.1 } }, null],
  ["46.116 kg vs 40.1 kg = +15.0025 % > 15 % → hold", "weight-gain", { a: { weightKg: 46.116 }, c: { baselineWeightKg: 40.1 } }, "hold"],
  ["94.77 kg vs 82.4 kg = +15.012 % > 15 % → hold", "weight-gain", { a: { weightKg: 94.77 }, c: { baselineWeightKg: 82.4 } }, "hold"],
  // hypoxia: SpO₂ < 90 hold
  ["SpO₂ 90 is not < 90", "hypoxia", { a: { spo2Pct: 90 } }, null],
  ["SpO₂ 89 < 90 → hold", "hypoxia", { a: { spo2Pct: 89 } }, "hold"],
  // oxygen-need: nasal cannula ≥ 3 hold; > 4 L/min or face mask and beyond stop
  ["room air 0 L/min", "oxygen-need", { a: { oxygenDevice: "room-air", oxygenLpm: 0 } }, null],
  ["nasal cannula 2.9 L/min is not ≥ 3", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 2.9 } }, null],
  ["nasal cannula 3 L/min ≥ 3 → hold", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 3 } }, "hold"],
  ["nasal cannula 4 L/min is not > 4 → hold", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 4 } }, "hold"],
  ["nasal cannula 4.5 L/min > 4 → stop", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 4.5 } }, "stop"],
  ["face mask → stop", "oxygen-need", { a: { oxygenDevice: "face-mask", oxygenLpm: 2 } }, "stop"],
  ["high-flow → stop", "oxygen-need", { a: { oxygenDevice: "high-flow", oxygenLpm: 40 } }, "stop"],
  ["non-invasive ventilation → stop", "oxygen-need", { a: { oxygenDevice: "non-invasive", oxygenLpm: 10 } }, "stop"],
  ["intubated → stop", "oxygen-need", { a: { oxygenDevice: "intubated", oxygenLpm: 0 } }, "stop"],
  // mental-status: mild/moderate hold, severe/coma stop
  ["mental status normal", "mental-status", { a: { mentalStatus: "normal" } }, null],
  ["mild confusion → hold", "mental-status", { a: { mentalStatus: "mild" } }, "hold"],
  ["moderate confusion → hold in monotherapy", "mental-status", { a: { mentalStatus: "moderate" } }, "hold"],
  ["severe confusion → stop", "mental-status", { a: { mentalStatus: "severe" } }, "stop"],
  ["coma → stop", "mental-status", { a: { mentalStatus: "coma" } }, "stop"],
  // platelets-low: < 50,000 hold, < 30,000 stop
  ["platelets 50,000 is not < 50,000", "platelets-low", { a: { plateletsPerUl: 50_000 } }, null],
  ["platelets 49,999 < 50,000 → hold", "platelets-low", { a: { plateletsPerUl: 49_999 } }, "hold"],
  ["platelets 30,000 is not < 30,000 → hold", "platelets-low", { a: { plateletsPerUl: 30_000 } }, "hold"],
  ["platelets 29,999 < 30,000 → stop", "platelets-low", { a: { plateletsPerUl: 29_999 } }, "stop"],
  ["platelets 29,000 → one stop finding", "platelets-low", { a: { plateletsPerUl: 29_000 } }, "stop"],
  // bilirubin-high: > 7 hold
  ["bilirubin 7 is not > 7", "bilirubin-high", { a: { bilirubinMgDl: 7 } }, null],
  ["bilirubin 7.1 > 7 → hold", "bilirubin-high", { a: { bilirubinMgDl: 7.1 } }, "hold"],
  // infection: suspected or documented stop
  ["no infection", "infection", { a: { infection: "none" } }, null],
  ["suspected infection → stop in monotherapy", "infection", { a: { infection: "suspected" } }, "stop"],
  ["documented infection → stop", "infection", { a: { infection: "documented" } }, "stop"],
  ["infection absent → none", "infection", { a: { infection: undefined } }, null],
  // gi-bleeding: occult hold, frank stop
  ["no GI bleeding", "gi-bleeding", { a: { giBleeding: "none" } }, null],
  ["occult GI bleeding → hold", "gi-bleeding", { a: { giBleeding: "occult" } }, "hold"],
  ["frank GI bleeding → stop", "gi-bleeding", { a: { giBleeding: "frank" } }, "stop"],
  // permanent-event: any → discontinue
  ["no permanent events", "permanent-event", { a: { permanentEvents: [] } }, null],
  ["ischemia → discontinue", "permanent-event", { a: { permanentEvents: ["ischemia"] } }, "discontinue"],
  ["tamponade + sustained VT → one discontinue finding", "permanent-event", { a: { permanentEvents: ["tamponade", "sustained-vt"] } }, "discontinue"],
  // not criteria in monotherapy
  ["fluid-refractory hypotension is not a monotherapy criterion", "hypotension-refractory", { a: { fluidRefractoryHypotension: true } }, null],
];

const TIL: Row[] = [
  // sbp-low: < course.targetSbpMmHg (default 90) → hold (BW)
  ["SBP 89 < default target 90 → hold", "sbp-low", { a: { sbpMmHg: 89 } }, "hold"],
  ["SBP 90 is not < default target 90", "sbp-low", { a: { sbpMmHg: 90 } }, null],
  ["SBP 94 < target 95 → hold", "sbp-low", { a: { sbpMmHg: 94 }, c: { targetSbpMmHg: 95 } }, "hold"],
  ["SBP 94.9 < target 95 → hold", "sbp-low", { a: { sbpMmHg: 94.9 }, c: { targetSbpMmHg: 95 } }, "hold"],
  ["SBP 95 is not < target 95", "sbp-low", { a: { sbpMmHg: 95 }, c: { targetSbpMmHg: 95 } }, null],
  ["SBP 89 is not < target 85", "sbp-low", { a: { sbpMmHg: 89 }, c: { targetSbpMmHg: 85 } }, null],
  ["SBP 92, targetSbpMmHg null → default 90", "sbp-low", { a: { sbpMmHg: 92 }, c: { targetSbpMmHg: null } }, null],
  // hypotension-refractory: true → stop (BW)
  ["fluid-refractory hypotension → stop", "hypotension-refractory", { a: { fluidRefractoryHypotension: true } }, "stop"],
  ["hypotension responds to fluids", "hypotension-refractory", { a: { fluidRefractoryHypotension: false } }, null],
  ["fluidRefractoryHypotension absent → false", "hypotension-refractory", { a: { fluidRefractoryHypotension: undefined } }, null],
  // pressor-at-dose: any vasopressor hold; phenylephrine > 0.5 stop (BW)
  ["phenylephrine 0 → no vasopressor", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0 } }, null],
  ["phenylephrine 0.01 > 0 → hold", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.01 } }, "hold"],
  ["phenylephrine 0.5 is not > 0.5 → hold", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.5 } }, "hold"],
  ["phenylephrine 0.51 > 0.5 → stop", "pressor-at-dose", { a: { phenylephrineMcgKgMin: 0.51 } }, "stop"],
  ["other vasopressor running → hold", "pressor-at-dose", { a: { otherVasopressor: true } }, "hold"],
  // pressor-peak is not a TIL criterion
  ["peak phenylephrine 2.0 is not a TIL criterion", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 2.0 } }, null],
  // tachycardia: same as monotherapy
  ["HR 120 is not > 120", "tachycardia", { a: { heartRateBpm: 120 } }, null],
  ["HR 121 > 120 → hold", "tachycardia", { a: { heartRateBpm: 121 } }, "hold"],
  ["HR 130 is not > 130 → hold", "tachycardia", { a: { heartRateBpm: 130 } }, "hold"],
  ["HR 131 > 130 → stop", "tachycardia", { a: { heartRateBpm: 131 } }, "stop"],
  // arrhythmia: AF/SVT/bradycardia stop (inferred); ventricular ectopy stop
  ["sinus rhythm", "arrhythmia", { a: { rhythm: "sinus" } }, null],
  ["atrial fibrillation → stop after TIL", "arrhythmia", { a: { rhythm: "atrial-fibrillation" } }, "stop"],
  ["SVT → stop after TIL", "arrhythmia", { a: { rhythm: "svt" } }, "stop"],
  ["bradycardia needing treatment → stop after TIL", "arrhythmia", { a: { rhythm: "bradycardia-needing-treatment" } }, "stop"],
  ["ventricular ectopy → stop", "arrhythmia", { a: { rhythm: "ventricular-ectopy" } }, "stop"],
  // urine-output-low: < 0.5 mL/kg/h (dosing weight) hold; < 10 mL/h stop
  ["320 mL / 8 h / 80 kg = 0.5 mL/kg/h is not < 0.5", "urine-output-low", { a: { urineOutputMl: 320, urineOutputHours: 8 } }, null],
  ["319 mL / 8 h / 80 kg = 0.4984 mL/kg/h < 0.5 → hold", "urine-output-low", { a: { urineOutputMl: 319, urineOutputHours: 8 } }, "hold"],
  ["250 mL / 8 h / 80 kg = 0.39 mL/kg/h < 0.5 → hold", "urine-output-low", { a: { urineOutputMl: 250, urineOutputHours: 8 } }, "hold"],
  ["329.6 mL / 8 h / 82.4 kg = 0.5 mL/kg/h exactly → no hold", "urine-output-low", { a: { urineOutputMl: 329.6, urineOutputHours: 8 }, c: { dosingWeightKg: 82.4 } }, null],
  ["329.5 mL / 8 h / 82.4 kg = 0.49985 mL/kg/h < 0.5 → hold", "urine-output-low", { a: { urineOutputMl: 329.5, urineOutputHours: 8 }, c: { dosingWeightKg: 82.4 } }, "hold"],
  ["123.6 mL / 3 h / 82.4 kg = 0.5 exactly (float: 0.4999999999999999) → no hold", "urine-output-low", { a: { urineOutputMl: 123.6, urineOutputHours: 3 }, c: { dosingWeightKg: 82.4 } }, null],
  ["330 mL / 8 h judged on dosing weight 82.4 kg (0.5006), not daily weight 100 kg", "urine-output-low", { a: { urineOutputMl: 330, urineOutputHours: 8, weightKg: 90 }, c: { dosingWeightKg: 82.4, baselineWeightKg: 82.4 } }, null],
  ["80 mL / 8 h = 10 mL/h is not < 10 → hold (0.125 mL/kg/h)", "urine-output-low", { a: { urineOutputMl: 80, urineOutputHours: 8 } }, "hold"],
  ["79 mL / 8 h = 9.875 mL/h < 10 → stop", "urine-output-low", { a: { urineOutputMl: 79, urineOutputHours: 8 } }, "stop"],
  // creatinine-high: ≥ 2.5 hold; ≥ 3.0 stop
  ["creatinine 2.49 is not ≥ 2.5", "creatinine-high", { a: { creatinineMgDl: 2.49 } }, null],
  ["creatinine 2.5 ≥ 2.5 → hold", "creatinine-high", { a: { creatinineMgDl: 2.5 } }, "hold"],
  ["creatinine 2.99 is not ≥ 3.0 → hold", "creatinine-high", { a: { creatinineMgDl: 2.99 } }, "hold"],
  ["creatinine 3.0 ≥ 3.0 → stop", "creatinine-high", { a: { creatinineMgDl: 3.0 } }, "stop"],
  // bicarbonate-low: ≤ 18 hold
  ["bicarbonate 18.1 is not ≤ 18", "bicarbonate-low", { a: { bicarbonateMmolL: 18.1 } }, null],
  ["bicarbonate 18 ≤ 18 → hold", "bicarbonate-low", { a: { bicarbonateMmolL: 18 } }, "hold"],
  // weight-gain: > 15 %
  ["92 kg vs 80 kg = +15 % is not > 15 %", "weight-gain", { a: { weightKg: 92 } }, null],
  ["92.01 kg vs 80 kg = +15.0125 % > 15 % → hold", "weight-gain", { a: { weightKg: 92.01 } }, "hold"],
  // hypoxia: SpO₂ < 90
  ["SpO₂ 90 is not < 90", "hypoxia", { a: { spo2Pct: 90 } }, null],
  ["SpO₂ 89 < 90 → hold", "hypoxia", { a: { spo2Pct: 89 } }, "hold"],
  // oxygen-need: any supplemental O₂ hold; ≥ 3 L/min or any device beyond nasal cannula stop
  ["room air 0 L/min", "oxygen-need", { a: { oxygenDevice: "room-air", oxygenLpm: 0 } }, null],
  ["nasal cannula 1 L/min: any supplemental oxygen → hold", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 1 } }, "hold"],
  ["nasal cannula 2.9 L/min is not ≥ 3 → hold", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 2.9 } }, "hold"],
  ["nasal cannula 3 L/min ≥ 3 → stop", "oxygen-need", { a: { oxygenDevice: "nasal-cannula", oxygenLpm: 3 } }, "stop"],
  ["face mask: beyond nasal cannula → stop", "oxygen-need", { a: { oxygenDevice: "face-mask", oxygenLpm: 2 } }, "stop"],
  ["high-flow → stop", "oxygen-need", { a: { oxygenDevice: "high-flow", oxygenLpm: 40 } }, "stop"],
  ["non-invasive → stop", "oxygen-need", { a: { oxygenDevice: "non-invasive", oxygenLpm: 10 } }, "stop"],
  ["intubated → stop", "oxygen-need", { a: { oxygenDevice: "intubated", oxygenLpm: 0 } }, "stop"],
  // mental-status: mild hold; moderate, severe, coma stop
  ["mental status normal", "mental-status", { a: { mentalStatus: "normal" } }, null],
  ["mild confusion → hold", "mental-status", { a: { mentalStatus: "mild" } }, "hold"],
  ["moderate confusion → stop after TIL", "mental-status", { a: { mentalStatus: "moderate" } }, "stop"],
  ["severe confusion → stop", "mental-status", { a: { mentalStatus: "severe" } }, "stop"],
  ["coma → stop", "mental-status", { a: { mentalStatus: "coma" } }, "stop"],
  // platelets-low is not a TIL criterion (expected cytopenia)
  ["platelets 10,000 after lymphodepletion: shown, never a criterion", "platelets-low", { a: { plateletsPerUl: 10_000 } }, null],
  // bilirubin-high: > 7
  ["bilirubin 7 is not > 7", "bilirubin-high", { a: { bilirubinMgDl: 7 } }, null],
  ["bilirubin 7.01 > 7 → hold", "bilirubin-high", { a: { bilirubinMgDl: 7.01 } }, "hold"],
  // infection: suspected hold (judgment), documented stop
  ["no infection", "infection", { a: { infection: "none" } }, null],
  ["suspected infection → hold after TIL", "infection", { a: { infection: "suspected" } }, "hold"],
  ["documented infection → stop", "infection", { a: { infection: "documented" } }, "stop"],
  // gi-bleeding
  ["no GI bleeding", "gi-bleeding", { a: { giBleeding: "none" } }, null],
  ["occult GI bleeding → hold", "gi-bleeding", { a: { giBleeding: "occult" } }, "hold"],
  ["frank GI bleeding → stop", "gi-bleeding", { a: { giBleeding: "frank" } }, "stop"],
  // permanent-event
  ["no permanent events", "permanent-event", { a: { permanentEvents: [] } }, null],
  ["permanentEvents absent → none", "permanent-event", { a: { permanentEvents: undefined } }, null],
  ["repetitive seizures → discontinue", "permanent-event", { a: { permanentEvents: ["repetitive-seizures"] } }, "discontinue"],
];

const except = (rows: Row[], labels: string[]): Row[] => {
  const gone = rows.filter((r) => labels.includes(r[0]));
  if (gone.length !== labels.length) throw new Error(`unknown row label in ${JSON.stringify(labels)}`);
  return rows.filter((r) => !labels.includes(r[0]));
};

/** mono-2014 1.1.0: 1.0.0's rows whose meaning did not change, and the new ones. */
const MONO_1_1: Row[] = [
  ...except(MONO, [
    "peak phenylephrine absent → not evaluated", "bicarbonate absent → not evaluated", "infection absent → none",
    "50 mL / 2.5 h = 20 mL/h is not < 20 (decimal hours)", "49.9 mL / 2.5 h = 19.96 mL/h < 20 → hold",
  ]),
  // 1.1.0 requires every criterion input: absent → incomplete, never "no"
  ["peak phenylephrine absent → missing, incomplete", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: undefined } }, null, "incomplete"],
  ["bicarbonate absent → missing, incomplete", "bicarbonate-low", { a: { bicarbonateMmolL: undefined } }, null, "incomplete"],
  ["infection absent → missing, incomplete (none is an answer)", "infection", { a: { infection: undefined } }, null, "incomplete"],
  ["giBleeding absent → missing, incomplete", "gi-bleeding", { a: { giBleeding: undefined } }, null, "incomplete"],
  ["permanentEvents absent → missing, incomplete ([] is an answer)", "permanent-event", { a: { permanentEvents: undefined } }, null, "incomplete"],
  ["bilirubin absent → missing, incomplete", "bilirubin-high", { a: { bilirubinMgDl: undefined } }, null, "incomplete"],
  ["fluid-refractory hypotension absent: optional in monotherapy (not a criterion) → give", "hypotension-refractory", { a: { fluidRefractoryHypotension: undefined } }, null],
  // urine output inside the 4–8 h window
  ["80 mL / 4 h = 20 mL/h is not < 20", "urine-output-low", { a: { urineOutputMl: 80, urineOutputHours: 4 } }, null],
  ["79.9 mL / 4 h = 19.975 mL/h < 20 → hold", "urine-output-low", { a: { urineOutputMl: 79.9, urineOutputHours: 4 } }, "hold"],
  ["finding 3: HR 49 < 50 sinus → bradycardia hold", "bradycardia", { a: { heartRateBpm: 49 } }, "hold"],
  ["HR 50 is not < 50", "bradycardia", { a: { heartRateBpm: 50 } }, null],
  ["finding 3: HR 30 sinus → bradycardia hold", "bradycardia", { a: { heartRateBpm: 30 } }, "hold"],
  ["HR 20 (the floor) sinus → bradycardia hold", "bradycardia", { a: { heartRateBpm: 20 } }, "hold"],
];

/** til-2024 1.1.0 (the fixture's course carries the required target, 90 mmHg). */
const TIL_1_1: Row[] = [
  ...except(TIL, [
    "SBP 89 is not < target 85", "SBP 92, targetSbpMmHg null → default 90", "fluidRefractoryHypotension absent → false",
    "peak phenylephrine 2.0 is not a TIL criterion", "123.6 mL / 3 h / 82.4 kg = 0.5 exactly (float: 0.4999999999999999) → no hold",
    "platelets 10,000 after lymphodepletion: shown, never a criterion", "permanentEvents absent → none",
  ]),
  ["SBP 89 < target 90 → hold", "sbp-low", { a: { sbpMmHg: 89 }, c: { targetSbpMmHg: 90 } }, "hold"],
  ["SBP 139 < target 140 → hold", "sbp-low", { a: { sbpMmHg: 139 }, c: { targetSbpMmHg: 140 } }, "hold"],
  ["SBP 140 is not < target 140", "sbp-low", { a: { sbpMmHg: 140 }, c: { targetSbpMmHg: 140 } }, null],
  ["fluidRefractoryHypotension absent → missing, incomplete", "hypotension-refractory", { a: { fluidRefractoryHypotension: undefined } }, null, "incomplete"],
  ["permanentEvents absent → missing, incomplete", "permanent-event", { a: { permanentEvents: undefined } }, null, "incomplete"],
  ["platelets absent → missing, incomplete", "platelets-low", { a: { plateletsPerUl: undefined } }, null, "incomplete"],
  // pressor-peak (1.1.0): any phenylephrine since the last dose holds when none runs now
  ["peak phenylephrine 0 → no pressor since the last dose", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 0 } }, null],
  ["peak phenylephrine 0.01 > 0, none running → hold", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 0.01 } }, "hold"],
  ["peak phenylephrine 2.0 > 0, none running → hold (never a stop)", "pressor-peak", { a: { phenylephrinePeakMcgKgMin: 2.0 } }, "hold"],
  ["peak 0.4 while phenylephrine 0.3 runs: pressor-at-dose fired, pressor-peak not evaluated", "pressor-at-dose",
    { a: { phenylephrinePeakMcgKgMin: 0.4, phenylephrineMcgKgMin: 0.3 } }, "hold"],
  // urine output also < 20 mL/h (never looser than monotherapy): 30 kg → 0.5 mL/kg/h is 15 mL/h
  ["30 kg: 160 mL / 8 h = 20 mL/h (0.67 mL/kg/h) is not < 20", "urine-output-low", { a: { urineOutputMl: 160, urineOutputHours: 8, weightKg: 30 }, c: { dosingWeightKg: 30, baselineWeightKg: 30 } }, null],
  ["30 kg: 159 mL / 8 h = 19.875 mL/h < 20 (0.66 mL/kg/h ≥ 0.5) → hold", "urine-output-low", { a: { urineOutputMl: 159, urineOutputHours: 8, weightKg: 30 }, c: { dosingWeightKg: 30, baselineWeightKg: 30 } }, "hold"],
  ["30 kg: 80 mL / 4 h = 20 mL/h is not < 20", "urine-output-low", { a: { urineOutputMl: 80, urineOutputHours: 4, weightKg: 30 }, c: { dosingWeightKg: 30, baselineWeightKg: 30 } }, null],
  ["30 kg: 79.9 mL / 4 h = 19.975 mL/h < 20 → hold", "urine-output-low", { a: { urineOutputMl: 79.9, urineOutputHours: 4, weightKg: 30 }, c: { dosingWeightKg: 30, baselineWeightKg: 30 } }, "hold"],
  // platelets-low (1.1.0): < 20,000 hold, judgment
  ["platelets 20,000 is not < 20,000", "platelets-low", { a: { plateletsPerUl: 20_000 } }, null],
  ["platelets 19,999 < 20,000 → hold", "platelets-low", { a: { plateletsPerUl: 19_999 } }, "hold"],
  ["platelets 10,000 → hold (not a stop after TIL)", "platelets-low", { a: { plateletsPerUl: 10_000 } }, "hold"],
  // bradycardia (1.1.0)
  ["finding 3: HR 49 < 50 sinus → bradycardia hold", "bradycardia", { a: { heartRateBpm: 49 } }, "hold"],
  ["HR 50 is not < 50", "bradycardia", { a: { heartRateBpm: 50 } }, null],
  ["finding 3: HR 30 sinus → bradycardia hold", "bradycardia", { a: { heartRateBpm: 30 } }, "hold"],
];

function run(make: typeof tilRequest, patch: Patch, version?: Version) {
  const over: Over = { assessment: patch.a, course: patch.c };
  if (version !== undefined) over.version = version;
  return decide(make(over));
}

describe.each([
  ["mono-2014 1.0.0", monoRequest, MONO, "1.0.0"],
  ["til-2024 1.0.0", tilRequest, TIL, "1.0.0"],
  ["mono-2014 1.1.0", monoRequest, MONO_1_1, "1.1.0"],
  ["til-2024 1.1.0", tilRequest, TIL_1_1, "1.1.0"],
] as const)("%s", (_id, make, rows, version) => {
  test.each(rows)("%s", (_label, criterion, patch, tier, decision) => {
    const d = run(make, patch, version);
    expect(d.ruleSet.version).toBe(version);
    const map = findingMap(d);
    expect(map[criterion] ?? null).toBe(tier);
    // Each row changes one criterion, so that criterion decides (a single hold is below both combination counts).
    const others = Object.keys(map).filter((k) => k !== criterion);
    expect(others).toEqual([]);
    expect(d.decision).toBe(decision ?? (tier === null ? "give" : tier));
    expect(d.findings.filter((f) => f.criterion === criterion)).toHaveLength(tier === null ? 0 : 1);
  });
});

describe("bradycardia is not evaluated when arrhythmia fired (1.1.0)", () => {
  test.each([
    ["mono: HR 40 with bradycardia needing treatment → arrhythmia hold only", monoRequest, { "arrhythmia": "hold" }],
    ["TIL: HR 40 with bradycardia needing treatment → arrhythmia stop only", tilRequest, { "arrhythmia": "stop" }],
  ] as const)("%s", (_label, make, want) => {
    const d = decide(make({ assessment: { heartRateBpm: 40, rhythm: "bradycardia-needing-treatment" } }));
    expect(findingMap(d)).toEqual(want);
  });

  test("1.0.0 has no bradycardia criterion: HR 40 sinus gives", () => {
    expect(decide(monoRequest({ version: "1.0.0", assessment: { heartRateBpm: 40 } })).decision).toBe("give");
    expect(decide(tilRequest({ version: "1.0.0", assessment: { heartRateBpm: 40 } })).decision).toBe("give");
  });
});

describe("every permanent-discontinuation event discontinues in both rule sets and both versions", () => {
  const cases = PERMANENT_EVENTS.flatMap((e) => (["1.0.0", "1.1.0"] as const).flatMap((v) => [
    [`${e} (mono ${v})`, e, monoRequest, v] as const, [`${e} (TIL ${v})`, e, tilRequest, v] as const,
  ]));
  test("the list holds the two events added in contract 1.1", () => {
    expect(PERMANENT_EVENTS).toContain("toxic-psychosis-over-48h");
    expect(PERMANENT_EVENTS).toContain("dialysis-over-72h");
    expect(PERMANENT_EVENTS).toHaveLength(11);
  });
  test.each(cases)("%s", (_label, e, make, version) => {
    const d = decide(make({ version, assessment: { permanentEvents: [e] } }));
    expect(d.decision).toBe("discontinue");
    expect(findingMap(d)).toEqual({ "permanent-event": "discontinue" });
  });
});

describe("findings carry the evidence", () => {
  test("urine output after TIL: observed 0.39 mL/kg/h against 0.5, source BW, the arithmetic spelled out", () => {
    const d = decide(tilRequest({ assessment: { urineOutputMl: 250, urineOutputHours: 8 } }));
    expect(d.findings).toEqual([expect.objectContaining({
      criterion: "urine-output-low", tier: "hold", parameter: "urineOutputMl", observed: 0.39, limit: 0.5, unit: "mL/kg/h",
      source: "BW", judgment: false, comparator: "<", confidence: "stated", label: "Urine output < 0.5 mL/kg/h (dosing weight)",
    })]);
    expect(d.findings[0]?.detail).toContain("250 mL ÷ 8 h ÷ 80 kg");
  });

  test("an observed value just under the limit is never displayed as the limit (319.99 mL → 0.49998, not 0.5)", () => {
    const d = decide(tilRequest({ assessment: { urineOutputMl: 319.99, urineOutputHours: 8 } }));
    const f = d.findings[0];
    expect(f?.tier).toBe("hold");
    expect(f?.observed).toBeLessThan(0.5);
  });

  test("TIL SBP finding reports the admission target as its limit", () => {
    const d = decide(tilRequest({ assessment: { sbpMmHg: 94 }, course: { targetSbpMmHg: 95 } }));
    expect(d.findings[0]).toMatchObject({ criterion: "sbp-low", observed: 94, limit: 95, unit: "mmHg", source: "BW" });
  });

  test("the highest tier's threshold is reported, the lower one listed as also fired", () => {
    const d = decide(monoRequest({ assessment: { plateletsPerUl: 29_000 } }));
    expect(d.findings).toHaveLength(1);
    expect(d.findings[0]).toMatchObject({ tier: "stop", observed: 29_000, limit: 30_000, alsoFired: [{ tier: "hold", label: "Platelets < 50,000/µL" }] });
  });

  test("enumerated criteria report the observed word and the words that fire", () => {
    const d = decide(monoRequest({ assessment: { rhythm: "svt" } }));
    expect(d.findings[0]).toMatchObject({ criterion: "arrhythmia", parameter: "rhythm", observed: "svt", limit: null, unit: null });
    expect(d.findings[0]?.values).toContain("atrial-fibrillation");
  });
});

describe("judgment marks (sources disagree → an attending must look)", () => {
  test.each([
    ["mono HR 121: SPR holds over 120, DUT over 100", monoRequest, { heartRateBpm: 121 }, "tachycardia", true],
    ["mono HR 131 stop is stated by SPR", monoRequest, { heartRateBpm: 131 }, "tachycardia", false],
    ["mono AF hold: DUT would stop", monoRequest, { rhythm: "atrial-fibrillation" }, "arrhythmia", true],
    ["mono ventricular ectopy stop is stated", monoRequest, { rhythm: "ventricular-ectopy" }, "arrhythmia", false],
    ["TIL 1.1.0 creatinine 2.6: the hold is stated (BW)", tilRequest, { creatinineMgDl: 2.6 }, "creatinine-high", false],
    ["TIL 1.1.0 creatinine 3.0: the stop is our reading (judgment)", tilRequest, { creatinineMgDl: 3.0 }, "creatinine-high", true],
    ["TIL platelets 19,999 (1.1.0, judgment)", tilRequest, { plateletsPerUl: 19_999 }, "platelets-low", true],
    ["mono creatinine 2.6 is stated", monoRequest, { creatinineMgDl: 2.6 }, "creatinine-high", false],
    ["TIL suspected infection hold", tilRequest, { infection: "suspected" }, "infection", true],
    ["mono oxygen 3 L/min with SpO₂ 95 ≥ 90", monoRequest, { oxygenDevice: "nasal-cannula", oxygenLpm: 3, spo2Pct: 95 }, "oxygen-need", true],
    ["mono oxygen 3 L/min with SpO₂ 89 < 90 is not judgment", monoRequest, { oxygenDevice: "nasal-cannula", oxygenLpm: 3, spo2Pct: 89 }, "oxygen-need", false],
    ["TIL nasal cannula 1 L/min with SpO₂ 90 ≥ 90", tilRequest, { oxygenDevice: "nasal-cannula", oxygenLpm: 1, spo2Pct: 90 }, "oxygen-need", true],
    ["TIL urine output hold is stated", tilRequest, { urineOutputMl: 250 }, "urine-output-low", false],
  ] as const)("%s", (_label, make, a, criterion, judgment) => {
    const d = decide(make({ assessment: a }));
    const f = d.findings.find((x) => x.criterion === criterion);
    expect(f?.judgment).toBe(judgment);
    expect(d.needsAttendingReview).toBe(true);
  });
});

test("TIL 1.0.0 creatinine 2.6 keeps its 1.0.0 judgment mark", () => {
  const d = decide(tilRequest({ version: "1.0.0", assessment: { creatinineMgDl: 2.6 } }));
  expect(d.findings[0]).toMatchObject({ criterion: "creatinine-high", judgment: true });
});

describe("combination rule (judgment): hold criteria at once → stop, without a synthetic finding", () => {
  const two = { sbpMmHg: 85, heartRateBpm: 125 };
  const three = { sbpMmHg: 85, heartRateBpm: 125, bicarbonateMmolL: 17 };
  test.each([
    ["mono: 2 hold criteria < 3 → hold", monoRequest, two, "hold", false],
    ["mono: 3 hold criteria ≥ 3 → stop", monoRequest, three, "stop", true],
    ["TIL: 1 hold criterion < 2 → hold", tilRequest, { sbpMmHg: 85 }, "hold", false],
    ["TIL: 2 hold criteria ≥ 2 → stop", tilRequest, two, "stop", true],
  ] as const)("%s", (_label, make, a, decision, fired) => {
    const d = decide(make({ assessment: a }));
    expect(d.decision).toBe(decision);
    expect(d.combination?.fired).toBe(fired);
    expect(d.findings.every((f) => f.tier === "hold")).toBe(true);
    expect(d.findings.map((f) => f.criterion)).toEqual(d.combination?.holdCriteria);
    expect(d.needsAttendingReview).toBe(true);
  });

  test("a stop-tier criterion does not count toward the hold combination (TIL: 1 hold + 1 stop)", () => {
    const d = decide(tilRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 131 } }));
    expect(d.decision).toBe("stop");
    expect(d.combination).toMatchObject({ holdCriteria: ["sbp-low"], fired: false });
    expect(findingMap(d)).toEqual({ "sbp-low": "hold", tachycardia: "stop" });
  });

  test("discontinue outranks stop and hold; every fired criterion is listed", () => {
    const d = decide(monoRequest({ assessment: { sbpMmHg: 85, heartRateBpm: 140, permanentEvents: ["ischemia"] } }));
    expect(d.decision).toBe("discontinue");
    expect(findingMap(d)).toEqual({ "sbp-low": "hold", tachycardia: "stop", "permanent-event": "discontinue" });
  });

  test.each([
    ["mono: bradycardia + SBP 85 + occult bleeding = 2 counted (bradycardia excluded) → hold", monoRequest,
      { heartRateBpm: 45, sbpMmHg: 85, giBleeding: "occult" }, "hold", ["sbp-low", "gi-bleeding"]],
    ["TIL: bradycardia + platelets 15,000 = 0 counted → hold", tilRequest, { heartRateBpm: 45, plateletsPerUl: 15_000 }, "hold", []],
    ["TIL: bradycardia + SBP 85 = 1 counted → hold", tilRequest, { heartRateBpm: 45, sbpMmHg: 85 }, "hold", ["sbp-low"]],
    ["TIL: platelets 15,000 + SBP 85 + creatinine 2.6 = 2 counted → stop", tilRequest, { plateletsPerUl: 15_000, sbpMmHg: 85, creatinineMgDl: 2.6 }, "stop",
      ["sbp-low", "creatinine-high"]],
  ] as const)("1.1.0: bradycardia and TIL platelets do not count: %s", (_label, make, a, decision, counted) => {
    const d = decide(make({ assessment: a }));
    expect(d.decision).toBe(decision);
    expect(d.combination?.holdCriteria).toEqual(counted);
  });

  test("a clean assessment needs no attending review", () => {
    const d = decide(tilRequest());
    expect(d.decision).toBe("give");
    expect(d.needsAttendingReview).toBe(false);
    expect(d.combination).toMatchObject({ holdCriteria: [], fired: false, threshold: 2 });
  });
});
