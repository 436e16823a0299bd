import { describe, expect, test } from "vitest";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { loadBoard } from "@/lib/db/queries/board";
import { listReviewQueue } from "@/lib/db/queries/reviews";
import { listCountsAwaitingVerification } from "@/lib/db/queries/verifications";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { formOf, signedInBrowser } from "./support/request-context";

// Decision 057 (issue 13): the board, the review queue and the count report find their rows through indexes
// (a partial index, SQL that narrows years of rows to the candidates) before loading them. These pin down that the
// narrowing changes nothing: the same courses, events and reasons as the rules give, and nothing of another unit.

async function setting() {
  const unit = (await makeUnit()).id;
  const other = (await makeUnit()).id;
  const nurse = await makeUser("nurse", [unit, other]);
  const attending = await makeUser("attending", [unit, other]);
  const pharmacist = await makeUser("pharmacist", [unit, other]);
  const course = async (o: { unit?: string; status?: "ordered" | "active" | "closed" } = {}) =>
    makeCourse((await makePatient(o.unit ?? unit)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -30, status: o.status ?? "active" });
  return { unit, other, nurse, attending, pharmacist, course };
}

const JUDGMENT = { needsAttendingReview: true, findings: [{ criterion: "infection", judgment: true, tier: "hold" }] };

describe("the board finds the open courses through the one-open-course index", () => {
  test("ordered and active courses of the unit, never a closed one or another unit's", async () => {
    const s = await setting();
    const ordered = await s.course({ status: "ordered" });
    const active = await s.course({ status: "active" });
    await makeDoseEvent(active.id, s.nurse.id, { sequence: 1, kind: "given", hoursAgo: 20 });
    const closed = await s.course({ status: "closed" });
    await makeDoseEvent(closed.id, s.nurse.id, { sequence: 1, kind: "given", hoursAgo: 25 });
    await s.course({ unit: s.other });

    const rows = await loadBoard([s.unit], new Date());
    expect(rows.map((r) => r.courseId).sort()).toEqual([ordered.id, active.id].sort());
    expect(Object.fromEntries(rows.map((r) => [r.courseId, r.status]))).toEqual({ [ordered.id]: "ordered", [active.id]: "active" });
    expect((await loadBoard([s.unit, s.other], new Date())).length).toBe(3);
  });
});

describe("the review queue finds the waiting events through the partial index", () => {
  test("unreviewed holds and judgment findings (both snapshot shapes) of the unit; never a reviewed, corrected, signed or clean event", async () => {
    const s = await setting();
    const one = async (kind: "given" | "held" | "stopped", o: { unit?: string; snapshot?: object } = {}) => {
      const c = await s.course({ unit: o.unit });
      const e = await makeDoseEvent(c.id, s.nurse.id, { sequence: 1, kind, hoursAgo: 6, criteria: kind === "given" ? [] : ["sbp-low"] });
      if (o.snapshot) await prisma.doseEvent.update({ where: { id: e.id }, data: { decisionSnapshot: o.snapshot } });
      return e;
    };
    const held = await one("held");
    const stopped = await one("stopped");
    const judgment = await one("given", { snapshot: JUDGMENT });
    const judgmentWrapped = await one("given", { snapshot: { ok: true, result: JUDGMENT } });
    await one("given"); // a clean given dose
    await one("given", { snapshot: { needsAttendingReview: false, findings: JUDGMENT.findings } });
    const reviewed = await one("held");
    await prisma.holdReview.create({ data: { doseEventId: reviewed.id, attendingId: s.attending.id, outcome: "confirm", signatureMeaning: "Reviewed: hold confirmed", signedAt: new Date() } });
    const corrected = await one("held");
    await prisma.doseEvent.update({ where: { id: corrected.id }, data: { status: "entered_in_error", enteredInErrorAt: new Date(), enteredInErrorById: s.nurse.id, enteredInErrorReason: "wrong patient" } });
    const signed = await one("held");
    const review = await prisma.holdReview.create({ data: { doseEventId: signed.id, attendingId: s.attending.id, outcome: "stop", signatureMeaning: "Reviewed: IL-2 stopped for this course", signedAt: new Date() } });
    await makeDoseEvent(signed.courseId, s.attending.id, { sequence: 2, kind: "stopped", hoursAgo: 5 }).then((e) => prisma.doseEvent.update({ where: { id: e.id }, data: { authorizedByReviewId: review.id } }));
    const elsewhere = await one("held", { unit: s.other });

    const ids = (await listReviewQueue([s.unit])).map((i) => i.event.id).sort();
    expect(ids).toEqual([held.id, stopped.id, judgment.id, judgmentWrapped.id].sort());
    expect((await listReviewQueue([s.other])).map((i) => i.event.id)).toEqual([elsewhere.id]);
  });

  test("a unit with nothing waiting answers an empty queue", async () => {
    const s = await setting();
    const c = await s.course();
    await makeDoseEvent(c.id, s.nurse.id, { sequence: 1, kind: "given", hoursAgo: 6 });
    expect(await listReviewQueue([s.unit])).toEqual([]);
  });
});

