import { describe, expect, test } from "vitest";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { loadBoard } from "@/lib/db/queries/board";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { listReviewQueue } from "@/lib/db/queries/reviews";

// Issue 9: "waiting for an attending" was computed three ways (board, timeline, review queue) and they disagreed —
// a given dose whose decision carried a judgment finding was in the review queue but not flagged on the board or
// the timeline. Now all three read lib/domain/review.ts `reviewWaitOf`.
describe("what waits for an attending is the same on the board, the timeline and the review queue", () => {
  test("a given dose with a judgment finding: in the queue, on the board, and flagged on the timeline — until it is reviewed", async () => {
    const unit = (await makeUnit()).id;
    const nurse = await makeUser("nurse", [unit]);
    const attending = await makeUser("attending", [unit]);
    const course = await makeCourse((await makePatient(unit)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -12 });
    const given = await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 3 });
    await prisma.doseEvent.update({
      where: { id: given.id },
      data: { decisionSnapshot: { needsAttendingReview: true, findings: [{ criterion: "infection", judgment: true, tier: "hold" }] } },
    });
    const now = new Date();

    const queue = await listReviewQueue([unit]);
    expect(queue.map((i) => [i.event.id, i.subject])).toEqual([[given.id, "given-judgment"]]);
    const row = (await loadBoard([unit], now)).find((r) => r.courseId === course.id);
    expect(row?.waitingFor).toContain("Attending: review a judgment finding");
    const view = await loadCourseView([unit], course.id, now);
    expect(view?.timeline.map((e) => [e.sequence, e.waitsFor])).toEqual([[1, "judgment"]]);

    await prisma.holdReview.create({
      data: { doseEventId: given.id, attendingId: attending.id, outcome: "confirm", signatureMeaning: "Reviewed: judgment finding acknowledged", signedAt: now },
    });
    expect(await listReviewQueue([unit])).toEqual([]);
    expect((await loadBoard([unit], now)).find((r) => r.courseId === course.id)?.waitingFor.some((w) => w.startsWith("Attending"))).toBe(false);
    expect((await loadCourseView([unit], course.id, now))?.timeline.map((e) => e.waitsFor)).toEqual([null]);
  });

  test("a plain given dose waits for nobody anywhere", async () => {
    const unit = (await makeUnit()).id;
    const nurse = await makeUser("nurse", [unit]);
    const attending = await makeUser("attending", [unit]);
    const course = await makeCourse((await makePatient(unit)).id, { orderedById: attending.id, verifiedById: attending.id, anchorHoursFromNow: -12 });
    await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 3 });
    const now = new Date();
    expect(await listReviewQueue([unit])).toEqual([]);
    expect((await loadBoard([unit], now)).find((r) => r.courseId === course.id)?.waitingFor.some((w) => w.startsWith("Attending"))).toBe(false);
    expect((await loadCourseView([unit], course.id, now))?.timeline.map((e) => e.waitsFor)).toEqual([null]);
  });
});
