// Request validation: the zod shape (schema.ts), then what needs more than the shape — ISO instants with a
// zone, timestamps after `now`, the anchor the protocol needs, the rule set belonging to the protocol, and
// event cycles. Produces the normalized request the engine works on (times as epoch milliseconds).
import type { z } from "zod";
import { findCompiledRuleSet, defaultCompiledRuleSetFor, type CompiledRuleSet } from "./rule-sets/index";
import { CLOCK_SKEW_MINUTES, DoseRequestSchema, type ValidAssessment, type Issue, type ParsedRequest } from "./schema";
import { sortEvents, type ScheduleEvent } from "./schedule";
import { MS_PER_MINUTE, parseInstant } from "./time";

export interface ValidCourse {
  dosingWeightKg: number;
  baselineWeightKg: number;
  doseIuPerKg: number | null;
  targetSbpMmHg: number | null;
  startAt: number | null;
  tilInfusionEndAt: number | null;
}

export interface ValidRequest {
  now: number;
  protocol: ParsedRequest["protocol"];
  ruleSet: CompiledRuleSet;
  course: ValidCourse;
  /** Sorted by time, then kind. */
  events: ScheduleEvent[];
  assessment: ValidAssessment | null;
}

export interface ValidateOptions {
  /** Compare mode: the course anchor is not checked (engine-contract.md). */
  compare?: boolean;
  /** Institution rule sets that may be named in `ruleSet`, besides the defaults. */
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

export function validateRequest(input: unknown, options: ValidateOptions = {}): { ok: true; request: ValidRequest } | { ok: false; issues: Issue[] } {
  const parsed = DoseRequestSchema.safeParse(input);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error) };
  const r = parsed.data;
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
  };
  if (options.compare !== true) {
    const anchor = ruleSet.schedule.anchor;
    if (c[anchor] === null || c[anchor] === undefined) {
      issues.push({ path: `course.${anchor}`, message: `${r.protocol} needs course.${anchor}` });
    }
  }

  let assessment: ValidAssessment | null = null;
  const a = r.assessment;
  if (a !== null && a !== undefined) {
    assessment = { values: a, atMs: instant("assessment.at", a.at, latest), labsAtMs: instant("assessment.labsAt", a.labsAt, latest) };
  }

  const raw = r.events ?? [];
  const nCycles = ruleSet.schedule.cycles.length;
  const events: (ScheduleEvent & { index: number })[] = [];
  for (let i = 0; i < raw.length; i++) {
    const e = raw[i];
    if (e === undefined) continue;
    const at = instant(`events.${i}.at`, e.at, latest);
    if (e.cycle > nCycles) {
      issues.push({ path: `events.${i}.cycle`, message: `${ruleSet.id} has ${nCycles === 1 ? "one cycle: cycle must be 1" : `${nCycles} cycles: cycle must be 1 to ${nCycles}`}` });
    }
    if (e.kind === "given" && (e.doseIu === null || e.doseIu === undefined)) {
      issues.push({ path: `events.${i}.doseIu`, message: "a given dose needs doseIu" });
    }
    if (at !== null) events.push({ at, kind: e.kind, cycle: e.cycle, doseIu: e.doseIu ?? null, index: i });
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
