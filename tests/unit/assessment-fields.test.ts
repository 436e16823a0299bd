import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  ASSESSMENT_FIELDS, AssessmentSchema, GI_BLEEDING_STATUSES, INFECTION_STATUSES, LAB_FIELDS, MENTAL_STATUSES, OXYGEN_DEVICES,
  PERMANENT_EVENTS, PLAUSIBLE_RANGES, RHYTHMS,
} from "@/lib/rules";
import {
  ASSESSMENT_FIELD_REGISTRY, ASSESSMENT_FORM_FIELDS, ASSESSMENT_NON_FIELD_COLUMNS, assessmentField, displayValue, engineValueOf,
  fieldLabel, isLab, type AssessmentFieldDef, type CarrySource,
} from "@/lib/domain/assessment-fields";
import type { AssessmentRecord, DecimalLike } from "@/lib/domain/records";
import { assessmentForEngine, carrySourceOf } from "@/lib/domain/engine-request";
import { assessmentFormSchema, formInputOf, readAssessmentForm, type FormInput } from "@/lib/schemas/assessment";
import { assessmentView } from "@/lib/views/assessment";

const NOW = new Date("2026-03-02T12:00:00.000Z");
const TZ = "UTC";
const dec = (s: string): DecimalLike => ({ toString: () => s });
const def = (name: string): AssessmentFieldDef => {
  const f = assessmentField(name);
  if (!f) throw new Error(`no registry entry for ${name}`);
  return f;
};

/** The Assessment model's scalar columns in prisma/schema.prisma: name → Prisma type ("Decimal", "String[]", …) and decimal scale. */
function prismaAssessmentColumns(): Map<string, { type: string; scale: number | null }> {
  const schema = readFileSync(new URL("../../prisma/schema.prisma", import.meta.url), "utf8");
  const models = new Set([...schema.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]));
  const enums = new Set([...schema.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]));
  const body = /^model Assessment \{\n([\s\S]*?)^\}/m.exec(schema)?.[1];
  if (!body) throw new Error("model Assessment not found in prisma/schema.prisma");
  const columns = new Map<string, { type: string; scale: number | null }>();
  for (const line of body.split("\n")) {
    const m = /^\s+(\w+)\s+(\w+)(\[\])?\??(.*)$/.exec(line);
    if (!m || line.trim().startsWith("//") || line.trim().startsWith("@@")) continue;
    const [, name, type, list, rest] = m as unknown as [string, string, string, string | undefined, string];
    if (models.has(type)) continue; // a relation, not a column
    const scale = /@db\.Decimal\(\d+,\s*(\d+)\)/.exec(rest)?.[1];
    columns.set(name, { type: enums.has(type) ? "enum" : `${type}${list ?? ""}`, scale: scale === undefined ? null : Number(scale) });
  }
  return columns;
}

const STORAGE_OF_PRISMA_TYPE: Record<string, AssessmentFieldDef["storage"]> = {
  Int: "int", Decimal: "decimal", String: "text", Boolean: "boolean", DateTime: "instant", "String[]": "list",
};

