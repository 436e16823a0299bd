// The handoff sheets on real rows (lib/db/queries/handoff.ts → lib/domain/handoff.ts): the unit sheet holds every
// open course of the units asked for and nothing else, and each sheet's status is the course page's heading on the
// same rows (never a contradiction between the paper and the screen).
import { beforeAll, beforeEach, expect, test } from "vitest";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { loadCourseHandoff, loadUnitHandoff } from "@/lib/db/queries/handoff";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { courseDoseStatus, doseStatusText } from "@/lib/domain/status";

const T0 = new Date("2026-12-01T21:00:00Z");
let unitId: string;
let otherUnitId: string;
let attending: { id: string };
let nurse: { id: string };
let pharmacist: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit(undefined, "UTC")).id;
  otherUnitId = (await makeUnit(undefined, "UTC")).id;
  attending = await makeUser("attending", [unitId]);
  nurse = await makeUser("nurse", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});
beforeEach(() => freezeClock(T0));

async function course(o: { unit?: string; givenHoursAgo?: number; status?: "active" | "ordered" | "closed"; family?: string } = {}) {
  const patient = await makePatient(o.unit ?? unitId);
  if (o.family) await prisma.patient.update({ where: { id: patient.id }, data: { familyName: o.family } });
  const c = await makeCourse(patient.id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -12, status: o.status ?? "active" });
  if (o.givenHoursAgo !== undefined) await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: o.givenHoursAgo });
  return c;
}

/** The course page's heading for the course (app/(clinical)/courses/[courseId]/page.tsx). */
async function coursePageHeading(courseId: string): Promise<string> {
  const view = (await loadCourseView([unitId], courseId, T0))!;
  return doseStatusText(courseDoseStatus({ course: view.course, events: view.course.doseEvents, decision: view.decision, actions: view.actions, hasAssessment: view.latestAssessment !== null, now: T0 }), "UTC", T0).label;
}

test("the unit sheet: every ordered or active course of the unit, by name; no closed course, no other unit's", async () => {
  const b = await course({ family: "Bianchi", givenHoursAgo: 9 });
  const a = await course({ family: "Abara", status: "ordered" });
  const closed = await course({ family: "Aaron", status: "closed" });
  const elsewhere = await course({ family: "Aalto", unit: otherUnitId });
  const ids = (await loadUnitHandoff([unitId], T0)).map((s) => s.courseId);
  expect(ids).toContain(a.id);
  expect(ids).toContain(b.id);
  expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
  expect(ids).not.toContain(closed.id);
  expect(ids).not.toContain(elsewhere.id);
  expect(await loadUnitHandoff([], T0)).toEqual([]);
});

test("one course's sheet only on the user's units; a closed course's sheet says it is closed", async () => {
  const elsewhere = await course({ unit: otherUnitId });
  expect(await loadCourseHandoff([unitId], elsewhere.id, T0)).toBeNull();
  expect(await loadCourseHandoff([unitId], "not-a-uuid", T0)).toBeNull();
  const closed = await course({ status: "closed" });
  expect((await loadCourseHandoff([unitId], closed.id, T0))?.status.label).toBe("Course closed");
});

test("overdue, held for review, with the pharmacist: each sheet says what the course page says", async () => {
  const overdue = await course({ givenHoursAgo: 9 });
  await makeAssessment(overdue.id, nurse.id, { minutesAgo: 10 });
  const held = await course({ givenHoursAgo: 10 });
  const a = await makeAssessment(held.id, nurse.id, { minutesAgo: 70, values: { urineOutputMl: 200 } });
  await makeDoseEvent(held.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 1, criteria: ["urine-output-low"], assessmentId: a.id });
  const ordered = await course({ givenHoursAgo: 9, status: "ordered" });

  const sheets = new Map((await loadUnitHandoff([unitId], T0)).map((s) => [s.courseId, s]));
  expect(sheets.get(overdue.id)?.nextDue.text).toBe("Overdue: was due 20:00");
  expect(sheets.get(held.id)?.status.label).toBe("Held — waiting for attending review");
  expect(sheets.get(held.id)?.lastEvents[0]).toMatchObject({ what: "held", reasons: ["Urine output low"], review: "Waiting for attending review" });
  expect(sheets.get(held.id)?.waits[0]).toEqual({ who: "Attending", what: "Review the hold (dose 2, recorded 20:00)" });
  expect(sheets.get(ordered.id)?.waits[0]?.who).toBe("Pharmacist");
  for (const c of [overdue, held, ordered]) {
    expect(sheets.get(c.id)?.status.label).toBe(await coursePageHeading(c.id));
    expect((await loadCourseHandoff([unitId], c.id, T0))?.status.label).toBe(await coursePageHeading(c.id));
  }
});
