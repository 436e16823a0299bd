"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signAs } from "@/lib/auth/signature";
import { moveBlocker, newerVersionOf } from "@/lib/domain/course-order";
import { MoveCourseRuleSetSchema, moveRuleSetMeaning } from "@/lib/schemas/correction";
import { ActionRefusal, fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const ACTION = "course-rule-set-move";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STALE = "This order was changed since you opened it. Reload to see the current order, then try again.";

export type MoveCourseRuleSetData = { courseId: string; version: number; ruleSetId: string; ruleSetVersion: string };

/**
 * An attending moves an open course to the newer version of its rule set (protocols.md "Changes in 1.1.0": "an
 * attending may move a course to the new version with a signed amendment"), with a reason and a password signature.
 * The next decisions are judged by the new version, so the order goes back to the pharmacist (status `ordered`,
 * verification cleared): no dose is recorded under it before a pharmacist has verified it. Dose events already
 * recorded keep the version they were decided under.
 */
export async function moveCourseRuleSetAction(_prev: ActionResult<MoveCourseRuleSetData> | null, form: FormData): Promise<ActionResult<MoveCourseRuleSetData>> {
  const values = formValues(form);
  const entityId = typeof values.courseId === "string" && UUID.test(values.courseId) ? values.courseId : null;
  let session: CurrentSession | null = null;
  const ctx = () => ({ action: ACTION, entityType: "Course", entityId, values, actor: session ? { id: session.user.id, email: session.user.email } : null });
  try {
    session = await requirePermission("course:order");
    const actor = session;
    const parsed = MoveCourseRuleSetSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) return invalidInput(parsed.error, ctx());
    const input = parsed.data;
    const now = clock.now();

    const data = await prisma.$transaction(async (tx) => {
      const seen = await findCourseInScope(tx, actor, input.courseId); // scope first: never lock another unit's course
      await lockCourse(tx, seen.id);
      const course = await findCourseInScope(tx, actor, seen.id);
      if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: its rule set cannot be changed.");
      if (course.version !== input.version) throw new ActionRefusal("CONFLICT", STALE, { seen: input.version, current: course.version });
      const newer = newerVersionOf(course.ruleSetId, course.ruleSetVersion);
      if (!newer) {
        throw new ActionRefusal("RULE_BLOCKED", `Rule set ${course.ruleSetId} version ${course.ruleSetVersion} is the newest version: there is nothing to move to.`, {
          ruleSet: `${course.ruleSetId}@${course.ruleSetVersion}`,
        });
      }
      const blocked = moveBlocker(
        { protocol: course.protocol === "til_adjunct" ? "til-adjunct" : "monotherapy", targetSbpMmHg: course.targetSbpMmHg, doseIuPerKg: course.doseIuPerKg },
        newer,
      );
      if (blocked) throw new ActionRefusal("RULE_BLOCKED", blocked.message, { blockedBy: blocked.field, to: `${newer.id}@${newer.version}` });

      const meaning = moveRuleSetMeaning(course.ruleSetId, course.ruleSetVersion, newer.version);
      const signature = await signAs(tx, actor, input.password, meaning, now);
      const updated = await tx.course.updateMany({
        where: { id: course.id, version: input.version, status: { in: ["ordered", "active"] } },
        // back to the pharmacist: the order is now one under another rule set, verified by nobody yet
        data: { ruleSetVersion: newer.version, version: { increment: 1 }, status: "ordered", weightVerifiedById: null, weightVerifiedAt: null },
      });
      if (updated.count !== 1) throw new ActionRefusal("CONFLICT", STALE);
      const newVersion = input.version + 1;
      const amendment = await tx.courseAmendment.create({
        data: {
          courseId: course.id,
          version: newVersion,
          kind: "rule-set-version",
          changes: { ruleSetVersion: { before: course.ruleSetVersion, after: newer.version } },
          reason: input.reason,
          signedById: signature.signerId,
          signatureMeaning: signature.meaning,
          signedAt: now,
          sentForVerification: true,
        },
      });
      await writeAudit(tx, {
        actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: "Course", entityId: course.id, outcome: "success", at: now,
        details: {
          reason: input.reason,
          ruleSetId: course.ruleSetId,
          before: course.ruleSetVersion,
          after: newer.version,
          statusFrom: course.status,
          statusTo: "ordered",
          version: newVersion,
          amendmentId: amendment.id,
          sentBackForVerification: true,
          signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() },
        },
      });
      return { courseId: course.id, version: newVersion, ruleSetId: course.ruleSetId, ruleSetVersion: newer.version };
    });
    revalidatePath(`/courses/${data.courseId}`);
    revalidatePath("/verifications");
    revalidatePath("/board");
    return { ok: true, data };
  } catch (e) {
    const failure = await handleActionError(e, ctx());
    if (e instanceof ActionRefusal && e.details.signature === "wrong-password") {
      return fail(failure.code, failure.message, { fieldErrors: { password: [failure.message] }, values });
    }
    return failure;
  }
}
