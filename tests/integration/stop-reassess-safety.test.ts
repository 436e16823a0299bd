// Two clinical-safety holes found by the review of issue 10 (docs/decisions/041-blocking-rule-and-reassess.md), against
// the real database and through the real actions:
// HIGH 1 — a stated stop observed while a judgment stop waits is recorded as its own item, and reassess is refused
//          while an assessment since the stop shows a stop that is recorded nowhere else;
// HIGH 2 — an override is judged on the picture the attending signed: an assessment recorded after the hold (even a
//          back-dated one, which leaves the held assessment the latest) makes it unusable, on the dose screen and in
//          record-dose alike.
import { beforeAll, beforeEach, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { advanceClock, freezeClock } from "./support/clock";
import { makeAssessment, makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { listReviewQueue } from "@/lib/db/queries/reviews";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { toUnitLocalInput } from "@/lib/time";
import * as clock from "@/lib/clock";

const PASSWORD = "correct horse battery";
const MIN = 60_000;
type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let nurse: User;
let attending: User;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});
beforeEach(() => {
  freezeClock(new Date(Math.floor(Date.now() / MIN) * MIN));
});

const local = (minutesFromNow: number) => toUnitLocalInput(new Date(clock.now().getTime() + minutesFromNow * MIN), "UTC");
const LABS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;
const review = (fields: Record<string, string>) => reviewHoldAction(null, formOf(fields));

/** A complete assessment as the form submits it, taken `minutesAgo` ago, labs drawn `labsMinutesAgo` ago. */
async function assess(courseId: string, values: Record<string, string>, o: { minutesAgo?: number; labsMinutesAgo?: number } = {}) {
  const out = await recordAssessmentAction(
    null,
    formOf({
      courseId, at: local(-(o.minutesAgo ?? 1)), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
      urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
      otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
      bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
      ...Object.fromEntries(LABS.map((l) => [`observedAt.${l}`, local(-(o.labsMinutesAgo ?? 60))])),
      ...values,
    }),
  );
  if (!out.ok) throw new Error(`assessment refused: ${JSON.stringify(out)}`);
  return out.data;
}

// TIL 1.0.0, target 90: SBP 85 + HR 125 = two hold criteria → the combination rule (judgment) → STOP.
const COMBINATION = { sbpMmHg: "85", heartRateBpm: "125" };

/** A TIL course whose first dose is due, with a judgment stop (the combination rule) recorded by record-assessment. */
async function judgmentStopCourse() {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -6 });
  await signedInBrowser(nurse);
  const first = await assess(course.id, COMBINATION, { minutesAgo: 5 });
  expect(first.stopHold?.tier).toBe("stop");
  const s1 = await prisma.doseEvent.findUniqueOrThrow({ where: { id: first.stopHold!.doseEventId } });
  return { course, s1 };
}

