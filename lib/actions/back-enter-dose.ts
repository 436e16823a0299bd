"use server";

import type { Prisma } from "@/lib/generated/prisma/client";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { defineAction } from "@/lib/actions/pipeline";
import type { ActionResult } from "@/lib/actions/result";
import { ActionRefusal, notFound } from "@/lib/refusal";
import { BackEnterDoseSchema } from "@/lib/schemas/dose";
import { formInput, readAssessmentForm } from "@/lib/schemas/assessment";
import { parseUnitLocalTime } from "@/lib/time";
import { CLOCK_SKEW_MINUTES, getRuleSet } from "@/lib/rules";
import { carrySourceOf, cycleOfEventAt, decideForCourse, earliestEventAt } from "@/lib/domain/engine-request";
import { CURRENT_ASSESSMENT_ORDER } from "@/lib/domain/current-assessment";
import { decisionSnapshotOf, engineDecisionOf } from "@/lib/domain/stored-decision";
import { holdTierOf, lastActiveEvent } from "@/lib/domain/dose-policy";
import { fieldLabel } from "@/lib/domain/assessment-fields";
import { criterionLabel } from "@/lib/domain/vocabulary";
import { downtimeStopAwaitingAttending } from "@/lib/domain/downtime-stop";
import { DOWNTIME_COSIGN_MEANING, DOWNTIME_ENTRY_MEANING, doseDiffersText, downtimeEntryRefusal, downtimeFlag, joinFlags, possibleDuplicateOf, possibleDuplicateText } from "@/lib/domain/downtime";
import { coursePermanentEvents } from "@/lib/db/permanent-events";
import { formatClock } from "@/lib/format";

export type BackEnteredDose = { doseEventId: string; sequence: number; kind: "given" | "held"; flag: string | null };

const invalid = (fieldErrors: Record<string, string[]>) => new ActionRefusal("VALIDATION", "Some entries need correcting. Nothing was recorded.", { fieldErrors });

/**
 * A nurse back-enters a dose given or held on paper during a downtime (docs/decisions/061-downtime-back-entry.md):
 * the paper pre-dose assessment and the dose, with their real times, co-signed by a second clinician (another nurse
 * or an attending of the unit, with their own user id and password: the witness mechanism of decision 055, counted
 * the same way), in one transaction. The engine judges the entry AT ITS TIME (now = the dose's time, history = the
 * events before it, the paper assessment) under the course's rule set, and its answer is stored like any dose
 * event's. A back-entered dose is history: it is recorded whatever the rules say, but a given dose they would not
 * have given is flagged in words. Only bad data is refused (lib/domain/downtime.ts).
 */
