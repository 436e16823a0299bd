// A hand-written fast path for DoseRequestSchema (schema.ts): zod's parse was a third of an evaluation
// (docs/decisions/016-engine-performance.md). It accepts only requests that are clearly well-formed — plain objects
// with known keys only, values of the right type and in range — and builds exactly the object zod would: keys in
// schema order, an absent key left absent, a key present as undefined kept as undefined, arrays and records copied.
// Anything else returns null and the caller parses with zod, so every refusal and its issues stay zod's, unchanged.
// The key lists below are checked against the zod shapes when this module loads; should they ever differ, the fast
// path is switched off rather than risk an output that differs from zod's.
import { AssessmentSchema, CourseSchema, DoseEventSchema, DoseRequestSchema, PLAUSIBLE_RANGES, RuleSetRefSchema, type ParsedRequest } from "./schema";
import {
  EVENT_KINDS, EVENT_TIERS, GI_BLEEDING_STATUSES, INFECTION_STATUSES, MENTAL_STATUSES, OXYGEN_DEVICES, PERMANENT_EVENTS, PROTOCOLS,
  RHYTHMS,
} from "./vocabulary";

type Obj = Record<string, unknown>;

const R = PLAUSIBLE_RANGES;
const PROTOCOL: ReadonlySet<unknown> = new Set(PROTOCOLS);
const KIND: ReadonlySet<unknown> = new Set(EVENT_KINDS);
const TIER: ReadonlySet<unknown> = new Set(EVENT_TIERS);
const RHYTHM: ReadonlySet<unknown> = new Set(RHYTHMS);
const OXYGEN_DEVICE: ReadonlySet<unknown> = new Set(OXYGEN_DEVICES);
const MENTAL_STATUS: ReadonlySet<unknown> = new Set(MENTAL_STATUSES);
const INFECTION: ReadonlySet<unknown> = new Set(INFECTION_STATUSES);
const GI_BLEEDING: ReadonlySet<unknown> = new Set(GI_BLEEDING_STATUSES);
const PERMANENT_EVENT: ReadonlySet<unknown> = new Set(PERMANENT_EVENTS);

const REQUEST_KEYS = ["now", "protocol", "ruleSet", "course", "events", "assessment"] as const;
const RULE_SET_REF_KEYS = ["id", "version"] as const;
const COURSE_KEYS = ["dosingWeightKg", "baselineWeightKg", "doseIuPerKg", "startAt", "tilInfusionEndAt", "targetSbpMmHg", "cycle2ApprovedAt"] as const;
const EVENT_KEYS = ["at", "kind", "cycle", "doseIu", "criteria", "tier", "reviewed"] as const;
const ASSESSMENT_KEYS = [
  "at", "sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "oxygenDevice", "oxygenLpm", "urineOutputMl", "urineOutputHours", "weightKg",
  "mentalStatus", "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor", "fluidRefractoryHypotension",
  "creatinineMgDl", "labsAt", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL", "temperatureC", "infection", "giBleeding",
  "permanentEvents", "observedAt",
] as const;

function sameKeys(keys: readonly string[], zodShape: object): boolean {
  const z = Object.keys(zodShape);
  return keys.length === z.length && keys.every((k, i) => k === z[i]);
}
const ENABLED = sameKeys(REQUEST_KEYS, DoseRequestSchema.shape) && sameKeys(RULE_SET_REF_KEYS, RuleSetRefSchema.shape)
  && sameKeys(COURSE_KEYS, CourseSchema.shape) && sameKeys(EVENT_KEYS, DoseEventSchema.shape)
  && sameKeys(ASSESSMENT_KEYS, AssessmentSchema.shape);

const REQUEST_KEY_SET: ReadonlySet<string> = new Set(REQUEST_KEYS);
const RULE_SET_REF_KEY_SET: ReadonlySet<string> = new Set(RULE_SET_REF_KEYS);
const COURSE_KEY_SET: ReadonlySet<string> = new Set(COURSE_KEYS);
const EVENT_KEY_SET: ReadonlySet<string> = new Set(EVENT_KEYS);
const ASSESSMENT_KEY_SET: ReadonlySet<string> = new Set(ASSESSMENT_KEYS);

/** An object literal or JSON object with no key outside `keys` (zod's strictObject reads keys with for…in). */
function plainWithKeys(v: unknown, keys: ReadonlySet<string>): v is Obj {
  if (typeof v !== "object" || v === null) return false;
  const p = Object.getPrototypeOf(v) as unknown;
  if (p !== Object.prototype && p !== null) return false;
  for (const k in v) if (!keys.has(k)) return false;
  return true;
}