describe("the registry covers every field the engine reads and every column the table has", () => {
  test("one entry per field of the engine's assessment schema (lib/rules), observedAt being the values' own times", () => {
    const engine = Object.keys(AssessmentSchema.shape).sort();
    expect([...ASSESSMENT_FIELD_REGISTRY.map((f) => f.name), "observedAt"].sort()).toEqual(engine);
    expect(ASSESSMENT_FIELD_REGISTRY.map((f) => f.name).sort()).toEqual([...ASSESSMENT_FIELDS].sort());
    expect(new Set(ASSESSMENT_FIELD_REGISTRY.map((f) => f.name)).size).toBe(ASSESSMENT_FIELD_REGISTRY.length);
  });

  test("every Assessment column in prisma/schema.prisma is a field's column or named as holding no field value, and no other", () => {
    const columns = prismaAssessmentColumns();
    const claimed = [...ASSESSMENT_FIELD_REGISTRY.map((f) => f.column), ...Object.keys(ASSESSMENT_NON_FIELD_COLUMNS)];
    expect(new Set(claimed).size, "a column claimed twice").toBe(claimed.length);
    expect([...columns.keys()].sort()).toEqual([...claimed].sort());
  });

  test("every key of AssessmentRecord (what lib/domain reads) is a field's column or named as holding no field value", () => {
    // `satisfies` makes a key added to AssessmentRecord a type error here until it is listed (and then judged below)
    const recordKeys = {
      id: 1, takenAt: 1, recordedAt: 1, status: 1, sbpMmHg: 1, heartRateBpm: 1, rhythm: 1, spo2Pct: 1, oxygenDevice: 1, oxygenLpm: 1,
      urineOutputMl: 1, urineOutputHours: 1, weightKg: 1, mentalStatus: 1, phenylephrineMcgKgMin: 1, phenylephrinePeakMcgKgMin: 1,
      otherVasopressor: 1, fluidRefractoryHypotension: 1, creatinineMgDl: 1, labsAt: 1, plateletsPerUl: 1, bilirubinMgDl: 1,
      bicarbonateMmolL: 1, temperatureC: 1, infection: 1, giBleeding: 1, permanentEvents: 1, permanentEventsAnswered: 1, observedAt: 1,
      carriedFields: 1, carriedFromId: 1,
    } satisfies Record<keyof AssessmentRecord, 1>;
    const claimed = new Set<string>([...ASSESSMENT_FIELD_REGISTRY.map((f) => f.column), ...Object.keys(ASSESSMENT_NON_FIELD_COLUMNS)]);
    expect(Object.keys(recordKeys).filter((k) => !claimed.has(k))).toEqual([]);
  });

  test.each(ASSESSMENT_FIELD_REGISTRY.map((f) => [f.name, f] as const))("%s: its storage matches the column's type, and a number field keeps no more decimals than the column", (_name, f) => {
    const column = prismaAssessmentColumns().get(f.column);
    expect(column, `${f.column} is a column of Assessment`).toBeDefined();
    expect(f.storage).toBe(STORAGE_OF_PRISMA_TYPE[column!.type]);
    if (f.kind === "number") {
      // the form refuses what the column would round: Int keeps 0 decimals, Decimal(p, s) keeps s
      expect(f.decimals).toBe(column!.type === "Int" ? 0 : column!.scale);
    }
  });
});

describe("each entry says how the field is entered, carried and timed", () => {
  test("the number fields are the engine's ranged fields, each with a unit, a step, its decimals and a plausible range", () => {
    const numbers = ASSESSMENT_FIELD_REGISTRY.filter((f) => f.kind === "number");
    expect(numbers.map((f) => f.name).sort()).toEqual(ASSESSMENT_FIELDS.filter((n) => n in PLAUSIBLE_RANGES).sort());
    for (const f of numbers) {
      expect(f.unit, f.name).toBeTruthy();
      expect(f.step, f.name).toBeTruthy();
      expect(f.decimals, f.name).toBeTypeOf("number");
      expect(PLAUSIBLE_RANGES[f.name as keyof typeof PLAUSIBLE_RANGES], f.name).toBeDefined();
    }
  });

  test("the choices are the engine's vocabularies, the list is the permanent events", () => {
    const vocabularies = { rhythm: RHYTHMS, oxygenDevice: OXYGEN_DEVICES, mentalStatus: MENTAL_STATUSES, infection: INFECTION_STATUSES, giBleeding: GI_BLEEDING_STATUSES };
    expect(ASSESSMENT_FIELD_REGISTRY.filter((f) => f.kind === "choice").map((f) => f.name).sort()).toEqual(Object.keys(vocabularies).sort());
    for (const [name, values] of Object.entries(vocabularies)) expect(def(name).options?.map((o) => o.value), name).toEqual([...values]);
    expect(def("permanentEvents").options?.map((o) => o.value)).toEqual([...PERMANENT_EVENTS]);
  });

  test("the labs are timed by their draw time, every other value by the assessment time; the two times by nothing", () => {
    expect(ASSESSMENT_FIELD_REGISTRY.filter(isLab).map((f) => f.name).sort()).toEqual([...LAB_FIELDS].sort());
    expect(ASSESSMENT_FIELD_REGISTRY.filter((f) => f.timedBy === null).map((f) => f.name).sort()).toEqual(["at", "labsAt"]);
  });

  test("the questions a criterion reads afresh each time are never carried; only states are", () => {
    const carried = ASSESSMENT_FIELD_REGISTRY.filter((f) => f.carry).map((f) => f.name);
    expect(carried.sort()).toEqual(
      ["bicarbonateMmolL", "bilirubinMgDl", "creatinineMgDl", "oxygenDevice", "oxygenLpm", "otherVasopressor", "phenylephrineMcgKgMin", "plateletsPerUl", "rhythm"].sort(),
    );
    for (const never of ["infection", "giBleeding", "permanentEvents", "fluidRefractoryHypotension", "phenylephrinePeakMcgKgMin", "at", "labsAt"]) {
      expect(def(never).carry, never).toBe(false);
    }
  });

  test("the form enters every field but labsAt (the oldest of the labs' own draw times)", () => {
    expect(ASSESSMENT_FIELD_REGISTRY.filter((f) => !f.entered).map((f) => f.name)).toEqual(["labsAt"]);
    expect(ASSESSMENT_FORM_FIELDS).toHaveLength(ASSESSMENT_FIELD_REGISTRY.length - 1);
  });

  test.each([
    ["at", "assessment time"],
    ["labsAt", "lab draw time"],
    ["targetSbpMmHg", "SBP target"],
    ["creatinineMgDl", "Creatinine"],
    ["urineOutputHours", "Collected over"],
    ["notAField", "notAField"],
  ])("fieldLabel(%s) = %s", (name, words) => {
    expect(fieldLabel(name)).toBe(words);
  });
});

