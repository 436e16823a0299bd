// What a screen shows of a stored pre-dose assessment: plain values, no Prisma types. Its values are exactly what
// the engine is sent for that row (the registry's reading of each column), so a screen never shows a value the
// rules did not judge, nor "none" for a question that was not asked.
import type { AssessmentField } from "@/lib/rules";
import { engineValuesOf, type FieldValue } from "@/lib/domain/assessment-fields";
import type { AssessmentRecord } from "@/lib/domain/records";

export interface AssessmentView {
  id: string;
  takenAt: Date;
  /** the oldest draw time among its labs, when it has labs */
  labsAt: Date | null;
  recordedByName: string;
  /** engine-shaped values (Decimals as numbers, times as ISO); a field not recorded is absent */
  values: Partial<Record<AssessmentField, FieldValue>>;
  /** the fields whose value was carried from an earlier assessment */
  carriedFields: string[];
}

/** A stored assessment (with the name of who recorded it) → its view. */
export function assessmentView(row: AssessmentRecord & { recordedBy: { name: string } }): AssessmentView {
  return {
    id: row.id,
    takenAt: row.takenAt,
    labsAt: row.labsAt,
    recordedByName: row.recordedBy.name,
    values: engineValuesOf(row),
    carriedFields: [...row.carriedFields],
  };
}
