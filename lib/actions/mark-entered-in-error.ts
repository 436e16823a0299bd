"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { lockCourse } from "@/lib/auth/scope";
import { signAs } from "@/lib/auth/signature";
import { CORRECTION_MEANING, MarkEnteredInErrorSchema } from "@/lib/schemas/correction";
import { ActionRefusal, formValues, handleActionError, invalidInput, notFound, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const ACTION = "mark-entered-in-error";

/**
 * An attending marks a dose event or an assessment as entered in error, with a reason and a password signature.
 * The row is not deleted or rewritten: it keeps every value, gains who/when/why, and from then on the engine,
 * the counts and the board ignore it (lib/db/engine-request.ts reads active rows only).
 */
export async function markEnteredInErrorAction(_prev: ActionResult<{ id: string }> | null, form: FormData): Promise<ActionResult<{ id: string }>> {
  const values = formValues(form);
  let session: CurrentSession | null = null;
  const ctx = () => ({ action: ACTION, entityType: form.get("entityType") === "Assessment" ? "Assessment" : form.get("entityType") === "DoseEvent" ? "DoseEvent" : "record", entityId: null, values, actor: session ? { id: session.user.id, email: session.user.email } : null });
  try {
    session = await requirePermission("record:mark-in-error");
    const actor = session;
    const parsed = MarkEnteredInErrorSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return invalidInput(parsed.error, ctx());
    const input = parsed.data;
    const now = clock.now();
    const courseId = await prisma.$transaction(async (tx) => {
      const scope = { course: { patient: { unitId: { in: actor.user.unitIds } } } };
      const target =
        input.entityType === "DoseEvent"
          ? await tx.doseEvent.findFirst({ where: { id: input.entityId, ...scope } })
          : await tx.assessment.findFirst({ where: { id: input.entityId, ...scope } });
      if (!target) throw notFound("record");
      await lockCourse(tx, target.courseId);
      if (target.status === "entered_in_error") throw new ActionRefusal("CONFLICT", "This record is already marked entered in error.");
      if (input.entityType === "DoseEvent" && "kind" in target) {
        // A stop is not undone by a correction (contract 1.1: a stop lives in the events). A stop-tier hold waiting
        // for the attending goes only with the assessment that made it; a stop or discontinuation an attending
        // signed stands (a new review decides, never a correction).
        const stopTier = target.kind === "held" && (target.tier === "stop" || target.tier === "discontinue");
        if (stopTier && (await tx.holdReview.count({ where: { doseEventId: target.id } })) === 0) {
          const source = target.assessmentId ? await tx.assessment.findUnique({ where: { id: target.assessmentId }, select: { status: true } }) : null;
          if (source?.status === "active") {
            throw new ActionRefusal("RULE_BLOCKED", "This hold records a stop that waits for the attending's decision. If the assessment that made it was wrong, mark that assessment entered in error first; otherwise the attending decides the stop.");
          }
        }
        if ((target.kind === "stopped" || target.kind === "discontinued") && target.authorizedByReviewId) {
          throw new ActionRefusal("RULE_BLOCKED", `This ${target.kind === "stopped" ? "stop" : "discontinuation"} was signed by an attending in a review: it cannot be marked entered in error.`);
        }
      }
      const signature = await signAs(tx, actor, input.password, CORRECTION_MEANING, now);
      const data = { status: "entered_in_error" as const, enteredInErrorById: actor.user.id, enteredInErrorAt: now, enteredInErrorReason: input.reason };
      const changed =
        input.entityType === "DoseEvent"
          ? await tx.doseEvent.updateMany({ where: { id: target.id, status: "active" }, data })
          : await tx.assessment.updateMany({ where: { id: target.id, status: "active" }, data });
      if (changed.count !== 1) throw new ActionRefusal("CONFLICT", "This record was just changed by someone else. Reload it.");
      await writeAudit(tx, {
        actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: input.entityType, entityId: target.id, outcome: "success", at: now,
        details: { courseId: target.courseId, reason: input.reason, signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() } },
      });
      return target.courseId;
    });
    revalidatePath(`/courses/${courseId}`);
    revalidatePath("/board");
    return { ok: true, data: { id: input.entityId } };
  } catch (e) {
    const failure = await handleActionError(e, ctx());
    if (e instanceof ActionRefusal && e.details.signature === "wrong-password") return { ...failure, fieldErrors: { password: [failure.message] } };
    return failure;
  }
}
