// The clinician's words for every internal key, in one place (docs/decisions/044-vocabulary-and-audit-time.md).
// A screen, a refusal or an export that shows a parameter, a criterion, a reason, a stored enum value, an audit
// action or a source key asks here; nothing else keeps a label table. The words themselves come from where the
// clinical data lives: field labels from the assessment-field registry, criterion labels from the rule sets, review
// outcomes from the review policy, full citations from the engine's source table. Pure and client-safe.
import { REASONS, SOURCES, SOURCE_KEYS, type Decision, type Reason, type RuleSet, type SourceKey } from "@/lib/rules";
import { humanize } from "@/lib/domain/criterion-words";
import { assessmentField, fieldLabel } from "@/lib/domain/assessment-fields";
import { OUTCOME_LABEL, REVIEW_OUTCOMES, type ReviewOutcome } from "@/lib/domain/review";
import { ACKNOWLEDGE_LABEL, ACKNOWLEDGE_OUTCOME } from "@/lib/domain/review-outcomes";
import { protocolLabel } from "@/lib/format";

export { criterionLabel, humanize } from "@/lib/domain/criterion-words";

/** A phrase with its first letter in capitals ("given" → "Given"), for a label that starts a line or a cell. */
export const upperFirst = (s: string): string => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

// ---------------------------------------------------------------------------------------------------------------
// Schedule reasons (the engine's `reason`): clauses that read after "because", "Not yet: " and " — ".

const REASON_WORDS: Readonly<Record<Reason, string>> = {
  interval: "it is inside the interval since the previous dose",
  "start-window": "the first-dose window has not opened",
  "rest-period": "this is the rest period between cycles",
  "max-reached": "the maximum number of doses has been given",
  "window-closed": "the dosing window has closed",
  "start-window-missed": "the first-dose window was missed",
  stopped: "IL-2 was stopped",
  discontinued: "IL-2 was discontinued",
};

/** Every schedule reason in words (for the older callers that index a table; prefer `reasonText`). */
export const REASON_TEXT: Readonly<Record<string, string>> = REASON_WORDS;

/** The engine's schedule reason as a clause. */
export function reasonText(reason: string): string {
  return (REASON_WORDS as Record<string, string>)[reason] ?? humanize(reason);
}

const OUTSIDE_WINDOW_WORDS: Readonly<Record<Reason, string>> = {
  interval: "earlier than the minimum interval after the previous dose",
  "start-window": "before the first-dose window opened",
  "rest-period": "during the rest period between cycles",
  "max-reached": "after the maximum number of doses had been given",
  "window-closed": "after the dosing window had closed",
  "start-window-missed": "after the first-dose window had been missed",
  stopped: "after IL-2 had been stopped",
  discontinued: "after IL-2 had been discontinued",
};

/** Why a dose given outside the schedule was outside it, as a clause after "Given …" (the count report). */
export function outsideWindowReasonText(reason: string): string {
  return (OUTSIDE_WINDOW_WORDS as Record<string, string>)[reason] ?? humanize(reason);
}

export const isReason = (s: string): s is Reason => (REASONS as readonly string[]).includes(s);

// ---------------------------------------------------------------------------------------------------------------
// Parameters and criteria.

const DERIVED_WORDS: Readonly<Record<string, string>> = {
  urineOutputMlPerHour: "Urine output per hour",
  urineOutputMlPerKgPerHour: "Urine output per kg per hour",
  weightGainPct: "Weight gain since the course started",
  events: "Held doses in a row",
  targetSbpMmHg: "SBP target",
  doseIuPerKg: "Dose per kg",
  tilInfusionEndAt: "End of the TIL cell infusion",
  startAt: "Course start",
  cycle2ApprovedAt: "Cycle 2 go-ahead",
};

/** A parameter a criterion reads, an assessment field, a derived quantity or a course field, in words. */
export function parameterLabel(name: string): string {
  const leaf = name.replace(/^(assessment|course|observedAt)\./, "");
  if (assessmentField(leaf) || leaf === "targetSbpMmHg") return fieldLabel(leaf);
  return DERIVED_WORDS[leaf] ?? humanize(leaf);
}

// ---------------------------------------------------------------------------------------------------------------
// Stored enum values.

