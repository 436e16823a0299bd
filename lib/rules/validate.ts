// Request validation: the zod shape (schema.ts), then what needs more than the shape — ISO instants with a
// zone, timestamps after `now`, the anchor the protocol needs, the rule set belonging to the protocol, event cycles
// against their times, and the contract 1.1 refusals (engine-contract.md "Validation"). Produces the normalized
// request the engine works on (times as epoch milliseconds).
import type { z } from "zod";
import type { ValidEvent } from "./events";
import { fastParseRequest } from "./fast-parse";
import { allowedDoseIuPerKgOf, findCompiledRuleSet, defaultCompiledRuleSetFor, type CompiledRuleSet } from "./rule-sets/index";
import { CLOCK_SKEW_MINUTES, DoseRequestSchema, type ValidAssessment, type Issue, type ParsedRequest } from "./schema";
import { cycleAt, earliestEventAt, sortEvents } from "./schedule";
import { MS_PER_MINUTE, parseInstant, toIso } from "./time";
import { ASSESSMENT_VALUE_FIELDS, type AssessmentValueField } from "./vocabulary";

export interface ValidCourse {
  dosingWeightKg: number;
  baselineWeightKg: number;
  doseIuPerKg: number | null;
  targetSbpMmHg: number | null;
  startAt: number | null;
  tilInfusionEndAt: number | null;
  cycle2ApprovedAt: number | null;
}

export interface ValidRequest {
  now: number;
  protocol: ParsedRequest["protocol"];
  ruleSet: CompiledRuleSet;
  course: ValidCourse;
  /** Sorted by time, then kind; each event's cycle follows from its time. */
  events: ValidEvent[];
  assessment: ValidAssessment | null;
}

export interface ValidateOptions {
  /** Compare mode: the course anchor is not required (engine-contract.md). */
  compare?: boolean;
  /** Institution rule sets that may be named in `ruleSet`, besides the shipped ones. */
  ruleSets?: readonly CompiledRuleSet[];
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join(".");
}

function zodIssues(error: z.ZodError): Issue[] {
  const out: Issue[] = [];
  for (const i of error.issues) {
    if (i.code === "unrecognized_keys") {
      for (const k of i.keys) out.push({ path: pathOf([...i.path, k]), message: `unknown field "${k}"` });
    } else {
      out.push({ path: pathOf(i.path), message: i.message });
    }
  }
  return out;
}

const SKEW_MS = CLOCK_SKEW_MINUTES * MS_PER_MINUTE;
const AHEAD = `is after now (more than ${CLOCK_SKEW_MINUTES} min ahead)`;
const VALUE_FIELDS: ReadonlySet<string> = new Set(ASSESSMENT_VALUE_FIELDS);

