// The stored clinical records as lib/domain reads them: plain structural types, so the domain never imports
// generated Prisma types and can be unit-tested with object literals. Prisma's rows satisfy these shapes
// (lib/db/records.ts checks that at compile time). Decimals are anything with an exact `toString()`.

export type DecimalLike = { toString(): string };
export type ProtocolCode = "til_adjunct" | "monotherapy";
export type CourseStatusCode = "ordered" | "active" | "closed";
export type DoseEventKindCode = "given" | "held" | "stopped" | "discontinued";
export type RecordStatusCode = "active" | "entered_in_error";
export type ReviewOutcomeCode = "confirm" | "stop" | "discontinue" | "override" | "reassess" | "acknowledge";

export interface CourseRecord {
  id: string;
  protocol: ProtocolCode;
  ruleSetId: string;
  ruleSetVersion: string;
  dosingWeightKg: DecimalLike;
  baselineWeightKg: DecimalLike;
  doseIuPerKg: number;
  startAt: Date | null;
  tilInfusionEndAt: Date | null;
  targetSbpMmHg: number | null;
  status: CourseStatusCode;
  cycle2ApprovedAt: Date | null;
}

export interface DoseEventRecord {
  id: string;
  courseId: string;
  sequence: number;
  kind: DoseEventKindCode;
  cycle: number;
  doseIu: number | null;
  occurredAt: Date;
  assessmentId: string | null;
  engineDecision: string;
  /** hold | stop | discontinue on held events (contract 1.1); null otherwise */
  tier: string | null;
  decisionSnapshot: unknown;
  ruleSetId: string;
  ruleSetVersion: string;
  criteria: string[];
  note: string | null;
  authorizedByReviewId: string | null;
  recordedAt: Date;
  status: RecordStatusCode;
  enteredInErrorAt: Date | null;
  enteredInErrorReason: string | null;
  /**
   * A dose given during downtime that the rules, at its time, would not have given: the stored words
   * (lib/domain/downtime.ts downtimeFlag). It waits for the attending's signed acknowledgement. Absent = none.
   */
  downtimeFlag?: string | null;
}

/** A dose event with the ids of its attending reviews: a reviewed stop-tier hold no longer holds by itself. */
export type ReviewedDoseEvent = DoseEventRecord & { holdReviews: readonly { id: string }[] };

export interface AssessmentRecord {
  id: string;
  takenAt: Date;
  recordedAt: Date;
  status: RecordStatusCode;
  sbpMmHg: number | null;
  heartRateBpm: number | null;
  rhythm: string | null;
  spo2Pct: number | null;
  oxygenDevice: string | null;
  oxygenLpm: DecimalLike | null;
  urineOutputMl: number | null;
  urineOutputHours: DecimalLike | null;
  weightKg: DecimalLike | null;
  mentalStatus: string | null;
  phenylephrineMcgKgMin: DecimalLike | null;
  phenylephrinePeakMcgKgMin: DecimalLike | null;
  otherVasopressor: boolean | null;
  fluidRefractoryHypotension: boolean | null;
  creatinineMgDl: DecimalLike | null;
  labsAt: Date | null;
  plateletsPerUl: number | null;
  bilirubinMgDl: DecimalLike | null;
  bicarbonateMmolL: DecimalLike | null;
  temperatureC: DecimalLike | null;
  infection: string | null;
  giBleeding: string | null;
  permanentEvents: string[];
  permanentEventsAnswered: boolean;
  observedAt: unknown;
  carriedFields: string[];
  carriedFromId: string | null;
}
