// Downtime back-entry (issue 14 item 3, docs/decisions/061-downtime-back-entry.md), against the real PostgreSQL:
// a paper dose entered afterwards with its real time is judged by the rules at that time, recorded whatever they
// say, flagged when given although they would have held it, co-signed by a second clinician in the same action;
// bad data is refused with a denied audit row and nothing else written.
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { formatClock } from "@/lib/format";
import { freezeClock } from "./support/clock";
import { prisma } from "@/lib/db/client";
import { backEnterDoseAction } from "@/lib/actions/back-enter-dose";
import { toUnitLocalInput } from "@/lib/time";
import { DOWNTIME_COSIGN_MEANING, DOWNTIME_ENTRY_MEANING } from "@/lib/domain/downtime";
import { WRONG_WITNESS } from "@/lib/auth/signature";
import { loadCourseView } from "@/lib/db/queries/course-view";
import { loadDowntimePage } from "@/lib/db/queries/downtime";
import { ACCESS_PAGES } from "@/lib/views/access";

const PASSWORD = "correct horse battery";
const H = 3_600_000;
const MIN = 60_000;
type User = Awaited<ReturnType<typeof makeUser>>;
let unitId: string;
let otherUnitId: string;
let nurse: User;
let nurse2: User;
let attending: User;
let pharmacist: User;
let now: Date;

beforeAll(async () => {
  unitId = (await makeUnit()).id;
  otherUnitId = (await makeUnit()).id;
  nurse = await makeUser("nurse", [unitId]);
  nurse2 = await makeUser("nurse", [unitId]);
  attending = await makeUser("attending", [unitId]);
  pharmacist = await makeUser("pharmacist", [unitId]);
});

const local = (d: Date) => toUnitLocalInput(d, "UTC");
const LABS = ["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"] as const;

/** The paper record of one dose: the pre-dose assessment 20 min before, labs drawn 1 h before; every value normal. */
function paper(courseId: string, doseAt: Date, o: { values?: Record<string, string>; dose?: Record<string, string | number | string[]>; coSigner?: User; coSignerPassword?: string } = {}) {
  const coSigner = o.coSigner ?? nurse2;
  return formOf({
    courseId, occurredAt: local(doseAt), kind: "given", doseIu: 48_000_000,
    at: local(new Date(doseAt.getTime() - 20 * MIN)), sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
    urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
    otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
    bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
    ...Object.fromEntries(LABS.map((l) => [`observedAt.${l}`, local(new Date(doseAt.getTime() - H))])),
    coSignerId: coSigner.id, witnessUserId: coSigner.email, witnessPassword: o.coSignerPassword ?? PASSWORD, password: PASSWORD,
    ...o.values,
    ...o.dose,
  });
}

/** A verified TIL course whose cells ended 20 h ago: doses were due from 17 h ago, every 8 h. */
async function tilCourse(o: { unit?: string; status?: "active" | "closed" } = {}) {
  now = freezeClock(new Date(Math.floor(Date.now() / MIN) * MIN)); // paper times are written to the minute
  return makeCourse((await makePatient(o.unit ?? unitId)).id, { orderedById: attending.id, verifiedById: pharmacist.id, anchorHoursFromNow: -20, status: o.status });
}
const ago = (hours: number) => new Date(now.getTime() - hours * H);
const rowsOf = async (courseId: string) => ({
  events: await prisma.doseEvent.count({ where: { courseId } }),
  assessments: await prisma.assessment.count({ where: { courseId } }),
});
const audit = (outcome: "success" | "denied", actorId: string) => prisma.auditEvent.findMany({ where: { action: "dose-back-enter", actorId, outcome }, orderBy: { id: "asc" } });

