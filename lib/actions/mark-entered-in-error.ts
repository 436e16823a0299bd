"use server";

import { lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { CORRECTION_MEANING, MarkEnteredInErrorSchema } from "@/lib/schemas/correction";
import { correctionRefusal, doseEventsSinceAssessment, type CorrectionSubject } from "@/lib/domain/correction";

/**
 * An attending — or, for her own entry within 30 minutes of recording it, the nurse — marks a dose event or an
 * assessment as entered in error, with a reason and a password signature. The row is not deleted or rewritten: it
 * keeps every value, gains who/when/why, and from then on the engine, the counts and the board ignore it
 * (lib/domain/engine-request.ts reads active rows only). Who may correct what, and what a correction may not undo,
 * is lib/domain/correction.ts `correctionRefusal`; the course page asks the same function.
 */
const markEnteredInError = defineAction({
  name: "mark-entered-in-error",
  entityType: (values) => (values.entityType === "Assessment" || values.entityType === "DoseEvent" ? values.entityType : "record"),
  // a refused attempt names the record it tried to correct
  entityId: idFrom("entityId"),
  permission: "record:mark-in-error",
  schema: MarkEnteredInErrorSchema,
  signature: {},
  scope: async (tx, session, input, now) => {
    const where = { id: input.entityId, course: { patient: { unitId: { in: session.user.unitIds } } } };
    const include = { course: { select: { patient: { select: { unit: { select: { timeZone: true } } } } } } };
    const target = input.entityType === "DoseEvent" ? await tx.doseEvent.findFirst({ where, include }) : await tx.assessment.findFirst({ where, include });
    if (!target) throw notFound("record");
    await lockCourse(tx, session, target.courseId, now, "nothing was marked entered in error");
    return target;
  },
  decide: async ({ tx, session, actor, input, now, signer, scoped: target }) => {
    // `status` as read before the lock: a correction committed meanwhile is answered by the guarded update below
    if (target.status === "entered_in_error") throw new ActionRefusal("CONFLICT", "This record is already marked entered in error.");
    let subject: CorrectionSubject;
    if ("kind" in target) {
      const facts = await tx.doseEvent.findUniqueOrThrow({ where: { id: target.id }, select: { holdReviews: { select: { id: true } }, assessment: { select: { status: true } } } });
      const later = await tx.doseEvent.findFirst({ where: { courseId: target.courseId, sequence: { gt: target.sequence }, status: "active" }, orderBy: { sequence: "asc" }, select: { sequence: true } });
      subject = {
        entityType: "DoseEvent",
        event: target,
        reviewed: facts.holdReviews.length > 0,
        sourceAssessmentActive: facts.assessment?.status === "active",
        laterActiveSequence: later?.sequence ?? null,
      };
    } else {
      // every active dose event recorded on it or since it was recorded: a dose is decided on the current picture
      // (decision 042), so a later one may rest on its values though it links to a newer assessment
      const since = await tx.doseEvent.findMany({
        where: { courseId: target.courseId, status: "active", OR: [{ assessmentId: target.id }, { recordedAt: { gte: target.recordedAt } }] },
        select: { sequence: true, kind: true, status: true, assessmentId: true, recordedAt: true },
      });
      subject = { entityType: "Assessment", assessment: target, doseEventsSince: doseEventsSinceAssessment(target, since) };
    }
    const refused = correctionRefusal({ id: actor.id, role: session.user.role }, subject, now, target.course.patient.unit.timeZone);
    if (refused) throw new ActionRefusal("RULE_BLOCKED", refused);
    const signature = signatureWith(signer!, CORRECTION_MEANING);
    const data = { status: "entered_in_error" as const, enteredInErrorById: actor.id, enteredInErrorAt: now, enteredInErrorReason: input.reason };
    const changed =
      input.entityType === "DoseEvent"
        ? await tx.doseEvent.updateMany({ where: { id: target.id, status: "active" }, data })
        : await tx.assessment.updateMany({ where: { id: target.id, status: "active" }, data });
    if (changed.count !== 1) throw new ActionRefusal("CONFLICT", "This record was just changed by someone else. Reload it.");
    return {
      data: { id: input.entityId },
      entityId: target.id,
      entityType: input.entityType,
      audit: { courseId: target.courseId, reason: input.reason, signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() } },
      revalidate: [`/courses/${target.courseId}`, "/board"],
    };
  },
});

export async function markEnteredInErrorAction(prev: ActionResult<{ id: string }> | null, form: FormData): Promise<ActionResult<{ id: string }>> {
  return markEnteredInError(prev, form);
}
