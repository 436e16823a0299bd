// The default rule sets are data, validated on load; the evaluator reads every number from them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import {
  ALL_RULE_SETS, CONTRACT_DATA, RULE_SETS, RULE_SET_VERSIONS, SOURCE_KEYS, allowedDoseIuPerKgOf, compileRuleSet, criterionIdsOf,
  criterionInputs, defaultRuleSetFor, evaluateDose, getRuleSet, latestRuleSetFor, newerRuleSetVersion, type RuleSet,
} from "@/lib/rules";
import { MONO_2014 } from "@/lib/rules/rule-sets/mono-2014";
import { TIL_2024 } from "@/lib/rules/rule-sets/til-2024";
import { NOW, decide, tilRequest } from "./fixtures";

const til = getRuleSet("til-2024", "1.0.0") as RuleSet;
const mono = getRuleSet("mono-2014", "1.0.0") as RuleSet;
const til11 = defaultRuleSetFor("til-adjunct");
const mono11 = defaultRuleSetFor("monotherapy");

const MONO_IDS = ["sbp-low", "pressor-at-dose", "pressor-peak", "tachycardia", "arrhythmia", "urine-output-low", "creatinine-high",
  "bicarbonate-low", "weight-gain", "hypoxia", "oxygen-need", "mental-status", "platelets-low", "bilirubin-high", "infection",
  "gi-bleeding", "permanent-event"];
const TIL_IDS = ["sbp-low", "hypotension-refractory", "pressor-at-dose", "tachycardia", "arrhythmia", "urine-output-low",
  "creatinine-high", "bicarbonate-low", "weight-gain", "hypoxia", "oxygen-need", "mental-status", "bilirubin-high", "infection",
  "gi-bleeding", "permanent-event"];

describe("the registry: four (id, version) pairs", () => {
  test("RULE_SET_VERSIONS lists 1.0.0 and 1.1.0 of each, 1.1.0 latest", () => {
    expect(RULE_SET_VERSIONS.map((r) => `${r.id}@${r.version}:${r.protocol}:${r.latest}`)).toEqual([
      "mono-2014@1.0.0:monotherapy:false", "mono-2014@1.1.0:monotherapy:true",
      "til-2024@1.0.0:til-adjunct:false", "til-2024@1.1.0:til-adjunct:true",
    ]);
    expect(ALL_RULE_SETS).toHaveLength(4);
  });

  test("RULE_SETS are the current defaults (1.1.0), one per protocol", () => {
    expect(RULE_SETS.map((r) => `${r.id}@${r.version}:${r.protocol}`).sort()).toEqual([
      "mono-2014@1.1.0:monotherapy", "til-2024@1.1.0:til-adjunct",
    ]);
    expect(defaultRuleSetFor("til-adjunct")).toBe(getRuleSet("til-2024", "1.1.0"));
    expect(latestRuleSetFor("monotherapy")).toBe(getRuleSet("mono-2014", "1.1.0"));
  });

  test.each([
    ["til-2024", "1.0.0", { id: "til-2024", version: "1.1.0" }],
    ["mono-2014", "1.0.0", { id: "mono-2014", version: "1.1.0" }],
    ["til-2024", "1.1.0", null],
    ["mono-2014", "2.0.0", null],
    ["unknown-2030", "1.0.0", null],
  ] as const)("newerRuleSetVersion(%s, %s)", (id, version, want) => {
    expect(newerRuleSetVersion(id, version)).toEqual(want);
  });

  test("getRuleSet finds every shipped version and nothing else", () => {
    for (const v of RULE_SET_VERSIONS) expect(getRuleSet(v.id, v.version)?.version).toBe(v.version);
    expect(getRuleSet("til-2024", "2.0.0")).toBeUndefined();
  });

  test("1.0.0 data is unchanged: the 1.0.0 files load as written", () => {
    expect(mono).toEqual(MONO_2014);
    expect(til).toEqual(TIL_2024);
  });

  test("1.1.0 requires every input a criterion reads (only temperature and, in mono, fluid-refractory hypotension stay optional)", () => {
    for (const rs of [mono11, til11]) {
      const required = new Set<string>(rs.requiredFields.fields);
      expect(criterionInputs(rs).filter((f) => !required.has(f))).toEqual([]);
      expect(required.has("temperatureC")).toBe(false);
    }
    expect(til11.requiredFields.fields).toContain("fluidRefractoryHypotension");
    expect(mono11.requiredFields.fields).not.toContain("fluidRefractoryHypotension");
  });

  test("doses per kg: 1.1.0 lists 600,000 and 720,000; 1.0.0 inherits the contract-wide list", () => {
    expect(allowedDoseIuPerKgOf(til11).map((a) => a.value)).toEqual([600_000, 720_000]);
    expect(allowedDoseIuPerKgOf(mono).map((a) => a.value)).toEqual([600_000, 720_000]);
    expect(allowedDoseIuPerKgOf(mono)).toBe(CONTRACT_DATA.allowedDoseIuPerKg);
  });

  test("criterionIdsOf lists the criteria a rule set has", () => {
    expect(criterionIdsOf(mono11)).toContain("holds-cumulative");
    expect(criterionIdsOf(til11)).not.toContain("holds-cumulative");
  });
});