export const TIER_WORDS: Readonly<Record<string, string>> = { hold: "Hold this dose", stop: "Stop IL-2", discontinue: "Discontinue IL-2" };
/** A finding's or a held event's tier. */
export const tierLabel = (tier: string): string => TIER_WORDS[tier] ?? humanize(tier);

export const EVENT_KIND_WORDS: Readonly<Record<string, string>> = { given: "given", held: "held", stopped: "IL-2 stopped", discontinued: "IL-2 discontinued" };
/**
 * A dose event's kind as it reads after "recorded as" / "dose 2 …". A held event at stop or discontinue tier is
 * not a plain hold: it reads "Stop IL-2 — attending to decide" (issue 10, item 3).
 */
export function eventKindLabel(kind: string, tier?: string | null): string {
  if (kind === "held" && tier === "stop") return "Stop IL-2 — attending to decide";
  if (kind === "held" && tier === "discontinue") return "Discontinue IL-2 — attending to decide";
  return EVENT_KIND_WORDS[kind] ?? humanize(kind);
}

const DECISION_WORDS: Readonly<Record<Decision | "invalid-request", string>> = {
  give: "Give",
  hold: "Hold",
  stop: "Stop IL-2",
  discontinue: "Discontinue IL-2",
  wait: "Not yet",
  complete: "Course complete",
  incomplete: "Cannot decide: data missing or stale",
  "invalid-request": "The engine refused the data",
};
/** The engine's decision as stored on an event (`engineDecision`: a decision, or the engine's refusal code). */
export const decisionLabel = (decision: string): string => DECISION_WORDS[decision as Decision] ?? humanize(decision);

/**
 * A held event's words by its state: a stop- or discontinue-tier hold reads as the stop it is — "Stop IL-2 —
 * attending to decide" while it waits, "Stop IL-2 — held; the attending decided" once an attending has reviewed
 * it —, any other event as eventKindLabel.
 */
export function heldEventLabel(kind: string, tier: string | null | undefined, decided: boolean): string {
  const stopTier = kind === "held" && (tier === "stop" || tier === "discontinue");
  return stopTier && decided ? `${tierLabel(tier)} — held; the attending decided` : eventKindLabel(kind, tier);
}

const RECORD_STATUS_WORDS: Readonly<Record<string, string>> = { active: "in force", entered_in_error: "entered in error", "entered-in-error": "entered in error" };
export const recordStatusLabel = (status: string): string => RECORD_STATUS_WORDS[status] ?? humanize(status);

export const COURSE_STATUS_WORDS: Readonly<Record<string, string>> = {
  ordered: "ordered, waiting for the pharmacist's verification",
  active: "active: doses may be recorded",
  closed: "closed: complete, stopped or discontinued",
};
export const courseStatusLabel = (status: string): string => COURSE_STATUS_WORDS[status] ?? humanize(status);

/** A protocol, stored (`til_adjunct`) or as the engine names it (`til-adjunct`), in lib/format's words. */
export function protocolWords(protocol: string): string {
  const stored = protocol === "til-adjunct" ? "til_adjunct" : protocol;
  return stored === "til_adjunct" || stored === "monotherapy" ? protocolLabel(stored) : humanize(protocol);
}

/** A review outcome (the attending's decision), from the review policy's own labels. */
export const outcomeLabel = (outcome: string): string =>
  outcome === ACKNOWLEDGE_OUTCOME ? ACKNOWLEDGE_LABEL : (REVIEW_OUTCOMES as readonly string[]).includes(outcome) ? OUTCOME_LABEL[outcome as ReviewOutcome] : humanize(outcome);

const CONFIDENCE_WORDS: Readonly<Record<string, string>> = { stated: "published", inferred: "our inference", judgment: "judgment: sources differ" };
export const confidenceLabel = (c: string): string => CONFIDENCE_WORDS[c] ?? humanize(c);

// ---------------------------------------------------------------------------------------------------------------
// The audit log.

