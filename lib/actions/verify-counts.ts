"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import type { Prisma } from "@/lib/generated/prisma/client";
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { VerifyCountsSchema } from "@/lib/schemas/verification";
import { buildCountReport } from "@/lib/db/count-report";
import { formatClock } from "@/lib/format";
import { ActionRefusal, fail, formValues, handleActionError, invalidInput, type ActionResult } from "@/lib/actions/result";
import type { CurrentSession } from "@/lib/auth/session";

const ACTION = "count-verify";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type VerifyCountsData = { verificationId: string; countsMatch: boolean; lastEventSequence: number };

/**
 * A pharmacist signs off a course's dose counts as the report shows them (lib/db/count-report.ts). The sign-off
 * covers the events up to `lastEventSequence`; a later event, or a correction the page did not show, refuses it.
 * When the report finds a discrepancy, a note saying what was found is required.
 */
export async function verifyCountsAction(_prev: ActionResult<VerifyCountsData> | null, form: FormData): Promise<ActionResult<VerifyCountsData>> {
  const values = formValues(form);
  const rawId = values.courseId ?? "";
  const entityId = UUID.test(rawId) ? rawId : null;
  let session: CurrentSession | null = null;
  try {
    session = await requirePermission("count:verify");
    const parsed = VerifyCountsSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return invalidInput(parsed.error, { action: ACTION, entityType: "Course", entityId, values, actor: { id: session.user.id, email: session.user.email } });
    }
    const input = parsed.data;
    const actor = session;
    const now = clock.now();

    const result = await prisma.$transaction(async (tx) => {
      await findCourseInScope(tx, actor, input.courseId); // scope first: never lock another unit's course
      await lockCourse(tx, input.courseId);
      const course = await findCourseInScope(tx, actor, input.courseId);
      const timeZone = course.patient.unit.timeZone;
      const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
      const latest = events.reduce((m, e) => Math.max(m, e.sequence), 0);
      if (latest === 0) {
        throw new ActionRefusal("RULE_BLOCKED", "No dose event has been recorded on this course yet: there are no counts to verify.");
      }
      if (latest !== input.lastEventSequence) {
        throw new ActionRefusal(
          "CONFLICT",
          latest > input.lastEventSequence
            ? `New events since you opened this page: the latest is now event ${latest}, you saw up to event ${input.lastEventSequence}. Reload the report and check it again.`
            : `This page does not match the course's events (it showed event ${input.lastEventSequence}, the latest is ${latest}). Reload the report and check it again.`,
          { seenSequence: input.lastEventSequence, latestSequence: latest },
        );
      }
      const inError = events.filter((e) => e.status !== "active").length;
      if (input.enteredInErrorCount !== inError) {
        throw new ActionRefusal(
          "CONFLICT",
          "An event was marked entered-in-error since you opened this page, so the counts have changed. Reload the report and check it again.",
          { seenInError: input.enteredInErrorCount, inError },
        );
      }
      const previous = await tx.doseCountVerification.findFirst({
        where: { courseId: course.id },
        orderBy: { verifiedAt: "desc" },
        include: { pharmacist: { select: { name: true } } },
      });
      const correctedSince = previous !== null && events.some((e) => e.enteredInErrorAt !== null && e.enteredInErrorAt > previous.verifiedAt);
      if (previous !== null && previous.lastEventSequence === latest && !correctedSince) {
        throw new ActionRefusal(
          "CONFLICT",
          `These counts were already verified through event ${latest} by ${previous.pharmacist.name} at ${formatClock(previous.verifiedAt, timeZone, now)}. Nothing has changed since.`,
          { verificationId: previous.id, lastEventSequence: latest },
        );
      }

      const report = buildCountReport({ course, events, now });
      if (!report.countsMatch && input.discrepancyNote === null) {
        const n = report.discrepancies.length;
        throw new ActionRefusal(
          "RULE_BLOCKED",
          `The report shows ${n === 1 ? "1 discrepancy" : `${n} discrepancies`}: write a discrepancy note saying what you found and whom you told.`,
          { field: "discrepancyNote", discrepancies: n },
        );
      }

      const verification = await tx.doseCountVerification.create({
        data: {
          courseId: course.id,
          pharmacistId: actor.user.id,
          givenCount: report.course.given,
          heldCount: report.course.held,
          cumulativeIu: BigInt(report.course.cumulativeIu),
          lastEventSequence: latest,
          countsMatch: report.countsMatch,
          countsSnapshot: report as unknown as Prisma.InputJsonValue,
          discrepancyNote: input.discrepancyNote,
          verifiedAt: now,
        },
      });
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorLabel: actor.user.email,
        action: ACTION,
        entityType: "Course",
        entityId: course.id,
        outcome: "success",
        at: now,
        details: {
          verificationId: verification.id,
          givenCount: report.course.given,
          heldCount: report.course.held,
          cumulativeIu: report.course.cumulativeIu,
          cumulativeIuPerKg: report.course.cumulativeIuPerKg,
          lastEventSequence: latest,
          enteredInErrorCount: inError,
          countsMatch: report.countsMatch,
          checks: report.checks,
          discrepancies: report.discrepancies.map((d) => d.message),
          discrepancyNote: input.discrepancyNote,
        },
      });
      return { verificationId: verification.id, countsMatch: report.countsMatch, lastEventSequence: latest };
    });
    revalidatePath("/verifications");
    revalidatePath(`/verifications/counts/${input.courseId}`);
    revalidatePath(`/courses/${input.courseId}`);
    return { ok: true, data: result };
  } catch (e) {
    const failure = await handleActionError(e, {
      action: ACTION,
      entityType: "Course",
      entityId,
      values,
      actor: session ? { id: session.user.id, email: session.user.email } : null,
    });
    if (failure.code === "RULE_BLOCKED" && e instanceof ActionRefusal && e.details.field === "discrepancyNote") {
      return fail("VALIDATION", failure.message, { fieldErrors: { discrepancyNote: [failure.message] }, values });
    }
    return failure;
  }
}