describe("the four rule sets", () => {
  test.each([
    ["mono-2014 1.0.0", mono, MONO_IDS],
    ["til-2024 1.0.0", til, TIL_IDS],
    ["mono-2014 1.1.0", mono11, [...MONO_IDS, "bradycardia", "holds-cumulative"]],
    ["til-2024 1.1.0", til11, [...TIL_IDS, "bradycardia", "pressor-peak", "platelets-low"]],
  ] as const)("%s has exactly the criteria of protocols.md §4", (_id, rs, ids) => {
    expect(rs.criteria.map((c) => c.id).sort()).toEqual([...ids].sort());
  });

  test.each([["mono-2014 1.0.0", mono], ["til-2024 1.0.0", til], ["mono-2014 1.1.0", mono11], ["til-2024 1.1.0", til11]] as const)("%s: every threshold has a label, a source key and a confidence", (_id, rs) => {
    for (const c of rs.criteria) {
      for (const t of c.thresholds) {
        expect(t.label.length).toBeGreaterThan(3);
        expect(SOURCE_KEYS).toContain(t.source);
        expect(["stated", "inferred", "judgment"]).toContain(t.confidence);
      }
    }
  });

  // Which numbers the rule sets hold (6 doses, +3 h to +24 h, 14/28, 720 min, day 22, …) is not restated here: a
  // copy of the data file tests nothing. Each is tested as behaviour on both sides of its boundary in schedule,
  // criteria and contract-1-1.test.ts, and the provenance of each threshold is checked as a rule above.
  test("the rule sets are frozen", () => {
    for (const rs of ALL_RULE_SETS) {
      expect(Object.isFrozen(rs)).toBe(true);
      expect(Object.isFrozen(rs.criteria[0]?.thresholds[0])).toBe(true);
    }
  });
});

/** A modified copy of a default rule set. */
function variant(base: RuleSet, version: string, change: (rs: RuleSet) => void): unknown {
  const copy = structuredClone(base) as RuleSet;
  copy.version = version;
  change(copy);
  return copy;
}