describe("HIGH 1: a stated stop while a judgment stop waits is never lost", () => {
  test("ventricular ectopy after a pending combination stop is recorded as its own stop; reassessing the combination leaves it waiting, and a clean assessment still gives nothing", async () => {
    const { course, s1 } = await judgmentStopCourse();
    advanceClock(5 * MIN);
    const b = await assess(course.id, { rhythm: "ventricular-ectopy" });
    // before the fix: nothing was written (the pending judgment stop was taken as covering it)
    expect(b.stopHold).toMatchObject({ tier: "stop", sequence: 2 });
    const s2 = await prisma.doseEvent.findUniqueOrThrow({ where: { id: b.stopHold!.doseEventId } });
    expect([s2.kind, s2.tier, s2.criteria, s2.assessmentId]).toEqual(["held", "stop", ["arrhythmia"], b.assessmentId]);

    const queue = (await listReviewQueue([unitId])).filter((i) => i.course.id === course.id);
    expect(queue.map((i) => [i.event.id, i.judgmentStop, i.reassessRefusal, i.blocking.clearedBy])).toEqual([
      // the ectopy is in the record as its own item, so the combination stop may still be reassessed
      [s1.id, true, null, ["stop", "discontinue", "reassess"]],
      [s2.id, false, null, ["stop", "discontinue"]],
    ]);

    await signedInBrowser(attending);
    expect(await review({ doseEventId: s1.id, outcome: "reassess", reason: "Combination of two mild findings; fluids given", password: PASSWORD })).toMatchObject({ ok: true });

    await signedInBrowser(nurse);
    advanceClock(10 * MIN);
    const c = await assess(course.id, {});
    expect(c.decision?.decision).toBe("stop");
    expect(c.decision?.findings.map((f) => f.criterion)).toContain("pending-stop-review");
    const view = await loadCourseView([unitId], course.id, clock.now());
    expect(view?.actions?.canGive).toBe(false);
    const given = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: c.assessmentId, kind: "given", expectedSequence: 3, doseIu: 48_000_000 }));
    expect(given).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    // the ectopy stop still waits for the attending
    const after = (await listReviewQueue([unitId])).filter((i) => i.course.id === course.id);
    expect(after.map((i) => [i.event.id, i.blocking.blocks])).toEqual([[s2.id, "every-dose"]]);
  });

  test("an assessment recorded since the stop that shows a stop of its own and is recorded nowhere else (a row from before the fix): reassess is not offered, says why, and is refused in words", async () => {
    const { course, s1 } = await judgmentStopCourse();
    advanceClock(5 * MIN);
    // the state the review found: ventricular ectopy on record after the stop, no stop-tier hold for it
    const b = await makeAssessment(course.id, nurse.id, { minutesAgo: 1, values: { rhythm: "ventricular-ectopy" } });
    await prisma.assessment.update({ where: { id: b.id }, data: { recordedAt: clock.now() } });

    const item = (await listReviewQueue([unitId], clock.now())).find((i) => i.event.id === s1.id);
    expect(item).toMatchObject({ judgmentStop: false, blocking: { clearedBy: ["stop", "discontinue"], text: "blocks every dose; clears when you stop or discontinue" } });
    expect(item?.reassessRefusal).toMatch(/^Not reassessable: the assessment of .+, recorded after this stop, shows a stop of its own — Arrhythmia: Ventricular ectopy \(stop\) — recorded nowhere else; a reassessment would clear it unseen\. Stop or discontinue IL-2\.$/);

    await signedInBrowser(attending);
    const out = await review({ doseEventId: s1.id, outcome: "reassess", reason: "Combination of two mild findings", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (!out.ok) expect(out.message).toBe(item?.reassessRefusal);
    expect(await prisma.holdReview.count({ where: { doseEventId: s1.id } })).toBe(0);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: s1.id, action: "hold-review" } });
    expect(audit.map((a) => a.outcome)).toEqual(["denied"]);

    // stopping it is still possible
    expect(await review({ doseEventId: s1.id, outcome: "stop", reason: "Ventricular ectopy since", password: PASSWORD })).toMatchObject({ ok: true });
  });

  test("the current picture shows the stop (two partial assessments, each a hold alone, together the combination): reassess refused", async () => {
    const { course, s1 } = await judgmentStopCourse();
    advanceClock(5 * MIN);
    // rows from before the fix: after the stop, SBP 85 alone, then HR 125 alone; no stop-tier hold for them
    const now = clock.now();
    for (const [values, minutesAgo] of [[{ sbpMmHg: 85 }, 2], [{ heartRateBpm: 125 }, 1]] as const) {
      await prisma.assessment.create({
        data: { courseId: course.id, recordedById: nurse.id, takenAt: new Date(now.getTime() - minutesAgo * MIN), recordedAt: new Date(now.getTime() - (minutesAgo - 1) * MIN), ...values },
      });
    }
    await signedInBrowser(attending);
    const out = await review({ doseEventId: s1.id, outcome: "reassess", reason: "r", password: PASSWORD });
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (!out.ok) expect(out.message).toMatch(/^Not reassessable: the current picture of the patient \(latest assessment .+\) shows a stop of its own — .+ — observed after this stop and recorded nowhere else/);
    expect(await prisma.holdReview.count({ where: { doseEventId: s1.id } })).toBe(0);
  });
});

describe("HIGH 2: an override is judged on the picture the attending signed", () => {
  test("mono: hold for SBP 85, signed override, then a back-dated assessment with creatinine 2.7 (the held one stays the latest): giving is no longer offered and record-dose refuses", async () => {
    const course = await makeCourse((await makePatient(unitId)).id, { protocol: "monotherapy", orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -4 });
    await signedInBrowser(nurse);
    // A: SBP 85, labs drawn 4 h ago
    const a = await assess(course.id, { sbpMmHg: "85" }, { minutesAgo: 5, labsMinutesAgo: 240 });
    expect(a.decision?.decision).toBe("hold");
    advanceClock(5 * MIN);
    const held = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: a.assessmentId, kind: "held", expectedSequence: 1, criteria: ["sbp-low"] }));
    expect(held).toMatchObject({ ok: true, data: { kind: "held", tier: "hold" } });
    if (!held.ok) return;

    advanceClock(2 * MIN);
    await signedInBrowser(attending);
    expect(await review({ doseEventId: held.data.doseEventId, outcome: "override", reason: "SBP 85 asymptomatic, on fluids", password: PASSWORD })).toMatchObject({ ok: true });
    // the override as signed is usable
    expect((await loadCourseView([unitId], course.id, clock.now()))?.actions).toMatchObject({ canGive: true, underOverride: true });

    // C: back-dated ("taken 35 min ago", before A), creatinine 2.7 — A stays the latest, the picture now has the creatinine
    advanceClock(3 * MIN);
    await signedInBrowser(nurse);
    const c = await recordAssessmentAction(null, formOf({ courseId: course.id, at: local(-35), creatinineMgDl: "2.7", "observedAt.creatinineMgDl": local(-35) }));
    expect(c).toMatchObject({ ok: true, data: { stopHold: null } });
    const view = await loadCourseView([unitId], course.id, clock.now());
    expect(view?.latestAssessment?.id).toBe(a.assessmentId);
    expect(view?.actions).toMatchObject({ canGive: false, underOverride: false });

    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: a.assessmentId, kind: "given", expectedSequence: 2, doseIu: 48_000_000 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    if (!out.ok) expect(out.message).toMatch(/^An assessment \(taken .+\) was recorded after the hold the attending overrode, at .+: the signed override covered only what was known at the hold\./);
    expect(await prisma.doseEvent.count({ where: { courseId: course.id, kind: "given" } })).toBe(0);
  });
});
