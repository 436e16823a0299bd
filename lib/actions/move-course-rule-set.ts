"use server";

import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { signatureWith } from "@/lib/auth/signature";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { moveBlocker, newerVersionOf } from "@/lib/domain/course-order";
import { MoveCourseRuleSetSchema, moveRuleSetMeaning } from "@/lib/schemas/correction";

const STALE = "This order was changed since you opened it. Reload to see the current order, then try again.";

export type MoveCourseRuleSetData = { courseId: string; version: number; ruleSetId: string; ruleSetVersion: string };

/**
 * An attending moves an open course to the newer version of its rule set (protocols.md "Changes in 1.1.0": "an
 * attending may move a course to the new version with a signed amendment"), with a reason and a password signature.
 * The next decisions are judged by the new version, so the order goes back to the pharmacist (status `ordered`,
 * verification cleared): no dose is recorded under it before a pharmacist has verified it. Dose events already
 * recorded keep the version they were decided under.
 */
const moveCourseRuleSet = defineAction({
  name: "course-rule-set-move",
  entityType: "Course",
  entityId: idFrom("courseId"),
  permission: "course:order",
  schema: MoveCourseRuleSetSchema,
  signature: {},
  scope: async (tx, session, input, now) => {
    const seen = await findCourseInScope(tx, session, input.courseId); // scope first: never lock another unit's course
    await lockCourse(tx, session, seen.id, now, "the rule set was not changed");
    return findCourseInScope(tx, session, seen.id);
  },
  decide: async ({ tx, input, now, signer, scoped: course }) => {
    if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: its rule set cannot be changed.");
    if (course.version !== input.version) throw new ActionRefusal("CONFLICT", STALE, { details: { seen: input.version, current: course.version } });
    const newer = newerVersionOf(course.ruleSetId, course.ruleSetVersion);
    if (!newer) {
      throw new ActionRefusal("RULE_BLOCKED", `Rule set ${course.ruleSetId} version ${course.ruleSetVersion} is the newest version: there is nothing to move to.`, {
        details: { ruleSet: `${course.ruleSetId}@${course.ruleSetVersion}` },
      });
    }
    const blocked = moveBlocker(
      { protocol: course.protocol === "til_adjunct" ? "til-adjunct" : "monotherapy", targetSbpMmHg: course.targetSbpMmHg, doseIuPerKg: course.doseIuPerKg },
      newer,
    );
    if (blocked) throw new ActionRefusal("RULE_BLOCKED", blocked.message, { details: { blockedBy: blocked.field, to: `${newer.id}@${newer.version}` } });

    const signature = signatureWith(signer!, moveRuleSetMeaning(course.ruleSetId, course.ruleSetVersion, newer.version));
    const updated = await tx.course.updateMany({
      where: { id: course.id, version: input.version, status: { in: ["ordered", "active"] } },
      // back to the pharmacist: the order is now one under another rule set, verified by nobody yet
      data: { ruleSetVersion: newer.version, version: { increment: 1 }, status: "ordered", weightVerifiedById: null, weightVerifiedAt: null, weightVerificationMeaning: null },
    });
    if (updated.count !== 1) throw new ActionRefusal("CONFLICT", STALE);
    const version = input.version + 1;
    const amendment = await tx.courseAmendment.create({
      data: {
        courseId: course.id,
        version,
        kind: "rule-set-version",
        changes: { ruleSetVersion: { before: course.ruleSetVersion, after: newer.version } },
        reason: input.reason,
        signedById: signature.signerId,
        signatureMeaning: signature.meaning,
        signedAt: now,
        sentForVerification: true,
      },
    });
    const data: MoveCourseRuleSetData = { courseId: course.id, version, ruleSetId: course.ruleSetId, ruleSetVersion: newer.version };
    return {
      data,
      entityId: course.id,
      audit: {
        reason: input.reason,
        ruleSetId: course.ruleSetId,
        before: course.ruleSetVersion,
        after: newer.version,
        statusFrom: course.status,
        statusTo: "ordered",
        version,
        amendmentId: amendment.id,
        sentBackForVerification: true,
        signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() },
      },
      revalidate: [`/courses/${course.id}`, "/verifications", "/board"],
    };
  },
});

export async function moveCourseRuleSetAction(prev: ActionResult<MoveCourseRuleSetData> | null, form: FormData): Promise<ActionResult<MoveCourseRuleSetData>> {
  return moveCourseRuleSet(prev, form);
}
