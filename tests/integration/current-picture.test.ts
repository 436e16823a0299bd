// Issue 10, observation 7: an assessment with only SBP became "the latest" and hid the complete one taken a minute
// before (decision incomplete). The decision for a course now is made on the current picture: the latest value of
// each field among the active assessments, each with its own time (lib/domain/current-assessment.ts, decision 042).
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { advanceClock, freezeClock } from "./support/clock";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { recordAssessmentAction } from "@/lib/actions/record-assessment";
import { recordDoseAction } from "@/lib/actions/record-dose";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { loadBoard } from "@/lib/db/queries/board";
import { listReviewQueue } from "@/lib/db/queries/reviews";
import { toUnitLocalInput } from "@/lib/time";
import * as clock from "@/lib/clock";

let unitId: string;
let nurse: { id: string };
let attending: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});

const local = (minutesFromNow: number) => toUnitLocalInput(new Date(clock.now().getTime() + minutesFromNow * 60_000), "UTC");
const LABS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;

/** A complete assessment as the form submits it, taken `minutesAgo` ago, labs drawn an hour ago. */
function completeForm(courseId: string, o: { minutesAgo?: number; values?: Record<string, string> } = {}) {
  return formOf({
    courseId, at: local(-(o.minutesAgo ?? 3)), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
    urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
    otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
    bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
    ...Object.fromEntries(LABS.map((l) => [`observedAt.${l}`, local(-60)])),
    ...o.values,
  });
}

/** Only the systolic blood pressure, taken `minutesAgo` ago. */
const sbpOnlyForm = (courseId: string, sbp: string, minutesAgo = 1) => formOf({ courseId, at: local(-minutesAgo), sbpMmHg: sbp });

/** A verified TIL course whose first-dose window is open (cells ended 4 h ago). */
const openTilCourse = async () =>
  makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -4 });

async function recorded(form: FormData): Promise<string> {
  const out = await recordAssessmentAction(null, form);
  if (!out.ok) throw new Error(`assessment not recorded: ${JSON.stringify(out)}`);
  return out.data.assessmentId;
}

