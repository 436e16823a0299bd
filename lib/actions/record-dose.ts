"use server";

import * as clock from "@/lib/clock";
import { revalidatePath } from "next/cache";
import { prisma, type Tx } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { decideForCourse, engineRequest, type EngineDoseEvent } from "@/lib/domain/engine-request";
import { RecordDoseSchema } from "@/lib/schemas/dose";
import { parseUnitLocalTime } from "@/lib/time";
import { formatClock } from "@/lib/format";
import { ActionRefusal, formValues, handleActionError, invalidInput, isUniqueViolation, type ActionResult } from "@/lib/actions/result";
import { CLOCK_SKEW_MINUTES, evaluateDose, getRuleSet, type DoseDecision } from "@/lib/rules";
import { fieldLabel } from "@/lib/assessment-form";
import type { CurrentSession } from "@/lib/auth/session";
import type { Course, Prisma } from "@/lib/generated/prisma/client";

const ACTION = "dose-record";
/** A dose may be documented up to an hour after it was given, never before the previous event. */
const LATE_ENTRY_MINUTES = 60;

const REASON_TEXT: Record<string, string> = {
  interval: "it is inside the interval since the previous dose",
  "start-window": "the first-dose window has not opened",
  "rest-period": "this is the rest period between cycles",
  "max-reached": "the maximum number of doses has been given",
  "window-closed": "the dosing window has closed",
  "start-window-missed": "the first-dose window was missed",
  stopped: "IL-2 was stopped",
  discontinued: "IL-2 was discontinued",
};

function whyNotGiven(d: DoseDecision, timeZone: string, now: Date): string {
  switch (d.decision) {
    case "wait":
      return `Not yet: ${REASON_TEXT[d.reason ?? ""] ?? "the schedule does not allow a dose now"}${d.window.earliestAt ? `; the dose may be given from ${formatClock(new Date(d.window.earliestAt), timeZone, now)}` : ""}.`;
    case "complete":
      return `The course is complete: ${REASON_TEXT[d.reason ?? ""] ?? "no more doses"}.`;
    case "incomplete":
      return `Cannot give: ${[d.missing.length ? `missing ${d.missing.map(fieldLabel).join(", ")}` : "", d.stale.length ? `too old: ${d.stale.map(fieldLabel).join(", ")}` : ""].filter(Boolean).join("; ")}. Enter these values again in a new assessment.`;
    case "hold":
      return `The rules say HOLD (${d.findings.map((f) => f.criterionLabel).join(", ")}): recording this dose as given needs an attending's signed override.`;
    case "stop":
    case "discontinue": {
      const pending = d.findings.find((f) => f.criterion === "pending-stop-review");
      if (pending && typeof pending.observed === "string") {
        return `A ${pending.tier === "discontinue" ? "DISCONTINUE" : "STOP"} recorded at ${formatClock(new Date(pending.observed), timeZone, now)} waits for the attending: no IL-2 until an attending has decided.`;
      }
      return `The rules say ${d.decision.toUpperCase()} (${d.findings.filter((f) => f.tier !== "hold").map((f) => f.criterionLabel).join(", ") || d.combination?.label || "see the findings"}): IL-2 must ${d.decision === "stop" ? "stop" : "be discontinued"} until an attending has decided.`;
    }
    case "give":
      return "";
  }
}

/**
 * Defence in depth for assessments recorded before contract 1.1, when a stop was not yet recorded as an event with
 * its assessment: no dose while an assessment since the last dose event met a stop or discontinue criterion (even
 * if the nurse then recorded a newer, cleaner assessment). Under contract 1.1 such a stop is a stop-tier held event
 * that the engine itself reports as `pending-stop-review` until an attending has decided.
 */
