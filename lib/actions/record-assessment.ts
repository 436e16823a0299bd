"use server";

import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope } from "@/lib/auth/scope";
import { decideForCourse } from "@/lib/db/engine-request";
import { readAssessmentForm, type FormInput } from "@/lib/assessment-form";
import { CourseIdSchema } from "@/lib/schemas/dose";
import { ActionRefusal, formValues, handleActionError, invalidFields, invalidInput, type ActionResult } from "@/lib/actions/result";
import { CLOCK_SKEW_MINUTES, type DoseDecision } from "@/lib/rules";
import type { CurrentSession } from "@/lib/auth/session";
import type { Prisma } from "@/lib/generated/prisma/client";

const ACTION = "assessment-record";

function formInput(form: FormData): FormInput {
  const out: FormInput = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key).filter((v): v is string => typeof v === "string");
    out[key] = key === "permanentEvents" ? all : all[0];
  }
  return out;
}

/**
 * A nurse (or attending) records the pre-dose assessment. An incomplete assessment is saved as it is: the engine
 * then answers `incomplete` and no dose can be given on it. Returns the engine's decision on it.
 */
export async function recordAssessmentAction(
  _prev: ActionResult<{ assessmentId: string; decision: DoseDecision | null }> | null,
  form: FormData,
): Promise<ActionResult<{ assessmentId: string; decision: DoseDecision | null }>> {
  const values = formValues(form);
  let session: CurrentSession | null = null;
  const ctx = () => ({ action: ACTION, entityType: "Assessment", values, actor: session ? { id: session.user.id, email: session.user.email } : null });
  try {
    session = await requirePermission("assessment:record");
    const actor = session;
    const ids = CourseIdSchema.safeParse({ courseId: form.get("courseId") });
    if (!ids.success) return invalidInput(ids.error, ctx());
    const now = new Date();
    const course = await prisma.$transaction((tx) => findCourseInScope(tx, actor, ids.data.courseId));
    if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: no more assessments are recorded on it.");

    const { assessment, fieldErrors } = readAssessmentForm(formInput(form), course.patient.unit.timeZone, now);
    const latest = now.getTime() + CLOCK_SKEW_MINUTES * 60_000;
    if (!assessment.at && !fieldErrors.at) (fieldErrors.at ??= []).push("Enter when the patient was assessed.");
    for (const key of ["at", "labsAt"] as const) {
      const v = assessment[key];
      if (typeof v === "string" && Date.parse(v) > latest) (fieldErrors[key] ??= []).push("This time is in the future.");
    }
    if (Object.keys(fieldErrors).length) return invalidFields(fieldErrors, { ...ctx(), entityId: null });

    // The engine's strict schema has checked every key and value; its field names are the table's columns.
    const { at, labsAt, permanentEvents, ...measured } = assessment as Record<string, unknown> & { at: string };
    const created = await prisma.$transaction(async (tx) => {
      const row = await tx.assessment.create({
        data: {
          ...(measured as Partial<Prisma.AssessmentUncheckedCreateInput>),
          courseId: course.id,
          takenAt: new Date(at),
          labsAt: typeof labsAt === "string" ? new Date(labsAt) : null,
          permanentEvents: (permanentEvents as string[] | undefined) ?? [],
          recordedById: actor.user.id,
          recordedAt: now,
        },
      });
      await writeAudit(tx, {
        actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: "Assessment", entityId: row.id, outcome: "success", at: now,
        details: { courseId: course.id, assessment: assessment as Prisma.InputJsonValue },
      });
      return row;
    });
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
    const outcome = decideForCourse({ now, course, events, assessment: created });
    revalidatePath(`/courses/${course.id}`);
    revalidatePath("/board");
    return { ok: true, data: { assessmentId: created.id, decision: outcome.ok ? outcome.result : null } };
  } catch (e) {
    return handleActionError(e, ctx());
  }
}
