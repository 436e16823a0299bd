// Demo data for `npm start`: one unit, one user per role, five patients whose times are relative to now, so the
// demo is alive whenever it starts, and ten discharged patients whose closed courses (20 to 110 days ago) give the
// quality view a history (docs/decisions/062-quality-view.md). Every recorded dose was decided by the real engine at
// its own time; if the engine would not have said `give`, loading fails instead of storing an inconsistent history.
//   tsx prisma/seed.ts --if-empty    loads only into a database without users (what `npm start` runs)
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { hashPassword } from "@/lib/auth/password";
import { decideForCourse, engineRequest } from "@/lib/domain/engine-request";
import { buildCountReport } from "@/lib/domain/count-report";
import { outcomesFor, signatureMeaning, stopScope } from "@/lib/domain/review";
import { verifyCountsMeaning } from "@/lib/domain/signature";
import { decisionSnapshotOf, engineDecisionOf } from "@/lib/domain/stored-decision";
import { evaluateDose, defaultRuleSetFor, latestRuleSetFor, computeDose } from "@/lib/rules";
import type { Assessment, Course, DoseEvent, Prisma } from "@/lib/generated/prisma/client";
import { DEMO_ACCOUNTS } from "./demo-accounts";
import { demoDataAllowed } from "@/lib/config/mode";

const HOUR = 3_600_000;
const MIN = 60_000;

type Vitals = Partial<Omit<Prisma.AssessmentUncheckedCreateInput, "courseId" | "recordedById" | "takenAt">>;

const WELL: Vitals = {
  sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0,
  urineOutputMl: 520, urineOutputHours: 8, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false,
  fluidRefractoryHypotension: false, creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7,
  bicarbonateMmolL: 24, temperatureC: 37.9, infection: "none", giBleeding: "none", permanentEvents: [],
};