/** A stored row as lib/domain reads it: Decimals are objects with an exact toString. */
function row(over: Partial<AssessmentRecord> = {}): AssessmentRecord {
  return {
    id: "a-1", takenAt: new Date("2026-03-02T11:00:00.000Z"), recordedAt: new Date("2026-03-02T11:05:00.000Z"), status: "active",
    sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: dec("0.0"),
    urineOutputMl: 520, urineOutputHours: dec("8.0"), weightKg: dec("80.50"), mentalStatus: "normal",
    phenylephrineMcgKgMin: dec("0.00"), phenylephrinePeakMcgKgMin: dec("0.25"), otherVasopressor: false, fluidRefractoryHypotension: false,
    creatinineMgDl: dec("1.10"), labsAt: new Date("2026-03-02T09:00:00.000Z"), plateletsPerUl: 142000, bilirubinMgDl: dec("0.70"),
    bicarbonateMmolL: dec("24.0"), temperatureC: dec("37.9"), infection: "none", giBleeding: "none", permanentEvents: [],
    permanentEventsAnswered: true, observedAt: { plateletsPerUl: "2026-03-02T08:00:00.000Z", rhythm: "2026-03-02T07:00:00.000Z" },
    carriedFields: ["rhythm"], carriedFromId: "a-0",
    ...over,
  };
}

