"use server";

import type { Prisma } from "@/lib/generated/prisma/client";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { defineAction, idFrom } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal } from "@/lib/refusal";
import { VerifyCountsSchema } from "@/lib/schemas/verification";
import { buildCountReport, countVerificationDue } from "@/lib/domain/count-report";
import { describeDiscrepancy } from "@/lib/views/count-report";
import { formatClock } from "@/lib/format";
import { signatureWith } from "@/lib/auth/signature";
import { verifyCountsMeaning } from "@/lib/domain/signature";

export type VerifyCountsData = { verificationId: string; countsMatch: boolean; lastEventSequence: number };

/**
 * A pharmacist signs off a course's dose counts as the report shows them (lib/domain/count-report). The sign-off
 * covers the events up to `lastEventSequence`; a later event, or a correction the page did not show, refuses it.
 * When the report finds a discrepancy, a note saying what was found is required.
 */
const verifyCounts = defineAction({
  name: "count-verify",
  entityType: "Course",
  entityId: idFrom("courseId"),
  permission: "count:verify",
  schema: VerifyCountsSchema,
  signature: { missing: "Re-enter your password to sign the count sign-off." },
  scope: async (tx, session, input, now) => {
    await findCourseInScope(tx, session, input.courseId); // scope first: never lock another unit's course
    await lockCourse(tx, session, input.courseId, now, "the counts were not verified");
    return findCourseInScope(tx, session, input.courseId);
  },
  decide: async ({ tx, input, now, signer, scoped: course }) => {
    const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const latest = events.reduce((m, e) => Math.max(m, e.sequence), 0);
    if (latest === 0) throw new ActionRefusal("RULE_BLOCKED", "No dose event has been recorded on this course yet: there are no counts to verify.");
    if (latest !== input.lastEventSequence) {
      throw new ActionRefusal(
        "CONFLICT",
        latest > input.lastEventSequence
          ? `New events since you opened this page: the latest is now event ${latest}, you saw up to event ${input.lastEventSequence}. Reload the report and check it again.`
          : `This page does not match the course's events (it showed event ${input.lastEventSequence}, the latest is ${latest}). Reload the report and check it again.`,
        { details: { seenSequence: input.lastEventSequence, latestSequence: latest } },
      );
    }
    const inError = events.filter((e) => e.status !== "active").length;
    if (input.enteredInErrorCount !== inError) {
      throw new ActionRefusal("CONFLICT", "An event was marked entered-in-error since you opened this page, so the counts have changed. Reload the report and check it again.", {
        details: { seenInError: input.enteredInErrorCount, inError },
      });
    }
    const previous = await tx.doseCountVerification.findFirst({ where: { courseId: course.id }, orderBy: { verifiedAt: "desc" }, include: { pharmacist: { select: { name: true } } } });
    // the same rule that puts the course in the pharmacists' queue: nothing new and nothing corrected since
    if (previous !== null && !countVerificationDue(events, previous).due) {
      throw new ActionRefusal(
        "CONFLICT",
        `These counts were already verified through event ${latest} by ${previous.pharmacist.name} at ${formatClock(previous.verifiedAt, course.patient.unit.timeZone, now)}. Nothing has changed since.`,
        { details: { verificationId: previous.id, lastEventSequence: latest } },
      );
    }

    const report = buildCountReport({ course, events, now });
    if (!report.countsMatch && input.discrepancyNote === null) {
      const n = report.discrepancies.length;
      // a missing note is a field to fill in: answered VALIDATION by verifyCountsAction, audited as the rule that refused it
      throw new ActionRefusal("RULE_BLOCKED", `The report shows ${n === 1 ? "1 discrepancy" : `${n} discrepancies`}: write a discrepancy note saying what you found and whom you told.`, {
        field: "discrepancyNote",
        details: { discrepancies: n },
      });
    }

    const signature = signatureWith(signer!, verifyCountsMeaning(latest, report.countsMatch));
    const verification = await tx.doseCountVerification.create({
      data: {
        courseId: course.id,
        pharmacistId: signature.signerId,
        signatureMeaning: signature.meaning,
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
    const data: VerifyCountsData = { verificationId: verification.id, countsMatch: report.countsMatch, lastEventSequence: latest };
    return {
      data,
      entityId: course.id,
      audit: {
        verificationId: verification.id,
        givenCount: report.course.given,
        heldCount: report.course.held,
        cumulativeIu: report.course.cumulativeIu,
        cumulativeIuPerKg: report.course.cumulativeIuPerKg,
        lastEventSequence: latest,
        enteredInErrorCount: inError,
        countsMatch: report.countsMatch,
        checks: report.checks,
        discrepancies: report.discrepancies.map(describeDiscrepancy),
        discrepancyNote: input.discrepancyNote,
        signature: { signer: signature.signerName, meaning: signature.meaning, signedAt: now.toISOString() },
      },
      revalidate: ["/verifications", `/verifications/counts/${input.courseId}`, `/courses/${input.courseId}`],
    };
  },
});

export async function verifyCountsAction(prev: ActionResult<VerifyCountsData> | null, form: FormData): Promise<ActionResult<VerifyCountsData>> {
  const result = await verifyCounts(prev, form);
  return !result.ok && result.code === "RULE_BLOCKED" && result.fieldErrors?.discrepancyNote ? { ...result, code: "VALIDATION" } : result;
}