/** Every audit `action` the app writes, in words (lib/actions `name`s, sign-in/out, the seed, the audit export). */
export const AUDIT_ACTION_WORDS: Readonly<Record<string, string>> = {
  "sign-in": "Sign-in",
  "sign-out": "Sign-out",
  "course-order": "Course ordered",
  "course-verify-order": "Order verified by the pharmacist",
  "course-amend": "Order amended",
  "course-rule-set-move": "Course moved to a newer rule set",
  "assessment-record": "Pre-dose assessment recorded",
  "dose-record": "Dose recorded",
  "dose-back-enter": "Paper dose entered after downtime (co-signed)",
  "hold-review": "Hold reviewed by the attending",
  "downtime-acknowledge": "Dose given during downtime acknowledged by the attending (signed)",
  "mark-entered-in-error": "Marked entered in error",
  "cycle2-approve": "Cycle 2 go-ahead",
  "count-verify": "Dose count verified",
  "demo-data-loaded": "Demo data loaded",
  "change-password": "Own password changed",
  "setup-admin": "First administrator created (setup)",
  "setup-remove-demo": "Demo accounts deactivated (setup)",
  "audit-view": "Audit log opened",
  "audit-export": "Audit log exported",
  // issue 14: the quality view's CSV (docs/decisions/062-quality-view.md)
  "quality-export": "Quality figures exported (CSV)",
  // people and units (docs/decisions/048-people-and-units.md)
  "user-create": "Account created",
  "user-set-active": "Account deactivated or reactivated",
  "user-reset-password": "Password reset by an administrator",
  "user-unlock": "Account unlocked",
  "user-update": "Role or units changed",
  "unit-create": "Unit created",
  "unit-update": "Unit renamed or time zone set",
  // admission, transfer, discharge (docs/decisions/049-admission-transfer-discharge.md)
  "patient-admit": "Patient admitted",
  "patient-transfer": "Patient transferred to another unit",
  "patient-discharge": "Patient discharged",
  "patient-discharge-in-error": "Discharge marked in error",
};
export const auditActionLabel = (action: string): string => AUDIT_ACTION_WORDS[action] ?? humanize(action);

/** Every audit `entityType` in words. */
export const ENTITY_TYPE_WORDS: Readonly<Record<string, string>> = {
  Course: "course",
  DoseEvent: "dose event",
  Assessment: "assessment",
  HoldReview: "attending review",
  DoseCountVerification: "count verification",
  CourseAmendment: "order amendment",
  Session: "session",
  User: "user account",
  Unit: "unit",
  Patient: "patient",
  AuditEvent: "audit log",
  record: "record of an unknown type",
};
export const entityTypeLabel = (entityType: string): string => ENTITY_TYPE_WORDS[entityType] ?? humanize(entityType).toLowerCase();

const AUDIT_OUTCOME_WORDS: Readonly<Record<string, string>> = { success: "done", denied: "refused", error: "failed" };
export const auditOutcomeLabel = (outcome: string): string => AUDIT_OUTCOME_WORDS[outcome] ?? humanize(outcome);

/** A refused attempt's code (ActionRefusal / action result codes) in words. */
const REFUSAL_CODE_WORDS: Readonly<Record<string, string>> = {
  VALIDATION: "entries needed correcting",
  UNAUTHENTICATED: "not signed in",
  FORBIDDEN: "not allowed for the role",
  NOT_FOUND: "record not found",
  CONFLICT: "someone else changed it first",
  RULE_BLOCKED: "the rules did not allow it",
  UNAVAILABLE: "database unavailable",
  INTERNAL: "unexpected error",
};
export const refusalCodeLabel = (code: string): string => REFUSAL_CODE_WORDS[code] ?? humanize(code);

// ---------------------------------------------------------------------------------------------------------------
// Sources.

export interface SourceInfo {
  key: SourceKey;
  /** the work's full title: the source link's accessible name */
  title: string;
  /** the full citation (the engine's table: shared/domain/README.md) */
  citation: string;
  /** what the app takes from it */
  usedFor: string;
}

