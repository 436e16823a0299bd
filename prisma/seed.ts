// Demo data for `npm start`: one unit, one user per role, five patients whose times are relative to now, so the
// demo is alive whenever it starts. Every recorded dose was decided by the real engine at its own time; if the
// engine would not have said `give`, loading fails instead of storing an inconsistent history.
//   tsx prisma/seed.ts --if-empty    loads only into a database without users (what `npm start` runs)
import { prisma } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { hashPassword } from "@/lib/auth/password";
import { engineRequest } from "@/lib/domain/engine-request";
import { evaluateDose, defaultRuleSetFor, latestRuleSetFor, computeDose } from "@/lib/rules";
import type { Assessment, Course, Prisma } from "@/lib/generated/prisma/client";
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
  async function decide(c: Course, when: Date, vitals: Vitals, expect: "give" | "hold", cycle = 1) {
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
    const doseIu = computeDose(Number(c.dosingWeightKg.toString()), c.doseIuPerKg).doseIu;
    return prisma.doseEvent.create({
      data: {
        courseId: c.id, sequence: prior.length + 1, kind: expect === "give" ? "given" : "held", cycle,
        doseIu: expect === "give" ? doseIu : null, occurredAt: when, assessmentId: assessment.id,
        engineDecision: decision.decision, decisionSnapshot: decision as unknown as Prisma.InputJsonValue,
        ruleSetId: c.ruleSetId, ruleSetVersion: c.ruleSetVersion,
        criteria: decision.findings.map((f) => f.criterion),
        tier: expect === "hold" ? "hold" : null,
        note: expect === "hold" ? "Urine output low; fluids given, attending paged." : null,
        recordedById: nurse, recordedAt: new Date(when.getTime() + 5 * MIN),
        witnessId: expect === "give" ? attending : null,
      },
    });
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

  const patients = await prisma.patient.count({ where: { unitId: unit.id } });
  await prisma.$transaction((tx) =>
    writeAudit(tx, { action: "demo-data-loaded", entityType: "Unit", entityId: unit.id, outcome: "success", actorLabel: "seed", details: { patients, users: DEMO_ACCOUNTS.length } }),
  );
  return `demo data loaded: 1 unit, ${DEMO_ACCOUNTS.length} users, ${patients} patients (times relative to ${now.toISOString()})`;
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
