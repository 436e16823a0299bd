"use server";

import { downtimeStopAwaitingAttending, downtimeStopText } from "@/lib/domain/downtime-stop";
import type { Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { findCourseInScope, lockCourse, movedAwayRefusal } from "@/lib/auth/scope";
import type { CurrentSession } from "@/lib/auth/session";
import { defineAction } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal, notFound, type RefusalCode } from "@/lib/refusal";
import { RecordDoseSchema } from "@/lib/schemas/dose";
import { parseUnitLocalTime } from "@/lib/time";
import { formatClock } from "@/lib/format";
import { CLOCK_SKEW_MINUTES, getRuleSet } from "@/lib/rules";
import { decideForCourse } from "@/lib/domain/engine-request";
import { currentPicture } from "@/lib/domain/current-assessment";
import { decisionSnapshotOf } from "@/lib/domain/stored-decision";
import {
  decisionUnderOverride, givenDoseRefusal, heldOnThisAssessment, holdRefusal, holdTierOf, issuesText, lastActiveEvent, stopMetBy, whyNotGiven,
  type Refused,
} from "@/lib/domain/dose-policy";
import type { AssessmentRecord, CourseRecord, ReviewedDoseEvent } from "@/lib/domain/records";
import { eventKindLabel } from "@/lib/domain/vocabulary";
import { WITNESS_MEANING, WITNESS_MISMATCH, witnessFiguresMatch } from "@/lib/domain/signature";

/** A dose may be documented up to an hour after it was given, never before the previous event. */
const LATE_ENTRY_MINUTES = 60;

const refuse = (r: Refused, code: RefusalCode = "RULE_BLOCKED") => new ActionRefusal(code, r.why, { ...(r.field ? { field: r.field } : {}), details: r.details ?? {} });

/**
 * Defence in depth for assessments recorded before contract 1.1, when a stop was not yet recorded as an event with
 * its assessment: no dose while an assessment since the last dose event met a stop or discontinue criterion (even
 * if the nurse then recorded a newer, cleaner assessment). Under contract 1.1 such a stop is a stop-tier held event
 * that the engine itself reports as `pending-stop-review` until an attending has decided.
 */
function refuseWhileStopPending(course: CourseRecord, events: ReviewedDoseEvent[], active: AssessmentRecord[], since: Date | null, timeZone: string, now: Date): void {
  const recent = active.filter((a) => !since || a.takenAt > since).sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
  for (const a of recent) {
    const outcome = decideForCourse({ now: a.takenAt, course, events, assessment: a });
    if (!outcome.ok) {
      // an assessment the rules cannot judge might hide a stop: no dose until it is corrected
      if (outcome.issues.some((i) => i.path.startsWith("assessment."))) {
        throw new ActionRefusal("RULE_BLOCKED", `The assessment of ${formatClock(a.takenAt, timeZone, now)} cannot be judged by the rules (${issuesText(outcome)}). Mark it entered in error and record it again.`, { details: { assessmentId: a.id } });
      }
      continue;
    }
    const stop = stopMetBy(outcome.result);
    if (stop) {
      throw new ActionRefusal("RULE_BLOCKED", `The assessment of ${formatClock(a.takenAt, timeZone, now)} met a stop criterion: ${stop}. IL-2 waits for the attending's decision.`, { details: { assessmentId: a.id } });
    }
  }
}

async function conflictFromLatest(tx: Tx, courseId: string, timeZone: string, now: Date): Promise<ActionRefusal> {
  const last = await tx.doseEvent.findFirst({ where: { courseId }, orderBy: { sequence: "desc" }, include: { recordedBy: { select: { name: true } } } });
  const who = last ? `${last.recordedBy.name} at ${formatClock(last.recordedAt, timeZone, now)}` : "someone else";
  const what = last ? `dose event #${last.sequence} (${eventKindLabel(last.kind, last.tier)})` : "a dose event";
  return new ActionRefusal("CONFLICT", `Not saved: ${what} was just recorded by ${who}. Review it before recording again.`, { details: { latestSequence: last?.sequence ?? 0 } });
}