describe("back-entry of paper doses, judged at their own time", () => {
  test("two paper doses, oldest first: the one the rules would have given is not flagged; the one with urine output below the TIL threshold is recorded, flagged in words", async () => {
    const course = await tilCourse();
    await signedInBrowser(nurse);
    const first = await backEnterDoseAction(null, paper(course.id, ago(16)));
    expect(first).toMatchObject({ ok: true, data: { sequence: 1, kind: "given", flag: null } });
    // 200 mL over 8 h = 25 mL/h, under 0.5 mL/kg/h for 80 kg: the rules would have held dose 2
    const second = await backEnterDoseAction(null, paper(course.id, ago(8), { values: { urineOutputMl: "200" } }));
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.data.flag).toMatch(/^Given during downtime; the rules would have held it: .*[Uu]rine output/);

    const events = await prisma.doseEvent.findMany({ where: { courseId: course.id }, orderBy: { sequence: "asc" }, include: { assessment: true } });
    expect(events.map((e) => [e.sequence, e.kind, e.doseIu, e.engineDecision, e.enteredAfterDowntime, e.downtimeFlag === null])).toEqual([
      [1, "given", 48_000_000, "give", true, true],
      [2, "given", 48_000_000, "hold", true, false],
    ]);
    for (const [e, hours] of [[events[0]!, 16], [events[1]!, 8]] as const) {
      // the real time on the paper; recorded now, by the nurse, co-signed by the second nurse with its meaning
      expect(e.occurredAt).toEqual(ago(hours));
      expect(e.recordedAt).toEqual(now);
      expect([e.recordedById, e.coSignedById, e.coSignedAt, e.coSignatureMeaning, e.downtimeEntryMeaning]).toEqual([nurse.id, nurse2.id, now, DOWNTIME_COSIGN_MEANING, DOWNTIME_ENTRY_MEANING]);
      expect(e.assessment).toMatchObject({ enteredAfterDowntime: true, takenAt: new Date(ago(hours).getTime() - 20 * MIN), recordedAt: now });
    }
    // the stored decision is the one at the dose's time, with its finding
    expect(JSON.stringify(events[1]!.decisionSnapshot)).toContain("urine-output-low");
    const rows = await audit("success", nurse.id);
    expect(rows.slice(-2).map((r) => (r.details as { flag: string | null }).flag === null)).toEqual([true, false]);
    expect(rows.at(-1)!.details).toMatchObject({ enteredAfterDowntime: true, coSignature: { meaning: DOWNTIME_COSIGN_MEANING }, signature: { meaning: DOWNTIME_ENTRY_MEANING } });

    // the course page's timeline and the downtime page both say so, the flag on the second only
    const view = await loadCourseView([unitId], course.id, now);
    expect(view!.timeline.map((t) => [t.downtime?.coSignedByName, t.downtime?.flag === null])).toEqual([[nurse2.name, true], [nurse2.name, false]]);
    const page = await loadDowntimePage([unitId], course.id, nurse.id);
    expect(page!.entries.map((x) => [x.sequence, x.coSignedByName, x.flag === null])).toEqual([[1, nurse2.name, true], [2, nurse2.name, false]]);
    expect(page!.coSigners.map((c) => c.id)).not.toContain(nurse.id);
    expect(await loadDowntimePage([otherUnitId], course.id, nurse.id)).toBeNull();
  });

  test("a held paper dose is recorded with its criteria at the tier the rules gave, never flagged; an attending may co-sign", async () => {
    const course = await tilCourse();
    await signedInBrowser(nurse);
    const out = await backEnterDoseAction(null, paper(course.id, ago(16), { values: { sbpMmHg: "84" }, dose: { kind: "held", doseIu: "", criteria: ["sbp-low"], note: "SBP 84 on paper" }, coSigner: attending }));
    expect(out).toMatchObject({ ok: true, data: { kind: "held", flag: null } });
    const e = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    expect([e.kind, e.criteria, e.tier, e.coSignedById, e.downtimeFlag]).toEqual(["held", ["sbp-low"], "hold", attending.id, null]);
  });

  test("labs carried from the latest earlier assessment keep their own original times", async () => {
    const course = await tilCourse();
    await signedInBrowser(nurse);
    expect((await backEnterDoseAction(null, paper(course.id, ago(16)))).ok).toBe(true);
    const source = await prisma.assessment.findFirstOrThrow({ where: { courseId: course.id } });
    const form = paper(course.id, ago(8));
    for (const l of LABS) {
      form.delete(l);
      form.delete(`observedAt.${l}`);
      form.append("carry", l);
    }
    form.set("carriedFromId", source.id);
    const out = await backEnterDoseAction(null, form);
    expect(out.ok).toBe(true);
    const carried = await prisma.assessment.findFirstOrThrow({ where: { courseId: course.id, id: { not: source.id } } });
    expect(carried.carriedFields.sort()).toEqual([...LABS].sort());
    expect((carried.observedAt as Record<string, string>).creatinineMgDl).toBe(new Date(ago(17).getTime()).toISOString());
  });
});

