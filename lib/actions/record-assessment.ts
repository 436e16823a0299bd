"use server";

import type { Prisma } from "@/lib/generated/prisma/client";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { carrySourceOf, cycleOfEventAt, decideForCourse, earliestEventAt } from "@/lib/domain/engine-request";
import { CURRENT_ASSESSMENT_ORDER, currentPicture } from "@/lib/domain/current-assessment";
import { decisionSnapshotOf } from "@/lib/domain/stored-decision";
import { coursePermanentEvents } from "@/lib/db/permanent-events";
import { writeAudit } from "@/lib/db/audit";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { formInput, readAssessmentForm } from "@/lib/schemas/assessment";
import { stopHoldOf } from "@/lib/domain/stop-hold";
import { pendingStopCovers } from "@/lib/domain/blocking";
import { CourseIdSchema } from "@/lib/schemas/dose";
import { ActionRefusal } from "@/lib/refusal";
import { defineAction } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { CLOCK_SKEW_MINUTES, type DoseDecision } from "@/lib/rules";

export interface RecordedAssessment {
  assessmentId: string;
  decision: DoseDecision | null;
  /** set when the rules said stop or discontinue: the held event recorded at once, at that tier */
  stopHold: { doseEventId: string; sequence: number; tier: "stop" | "discontinue" } | null;
}

const invalid = (fieldErrors: Record<string, string[]>) => new ActionRefusal("VALIDATION", "Some entries need correcting.", { fieldErrors });

/**
 * A nurse (or attending) records the pre-dose assessment. An incomplete assessment is saved as it is: the engine
 * then answers `incomplete` and no dose can be given on it. Values carried from the latest assessment keep their
 * own original time (contract 1.1 `observedAt`). When the rules say stop or discontinue — also while the dose is
 * not yet due — a held event at that tier is recorded in the same transaction, so the stop holds every later
 * request until an attending has decided (protocols.md §2, `pending-stop-review`).
 */
