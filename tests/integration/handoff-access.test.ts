// The unit's handoff sheet leaves one access record per patient's sheet shown (review finding 7 of issue 14;
// decision 054, decision 060): each with its patient, written in one statement; a unit asked for that is not the
// user's is recorded as refused-scope and nothing is shown.
import { expect, test } from "vitest";
import { randomUUID } from "node:crypto";
import { followRedirect, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { recordSheetAccess } from "@/lib/db/access";
import UnitHandoffPage from "@/app/(clinical)/handoff/page";

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

const recordsOf = (userId: string) =>
  prisma.accessEvent.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { patientId: true, page: true, targetId: true, outcome: true, at: true } });

async function ward() {
  const unit = await makeUnit();
  const attending = await makeUser("attending", [unit.id]);
  const p1 = await makePatient(unit.id);
  const p2 = await makePatient(unit.id);
  const c1 = await makeCourse(p1.id, { orderedById: attending.id, status: "active" });
  const c2 = await makeCourse(p2.id, { orderedById: attending.id, status: "ordered" });
  return { unit, attending, p1, p2, c1, c2 };
}

test("the unit's sheet: one 'shown' record per course on it, each with its patient and the course id", async () => {
  const at = freezeClock(new Date("2026-12-02T22:50:00Z"));
  const w = await ward();
  await signedInBrowser(w.attending);
  expect(await open(() => UnitHandoffPage({ searchParams: Promise.resolve({ unit: w.unit.id }) }))).toBe("shown");
  const rows = await recordsOf(w.attending.id);
  expect(rows).toHaveLength(2);
  expect(rows).toEqual(
    expect.arrayContaining([
      { patientId: w.p1.id, page: "unit-handoff", targetId: w.c1.id, outcome: "shown", at },
      { patientId: w.p2.id, page: "unit-handoff", targetId: w.c2.id, outcome: "shown", at },
    ]),
  );
});

test("a unit that is not the user's: one refused-scope record naming the unit asked for, and the page is not found", async () => {
  const at = freezeClock(new Date("2026-12-02T22:51:00Z"));
  const w = await ward();
  const other = await ward();
  await signedInBrowser(w.attending);
  expect(await open(() => UnitHandoffPage({ searchParams: Promise.resolve({ unit: other.unit.id }) }))).toBe("not-found");
  expect(await recordsOf(w.attending.id)).toEqual([{ patientId: null, page: "unit-handoff", targetId: other.unit.id, outcome: "refused-scope", at }]);
});

test("recordSheetAccess writes all the rows in one statement; a course of another unit is recorded refused-scope", async () => {
  const at = new Date("2026-12-02T23:00:00Z");
  const w = await ward();
  const other = await ward();
  const outcome = await recordSheetAccess({ userId: w.attending.id, unitIds: [w.unit.id], roleAllows: true, page: "unit-handoff", askedUnitId: null, courseIds: [w.c1.id, other.c1.id, randomUUID()], at });
  expect(outcome).toBe("refused-scope");
  expect(await recordsOf(w.attending.id)).toEqual([
    { patientId: w.p1.id, page: "unit-handoff", targetId: w.c1.id, outcome: "shown", at },
    { patientId: other.p1.id, page: "unit-handoff", targetId: other.c1.id, outcome: "refused-scope", at },
  ]);
  // no course: one record of the page, without a patient
  expect(await recordSheetAccess({ userId: other.attending.id, unitIds: [other.unit.id], roleAllows: true, page: "unit-handoff", askedUnitId: null, courseIds: [], at })).toBe("shown");
  expect(await recordsOf(other.attending.id)).toEqual([{ patientId: null, page: "unit-handoff", targetId: null, outcome: "shown", at }]);
});
