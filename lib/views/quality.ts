// The quality view (TIL vs monotherapy) as the page and the CSV export read it: the filters from the URL (read the
// same way by both), the figures (lib/domain/quality.ts) and the CSV rows in words. No patient names, MRNs or
// course ids: a CSV row is numbered. Docs: docs/decisions/062-quality-view.md.
import { criterionLabel } from "@/lib/domain/criterion-words";
import { percentOf, type ProtocolFigures, type QualityCourseSummary, type QualityFigures, type Share } from "@/lib/domain/quality";
import type { ProtocolCode } from "@/lib/domain/records";
import { protocolLabel } from "@/lib/format";
import { csvCell } from "@/lib/views/audit";

/** The GET form's filters (all optional). */
export interface QualityFilters {
  /** one of the user's unit ids, or "" for all of them */
  unit: string;
  /** "" for both protocols */
  protocol: "" | ProtocolCode;
  /** first day (YYYY-MM-DD) of the course's start (TIL: end of the cell infusion; monotherapy: first dose), on its unit's clock */
  from: string;
  /** last day (YYYY-MM-DD), inclusive */
  to: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const first = (v: unknown): string => (typeof v === "string" ? v.trim().slice(0, 64) : Array.isArray(v) ? first(v[0]) : "");

/** The filters from the URL: anything malformed is ignored (read as "all"), never an error. */
export function readQualityFilters(params: Record<string, string | string[] | undefined> | URLSearchParams): QualityFilters {
  const get = (k: string): string => first(params instanceof URLSearchParams ? params.get(k) ?? undefined : params[k]);
  const day = (k: string) => (DAY.test(get(k)) && !Number.isNaN(Date.parse(`${get(k)}T00:00:00Z`)) ? get(k) : "");
  const protocol = get("protocol");
  return {
    unit: UUID.test(get("unit")) ? get("unit").toLowerCase() : "",
    protocol: protocol === "til_adjunct" || protocol === "monotherapy" ? protocol : "",
    from: day("from"),
    to: day("to"),
  };
}

/** The filters as a query string, for the export link. */
export function qualityQuery(f: QualityFilters): string {
  const q = new URLSearchParams();
  for (const k of ["unit", "protocol", "from", "to"] as const) if (f[k]) q.set(k, f[k]);
  const s = q.toString();
  return s ? `?${s}` : "";
}

export interface QualityUnit {
  id: string;
  name: string;
  timeZone: string;
}

export interface QualityView {
  /** the units the figures may cover: the user's own */
  units: QualityUnit[];
  filters: QualityFilters;
  figures: QualityFigures;
}

export const protocolWords = (p: ProtocolCode): string => (p === "til_adjunct" ? "After TIL (TIL-adjunct)" : "Monotherapy");

/**
 * The figures as an administrator sees them (decision 062): the attendings' typed stop reasons left out, as they are
 * from the CSV, because free text may name a person; each reason marked as withheld, never as "no reason typed".
 */
export function withoutTypedReasons(protocols: readonly ProtocolFigures[]): ProtocolFigures[] {
  return protocols.map((p) => ({ ...p, stops: { ...p.stops, reasons: p.stops.reasons.map((r) => ({ ...r, reason: null, reasonWithheld: r.reason !== null })) } }));
}

/** "3 of 5 (60 %)"; "0 of 0" with no percentage. */
export function shareText(s: Share): string {
  const pct = percentOf(s);
  return pct === null ? `${s.count} of ${s.of}` : `${s.count} of ${s.of} (${pct} %)`;
}

/** A count or figure to at most one decimal: 1.5, 4, 0.8 ("—" for none). */
export function figureText(v: number | null): string {
  if (v === null) return "—";
  const r = Math.round(v * 10) / 10;
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** Criteria in the rule set's clinical words, joined. */
export function criteriaWords(ids: readonly string[], ruleSet?: { id: string; version: string }): string {
  return ids.map((id) => criterionLabel(id, ruleSet)).join("; ");
}

const STATUS_WORDS: Record<QualityCourseSummary["status"], string> = { ordered: "Ordered", active: "Open (active)", closed: "Closed" };

/** The course's start month on its unit's clock: "2026-09" (never the day: with the unit it would point at a patient). */
function monthOf(at: Date | null, timeZone: string): string {
  if (!at) return "";
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at).slice(0, 7);
}

export const QUALITY_CSV_HEADER = [
  "Row", "Unit", "Protocol", "Rule set", "Status", "Start month (unit clock)", "Doses given", "Maximum of the rule set",
  "Reached the maximum", "Maximum per cycle", "Reached the per-cycle maximum", "Held doses (hold tier)",
  "Held dose events (hold tier)", "Hold criteria", "Held events of the stop or discontinue tier", "Stopped", "Discontinued",
  "Stop or discontinue criteria", "Hours from TIL infusion end to first dose",
] as const;

/**
 * One line per course, numbered 1, 2, … in the export's order: no course id (it leads straight back to the patient),
 * no name or MRN, the start month rather than its day; unit, protocol, rule set and the figures, CRLF line ends,
 * every cell through csvCell (a cell a spreadsheet would read as a formula is prefixed with an apostrophe). The
 * attending's typed reasons are left out: free text may name a person.
 */
export function qualityCsv(courses: readonly QualityCourseSummary[], timeZoneOf: (unitName: string) => string): string {
  const lines = [QUALITY_CSV_HEADER.map(csvCell).join(",")];
  courses.forEach((c, i) => {
    const ruleSet = { id: c.ruleSetId, version: c.ruleSetVersion };
    lines.push([
      i + 1, c.unitName, protocolLabel(c.protocol), `${c.ruleSetId} ${c.ruleSetVersion}`, STATUS_WORDS[c.status],
      monthOf(c.anchorAt, timeZoneOf(c.unitName)), c.given, c.maximum ?? "unknown", c.maximum === null ? "unknown" : c.reachedMaximum ? "yes" : "no",
      c.maximumPerCycle ?? "not applicable", c.maximumPerCycle === null ? "not applicable" : c.reachedCycleMaximum ? "yes" : "no",
      c.heldDoses, c.held, criteriaWords(c.holdCriteria, ruleSet), c.stopTierHeld, c.stopped, c.discontinued, criteriaWords(c.stopCriteria, ruleSet),
      c.protocol === "til_adjunct" ? (c.hoursToFirstDose === null ? "no dose given" : figureText(c.hoursToFirstDose)) : "not applicable",
    ].map(csvCell).join(","));
  });
  return `${lines.join("\r\n")}\r\n`;
}