describe("the queue's index key DoseEvent.firstReviewedAt (decision 057, amendment of 3 Dec 2026)", () => {
  test("review-hold writes it with the review, at the review's signedAt, and the reviewed hold no longer waits", async () => {
    const s = await setting();
    const c = await s.course();
    const held = await makeDoseEvent(c.id, s.nurse.id, { sequence: 1, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
    const other = await makeDoseEvent(c.id, s.nurse.id, { sequence: 2, kind: "held", hoursAgo: 0.5, criteria: ["sbp-low"] });
    expect((await listReviewQueue([s.unit])).map((i) => i.event.id)).toEqual([held.id, other.id]);

    await signedInBrowser(s.attending);
    const out = await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "confirm", password: "correct horse battery" }));
    expect(out.ok).toBe(true);
    const review = await prisma.holdReview.findUniqueOrThrow({ where: { doseEventId: held.id } });
    const events = await prisma.doseEvent.findMany({ where: { courseId: c.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => e.firstReviewedAt?.getTime() ?? null)).toEqual([review.signedAt.getTime(), null]);
    expect((await listReviewQueue([s.unit])).map((i) => i.event.id)).toEqual([other.id]);
  });

  test("a review whose key is missing (a row written around review-hold) still keeps its event out of the queue: the review row decides", async () => {
    const s = await setting();
    const c = await s.course();
    const held = await makeDoseEvent(c.id, s.nurse.id, { sequence: 1, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
    await prisma.holdReview.create({ data: { doseEventId: held.id, attendingId: s.attending.id, outcome: "confirm", signatureMeaning: "Reviewed: hold confirmed", signedAt: new Date() } });
    expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: held.id } })).firstReviewedAt).toBeNull();
    expect(await listReviewQueue([s.unit])).toEqual([]);
  });
});

describe("the count report narrows the courses in SQL with the rule's three tests", () => {
  test("never verified, new events, an event marked in error after the check — against the LATEST check; not up to date ones, eventless ones or another unit's", async () => {
    const s = await setting();
    const withEvents = async (n: number, unit?: string) => {
      const c = await s.course({ unit });
      const events = [];
      for (let i = 1; i <= n; i++) events.push(await makeDoseEvent(c.id, s.nurse.id, { sequence: i, kind: "given", hoursAgo: 26 - 8 * i }));
      return { c, events };
    };
    const verify = (courseId: string, lastEventSequence: number, verifiedAt: Date) =>
      prisma.doseCountVerification.create({
        data: { courseId, pharmacistId: s.pharmacist.id, givenCount: lastEventSequence, heldCount: 0, cumulativeIu: 0n, lastEventSequence, countsMatch: true, countsSnapshot: {}, verifiedAt },
      });
    const hour = (h: number) => new Date(Date.now() - h * 3_600_000);

    const never = await withEvents(2);
    const newer = await withEvents(3);
    await verify(newer.c.id, 2, hour(9));
    const corrected = await withEvents(2);
    await verify(corrected.c.id, 2, hour(3));
    await prisma.doseEvent.update({ where: { id: corrected.events[1]!.id }, data: { status: "entered_in_error", enteredInErrorAt: hour(1), enteredInErrorById: s.nurse.id, enteredInErrorReason: "wrong dose" } });
    const upToDate = await withEvents(2);
    await verify(upToDate.c.id, 2, hour(3));
    const correctedBefore = await withEvents(2);
    await prisma.doseEvent.update({ where: { id: correctedBefore.events[0]!.id }, data: { status: "entered_in_error", enteredInErrorAt: hour(4), enteredInErrorById: s.nurse.id, enteredInErrorReason: "wrong dose" } });
    await verify(correctedBefore.c.id, 2, hour(3));
    const latestCovers = await withEvents(3);
    await verify(latestCovers.c.id, 1, hour(10));
    await verify(latestCovers.c.id, 3, hour(2));
    await s.course(); // no events: nothing to count
    await withEvents(2, s.other);

    const due = await listCountsAwaitingVerification([s.unit]);
    expect(Object.fromEntries(due.map((d) => [d.course.id, d.due.reason]))).toEqual({
      [never.c.id]: "never-verified",
      [newer.c.id]: "new-events",
      [corrected.c.id]: "entered-in-error",
    });
    expect((await listCountsAwaitingVerification([s.other])).length).toBe(1);
  });
});
