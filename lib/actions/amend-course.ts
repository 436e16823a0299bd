"use server";

import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { AmendCourseSchema } from "@/lib/schemas/correction";
import { ActionRefusal, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const ACTION = "course-amend";

/**
 * An attending amends an order (weights, TIL blood-pressure target) with a reason. Optimistic concurrency: the form
 * carries the course version it was read at, and an amendment of a stale version is refused, so nobody overwrites
 * a change they have not seen. The dosing weight is locked once a dose event exists; changing it before that sends
 * the order back to the pharmacist. Before/after values are kept in the audit row.
 */
export async function amendCourseAction(_prev: ActionResult<{ version: number }> | null, form: FormData): Promise<ActionResult<{ version: number }>> {
  const values = formValues(form);
  let session: CurrentSession | null = null;
  const ctx = () => ({ action: ACTION, entityType: "Course", entityId: null, values, actor: session ? { id: session.user.id, email: session.user.email } : null });
  try {
    session = await requirePermission("course:order");
    const actor = session;
    const parsed = AmendCourseSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return invalidInput(parsed.error, ctx());
    const input = parsed.data;
    const now = new Date();
    const version = await prisma.$transaction(async (tx) => {
      const seen = await findCourseInScope(tx, actor, input.courseId);
      // A dose recorded meanwhile does not bump `version`: wait for it under the course lock (the dose action holds
      // it too), then read again, so the dose-event check below sees it and the dosing weight cannot change after it.
      await lockCourse(tx, seen.id);
      const course = await findCourseInScope(tx, actor, seen.id);
      if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: it cannot be amended.");
      if (course.version !== input.version) {
        throw new ActionRefusal("CONFLICT", "This order was changed since you opened it. Reload to see the current order, then amend again.", { seen: input.version, current: course.version });
      }
      const change: { dosingWeightKg?: number; baselineWeightKg?: number; targetSbpMmHg?: number | null } = {};
      if (typeof input.dosingWeightKg === "number" && input.dosingWeightKg !== Number(course.dosingWeightKg.toString())) change.dosingWeightKg = input.dosingWeightKg;
      if (typeof input.baselineWeightKg === "number" && input.baselineWeightKg !== Number(course.baselineWeightKg.toString())) change.baselineWeightKg = input.baselineWeightKg;
      if (course.protocol === "til_adjunct" && typeof input.targetSbpMmHg === "number" && input.targetSbpMmHg !== course.targetSbpMmHg) change.targetSbpMmHg = input.targetSbpMmHg;
      if (Object.keys(change).length === 0) throw new ActionRefusal("RULE_BLOCKED", "Nothing to change: the values are the order's current ones.");
      const reverify = change.dosingWeightKg !== undefined;
      if (reverify && (await tx.doseEvent.count({ where: { courseId: course.id } })) > 0) {
        throw new ActionRefusal("RULE_BLOCKED", "The dosing weight is locked once a dose event is recorded.", { field: "dosingWeightKg" });
      }
      const updated = await tx.course.updateMany({
        where: { id: course.id, version: input.version },
        data: { ...change, version: { increment: 1 }, ...(reverify ? { status: "ordered", weightVerifiedById: null, weightVerifiedAt: null } : {}) },
      });
      if (updated.count !== 1) throw new ActionRefusal("CONFLICT", "This order was changed since you opened it. Reload to see the current order, then amend again.");
      await writeAudit(tx, {
        actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: "Course", entityId: course.id, outcome: "success", at: now,
        details: {
          reason: input.reason,
          before: { dosingWeightKg: course.dosingWeightKg.toString(), baselineWeightKg: course.baselineWeightKg.toString(), targetSbpMmHg: course.targetSbpMmHg },
          after: change,
          version: input.version + 1,
          sentBackForVerification: reverify,
        },
      });
      return input.version + 1;
    });
    revalidatePath(`/courses/${input.courseId}`);
    revalidatePath("/verifications");
    return { ok: true, data: { version } };
  } catch (e) {
    const failure = await handleActionError(e, ctx());
    const field = e instanceof ActionRefusal ? e.details.field : undefined;
    if (typeof field === "string") return { ...failure, fieldErrors: { [field]: [failure.message] } };
    return failure;
  }
}
