import { describe, expect, test } from "vitest";
import { randomUUID } from "node:crypto";
import { followRedirect, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { freezeClock } from "./support/clock";
import { listPatientAccesses } from "@/lib/db/access";
import { ACCESS_PAGE_SIZE } from "@/lib/views/access";
import CoursePage from "@/app/(clinical)/courses/[courseId]/page";
import VerifyOrderPage from "@/app/(clinical)/verifications/orders/[courseId]/page";
import VerifyCountsPage from "@/app/(clinical)/verifications/counts/[courseId]/page";
import ReviewsPage from "@/app/(clinical)/reviews/page";
import VerificationsPage from "@/app/(clinical)/verifications/page";
import AdminPage from "@/app/(clinical)/admin/page";
import PatientAccessPage from "@/app/(clinical)/admin/access/page";

// Issue 12, item 3 (decision 054): opening a course, a verification, a review queue or the audit log leaves an
// access record, refused pages too; the administrator lists a patient's accesses, and that look is recorded.

/** Runs a page; "not-found" when it called notFound(), the redirect target, or "shown". */
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

const courseParams = (courseId: string) => ({ params: Promise.resolve({ courseId }) });
const noSearch = { searchParams: Promise.resolve({}) };

async function ward() {
  const unit = await makeUnit();
  const attending = await makeUser("attending", [unit.id]);
  const patient = await makePatient(unit.id);
  const course = await makeCourse(patient.id, { orderedById: attending.id });
  return { unit, attending, patient, course };
}

const recordsOf = (userId: string) =>
  prisma.accessEvent.findMany({ where: { userId }, orderBy: { id: "asc" }, select: { patientId: true, page: true, targetId: true, outcome: true, at: true } });

describe("access records", () => {
  test("an attending opening a course leaves one record: user, patient, time, page and id; the admin's list shows it", async () => {
    const at = freezeClock(new Date("2026-03-02T22:50:00Z"));
    const w = await ward();
    await signedInBrowser(w.attending);
    expect(await open(() => CoursePage(courseParams(w.course.id)))).toBe("shown");
    expect(await recordsOf(w.attending.id)).toEqual([{ patientId: w.patient.id, page: "course", targetId: w.course.id, outcome: "shown", at }]);

    const admin = await makeUser("admin", []);
    await signedInBrowser(admin);
    expect(await open(() => PatientAccessPage({ searchParams: Promise.resolve({ patient: w.patient.mrn }) }))).toBe("shown");
    const list = await listPatientAccesses(w.patient.mrn, 1);
    expect(list.patient).toMatchObject({ mrn: w.patient.mrn, timeZone: "UTC" });
    // newest first: the admin's look at the list, then the attending's opening of the course
    expect(list.rows.map((r) => [r.userName, r.userRole, r.page, r.outcome])).toEqual([
      [admin.name, "admin", "access-log", "shown"],
      [w.attending.name, "attending", "course", "shown"],
    ]);
    expect(list.rows[1]!.targetId).toBe(w.course.id);
  });

  test("an out-of-unit course is refused (not found) and leaves a refused-scope record naming the patient", async () => {
    const mine = await ward();
    const other = await ward();
    await signedInBrowser(mine.attending);
    expect(await open(() => CoursePage(courseParams(other.course.id)))).toBe("not-found");
    expect(await recordsOf(mine.attending.id)).toMatchObject([{ patientId: other.patient.id, page: "course", targetId: other.course.id, outcome: "refused-scope" }]);
    const list = await listPatientAccesses(other.patient.mrn, 1);
    expect(list.rows.map((r) => [r.userName, r.outcome])).toEqual([[mine.attending.name, "refused-scope"]]);
  });

  test("an unknown course id and a malformed one are recorded as not found, with no patient", async () => {
    const w = await ward();
    await signedInBrowser(w.attending);
    const unknown = randomUUID();
    expect(await open(() => CoursePage(courseParams(unknown)))).toBe("not-found");
    expect(await open(() => CoursePage(courseParams("not-a-uuid'; DROP TABLE x")))).toBe("not-found");
    expect(await recordsOf(w.attending.id)).toMatchObject([
      { patientId: null, page: "course", targetId: unknown, outcome: "not-found" },
      { patientId: null, page: "course", targetId: "not-a-uuid'; DROP TABLE x", outcome: "not-found" },
    ]);
  });

  test("a pharmacist's verification pages and queue are recorded; a nurse refused the order verification is recorded with the patient", async () => {
    const w = await ward();
    const pharmacist = await makeUser("pharmacist", [w.unit.id]);
    await signedInBrowser(pharmacist);
    expect(await open(() => VerificationsPage(noSearch))).toBe("shown");
    expect(await open(() => VerifyOrderPage(courseParams(w.course.id)))).toBe("shown");
    expect(await open(() => VerifyCountsPage(courseParams(w.course.id)))).toBe("shown");
    expect((await recordsOf(pharmacist.id)).map((r) => [r.page, r.patientId, r.outcome])).toEqual([
      ["verification-queue", null, "shown"],
      ["order-verification", w.patient.id, "shown"],
      ["count-verification", w.patient.id, "shown"],
    ]);

    const nurse = await makeUser("nurse", [w.unit.id]);
    await signedInBrowser(nurse);
    expect(await open(() => VerifyOrderPage(courseParams(w.course.id)))).toBe("/board?denied=1");
    expect(await recordsOf(nurse.id)).toMatchObject([{ page: "order-verification", patientId: w.patient.id, outcome: "refused-role" }]);
  });

  test("the review queue and the audit log are recorded; a refused look at the audit log too", async () => {
    const w = await ward();
    await signedInBrowser(w.attending);
    expect(await open(() => ReviewsPage(noSearch))).toBe("shown");
    expect(await recordsOf(w.attending.id)).toMatchObject([{ page: "review-queue", patientId: null, outcome: "shown" }]);

    const admin = await makeUser("admin", []);
    await signedInBrowser(admin);
    expect(await open(() => AdminPage(noSearch))).toBe("shown");
    expect(await recordsOf(admin.id)).toMatchObject([{ page: "audit-log", outcome: "shown" }]);

    const pharmacist = await makeUser("pharmacist", [w.unit.id]);
    await signedInBrowser(pharmacist);
    expect(await open(() => AdminPage(noSearch))).toBe("/verifications?denied=1");
    expect(await recordsOf(pharmacist.id)).toMatchObject([{ page: "audit-log", outcome: "refused-role" }]);
  });

  test("the access list: only an administrator; a nurse is sent home and her attempt is recorded against the patient", async () => {
    const w = await ward();
    const nurse = await makeUser("nurse", [w.unit.id]);
    await signedInBrowser(nurse);
    expect(await open(() => PatientAccessPage({ searchParams: Promise.resolve({ patient: w.patient.mrn }) }))).toBe("/board?denied=1");
    expect(await recordsOf(nurse.id)).toMatchObject([{ page: "access-log", patientId: w.patient.id, targetId: w.patient.mrn, outcome: "refused-role" }]);

    const admin = await makeUser("admin", []);
    await signedInBrowser(admin);
    // an unknown MRN is answered on the page (no patient), and recorded as not found
    expect(await open(() => PatientAccessPage({ searchParams: Promise.resolve({ patient: "NO-SUCH-MRN" }) }))).toBe("shown");
    expect(await recordsOf(admin.id)).toMatchObject([{ page: "access-log", patientId: null, targetId: "NO-SUCH-MRN", outcome: "not-found" }]);
    expect((await listPatientAccesses("NO-SUCH-MRN", 1)).patient).toBeNull();
  });

  test("the list pages newest first, ACCESS_PAGE_SIZE a page", async () => {
    const w = await ward();
    const base = new Date("2026-03-01T08:00:00Z").getTime();
    await prisma.accessEvent.createMany({
      data: Array.from({ length: ACCESS_PAGE_SIZE + 3 }, (_, i) => ({
        at: new Date(base + i * 60_000), userId: w.attending.id, patientId: w.patient.id, page: "course", targetId: w.course.id, outcome: "shown",
      })),
    });
    const first = await listPatientAccesses(w.patient.mrn, 1);
    const second = await listPatientAccesses(w.patient.mrn, 2);
    expect([first.total, first.pageCount, first.rows.length, second.rows.length]).toEqual([ACCESS_PAGE_SIZE + 3, 2, ACCESS_PAGE_SIZE, 3]);
    expect(first.rows[0]!.at.getTime()).toBe(base + (ACCESS_PAGE_SIZE + 2) * 60_000);
    expect(second.rows.at(-1)!.at.getTime()).toBe(base);
    expect((await listPatientAccesses(w.patient.mrn, 99)).page).toBe(2);
  });

  test("append-only: the app's connection can neither change nor remove an access record", async () => {
    const w = await ward();
    await signedInBrowser(w.attending);
    await open(() => CoursePage(courseParams(w.course.id)));
    const [row] = await prisma.accessEvent.findMany({ where: { userId: w.attending.id } });
    await expect(prisma.accessEvent.update({ where: { id: row!.id }, data: { outcome: "refused-scope" } })).rejects.toThrow();
    await expect(prisma.accessEvent.delete({ where: { id: row!.id } })).rejects.toThrow();
    await expect(prisma.$executeRawUnsafe(`UPDATE "AccessEvent" SET "userId" = NULL WHERE id = ${row!.id}`)).rejects.toThrow();
    await expect(prisma.$executeRawUnsafe(`TRUNCATE "AccessEvent"`)).rejects.toThrow(/append-only/);
    expect(await recordsOf(w.attending.id)).toMatchObject([{ outcome: "shown" }]);
  });
});
