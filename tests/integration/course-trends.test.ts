// Issue 14, item 1: the course page's trends are built from what loadCourseView reads — the course's active
// assessments (an entered-in-error one gives no point) and its events — through lib/domain/trends.ts courseTrends,
// against the real PostgreSQL (Decimals as Prisma hands them over: 75.6 kg over 72 kg = 5.0 %).
import { beforeAll, expect, test } from "vitest";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { courseTrends } from "@/lib/domain/trends";
import * as clock from "@/lib/clock";

let unitId: string;
let nurse: { id: string };
let attending: { id: string };

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
});

test("loadCourseView hands the page the active assessments; the trends take each value once, at its own time", async () => {
  const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -10 });
  await prisma.course.update({ where: { id: course.id }, data: { dosingWeightKg: 70, baselineWeightKg: 72 } });
  const now = clock.now();
  const ago = (h: number) => new Date(now.getTime() - h * 3_600_000);
  const base = { courseId: course.id, recordedById: nurse.id, permanentEvents: [] as string[] };
  await prisma.assessment.create({ data: { ...base, takenAt: ago(6), recordedAt: ago(6), sbpMmHg: 110, urineOutputMl: 240, urineOutputHours: 4, weightKg: 75.6 } });
  await prisma.assessment.create({ data: { ...base, takenAt: ago(4), recordedAt: ago(4), sbpMmHg: 60, status: "entered_in_error", enteredInErrorAt: ago(3.5), enteredInErrorById: nurse.id, enteredInErrorReason: "wrong patient" } });
  await prisma.assessment.create({ data: { ...base, takenAt: ago(2), recordedAt: ago(2), sbpMmHg: 104 } });

  const view = await loadCourseView([unitId], course.id, now);
  expect(view?.assessments.map((a) => a.sbpMmHg)).toEqual([104, 110]);
  const trends = courseTrends({ course: view!.course, assessments: view!.assessments, events: view!.course.doseEvents });
  const series = (id: string) => trends.measures.find((m) => m.id === id)!.series[0]!.points;
  expect(series("sbp").map((p) => [p.at, p.value])).toEqual([[ago(6), 110], [ago(2), 104]]);
  expect(series("urine-per-kg").map((p) => p.shown)).toEqual(["0.857"]);
  expect(series("weight-gain").map((p) => p.shown)).toEqual(["5.0"]);
});
