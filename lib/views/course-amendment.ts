// What the amendment history shows: plain values only (decimals as strings, no Prisma types).

/** The order fields an amendment can change, in the order the history lists them. */
export const AMENDABLE_FIELDS = ["dosingWeightKg", "baselineWeightKg", "targetSbpMmHg", "ruleSetVersion"] as const;
export type AmendableField = (typeof AMENDABLE_FIELDS)[number];

export const AMENDABLE_FIELD_LABEL: Readonly<Record<AmendableField, { label: string; unit: string | null }>> = {
  dosingWeightKg: { label: "Dosing weight", unit: "kg" },
  baselineWeightKg: { label: "Baseline weight", unit: "kg" },
  targetSbpMmHg: { label: "SBP target", unit: "mmHg" },
  ruleSetVersion: { label: "Rule-set version", unit: null },
};

export type CourseAmendmentKind = "order" | "rule-set-version";

export interface CourseAmendmentChange {
  field: AmendableField;
  /** null = not set (a 1.0.0 TIL course may have no SBP target) */
  before: string | null;
  after: string | null;
}

export interface CourseAmendmentView {
  id: string;
  /** the course version this amendment produced */
  version: number;
  kind: CourseAmendmentKind;
  changes: CourseAmendmentChange[];
  reason: string;
  signedById: string;
  signedByName: string;
  signatureMeaning: string;
  /** ISO 8601 instant */
  signedAt: string;
  sentForVerification: boolean;
}
