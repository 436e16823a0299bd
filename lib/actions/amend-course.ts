"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signAs } from "@/lib/auth/signature";
import { AmendCourseSchema, amendMeaning } from "@/lib/schemas/correction";
import { ActionRefusal, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const ACTION = "course-amend";
const STALE = "This order was changed since you opened it. Reload to see the current order, then amend again.";

type Field = "dosingWeightKg" | "baselineWeightKg" | "targetSbpMmHg";

/**
 * An attending amends an order (weights, TIL blood-pressure target) with a reason. Optimistic concurrency: the form
 * carries the course version it was read at, and an amendment of a stale version is refused, so nobody overwrites
 * a change they have not seen. The dosing weight is locked once a dose event exists; changing it before that sends
 * the order back to the pharmacist. Once a dose event exists, every amendment is signed: the attending re-enters
 * their password (21 CFR Part 11 §11.200), since the baseline weight and the SBP target move the thresholds the
 * next dose is judged by. Every amendment writes a CourseAmendment row (the history) with the audit row.
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
    const now = clock.now();
    const version = await prisma.$transaction(async (tx) => {
      const seen = await findCourseInScope(tx, actor, input.courseId);
      // A dose recorded meanwhile does not bump `version`: wait for it under the course lock (the dose action holds
      // it too), then read again, so the dose-event check below sees it and the dosing weight cannot change after it.
      await lockCourse(tx, seen.id);
      const course = await findCourseInScope(tx, actor, seen.id);
      if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: it cannot be amended.");
      if (course.version !== input.version) throw new ActionRefusal("CONFLICT", STALE, { seen: input.version, current: course.version });

      const before = { dosingWeightKg: course.dosingWeightKg.toString(), baselineWeightKg: course.baselineWeightKg.toString(), targetSbpMmHg: course.targetSbpMmHg };
      const change: { dosingWeightKg?: number; baselineWeightKg?: number; targetSbpMmHg?: number } = {};
      if (typeof input.dosingWeightKg === "number" && input.dosingWeightKg !== Number(before.dosingWeightKg)) change.dosingWeightKg = input.dosingWeightKg;
      if (typeof input.baselineWeightKg === "number" && input.baselineWeightKg !== Number(before.baselineWeightKg)) change.baselineWeightKg = input.baselineWeightKg;
      if (course.protocol === "til_adjunct" && input.targetSbpMmHg !== null && input.targetSbpMmHg !== course.targetSbpMmHg) change.targetSbpMmHg = input.targetSbpMmHg;
      const fields = (Object.keys(change) as Field[]).sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));
      if (fields.length === 0) throw new ActionRefusal("RULE_BLOCKED", "Nothing to change: the values are the order's current ones.");

      const doseEvents = await tx.doseEvent.count({ where: { courseId: course.id } });
      const reverify = change.dosingWeightKg !== undefined;
      if (reverify && doseEvents > 0) {
        throw new ActionRefusal("RULE_BLOCKED", "The dosing weight is locked once a dose event is recorded.", { field: "dosingWeightKg" });
      }
      if (doseEvents > 0 && input.password === null) {
        throw new ActionRefusal("RULE_BLOCKED", "Doses are recorded on this course: sign the amendment by re-entering your password.", { field: "password" });
      }
      // Before the first dose a signature is optional; when a password is given it is checked (and counted) all the same.
      const meaning = amendMeaning(fields);
      const signature = input.password === null ? null : await signAs(tx, actor, input.password, meaning, now);

      const updated = await tx.course.updateMany({
        where: { id: course.id, version: input.version },
        data: { ...change, version: { increment: 1 }, ...(reverify ? { status: "ordered", weightVerifiedById: null, weightVerifiedAt: null } : {}) },
      });
      if (updated.count !== 1) throw new ActionRefusal("CONFLICT", STALE);
      const newVersion = input.version + 1;
      const changes = Object.fromEntries(
        fields.map((f) => [f, { before: before[f], after: f === "targetSbpMmHg" ? change[f]! : String(change[f]!) }]),
      );
      const amendment = await tx.courseAmendment.create({
        data: {
          courseId: course.id,
          version: newVersion,
          kind: "order",
          changes,
          reason: input.reason,
          signedById: actor.user.id,
          signatureMeaning: signature ? signature.meaning : `${meaning} (before the first dose; not signed with a password)`,
          signedAt: now,
          sentForVerification: reverify,
        },
      });
      await writeAudit(tx, {
        actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: "Course", entityId: course.id, outcome: "success", at: now,
        details: {
          reason: input.reason,
          before,
          after: change,
          version: newVersion,
          amendmentId: amendment.id,
          sentBackForVerification: reverify,
          signature: signature ? { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() } : null,
        },
      });
      return newVersion;
    });
    revalidatePath(`/courses/${input.courseId}`);
    revalidatePath("/verifications");
    return { ok: true, data: { version } };
  } catch (e) {
    const failure = await handleActionError(e, ctx());
    if (e instanceof ActionRefusal && e.details.signature === "wrong-password") return { ...failure, fieldErrors: { password: [failure.message] } };
    const field = e instanceof ActionRefusal ? e.details.field : undefined;
    if (typeof field === "string") return { ...failure, fieldErrors: { [field]: [failure.message] } };
    return failure;
  }
}

const ORDER: readonly Field[] = ["dosingWeightKg", "baselineWeightKg", "targetSbpMmHg"];