// Checks of a present, non-undefined value of a `.nullish()` field: null or a valid value.
const nRanged = (v: unknown, min: number, max: number) => v === null || (typeof v === "number" && v >= min && v <= max);
const nStr = (v: unknown) => v === null || typeof v === "string";
const nOneOf = (v: unknown, values: ReadonlySet<unknown>) => v === null || (typeof v === "string" && values.has(v));
const nBool = (v: unknown) => v === null || typeof v === "boolean";

/** A copy of an array of strings (of `values`, when given), or undefined when it is not one. */
function strings(v: unknown, values: ReadonlySet<unknown> | null): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const out = new Array<string>(v.length);
  for (let i = 0; i < v.length; i++) {
    const s: unknown = v[i];
    if (typeof s !== "string" || (values !== null && !values.has(s))) return undefined;
    out[i] = s;
  }
  return out;
}

/** A copy of a record of strings (zod z.record(z.string(), z.string())), or undefined. */
function stringRecord(v: unknown): Record<string, string> | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const p = Object.getPrototypeOf(v) as unknown;
  if ((p !== Object.prototype && p !== null) || Object.getOwnPropertySymbols(v).length > 0) return undefined;
  const out: Record<string, string> = {};
  for (const k of Object.keys(v)) {
    const s = (v as Obj)[k];
    if (k === "__proto__" || typeof s !== "string") return undefined;
    out[k] = s;
  }
  return out;
}

function ruleSetRef(o: Obj): Obj | undefined {
  const id = o.id, version = o.version;
  if (typeof id !== "string" || id.length < 1 || typeof version !== "string" || version.length < 1) return undefined;
  return { id, version };
}

function course(o: Obj): Obj | undefined {
  const dosingWeightKg = o.dosingWeightKg, baselineWeightKg = o.baselineWeightKg;
  if (typeof dosingWeightKg !== "number" || !(dosingWeightKg >= R.dosingWeightKg.min && dosingWeightKg <= R.dosingWeightKg.max)) return undefined;
  if (typeof baselineWeightKg !== "number" || !(baselineWeightKg >= R.baselineWeightKg.min && baselineWeightKg <= R.baselineWeightKg.max)) return undefined;
  const out: Obj = { dosingWeightKg, baselineWeightKg };
  let v: unknown;
  if ((v = o.doseIuPerKg) !== undefined) { if (!nRanged(v, R.doseIuPerKg.min, R.doseIuPerKg.max)) return undefined; out.doseIuPerKg = v; } else if ("doseIuPerKg" in o) out.doseIuPerKg = undefined;
  if ((v = o.startAt) !== undefined) { if (!nStr(v)) return undefined; out.startAt = v; } else if ("startAt" in o) out.startAt = undefined;
  if ((v = o.tilInfusionEndAt) !== undefined) { if (!nStr(v)) return undefined; out.tilInfusionEndAt = v; } else if ("tilInfusionEndAt" in o) out.tilInfusionEndAt = undefined;
  if ((v = o.targetSbpMmHg) !== undefined) { if (!nRanged(v, R.targetSbpMmHg.min, R.targetSbpMmHg.max)) return undefined; out.targetSbpMmHg = v; } else if ("targetSbpMmHg" in o) out.targetSbpMmHg = undefined;
  if ((v = o.cycle2ApprovedAt) !== undefined) { if (!nStr(v)) return undefined; out.cycle2ApprovedAt = v; } else if ("cycle2ApprovedAt" in o) out.cycle2ApprovedAt = undefined;
  return out;
}

function doseEvent(o: Obj): Obj | undefined {
  const at = o.at, kind = o.kind;
  if (typeof at !== "string" || typeof kind !== "string" || !KIND.has(kind)) return undefined;
  const out: Obj = { at, kind };
  let v: unknown;
  if ((v = o.cycle) !== undefined) { if (v !== null && v !== 1 && v !== 2) return undefined; out.cycle = v; } else if ("cycle" in o) out.cycle = undefined;
  if ((v = o.doseIu) !== undefined) {
    if (v !== null && !(typeof v === "number" && Number.isInteger(v) && v >= R.doseIu.min && v <= R.doseIu.max)) return undefined;
    out.doseIu = v;
  } else if ("doseIu" in o) out.doseIu = undefined;
  if ((v = o.criteria) !== undefined) {
    if (v === null) out.criteria = null;
    else { const a = strings(v, null); if (a === undefined) return undefined; out.criteria = a; }
  } else if ("criteria" in o) out.criteria = undefined;
  if ((v = o.tier) !== undefined) { if (!nOneOf(v, TIER)) return undefined; out.tier = v; } else if ("tier" in o) out.tier = undefined;
  if ((v = o.reviewed) !== undefined) { if (!nBool(v)) return undefined; out.reviewed = v; } else if ("reviewed" in o) out.reviewed = undefined;
  return out;
}