async function refuseWhileStopPending(
  tx: Tx,
  courseId: string,
  events: EngineDoseEvent[],
  since: Date | null,
  course: Course,
  timeZone: string,
  now: Date,
): Promise<void> {
  const recent = await tx.assessment.findMany({ where: { courseId, status: "active", ...(since ? { takenAt: { gt: since } } : {}) }, orderBy: { takenAt: "asc" } });
  for (const a of recent) {
    const outcome = decideForCourse({ now: a.takenAt, course, events, assessment: a });
    if (!outcome.ok) {
      // an assessment the rules cannot judge might hide a stop: no dose until it is corrected
      if (outcome.issues.some((i) => i.path.startsWith("assessment."))) {
        throw new ActionRefusal("RULE_BLOCKED", `The assessment of ${formatClock(a.takenAt, timeZone, now)} cannot be judged by the rules (${outcome.issues.map((i) => `${fieldLabel(i.path.split(".").at(-1) ?? "")}: ${i.message}`).join("; ")}). Mark it entered in error and record it again.`, { assessmentId: a.id });
      }
      continue;
    }
    const r = outcome.result;
    const severe = r.findings.filter((f) => f.tier === "stop" || f.tier === "discontinue");
    if (severe.length || r.combination?.fired) {
      const what = severe.length ? severe.map((f) => `${f.criterionLabel} (${f.tier})`).join(", ") : r.combination?.label ?? "combination of hold criteria";
      throw new ActionRefusal(
        "RULE_BLOCKED",
        `The assessment of ${formatClock(a.takenAt, timeZone, now)} met a stop criterion: ${what}. IL-2 waits for the attending's decision.`,
        { assessmentId: a.id },
      );
    }
  }
}

async function conflictFromLatest(tx: Tx, courseId: string, timeZone: string, now: Date): Promise<ActionRefusal> {
  const last = await tx.doseEvent.findFirst({ where: { courseId }, orderBy: { sequence: "desc" }, include: { recordedBy: { select: { name: true } } } });
  const who = last ? `${last.recordedBy.name} at ${formatClock(last.recordedAt, timeZone, now)}` : "someone else";
  const what = last ? `dose event #${last.sequence} (${last.kind})` : "a dose event";
  return new ActionRefusal("CONFLICT", `Not saved: ${what} was just recorded by ${who}. Review it before recording again.`, { latestSequence: last?.sequence ?? 0 });
}

/**
 * A nurse records the dose as given or held. The engine decides, on the server's clock: a dose is recorded as
 * given only when the engine says `give`, or says `hold` on exactly the assessment an attending signed an override
 * for. `wait`, `complete` and `incomplete` can never be recorded as given. The (course, sequence) uniqueness in
 * the database makes two simultaneous recordings of the same dose impossible.
 */