describe("a malformed rule set is refused", () => {
  test.each([
    ["an unknown source key", (rs: RuleSet) => { Object.assign(rs.criteria[0]?.thresholds[0] ?? {}, { source: "WIKI" }); }, "criteria.0.thresholds.0.source"],
    ["a tier that does not exist", (rs: RuleSet) => { Object.assign(rs.criteria[0]?.thresholds[0] ?? {}, { tier: "pause" }); }, "criteria.0.thresholds.0.tier"],
    ["a duplicate criterion id", (rs: RuleSet) => { Object.assign(rs.criteria[1] ?? {}, { id: rs.criteria[0]?.id }); }, "criteria.1.id"],
    ["a rhythm word that does not exist", (rs: RuleSet) => {
      const t = rs.criteria.find((c) => c.id === "arrhythmia")?.thresholds[0];
      if (t?.condition.kind === "in") t.condition.values = ["afib"];
    }, "values.0"],
    ["negative minutes", (rs: RuleSet) => { rs.freshness.labsMaxAgeMinutes.value = -1; }, "freshness.labsMaxAgeMinutes.value"],
    ["a course cap below the cycle cap", (rs: RuleSet) => { rs.schedule.maxGivenPerCourse.value = 3; }, "schedule.maxGivenPerCourse.value"],
    ["a limit that is not a number", (rs: RuleSet) => {
      const t = rs.criteria.find((c) => c.id === "hypoxia")?.thresholds[0];
      if (t?.condition.kind === "compare") Object.assign(t.condition, { limit: "90" });
    }, "limit"],
    ["an unknown key", (rs: RuleSet) => { Object.assign(rs, { thresholdsV2: [] }); }, ""],
    ["a combination of 1", (rs: RuleSet) => { rs.combination.minHoldCriteria.value = 1; }, "combination.minHoldCriteria.value"],
    ["no criteria", (rs: RuleSet) => { rs.criteria = []; }, "criteria"],
    ["unlessFired naming a criterion it does not have", (rs: RuleSet) => { Object.assign(rs.criteria[0] ?? {}, { unlessFired: ["nope"] }); }, "unlessFired.0"],
    ["an allowed dose list without the default", (rs: RuleSet) => {
      rs.arithmetic.allowedDoseIuPerKg = [{ value: 720_000, unit: "IU/kg", label: "x", source: "PI-P", confidence: "stated" }];
    }, "arithmetic.allowedDoseIuPerKg"],
    ["a urine window with min above max", (rs: RuleSet) => {
      rs.urineOutputWindow = { minHours: 9, maxHours: 8, label: "x", source: "DUT", confidence: "inferred" };
    }, "urineOutputWindow"],
    ["a held-run condition on an assessment field", (rs: RuleSet) => {
      const t = rs.criteria.find((c) => c.id === "hypoxia")?.thresholds[0];
      if (t !== undefined) Object.assign(t, { condition: { kind: "consecutive-holds", op: ">=", limit: 3, unit: "holds" } });
    }, "parameter"],
  ] as const)("%s", (_label, change, path) => {
    const r = compileRuleSet(variant(til, "9.0.0", change));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.some((i) => i.path.includes(path))).toBe(true);
  });

  test("an unchanged copy compiles", () => {
    expect(compileRuleSet(variant(til, "1.0.1", () => undefined)).ok).toBe(true);
  });
});