function assessment(o: Obj): Obj | undefined {
  const out: Obj = {};
  let v: unknown;
  if ((v = o.at) !== undefined) { if (!nStr(v)) return undefined; out.at = v; } else if ("at" in o) out.at = undefined;
  if ((v = o.sbpMmHg) !== undefined) { if (!nRanged(v, R.sbpMmHg.min, R.sbpMmHg.max)) return undefined; out.sbpMmHg = v; } else if ("sbpMmHg" in o) out.sbpMmHg = undefined;
  if ((v = o.heartRateBpm) !== undefined) { if (!nRanged(v, R.heartRateBpm.min, R.heartRateBpm.max)) return undefined; out.heartRateBpm = v; } else if ("heartRateBpm" in o) out.heartRateBpm = undefined;
  if ((v = o.rhythm) !== undefined) { if (!nOneOf(v, RHYTHM)) return undefined; out.rhythm = v; } else if ("rhythm" in o) out.rhythm = undefined;
  if ((v = o.spo2Pct) !== undefined) { if (!nRanged(v, R.spo2Pct.min, R.spo2Pct.max)) return undefined; out.spo2Pct = v; } else if ("spo2Pct" in o) out.spo2Pct = undefined;
  if ((v = o.oxygenDevice) !== undefined) { if (!nOneOf(v, OXYGEN_DEVICE)) return undefined; out.oxygenDevice = v; } else if ("oxygenDevice" in o) out.oxygenDevice = undefined;
  if ((v = o.oxygenLpm) !== undefined) { if (!nRanged(v, R.oxygenLpm.min, R.oxygenLpm.max)) return undefined; out.oxygenLpm = v; } else if ("oxygenLpm" in o) out.oxygenLpm = undefined;
  if ((v = o.urineOutputMl) !== undefined) { if (!nRanged(v, R.urineOutputMl.min, R.urineOutputMl.max)) return undefined; out.urineOutputMl = v; } else if ("urineOutputMl" in o) out.urineOutputMl = undefined;
  if ((v = o.urineOutputHours) !== undefined) { if (!nRanged(v, R.urineOutputHours.min, R.urineOutputHours.max)) return undefined; out.urineOutputHours = v; } else if ("urineOutputHours" in o) out.urineOutputHours = undefined;
  if ((v = o.weightKg) !== undefined) { if (!nRanged(v, R.weightKg.min, R.weightKg.max)) return undefined; out.weightKg = v; } else if ("weightKg" in o) out.weightKg = undefined;
  if ((v = o.mentalStatus) !== undefined) { if (!nOneOf(v, MENTAL_STATUS)) return undefined; out.mentalStatus = v; } else if ("mentalStatus" in o) out.mentalStatus = undefined;
  if ((v = o.phenylephrineMcgKgMin) !== undefined) { if (!nRanged(v, R.phenylephrineMcgKgMin.min, R.phenylephrineMcgKgMin.max)) return undefined; out.phenylephrineMcgKgMin = v; } else if ("phenylephrineMcgKgMin" in o) out.phenylephrineMcgKgMin = undefined;
  if ((v = o.phenylephrinePeakMcgKgMin) !== undefined) { if (!nRanged(v, R.phenylephrinePeakMcgKgMin.min, R.phenylephrinePeakMcgKgMin.max)) return undefined; out.phenylephrinePeakMcgKgMin = v; } else if ("phenylephrinePeakMcgKgMin" in o) out.phenylephrinePeakMcgKgMin = undefined;
  if ((v = o.otherVasopressor) !== undefined) { if (!nBool(v)) return undefined; out.otherVasopressor = v; } else if ("otherVasopressor" in o) out.otherVasopressor = undefined;
  if ((v = o.fluidRefractoryHypotension) !== undefined) { if (!nBool(v)) return undefined; out.fluidRefractoryHypotension = v; } else if ("fluidRefractoryHypotension" in o) out.fluidRefractoryHypotension = undefined;
  if ((v = o.creatinineMgDl) !== undefined) { if (!nRanged(v, R.creatinineMgDl.min, R.creatinineMgDl.max)) return undefined; out.creatinineMgDl = v; } else if ("creatinineMgDl" in o) out.creatinineMgDl = undefined;
  if ((v = o.labsAt) !== undefined) { if (!nStr(v)) return undefined; out.labsAt = v; } else if ("labsAt" in o) out.labsAt = undefined;
  if ((v = o.plateletsPerUl) !== undefined) { if (!nRanged(v, R.plateletsPerUl.min, R.plateletsPerUl.max)) return undefined; out.plateletsPerUl = v; } else if ("plateletsPerUl" in o) out.plateletsPerUl = undefined;
  if ((v = o.bilirubinMgDl) !== undefined) { if (!nRanged(v, R.bilirubinMgDl.min, R.bilirubinMgDl.max)) return undefined; out.bilirubinMgDl = v; } else if ("bilirubinMgDl" in o) out.bilirubinMgDl = undefined;
  if ((v = o.bicarbonateMmolL) !== undefined) { if (!nRanged(v, R.bicarbonateMmolL.min, R.bicarbonateMmolL.max)) return undefined; out.bicarbonateMmolL = v; } else if ("bicarbonateMmolL" in o) out.bicarbonateMmolL = undefined;
  if ((v = o.temperatureC) !== undefined) { if (!nRanged(v, R.temperatureC.min, R.temperatureC.max)) return undefined; out.temperatureC = v; } else if ("temperatureC" in o) out.temperatureC = undefined;
  if ((v = o.infection) !== undefined) { if (!nOneOf(v, INFECTION)) return undefined; out.infection = v; } else if ("infection" in o) out.infection = undefined;
  if ((v = o.giBleeding) !== undefined) { if (!nOneOf(v, GI_BLEEDING)) return undefined; out.giBleeding = v; } else if ("giBleeding" in o) out.giBleeding = undefined;
  if ((v = o.permanentEvents) !== undefined) {
    if (v === null) out.permanentEvents = null;
    else { const a = strings(v, PERMANENT_EVENT); if (a === undefined) return undefined; out.permanentEvents = a; }
  } else if ("permanentEvents" in o) out.permanentEvents = undefined;
  if ((v = o.observedAt) !== undefined) {
    if (v === null) out.observedAt = null;
    else { const r = stringRecord(v); if (r === undefined) return undefined; out.observedAt = r; }
  } else if ("observedAt" in o) out.observedAt = undefined;
  return out;
}