describe("a partial assessment never hides the values of a fuller one", () => {
  test("complete (3 min ago), then only SBP (1 min ago): the course page, the board and record-dose decide give on all fields, and the dose links to the latest assessment", async () => {
    const course = await openTilCourse();
    await signedInBrowser(nurse);
    const fullId = await recorded(completeForm(course.id));
    const partial = await recordAssessmentAction(null, sbpOnlyForm(course.id, "118"));
    // the nurse is told the decision on the picture, not "incomplete" on the SBP alone
    expect(partial).toMatchObject({ ok: true, data: { decision: { decision: "give", missing: [], stale: [] }, stopHold: null } });
    if (!partial.ok) return;
    const partialId = partial.data.assessmentId;

    const view = await loadCourseView([unitId], course.id, clock.now());
    expect(view?.latestAssessment?.id).toBe(partialId);
    expect(view?.decision).toMatchObject({ decision: "give", missing: [], stale: [] });
    expect(view?.actions?.canGive).toBe(true);
    // which value came from which assessment, each with its own time
    const byField = new Map(view?.picture?.fields.map((f) => [f.field, f]));
    expect(byField.get("sbpMmHg")).toMatchObject({ value: 118, assessmentId: partialId, fromLatest: true, label: "Systolic blood pressure", unit: "mmHg" });
    expect(byField.get("heartRateBpm")).toMatchObject({ value: 96, assessmentId: fullId, fromLatest: false });
    const fullRow = await prisma.assessment.findUniqueOrThrow({ where: { id: fullId } });
    expect(byField.get("heartRateBpm")?.observedAt).toEqual(fullRow.takenAt);
    expect(byField.get("creatinineMgDl")?.observedAt).toEqual(fullRow.labsAt);
    // the same picture, as the engine is sent it, for the form's preview: the older values with their own time
    expect(view?.pictureRequest).toMatchObject({ sbpMmHg: 118, heartRateBpm: 96, observedAt: { heartRateBpm: fullRow.takenAt.toISOString() } });

    const board = await loadBoard([unitId], clock.now());
    expect(board.find((r) => r.courseId === course.id)?.decision?.decision).toBe("give");

    const given = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: partialId, kind: "given", expectedSequence: 1, doseIu: 48_000_000 }));
    expect(given).toMatchObject({ ok: true, data: { kind: "given", sequence: 1 } });
    const event = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id, sequence: 1 } });
    expect(event).toMatchObject({ kind: "given", engineDecision: "give", assessmentId: partialId });
    // the stored snapshot is what was decided: on the picture (nothing missing)
    expect(event.decisionSnapshot).toMatchObject({ decision: "give", missing: [] });
  });

  test("a dose posted on the older, complete assessment is a conflict: the latest is the one the nurse must see", async () => {
    const course = await openTilCourse();
    await signedInBrowser(nurse);
    const fullId = await recorded(completeForm(course.id));
    await recorded(sbpOnlyForm(course.id, "118"));
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: fullId, kind: "given", expectedSequence: 1, doseIu: 48_000_000 }));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT" });
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a newer SBP still decides: SBP 84 alone after a complete assessment holds (sbp-low), on the page and for record-dose", async () => {
    const course = await openTilCourse();
    await signedInBrowser(nurse);
    await recorded(completeForm(course.id));
    const partialId = await recorded(sbpOnlyForm(course.id, "84"));
    const view = await loadCourseView([unitId], course.id, clock.now());
    expect(view?.decision?.decision).toBe("hold");
    expect(view?.decision?.findings.map((f) => f.criterion)).toEqual(["sbp-low"]);
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: partialId, kind: "given", expectedSequence: 1, doseIu: 48_000_000 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
  });

  test("after a hold, values observed before it stay stale for the held dose: SBP alone re-decides nothing, the dose cannot be given", async () => {
    freezeClock();
    const course = await openTilCourse();
    await signedInBrowser(nurse);
    const lowId = await recorded(completeForm(course.id, { minutesAgo: 5, values: { sbpMmHg: "84" } }));
    const held = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: lowId, kind: "held", expectedSequence: 1, criteria: ["sbp-low"] }));
    expect(held).toMatchObject({ ok: true, data: { kind: "held" } });

    // 2 min later, a new SBP observed after the hold (fresh for the held dose), nothing else
    advanceClock(2 * 60_000);
    const partialId = await recorded(sbpOnlyForm(course.id, "110", 0));
    const view = await loadCourseView([unitId], course.id, clock.now());
    expect(view?.decision?.decision).toBe("incomplete");
    // the older values keep their own (pre-hold) time and are set aside by name; the new SBP (timed by `at`) is not
    expect(view?.decision?.stale).toEqual(expect.arrayContaining(["heartRateBpm", "urineOutputMl", "mentalStatus"]));
    expect(view?.decision?.stale).not.toContain("at");
    expect(view?.decision?.stale).not.toContain("sbpMmHg");
    // labs are on their own clock: a hold does not make them stale
    expect(view?.decision?.stale).not.toContain("creatinineMgDl");
    const out = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: partialId, kind: "given", expectedSequence: 2, doseIu: 48_000_000 }));
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(/^Cannot give: too old: /);
  });

  test("a stop shown by a back-dated assessment is still recorded, though a newer value of the picture is normal", async () => {
    const course = await openTilCourse();
    await signedInBrowser(nurse);
    await recorded(completeForm(course.id, { minutesAgo: 2 }));
    const late = await recordAssessmentAction(null, formOf({ courseId: course.id, at: local(-20), mentalStatus: "coma" }));
    expect(late).toMatchObject({ ok: true, data: { stopHold: { tier: "stop" } } });
    if (!late.ok) return;
    const event = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    expect(event).toMatchObject({ kind: "held", tier: "stop", engineDecision: "stop", assessmentId: late.data.assessmentId });
  });

  test("the review queue compares the protocols on the picture the hold was decided on, not on the SBP alone", async () => {
    const course = await openTilCourse();
    await signedInBrowser(nurse);
    await recorded(completeForm(course.id));
    const partialId = await recorded(sbpOnlyForm(course.id, "84"));
    const held = await recordDoseAction(null, formOf({ courseId: course.id, assessmentId: partialId, kind: "held", expectedSequence: 1, criteria: ["sbp-low"] }));
    expect(held).toMatchObject({ ok: true });
    const item = (await listReviewQueue([unitId])).find((i) => i.course.id === course.id);
    expect(item?.decisionAtTheTime?.decision).toBe("hold");
    // both sides judged every field: nothing missing, SBP 84 below both limits (target 90; monotherapy 90)
    expect(item?.comparison?.["til-adjunct"]).toMatchObject({ decision: "hold", missing: [] });
    expect(item?.comparison?.monotherapy).toMatchObject({ decision: "hold", missing: [] });
  });
});