describe("bad data is refused: a denied audit row, nothing else written", () => {
  const refusals: [string, (courseId: string) => FormData, RegExp, ((courseId: string) => Promise<void>)?][] = [
    ["a dose in the future", (id) => paper(id, new Date(now.getTime() + 30 * MIN), { values: { at: local(new Date(now.getTime() - 5 * MIN)) } }), /in the future/],
    ["a dose before the course's last recorded event", (id) => paper(id, ago(12)), /oldest first/, async (id) => void (await makeDoseEvent(id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 10 }))],
    ["a dose before the course could start", (id) => paper(id, ago(22)), /before this course could start/],
    ["a co-signer who is the entering nurse", (id) => paper(id, ago(16), { coSigner: nurse }), /co-signer must be another nurse or an attending/],
    ["a pharmacist as co-signer", (id) => paper(id, ago(16), { coSigner: pharmacist }), /co-signer must be another nurse or an attending/],
    ["a given dose without its amount", (id) => paper(id, ago(16), { dose: { doseIu: "" } }), /Enter the dose as written on the paper record \(the order is 48,000,000 IU/],
  ];
  test.each(refusals)("%s", async (_label, form, why, before) => {
    const course = await tilCourse();
    await before?.(course.id);
    await signedInBrowser(nurse);
    const rows = await rowsOf(course.id);
    const denied = (await audit("denied", nurse.id)).length;
    const out = await backEnterDoseAction(null, form(course.id));
    expect(out).toMatchObject({ ok: false, message: expect.stringMatching(why) });
    expect(await rowsOf(course.id)).toEqual(rows);
    expect(await audit("denied", nurse.id)).toHaveLength(denied + 1);
  });

  test("the co-signer's wrong password: refused, counted on the co-signer-and-nurse pair like a witness's (decision 055), never on the co-signer's own counter", async () => {
    const course = await tilCourse();
    const coSigner = await makeUser("nurse", [unitId]);
    await signedInBrowser(nurse);
    const denied = (await audit("denied", nurse.id)).length;
    const out = await backEnterDoseAction(null, paper(course.id, ago(16), { coSigner, coSignerPassword: "not theirs" }));
    expect(out).toMatchObject({ ok: false, code: "UNAUTHENTICATED", message: WRONG_WITNESS });
    expect(await rowsOf(course.id)).toEqual({ events: 0, assessments: 0 });
    expect((await prisma.signInCounter.findUniqueOrThrow({ where: { key: `witness:${coSigner.id}:${nurse.id}` } })).failures).toBe(1);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: coSigner.id } })).failedSignInCount).toBe(0);
    expect(await audit("denied", nurse.id)).toHaveLength(denied + 1);
  });

  test("a closed course", async () => {
    const course = await tilCourse({ status: "closed" });
    await signedInBrowser(nurse);
    const denied = (await audit("denied", nurse.id)).length;
    expect(await backEnterDoseAction(null, paper(course.id, ago(16)))).toMatchObject({ ok: false, message: expect.stringMatching(/course is closed/) });
    expect(await rowsOf(course.id)).toEqual({ events: 0, assessments: 0 });
    expect(await audit("denied", nurse.id)).toHaveLength(denied + 1);
  });

  test("a patient on another unit: not found, as if it did not exist", async () => {
    const course = await tilCourse({ unit: otherUnitId });
    await signedInBrowser(nurse);
    const denied = (await audit("denied", nurse.id)).length;
    expect(await backEnterDoseAction(null, paper(course.id, ago(16)))).toMatchObject({ ok: false, code: "NOT_FOUND" });
    expect(await rowsOf(course.id)).toEqual({ events: 0, assessments: 0 });
    expect(await audit("denied", nurse.id)).toHaveLength(denied + 1);
  });

  test("an attending or a pharmacist may not back-enter (dose:back-enter is the nurse's)", async () => {
    const course = await tilCourse();
    for (const who of [attending, pharmacist]) {
      await signedInBrowser(who);
      expect(await backEnterDoseAction(null, paper(course.id, ago(16), { coSigner: nurse }))).toMatchObject({ ok: false, code: "FORBIDDEN" });
    }
    expect(await rowsOf(course.id)).toEqual({ events: 0, assessments: 0 });
  });
});

