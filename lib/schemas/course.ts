import { z } from "zod";
import type { Protocol } from "@/lib/rules";
import { defaultDoseIuPerKg, doseIuPerKgOptions, isListedDoseIuPerKg, ruleSetForNewCourse, targetSbpBounds } from "@/lib/domain/course-order";

/** A weight in kg as the Decimal(6,2) columns store it: never rounded by the database, so at most 2 decimals. */
export const decimalKg = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a number of kilograms.` })
    .refine(Number.isFinite, `${label} must be a number of kilograms.`)
    .min(1, `${label} must be at least 1 kg.`)
    .max(400, `${label} must be at most 400 kg.`)
    .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, `${label}: at most 2 decimals.`);

const WHOLE = /^\d{1,4}$/;

/**
 * The TIL admission SBP target as typed: empty, or a whole number of mmHg within the bounds (protocols.md §4
 * `sbp-low`, 1.1.0: 90–140, never looser than monotherapy). Returns the number, null for empty, or the refusal.
 */
export function parseTargetSbp(raw: unknown): { ok: true; value: number | null } | { ok: false; message: string } {
  const text = typeof raw === "string" ? raw.trim() : raw === undefined ? "" : null;
  if (text === "") return { ok: true, value: null };
  const { min, max } = targetSbpBounds();
  if (text === null || !WHOLE.test(text)) return { ok: false, message: `Enter the SBP target as a whole number of mmHg, ${min}–${max}.` };
  const value = Number(text);
  if (value < min) return { ok: false, message: `The SBP target must be at least ${min} mmHg: a lower target would hold IL-2 less readily than monotherapy does.` };
  if (value > max) return { ok: false, message: `The SBP target must be at most ${max} mmHg.` };
  return { ok: true, value };
}

export const targetSbpRequiredMessage = () => {
  const { min, max } = targetSbpBounds();
  return `Enter the admission SBP target (whole mmHg, ${min}–${max}): the TIL rule set has no default, a dose is held below it.`;
};

/** The dose per kg as chosen: empty = the rule set's default; otherwise one of the values the rule set lists. */
export function parseDoseIuPerKg(protocol: Protocol, raw: unknown): { ok: true; value: number } | { ok: false; message: string } {
  const ruleSet = ruleSetForNewCourse(protocol);
  const text = typeof raw === "string" ? raw.trim() : raw === undefined ? "" : null;
  if (text === "") return { ok: true, value: defaultDoseIuPerKg(ruleSet) };
  const value = text !== null && /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (isListedDoseIuPerKg(ruleSet, value)) return { ok: true, value };
  const listed = doseIuPerKgOptions(ruleSet).map((o) => o.label).join(" or ");
  return { ok: false, message: `Choose a dose per kg that rule set ${ruleSet.id} version ${ruleSet.version} lists: ${listed}.` };
}

const optionalText = z.string().optional();

export const OrderCourseSchema = z
  .object({
    patientId: z.uuid("Choose a patient."),
    protocol: z.enum(["til-adjunct", "monotherapy"], { error: "Choose a protocol." }),
    dosingWeightKg: decimalKg("Dosing weight"),
    baselineWeightKg: decimalKg("Baseline weight"),
    /** the unit's wall-clock time, "YYYY-MM-DDTHH:mm": TIL infusion end, or cycle 1 day 1 first dose */
    anchorAt: z.string().trim().min(1, "Enter the anchor time."),
    /** TIL only: required, no default (1.1.0); not asked for monotherapy, and ignored if sent */
    targetSbpMmHg: optionalText,
    /** one of the rule set's listed values; empty = the rule set's default */
    doseIuPerKg: optionalText,
  })
  .superRefine((v, ctx) => {
    // runs even when another field failed, so the form shows every refusal at once
    if (v.protocol === "til-adjunct") {
      const t = parseTargetSbp(v.targetSbpMmHg);
      if (!t.ok) ctx.addIssue({ code: "custom", path: ["targetSbpMmHg"], message: t.message });
      else if (t.value === null) ctx.addIssue({ code: "custom", path: ["targetSbpMmHg"], message: targetSbpRequiredMessage() });
    }
    if (v.protocol === "til-adjunct" || v.protocol === "monotherapy") {
      const dose = parseDoseIuPerKg(v.protocol, v.doseIuPerKg);
      if (!dose.ok) ctx.addIssue({ code: "custom", path: ["doseIuPerKg"], message: dose.message });
    }
  })
  .transform((v) => {
    const target = v.protocol === "til-adjunct" ? parseTargetSbp(v.targetSbpMmHg) : null;
    const dose = parseDoseIuPerKg(v.protocol, v.doseIuPerKg);
    return {
      ...v,
      targetSbpMmHg: target?.ok ? target.value : null,
      doseIuPerKg: dose.ok ? dose.value : defaultDoseIuPerKg(ruleSetForNewCourse(v.protocol)),
    };
  });
export type OrderCourse = z.infer<typeof OrderCourseSchema>;
