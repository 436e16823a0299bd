import { describe, expect, test } from "vitest";
import { followRedirect, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { loadCourseReplay } from "@/lib/db/queries/replay";
import { replayCourse } from "@/lib/domain/replay";
import ReplayPage from "@/app/(clinical)/courses/[courseId]/replay/page";

// Issue 14 item 5: the replay page records its access like every course page (decision 054), reads only courses on
// the user's units, and replays the stored rows (Decimals, reviews, entered-in-error events) through lib/domain/replay.

async function open(call: () => Promise<unknown>): Promise<string> {
  try {
    const out = await followRedirect(call);
    return "redirectedTo" in out ? out.redirectedTo : "shown";
  } catch (e) {
    const digest = (e as { digest?: string }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_HTTP_ERROR_FALLBACK;404")) return "not-found";
    throw e;
  }
}

const props = (courseId: string, rules?: string) => ({ params: Promise.resolve({ courseId }), searchParams: Promise.resolve(rules ? { rules } : {}) });

/**
 * A TIL 1.0.0 course at 80 kg (cells 20 h ago): dose 1 given 16 h ago; the next held 8 h ago for urine output
 * 300 mL over 8 h = 37.5 mL/h = 0.47 mL/kg/h (< 0.5 → TIL hold; monotherapy judges 37.5 mL/h ≥ 20 → no finding);
 * a "given" 4 h ago marked entered in error.
 */
async function ward() {
  const unit = await makeUnit();
  const attending = await makeUser("attending", [unit.id]);
  const nurse = await makeUser("nurse", [unit.id]);
  const patient = await makePatient(unit.id);
  const course = await makeCourse(patient.id, { orderedById: attending.id, anchorHoursFromNow: -20 });
  const a1 = await makeAssessment(course.id, nurse.id, { minutesAgo: 16 * 60 + 20, labsMinutesAgo: 17 * 60 });
  const a2 = await makeAssessment(course.id, nurse.id, { minutesAgo: 8 * 60 + 20, labsMinutesAgo: 9 * 60, values: { urineOutputMl: 300 } });
  await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 16, assessmentId: a1.id });
  await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 8, criteria: ["urine-output-low"], assessmentId: a2.id });
  const wrong = await makeDoseEvent(course.id, nurse.id, { sequence: 3, kind: "given", hoursAgo: 4 });
  await prisma.doseEvent.update({ where: { id: wrong.id }, data: { status: "entered_in_error", enteredInErrorAt: new Date(), enteredInErrorReason: "wrong patient" } });
  return { unit, attending, patient, course };
}

describe("course replay page and reader", () => {
  test("an attending's replay is shown and recorded as a course-replay access; the stored rows replay under monotherapy", async () => {
    freezeClock(new Date("2026-03-02T22:50:00Z"));
    const w = await ward();
    await signedInBrowser(w.attending);
    expect(await open(() => ReplayPage(props(w.course.id, "mono-2014@1.1.0")))).toBe("shown");
    expect(await prisma.accessEvent.findMany({ where: { userId: w.attending.id }, select: { page: true, targetId: true, outcome: true } }))
      .toEqual([{ page: "course-replay", targetId: w.course.id, outcome: "shown" }]);

    const loaded = await loadCourseReplay([w.unit.id], w.course.id);
    expect(loaded?.record.events.map((e) => e.status)).toEqual(["active", "active", "entered_in_error"]);
    const result = replayCourse(loaded!.record, { id: "mono-2014", version: "1.1.0" });
    // the entered-in-error event is left out: two dose rows; the hold at −8 h is a give under monotherapy (dose 2)
    expect(result.rows.map((r) => [r.recorded.outcome, r.alternative.decision, r.alternative.doseNumber])).toEqual([["given", "give", 1], ["held", "give", 2]]);
    expect(result.ignoredEvents).toBe(1);
  });

  test("a course on another unit: not found, a refused-scope record, and the reader returns nothing", async () => {
    const mine = await ward();
    const other = await ward();
    await signedInBrowser(mine.attending);
    expect(await open(() => ReplayPage(props(other.course.id)))).toBe("not-found");
    expect(await prisma.accessEvent.findMany({ where: { userId: mine.attending.id }, select: { page: true, outcome: true } }))
      .toEqual([{ page: "course-replay", outcome: "refused-scope" }]);
    expect(await loadCourseReplay([mine.unit.id], other.course.id)).toBeNull();
    expect(await loadCourseReplay([mine.unit.id], "not-a-uuid")).toBeNull();
  });
});
