// The unit board's dose status (lib/db/queries/board.ts → lib/domain/status.ts) on real rows: a held patient is never
// overdue; a patient whose dose could be given and is past due is; an order back with the pharmacist is neither.
import { beforeAll, beforeEach, expect, test } from "vitest";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { loadBoard } from "@/lib/db/queries/board";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { courseDoseStatus } from "@/lib/domain/status";
import { doseStatusText } from "@/lib/domain/status";

const T0 = new Date("2026-12-01T21:00:00Z");
let unitId: string;
let attending: { id: string };
let nurse: { id: string };
let pharmacist: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit(undefined, "UTC")).id;
  attending = await makeUser("attending", [unitId]);
  nurse = await makeUser("nurse", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});
beforeEach(() => freezeClock(T0));

/** TIL (cells ended 12 h ago), dose 1 given `givenHoursAgo`: dose 2 is due 8 h after it. */
async function course(givenHoursAgo: number, status: "active" | "ordered" = "active") {
  const c = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -12, status });
  await makeDoseEvent(c.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: givenHoursAgo });
  return c;
}
const rowOf = async (courseId: string) => (await loadBoard([unitId], T0)).find((r) => r.courseId === courseId)!;

test("dose 2 due an hour ago on a fresh, well assessment: overdue", async () => {
  const c = await course(9);
  await makeAssessment(c.id, nurse.id, { minutesAgo: 10 });
  const row = await rowOf(c.id);
  expect(row.doseStatus).toMatchObject({ kind: "overdue", doseNumber: 2 });
  expect(doseStatusText(row.doseStatus, "UTC", T0).label).toBe("Overdue — dose 2 was due 20:00");
});

test("dose 2 due two hours ago and held an hour ago: 'Held — waiting for attending review', never overdue", async () => {
  const c = await course(10);
  const a = await makeAssessment(c.id, nurse.id, { minutesAgo: 70, values: { urineOutputMl: 200 } });
  await makeDoseEvent(c.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 1, criteria: ["urine-output-low"], assessmentId: a.id });
  const row = await rowOf(c.id);
  expect(row.doseStatus.kind).toBe("held-review");
  expect(doseStatusText(row.doseStatus, "UTC", T0).label).toBe("Held — waiting for attending review");
});

test("an order back with the pharmacist, past the due time: 'Order not yet verified', not overdue", async () => {
  const c = await course(9, "ordered");
  await makeAssessment(c.id, nurse.id, { minutesAgo: 10 });
  expect((await rowOf(c.id)).doseStatus).toEqual({ kind: "verify-order" });
});

test("a new assessment that still says hold after a hold: the board asks for the hold to be recorded, as the course page's buttons do", async () => {
  const c = await course(10);
  const a = await makeAssessment(c.id, nurse.id, { minutesAgo: 70, values: { sbpMmHg: 80 } });
  await makeDoseEvent(c.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 1, criteria: ["sbp-low"], assessmentId: a.id });
  await makeAssessment(c.id, nurse.id, { minutesAgo: 5, values: { sbpMmHg: 82 } });
  const row = await rowOf(c.id);
  const view = (await loadCourseView([unitId], c.id, T0))!;
  expect(view.decision?.decision).toBe("hold");
  expect(view.actions?.canHold).toBe(true);
  // one status from one function with the same actions: the board and the course page's heading agree
  const onPage = courseDoseStatus({ course: view.course, events: view.course.doseEvents, decision: view.decision, actions: view.actions, hasAssessment: true, now: T0 });
  expect(row.doseStatus).toEqual(onPage);
  expect(row.doseStatus.kind).toBe("hold");
});