const SOURCE_ABOUT: Readonly<Record<SourceKey, { title: string; usedFor: string }>> = {
  SEED: {
    title: "Buchbinder et al., high-dose IL-2 after TIL therapy, J Immunother Cancer 2025",
    usedFor: "The reason this app exists: after TIL fewer doses are given and the hold thresholds are more conservative than in monotherapy. Where a TIL default is our reading of \"more conservative\", it is marked as our inference.",
  },
  "PI-P": {
    title: "PROLEUKIN (aldesleukin) US prescribing information, December 2024",
    usedFor: "The dose (600,000 IU/kg every 8 h, mg, mL and vials), monotherapy's 14 doses per cycle and two cycles, the dilution table, and the dose modifications: holds, and the events that end IL-2 permanently.",
  },
  "PI-A": {
    title: "AMTAGVI (lifileucel) US prescribing information, 2024",
    usedFor: "After TIL: IL-2 starting 3 to 24 h after the cell infusion, given every 8 to 12 h; the expected cytopenia after lymphodepletion.",
  },
  DUT: {
    title: "Dutcher et al., high-dose IL-2 expert consensus, J Immunother Cancer 2014",
    usedFor: "Monotherapy hold and stop criteria (relative vs absolute, Table 3): pressors, heart rate, urine output per shift, creatinine, mental status, platelets, bilirubin, infection, GI bleeding; stop ends the cycle.",
  },
  BW: {
    title: "Betof Warner et al., TIL cell therapy expert consensus, J Immunother Cancer 2024",
    usedFor: "After TIL (Table 2): the SBP target, any vasopressor holds, fluid-refractory hypotension stops, urine output per kg, oxygen need, fresher data (vitals ~2 h and labs twice daily before each dose).",
  },
  SPR: {
    title: "Institutional relative and absolute IL-2 criteria, SpringerPlus 2015",
    usedFor: "Heart-rate limits, the combination rule (several hold criteria at once → stop) and the held-three-times rule (Table 1).",
  },
  C144: {
    title: "Chesney et al., lifileucel C-144-01 trial, J Immunother Cancer 2022",
    usedFor: "After TIL: up to 6 IL-2 doses per course.",
  },
  NCT03991741: {
    title: "NCI TIL protocol NCT03991741",
    usedFor: "After TIL: IL-2 from 3 to 24 h after the cells, every 8 h, for up to 5 days; the 720,000 IU/kg dose option.",
  },
};

/** A source key's title, full citation and use. */
export function sourceInfo(key: SourceKey): SourceInfo {
  const about = SOURCE_ABOUT[key];
  return { key, title: about.title, citation: SOURCES[key], usedFor: about.usedFor };
}

/** Every source, in the engine's order. */
export const ALL_SOURCES: readonly SourceInfo[] = SOURCE_KEYS.map(sourceInfo);

export const isSourceKey = (s: string): s is SourceKey => (SOURCE_KEYS as readonly string[]).includes(s);

/** The sources page's anchor for a key: `/sources#SPR`. */
export const sourceHref = (key: string): string => `/sources#${encodeURIComponent(key)}`;

/** Every source key a piece of rule-set data cites (`source` and `sources` at any depth). */
export function citedSourceKeys(data: unknown): Set<string> {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== "object") return;
    for (const [k, x] of Object.entries(v)) {
      if (k === "source" && typeof x === "string") out.add(x);
      else if (k === "sources" && Array.isArray(x)) x.forEach((s) => typeof s === "string" && out.add(s));
      else walk(x);
    }
  };
  walk(data);
  return out;
}

/** Where a rule set cites each source: the labels of the thresholds, limits and windows that name it. */
export function citationsIn(ruleSet: RuleSet): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (key: string, label: string) => {
    const list = out.get(key) ?? [];
    if (!list.includes(label)) list.push(label);
    out.set(key, list);
  };
  const walk = (v: unknown, context: string | null): void => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, context));
    if (v === null || typeof v !== "object") return;
    const o = v as Record<string, unknown>;
    const label = typeof o.label === "string" ? o.label : null;
    // a criterion's threshold reads best with the criterion's own name before it
    const named = label && context && !label.startsWith(context) ? `${context}: ${label}` : label;
    if (named && typeof o.source === "string") {
      add(o.source, named);
      if (Array.isArray(o.sources)) for (const s of o.sources) if (typeof s === "string" && s !== o.source) add(s, named);
    }
    const isCriterion = typeof o.id === "string" && Array.isArray(o.thresholds);
    for (const [k, x] of Object.entries(o)) if (k !== "source" && k !== "sources") walk(x, isCriterion ? label : context);
  };
  walk(ruleSet, null);
  return out;
}
