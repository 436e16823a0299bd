// A dose given during downtime that the rules, judged at its time, would have held (DoseEvent.downtimeFlag) reaches
// the attending (docs/decisions/061-downtime-back-entry.md, amendment): it waits in the review queue as its own kind
// of item, on the handoff sheet and the course page, until an attending acknowledges it with a signed note (a
// HoldReview of outcome `acknowledge`, firstReviewedAt in the same transaction). Against the real PostgreSQL.
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { advanceClock, freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { backEnterDoseAction } from "@/lib/actions/back-enter-dose";
import { acknowledgeDowntimeDoseAction } from "@/lib/actions/acknowledge-downtime-dose";
import { reviewHoldAction } from "@/lib/actions/review-hold";
import { listReviewQueue } from "@/lib/db/queries/reviews";
import { loadCourseHandoff } from "@/lib/db/queries/handoff";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { courseNeedsAttendingReview } from "@/lib/domain/status";
import { DOWNTIME_ACK_MEANING } from "@/lib/domain/review-outcomes";
import { toUnitLocalInput } from "@/lib/time";

const PASSWORD = "correct horse battery";
const H = 3_600_000;
const MIN = 60_000;
type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let otherUnitId: string;
let nurse: User;
let nurse2: User;
let attending: User;
let otherAttending: User;
let pharmacist: User;
let now: Date;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  otherUnitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  nurse2 = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
  otherAttending = await makeUser("attending", [otherUnitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});

const local = (d: Date) => toUnitLocalInput(d, "UTC");
const LABS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;
const ago = (hours: number) => new Date(now.getTime() - hours * H);

/** The paper record of one given dose: assessment 20 min before, labs 1 h before; every value normal unless said. */
function paper(courseId: string, doseAt: Date, values: Record<string, string> = {}) {
  return formOf({
    courseId, occurredAt: local(doseAt), kind: "given", doseIu: 48_000_000,
    at: local(new Date(doseAt.getTime() - 20 * MIN)), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
    urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
    otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
    bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
    ...Object.fromEntries(LABS.map((l) => [`observedAt.${l}`, local(new Date(doseAt.getTime() - H))])),
    coSignerId: nurse2.id, witnessUserId: nurse2.email, witnessPassword: PASSWORD, password: PASSWORD,
    ...values,
  });
}

/**
 * A verified TIL course (cells ended 20 h ago) with two paper doses back-entered by a nurse and co-signed by another:
 * the first clean, the second given with 200 mL urine in 8 h (below 0.5 mL/kg/h at 80 kg), which the rules would
 * have held — flagged.
 */
async function flaggedCourse(unit = unitId) {
  now = freezeClock(new Date(Math.floor(Date.now() / MIN) * MIN));
  const course = await makeCourse((await makePatient(unit)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20 });
  const enterer = unit === unitId ? nurse : await makeUser("nurse", [unit]);
  const coSigner = unit === unitId ? nurse2 : await makeUser("nurse", [unit]);
  await signedInBrowser(enterer);
  const fix = (f: FormData) => {
    f.set("coSignerId", coSigner.id);
    f.set("witnessUserId", coSigner.email);
    return f;
  };
  const first = await backEnterDoseAction(null, fix(paper(course.id, ago(16))));
  const second = await backEnterDoseAction(null, fix(paper(course.id, ago(8), { urineOutputMl: "200" })));
  if (!first.ok || !second.ok) throw new Error(`back-entry failed: ${JSON.stringify([first, second])}`);
  expect(second.data.flag).toMatch(/rules would have held it/);
  return { course, clean: first.data.doseEventId, flagged: second.data.doseEventId, enterer, coSigner };
}

const ack = (doseEventId: string, note = "Paper record checked; urine output recovered the next hour. Team informed.") =>
  acknowledgeDowntimeDoseAction(null, formOf({ doseEventId, note, password: PASSWORD }));
const audits = (actorId: string, outcome: "success" | "denied") =>
  prisma.auditEvent.findMany({ where: { action: "downtime-acknowledge", actorId, outcome }, orderBy: { id: "asc" } });
const written = async (doseEventId: string) => ({
  reviews: await prisma.holdReview.count({ where: { doseEventId } }),
  event: await prisma.doseEvent.findUniqueOrThrow({ where: { id: doseEventId }, select: { firstReviewedAt: true, status: true } }),
  events: await prisma.doseEvent.count({ where: { courseId: (await prisma.doseEvent.findUniqueOrThrow({ where: { id: doseEventId } })).courseId } }),
});

describe("a flagged downtime dose waits for the attending", () => {
  test("the review queue lists it as its own kind of item, with the flag, the paper time, who entered and co-signed it, and the paper findings; not the clean one", async () => {
    const { course, clean, flagged } = await flaggedCourse();
    const queue = (await listReviewQueue([unitId], now)).filter((i) => i.course.id === course.id);
    expect(queue.map((i) => i.event.id)).toEqual([flagged]);
    expect(queue.map((i) => i.event.id)).not.toContain(clean);
    const item = queue[0]!;
    expect(item.subject).toBe("given-downtime");
    expect(item.event.occurredAt).toEqual(ago(8));
    expect(item.downtime).toMatchObject({ enteredByName: nurse.name, enteredAt: now, coSignedByName: nurse2.name, coSignedAt: now });
    expect(item.downtime!.flag).toMatch(/^Given during downtime; the rules would have held it: .*[Uu]rine output/);
    expect(item.blocking).toMatchObject({ blocks: "nothing", clearedBy: ["acknowledge"] });
    // the paper assessment's values that fired
    expect(item.assessment).not.toBeNull();
    expect(item.decisionAtTheTime?.findings.map((f) => f.criterion)).toContain("urine-output-low");
    // another unit's attending does not see it
    expect((await listReviewQueue([otherUnitId], now)).some((i) => i.course.id === course.id)).toBe(false);
  });

  test("a flag whose stored decision does not ask for an attending (a dose given before it was due) is listed too: the index and the query take the flag itself", async () => {
    now = freezeClock(new Date(Math.floor(Date.now() / MIN) * MIN));
    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20 });
    await signedInBrowser(nurse);
    expect((await backEnterDoseAction(null, paper(course.id, ago(16)))).ok).toBe(true);
    // 4 h after dose 1, where TIL doses are every 8 h: the rules would not have given it yet
    const early = await backEnterDoseAction(null, paper(course.id, ago(12)));
    expect(early).toMatchObject({ ok: true, data: { flag: expect.stringMatching(/would not have given it yet/) } });
    if (!early.ok) return;
    const row = await prisma.doseEvent.findUniqueOrThrow({ where: { id: early.data.doseEventId } });
    expect(JSON.stringify(row.decisionSnapshot)).not.toMatch(/"needsAttendingReview":true/);
    const queue = (await listReviewQueue([unitId], now)).filter((i) => i.course.id === course.id);
    expect(queue.map((i) => [i.event.id, i.subject])).toEqual([[early.data.doseEventId, "given-downtime"]]);
  });

  test("the queue finds it through the partial index: EXPLAIN of the candidate statement uses DoseEvent_awaits_review_idx", async () => {
    await prisma.$executeRawUnsafe("SET enable_seqscan = off");
    try {
      const plan = await prisma.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN SELECT e.id FROM "DoseEvent" e WHERE e."courseId" = '00000000-0000-0000-0000-000000000000'
        AND e.status = 'active' AND e."authorizedByReviewId" IS NULL AND e."firstReviewedAt" IS NULL
        AND (e.kind <> 'given' OR (e."decisionSnapshot" #> '{needsAttendingReview}') = 'true'::jsonb OR (e."decisionSnapshot" #> '{result,needsAttendingReview}') = 'true'::jsonb OR e."downtimeFlag" IS NOT NULL)`);
      expect(plan.map((r) => r["QUERY PLAN"]).join("\n")).toContain("DoseEvent_awaits_review_idx");
    } finally {
      await prisma.$executeRawUnsafe("SET enable_seqscan = on");
    }
  });

  test("the handoff sheet and the course page say it waits for the attending until it is acknowledged; then the timeline shows the acknowledgement", async () => {
    const { course, flagged } = await flaggedCourse();
    const before = await loadCourseHandoff([unitId], course.id, now);
    expect(before!.waits).toContainEqual({ who: "Attending", what: expect.stringMatching(/^Acknowledge a dose given during downtime although the rules would not have given it \(dose 2, recorded /) });
    expect(before!.lastEvents.find((e) => e.waitsFor === "downtime")?.review).toMatch(/Waiting for the attending to acknowledge: given during downtime/);
    const view = await loadCourseView([unitId], course.id, now);
    expect(view!.timeline.find((t) => t.id === flagged)?.waitsFor).toBe("downtime");
    expect(courseNeedsAttendingReview({ course: view!.course, events: view!.course.doseEvents, decision: null })).toBe(true);

    await signedInBrowser(attending);
    const at = advanceClock(10 * MIN);
    expect(await ack(flagged)).toMatchObject({ ok: true });

    const after = await loadCourseHandoff([unitId], course.id, at);
    expect(after!.waits.filter((w) => w.who === "Attending")).toEqual([]);
    expect(after!.lastEvents.find((e) => e.sequence === 2)?.review).toMatch(/^Reviewed by .*: dose given during downtime acknowledged \(Paper record checked/);
    const view2 = await loadCourseView([unitId], course.id, at);
    const line = view2!.timeline.find((t) => t.id === flagged)!;
    expect(line.waitsFor).toBeNull();
    expect(line.reviews).toEqual([expect.objectContaining({ outcome: "acknowledge", attendingName: attending.name, signedAt: at, signatureMeaning: DOWNTIME_ACK_MEANING })]);
    expect(courseNeedsAttendingReview({ course: view2!.course, events: view2!.course.doseEvents, decision: null })).toBe(false);
    expect((await listReviewQueue([unitId], at)).some((i) => i.event.id === flagged)).toBe(false);
  });
});

describe("the attending's signed acknowledgement", () => {
  test("writes one HoldReview (acknowledge, the note, the meaning), firstReviewedAt in the same transaction, a success audit row; no dose event, the course unchanged", async () => {
    const { course, flagged } = await flaggedCourse();
    const courseBefore = await prisma.course.findUniqueOrThrow({ where: { id: course.id }, select: { status: true, version: true } });
    const eventsBefore = await prisma.doseEvent.count({ where: { courseId: course.id } });
    await signedInBrowser(attending);
    const out = await ack(flagged);
    expect(out).toMatchObject({ ok: true });
    const review = await prisma.holdReview.findUniqueOrThrow({ where: { doseEventId: flagged } });
    expect(review).toMatchObject({ attendingId: attending.id, outcome: "acknowledge", signatureMeaning: DOWNTIME_ACK_MEANING, signedAt: now, reason: expect.stringMatching(/^Paper record checked/) });
    expect((await prisma.doseEvent.findUniqueOrThrow({ where: { id: flagged } })).firstReviewedAt).toEqual(now);
    // it authorizes nothing: no event written under it, the course as it was
    expect(await prisma.doseEvent.count({ where: { courseId: course.id } })).toBe(eventsBefore);
    expect(await prisma.doseEvent.count({ where: { authorizedByReviewId: review.id } })).toBe(0);
    expect(await prisma.course.findUniqueOrThrow({ where: { id: course.id }, select: { status: true, version: true } })).toEqual(courseBefore);
    const row = (await audits(attending.id, "success")).at(-1)!;
    expect(row.entityId).toBe(flagged);
    expect(row.details).toMatchObject({ outcome: "acknowledge", reviewId: review.id, signature: { meaning: DOWNTIME_ACK_MEANING, signer: attending.name } });
  });

  const refusals: [string, (c: Awaited<ReturnType<typeof flaggedCourse>>) => Promise<{ user: User; doseEventId: string; note?: string }>, string, RegExp][] = [
    ["an event that is not flagged (the clean paper dose)", async (c) => ({ user: attending, doseEventId: c.clean }), "RULE_BLOCKED", /Only a dose given during downtime that the rules would not have given/],
    [
      "an ordinary held dose",
      async (c) => ({ user: attending, doseEventId: (await makeDoseEvent(c.course.id, nurse.id, { sequence: 3, kind: "held", hoursAgo: 0.2, criteria: ["sbp-low"] })).id }),
      "RULE_BLOCKED",
      /Only a dose given during downtime/,
    ],
    [
      "an already acknowledged one",
      async (c) => {
        await signedInBrowser(attending);
        expect((await ack(c.flagged)).ok).toBe(true);
        return { user: attending, doseEventId: c.flagged };
      },
      "CONFLICT",
      /^Already reviewed by .* \(Acknowledged: given during downtime\)/,
    ],
    ["a note left empty", async (c) => ({ user: attending, doseEventId: c.flagged, note: "  " }), "VALIDATION", /Some|note/i],
    ["a nurse", async (c) => ({ user: nurse, doseEventId: c.flagged }), "FORBIDDEN", /./],
    ["a pharmacist", async (c) => ({ user: pharmacist, doseEventId: c.flagged }), "FORBIDDEN", /./],
    ["an attending of another unit (answered as not found)", async (c) => ({ user: otherAttending, doseEventId: c.flagged }), "NOT_FOUND", /./],
  ];
  for (const [name, setup, code, message] of refusals) {
    test(`refused: ${name} — a denied audit row, nothing written`, async () => {
      const c = await flaggedCourse();
      const { user, doseEventId, note } = await setup(c);
      const before = await written(doseEventId);
      const deniedBefore = (await audits(user.id, "denied")).length;
      await signedInBrowser(user);
      const out = await ack(doseEventId, note);
      expect(out).toMatchObject({ ok: false, code });
      if (!out.ok) expect(out.message).toMatch(message);
      expect(await written(doseEventId)).toEqual(before);
      expect((await audits(user.id, "denied")).length).toBe(deniedBefore + 1);
    });
  }

  test("review-hold does not take it: confirm on a flagged downtime dose is refused, and `acknowledge` is no review-hold outcome", async () => {
    const { flagged } = await flaggedCourse();
    await signedInBrowser(attending);
    const confirm = await reviewHoldAction(null, formOf({ doseEventId: flagged, outcome: "confirm", password: PASSWORD }));
    expect(confirm).toMatchObject({ ok: false, code: "RULE_BLOCKED", message: expect.stringMatching(/acknowledge it with a signed note/) });
    const held = await (async () => {
      const c = await flaggedCourse();
      return makeDoseEvent(c.course.id, nurse.id, { sequence: 3, kind: "held", hoursAgo: 0.2, criteria: ["sbp-low"] });
    })();
    await signedInBrowser(attending);
    const viaHold = await reviewHoldAction(null, formOf({ doseEventId: held.id, outcome: "acknowledge", reason: "x", password: PASSWORD }));
    expect(viaHold).toMatchObject({ ok: false, code: "VALIDATION" });
    expect(await prisma.holdReview.count({ where: { doseEventId: { in: [flagged, held.id] } } })).toBe(0);
  });
});

// Review 2, finding 1: a paper dose whose rules at its time said STOP is decided like a stop-tier hold — stop or
// discontinue IL-2 (or reassess a judgment-only stop) — never merely acknowledged, which would let dosing resume.
describe("a paper dose the rules at its time would have stopped", () => {
  /** TIL course; paper dose 1 clean, paper dose 2 given with 40 mL urine in 8 h (5 mL/h: below the 10 mL/h stop). */
  async function stopCourse() {
    now = freezeClock(new Date(Math.floor(Date.now() / MIN) * MIN));
    const course = await makeCourse((await makePatient(unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20 });
    await signedInBrowser(nurse);
    const first = await backEnterDoseAction(null, paper(course.id, ago(16)));
    const second = await backEnterDoseAction(null, paper(course.id, ago(8), { urineOutputMl: "40" }));
    if (!first.ok || !second.ok) throw new Error(`back-entry failed: ${JSON.stringify([first, second])}`);
    const stored = await prisma.doseEvent.findUniqueOrThrow({ where: { id: second.data.doseEventId } });
    expect(stored.engineDecision).toBe("stop");
    return { course, stopped: second.data.doseEventId };
  }

  test("a bare acknowledgement is refused, in words, with a denied audit row and nothing written", async () => {
    const { stopped } = await stopCourse();
    await signedInBrowser(attending);
    const before = await written(stopped);
    const out = await ack(stopped);
    expect(out).toMatchObject({ ok: false, code: "RULE_BLOCKED" });
    expect(out.ok === false && out.message).toMatch(/^The rules at the time of this dose said STOP: decide it \(stop IL-2 for this course or discontinue IL-2 for this course\)\. An acknowledgement alone would let dosing resume/);
    expect(await written(stopped)).toEqual(before);
    expect((await audits(attending.id, "denied")).at(-1)?.entityId).toBe(stopped);
  });

  test("'stop' signs a stop review, writes the stopped event and closes the TIL course", async () => {
    const { course, stopped } = await stopCourse();
    await signedInBrowser(attending);
    const out = await acknowledgeDowntimeDoseAction(null, formOf({ doseEventId: stopped, decision: "stop", note: "Oliguria on paper at 5 mL/h: IL-2 stopped.", password: PASSWORD }));
    expect(out).toMatchObject({ ok: true });
    const review = await prisma.holdReview.findFirstOrThrow({ where: { doseEventId: stopped } });
    expect([review.outcome, review.signatureMeaning]).toEqual(["stop", "I have reviewed this dose given during downtime and stop IL-2 for this course"]);
    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" } });
    expect(events.map((e) => [e.sequence, e.kind, e.authorizedByReviewId === review.id])).toEqual([[1, "given", false], [2, "given", false], [3, "stopped", true]]);
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).status).toBe("closed");
  });

  test("a second paper dose given while that stop waits is flagged for it, though its own values are clean", async () => {
    const { course } = await stopCourse();
    await signedInBrowser(nurse);
    const third = await backEnterDoseAction(null, paper(course.id, ago(0.5)));
    expect(third).toMatchObject({ ok: true });
    expect(third.ok && third.data.flag).toMatch(/Given after dose 2 \(.+\), whose rules at its time would have stopped IL-2, before any attending's decision\./);
  });
});