/**
 * The request exactly as DoseRequestSchema.safeParse would return it, when the request is clearly valid for the
 * schema; null when it is not (or might not be): then parse with zod.
 */
export function fastParseRequest(input: unknown): ParsedRequest | null {
  if (!ENABLED || !plainWithKeys(input, REQUEST_KEY_SET)) return null;
  const now = input.now, protocol = input.protocol;
  if (typeof now !== "string" || !PROTOCOL.has(protocol)) return null;
  const out: Obj = { now, protocol };
  let v: unknown;
  if ((v = input.ruleSet) !== undefined) {
    if (v === null) out.ruleSet = null;
    else { const r = plainWithKeys(v, RULE_SET_REF_KEY_SET) ? ruleSetRef(v) : undefined; if (r === undefined) return null; out.ruleSet = r; }
  } else if ("ruleSet" in input) out.ruleSet = undefined;
  const c = input.course;
  const parsedCourse = plainWithKeys(c, COURSE_KEY_SET) ? course(c) : undefined;
  if (parsedCourse === undefined) return null;
  out.course = parsedCourse;
  if ((v = input.events) !== undefined) {
    if (v === null) out.events = null;
    else {
      if (!Array.isArray(v)) return null;
      const events = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        const r = plainWithKeys(e, EVENT_KEY_SET) ? doseEvent(e) : undefined;
        if (r === undefined) return null;
        events[i] = r;
      }
      out.events = events;
    }
  } else if ("events" in input) out.events = undefined;
  if ((v = input.assessment) !== undefined) {
    if (v === null) out.assessment = null;
    else { const r = plainWithKeys(v, ASSESSMENT_KEY_SET) ? assessment(v) : undefined; if (r === undefined) return null; out.assessment = r; }
  } else if ("assessment" in input) out.assessment = undefined;
  return out as ParsedRequest;
}
