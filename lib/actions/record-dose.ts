"use server";

import { revalidatePath } from "next/cache";
import { prisma, type Tx } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { requirePermission } from "@/lib/auth/guards";
import { findCourseInScope, lockCourse } from "@/lib/auth/scope";
import { decideForCourse } from "@/lib/db/engine-request";
import { RecordDoseSchema } from "@/lib/schemas/dose";
import { parseUnitLocalTime } from "@/lib/time";
import { formatClock } from "@/lib/format";
import { ActionRefusal, formValues, handleActionError, invalidInput, isUniqueViolation, type ActionResult } from "@/lib/actions/result";
import { CLOCK_SKEW_MINUTES, getRuleSet, type DoseDecision } from "@/lib/rules";
import type { CurrentSession } from "@/lib/auth/session";
import type { Course, DoseEvent, Prisma } from "@/lib/generated/prisma/client";

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
      return `Cannot give: the assessment is ${[d.missing.length ? `missing ${d.missing.join(", ")}` : "", d.stale.length ? `stale (${d.stale.join(", ")})` : ""].filter(Boolean).join(" and ")}. Record a new assessment.`;
    case "hold":
      return `The rules say HOLD (${d.findings.map((f) => f.criterionLabel).join(", ")}): recording this dose as given needs an attending's signed override.`;
    case "stop":
    case "discontinue":
      return `The rules say ${d.decision.toUpperCase()} (${d.findings.map((f) => f.criterionLabel).join(", ")}): IL-2 must ${d.decision === "stop" ? "stop" : "be discontinued"}. Record the hold and call the attending.`;
    case "give":
      return "";
  }
}

/**
 * IL-2 must stop when the engine said stop or discontinue, but the engine has no memory: only a `stopped` or
 * `discontinued` event (written by the attending's review) ends a cycle or course. Until then no dose is given:
 * - a held event decided at stop/discontinue tier that no attending has yet resolved with a stop or discontinuation;
 * - an assessment since the last dose event on which the rules fired at stop/discontinue tier (even if the nurse
 *   then recorded a newer, cleaner assessment).
 */
async function refuseWhileStopPending(
  tx: Tx,
  courseId: string,
  events: DoseEvent[],
  since: Date | null,
  course: Course,
  timeZone: string,
  now: Date,
): Promise<void> {
  const pending = await tx.doseEvent.findFirst({
    where: { courseId, status: "active", kind: "held", engineDecision: { in: ["stop", "discontinue"] }, holdReviews: { none: { outcome: { in: ["stop", "discontinue"] } } } },
    orderBy: { sequence: "asc" },
  });
  if (pending) {
    throw new ActionRefusal("RULE_BLOCKED", `Dose event #${pending.sequence} was held at ${pending.engineDecision.toUpperCase()} tier: IL-2 must stop until an attending has reviewed it.`, { pendingEventId: pending.id });
  }
  const recent = await tx.assessment.findMany({ where: { courseId, status: "active", ...(since ? { takenAt: { gt: since } } : {}) }, orderBy: { takenAt: "asc" } });
  for (const a of recent) {
    const outcome = decideForCourse({ now: a.takenAt, course, events, assessment: a });
    if (!outcome.ok) continue;
    const r = outcome.result;
    const severe = [...r.findings, ...r.provisionalFindings].filter((f) => f.tier === "stop" || f.tier === "discontinue");
    if (severe.length || r.combination?.fired) {
      const what = severe.length ? severe.map((f) => `${f.criterionLabel} (${f.tier})`).join(", ") : r.combination?.label ?? "combination of hold criteria";
      throw new ActionRefusal(
        "RULE_BLOCKED",
        `The assessment of ${formatClock(a.takenAt, timeZone, now)} met a stop criterion: ${what}. Record the hold on it and call the attending; no dose until then.`,
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
    const now = new Date();

    const created = await prisma.$transaction(async (tx) => {
      const found = await findCourseInScope(tx, actor, input.courseId);
      await lockCourse(tx, found.id);
      const course = await tx.course.findUniqueOrThrow({ where: { id: found.id } });
      const timeZone = found.patient.unit.timeZone;
      if (course.status === "ordered") {
        throw new ActionRefusal("RULE_BLOCKED", "No dose can be recorded before a pharmacist has verified the dosing weight and the dose.");
      }
      if (course.status === "closed") throw new ActionRefusal("RULE_BLOCKED", "This course is closed: no more doses are recorded on it.");

      const events = await tx.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
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
        throw new ActionRefusal("RULE_BLOCKED", `The stored data could not be evaluated (${outcome.issues.map((i) => `${i.path}: ${i.message}`).join("; ")}). Record a new assessment.`);
      }
      const decision = outcome.result;
      const cycle = decision.dose?.cycle ?? decision.counts.cycle;
      let authorizedByReviewId: string | null = null;
      let doseIu: number | null = null;
      let witnessId: string | null = null;

      if (input.kind === "given") {
        if (decision.decision === "hold") {
          // An attending's override covers the held event's own assessment, once.
          const lastActive = events.filter((e) => e.status === "active").at(-1);
          const override =
            lastActive && lastActive.kind === "held" && lastActive.assessmentId === assessment.id
              ? await tx.holdReview.findFirst({ where: { doseEventId: lastActive.id, outcome: "override" }, orderBy: { signedAt: "desc" } })
              : null;
          if (!override) throw new ActionRefusal("RULE_BLOCKED", whyNotGiven(decision, timeZone, now), { decision: decision.decision });
          authorizedByReviewId = override.id;
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
            note: input.note,
            authorizedByReviewId,
            recordedById: actor.user.id,
            recordedAt: now,
            witnessId,
          },
        });
        await writeAudit(tx, {
          actorId: actor.user.id, actorLabel: actor.user.email, action: ACTION, entityType: "DoseEvent", entityId: event.id, outcome: "success", at: now,
          details: { courseId: course.id, sequence: nextSequence, kind: input.kind, doseIu, engineDecision: decision.decision, authorizedByReviewId, criteria: input.criteria },
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