describe("review findings 3, 14 and 15 of issue 14", () => {
  test("a paper dose other than the order is recorded as written, and flagged with both figures", async () => {
    const course = await tilCourse();
    await signedInBrowser(nurse);
    const out = await backEnterDoseAction(null, paper(course.id, ago(16), { dose: { doseIu: 4_800_000 } }));
    expect(out).toMatchObject({ ok: true, data: { kind: "given", flag: "Dose differs from the order: 4,800,000 IU written, 48,000,000 IU ordered." } });
    const e = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id } });
    expect([e.kind, e.doseIu, e.engineDecision, e.downtimeFlag]).toEqual(["given", 4_800_000, "give", "Dose differs from the order: 4,800,000 IU written, 48,000,000 IU ordered."]);
  });

  test("a permanent event recorded after the paper dose's time is not put on the paper assessment", async () => {
    const course = await tilCourse();
    // after the downtime, 1 h ago: myocardial ischemia recorded (a permanent event: discontinue)
    await makeAssessment(course.id, nurse.id, { minutesAgo: 60, values: { permanentEvents: ["ischemia"] } });
    await signedInBrowser(nurse);
    const out = await backEnterDoseAction(null, paper(course.id, ago(16)));
    expect(out).toMatchObject({ ok: true, data: { flag: null } });
    const e = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id }, include: { assessment: true } });
    expect([e.engineDecision, e.assessment?.permanentEvents]).toEqual(["give", []]);
  });

  test("a permanent event recorded before the paper dose's time stays on it (the rules judge it)", async () => {
    const course = await tilCourse();
    await makeAssessment(course.id, nurse.id, { minutesAgo: 17 * 60, values: { permanentEvents: ["ischemia"] } });
    await signedInBrowser(nurse);
    const out = await backEnterDoseAction(null, paper(course.id, ago(16)));
    expect(out.ok).toBe(true);
    const e = await prisma.doseEvent.findFirstOrThrow({ where: { courseId: course.id }, include: { assessment: true } });
    expect([e.engineDecision, e.assessment?.permanentEvents]).toEqual(["discontinue", ["ischemia"]]);
  });

  test("a given paper dose inside the minimum interval of a recorded given dose: flagged as a possible duplicate", async () => {
    const course = await tilCourse();
    await signedInBrowser(nurse);
    expect(await backEnterDoseAction(null, paper(course.id, ago(16)))).toMatchObject({ ok: true, data: { flag: null } });
    const second = await backEnterDoseAction(null, paper(course.id, new Date(ago(16).getTime() + 10 * MIN)));
    expect(second.ok).toBe(true);
    if (!second.ok) return;
    expect(second.data.flag).toMatch(/^Given during downtime; the rules would not have given it yet: .*\. Possible duplicate of the dose recorded at /);
    expect(second.data.flag!.endsWith(`Possible duplicate of the dose recorded at ${formatClock(ago(16), "UTC", now)}.`)).toBe(true);
    // 8 h later (the TIL interval) is no duplicate
    const third = await backEnterDoseAction(null, paper(course.id, ago(8)));
    expect(third).toMatchObject({ ok: true, data: { flag: null } });
  });
});

describe("access records of the issue-14 pages", () => {
  test("the database takes an access record of every page lib/views/access.ts lists (the downtime page's among them)", async () => {
    const at = new Date();
    for (const page of ACCESS_PAGES) {
      await expect(prisma.accessEvent.create({ data: { at, userId: nurse.id, page, outcome: "shown" } })).resolves.toMatchObject({ page });
    }
  });
});
