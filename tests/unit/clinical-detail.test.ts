import { describe, expect, test } from "vitest";
import { clinicalDetail } from "@/lib/domain/assessment-fields";

describe("clinicalDetail: the engine's arithmetic in the clinician's words (issue 8: no internal field names)", () => {
  test.each([
    ["heartRateBpm 125 bpm > 120 bpm", "Heart rate 125 bpm > 120 bpm"],
    ["mentalStatus is severe", "Mental status: Severe confusion"],
    ["rhythm is ventricular-ectopy", "Rhythm: Ventricular ectopy"],
    ["permanentEvents: sustained-vt, ischemia", "Events that end IL-2 permanently: Sustained VT, Ischemia"],
    ["300 mL ÷ 8 h ÷ 80 kg (dosing weight) = 0.47 mL/kg/h < 0.5 mL/kg/h", "300 mL ÷ 8 h ÷ 80 kg (dosing weight) = 0.47 mL/kg/h < 0.5 mL/kg/h"],
  ])("%s → %s", (detail, words) => {
    expect(clinicalDetail(detail)).toBe(words);
  });
});