/**
 * A nurse of the old unit who had the course open submits a dose after the patient was transferred away: told where
 * the patient went, when and by whom (decision 049, amendment of 3 Dec 2026); anyone else: null ("not found").
 */
async function transferredAway(tx: Tx, session: CurrentSession, courseId: string, now: Date): Promise<ActionRefusal | null> {
  const course = await tx.course.findUnique({ where: { id: courseId }, select: { patientId: true } });
  return course ? movedAwayRefusal(tx, session, course.patientId, now, "the dose was not recorded") : null;
}

/** When the dose happened: now, or a documented time within the last hour, never in the future. */
function occurredAtOf(entered: string | undefined, timeZone: string, now: Date): Date {
  if (!entered) return now;
  const at = parseUnitLocalTime(entered, timeZone, now);
  if (!at) throw new ActionRefusal("RULE_BLOCKED", "Enter the time of the dose as a date and time.", { field: "occurredAt" });
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) throw new ActionRefusal("RULE_BLOCKED", "The time of the dose is in the future.", { field: "occurredAt" });
  if (at.getTime() < now.getTime() - LATE_ENTRY_MINUTES * 60_000) {
    throw new ActionRefusal("RULE_BLOCKED", `A dose can be documented up to ${LATE_ENTRY_MINUTES} minutes after it was given; ask an attending to record an earlier one.`, { field: "occurredAt" });
  }
  // a few minutes of clock skew are tolerated, but the dose is never judged or stored in the future
  return at.getTime() > now.getTime() ? now : at;
}

export type RecordedDose = { doseEventId: string; sequence: number; kind: "given" | "held"; tier: string | null };

/**
 * A nurse records the dose as given or held. The engine decides, on the server's clock: a dose is recorded as
 * given only when the engine says `give`, or says `hold` on exactly the assessment an attending signed an override
 * for (lib/domain/dose-policy.ts). The (course, sequence) uniqueness in the database makes two simultaneous
 * recordings of the same dose impossible.
 */