const recordAssessment = defineAction({
  name: "assessment-record",
  entityType: "Assessment",
  permission: "assessment:record",
  schema: CourseIdSchema,
  read: (form) => ({ courseId: form.get("courseId") }),
  scope: async (tx, session, input, now) => {
    const seen = await findCourseInScope(tx, session, input.courseId);
    await lockCourse(tx, session, seen.id, now, "the assessment was not recorded");
    // read again under the lock: an amendment, a version move or a closure a moment ago is judged with
    return findCourseInScope(tx, session, seen.id);
  },
  // the clinical fields are read inside the decision, against the unit's clock (lib/assessment-form.ts)
  decide: async ({ tx, actor, now, scoped: course, form }) => {
    if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: no more assessments are recorded on it.");
    const tz = course.patient.unit.timeZone;
    const latest = await tx.assessment.findFirst({ where: { courseId: course.id, status: "active" }, orderBy: [...CURRENT_ASSESSMENT_ORDER] });
    const input = formInput(form);
    const carries = (Array.isArray(input.carry) ? input.carry : []).length > 0;
    const seenFrom = typeof input.carriedFromId === "string" ? input.carriedFromId : "";
    if (carries && (!latest || latest.id !== seenFrom)) {
      throw new ActionRefusal("CONFLICT", "Not saved: a newer assessment was recorded since this form was opened, so the carried values are not the ones you saw. Reload the page and check them again.");
    }
    const recorded = await coursePermanentEvents(tx, course.id);
    const source = latest ? { ...carrySourceOf(latest), permanentEvents: recorded } : recorded.length ? { assessmentId: "", takenAt: now.toISOString(), values: {}, permanentEvents: recorded } : null;
    const { assessment, fieldErrors, carried } = readAssessmentForm(input, tz, now, source);
    const ahead = now.getTime() + CLOCK_SKEW_MINUTES * 60_000;
    if (!assessment.at && !fieldErrors.at) (fieldErrors.at ??= []).push("Enter when the patient was assessed.");
    if (typeof assessment.at === "string" && Date.parse(assessment.at) > ahead) (fieldErrors.at ??= []).push("This time is in the future.");
    const observedAt = (assessment.observedAt ?? {}) as Record<string, string>;
    for (const [field, t] of Object.entries(observedAt)) {
      if (Date.parse(t) > ahead) (fieldErrors[`observedAt.${field}`] ??= []).push("This time is in the future.");
    }
    if (Object.keys(fieldErrors).length) throw invalid(fieldErrors);

    // The engine's strict schema has checked every key and value; its field names are the table's columns.
    const { at, labsAt, permanentEvents, observedAt: _times, ...measured } = assessment as Record<string, unknown> & { at: string };
    const row = await tx.assessment.create({
      data: {
        ...(measured as Partial<Prisma.AssessmentUncheckedCreateInput>),
        courseId: course.id,
        takenAt: new Date(at),
        labsAt: typeof labsAt === "string" ? new Date(labsAt) : null,
        // cumulative: every permanent event recorded in the course so far is always sent (protocols.md §2)
        permanentEvents: (permanentEvents as string[] | undefined) ?? [],
        // "not asked" is not "none": an unanswered question is sent as absent, so the rules report it missing
        permanentEventsAnswered: permanentEvents !== undefined,
        observedAt,
        carriedFields: carried,
        carriedFromId: carried.length ? latest?.id ?? null : null,
        recordedById: actor.id,
        recordedAt: now,
      },
    });

    const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const outcome = decideForCourse({ now, course, events, assessment: row });
    if (!outcome.ok) {
      // The fields passed one by one but not together (e.g. room air with an oxygen flow): refused, nothing kept,
      // so no assessment the rules cannot judge — and whose stop could not be recorded — is ever stored.
      const byField: Record<string, string[]> = {};
      for (const i of outcome.issues) {
        const m = /^assessment\.(.+)$/.exec(i.path);
        if (m?.[1]) (byField[m[1]] ??= []).push(`${fieldLabel(m[1].replace(/^observedAt\./, ""))}: ${i.message}.`);
      }
      if (Object.keys(byField).length) throw invalid(byField);
    }
    // The decision is on the current picture (the latest value of each field among the active assessments, each with
    // its own time; decision 042), so a partial assessment is judged with the fuller one before it. A stop the new
    // assessment shows on its own is recorded too, even where a newer value of the picture hides it (a back-dated
    // entry): a stop observed is never lost (protocols.md §2).
    const picture = currentPicture(await tx.assessment.findMany({ where: { courseId: course.id, status: "active" } }));
    const onPicture = picture ? decideForCourse({ now, course, events, assessment: picture.assessment }) : outcome;
    const alone = outcome.ok ? outcome.result : null;
    const decision = onPicture.ok ? onPicture.result : alone;
    const cycle = cycleOfEventAt(course, now);
    const earliest = earliestEventAt(course);
    // A stop before the course's anchor cannot be an event (the engine refuses events before it), and a cycle an
    // attending has already stopped needs no second stop; record-dose still refuses any dose on such an assessment.
    const recordable = (earliest === null || now >= earliest) && !events.some((e) => e.status === "active" && e.kind === "stopped" && e.cycle === cycle);
    // A stop already waiting is taken as covering the new one only when nothing but ending IL-2 clears it (a judgment
    // stop can be reassessed, a holds-cumulative stop overridden): otherwise the new stop is its own item (decision 041).
    const pending = pendingStopCovers(events);
    const onPictureHold = decision && recordable ? stopHoldOf(decision, pending) : null;
    const aloneHold = !onPictureHold && alone && recordable ? stopHoldOf(alone, pending) : null;
    const hold = onPictureHold ?? aloneHold;
    // what was decided: the picture's decision, or the new assessment's own when only it showed the stop
    const decided = onPictureHold ? decision : aloneHold ? alone : decision;
    const linkedTo = onPictureHold && picture ? picture.latest.id : row.id;
    let stopHold: RecordedAssessment["stopHold"] = null;
    if (hold && decided) {
      const sequence = (events.at(-1)?.sequence ?? 0) + 1;
      const event = await tx.doseEvent.create({
        data: {
          courseId: course.id,
          sequence,
          kind: "held",
          tier: hold.tier,
          cycle,
          occurredAt: now,
          assessmentId: linkedTo,
          engineDecision: decided.decision,
          decisionSnapshot: decisionSnapshotOf({ ok: true, result: decided }) as Prisma.InputJsonValue,
          ruleSetId: decided.ruleSet.id,
          ruleSetVersion: decided.ruleSet.version,
          criteria: hold.criteria,
          note: hold.note,
          recordedById: actor.id,
          recordedAt: now,
        },
      });
      // the stop's own audit row, beside the assessment's (written by the pipeline)
      await writeAudit(tx, {
        actorId: actor.id, actorLabel: actor.email, action: "dose-record", entityType: "DoseEvent", entityId: event.id, outcome: "success", at: now,
        details: { courseId: course.id, sequence, kind: "held", tier: hold.tier, engineDecision: decided.decision, criteria: hold.criteria, recordedWithAssessment: row.id, automatic: true },
      });
      stopHold = { doseEventId: event.id, sequence, tier: hold.tier };
    }
    const data: RecordedAssessment = { assessmentId: row.id, decision: decided, stopHold };
    return {
      data,
      entityId: row.id,
      audit: { courseId: course.id, assessment: assessment as Prisma.InputJsonValue, carried, carriedFromId: carried.length ? latest?.id ?? null : null },
      revalidate: [`/courses/${course.id}`, "/board", ...(stopHold ? ["/reviews"] : [])],
    };
  },
});

export async function recordAssessmentAction(prev: ActionResult<RecordedAssessment> | null, form: FormData): Promise<ActionResult<RecordedAssessment>> {
  return recordAssessment(prev, form);
}