describe("a stored row → the engine's assessment, a loop over the registry", () => {
  test("every column in the contract's order, Decimals as the numbers they write out, the values' own times", () => {
    const out = assessmentForEngine(row());
    expect(out).toEqual({
      at: "2026-03-02T11:00:00.000Z", sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0,
      urineOutputMl: 520, urineOutputHours: 8, weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0.25,
      otherVasopressor: false, fluidRefractoryHypotension: false, creatinineMgDl: 1.1, labsAt: "2026-03-02T09:00:00.000Z", plateletsPerUl: 142000,
      bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.9, infection: "none", giBleeding: "none", permanentEvents: [],
      observedAt: { plateletsPerUl: "2026-03-02T08:00:00.000Z", rhythm: "2026-03-02T07:00:00.000Z" },
    });
    expect(Object.keys(out)).toEqual([...ASSESSMENT_FIELDS, "observedAt"]);
    expect(AssessmentSchema.safeParse(out).success).toBe(true);
  });

  test("a value not recorded is absent (missing), never null or zero; its own time is dropped with it", () => {
    const out = assessmentForEngine(row({ sbpMmHg: null, weightKg: null, otherVasopressor: null, rhythm: null, labsAt: null, plateletsPerUl: null }));
    for (const k of ["sbpMmHg", "weightKg", "otherVasopressor", "rhythm", "labsAt", "plateletsPerUl"]) expect(out, k).not.toHaveProperty(k);
    expect(out).not.toHaveProperty("observedAt");
  });

  test.each([
    ["answered none", true, [], []],
    ["answered with an event", true, ["ischemia"], ["ischemia"]],
    ["unanswered, one recorded before (always sent)", false, ["ischemia"], ["ischemia"]],
    ["unanswered, none recorded: absent, so the rules report it missing", false, [], undefined],
  ] as const)("permanent events %s", (_label, answered, events, sent) => {
    const out = assessmentForEngine(row({ permanentEventsAnswered: answered, permanentEvents: [...events] }));
    expect(out.permanentEvents).toEqual(sent);
  });

  test.each([
    ["int", "sbpMmHg", { sbpMmHg: 84 }, 84],
    ["decimal 6,2", "weightKg", { weightKg: dec("81.20") }, 81.2],
    ["decimal 5,2 below 1", "phenylephrineMcgKgMin", { phenylephrineMcgKgMin: dec("0.05") }, 0.05],
    ["text", "mentalStatus", { mentalStatus: "mild" }, "mild"],
    ["boolean false stays false", "otherVasopressor", { otherVasopressor: false }, false],
    ["instant", "at", { takenAt: new Date("2026-03-01T23:30:00.000Z") }, "2026-03-01T23:30:00.000Z"],
  ] as const)("engineValueOf: %s", (_label, name, over, value) => {
    expect(engineValueOf(def(name), row(over as Partial<AssessmentRecord>))).toEqual(value);
  });

  test("carrySourceOf: each carry-able value with its own time, else the draw time for labs, else the assessment time", () => {
    const source = carrySourceOf(row({ permanentEvents: ["ischemia"] }));
    expect(source).toEqual({
      assessmentId: "a-1",
      takenAt: "2026-03-02T11:00:00.000Z",
      values: {
        rhythm: { value: "sinus", observedAt: "2026-03-02T07:00:00.000Z" },
        oxygenDevice: { value: "room-air", observedAt: "2026-03-02T11:00:00.000Z" },
        oxygenLpm: { value: 0, observedAt: "2026-03-02T11:00:00.000Z" },
        phenylephrineMcgKgMin: { value: 0, observedAt: "2026-03-02T11:00:00.000Z" },
        otherVasopressor: { value: false, observedAt: "2026-03-02T11:00:00.000Z" },
        creatinineMgDl: { value: 1.1, observedAt: "2026-03-02T09:00:00.000Z" },
        plateletsPerUl: { value: 142000, observedAt: "2026-03-02T08:00:00.000Z" },
        bilirubinMgDl: { value: 0.7, observedAt: "2026-03-02T09:00:00.000Z" },
        bicarbonateMmolL: { value: 24, observedAt: "2026-03-02T09:00:00.000Z" },
      },
      permanentEvents: ["ischemia"],
    });
  });
});

