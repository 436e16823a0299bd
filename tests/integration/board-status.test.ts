// The unit board's dose status (lib/db/queries/board.ts → lib/domain/status.ts) on real rows: a held patient is never
// overdue; a patient whose dose could be given and is past due is; an order back with the pharmacist is neither.
import { beforeAll, beforeEach, expect, test } from "vitest";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { loadBoard } from "@/lib/db/queries/board";
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
