// Course replay (issue 14 item 5; docs/decisions/063-course-replay.md): a course's recorded history replayed under
// another rule set — the other protocol's current one, or another version of the course's own — as two columns per
// moment: what was recorded (given or held and why, what the engine said then) and what the alternative would have
// answered at the same moment on the same assessments, with a SIMULATED history made of the alternative's own answers,
// so its interval, dose count, maximum and hold streak follow the alternative, not what really happened.
// Pure: no I/O, no clock. The engine answers every cell; nothing here judges a value itself.
import { evaluateDose, RULE_SET_VERSIONS, getRuleSet, type RuleSet, type Decision, type DoseDecision, type Protocol, type Reason, type RuleSetVersion } from "@/lib/rules";
import type { AssessmentRecord, CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { assessmentForEngine, courseForEngine, engineProtocol } from "@/lib/domain/engine-request";
import { currentPicture } from "@/lib/domain/current-assessment";
import { criterionLabel } from "@/lib/domain/criterion-words";
import { storedFindings } from "@/lib/domain/stored-decision";
import { clinicalDetail, fieldLabel } from "@/lib/domain/assessment-fields";
import { formatClock, protocolLabel } from "@/lib/format";

/** The course as stored: the course, its assessments and its dose events with their reviews (any status). */
export interface ReplayRecord {
  course: CourseRecord;
  assessments: readonly AssessmentRecord[];
  events: readonly ReviewedDoseEvent[];
}

export interface ReplayRuleSet { id: string; version: string }

/**
 * The alternative rule set's own SBP target rule (review finding 11: read, never typed): the course field its
 * sbp-low limit reads, the range it requires and the value it falls back to. TIL 1.1.0: 90–140 mmHg, default 90.
 * The target assumed for a course that has none is the lowest the rule set allows (its required minimum, else its
 * default). Null when the rule set reads no course target.
 */
export function sbpTargetRule(ruleSet: RuleSet | undefined): { field: "targetSbpMmHg"; min: number | null; max: number | null; assumed: number } | null {
  for (const c of ruleSet?.criteria ?? [])
    for (const t of c.thresholds) {
      const cond = t.condition;
      if (cond.kind !== "compare" || typeof cond.limit === "number" || cond.limit.courseField !== "targetSbpMmHg") continue;
      const r = cond.limit.required;
      return { field: "targetSbpMmHg", min: r?.min ?? null, max: r?.max ?? null, assumed: r?.min ?? cond.limit.default };
    }
  return null;
}

/** When the alternative's first cycle opens after its anchor (ms), read from its rule set (TIL 1.1.0: 3 h). */
export function firstDoseOpensAfterMs(ruleSet: RuleSet | undefined): number {
  return (ruleSet?.schedule.cycles[0]?.opensAfterAnchorMinutes.value ?? 0) * 60_000;
}

/**
 * What the replay takes for granted, shown on the screen. The first three are the rules of every replay; the anchor
 * and target assumptions appear only where the alternative needs a value the course does not have.
 */
export type ReplayAssumption =
  | { kind: "decides-at-recorded-moments" }
  | { kind: "attending-decisions-kept" }
  | { kind: "no-answer-records-nothing" }
  | { kind: "start-at-first-event"; at: Date }
  | { kind: "til-end-before-first-event"; at: Date; firstEventAt: Date }
  | { kind: "sbp-target"; mmHg: number }
  /** the alternative answered stop or discontinue: taken as confirmed by the attending (review finding 10) */
  | { kind: "alternative-stop-confirmed" }
  | { kind: "no-anchor" };

/** A row's outcome, in the categories the two columns are compared by. */
export type ReplayOutcome = "given" | "held" | "stop" | "not-given" | "cannot-judge" | "kept" | "none";

export interface ReplayFinding { criterion: string; tier: string; detail: string }

/** What the alternative answered at one moment. */
export interface ReplayAnswer {
  /** null when the engine refused the request (then `refusal` says why) */
  decision: Decision | null;
  reason: Reason | null;
  /** the criteria that fired, with their tiers and the arithmetic in clinical words (units included), engine order */
  findings: ReplayFinding[];
  missing: string[];
  stale: string[];
  refusal: string[] | null;
  /** the dose being decided (the alternative's own numbering), when the course is not over */
  doseNumber: number | null;
  /** the dose in IU the alternative would have given, when the course is not over */
  doseIu: number | null;
  earliestAt: Date | null;
  /** the outcome category; "kept" for an attending's stop or discontinue carried from the record */
  outcome: ReplayOutcome;
}

export interface ReplayRow {
  at: Date;
  kind: "dose" | "assessment";
  /** the dose event's id, or the assessment's */
  id: string;
  recorded: {
    /** the event's kind; null on an assessment row (no dose was decided on it) */
    kind: ReviewedDoseEvent["kind"] | null;
    tier: string | null;
    criteria: string[];
    /** given events: this dose's number in the record; held events: the number the held dose would have had */
    doseNumber: number | null;
    /** given on an attending's override of a hold */
    overridden: boolean;
    /** what the engine said then (stored with the event), null on an assessment row or when it stored a refusal */
    engineDecision: string | null;
    engineFindings: ReplayFinding[];
    ruleSet: ReplayRuleSet | null;
    outcome: ReplayOutcome;
  };
  alternative: ReplayAnswer;
  /** the two columns' outcomes differ (an assessment row never differs: nothing was decided on it) */
  differs: boolean;
}

export interface ReplayResult {
  course: ReplayRuleSet & { protocol: Protocol };
  alternative: ReplayRuleSet & { protocol: Protocol };
  assumptions: ReplayAssumption[];
  rows: ReplayRow[];
  /** dose events marked entered in error: left out of both columns */
  ignoredEvents: number;
  totals: {
    recorded: { given: number; held: number; stopped: number };
    alternative: { given: number; held: number; stopped: number; notGiven: number; cannotJudge: number };
  };
}

/** The rule sets a course may be replayed under: the other protocol's current one, then its own other versions. */
export function replayAlternatives(course: Pick<CourseRecord, "protocol" | "ruleSetId" | "ruleSetVersion">): RuleSetVersion[] {
  const own = engineProtocol(course.protocol);
  const other = RULE_SET_VERSIONS.filter((r) => r.protocol !== own && r.latest);
  const versions = RULE_SET_VERSIONS.filter((r) => r.id === course.ruleSetId && r.version !== course.ruleSetVersion);
  return [...other, ...versions];
}

/** The alternative a URL asks for, when it is one of replayAlternatives; else the first (the other protocol). */
export function chooseAlternative(course: Pick<CourseRecord, "protocol" | "ruleSetId" | "ruleSetVersion">, asked: string | undefined): RuleSetVersion | null {
  const all = replayAlternatives(course);
  return all.find((r) => `${r.id}@${r.version}` === asked) ?? all[0] ?? null;
}

/** The value of the `rules` choice that names a rule set (the page's GET form). */
export const alternativeKey = (r: ReplayRuleSet): string => `${r.id}@${r.version}`;

const isStopTier = (tier: string | null) => tier === "stop" || tier === "discontinue";

function recordedOutcome(e: ReviewedDoseEvent): ReplayOutcome {
  if (e.kind === "given") return "given";
  if (e.kind === "held") return isStopTier(e.tier) ? "stop" : "held";
  return "kept";
}

function answerOutcome(d: Decision | null): ReplayOutcome {
  switch (d) {
    case "give": return "given";
    case "hold": return "held";
    case "stop":
    case "discontinue": return "stop";
    case "wait":
    case "complete": return "not-given";
    case "incomplete":
    case null: return "cannot-judge";
  }
}

type EngineEvent = { at: string; kind: ReviewedDoseEvent["kind"]; doseIu?: number; criteria?: string[]; tier?: "hold" | "stop" | "discontinue"; reviewed?: boolean };

const answerOf = (d: DoseDecision): ReplayAnswer => ({
  decision: d.decision,
  reason: d.reason,
  findings: d.findings.map((f) => ({ criterion: f.criterion, tier: f.tier, detail: clinicalDetail(f.detail) })),
  missing: [...d.missing],
  stale: [...d.stale],
  refusal: null,
  doseNumber: d.dose?.number ?? null,
  doseIu: d.dose?.doseIu ?? null,
  earliestAt: d.window.earliestAt ? new Date(d.window.earliestAt) : null,
  outcome: answerOutcome(d.decision),
});

/**
 * Replays the course under `alternative`. Rows: every active dose event and every active assessment no dose event
 * was decided on, in time order (an assessment before an event at the same minute). At each dose event the
 * alternative decides on the picture of the patient as the stored assessments show it at that moment (currentPicture
 * of the active assessments taken by then), with its own earlier answers as the events; its answer joins its history:
 * give → a given dose, hold → a held dose, stop/discontinue → IL-2 stopped/discontinued; wait, complete, incomplete
 * and a refusal add nothing. An attending's recorded stop or discontinue is carried into its history as recorded.
 */
export function replayCourse(record: ReplayRecord, alternative: ReplayRuleSet): ReplayResult {
  const { course } = record;
  const altData = getRuleSet(alternative.id, alternative.version);
  const altProtocol: Protocol = altData?.protocol ?? engineProtocol(course.protocol);
  const events = record.events.filter((e) => e.status === "active").sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || a.sequence - b.sequence);
  const assessments = record.assessments.filter((a) => a.status === "active");
  const assumptions: ReplayAssumption[] = [{ kind: "decides-at-recorded-moments" }, { kind: "attending-decisions-kept" }, { kind: "no-answer-records-nothing" }];

  // The alternative's course: the course as stored, with the anchor and target its protocol needs.
  const base: Record<string, unknown> = { ...courseForEngine(course) };
  const firstEvent = events[0] ?? null;
  if (altProtocol === "monotherapy") {
    delete base.tilInfusionEndAt;
    if (!course.startAt) {
      if (firstEvent) {
        base.startAt = firstEvent.occurredAt.toISOString();
        assumptions.push({ kind: "start-at-first-event", at: firstEvent.occurredAt });
      } else assumptions.push({ kind: "no-anchor" });
    }
  } else {
    delete base.startAt;
    delete base.cycle2ApprovedAt;
    if (!course.tilInfusionEndAt) {
      if (firstEvent) {
        const at = new Date(firstEvent.occurredAt.getTime() - firstDoseOpensAfterMs(altData));
        base.tilInfusionEndAt = at.toISOString();
        assumptions.push({ kind: "til-end-before-first-event", at, firstEventAt: firstEvent.occurredAt });
      } else assumptions.push({ kind: "no-anchor" });
    }
    const target = course.targetSbpMmHg;
    const rule = sbpTargetRule(altData);
    if (rule && (target === null || (rule.min !== null && target < rule.min) || (rule.max !== null && target > rule.max))) {
      base.targetSbpMmHg = rule.assumed;
      assumptions.push({ kind: "sbp-target", mmHg: rule.assumed });
    }
  }

  const history: EngineEvent[] = [];
  const answerAt = (at: Date): ReplayAnswer => {
    const picture = currentPicture(assessments.filter((a) => a.takenAt.getTime() <= at.getTime()));
    const outcome = evaluateDose({
      now: at.toISOString(),
      protocol: altProtocol,
      ruleSet: { id: alternative.id, version: alternative.version },
      course: base,
      events: history.filter((h) => new Date(h.at).getTime() < at.getTime()),
      ...(picture ? { assessment: assessmentForEngine(picture.assessment) } : {}),
    });
    if (outcome.ok) return answerOf(outcome.result);
    return {
      decision: null, reason: null, findings: [], missing: [], stale: [], doseNumber: null, doseIu: null, earliestAt: null, outcome: "cannot-judge",
      refusal: outcome.issues.map((i) => `${i.path ? `${fieldLabel(i.path.split(".").pop() ?? i.path)}: ` : ""}${i.message}`),
    };
  };

  // The moments: dose events and the assessments no dose event was decided on.
  const decidedOn = new Set(events.map((e) => e.assessmentId).filter((id): id is string => id !== null));
  type Moment = { at: Date; order: number; event: ReviewedDoseEvent } | { at: Date; order: number; assessment: AssessmentRecord };
  const moments: Moment[] = [
    ...assessments.filter((a) => !decidedOn.has(a.id)).map((a) => ({ at: a.takenAt, order: 0, assessment: a })),
    ...events.map((e, i) => ({ at: e.occurredAt, order: 1 + i, event: e })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);

  const rows: ReplayRow[] = [];
  let givenSoFar = 0;
  for (const m of moments) {
    if ("assessment" in m) {
      rows.push({
        at: m.at, kind: "assessment", id: m.assessment.id,
        recorded: { kind: null, tier: null, criteria: [], doseNumber: null, overridden: false, engineDecision: null, engineFindings: [], ruleSet: null, outcome: "none" },
        alternative: answerAt(m.at),
        differs: false,
      });
      continue;
    }
    const e = m.event;
    const recorded: ReplayRow["recorded"] = {
      kind: e.kind,
      tier: e.tier,
      criteria: [...e.criteria],
      doseNumber: e.kind === "given" || e.kind === "held" ? givenSoFar + 1 : null,
      overridden: e.kind === "given" && e.authorizedByReviewId !== null,
      engineDecision: e.engineDecision || null,
      engineFindings: storedFindings(e.decisionSnapshot).map((f) => ({ criterion: f.criterion, tier: f.tier, detail: clinicalDetail(f.detail) })),
      ruleSet: { id: e.ruleSetId, version: e.ruleSetVersion },
      outcome: recordedOutcome(e),
    };
    if (e.kind === "given") givenSoFar++;
    let alt: ReplayAnswer;
    if (e.kind === "stopped" || e.kind === "discontinued") {
      // An attending's decision is clinical judgement beyond the rules: it stands under either rule set.
      alt = { decision: null, reason: null, findings: [], missing: [], stale: [], refusal: null, doseNumber: null, doseIu: null, earliestAt: null, outcome: "kept" };
      history.push({ at: e.occurredAt.toISOString(), kind: e.kind });
    } else {
      alt = answerAt(e.occurredAt);
      const at = e.occurredAt.toISOString();
      if (alt.decision === "give") history.push({ at, kind: "given", ...(alt.doseIu !== null ? { doseIu: alt.doseIu } : {}) });
      else if (alt.decision === "hold") history.push({ at, kind: "held", criteria: alt.findings.filter((f) => f.tier === "hold").map((f) => f.criterion), tier: "hold" });
      else if (alt.decision === "stop" || alt.decision === "discontinue") {
        // the rules alone only ask an attending; the replay takes the stop as confirmed, and says so on screen
        history.push({ at, kind: alt.decision === "stop" ? "stopped" : "discontinued" });
        if (!assumptions.some((x) => x.kind === "alternative-stop-confirmed")) assumptions.push({ kind: "alternative-stop-confirmed" });
      }
    }
    rows.push({ at: m.at, kind: "dose", id: e.id, recorded, alternative: alt, differs: alt.outcome !== "kept" && alt.outcome !== recorded.outcome });
  }

  const doseRows = rows.filter((r) => r.kind === "dose");
  const count = (pick: (r: ReplayRow) => ReplayOutcome, o: ReplayOutcome) => doseRows.filter((r) => pick(r) === o).length;
  return {
    course: { id: course.ruleSetId, version: course.ruleSetVersion, protocol: engineProtocol(course.protocol) },
    alternative: { id: alternative.id, version: alternative.version, protocol: altProtocol },
    assumptions,
    rows,
    ignoredEvents: record.events.length - events.length,
    totals: {
      recorded: {
        given: count((r) => r.recorded.outcome, "given"),
        held: count((r) => r.recorded.outcome, "held"),
        stopped: doseRows.filter((r) => r.recorded.outcome === "stop" || r.recorded.outcome === "kept").length,
      },
      alternative: {
        given: count((r) => r.alternative.outcome, "given"),
        held: count((r) => r.alternative.outcome, "held"),
        stopped: doseRows.filter((r) => r.alternative.outcome === "stop" || r.alternative.outcome === "kept").length,
        notGiven: count((r) => r.alternative.outcome, "not-given"),
        cannotJudge: count((r) => r.alternative.outcome, "cannot-judge"),
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Words: the screen's sentences, in the unit's time zone.

/** "TIL-adjunct rules (til-2024 1.1.0)": a rule set as a clinician names it. */
export function ruleSetWords(r: ReplayRuleSet & { protocol: Protocol }): string {
  return `${protocolLabel(r.protocol === "til-adjunct" ? "til_adjunct" : "monotherapy")} rules, version ${r.version}`;
}

const lowerFirst = (s: string) => (s ? s.charAt(0).toLowerCase() + s.slice(1) : s);

/** "A", "A and B", "A, B and C". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? "";
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function criteriaWords(ids: readonly string[], ruleSet?: ReplayRuleSet): string {
  return andList([...new Set(ids)].map((id) => lowerFirst(criterionLabel(id, ruleSet))));
}

const REASON_CLAUSE: Readonly<Record<Reason, string>> = {
  interval: "not yet due (inside the interval since the previous dose)",
  "start-window": "not yet due (the first-dose window had not opened)",
  "rest-period": "not yet due (rest period between cycles)",
  "max-reached": "the maximum number of doses had been given",
  "window-closed": "the dosing window had closed",
  "start-window-missed": "the first-dose window had been missed",
  stopped: "IL-2 had been stopped",
  discontinued: "IL-2 had been discontinued",
};

function gapsWords(a: Pick<ReplayAnswer, "missing" | "stale" | "refusal">): string {
  if (a.refusal) return `the rules refused the data (${a.refusal.join("; ")})`;
  const parts = [
    a.missing.length ? `missing ${andList(a.missing.map((f) => lowerFirst(fieldLabel(f))))}` : "",
    a.stale.length ? `too old: ${andList(a.stale.map((f) => lowerFirst(fieldLabel(f))))}` : "",
  ].filter(Boolean);
  return parts.join("; ") || "data missing or too old";
}

/** The alternative's answer in words, for its column ("Give dose 2", "Hold — urine output low", "Could not be judged: …"). */
export function answerText(a: ReplayAnswer, ruleSet: ReplayRuleSet, at: (d: Date) => string): string {
  const holds = a.findings.filter((f) => f.tier === "hold").map((f) => f.criterion);
  const stops = a.findings.filter((f) => f.tier !== "hold").map((f) => f.criterion);
  switch (a.outcome) {
    case "given": return `Give${a.doseNumber !== null ? ` dose ${a.doseNumber}` : ""}`;
    case "held": return `Hold${a.doseNumber !== null ? ` dose ${a.doseNumber}` : ""} — ${criteriaWords(holds, ruleSet)}`;
    case "stop": return `${a.decision === "discontinue" ? "Discontinue" : "Stop"} IL-2 — ${criteriaWords(stops.length ? stops : holds, ruleSet) || "combination of hold criteria"}`;
    case "not-given":
      return a.reason === "interval" || a.reason === "start-window" || a.reason === "rest-period"
        ? `No dose: ${REASON_CLAUSE[a.reason]}${a.earliestAt ? `, due from ${at(a.earliestAt)}` : ""}`
        : `No dose: ${a.reason ? REASON_CLAUSE[a.reason] : "course over"}`;
    case "cannot-judge": return `Could not be judged: ${gapsWords(a)}`;
    case "kept": return "Kept as recorded (the attending's decision)";
    case "none": return "—";
  }
}

/** What the record says for a row, in words ("Given, dose 2", "Held — urine output low", "Assessment only"). */
export function recordedText(r: ReplayRow["recorded"]): string {
  const rs = r.ruleSet ?? undefined;
  switch (r.kind) {
    case null: return "Assessment only: no dose was decided on it";
    case "given": return `Given, dose ${r.doseNumber ?? "?"}${r.overridden ? " (on the attending's override of a hold)" : ""}`;
    case "held":
      return isStopTier(r.tier)
        ? `${r.tier === "discontinue" ? "Discontinue" : "Stop"} IL-2 (dose ${r.doseNumber ?? "?"} held) — ${criteriaWords(r.criteria, rs)}`
        : `Held dose ${r.doseNumber ?? "?"} — ${criteriaWords(r.criteria, rs)}`;
    case "stopped": return "IL-2 stopped by the attending";
    case "discontinued": return "IL-2 discontinued by the attending";
  }
}

const DECISION_WORDS: Readonly<Record<string, string>> = {
  give: "give", hold: "hold", stop: "stop IL-2", discontinue: "discontinue IL-2", wait: "not yet", complete: "course complete",
  incomplete: "cannot decide: data missing or too old", "invalid-request": "the engine refused the data",
};

/** A finding in clinical words with its arithmetic: "Urine output low: 160 mL ÷ 8 h ÷ 50 kg … = 0.4 mL/kg/h < 0.5 mL/kg/h". */
export function findingText(f: ReplayFinding, ruleSet?: ReplayRuleSet): string {
  return f.detail ? `${criterionLabel(f.criterion, ruleSet)}: ${f.detail}` : criterionLabel(f.criterion, ruleSet);
}

/** What the engine said then (stored with the event), in words; null when nothing was stored. */
export function engineThenText(r: ReplayRow["recorded"]): string | null {
  if (r.engineDecision === null || r.ruleSet === null) return null;
  const words = DECISION_WORDS[r.engineDecision] ?? lowerFirst(r.engineDecision.replace(/[-_]/g, " "));
  return `The rules then (version ${r.ruleSet.version}) said: ${words}`;
}

/** The assumptions in words. */
export function assumptionText(a: ReplayAssumption, alternative: string, at: (d: Date) => string): string {
  switch (a.kind) {
    case "decides-at-recorded-moments":
      return `Under ${alternative}, a dose is decided only at the moments a dose was decided in the record, on the assessments stored by then (entries marked entered in error left out). An assessment with no dose shows what the alternative would have said then.`;
    case "attending-decisions-kept":
      return "An attending's decision to stop or discontinue IL-2 is kept as recorded under either rule set.";
    case "no-answer-records-nothing":
      return `When ${alternative} would not give or hold (not yet due, course over, or could not be judged), no dose is counted for it. Could not be judged is never read as give.`;
    case "start-at-first-event":
      return `This course has no monotherapy start: day 1 of cycle 1 is taken as the first recorded dose event, ${at(a.at)}.`;
    case "til-end-before-first-event":
      return `This course has no TIL cell infusion: its end is taken as ${at(a.at)}, ${Math.round(((a.firstEventAt.getTime() - a.at.getTime()) / 3_600_000) * 10) / 10} h (the alternative's first-dose opening) before the first recorded dose event (${at(a.firstEventAt)}), so that dose falls at the opening of the TIL first-dose window.`;
    case "alternative-stop-confirmed":
      return `A stop or discontinue under ${alternative} is taken as confirmed by the attending, and the later rows follow it; recorded overrides are not replayed.`;
    case "sbp-target":
      return `This course has no admission systolic blood pressure target: the TIL rules judge systolic blood pressure against ${a.mmHg} mmHg, the lowest target they allow (the monotherapy limit).`;
    case "no-anchor":
      return `This course has no recorded dose event to anchor ${alternative} to, so its schedule cannot be judged.`;
  }
}

/** The summary sentences: what would have gone differently, then the totals. */
export function replaySummary(result: ReplayResult, at: (d: Date) => string): string[] {
  const alt = ruleSetWords(result.alternative);
  const out: string[] = [];
  const doseRows = result.rows.filter((r) => r.kind === "dose");
  const diff = doseRows.filter((r) => r.differs);
  const pick = (rec: ReplayOutcome[], alto: ReplayOutcome) => diff.filter((r) => rec.includes(r.recorded.outcome) && r.alternative.outcome === alto);

  const heldGiven = pick(["held", "stop"], "given");
  if (heldGiven.length) {
    const items = heldGiven.map((r) => `dose ${r.recorded.doseNumber} held ${at(r.at)} for ${criteriaWords(r.recorded.criteria, r.recorded.ruleSet ?? undefined)}`);
    out.push(`Under ${alt}, ${heldGiven.length === 1 ? "this dose" : "these doses"} would have been given: ${andList(items)}.`);
  }
  const givenHeld = pick(["given"], "held");
  if (givenHeld.length) {
    const items = givenHeld.map((r) => `dose ${r.recorded.doseNumber} (given ${at(r.at)}) for ${criteriaWords(r.alternative.findings.filter((f) => f.tier === "hold").map((f) => f.criterion), result.alternative)}`);
    out.push(`Under ${alt}, ${givenHeld.length === 1 ? "this dose" : "these doses"} would have been held: ${andList(items)}.`);
  }
  const toStop = pick(["given", "held"], "stop");
  if (toStop.length) {
    const items = toStop.map((r) => `at dose ${r.recorded.doseNumber} (${r.recorded.outcome === "given" ? "given" : "held"} ${at(r.at)}) for ${criteriaWords(r.alternative.findings.filter((f) => f.tier !== "hold").map((f) => f.criterion), result.alternative) || "the combination of hold criteria"}`);
    out.push(`Under ${alt}, IL-2 would have been stopped ${andList(items)}.`);
  }
  const notGiven = pick(["given", "held", "stop"], "not-given");
  if (notGiven.length) {
    const items = notGiven.map((r) => `dose ${r.recorded.doseNumber} (${r.recorded.outcome === "given" ? "given" : "held"} ${at(r.at)}): ${r.alternative.reason ? REASON_CLAUSE[r.alternative.reason] : "course over"}`);
    out.push(`Under ${alt}, no dose would have been decided at ${notGiven.length === 1 ? "this moment" : "these moments"}: ${andList(items)}.`);
  }
  const heldOther = diff.filter((r) => r.recorded.outcome === "stop" && r.alternative.outcome === "held");
  if (heldOther.length) {
    const items = heldOther.map((r) => `${at(r.at)} (held for ${criteriaWords(r.alternative.findings.filter((f) => f.tier === "hold").map((f) => f.criterion), result.alternative)})`);
    out.push(`Under ${alt}, the stop recorded at ${andList(items)} would have been a hold only.`);
  }
  const unjudged = diff.filter((r) => r.alternative.outcome === "cannot-judge");
  if (unjudged.length) {
    const items = unjudged.map((r) => `${at(r.at)}: ${gapsWords(r.alternative)}`);
    out.push(`Under ${alt}, ${unjudged.length === 1 ? "one moment" : `${unjudged.length} moments`} could not be judged — ${andList(items)}.`);
  }
  if (!diff.length) out.push(doseRows.length ? `Under ${alt}, every recorded dose decision would have been the same.` : "No dose has been recorded in this course yet: there is nothing to replay.");
  const t = result.totals;
  out.push(
    `In the record: ${t.recorded.given} given, ${t.recorded.held} held${t.recorded.stopped ? `, ${t.recorded.stopped} stop${t.recorded.stopped === 1 ? "" : "s"}` : ""}. ` +
    `Under ${alt}: ${t.alternative.given} given, ${t.alternative.held} held${t.alternative.stopped ? `, ${t.alternative.stopped} stop${t.alternative.stopped === 1 ? "" : "s"}` : ""}` +
    `${t.alternative.notGiven ? `, ${t.alternative.notGiven} not due or after the course was over` : ""}${t.alternative.cannotJudge ? `, ${t.alternative.cannotJudge} could not be judged` : ""}.`,
  );
  if (result.ignoredEvents) out.push(`${result.ignoredEvents} dose event${result.ignoredEvents === 1 ? "" : "s"} marked entered in error ${result.ignoredEvents === 1 ? "is" : "are"} left out.`);
  return out;
}

/** A formatter of instants in the unit's time zone, for the sentences above. */
export const clockIn = (timeZone: string, now: Date) => (d: Date): string => formatClock(d, timeZone, now);