describe("the assessment view: what the summary shows is what the engine was sent", () => {
  test("values as the engine reads them, with who recorded it", () => {
    const view = assessmentView({ ...row(), recordedBy: { name: "Nurse Ada" } });
    expect(view).toMatchObject({ id: "a-1", recordedByName: "Nurse Ada", labsAt: new Date("2026-03-02T09:00:00.000Z"), carriedFields: ["rhythm"] });
    expect(view.values).toMatchObject({ weightKg: 80.5, creatinineMgDl: 1.1, plateletsPerUl: 142000, permanentEvents: [] });
  });

  test("an unanswered permanent-events question is not recorded, never shown as 'none' (the engine reports it missing)", () => {
    const view = assessmentView({ ...row({ permanentEventsAnswered: false, permanentEvents: [] }), recordedBy: { name: "N" } });
    expect(view.values).not.toHaveProperty("permanentEvents");
    expect(assessmentForEngine(row({ permanentEventsAnswered: false, permanentEvents: [] }))).not.toHaveProperty("permanentEvents");
  });

  test.each([
    ["mentalStatus", "mild", "Mild confusion"],
    ["rhythm", "atrial-fibrillation", "Atrial fibrillation"],
    ["oxygenDevice", "room-air", "Room air"],
    ["otherVasopressor", true, "Yes"],
    ["fluidRefractoryHypotension", false, "No"],
    ["permanentEvents", [], "none"],
    ["permanentEvents", ["sustained-vt", "ischemia"], "Sustained VT, Ischemia"],
    ["plateletsPerUl", 142000, "142,000"],
    ["urineOutputMl", 1200, "1200"],
    ["creatinineMgDl", 1.1, "1.1"],
  ] as const)("displayValue(%s, %j) = %s", (name, value, words) => {
    expect(displayValue(def(name), value as never)).toBe(words);
  });
});

const wellTyped = (): FormInput => ({
  at: "2026-03-02T11:55", sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
  temperatureC: "37.9", urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0",
  phenylephrinePeakMcgKgMin: "0", otherVasopressor: "no", fluidRefractoryHypotension: "no",
  creatinineMgDl: "1.0", "observedAt.creatinineMgDl": "2026-03-02T10:00", plateletsPerUl: "142000", "observedAt.plateletsPerUl": "2026-03-02T09:00",
  bilirubinMgDl: "0.7", "observedAt.bilirubinMgDl": "2026-03-02T10:00", bicarbonateMmolL: "24", "observedAt.bicarbonateMmolL": "2026-03-02T10:00",
  infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
});

