// What the downtime back-entry page shows (app/(clinical)/courses/[courseId]/downtime, decision 061): plain shapes,
// no Prisma types (lib/db/queries/downtime.ts builds them).
import type { CarrySource } from "@/lib/domain/assessment-fields";
import type { DoseEventKindCode } from "@/lib/domain/records";

/** One dose event entered after a downtime, with who entered and who co-signed it, and its flag. */
export interface DowntimeEntryView {
  id: string;
  sequence: number;
  kind: DoseEventKindCode;
  doseIu: number | null;
  cycle: number;
  tier: string | null;
  occurredAt: Date;
  recordedAt: Date;
  recordedByName: string;
  coSignedByName: string | null;
  coSignedAt: Date | null;
  coSignatureMeaning: string | null;
  engineDecision: string;
  ruleSet: { id: string; version: string };
  criteria: string[];
  note: string | null;
  /** the words of the flag: given although the rules at its time would not have given it; null otherwise */
  flag: string | null;
  enteredInError: boolean;
  /** the attending's signed review of a flagged entry (acknowledgement, or the decision on a stop), if any */
  review: { outcome: string; byName: string; at: Date; meaning: string; note: string | null } | null;
}

export interface DowntimePageView {
  courseId: string;
  patientName: string;
  mrn: string;
  unitName: string;
  timeZone: string;
  status: string;
  ruleSet: { id: string; version: string };
  /** the course's one fixed dose */
  doseIu: number;
  dosingWeightKg: string;
  /** the course's last event in force: entries go oldest first, each after it */
  lastEventAt: Date | null;
  /** the criteria of the course's rule set a held dose may be held for, in words */
  criteria: { id: string; label: string }[];
  /** what the paper assessment may carry (the latest assessment on record, with each value's own time) */
  carry: CarrySource | null;
  /** who may co-sign: the other nurses and attendings of the unit */
  coSigners: { id: string; name: string; role: string }[];
  entries: DowntimeEntryView[];
}