async function seedDemo(now: Date): Promise<string> {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);

  const unit = await prisma.unit.create({ data: { name: "Oncology 7 West", timeZone } });
  const users: Record<string, { id: string }> = {};
  for (const account of DEMO_ACCOUNTS) {
    users[account.role] = await prisma.user.create({
      data: {
        email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password),
        assignments: { create: [{ unitId: unit.id }] },
      },
    });
  }
  const nurse = users.nurse!.id, attending = users.attending!.id, pharmacist = users.pharmacist!.id;

  /** A patient admitted to the unit by the attending `admittedHoursAgo` ago (the admit movement, decision 049). */
  async function patient(mrn: string, familyName: string, givenName: string, birthDate: string, gender: "female" | "male", admittedHoursAgo: number) {
    const admittedAt = at(-admittedHoursAgo * HOUR);
    return prisma.patient.create({
      data: {
        mrn, familyName, givenName, birthDate: new Date(birthDate), gender, unitId: unit.id, createdAt: admittedAt,
        movements: { create: [{ kind: "admit", toUnitId: unit.id, at: admittedAt, byId: attending }] },
      },
    });
  }

  /** A verified course under the newest rule set, or under `version` (the demo keeps one course on 1.0.0). */
  async function course(data: { patientId: string; protocol: Course["protocol"]; dosingWeightKg: number; startAt?: Date; tilInfusionEndAt?: Date; targetSbpMmHg?: number; orderedAt: Date }, version?: string) {
    const ruleSet = defaultRuleSetFor(data.protocol === "til_adjunct" ? "til-adjunct" : "monotherapy");
    return prisma.course.create({
      data: {
        ...data, baselineWeightKg: data.dosingWeightKg, ruleSetId: ruleSet.id, ruleSetVersion: version ?? ruleSet.version,
        doseIuPerKg: ruleSet.arithmetic.doseIuPerKg.value, status: "active", orderedById: attending,
        weightVerifiedById: pharmacist, weightVerifiedAt: new Date(data.orderedAt.getTime() + 30 * MIN),
      },
    });
  }

  /** Records an assessment and the engine's decision on it at `when`; the engine must agree with `expect`. */
  async function decide(c: Course, when: Date, vitals: Vitals, expect: "give" | "hold" | "stop" | "discontinue", cycle = 1, note?: string) {
    const assessment: Assessment = await prisma.assessment.create({
      data: {
        ...WELL, ...vitals, courseId: c.id, takenAt: new Date(when.getTime() - 40 * MIN), labsAt: new Date(when.getTime() - 3 * HOUR), recordedById: nurse, recordedAt: new Date(when.getTime() - 35 * MIN),
        observedAt: Object.fromEntries(["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"].map((lab) => [lab, new Date(when.getTime() - 3 * HOUR).toISOString()])),
      },
    });
    const prior = await prisma.doseEvent.findMany({ where: { courseId: c.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const outcome = evaluateDose(engineRequest({ now: when, course: c, events: prior, assessment }));
    if (!outcome.ok) throw new Error(`demo data: the engine refused the request: ${JSON.stringify(outcome.issues)}`);
    const decision = outcome.result;
    if (decision.decision !== expect) throw new Error(`demo data: engine says ${decision.decision} at ${when.toISOString()}, expected ${expect}`);
    if (expect === "give" && decision.needsAttendingReview) throw new Error(`demo data: a given dose at ${when.toISOString()} would wait for an attending`);
    const doseIu = computeDose(Number(c.dosingWeightKg.toString()), c.doseIuPerKg).doseIu;
    const event = await prisma.doseEvent.create({
      data: {
        courseId: c.id, sequence: prior.length + 1, kind: expect === "give" ? "given" : "held", cycle,
        doseIu: expect === "give" ? doseIu : null, occurredAt: when, assessmentId: assessment.id,
        engineDecision: decision.decision, decisionSnapshot: decision as unknown as Prisma.InputJsonValue,
        ruleSetId: c.ruleSetId, ruleSetVersion: c.ruleSetVersion,
        criteria: decision.findings.map((f) => f.criterion),
        tier: expect === "give" ? null : expect,
        note: expect === "give" ? null : note ?? "Urine output low; fluids given, attending paged.",
        recordedById: nurse, recordedAt: new Date(when.getTime() + 5 * MIN),
        witnessId: expect === "give" ? attending : null,
      },
    });
    if (expect === "hold") {
      // as record-dose does: a hold that itself makes a stop (monotherapy's third hold in a row) would be a stop; the
      // demo history never relies on that, so it fails loudly instead
      const after = evaluateDose(engineRequest({ now: when, course: c, events: [...prior, { ...event, holdReviews: [] }] }));
      if (after.ok && (after.result.decision === "stop" || after.result.decision === "discontinue")) throw new Error(`demo data: the hold at ${when.toISOString()} makes a stop`);
    }
    return event;
  }

  // 1. TIL-adjunct, 2 doses given, the next one due now.
  const rivera = await patient("DEMO-1001", "Rivera", "Maria", "1968-04-12", "female", 30);
  const a = await course({ patientId: rivera.id, protocol: "til_adjunct", dosingWeightKg: 72.5, targetSbpMmHg: 95, tilInfusionEndAt: at(-20 * HOUR), orderedAt: at(-26 * HOUR) });
  await decide(a, at(-16 * HOUR), { weightKg: 72.9 }, "give");
  await decide(a, at(-8 * HOUR), { weightKg: 73.8, sbpMmHg: 104, heartRateBpm: 108, temperatureC: 38.6 }, "give");

  // 2. TIL-adjunct, a held dose (urine output 0.40 mL/kg/h) waiting for the attending's review.
  const chen = await patient("DEMO-1002", "Chen", "David", "1975-09-30", "male", 24);
  const b = await course({ patientId: chen.id, protocol: "til_adjunct", dosingWeightKg: 88, targetSbpMmHg: 90, tilInfusionEndAt: at(-14 * HOUR), orderedAt: at(-20 * HOUR) });
  await decide(b, at(-10 * HOUR), { weightKg: 88.4 }, "give");
  await decide(b, at(-1 * HOUR), { weightKg: 90.1, urineOutputMl: 280, urineOutputHours: 8, sbpMmHg: 98 }, "hold");

  // 3. Monotherapy, cycle 1: 4 doses given, the next one due in 2 hours.
  const okafor = await patient("DEMO-1003", "Okafor", "Grace", "1981-01-22", "female", 44);
  // Ordered under rule set 1.0.0: the course page offers the attending the move to the newer version.
  const c = await course({ patientId: okafor.id, protocol: "monotherapy", dosingWeightKg: 64, startAt: at(-30 * HOUR), orderedAt: at(-40 * HOUR) }, "1.0.0");
  for (const h of [30, 22, 14, 6]) await decide(c, at(-h * HOUR), { weightKg: 64 + (30 - h) / 10 }, "give");

  // 4. Admitted this morning, no course yet: the attending can order one at once (board: "Order a course for …").
  await patient("DEMO-1004", "Haddad", "Samir", "1979-07-05", "male", 3);

  // 5. A TIL-adjunct order written an hour ago, waiting for the pharmacist's verification of weight and arithmetic.
  const novak = await patient("DEMO-1005", "Novak", "Elena", "1987-11-18", "female", 6);
  const til = latestRuleSetFor("til-adjunct");
  await prisma.course.create({
    data: {
      patientId: novak.id, protocol: "til_adjunct", ruleSetId: til.id, ruleSetVersion: til.version, dosingWeightKg: 68.2, baselineWeightKg: 68.2,
      doseIuPerKg: til.arithmetic.doseIuPerKg.value, targetSbpMmHg: 90, tilInfusionEndAt: at(-2 * HOUR), status: "ordered", orderedById: attending, orderedAt: at(-1 * HOUR),
    },
  });

  // ---- History for the quality view: ten discharged patients, each with one CLOSED course, 20 to 110 days ago.
  // Every event is the engine's own answer at its time (decide); every hold has the attending's signed review, every
  // course its pharmacist's count sign-off, so nothing here waits in a queue or shows on the board. The figures these
  // courses make are worked out by hand in tests/e2e/quality.spec.ts.
  const DAY = 24 * HOUR;

  /** A patient admitted a day before `startAt` (discharged by `close`). */
  async function pastPatient(mrn: string, familyName: string, givenName: string, birthDate: string, gender: "female" | "male", startAt: Date) {
    const admittedAt = new Date(startAt.getTime() - DAY);
    return prisma.patient.create({
      data: {
        mrn, familyName, givenName, birthDate: new Date(birthDate), gender, unitId: unit.id, createdAt: admittedAt,
        movements: { create: [{ kind: "admit", toUnitId: unit.id, at: admittedAt, byId: attending }] },
      },
    });
  }

  /** A past course; the order was written and verified the day before it started. */
  async function pastCourse(patientId: string, protocol: Course["protocol"], dosingWeightKg: number, startAt: Date) {
    const orderedAt = new Date(startAt.getTime() - 20 * HOUR);
    return protocol === "til_adjunct"
      ? course({ patientId, protocol, dosingWeightKg, targetSbpMmHg: 90, tilInfusionEndAt: startAt, orderedAt })
      : course({ patientId, protocol, dosingWeightKg, startAt, orderedAt });
  }

  /** Well, at the dosing weight, with `vitals` on top. */
  const past = (c: Course, when: Date, vitals: Vitals, expect: "give" | "hold" | "stop" | "discontinue", cycle = 1, note?: string) =>
    decide(c, when, { weightKg: Number(c.dosingWeightKg.toString()), ...vitals }, expect, cycle, note);

  /** Given doses at `start` + each of `hours`. */
  async function giveAt(c: Course, start: Date, hours: readonly number[], cycle = 1) {
    for (const h of hours) await past(c, new Date(start.getTime() + h * HOUR), {}, "give", cycle);
  }
  const every8h = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + 8 * i);

  /**
   * The attending's signed review of a held event 30 minutes after it, as review-hold writes it: a stop or discontinue
   * also writes the stopped / discontinued event, decided by the engine at that moment, pointing at the review.
   */
  async function review(c: Course, held: DoseEvent, outcome: "confirm" | "stop" | "discontinue", reason: string | null) {
    const when = new Date(held.occurredAt.getTime() + 30 * MIN);
    if (!outcomesFor("held", held.tier ?? "hold", held.engineDecision).includes(outcome)) throw new Error(`demo data: ${outcome} is not a review of a ${held.tier} hold`);
    const prior = await prisma.doseEvent.findMany({ where: { courseId: c.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const signed = await prisma.holdReview.create({
      data: { doseEventId: held.id, attendingId: attending, outcome, reason, signatureMeaning: signatureMeaning(outcome, "held", stopScope(c).stopEnds), signedAt: when },
    });
    await prisma.doseEvent.update({ where: { id: held.id }, data: { firstReviewedAt: when } });
    if (outcome === "confirm") return;
    const assessment = held.assessmentId ? await prisma.assessment.findUniqueOrThrow({ where: { id: held.assessmentId } }) : null;
    const decided = decideForCourse({ now: when, course: c, events: prior, assessment });
    await prisma.doseEvent.create({
      data: {
        courseId: c.id, sequence: prior.length + 1, kind: outcome === "stop" ? "stopped" : "discontinued", cycle: held.cycle, occurredAt: when,
        assessmentId: held.assessmentId, engineDecision: engineDecisionOf(decided), decisionSnapshot: decisionSnapshotOf(decided) as Prisma.InputJsonValue,
        ruleSetId: c.ruleSetId, ruleSetVersion: c.ruleSetVersion, criteria: held.criteria, note: reason, authorizedByReviewId: signed.id,
        recordedById: attending, recordedAt: when,
      },
    });
  }

  /** The pharmacist's count sign-off (the counts must match), the course closed, the patient discharged a day later. */
  async function close(c: Course, patientId: string) {
    const events = await prisma.doseEvent.findMany({ where: { courseId: c.id }, orderBy: { sequence: "asc" }, include: { holdReviews: { select: { id: true } } } });
    const last = events.at(-1);
    if (!last) throw new Error("demo data: a past course without events");
    const verifiedAt = new Date(last.occurredAt.getTime() + 2 * HOUR);
    const report = buildCountReport({ course: c, events, now: verifiedAt });
    if (!report.countsMatch) throw new Error(`demo data: the counts of a past course do not match: ${JSON.stringify(report.discrepancies)}`);
    await prisma.doseCountVerification.create({
      data: {
        courseId: c.id, pharmacistId: pharmacist, signatureMeaning: verifyCountsMeaning(last.sequence, true), givenCount: report.course.given,
        heldCount: report.course.held, cumulativeIu: BigInt(report.course.cumulativeIu), lastEventSequence: last.sequence, countsMatch: true,
        countsSnapshot: report as unknown as Prisma.InputJsonValue, verifiedAt,
      },
    });
    await prisma.course.update({ where: { id: c.id }, data: { status: "closed", version: { increment: 1 } } });
    const dischargedAt = new Date(last.occurredAt.getTime() + DAY);
    await prisma.patient.update({ where: { id: patientId }, data: { dischargedAt } });
    await prisma.patientMovement.create({ data: { patientId, kind: "discharge", fromUnitId: unit.id, at: dischargedAt, byId: attending, note: "Home; follow-up in clinic" } });
  }

  /** The attending's signed go-ahead for cycle 2, on day 10 (the course row the next decisions read). */
  const approveCycle2 = (c: Course) =>
    prisma.course.update({
      where: { id: c.id },
      data: { cycle2ApprovedById: attending, cycle2ApprovedAt: new Date(c.startAt!.getTime() + 10 * DAY), cycle2ApprovalNote: "Recovered from cycle 1: go ahead", version: { increment: 1 } },
    });

  // H1. After TIL, 110 days ago: all 6 doses, every 8 h from 4 h after the cells (the maximum).
  {
    const start = at(-110 * DAY);
    const p = await pastPatient("DEMO-2001", "Lindqvist", "Anna", "1966-02-14", "female", start);
    const c = await pastCourse(p.id, "til_adjunct", 68, start);
    await giveAt(c, start, every8h(4, 6));
    await close(c, p.id);
  }
  // M1. Monotherapy, 100 days ago: 14 doses in cycle 1, the go-ahead, 14 in cycle 2 (the maximum, 28).
  {
    const start = at(-100 * DAY);
    const p = await pastPatient("DEMO-2002", "Mensah", "Kwame", "1971-08-03", "male", start);
    let c = await pastCourse(p.id, "monotherapy", 75, start);
    await giveAt(c, start, every8h(0, 14));
    c = await approveCycle2(c);
    await giveAt(c, start, every8h(14 * 24, 14), 2);
    await close(c, p.id);
  }
  // H2. After TIL, 90 days ago: 2 given; held at 22 h for urine output (0.38 mL/kg/h), given at 26 h; at 34 h urine
  // output and blood pressure together (two hold criteria: a stop after TIL); the attending stops IL-2.
  {
    const start = at(-90 * DAY);
    const p = await pastPatient("DEMO-2003", "Moreau", "Luc", "1959-12-01", "male", start);
    const c = await pastCourse(p.id, "til_adjunct", 80, start);
    await giveAt(c, start, [6, 14]);
    await review(c, await past(c, new Date(start.getTime() + 22 * HOUR), { urineOutputMl: 240 }, "hold", 1, "Urine output 240 mL over 8 h; fluid bolus given."), "confirm", null);
    await giveAt(c, start, [26]);
    const stop = await past(c, new Date(start.getTime() + 34 * HOUR), { urineOutputMl: 200, sbpMmHg: 86 }, "stop", 1, "Urine output low and SBP 86 mmHg after fluids; attending called.");
    await review(c, stop, "stop", "Oliguria and low blood pressure despite fluid boluses");
    await close(c, p.id);
  }
  // M2. Monotherapy, 75 days ago: 10 given; held at 80 h for a heart rate of 124/min; 4 more given (14 in cycle 1);
  // no cycle 2: the course was closed after cycle 1.
  {
    const start = at(-75 * DAY);
    const p = await pastPatient("DEMO-2004", "Kowalski", "Jan", "1969-05-20", "male", start);
    const c = await pastCourse(p.id, "monotherapy", 82, start);
    await giveAt(c, start, every8h(0, 10));
    await review(c, await past(c, new Date(start.getTime() + 80 * HOUR), { heartRateBpm: 124 }, "hold", 1, "Sinus tachycardia 124/min."), "confirm", null);
    await giveAt(c, start, every8h(88, 4));
    await close(c, p.id);
  }
  // H3. After TIL, 60 days ago: given at 5 h; held at 13 h (phenylephrine since the last dose); then 5 more (6: the maximum).
  {
    const start = at(-60 * DAY);
    const p = await pastPatient("DEMO-2005", "Tanaka", "Yui", "1980-10-09", "female", start);
    const c = await pastCourse(p.id, "til_adjunct", 70, start);
    await giveAt(c, start, [5]);
    await review(c, await past(c, new Date(start.getTime() + 13 * HOUR), { phenylephrinePeakMcgKgMin: 0.2 }, "hold", 1, "Phenylephrine 0.2 µg/kg/min overnight, off now."), "confirm", null);
    await giveAt(c, start, every8h(17, 5));
    await close(c, p.id);
  }
  // M3. Monotherapy, 50 days ago: 6 given; held at 48 h (creatinine 2.7 mg/dL), at 56 h (creatinine 2.8, urine output
  // 17.5 mL/h), at 64 h creatinine 3.2 mg/dL (a stop); the attending discontinues IL-2.
  {
    const start = at(-50 * DAY);
    const p = await pastPatient("DEMO-2006", "Oyelaran", "Bisi", "1975-03-27", "female", start);
    const c = await pastCourse(p.id, "monotherapy", 66, start);
    await giveAt(c, start, every8h(0, 6));
    await review(c, await past(c, new Date(start.getTime() + 48 * HOUR), { creatinineMgDl: 2.7 }, "hold", 1, "Creatinine 2.7 mg/dL."), "confirm", null);
    await review(c, await past(c, new Date(start.getTime() + 56 * HOUR), { creatinineMgDl: 2.8, urineOutputMl: 140 }, "hold", 1, "Creatinine 2.8 mg/dL, urine output 140 mL over 8 h."), "confirm", null);
    const stop = await past(c, new Date(start.getTime() + 64 * HOUR), { creatinineMgDl: 3.2, urineOutputMl: 140 }, "stop", 1, "Creatinine 3.2 mg/dL.");
    await review(c, stop, "discontinue", "Creatinine 3.2 mg/dL and rising after two holds: no further IL-2");
    await close(c, p.id);
  }
  // H4. After TIL, 40 days ago: given at 8 h; at 16 h myocardial ischemia (a permanent event): discontinued.
  {
    const start = at(-40 * DAY);
    const p = await pastPatient("DEMO-2007", "García", "Lucía", "1963-07-30", "female", start);
    const c = await pastCourse(p.id, "til_adjunct", 76, start);
    await giveAt(c, start, [8]);
    const stop = await past(c, new Date(start.getTime() + 16 * HOUR), { permanentEvents: ["ischemia"] }, "discontinue", 1, "Chest pain, ST depression, troponin rising.");
    await review(c, stop, "discontinue", "Troponin rise with chest pain: cardiology consulted");
    await close(c, p.id);
  }
  // M4. Monotherapy, 35 days ago: 5 given; held at 40 h (mild confusion); 8 more (13 in cycle 1); the go-ahead; 4 given
  // in cycle 2, then urine output 7.5 mL/h (a stop): the attending stops IL-2 for cycle 2, which ends the course.
  {
    const start = at(-35 * DAY);
    const p = await pastPatient("DEMO-2008", "Novotný", "Petr", "1968-11-11", "male", start);
    let c = await pastCourse(p.id, "monotherapy", 90, start);
    await giveAt(c, start, every8h(0, 5));
    await review(c, await past(c, new Date(start.getTime() + 40 * HOUR), { mentalStatus: "mild" }, "hold", 1, "Mildly confused, oriented to person only."), "confirm", null);
    await giveAt(c, start, every8h(48, 8));
    c = await approveCycle2(c);
    await giveAt(c, start, every8h(14 * 24, 4), 2);
    const stop = await past(c, new Date(start.getTime() + (14 * 24 + 32) * HOUR), { urineOutputMl: 60 }, "stop", 2, "Urine output 60 mL over 8 h.");
    await review(c, stop, "stop", "Urine output 7.5 mL/h overnight despite fluids");
    await close(c, p.id);
  }
  // H5. After TIL, 25 days ago: held at 4 h and 6 h (SpO₂ 88 % and 89 % on room air); no dose by 24 h: the start
  // window was missed and the course closed with none given.
  {
    const start = at(-25 * DAY);
    const p = await pastPatient("DEMO-2009", "Brennan", "Siobhan", "1977-04-04", "female", start);
    const c = await pastCourse(p.id, "til_adjunct", 62, start);
    await review(c, await past(c, new Date(start.getTime() + 4 * HOUR), { spo2Pct: 88 }, "hold", 1, "SpO₂ 88 % on room air."), "confirm", null);
    await review(c, await past(c, new Date(start.getTime() + 6 * HOUR), { spo2Pct: 89 }, "hold", 1, "SpO₂ 89 % on room air."), "confirm", null);
    await close(c, p.id);
  }
  // M5. Monotherapy, 22 days ago: 3 given; at 24 h frank GI bleeding (a stop): the attending discontinues IL-2.
  {
    const start = at(-22 * DAY);
    const p = await pastPatient("DEMO-2010", "Hassan", "Rania", "1972-09-18", "female", start);
    const c = await pastCourse(p.id, "monotherapy", 58, start);
    await giveAt(c, start, every8h(0, 3));
    const stop = await past(c, new Date(start.getTime() + 24 * HOUR), { giBleeding: "frank" }, "stop", 1, "Melena, haemoglobin down 2 g/dL.");
    await review(c, stop, "discontinue", "Frank GI bleeding: no further IL-2");
    await close(c, p.id);
  }

  const patients = await prisma.patient.count({ where: { unitId: unit.id, dischargedAt: null } });
  const discharged = await prisma.patient.count({ where: { unitId: unit.id, dischargedAt: { not: null } } });
  await prisma.$transaction((tx) =>
    writeAudit(tx, { action: "demo-data-loaded", entityType: "Unit", entityId: unit.id, outcome: "success", actorLabel: "seed", details: { patients, discharged, users: DEMO_ACCOUNTS.length } }),
  );
  return `demo data loaded: 1 unit, ${DEMO_ACCOUNTS.length} users, ${patients} patients, ${discharged} discharged after past courses (times relative to ${now.toISOString()})`;
}

async function main() {
  const ifEmpty = process.argv.includes("--if-empty");
  // production mode loads the demo accounts (published passwords) only with BOLUS_DEMO=1 (lib/config/mode.ts)
  if (!demoDataAllowed(process.env)) {
    if (ifEmpty) return console.log("seed: production mode: demo data not loaded (BOLUS_DEMO=1 allows it)");
    throw new Error("seed: production mode (DATABASE_URL or NODE_ENV=production): demo data only with BOLUS_DEMO=1");
  }
  if ((await prisma.user.count()) > 0) {
    if (ifEmpty) {
      console.log("seed: the database already has users: demo data not loaded");
      return;
    }
    throw new Error("seed: the database already has users; demo data only loads into an empty database");
  }
  console.log(`seed: ${await seedDemo(new Date())}`);
}

main()
  .then(() => prisma.$disconnect())
  .then(() => process.exit(0))
  .catch(async (e) => {
    console.error(e instanceof Error ? e.message : e);
    await prisma.$disconnect();
    process.exit(1);
  });