const backEnterDose = defineAction({
  name: "dose-back-enter",
  entityType: "DoseEvent",
  permission: "dose:back-enter",
  schema: BackEnterDoseSchema,
  read: (form) => ({ ...Object.fromEntries(form), criteria: form.getAll("criteria") }),
  uniqueViolation: "Not saved: a dose event was just recorded on this course by someone else. Reload to see it.",
  // the entering nurse signs for the entry; the co-signer signs for themselves (their own id and password, counted
  // on the pair's row like a witness's, decision 055)
  signature: { missing: "Re-enter your password to sign the entry." },
  witness: {
    of: (input) => input.coSignerId,
    eligible: (c, session) => c.active && c.id !== session.user.id && (c.role === "nurse" || c.role === "attending") && c.unitIds.some((u) => session.user.unitIds.includes(u)),
  },
  scope: async (tx, session, input, now) => {
    const found = await findCourseInScope(tx, session, input.courseId);
    await lockCourse(tx, session, found.id, now, "the entry was not recorded");
    const course = await tx.course.findUniqueOrThrow({ where: { id: found.id } });
    const [where] = await tx.$queryRaw<{ unitId: string; timeZone: string }[]>`
      SELECT p."unitId"::text AS "unitId", u."timeZone" FROM "Patient" p JOIN "Unit" u ON u.id = p."unitId" WHERE p.id = ${course.patientId}::uuid`;
    if (!where || !session.user.unitIds.includes(where.unitId)) throw notFound("course");
    return { course, unitId: where.unitId, timeZone: where.timeZone };
  },
  decide: async ({ tx, actor, input, now, form, signer, witness: coSigner, scoped: { course, unitId, timeZone } }) => {
    if (course.status === "ordered") throw new ActionRefusal("RULE_BLOCKED", "No dose can be entered before a pharmacist has verified the dosing weight and the dose.");
    if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: no more doses are entered on it.");

    const coSignerRow = await tx.user.findFirst({ where: { id: input.coSignerId, active: true, role: { in: ["nurse", "attending"] }, assignments: { some: { unitId } } } });
    if (!coSignerRow || coSignerRow.id === actor.id || !coSigner || coSigner.signerId !== coSignerRow.id) {
      throw new ActionRefusal("RULE_BLOCKED", "The co-signer must be another nurse or an attending of this unit, not the person entering. Nothing was recorded.", { field: "coSignerId" });
    }

    const occurredAt = parseUnitLocalTime(input.occurredAt, timeZone, now);
    if (!occurredAt) throw invalid({ occurredAt: ["Enter the time of the dose as a date and time that exists on the unit's clock."] });

    // the paper assessment, read by the same reader as the assessment form; carried values come from the latest
    // assessment on record, with their own original times
    const raw = formInput(form);
    if (typeof raw.at !== "string" || raw.at.trim() === "") throw invalid({ at: ["Enter when the paper assessment was taken."] });
    const latest = await tx.assessment.findFirst({ where: { courseId: course.id, status: "active" }, orderBy: [...CURRENT_ASSESSMENT_ORDER] });
    const carries = (Array.isArray(raw.carry) ? raw.carry : []).length > 0;
    const seenFrom = typeof raw.carriedFromId === "string" ? raw.carriedFromId : "";
    if (carries && (!latest || latest.id !== seenFrom)) {
      throw new ActionRefusal("CONFLICT", "Not saved: a newer assessment was recorded since this form was opened, so the carried values are not the ones you saw. Reload the page and check them again.");
    }
    // only the permanent events known by the time of the paper dose (review finding 14)
    const recorded = await coursePermanentEvents(tx, course.id, occurredAt);
    const source = latest ? { ...carrySourceOf(latest), permanentEvents: recorded } : recorded.length ? { assessmentId: "", takenAt: now.toISOString(), values: {}, permanentEvents: recorded } : null;
    const { assessment, fieldErrors, carried } = readAssessmentForm(raw, timeZone, now, source);
    if (Object.keys(fieldErrors).length) throw invalid(fieldErrors);
    const assessedAt = new Date(assessment.at as string);

    const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const lastEvent = lastActiveEvent(events);
    const refused = downtimeEntryRefusal({ occurredAt, assessedAt, now, lastEventAt: lastEvent?.occurredAt ?? null, earliestAt: earliestEventAt(course), skewMinutes: CLOCK_SKEW_MINUTES, timeZone });
    if (refused) throw new ActionRefusal("RULE_BLOCKED", refused.why, { ...(refused.field ? { field: refused.field } : {}) });
    // a value carried onto the paper assessment must have been observed by the time of the dose
    const observedAt = (assessment.observedAt ?? {}) as Record<string, string>;
    const late = Object.entries(observedAt).filter(([, t]) => Date.parse(t) > occurredAt.getTime());
    if (late.length) {
      throw invalid(Object.fromEntries(late.map(([k, t]) => [carried.includes(k) ? k : `observedAt.${k}`, [`${fieldLabel(k)} is timed ${formatClock(new Date(t), timeZone, now)}, after the dose: only values known at the time of the dose count.`]])));
    }

    // the dose's own checks: a given dose needs the amount written on paper (a different figure from the order is
    // recorded as written — it happened — and flagged for the attending, review finding 3), a held dose its reasons
    const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
    const orderedIu = Math.round(Number(course.dosingWeightKg.toString()) * course.doseIuPerKg);
    if (input.kind === "given") {
      if (input.doseIu === undefined || input.doseIu === "") {
        throw new ActionRefusal("RULE_BLOCKED", `Enter the dose as written on the paper record (the order is ${orderedIu.toLocaleString("en-US")} IU, verified dosing weight ${course.dosingWeightKg.toString()} kg).`, { field: "doseIu" });
      }
    } else {
      const known = new Set(ruleSet?.criteria.map((c) => c.id) ?? []);
      const unknown = input.criteria.filter((c) => !known.has(c));
      if (unknown.length) throw new ActionRefusal("RULE_BLOCKED", `These are not criteria of this course's rule set: ${unknown.map((c) => criterionLabel(c)).join(", ")}.`, { field: "criteria" });
      if (input.criteria.length === 0 && !input.note) throw new ActionRefusal("RULE_BLOCKED", "Say why the dose was held: tick the criteria or copy the note from the paper record.", { field: "note" });
    }

    // The engine's strict schema has checked every key and value; its field names are the table's columns.
    const { at: _at, labsAt, permanentEvents, observedAt: _times, ...measured } = assessment as Record<string, unknown> & { at: string };
    const paper = await tx.assessment.create({
      data: {
        ...(measured as Partial<Prisma.AssessmentUncheckedCreateInput>),
        courseId: course.id,
        takenAt: assessedAt,
        labsAt: typeof labsAt === "string" ? new Date(labsAt) : null,
        permanentEvents: (permanentEvents as string[] | undefined) ?? [],
        permanentEventsAnswered: permanentEvents !== undefined,
        observedAt,
        carriedFields: carried,
        carriedFromId: carried.length ? latest?.id ?? null : null,
        recordedById: actor.id,
        recordedAt: now,
        enteredAfterDowntime: true,
      },
    });

    // judged at its time: now = the dose's time, the events before it, the paper assessment
    const outcome = decideForCourse({ now: occurredAt, course, events, assessment: paper });
    if (!outcome.ok) {
      // values that pass one by one but not together (room air with an oxygen flow) are bad data, as on the form
      const byField: Record<string, string[]> = {};
      for (const i of outcome.issues) {
        const m = /^assessment\.(.+)$/.exec(i.path);
        if (m?.[1]) (byField[m[1]] ??= []).push(`${fieldLabel(m[1].replace(/^observedAt\./, ""))}: ${i.message}.`);
      }
      if (Object.keys(byField).length) throw invalid(byField);
    }
    const decision = outcome.ok ? outcome.result : null;
    // the flag, one sentence per reason: what the rules would have done, a dose other than the order, and a given dose
    // at or within the minimum interval of one already recorded (review finding 15)
    const earlierPaperStop = downtimeStopAwaitingAttending(events);
    const duplicate = input.kind === "given" && ruleSet ? possibleDuplicateOf(occurredAt, events, ruleSet.schedule.interval.minutes.value - ruleSet.schedule.interval.earlyToleranceMinutes.value) : null;
    const flag = joinFlags([
      downtimeFlag({ kind: input.kind, outcome, timeZone, now }),
      input.kind === "given" ? doseDiffersText(input.doseIu as number, orderedIu) : null,
      duplicate ? possibleDuplicateText(duplicate.occurredAt, timeZone, now) : null,
      // an earlier paper dose met a stop nobody has decided yet: the engine does not see it (lib/domain/downtime-stop.ts)
      input.kind === "given" && earlierPaperStop ? `Given after dose ${earlierPaperStop.sequence} (${formatClock(earlierPaperStop.occurredAt, timeZone, now)}), whose rules at its time would have ${earlierPaperStop.engineDecision === "discontinue" ? "discontinued" : "stopped"} IL-2, before any attending's decision.` : null,
    ]);
    const cycle = decision?.dose?.cycle ?? cycleOfEventAt(course, occurredAt);
    const doseIu = input.kind === "given" ? (input.doseIu as number) : null;
    const nextSequence = (events.at(-1)?.sequence ?? 0) + 1;
    if (!signer) throw new ActionRefusal("VALIDATION", "Re-enter your password to sign the entry.", { field: "password" });

    const event = await tx.doseEvent.create({
      data: {
        courseId: course.id,
        sequence: nextSequence,
        kind: input.kind,
        cycle,
        doseIu,
        occurredAt,
        assessmentId: paper.id,
        engineDecision: engineDecisionOf(outcome),
        decisionSnapshot: decisionSnapshotOf(outcome) as Prisma.InputJsonValue,
        ruleSetId: decision?.ruleSet.id ?? course.ruleSetId,
        ruleSetVersion: decision?.ruleSet.version ?? course.ruleSetVersion,
        criteria: input.kind === "held" ? input.criteria : [],
        // a held dose carries the tier the rules gave it (a stop waits for the attending like any other stop)
        tier: input.kind === "held" ? (decision ? holdTierOf(decision) : "hold") : null,
        note: input.note,
        recordedById: actor.id,
        recordedAt: now,
        enteredAfterDowntime: true,
        downtimeEntryMeaning: DOWNTIME_ENTRY_MEANING,
        coSignedById: coSignerRow.id,
        coSignedAt: coSigner.signedAt,
        coSignatureMeaning: DOWNTIME_COSIGN_MEANING,
        downtimeFlag: flag,
      },
    });
    let tier = event.tier;
    if (input.kind === "held" && tier === "hold") {
      // a hold can itself make a stop (monotherapy 1.1.0 `holds-cumulative`), as record-dose does
      const after = decideForCourse({ now: occurredAt, course, events: [...events, { ...event, holdReviews: [] }] });
      if (after.ok && holdTierOf(after.result) !== "hold") {
        tier = holdTierOf(after.result);
        await tx.doseEvent.update({ where: { id: event.id }, data: { tier } });
      }
    }
    const data: BackEnteredDose = { doseEventId: event.id, sequence: event.sequence, kind: input.kind, flag };
    return {
      data,
      entityId: event.id,
      audit: {
        courseId: course.id, sequence: nextSequence, kind: input.kind, doseIu, occurredAt: occurredAt.toISOString(), assessmentId: paper.id,
        engineDecision: engineDecisionOf(outcome), tier, criteria: input.criteria, enteredAfterDowntime: true, flag,
        signature: { signer: signer.signerName, meaning: DOWNTIME_ENTRY_MEANING, signedAt: signer.signedAt.toISOString() },
        coSignature: { signer: coSigner.signerName, meaning: DOWNTIME_COSIGN_MEANING, signedAt: coSigner.signedAt.toISOString() },
      },
      revalidate: [`/courses/${course.id}`, `/courses/${course.id}/downtime`, "/board", ...(tier === "stop" || tier === "discontinue" ? ["/reviews"] : [])],
    };
  },
});

export async function backEnterDoseAction(prev: ActionResult<BackEnteredDose> | null, form: FormData): Promise<ActionResult<BackEnteredDose>> {
  return backEnterDose(prev, form);
}