describe("readAssessmentForm: what was typed → the engine's assessment, through the registry's zod schemas", () => {
  test("a complete form: numbers, choices, yes/no, unit times as instants, labsAt the oldest draw, each lab's own time", () => {
    const { assessment, fieldErrors, carried } = readAssessmentForm(wellTyped(), TZ, NOW, null);
    expect(fieldErrors).toEqual({});
    expect(carried).toEqual([]);
    expect(assessment).toEqual({
      at: "2026-03-02T11:55:00.000Z", sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0,
      temperatureC: 37.9, urineOutputMl: 520, urineOutputHours: 8, weightKg: 80.5, mentalStatus: "normal", phenylephrineMcgKgMin: 0,
      phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false, creatinineMgDl: 1, plateletsPerUl: 142000,
      bilirubinMgDl: 0.7, bicarbonateMmolL: 24, infection: "none", giBleeding: "none", permanentEvents: [],
      labsAt: "2026-03-02T09:00:00.000Z",
      observedAt: {
        creatinineMgDl: "2026-03-02T10:00:00.000Z", plateletsPerUl: "2026-03-02T09:00:00.000Z", bilirubinMgDl: "2026-03-02T10:00:00.000Z",
        bicarbonateMmolL: "2026-03-02T10:00:00.000Z",
      },
    });
  });

  test("an empty form: the assessment time is now, everything else absent (missing), nothing refused", () => {
    expect(readAssessmentForm({}, TZ, NOW, null)).toEqual({ assessment: { at: NOW.toISOString() }, fieldErrors: {}, carried: [] });
  });

  // messages and keys the nurse reads beside the field (tests/integration/record-dose.test.ts asserts some of them)
  test.each([
    ["a time that does not exist", { at: "2026-13-45T99:00" }, "at", "Assessed at must be a date and time that exists on the unit's clock, written YYYY-MM-DD HH:mm (24-hour)."],
    ["not a number", { sbpMmHg: "1e9" }, "sbpMmHg", "Systolic blood pressure must be a number in mmHg."],
    ["a word for a number", { heartRateBpm: "fast" }, "heartRateBpm", "Heart rate must be a number in beats/min."],
    ["outside the engine's range: SpO₂ 140 > 100 %", { spo2Pct: "140" }, "spo2Pct", "SpO₂ must be a number from 0 to 100 %."],
    ["SBP 39 < 40 mmHg", { sbpMmHg: "39" }, "sbpMmHg", "Systolic blood pressure must be a number from 40 to 300 mmHg."],
    ["a decimal in an Int column", { urineOutputMl: "400.5" }, "urineOutputMl", "Urine output over the last 4–8 h must be a whole number of mL."],
    ["3 decimals in a Decimal(6,2) column", { weightKg: "80.125" }, "weightKg", "Today's weight: at most 2 decimals."],
    ["2 decimals in a Decimal(5,1) column", { oxygenLpm: "2.25" }, "oxygenLpm", "Oxygen flow: at most 1 decimal."],
    ["an unlisted choice", { rhythm: "jazz" }, "rhythm", "Rhythm: choose one of the listed values."],
    ["neither yes nor no", { otherVasopressor: "maybe" }, "otherVasopressor", "Other vasopressor running: choose yes or no."],
    ["a lab without its draw time", { creatinineMgDl: "1.2" }, "observedAt.creatinineMgDl", "Enter when the creatinine was drawn."],
    ["a lab with a draw time that does not exist", { creatinineMgDl: "1.2", "observedAt.creatinineMgDl": "2026-02-30T10:00" }, "observedAt.creatinineMgDl", "Creatinine drawn at must be a date and time that exists on the unit's clock, written YYYY-MM-DD HH:mm (24-hour)."],
    ["a lab out of range with its draw time", { creatinineMgDl: "31", "observedAt.creatinineMgDl": "2026-03-02T10:00" }, "creatinineMgDl", "Creatinine must be a number from 0 to 30 mg/dL."],
    ["a lab out of range without its draw time: the draw time is asked first", { creatinineMgDl: "31" }, "observedAt.creatinineMgDl", "Enter when the creatinine was drawn."],
    ["answered yes, nothing ticked", { permanentEventsAnswer: "yes" }, "permanentEvents", "Tick the event that ends IL-2 permanently, or answer “None”."],
    ["an unknown answer", { permanentEventsAnswer: "maybe" }, "permanentEvents", "Answer “None” or tick the events."],
  ] as const)("%s → %s: %s", (_label, typed, key, message) => {
    const { fieldErrors, assessment } = readAssessmentForm({ ...typed }, TZ, NOW, null);
    expect(fieldErrors).toEqual({ [key]: [message] });
    // the refused value is not sent
    for (const name of Object.keys(typed)) if (!name.startsWith("observedAt.") && name !== "permanentEventsAnswer" && name !== "at") expect(assessment).not.toHaveProperty(name);
  });

  test("one bad value never hides the others: the rest are read (the live preview judges them)", () => {
    const { assessment, fieldErrors } = readAssessmentForm({ ...wellTyped(), sbpMmHg: "fast", creatinineMgDl: "99" }, TZ, NOW, null);
    expect(Object.keys(fieldErrors).sort()).toEqual(["creatinineMgDl", "sbpMmHg"]);
    expect(assessment).toMatchObject({ heartRateBpm: 96, plateletsPerUl: 142000, labsAt: "2026-03-02T09:00:00.000Z" });
    expect(assessment).not.toHaveProperty("sbpMmHg");
    expect(assessment).not.toHaveProperty("creatinineMgDl");
  });

  test("an unknown event ticked is named; the known ones ticked beside it are kept", () => {
    const { assessment, fieldErrors } = readAssessmentForm({ permanentEventsAnswer: "yes", permanentEvents: ["ischemia", "bogus"] }, TZ, NOW, null);
    expect(fieldErrors).toEqual({ permanentEvents: ["Unknown choice: bogus."] });
    expect(assessment.permanentEvents).toEqual(["ischemia"]);
  });

  const source: CarrySource = {
    assessmentId: "a-0",
    takenAt: "2026-03-02T04:00:00.000Z",
    values: {
      rhythm: { value: "sinus", observedAt: "2026-03-02T04:00:00.000Z" },
      plateletsPerUl: { value: 90000, observedAt: "2026-03-02T02:00:00.000Z" },
      // never carried even if offered: infection is asked each time
      infection: { value: "none", observedAt: "2026-03-02T04:00:00.000Z" },
    },
    permanentEvents: ["ischemia"],
  };

  test("carried values keep their value and original time; fields not carry-able are not carried; recorded events are always sent", () => {
    const { assessment, carried, fieldErrors } = readAssessmentForm({ carry: ["rhythm", "plateletsPerUl", "infection"] }, TZ, NOW, source);
    expect(fieldErrors).toEqual({});
    expect(carried).toEqual(["rhythm", "plateletsPerUl"]);
    expect(assessment).toEqual({
      at: NOW.toISOString(), rhythm: "sinus", plateletsPerUl: 90000, permanentEvents: ["ischemia"], labsAt: "2026-03-02T02:00:00.000Z",
      observedAt: { rhythm: "2026-03-02T04:00:00.000Z", plateletsPerUl: "2026-03-02T02:00:00.000Z" },
    });
  });

  test("a value typed over a carried one is the typed one, timed by this assessment", () => {
    const { assessment, carried } = readAssessmentForm({ carry: ["rhythm"], rhythm: "svt" }, TZ, NOW, source);
    expect(carried).toEqual([]);
    expect(assessment.rhythm).toBe("svt");
    expect(assessment).not.toHaveProperty("observedAt");
  });

  test("a carried value the engine would refuse (a stored row outside today's range) is refused, not sent", () => {
    const bad: CarrySource = { ...source, values: { plateletsPerUl: { value: -5, observedAt: "2026-03-02T02:00:00.000Z" } } };
    const { assessment, fieldErrors, carried } = readAssessmentForm({ carry: ["plateletsPerUl"] }, TZ, NOW, bad);
    expect(fieldErrors).toEqual({ plateletsPerUl: ["Platelets must be a number from 0 to 2000000 /µL."] });
    expect(assessment).not.toHaveProperty("plateletsPerUl");
    expect(carried).toEqual([]);
  });

  test("the whole-form schema (for the browser's validation) has exactly the reader's errors, keyed by input name", () => {
    const typed = { ...wellTyped(), sbpMmHg: "fast", rhythm: "jazz", creatinineMgDl: "1.2", "observedAt.creatinineMgDl": "" };
    const parsed = assessmentFormSchema({ timeZone: TZ, now: NOW, source: null }).safeParse(typed);
    expect(parsed.success).toBe(false);
    const issues: Record<string, string[]> = {};
    for (const i of parsed.error?.issues ?? []) (issues[i.path.join(".")] ??= []).push(i.message);
    expect(issues).toEqual(readAssessmentForm(typed, TZ, NOW, null).fieldErrors);
    expect(Object.keys(issues).sort()).toEqual(["observedAt.creatinineMgDl", "rhythm", "sbpMmHg"]);
    expect(assessmentFormSchema({ timeZone: TZ, now: NOW, source: null }).safeParse(wellTyped()).success).toBe(true);
  });

  test("the form as Conform hands it (nested by the dots in the names, one ticked box as a string) reads the same", () => {
    const nested = {
      creatinineMgDl: "1.2", observedAt: { creatinineMgDl: "2026-02-30T10:00" }, permanentEventsAnswer: "yes", permanentEvents: "bogus", carry: "rhythm",
    };
    const parsed = assessmentFormSchema({ timeZone: TZ, source: null }).safeParse(nested);
    const issues: Record<string, string[]> = {};
    for (const i of parsed.error?.issues ?? []) (issues[i.path.join(".")] ??= []).push(i.message);
    expect(issues).toEqual({
      "observedAt.creatinineMgDl": ["Creatinine drawn at must be a date and time that exists on the unit's clock, written YYYY-MM-DD HH:mm (24-hour)."],
      permanentEvents: ["Unknown choice: bogus.", "Tick the event that ends IL-2 permanently, or answer “None”."],
    });
    expect(formInputOf(nested)).toEqual({
      creatinineMgDl: "1.2", "observedAt.creatinineMgDl": "2026-02-30T10:00", permanentEventsAnswer: "yes", permanentEvents: "bogus", carry: "rhythm",
    });
  });
});
