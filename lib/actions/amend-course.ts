"use server";

import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { defineAction } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { AmendCourseSchema, amendMeaning } from "@/lib/schemas/correction";
import { amendmentOf } from "@/lib/domain/course-amendment";

const STALE = "This order was changed since you opened it. Reload to see the current order, then amend again.";

/**
 * An attending amends an order (weights, TIL blood-pressure target) with a reason. Optimistic concurrency: the form
 * carries the course version it was read at, and an amendment of a stale version is refused, so nobody overwrites
 * a change they have not seen. What may change, and when a signature is required, is lib/domain/course-amendment.ts.
 * Every amendment writes a CourseAmendment row (the history) with the audit row, and returns the order to the
 * pharmacist (docs/decisions/043-status-words-and-reverification.md).
 */
const amendCourse = defineAction({
  name: "course-amend",
  entityType: "Course",
  permission: "course:order",
  schema: AmendCourseSchema,
  // before the first dose a signature is optional; when a password is given it is checked (and counted) all the same
  signature: { when: (input) => input.password !== null },
  scope: async (tx, session, input, now) => {
    const seen = await findCourseInScope(tx, session, input.courseId);
    // A dose recorded meanwhile does not bump `version`: wait for it under the course lock (the dose action holds
    // it too), then read again, so the dose-event check below sees it and the dosing weight cannot change after it.
    await lockCourse(tx, session, seen.id, now, "the amendment was not saved");
    return findCourseInScope(tx, session, seen.id);
  },
  decide: async ({ tx, actor, input, now, signer, scoped: course }) => {
    if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: it cannot be amended.");
    if (course.version !== input.version) throw new ActionRefusal("CONFLICT", STALE, { details: { seen: input.version, current: course.version } });

    const doseEvents = await tx.doseEvent.count({ where: { courseId: course.id } });
    const asked = amendmentOf(course, input, { doseEventsRecorded: doseEvents > 0, signed: input.password !== null });
    if (!asked.ok) throw new ActionRefusal("RULE_BLOCKED", asked.refused.why, asked.refused.field ? { field: asked.refused.field } : {});
    const { fields, before, change, changes, sendsBackForVerification: reverify } = asked.amendment;
    const meaning = amendMeaning(fields);
    const signature = signer ? signatureWith(signer, meaning) : null;

    const updated = await tx.course.updateMany({
      where: { id: course.id, version: input.version },
      // Back to the pharmacist: no dose is recorded on the amended order until it is verified (record-dose refuses
      // `ordered`). The last verification (who, when) is kept: it is of the earlier version, and the course page says
      // so ("verified by X (version 1) · version 2 not yet verified", lib/domain/status.ts `orderVersionStatus`).
      data: { ...change, version: { increment: 1 }, ...(reverify ? { status: "ordered" } : {}) },
    });
    if (updated.count !== 1) throw new ActionRefusal("CONFLICT", STALE);
    const version = input.version + 1;
    const amendment = await tx.courseAmendment.create({
      data: {
        courseId: course.id,
        version,
        kind: "order",
        changes,
        reason: input.reason,
        signedById: actor.id,
        signatureMeaning: signature ? signature.meaning : `${meaning} (before the first dose; not signed with a password)`,
        signedAt: now,
        sentForVerification: reverify,
      },
    });
    return {
      data: { version },
      entityId: course.id,
      audit: {
        reason: input.reason,
        before,
        after: change,
        version,
        amendmentId: amendment.id,
        sentBackForVerification: reverify,
        statusFrom: course.status,
        statusTo: reverify ? "ordered" : course.status,
        signature: signature ? { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() } : null,
      },
      revalidate: [`/courses/${input.courseId}`, "/verifications", "/board"],
    };
  },
});

export async function amendCourseAction(prev: ActionResult<{ version: number }> | null, form: FormData): Promise<ActionResult<{ version: number }>> {
  return amendCourse(prev, form);
}