const recordDose = defineAction({
  name: "dose-record",
  entityType: "DoseEvent",
  permission: "dose:record",
  schema: RecordDoseSchema,
  read: (form) => ({ ...Object.fromEntries(form), criteria: form.getAll("criteria") }),
  uniqueViolation: "Not saved: this dose was just recorded by someone else. Reload to see who and when.",
  // the blind double-check (docs/decisions/055): the witness signs for themselves with their own user id and password,
  // checked and counted on THEIR account before the dose's transaction
  witness: {
    of: (input) => (input.kind === "given" && input.witnessId ? input.witnessId : null),
    eligible: (c, session) => c.active && c.id !== session.user.id && (c.role === "nurse" || c.role === "attending") && c.unitIds.some((u) => session.user.unitIds.includes(u)),
  },
  scope: async (tx, session, input, now) => {
    const found = await findCourseInScope(tx, session, input.courseId).catch(async (e: unknown) => {
      throw (e instanceof ActionRefusal && e.code === "NOT_FOUND" && (await transferredAway(tx, session, input.courseId, now))) || e;
    });
    await lockCourse(tx, session, found.id, now, "the dose was not recorded");
    // read again under the lock: an amendment, a closure or a transfer a moment ago is judged with (a transfer
    // takes this course's lock too, so it has committed or waits for this dose)
    const course = await tx.course.findUniqueOrThrow({ where: { id: found.id } });
    // one statement after the lock (so it sees a transfer committed while this request waited)
    const [where] = await tx.$queryRaw<{ unitId: string; timeZone: string }[]>`
      SELECT p."unitId"::text AS "unitId", u."timeZone" FROM "Patient" p JOIN "Unit" u ON u.id = p."unitId" WHERE p.id = ${course.patientId}::uuid`;
    if (!where || !session.user.unitIds.includes(where.unitId)) throw (await transferredAway(tx, session, course.id, now)) ?? notFound("course");
    return { course, unitId: where.unitId, timeZone: where.timeZone };
  },
  decide: async ({ tx, actor, input, now, witness: witnessSigner, scoped: { course, unitId, timeZone } }) => {
    if (course.status === "ordered") throw new ActionRefusal("RULE_BLOCKED", "No dose can be recorded before a pharmacist has verified the dosing weight and the dose.");
    if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: no more doses are recorded on it.");

    const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const nextSequence = (events.at(-1)?.sequence ?? 0) + 1;
    if (input.expectedSequence !== nextSequence) throw await conflictFromLatest(tx, course.id, timeZone, now);

    // The dose is decided on the current picture (the latest value of each field among the active assessments, each
    // with its own time: lib/domain/current-assessment.ts, decision 042); the form posts the latest assessment, which
    // the event links to, so a newer one recorded since the nurse saw the decision is a conflict. One read: the
    // posted assessment is one of the course's active ones, or it is not found (the course's lock keeps the list
    // still: recording or correcting an assessment takes it too).
    const assessments = await tx.assessment.findMany({ where: { courseId: course.id, status: "active" } });
    const posted = assessments.find((a) => a.id === input.assessmentId);
    if (!posted) throw new ActionRefusal("NOT_FOUND", "That assessment was not found on this course.");
    const picture = currentPicture(assessments);
    if (!picture || picture.latest.id !== posted.id) {
      const taken = picture ? ` (taken ${formatClock(picture.latest.takenAt, timeZone, now)})` : "";
      throw new ActionRefusal("CONFLICT", `A newer assessment${taken} is on record: review its decision before recording.`);
    }
    const assessment = picture.assessment;

    const occurredAt = occurredAtOf(input.occurredAt, timeZone, now);
    const lastEvent = lastActiveEvent(events);
    if (lastEvent && occurredAt < lastEvent.occurredAt) throw new ActionRefusal("RULE_BLOCKED", "The time of the dose is before the previous dose event.", { field: "occurredAt" });

    const outcome = decideForCourse({ now: occurredAt, course, events, assessment });
    if (!outcome.ok) {
      throw new ActionRefusal("RULE_BLOCKED", `The stored data could not be evaluated (${issuesText(outcome)}). Record a new assessment; if this persists, call the attending.`);
    }
    let decision = outcome.result;
    const cycle = decision.dose?.cycle ?? decision.counts.cycle;
    let authorizedByReviewId: string | null = null;
    let doseIu: number | null = null;
    let witnessId: string | null = null;

    if (input.kind === "given") {
      const held = heldOnThisAssessment(events, assessment.id);
      const override = held ? await tx.holdReview.findFirst({ where: { doseEventId: held.id, outcome: "override" }, orderBy: { signedAt: "desc" } }) : null;
      if (held && override) {
        const under = decisionUnderOverride({ at: occurredAt, course, events, held, assessments, timeZone, now });
        if (!under.usable) throw refuse(under.refused);
        authorizedByReviewId = override.id;
        // the record keeps the decision the override answered (on the picture the attending signed), not the
        // "stale after the hold" one
        decision = under.decision;
      } else if (decision.decision !== "give") {
        throw new ActionRefusal("RULE_BLOCKED", whyNotGiven(decision, timeZone, now), { details: { decision: decision.decision, reason: decision.reason ?? null } });
      }
      refuseWhileStopPending(course, events, assessments, lastEvent?.occurredAt ?? null, timeZone, now);
      // a stop the rules found on a dose given during a downtime waits for the attending like a stop-tier hold
      const downtimeStop = downtimeStopAwaitingAttending(events);
      if (downtimeStop) throw new ActionRefusal("RULE_BLOCKED", downtimeStopText(downtimeStop, timeZone, now), { details: { downtimeStopEventId: downtimeStop.id } });
      const refused = givenDoseRefusal({ course, cycle, expectedIu: decision.dose?.doseIu, enteredIu: input.doseIu });
      if (refused) throw refuse(refused);
      doseIu = decision.dose?.doseIu ?? null;
      if (input.witnessId) {
        const witness = await tx.user.findFirst({ where: { id: input.witnessId, active: true, role: { in: ["nurse", "attending"] }, assignments: { some: { unitId } } } });
        if (!witness || witness.id === actor.id || witnessSigner?.signerId !== witness.id) {
          throw new ActionRefusal("RULE_BLOCKED", "The witness must be another nurse or attending of this unit.", { field: "witnessId" });
        }
        // blind: the witness's figures against the engine's, never the recorder's; the answer names no figure
        const dose = decision.dose;
        const enteredIu = input.witnessDoseIu === "" || input.witnessDoseIu === undefined ? null : input.witnessDoseIu;
        const enteredMl = input.witnessDoseMl === "" || input.witnessDoseMl === undefined ? null : Number(input.witnessDoseMl);
        if (enteredIu === null || enteredMl === null) {
          throw new ActionRefusal("VALIDATION", "The witness writes the dose (IU) and the volume (mL) they checked. Nothing was recorded.", {
            fieldErrors: {
              ...(enteredIu === null ? { witnessDoseIu: ["Write the dose the witness checked, in IU."] } : {}),
              ...(enteredMl === null ? { witnessDoseMl: ["Write the volume the witness checked, in mL."] } : {}),
            },
          });
        }
        if (!dose || !witnessFiguresMatch({ doseIu: dose.doseIu, doseMl: dose.doseMl }, { doseIu: enteredIu, doseMl: enteredMl })) {
          throw new ActionRefusal("RULE_BLOCKED", WITNESS_MISMATCH, { details: { witnessCheck: "mismatch", witnessId: witness.id } });
        }
        witnessId = witness.id;
      }
    } else {
      const known = new Set(getRuleSet(course.ruleSetId, course.ruleSetVersion)?.criteria.map((c) => c.id) ?? []);
      const refused = holdRefusal({ decision, events, assessmentId: assessment.id, criteria: input.criteria, knownCriteria: known, note: input.note, timeZone, now });
      if (refused) throw refuse(refused);
    }

    const event = await tx.doseEvent.create({
      data: {
        courseId: course.id,
        sequence: nextSequence,
        kind: input.kind,
        cycle,
        doseIu,
        occurredAt,
        assessmentId: assessment.id,
        engineDecision: decision.decision,
        decisionSnapshot: decisionSnapshotOf({ ok: true, result: decision }) as Prisma.InputJsonValue,
        ruleSetId: decision.ruleSet.id,
        ruleSetVersion: decision.ruleSet.version,
        criteria: input.kind === "held" ? input.criteria : [],
        tier: input.kind === "held" ? holdTierOf(decision) : null,
        note: input.note,
        authorizedByReviewId,
        recordedById: actor.id,
        recordedAt: now,
        witnessId,
        ...(witnessId && witnessSigner ? { witnessSignedAt: witnessSigner.signedAt, witnessMeaning: WITNESS_MEANING } : {}),
      },
    });
    let tier = event.tier;
    if (input.kind === "held" && tier === "hold") {
      // A hold can itself make a stop (monotherapy 1.1.0 `holds-cumulative`: the third consecutive hold): then it
      // is recorded at that tier, so it waits for the attending like any other stop.
      const after = decideForCourse({ now: occurredAt, course, events: [...events, { ...event, holdReviews: [] }] });
      if (after.ok && holdTierOf(after.result) !== "hold") {
        tier = holdTierOf(after.result);
        await tx.doseEvent.update({ where: { id: event.id }, data: { tier } });
      }
    }
    const data: RecordedDose = { doseEventId: event.id, sequence: event.sequence, kind: input.kind, tier: input.kind === "held" ? tier : null };
    return {
      data,
      entityId: event.id,
      audit: {
        courseId: course.id, sequence: nextSequence, kind: input.kind, doseIu, engineDecision: decision.decision, tier, authorizedByReviewId, criteria: input.criteria,
        ...(witnessId && witnessSigner ? { witness: { signer: witnessSigner.signerName, meaning: WITNESS_MEANING, signedAt: witnessSigner.signedAt.toISOString() } } : {}),
      },
      // no revalidatePath: the dose screen reads the page again itself once the answer is in (router.refresh(),
      // which also empties the browser's router cache, so the board is read afresh too); revalidating here would
      // render the whole course page a second time inside this answer (docs/performance-http.md)
    };
  },
});

export async function recordDoseAction(prev: ActionResult<RecordedDose> | null, form: FormData): Promise<ActionResult<RecordedDose>> {
  return recordDose(prev, form);
}