describe("the evaluator reads every number from the rule set", () => {
  function compiled(change: (rs: RuleSet) => void, base: RuleSet = til) {
    const r = compileRuleSet(variant(base, "9.1.0", change));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    return r.ruleSet;
  }
  const as = (version: string, req: ReturnType<typeof tilRequest>) => ({ ...req, ruleSet: { id: "til-2024", version } });

  test("urine limit 0.4 mL/kg/h: 300 mL / 8 h / 80 kg = 0.47 holds under 1.0.0, not under an institution 9.1.0", () => {
    const v = compiled((rs) => {
      const t = rs.criteria.find((c) => c.id === "urine-output-low")?.thresholds[0];
      if (t?.condition.kind === "compare") t.condition.limit = 0.4;
    });
    const req = tilRequest({ assessment: { urineOutputMl: 300 }, version: "1.0.0" });
    expect(decide(req).decision).toBe("hold");
    const r = evaluateDose(as("9.1.0", req), { ruleSets: [v] });
    expect(r.ok && r.result.decision).toBe("give");
    expect(r.ok && r.result.ruleSet).toEqual({ id: "til-2024", version: "9.1.0" });
  });

  test("a named institution version is unknown unless it is passed in", () => {
    expect(evaluateDose(as("9.1.0", tilRequest())).ok).toBe(false);
  });

  test("labs freshness 6 h: labs 7 h old are stale under the institution version only", () => {
    const v = compiled((rs) => { rs.freshness.labsMaxAgeMinutes.value = 360; });
    const req = tilRequest({ version: "1.0.0", assessment: { labsAt: new Date(Date.parse(NOW) - 7 * 3_600_000).toISOString() } });
    expect(decide(req).decision).toBe("give");
    const r = evaluateDose(as("9.1.0", req), { ruleSets: [v] });
    expect(r.ok && r.result.stale).toEqual(["labsAt"]);
  });

  test("a 4-dose cap: 2 given of 4 leaves 2", () => {
    const v = compiled((rs) => { rs.schedule.maxGivenPerCycle.value = 4; rs.schedule.maxGivenPerCourse.value = 4; });
    const r = evaluateDose(as("9.1.0", tilRequest({ version: "1.0.0" })), { ruleSets: [v] });
    expect(r.ok && r.result.counts).toMatchObject({ maxPerCourse: 4, remainingInCourse: 2 });
  });

  test("combination at 3: two hold criteria hold instead of stop", () => {
    const v = compiled((rs) => { rs.combination.minHoldCriteria.value = 3; });
    const req = tilRequest({ version: "1.0.0", assessment: { sbpMmHg: 85, heartRateBpm: 125 } });
    expect(decide(req).decision).toBe("stop");
    const r = evaluateDose(as("9.1.0", req), { ruleSets: [v] });
    expect(r.ok && r.result.decision).toBe("hold");
  });

  test("dose per kg 500,000 from the rule set (its own list names it)", () => {
    const v = compiled((rs) => {
      rs.arithmetic.doseIuPerKg.value = 500_000;
      rs.arithmetic.allowedDoseIuPerKg = [{ value: 500_000, unit: "IU/kg", label: "institution", source: "PI-P", confidence: "judgment" }];
    }, til11);
    const r = evaluateDose(as("9.1.0", tilRequest()), { ruleSets: [v] });
    expect(r.ok && r.result.dose?.doseIu).toBe(40_000_000);
    expect(r.ok && r.result.dose?.iuPerKgDiffersFromRuleSet).toBe(false);
    expect(evaluateDose(as("9.1.0", tilRequest({ course: { doseIuPerKg: 600_000 } })), { ruleSets: [v] }).ok).toBe(false);
  });

  test("bradycardia limit 45 in an institution version: HR 48 gives there, holds under 1.1.0", () => {
    const v = compiled((rs) => {
      const t = rs.criteria.find((c) => c.id === "bradycardia")?.thresholds[0];
      if (t?.condition.kind === "compare") t.condition.limit = 45;
    }, til11);
    const req = tilRequest({ assessment: { heartRateBpm: 48 } });
    expect(decide(req).decision).toBe("hold");
    const r = evaluateDose(as("9.1.0", req), { ruleSets: [v] });
    expect(r.ok && r.result.decision).toBe("give");
  });

  test("no protocol threshold appears as a literal in the evaluation code", () => {
    const dir = join(import.meta.dirname, "..", "..", "..", "lib", "rules");
    const code = ["evaluate.ts", "criteria.ts", "schedule.ts", "compare.ts", "arithmetic.ts", "validate.ts", "events.ts"]
      .map((f) => readFileSync(join(dir, f), "utf8").replace(/\/\/.*$/gm, "").replace(/\/\*[\s\S]*?\*\//g, "").replace(/"[^"\n]*"|`[^`]*`/g, '""'))
      .join("\n");
    const literals = [...code.matchAll(/(?<![\w.])(\d[\d_]*(?:\.\d+)?)(?![\w.])/g)].map((m) => Number((m[1] ?? "").replace(/_/g, "")));
    // 0/1 are structure, 100 turns a ratio into %, 1,000,000 IU is 1 MIU and 6 is its display precision.
    expect([...new Set(literals)].filter((n) => ![0, 1, 100, 1_000_000, 6].includes(n))).toEqual([]);
  });
});