export async function recordDoseAction(
  _prev: ActionResult<{ doseEventId: string; sequence: number; kind: "given" | "held" }> | null,
  form: FormData,
): Promise<ActionResult<{ doseEventId: string; sequence: number; kind: "given" | "held" }>> {
  const values = formValues(form);
  let session: CurrentSession | null = null;
  const ctx = (entityId: string | null = null) => ({ action: ACTION, entityType: "DoseEvent", entityId, values, actor: session ? { id: session.user.id, email: session.user.email } : null });
  try {
    session = await requirePermission("dose:record");
    const actor = session;
    const parsed = RecordDoseSchema.safeParse({ ...Object.fromEntries(form), criteria: form.getAll("criteria") });
    if (!parsed.success) return invalidInput(parsed.error, ctx());
    const input = parsed.data;
    const now = clock.now();

    const created = await prisma.$transaction(async (tx) => {
      const found = await findCourseInScope(tx, actor, input.courseId);
      await lockCourse(tx, found.id);
      const course = await tx.course.findUniqueOrThrow({ where: { id: found.id } });
      const timeZone = found.patient.unit.timeZone;
      if (course.status === "ordered") {
        throw new ActionRefusal("RULE_BLOCKED", "No dose can be recorded before a pharmacist has verified the dosing weight and the dose.");
      }
      if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: no more doses are recorded on it.");

      const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
      const nextSequence = (events.at(-1)?.sequence ?? 0) + 1;
      if (input.expectedSequence !== nextSequence) throw await conflictFromLatest(tx, course.id, timeZone, now);

      const assessment = await tx.assessment.findFirst({ where: { id: input.assessmentId, courseId: course.id } });
      if (!assessment || assessment.status !== "active") throw new ActionRefusal("NOT_FOUND", "That assessment was not found on this course.");
      // The decision must be on the latest assessment, by the same order the course page uses.
      const latest = await tx.assessment.findFirst({ where: { courseId: course.id, status: "active" }, orderBy: [{ takenAt: "desc" }, { recordedAt: "desc" }] });
      const newer = latest && latest.id !== assessment.id ? latest : null;
      if (newer) {
        throw new ActionRefusal("CONFLICT", `A newer assessment (taken ${formatClock(newer.takenAt, timeZone, now)}) is on record: review its decision before recording.`);
      }

      // When the dose happened: now, or a documented time within the last hour and after the previous event.
      let occurredAt = now;
      if (input.occurredAt) {
        const parsedAt = parseUnitLocalTime(input.occurredAt, timeZone, now);
        if (!parsedAt) throw new ActionRefusal("RULE_BLOCKED", "Enter the time of the dose as a date and time.", { field: "occurredAt" });
        if (parsedAt.getTime() > now.getTime() + CLOCK_SKEW_MINUTES * 60_000) throw new ActionRefusal("RULE_BLOCKED", "The time of the dose is in the future.", { field: "occurredAt" });
        if (parsedAt.getTime() < now.getTime() - LATE_ENTRY_MINUTES * 60_000) {
          throw new ActionRefusal("RULE_BLOCKED", `A dose can be documented up to ${LATE_ENTRY_MINUTES} minutes after it was given; ask an attending to record an earlier one.`, { field: "occurredAt" });
        }
        // a few minutes of clock skew are tolerated, but the dose is never judged or stored in the future
        occurredAt = parsedAt.getTime() > now.getTime() ? now : parsedAt;
      }
      const lastEvent = events.filter((e) => e.status === "active").at(-1);
      if (lastEvent && occurredAt < lastEvent.occurredAt) {
        throw new ActionRefusal("RULE_BLOCKED", "The time of the dose is before the previous dose event.", { field: "occurredAt" });
      }

      const outcome = decideForCourse({ now: occurredAt, course, events, assessment });
      if (!outcome.ok) {
        throw new ActionRefusal("RULE_BLOCKED", `The stored data could not be evaluated (${outcome.issues.map((i) => `${fieldLabel(i.path.split(".").at(-1) ?? "")}: ${i.message}`).join("; ")}). Record a new assessment; if this persists, call the attending.`);
      }
      let decision = outcome.result;
      const cycle = decision.dose?.cycle ?? decision.counts.cycle;
      let authorizedByReviewId: string | null = null;
      let doseIu: number | null = null;
      let witnessId: string | null = null;

      if (input.kind === "given") {
        const lastActive = events.filter((e) => e.status === "active").at(-1);
        const override =
          lastActive && lastActive.kind === "held" && lastActive.assessmentId === assessment.id
            ? await tx.holdReview.findFirst({ where: { doseEventId: lastActive.id, outcome: "override" }, orderBy: { signedAt: "desc" } })
            : null;
        if (override && lastActive) {
          // The attending's override covers the decision the held event recorded, on its own assessment, once: it is
          // judged as it stood before that hold (after a hold the same values are stale for the held dose, contract
          // 1.1). A stop, or anything but a plain hold, is never overridden this way.
          const before = events.filter((e) => e.id !== lastActive.id);
          const atHold = evaluateDose(engineRequest({ now: occurredAt, course, events: before, assessment }));
          if (!atHold.ok || (atHold.result.decision !== "hold" && atHold.result.decision !== "give")) {
            throw new ActionRefusal("RULE_BLOCKED", atHold.ok ? whyNotGiven(atHold.result, timeZone, now) : "The stored data could not be evaluated. Record a new assessment.", { decision: atHold.ok ? atHold.result.decision : null });
          }
          authorizedByReviewId = override.id;
          // the record keeps the decision the override answered, not the "stale after the hold" one
          decision = atHold.result;
        } else if (decision.decision !== "give") {
          throw new ActionRefusal("RULE_BLOCKED", whyNotGiven(decision, timeZone, now), { decision: decision.decision, reason: decision.reason });
        }
        await refuseWhileStopPending(tx, course.id, events, lastEvent?.occurredAt ?? null, course, timeZone, now);
        if (cycle === 2 && course.protocol === "monotherapy" && !course.cycle2ApprovedAt) {
          throw new ActionRefusal("RULE_BLOCKED", "Cycle 2 needs the attending's signed go-ahead before its first dose.");
        }
        const expected = decision.dose?.doseIu;
        if (expected === undefined || input.doseIu === undefined || input.doseIu === "" || input.doseIu !== expected) {
          throw new ActionRefusal("RULE_BLOCKED", `The dose for this course is ${expected?.toLocaleString("en-US") ?? "?"} IU (verified dosing weight ${course.dosingWeightKg.toString()} kg); doses are never changed, only held.`, { field: "doseIu" });
        }
        doseIu = expected;
        if (input.witnessId) {
          const witness = await tx.user.findFirst({
            where: { id: input.witnessId, active: true, role: { in: ["nurse", "attending"] }, assignments: { some: { unitId: found.patient.unitId } } },
          });
          if (!witness || witness.id === actor.user.id) throw new ActionRefusal("RULE_BLOCKED", "The witness must be another nurse or attending of this unit.", { field: "witnessId" });
          witnessId = witness.id;
        }
      } else {
        if (decision.decision === "wait" || decision.decision === "complete") {
          throw new ActionRefusal("RULE_BLOCKED", `Nothing to hold: ${whyNotGiven(decision, timeZone, now).replace(/^Not yet: /, "")}`, { decision: decision.decision });
        }
        if (decision.findings.some((f) => f.criterion === "pending-stop-review")) {
          throw new ActionRefusal("RULE_BLOCKED", "IL-2 is already held at stop tier until an attending decides: nothing more to record. Call the attending.");
        }
        if (lastEvent && lastEvent.kind === "held" && lastEvent.assessmentId === assessment.id) {
          throw new ActionRefusal("RULE_BLOCKED", `Dose event #${lastEvent.sequence} already holds the dose on this assessment. Record a new assessment to re-evaluate.`);
        }
        const ruleSet = getRuleSet(course.ruleSetId, course.ruleSetVersion);
        const known = new Set(ruleSet?.criteria.map((c) => c.id) ?? []);
        const unknown = input.criteria.filter((c) => !known.has(c));
        if (unknown.length) throw new ActionRefusal("RULE_BLOCKED", `Unknown criteria: ${unknown.join(", ")}.`, { field: "criteria" });
        if (input.criteria.length === 0 && !input.note) {
          throw new ActionRefusal("RULE_BLOCKED", "Say why the dose is held: tick the criteria or write a note.", { field: "note" });
        }
      }

      try {
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
            decisionSnapshot: decision as unknown as Prisma.InputJsonValue,
            ruleSetId: decision.ruleSet.id,
            ruleSetVersion: decision.ruleSet.version,
            criteria: input.kind === "held" ? input.criteria : [],
            tier: input.kind === "held" ? (decision.decision === "stop" || decision.decision === "discontinue" ? decision.decision : "hold") : null,
            note: input.note,
            authorizedByReviewId,
            recordedById: actor.user.id,
            recordedAt: now,
            witnessId,
          },
        });
        let tier = event.tier;
        if (input.kind === "held" && tier === "hold") {
          // A hold can itself make a stop (monotherapy 1.1.0 `holds-cumulative`: the third consecutive hold): then it
          // is recorded at that tier, so it waits for the attending like any other stop.
          const after = decideForCourse({ now: occurredAt, course, events: [...events, { ...event, holdReviews: [] }] });
          if (after.ok && (after.result.decision === "stop" || after.result.decision === "discontinue")) {
            tier = after.result.decision;
            await tx.doseEvent.update({ where: { id: event.id }, data: { tier } });
          }
        }
        await writeAudit(tx, {
          actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: "DoseEvent", entityId: event.id, outcome: "success", at: now,
          details: { courseId: course.id, sequence: nextSequence, kind: input.kind, doseIu, engineDecision: decision.decision, tier, authorizedByReviewId, criteria: input.criteria },
        });
        return event;
      } catch (e) {
        // The lock above makes this rare; the constraint makes it impossible to store twice. The transaction is
        // aborted here, so the answer is built without another query.
        if (isUniqueViolation(e)) throw new ActionRefusal("CONFLICT", "Not saved: this dose was just recorded by someone else. Reload to see who and when.");
        throw e;
      }
    });
    revalidatePath(`/courses/${input.courseId}`);
    revalidatePath("/board");
    return { ok: true, data: { doseEventId: created.id, sequence: created.sequence, kind: input.kind } };
  } catch (e) {
    const failure = await handleActionError(e, ctx());
    const field = e instanceof ActionRefusal ? e.details.field : undefined;
    if (typeof field === "string") return { ...failure, fieldErrors: { [field]: [failure.message] } };
    return failure;
  }
}

