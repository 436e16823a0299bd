// What a screen shows of a stored pre-dose assessment: plain values, no Prisma types. Its values are exactly what
// the engine is sent for that row (the registry's reading of each column), so a screen never shows a value the
// rules did not judge, nor "none" for a question that was not asked.
import type { AssessmentField } from "@/lib/rules";
import { assessmentField, displayValue, engineValuesOf, type FieldValue } from "@/lib/domain/assessment-fields";
import type { CurrentPicture, PictureValueField } from "@/lib/domain/current-assessment";
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

/** One value of the current picture, as the course page shows it: the field in words, its value, its own time. */
export interface PictureFieldView {
  field: PictureValueField;
  /** the clinical label (never the engine key) */
  label: string;
  unit: string | null;
  value: FieldValue;
  /** the value in the clinician's words (an option's label, Yes/No, a list's labels) */
  display: string;
  /** the value's own observation time (a lab's draw time, a carried value's original time) */
  observedAt: Date;
  /** the assessment it came from */
  assessmentId: string;
  assessmentTakenAt: Date;
  recordedByName: string;
  /** from the latest assessment (else from an earlier, fuller one) */
  fromLatest: boolean;
  /** that assessment carried it from an earlier one */
  carried: boolean;
}

/** The current picture of the patient (lib/domain/current-assessment.ts): what the decision on the page is made on. */
export interface CurrentPictureView {
  latestAssessmentId: string;
  /** the latest assessment's time: the picture's `at` */
  at: Date;
  fields: PictureFieldView[];
}

/** A picture and the assessments it was built from (with who recorded them) → its view, in the form's order. */
export function pictureView(picture: CurrentPicture, assessments: readonly (AssessmentRecord & { recordedBy: { name: string } })[]): CurrentPictureView {
  const byId = new Map(assessments.map((a) => [a.id, a]));
  const fields: PictureFieldView[] = [];
  for (const f of picture.fields) {
    const def = assessmentField(f.field);
    const from = byId.get(f.assessmentId);
    if (!def || !from) continue;
    fields.push({
      field: f.field,
      label: def.label,
      unit: def.unit ?? null,
      value: f.value,
      display: displayValue(def, f.value),
      observedAt: f.observedAt,
      assessmentId: f.assessmentId,
      assessmentTakenAt: from.takenAt,
      recordedByName: from.recordedBy.name,
      fromLatest: f.assessmentId === picture.latest.id,
      carried: f.carried,
    });
  }
  return { latestAssessmentId: picture.latest.id, at: picture.latest.takenAt, fields };
}