export function validateRequest(input: unknown, options: ValidateOptions = {}): { ok: true; request: ValidRequest } | { ok: false; issues: Issue[] } {
  let r = fastParseRequest(input);
  if (r === null) {
    // Not clearly well-formed: zod decides, and reports every issue with its path.
    const parsed = DoseRequestSchema.safeParse(input);
    if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
    r = parsed.data;
  }
  const issues: Issue[] = [];

  /** Epoch ms of an instant, or null (absent); an unparsable time is an issue. */
  const instant = (path: string, v: string | null | undefined, notAfter?: number): number | null => {
    if (v === null || v === undefined) return null;
    const ms = parseInstant(v);
    if (ms === null) {
      issues.push({ path, message: `"${v}" is not an ISO 8601 time with Z or an offset (a time without zone is refused)` });
      return null;
    }
    if (notAfter !== undefined && ms > notAfter) issues.push({ path, message: AHEAD });
    return ms;
  };

  const now = instant("now", r.now);
  if (now === null) return { ok: false, issues };
  const latest = now + SKEW_MS;

  let ruleSet = defaultCompiledRuleSetFor(r.protocol);
  if (r.ruleSet !== null && r.ruleSet !== undefined) {
    const found = findCompiledRuleSet(r.ruleSet.id, r.ruleSet.version, options.ruleSets);
    if (found === undefined) {
      issues.push({ path: "ruleSet", message: `unknown rule set ${r.ruleSet.id}@${r.ruleSet.version}` });
    } else if (found.protocol !== r.protocol) {
      issues.push({ path: "ruleSet", message: `rule set ${found.id}@${found.version} is for ${found.protocol}, not ${r.protocol}` });
    } else {
      ruleSet = found;
    }
  }

  const c = r.course;
  // Course anchors may lie in the future: a course that starts later waits.
  const course: ValidCourse = {
    dosingWeightKg: c.dosingWeightKg,
    baselineWeightKg: c.baselineWeightKg,
    doseIuPerKg: c.doseIuPerKg ?? null,
    targetSbpMmHg: c.targetSbpMmHg ?? null,
    startAt: instant("course.startAt", c.startAt),
    tilInfusionEndAt: instant("course.tilInfusionEndAt", c.tilInfusionEndAt),
    cycle2ApprovedAt: instant("course.cycle2ApprovedAt", c.cycle2ApprovedAt),
  };
  const anchor = ruleSet.schedule.anchor;
  if (options.compare !== true && (c[anchor] === null || c[anchor] === undefined)) {
    issues.push({ path: `course.${anchor}`, message: `${r.protocol} needs course.${anchor}` });
  }
  // Contract 1.1: a dose per kg the rule set does not list is refused.
  if (course.doseIuPerKg !== null) {
    const allowed = allowedDoseIuPerKgOf(ruleSet.data);
    if (!allowed.some((a) => a.value === course.doseIuPerKg)) {
      issues.push({ path: "course.doseIuPerKg", message: `${ruleSet.id}@${ruleSet.version} allows ${allowed.map((a) => a.value).join(" or ")} IU/kg` });
    }
  }
  // A course limit the rule set requires (TIL 1.1.0: the SBP target, 90–140), on requests of its protocol.
  for (const l of ruleSet.criteria.courseLimits) {
    if (l.required === null) continue;
    const v = course[l.field];
    if (v === null) issues.push({ path: `course.${l.field}`, message: `${ruleSet.id}@${ruleSet.version} needs course.${l.field} (${l.required.label})` });
    else if (v < l.required.min || v > l.required.max) {
      issues.push({ path: `course.${l.field}`, message: `must be from ${l.required.min} to ${l.required.max} under ${ruleSet.id}@${ruleSet.version}` });
    }
  }

  let assessment: ValidAssessment | null = null;
  const a = r.assessment;
  if (a !== null && a !== undefined) {
    let observedMs: Partial<Record<AssessmentValueField, number>> | null = null;
    if (a.observedAt !== null && a.observedAt !== undefined) {
      observedMs = {};
      for (const [k, v] of Object.entries(a.observedAt)) {
        const path = `assessment.observedAt.${k}`;
        if (!VALUE_FIELDS.has(k)) {
          issues.push({ path, message: `"${k}" is not an assessment value field` });
          continue;
        }
        const ms = instant(path, v, latest);
        if (ms !== null) observedMs[k as AssessmentValueField] = ms;
      }
    }
    if (a.oxygenDevice === "room-air" && a.oxygenLpm !== null && a.oxygenLpm !== undefined && a.oxygenLpm > 0) {
      issues.push({ path: "assessment.oxygenLpm", message: "room air with an oxygen flow above 0 L/min: record the device" });
    }
    assessment = { values: a, atMs: instant("assessment.at", a.at, latest), labsAtMs: instant("assessment.labsAt", a.labsAt, latest), observedMs };
  }

  const raw = r.events ?? [];
  const sched = ruleSet.schedule;
  const nCycles = sched.cycles.length;
  const anchorAt = course[anchor];
  const notBefore = anchorAt === null ? null : earliestEventAt(sched, anchorAt);
  const events: (ValidEvent & { index: number })[] = [];
  for (let i = 0; i < raw.length; i++) {
    const e = raw[i];
    if (e === undefined) continue;
    const at = instant(`events.${i}.at`, e.at, latest);
    const given = e.cycle ?? null;
    if (given !== null && given > nCycles) {
      issues.push({ path: `events.${i}.cycle`, message: `${ruleSet.id} has ${nCycles === 1 ? "one cycle: cycle must be 1" : `${nCycles} cycles: cycle must be 1 to ${nCycles}`}` });
    }
    if (e.kind === "given" && (e.doseIu === null || e.doseIu === undefined)) {
      issues.push({ path: `events.${i}.doseIu`, message: "a given dose needs doseIu" });
    }
    if (at === null) continue;
    let cycle: number = given ?? 1;
    if (anchorAt !== null && notBefore !== null) {
      if (at < notBefore) issues.push({ path: `events.${i}.at`, message: `is before the course's ${anchor} (${toIso(notBefore)} at the earliest)` });
      cycle = cycleAt(sched, anchorAt, at);
      if (given !== null && given !== cycle && given <= nCycles) {
        issues.push({ path: `events.${i}.cycle`, message: `an event at ${toIso(at)} is in cycle ${cycle} by its time, not ${given}` });
      }
    }
    events.push({ at, kind: e.kind, cycle, doseIu: e.doseIu ?? null, tier: e.tier ?? null, reviewed: e.reviewed === true, index: i });
  }
  const sorted = sortEvents(events);
  if (issues.length === 0) {
    // Cycles only move forward in time: a cycle-1 event after a cycle-2 event is a data error.
    let maxCycle = 0;
    for (const e of sorted) {
      if (e.cycle < maxCycle) {
        issues.push({ path: `events.${e.index}.cycle`, message: `cycle ${e.cycle} event after a cycle ${maxCycle} event` });
        break;
      }
      maxCycle = e.cycle;
    }
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, request: { now, protocol: r.protocol, ruleSet, course, events: sorted, assessment } };
}
