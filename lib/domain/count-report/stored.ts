// Reading a stored count report (`DoseCountVerification.countsSnapshot`). Pure.
import { COUNT_REPORT_VERSION, type StoredCountReport } from "@/lib/domain/count-report/types";

const READABLE_VERSIONS: readonly unknown[] = [1, 2, 3, COUNT_REPORT_VERSION];

/**
 * A stored `countsSnapshot` as a report of its own version, or null when it is not one. Old versions are read as
 * they were written — versions 1 and 2 with their stored sentences, version 3 without the dose each event belongs
 * to — never filled in with today's rules.
 */
export function readStoredCountReport(snapshot: unknown): StoredCountReport | null {
  if (snapshot === null || typeof snapshot !== "object" || Array.isArray(snapshot)) return null;
  const version = (snapshot as { reportVersion?: unknown }).reportVersion;
  return READABLE_VERSIONS.includes(version) ? (snapshot as StoredCountReport) : null;
}
