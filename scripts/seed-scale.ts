// A hospital's worth of data for the query benchmarks (issue 13, item 1; docs/performance.md):
//   npm run db:seed:scale -- --courses 10000 --events 1000000 [--units 8] [--seed 13]
// DATABASE_URL set → that PostgreSQL; unset → the embedded PGlite (PGLITE_DIR), exactly as the app connects. On the
// embedded database the default is smaller (--courses 1000 --events 100000): PGlite is one process in this one.
//
// Transactions: on the embedded database everything is ONE transaction (a failure leaves nothing behind). On
// PostgreSQL the audit rows are one transaction and the clinical rows go through --lanes (3) more connections in
// batches, for speed; a failure rolls the audit rows back and says the database must be dropped and seeded afresh.
// What it writes: units (the first, "Scale Ward 1", with
// exactly 30 open courses; the others with a few each), their nurses, attendings, pharmacists and an administrator,
// patients with their admission, and courses under both rule sets — closed ones over the past five years and open
// ones of today — with an assessment for every dose event, given and held doses (criteria and tiers), attendings'
// reviews of holds and stops (a few left unreviewed on open courses, so the review queue is not empty), cycle-2
// go-aheads, pharmacists' order and count verifications (a few courses left due), and one audit row per write.
//
// Realism against the two numbers: a course holds at most ~30 dose events (monotherapy: 15 slots a cycle, two
// cycles; after TIL: 6 given doses and re-evaluations of held ones within 120 h). --events above 30 × --courses
// cannot be reached with real courses: the seed then writes more courses (closed ones) and says so.
//
// The audit chain: every row's prevHash/hash is computed HERE, in Node, with the very digest lib/db/audit-verify.ts
// recomputes (auditDigest), and written with the chain triggers disabled INSIDE this transaction; they are enabled
// ALWAYS again before it commits, so no other session ever sees them off (ALTER TABLE is transactional and holds
// the table's lock until commit). `npm run audit:verify` checks the result. Needs the table owner (the migration
// role), as db:deploy does.
//
// Refuses a database that already holds units, patients or courses (it only fills an empty one, after db:deploy).
import * as crypto from "node:crypto";
import { mkdirSync } from "node:fs";
import { hashPassword } from "@/lib/auth/password";
import { AUDIT_GENESIS, auditDigest, type AuditRowText } from "@/lib/db/audit-verify";
import { evaluateDose, computeDose, type DoseRequest } from "@/lib/rules";
import { signatureMeaning } from "@/lib/domain/review";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const USAGE = "usage: db:seed:scale [-- --courses N --events N --units N --seed N --batch N --lanes N]";

// ------------------------------------------------------------------------------------------------ arguments
type Args = { courses: number; events: number; units: number; seed: number; batch: number; lanes: number };
function parseArgs(argv: string[], embedded: boolean): Args | string {
  const out: Args = embedded ? { courses: 1000, events: 100_000, units: 8, seed: 13, batch: 2000, lanes: 1 } : { courses: 10_000, events: 1_000_000, units: 8, seed: 13, batch: 5000, lanes: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    const [flag, inline] = a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    const key = flag.replace(/^--/, "") as keyof Args;
    if (!(key in out) || !flag.startsWith("--")) return `unknown argument ${a}; ${USAGE}`;
    const v = Number(inline ?? argv[++i]);
    if (!Number.isInteger(v) || v < 0) return `${flag} wants a whole number; ${USAGE}`;
    out[key] = v;
  }
  if (out.units < 1 || out.lanes < 1) return "--units and --lanes must be at least 1";
  return out;
}

// ------------------------------------------------------------------------------------------------ database
interface Db {
  query(sql: string, params?: unknown[]): Promise<unknown[][]>;
  close(): Promise<void>;
  where: string;
}
async function openDb(): Promise<Db> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const { default: pg } = await import("pg");
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    await client.connect();
    const u = new URL(url);
    // statements are sent in call order, one after the other (pg queues them; chained here so it need not)
    let tail: Promise<unknown> = Promise.resolve();
    return {
      query: (text, values) => {
        const sent = tail.then(() => client.query<unknown[]>({ text, values: values as unknown[], rowMode: "array" })).then((r) => r.rows);
        tail = sent.catch(() => undefined);
        return sent;
      },
      close: () => client.end(),
      where: `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`,
    };
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = process.env.PGLITE_DIR ?? ".data/pglite";
  mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  return {
    query: async (text, values) => (await lite.query<unknown[]>(text, values as unknown[], { rowMode: "array" })).rows,
    close: () => lite.close(),
    where: `PGlite ${dir}`,
  };
}

/** Column-wise buffers flushed as one INSERT … SELECT FROM unnest($1::t[], …) per batch. */
class Table {
  cols: unknown[][];
  rows = 0;
  total = 0;
  constructor(
    readonly name: string,
    readonly columns: readonly [name: string, type: string, expr?: string][],
    readonly extra: string = "",
  ) {
    this.cols = columns.map(() => []);
  }
  push(...values: unknown[]) {
    for (let i = 0; i < values.length; i++) this.cols[i]!.push(values[i]);
    this.rows++;
  }
  /** Takes the buffered rows at once (the caller may go on filling new ones) and sends them; the client queues statements in call order. */
  flush(db: Db, constants: unknown[] = []): Promise<unknown> {
    if (this.rows === 0) return Promise.resolve();
    const names = this.columns.map(([n]) => `"${n}"`).join(", ");
    const args = this.columns.map(([, t], i) => `$${i + 1}::${t}[]`).join(", ");
    const sel = this.columns.map(([, , e], i) => e ?? `c${i}`).join(", ");
    const alias = this.columns.map((_, i) => `c${i}`).join(", ");
    const sent = db.query(`INSERT INTO "${this.name}" (${names}${this.extra ? `, ${this.extra.split("=")[0]}` : ""}) SELECT ${sel}${this.extra ? `, ${this.extra.split("=")[1]}` : ""} FROM unnest(${args}) AS u(${alias})`, [...this.cols, ...(sel.includes(`$${this.columns.length + 1}`) ? constants : [])]);
    this.total += this.rows;
    this.rows = 0;
    this.cols = this.columns.map(() => []);
    return sent;
  }
}

// ------------------------------------------------------------------------------------------------ helpers
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const ts = (ms: number) => new Date(ms).toISOString().replace("T", " ").slice(0, 23); // timestamp(3), UTC
const uuid = () => crypto.randomUUID();

/** jsonb's own text output of a value (keys by length, then bytes; ", " and ": "): what audit-verify reads back. */
export function jsonbText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v)) throw new Error(`jsonbText: only integers are written (${v})`);
    return String(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(jsonbText).join(", ")}]`;
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined);
  // jsonb orders keys by byte length, then bytes; the keys written here are ASCII, so UTF-16 order is byte order
  keys.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
  if (keys.some((k) => !/^[\x20-\x7e]*$/.test(k))) throw new Error("jsonbText: keys are ASCII");
  return `{${keys.map((k) => `${JSON.stringify(k)}: ${jsonbText((v as Record<string, unknown>)[k])}`).join(", ")}}`;
}

// ------------------------------------------------------------------------------------------------ clinical shapes
const WELL = {
  sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0,
  urineOutputMl: 520, urineOutputHours: 8, mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0,
  otherVasopressor: false, fluidRefractoryHypotension: false, creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7,
  bicarbonateMmolL: 24, temperatureC: 37.9, infection: "none", giBleeding: "none",
};
type Vitals = typeof WELL;
/** What an abnormal assessment looks like, and the criterion it fires, per protocol (protocols.md §4). */
const ABNORMAL: Record<"mono" | "til", Record<"hold" | "stop", { change: Partial<Vitals>; criteria: string[] }[]>> = {
  mono: {
    hold: [
      { change: { sbpMmHg: 84 }, criteria: ["sbp-low"] },
      { change: { urineOutputMl: 120 }, criteria: ["urine-output-low"] },
      { change: { heartRateBpm: 124 }, criteria: ["tachycardia"] },
      { change: { creatinineMgDl: 2.6 }, criteria: ["creatinine-high"] },
    ],
    stop: [{ change: { heartRateBpm: 136 }, criteria: ["tachycardia"] }, { change: { creatinineMgDl: 3.2 }, criteria: ["creatinine-high"] }],
  },
  til: {
    hold: [
      { change: { sbpMmHg: 88 }, criteria: ["sbp-low"] },
      { change: { heartRateBpm: 124 }, criteria: ["tachycardia"] },
      { change: { creatinineMgDl: 2.6 }, criteria: ["creatinine-high"] },
    ],
    stop: [{ change: { heartRateBpm: 136 }, criteria: ["tachycardia"] }, { change: { fluidRefractoryHypotension: true }, criteria: ["hypotension-refractory"] }],
  },
};

/**
 * The engine's real decisions for each kind of event, computed once per protocol on a template course: the stored
 * `decisionSnapshot` of every seeded event of that kind (its times are the template's; the board and course page
 * decide live from the events, and the queue reads only the stored tier and review flags).
 */
function templateSnapshots(): Record<"mono" | "til", Record<string, { json: string; decision: string; index: number }>> {
  const at = "2026-03-01T08:00:00.000Z";
  const t = Date.parse(at);
  const out: Record<"mono" | "til", Record<string, { json: string; decision: string; index: number }>> = { mono: {}, til: {} };
  for (const p of ["mono", "til"] as const) {
    const base: DoseRequest = {
      now: at,
      protocol: p === "mono" ? "monotherapy" : "til-adjunct",
      ruleSet: { id: p === "mono" ? "mono-2014" : "til-2024", version: "1.1.0" },
      course: p === "mono"
        ? { dosingWeightKg: 80, baselineWeightKg: 80, doseIuPerKg: 600_000, startAt: at }
        : { dosingWeightKg: 80, baselineWeightKg: 80, doseIuPerKg: 600_000, tilInfusionEndAt: new Date(t - 4 * HOUR).toISOString(), targetSbpMmHg: 95 },
      events: [],
      assessment: { ...WELL, at: new Date(t - HOUR).toISOString(), labsAt: new Date(t - 6 * HOUR).toISOString(), weightKg: 80, permanentEvents: [] },
    } as unknown as DoseRequest;
    const kinds: [string, Partial<Vitals>][] = [["give", {}]];
    ABNORMAL[p].hold.forEach((h, i) => kinds.push([`hold${i}`, h.change]));
    ABNORMAL[p].stop.forEach((h, i) => kinds.push([`stop${i}`, h.change]));
    for (const [key, change] of kinds) {
      const req = { ...base, assessment: { ...(base.assessment as object), ...change } } as DoseRequest;
      const o = evaluateDose(req);
      if (!o.ok) throw new Error(`the engine refused the ${p} ${key} template: ${JSON.stringify(o)}`);
      const want = key === "give" ? "give" : key.startsWith("hold") ? "hold" : "stop";
      if (o.result.decision !== want) throw new Error(`the ${p} ${key} template decided ${o.result.decision}, not ${want}`);
      out[p][key] = { json: JSON.stringify(o.result), decision: o.result.decision, index: 0 };
    }
  }
  return out;
}

const FAMILY = ["Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Fernández", "O'Brien", "Kowalski", "Adeyemi", "Rossi", "Schmidt", "Nguyen", "Patel", "Mensah", "Ivanova", "García", "Murphy", "Cohen", "Yilmaz"];
const GIVEN = ["Ada", "Bruno", "Chiara", "Dmitri", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jonas", "Keiko", "Luca", "Maya", "Nils", "Olu", "Priya", "Rafael", "Sana", "Tomas", "Wen"];
const ZONES = ["Europe/Paris", "America/New_York", "Europe/London", "America/Chicago"];

// ------------------------------------------------------------------------------------------------ main
async function main(): Promise<number> {
  const embedded = !process.env.DATABASE_URL;
  const args = parseArgs(process.argv.slice(2), embedded);
  if (typeof args === "string") {
    console.error(args);
    return 2;
  }
  const db = await openDb();
  const t0 = performance.now();
  try {
    const [units, patients, courses] = ((await db.query(`SELECT (SELECT count(*) FROM "Unit")::int, (SELECT count(*) FROM "Patient")::int, (SELECT count(*) FROM "Course")::int`)) as number[][])[0]!;
    if (units! + patients! + courses! > 0) {
      console.error(`db:seed:scale fills an empty database only: ${db.where} already holds ${units} unit(s), ${patients} patient(s), ${courses} course(s). Create a fresh database (db:deploy) and run it there; nothing was written.`);
      return 1;
    }
    console.log(`db:seed:scale into ${db.where}${embedded ? " (embedded database: defaults --courses 1000 --events 100000)" : ""}: --courses ${args.courses} --events ${args.events} --units ${args.units} --seed ${args.seed}`);
    const laneDbs = embedded ? [] : await Promise.all(Array.from({ length: args.lanes }, () => openDb()));
    let written: Record<string, number>;
    try {
      written = await seed(db, laneDbs, args, embedded);
    } finally {
      for (const l of laneDbs) await l.close();
    }
    const seconds = (performance.now() - t0) / 1000;
    const rows = Object.values(written).reduce((a, b) => a + b, 0);
    console.log(Object.entries(written).map(([k, v]) => `  ${k}: ${v.toLocaleString("en-US")}`).join("\n"));
    console.log(`wrote ${rows.toLocaleString("en-US")} rows in ${seconds.toFixed(1)} s (${Math.round(rows / seconds).toLocaleString("en-US")} rows/s)`);
    return 0;
  } catch (e) {
    console.error(`db:seed:scale failed, nothing was written: ${(e as Error).message}`);
    return 2;
  } finally {
    await db.close();
  }
}

async function seed(db: Db, laneDbs: Db[], args: Args, embedded: boolean): Promise<Record<string, number>> {
  const rand = rng(args.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const now = Date.now();
  const snaps = templateSnapshots();
  const password = process.env.SCALE_PASSWORD ?? "scale-seed-password-13";
  const passwordHash = await hashPassword(password);

  let laneWrites = false; // clinical rows committed through another connection (PostgreSQL)
  await db.query("BEGIN");
  try {
    // the chain continues from the current head (a fresh database has none)
    const head = (await db.query(`SELECT id::text, hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1`))[0] as [string, string] | undefined;
    let auditId = head ? BigInt(head[0]) : 0n;
    let prevHash = head ? head[1] : AUDIT_GENESIS;
    await db.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_chain_lock, DISABLE TRIGGER audit_event_chain`);

    const makeTables = () => ({
      unit: new Table("Unit", [["id", "uuid"], ["name", "text"], ["timeZone", "text"], ["createdAt", "timestamp(3)"]]),
      user: new Table("User", [["id", "uuid"], ["email", "text"], ["name", "text"], ["role", "text", `c3::"Role"`], ["passwordHash", "text"], ["createdAt", "timestamp(3)"]]),
      assign: new Table("UnitAssignment", [["userId", "uuid"], ["unitId", "uuid"]]),
      patient: new Table("Patient", [["id", "uuid"], ["mrn", "text"], ["familyName", "text"], ["givenName", "text"], ["birthDate", "date"], ["unitId", "uuid"], ["createdAt", "timestamp(3)"], ["gender", "text"], ["dischargedAt", "timestamp(3)"]]),
      movement: new Table("PatientMovement", [["id", "uuid"], ["patientId", "uuid"], ["kind", "text", `c2::"PatientMovementKind"`], ["toUnitId", "uuid"], ["at", "timestamp(3)"], ["byId", "uuid"]]),
      course: new Table("Course", [
        ["id", "uuid"], ["patientId", "uuid"], ["protocol", "text", `c2::"Protocol"`], ["ruleSetId", "text"], ["ruleSetVersion", "text"], ["dosingWeightKg", "numeric"], ["baselineWeightKg", "numeric"],
        ["doseIuPerKg", "int4"], ["startAt", "timestamp(3)"], ["tilInfusionEndAt", "timestamp(3)"], ["targetSbpMmHg", "int4"], ["status", "text", `c11::"CourseStatus"`], ["orderedById", "uuid"], ["orderedAt", "timestamp(3)"],
        ["weightVerifiedById", "uuid"], ["weightVerifiedAt", "timestamp(3)"], ["cycle2ApprovedById", "uuid"], ["cycle2ApprovedAt", "timestamp(3)"], ["cycle2ApprovalNote", "text"], ["createdAt", "timestamp(3)"],
      ]),
      assessment: new Table("Assessment", [
        ["id", "uuid"], ["courseId", "uuid"], ["takenAt", "timestamp(3)"], ["sbpMmHg", "int4"], ["heartRateBpm", "int4"], ["rhythm", "text"], ["spo2Pct", "int4"], ["oxygenDevice", "text"], ["oxygenLpm", "numeric"],
        ["urineOutputMl", "int4"], ["urineOutputHours", "numeric"], ["weightKg", "numeric"], ["mentalStatus", "text"], ["phenylephrineMcgKgMin", "numeric"], ["phenylephrinePeakMcgKgMin", "numeric"],
        ["otherVasopressor", "bool"], ["fluidRefractoryHypotension", "bool"], ["creatinineMgDl", "numeric"], ["labsAt", "timestamp(3)"], ["plateletsPerUl", "int4"], ["bilirubinMgDl", "numeric"], ["bicarbonateMmolL", "numeric"],
        ["temperatureC", "numeric"], ["infection", "text"], ["giBleeding", "text"], ["recordedById", "uuid"], ["recordedAt", "timestamp(3)"],
      ], `"permanentEvents"='{}'::text[]`),
      event: new Table("DoseEvent", [
        ["id", "uuid"], ["courseId", "uuid"], ["sequence", "int4"], ["kind", "text", `c3::"DoseEventKind"`], ["cycle", "int4"], ["doseIu", "int4"], ["occurredAt", "timestamp(3)"], ["assessmentId", "uuid"],
        ["engineDecision", "text"], ["tier", "text"], ["decisionSnapshot", "int4", "($20::jsonb[])[c10]"], ["ruleSetId", "text"], ["ruleSetVersion", "text"], ["criteria", "text", `string_to_array(c13, ',')`], ["note", "text"],
        ["authorizedByReviewId", "uuid"], ["recordedById", "uuid"], ["recordedAt", "timestamp(3)"], ["witnessId", "uuid"],
      ]),
      review: new Table("HoldReview", [["id", "uuid"], ["doseEventId", "uuid"], ["attendingId", "uuid"], ["outcome", "text", `c3::"HoldReviewOutcome"`], ["reason", "text"], ["signatureMeaning", "text"], ["signedAt", "timestamp(3)"]]),
      count: new Table("DoseCountVerification", [
        ["id", "uuid"], ["courseId", "uuid"], ["pharmacistId", "uuid"], ["givenCount", "int4"], ["heldCount", "int4"], ["cumulativeIu", "int8"], ["lastEventSequence", "int4"], ["countsMatch", "bool"],
        ["countsSnapshot", "text", "c8::jsonb"], ["verifiedAt", "timestamp(3)"],
      ]),
    });
    const AUD = new Table("AuditEvent", [
      ["id", "int8"], ["at", "timestamp(3)"], ["actorId", "uuid"], ["actorLabel", "text"], ["action", "text"], ["entityType", "text"], ["entityId", "text"], ["outcome", "text", `c7::"AuditOutcome"`],
      ["details", "text", "c8::jsonb"], ["prevHash", "text"], ["hash", "text"],
    ]);
    // the engine's template decisions are sent once per statement; each event names its template by index
    const snapList: string[] = [];
    for (const p of ["mono", "til"] as const) for (const v of Object.values(snaps[p])) v.index = snapList.push(v.json);
    // Lanes: on PostgreSQL the clinical rows go through `lanes` connections of their own (a course and all its rows
    // in one lane), while the audit rows go in order through this transaction; on PGlite everything is this one.
    type Lane = { db: Db; T: ReturnType<typeof makeTables>; late: Table; inflight: Promise<unknown> };
    const lanes: Lane[] = (laneDbs.length ? laneDbs : [db]).map((d) => {
      const t = makeTables();
      // stopped events point at the review that wrote them: flushed after the reviews
      return { db: d, T: t, late: new Table("DoseEvent", t.event.columns), inflight: Promise.resolve() };
    });
    const flushLane = (l: Lane) => (laneWrites = laneWrites || l.db !== db, Promise.all([l.T.unit, l.T.user, l.T.assign, l.T.patient, l.T.movement, l.T.course, l.T.assessment, l.T.event, l.T.review, l.late, l.T.count].map((t) => t.flush(l.db, [snapList]))));
    let T = lanes[0]!.T;
    let late = lanes[0]!.late;
    let auditInflight: Promise<unknown> = Promise.resolve();

    type Actor = { id: string; email: string };
    const audit = (at: number, actor: Actor | null, action: string, entityType: string, entityId: string, details: Record<string, unknown>) => {
      auditId += 1n;
      const id = auditId.toString();
      const detailsText = jsonbText(details);
      const row: AuditRowText = [id, ts(at), actor?.id ?? null, actor?.email ?? null, action, entityType, entityId, "success", detailsText, null, prevHash, null];
      const hash = auditDigest(row);
      AUD.push(id, ts(at), actor?.id ?? null, actor?.email ?? null, action, entityType, entityId, "success", detailsText, prevHash, hash);
      prevHash = hash;
    };

    // ---------------------------------------------------------------------------------------- people and units
    const start = now - 5 * 365 * DAY;
    const admin: Actor = { id: uuid(), email: "admin@scale.example" };
    T.user.push(admin.id, admin.email, "Scale Administrator", "admin", passwordHash, ts(start - DAY));
    audit(start - DAY, null, "user-create", "User", admin.id, { role: "admin", setup: true });
    type UnitPeople = { id: string; zone: string; nurses: Actor[]; attendings: Actor[] };
    const unitList: UnitPeople[] = [];
    const pharmacists: Actor[] = [];
    for (let p = 1; p <= 3; p++) {
      const a = { id: uuid(), email: `pharmacist${p}@scale.example` };
      pharmacists.push(a);
      T.user.push(a.id, a.email, `Pharmacist ${GIVEN[p]} ${FAMILY[p]}`, "pharmacist", passwordHash, ts(start - DAY));
      audit(start - DAY, admin, "user-create", "User", a.id, { role: "pharmacist", units: args.units });
    }
    for (let u = 1; u <= args.units; u++) {
      const unit: UnitPeople = { id: uuid(), zone: ZONES[(u - 1) % ZONES.length]!, nurses: [], attendings: [] };
      unitList.push(unit);
      T.unit.push(unit.id, `Scale Ward ${u}`, unit.zone, ts(start - DAY));
      audit(start - DAY, admin, "unit-create", "Unit", unit.id, { name: `Scale Ward ${u}`, timeZone: unit.zone });
      for (const [role, n, list] of [["nurse", 6, unit.nurses], ["attending", 2, unit.attendings]] as const) {
        for (let k = 1; k <= n; k++) {
          const a = { id: uuid(), email: `${role}${k}.ward${u}@scale.example` };
          list.push(a);
          T.user.push(a.id, a.email, `${role === "nurse" ? "Nurse" : "Dr"} ${pick(GIVEN)} ${pick(FAMILY)}`, role, passwordHash, ts(start - DAY));
          T.assign.push(a.id, unit.id);
          audit(start - DAY, admin, "user-create", "User", a.id, { role, units: 1 });
        }
      }
      for (const ph of pharmacists) T.assign.push(ph.id, unit.id);
    }

    // ---------------------------------------------------------------------------------------- the plan of courses
    // open courses: 30 on the first unit, a few on each other one (at most one open course per patient)
    const openPerUnit = unitList.map((_, i) => (i === 0 ? 30 : 4 + Math.floor(rand() * 8)));
    const openTotal = openPerUnit.reduce((a, b) => a + b, 0);
    const MAX_PER_COURSE = 30;
    let closedTarget = Math.max(args.courses - openTotal, 0);
    const openEvents = openTotal * 8; // roughly; the closed ones take the rest
    const neededClosed = Math.ceil(Math.max(args.events - openEvents, 0) / (MAX_PER_COURSE - 4));
    if (neededClosed > closedTarget) {
      console.log(`note: ${args.events.toLocaleString("en-US")} dose events over ${args.courses.toLocaleString("en-US")} courses is ${(args.events / Math.max(args.courses, 1)).toFixed(0)} per course; a real course holds at most ~${MAX_PER_COURSE}. Writing ${(neededClosed + openTotal).toLocaleString("en-US")} courses instead, so every course stays one a protocol allows.`);
      closedTarget = neededClosed;
    }
    const totalCourses = closedTarget + openTotal;
    const patientCount = Math.max(openTotal, Math.ceil(totalCourses * 0.8));

    // patients: the first `openTotal` have today's open course (their unit is that course's); the rest were discharged
    type P = { id: string; unit: UnitPeople; admittedAt: number };
    const pts: P[] = [];
    const unitOfOpen: UnitPeople[] = [];
    openPerUnit.forEach((n, i) => {
      for (let k = 0; k < n; k++) unitOfOpen.push(unitList[i]!);
    });
    for (let i = 0; i < patientCount; i++) {
      const unit = i < openTotal ? unitOfOpen[i]! : pick(unitList);
      const admittedAt = i < openTotal ? now - (8 + rand() * 5) * DAY : start - rand() * 30 * DAY;
      const p: P = { id: uuid(), unit, admittedAt };
      pts.push(p);
      const by = unit.attendings[0]!;
      const birth = new Date(Date.UTC(1950 + Math.floor(rand() * 50), Math.floor(rand() * 12), 1 + Math.floor(rand() * 28)));
      const discharged = i < openTotal ? null : ts(now - 30 * DAY - rand() * 5 * DAY);
      const mrn = `SC${String(i + 1).padStart(7, "0")}`;
      T.patient.push(p.id, mrn, pick(FAMILY), pick(GIVEN), birth.toISOString().slice(0, 10), unit.id, ts(admittedAt), rand() < 0.5 ? "female" : "male", discharged);
      const mv = uuid();
      T.movement.push(mv, p.id, "admit", unit.id, ts(admittedAt), by.id);
      audit(admittedAt, by, "patient-admit", "Patient", p.id, { mrn, unitId: unit.id, movementId: mv });
    }

    // people and patients first: everything else refers to them
    await flushLane(lanes[0]!);

    // ---------------------------------------------------------------------------------------- one course
    let eventsLeft = args.events;
    let coursesLeft = totalCourses;
    const count = { given: 0, held: 0, pendingReviews: 0, countsDue: 0, fullMono: 0 };

    /** Writes one course with its events; `open` courses are live now; returns the events written. */
    const writeCourse = (patient: P, protocol: "mono" | "til", anchor: number, target: number, open: null | "ordered" | "active" | "pending-hold" | "pending-stop" | "rest") => {
      const unit = patient.unit;
      const nurse = () => pick(unit.nurses);
      const attending = unit.attendings[Math.floor(rand() * unit.attendings.length)]!;
      const pharmacist = pick(pharmacists);
      const courseId = uuid();
      const weight = Math.round((55 + rand() * 50) * 10) / 10;
      const ruleSetId = protocol === "mono" ? "mono-2014" : "til-2024";
      const dose = computeDose(weight, 600_000).doseIu;
      const orderedAt = anchor - (6 + rand() * 20) * HOUR;
      const verifiedAt = open === "ordered" ? null : orderedAt + (1 + rand() * 3) * HOUR;
      const targetSbp = protocol === "til" ? 90 + Math.floor(rand() * 11) : null;

      // events: [at, kind, cycle, snapshot key, criteria, tier]
      type Ev = { at: number; kind: "given" | "held" | "stopped"; cycle: number; snap: string; criteria: string[]; tier: string | null };
      const evs: Ev[] = [];
      const n = open === "ordered" ? 0 : Math.max(1, Math.min(target, MAX_PER_COURSE));
      const endsInStop = open === "pending-stop" || (open === null && rand() < 0.08);
      if (protocol === "mono") {
        // 15 slots a cycle, q8h from startAt (cycle 1) and from day 15 (cycle 2); at most 14 given a cycle
        const cycles = open === null ? (n > 15 ? 2 : 1) : open === "rest" ? 1 : 1;
        const slots: [number, number][] = [];
        for (let c = 1; c <= cycles; c++) for (let s = 0; s < 15; s++) slots.push([c, anchor + (c - 1) * 14 * DAY + s * 8 * HOUR]);
        const take = open === null ? Math.min(n, slots.length) : open === "rest" ? 15 : Math.max(1, Math.min(n, Math.floor((now - anchor) / (8 * HOUR)) + 1, 14));
        const given = [0, 0, 0];
        for (let k = 0; k < take; k++) {
          const [cycle, at] = slots[k]!;
          const lastOfCycle = k === take - 1 || slots[k + 1]![0] !== cycle;
          const mustHold = given[cycle]! >= 14;
          if (!mustHold && (rand() > 0.1 || (open !== null && !lastOfCycle))) {
            given[cycle]!++;
            evs.push({ at, kind: "given", cycle, snap: "give", criteria: [], tier: null });
          } else {
            const h = Math.floor(rand() * ABNORMAL.mono.hold.length);
            evs.push({ at, kind: "held", cycle, snap: `hold${h}`, criteria: ABNORMAL.mono.hold[h]!.criteria, tier: "hold" });
          }
        }
      } else {
        // after TIL: first dose from +3 h; next given ≥ 8 h after a given one; a held dose is re-evaluated 1.5–3 h later
        let at = anchor + (3 + rand()) * HOUR;
        let given = 0;
        const maxEvents = open === null ? n : Math.max(1, Math.min(n, 6));
        while (evs.length < maxEvents && at < anchor + 118 * HOUR && given < 6) {
          const hold = rand() < (open === null ? Math.max(0, 1 - (6 / Math.max(n, 6))) : 0.2);
          if (hold && evs.length < maxEvents - 1) {
            const h = Math.floor(rand() * ABNORMAL.til.hold.length);
            evs.push({ at, kind: "held", cycle: 1, snap: `hold${h}`, criteria: ABNORMAL.til.hold[h]!.criteria, tier: "hold" });
            at += (1.5 + rand() * 1.5) * HOUR;
          } else {
            given++;
            evs.push({ at, kind: "given", cycle: 1, snap: "give", criteria: [], tier: null });
            at += (8 + rand()) * HOUR;
          }
          if (open !== null && at > now - HOUR) break;
        }
      }
      if (endsInStop && evs.length) {
        const s = Math.floor(rand() * ABNORMAL[protocol].stop.length);
        const last = evs.at(-1)!;
        evs.push({ at: last.at + 8 * HOUR, kind: "held", cycle: last.cycle, snap: `stop${s}`, criteria: ABNORMAL[protocol].stop[s]!.criteria, tier: "stop" });
      }
      if (open === "pending-hold" && evs.length && evs.at(-1)!.kind === "given") {
        const last = evs.pop()!;
        evs.push({ ...last, kind: "held", snap: "hold0", criteria: ABNORMAL[protocol].hold[0]!.criteria, tier: "hold" });
      }

      if (open !== null) {
        // live courses: the last event lies in the past, within the protocol's rhythm of now
        const shift = evs.length ? now - (1 + rand() * 5) * HOUR - evs.at(-1)!.at : 0;
        if (shift < 0) for (const e of evs) e.at += shift;
      }
      const anchorShift = open !== null && evs.length ? Math.min(0, evs[0]!.at - anchor - (protocol === "mono" ? 0 : 3 * HOUR)) : 0;
      const courseAnchor = anchor + anchorShift;
      const cycle2 = protocol === "mono" && evs.some((e) => e.cycle === 2) ? courseAnchor + 12 * DAY + rand() * DAY : null;
      const status = open === null ? "closed" : open === "ordered" ? "ordered" : "active";
      const orderer = attending;
      T.course.push(
        courseId, patient.id, protocol === "mono" ? "monotherapy" : "til-adjunct", ruleSetId, "1.1.0", weight, weight, 600_000,
        protocol === "mono" ? ts(courseAnchor) : null, protocol === "til" ? ts(courseAnchor) : null, targetSbp, status,
        orderer.id, ts(Math.min(orderedAt, courseAnchor - HOUR)), verifiedAt ? pharmacist.id : null, verifiedAt ? ts(Math.min(verifiedAt, courseAnchor - 30 * 60_000)) : null,
        cycle2 ? attending.id : null, cycle2 ? ts(cycle2) : null, cycle2 ? "Recovered from cycle 1; labs back to baseline." : null, ts(Math.min(orderedAt, courseAnchor - HOUR)),
      );
      audit(Math.min(orderedAt, courseAnchor - HOUR), orderer, "course-order", "Course", courseId, { patientId: patient.id, protocol: protocol === "mono" ? "monotherapy" : "til_adjunct", ruleSetId, ruleSetVersion: "1.1.0", doseIuPerKg: 600_000, doseIu: dose });
      if (verifiedAt) audit(Math.min(verifiedAt, courseAnchor - 30 * 60_000), pharmacist, "course-verify-order", "Course", courseId, { doseIu: dose, version: 1 });

      let seq = 0, givenN = 0;
      let lastAt = courseAnchor;
      let cycle2Audited = false;
      const snapsOf = snaps[protocol];
      evs.forEach((e, i) => {
        if (cycle2 && !cycle2Audited && e.cycle === 2) {
          audit(cycle2, attending, "cycle2-approve", "Course", courseId, { note: true });
          cycle2Audited = true;
        }
        const who = nurse();
        const taken = e.at - (20 + rand() * 60) * 60_000;
        const aId = uuid();
        const v: Vitals = { ...WELL, ...(e.kind === "held" ? (e.tier === "stop" ? ABNORMAL[protocol].stop[Number(e.snap.slice(4))]!.change : ABNORMAL[protocol].hold[Number(e.snap.slice(4))]!.change) : {}) };
        T.assessment.push(
          aId, courseId, ts(taken), e.kind === "given" ? v.sbpMmHg + Math.floor(rand() * 6) : v.sbpMmHg, v.heartRateBpm, v.rhythm, v.spo2Pct, v.oxygenDevice, v.oxygenLpm, v.urineOutputMl, v.urineOutputHours, weight,
          v.mentalStatus, v.phenylephrineMcgKgMin, v.phenylephrinePeakMcgKgMin, v.otherVasopressor, v.fluidRefractoryHypotension, v.creatinineMgDl, ts(taken - 5 * HOUR), v.plateletsPerUl,
          v.bilirubinMgDl, v.bicarbonateMmolL, v.temperatureC, v.infection, v.giBleeding, who.id, ts(taken + 5 * 60_000),
        );
        audit(taken + 5 * 60_000, who, "assessment-record", "Assessment", aId, { courseId, carried: [] });
        const eId = uuid();
        seq++;
        const snap = snapsOf[e.snap]!;
        const doseIu = e.kind === "given" ? dose : null;
        T.event.push(eId, courseId, seq, e.kind, e.cycle, doseIu, ts(e.at), aId, snap.decision, e.tier, snap.index, ruleSetId, "1.1.0", e.criteria.join(","), null, null, who.id, ts(e.at + 2 * 60_000), e.kind === "given" ? pick(unit.nurses.filter((x) => x !== who)).id : null);
        audit(e.at + 2 * 60_000, who, "dose-record", "DoseEvent", eId, { courseId, sequence: seq, kind: e.kind, doseIu, engineDecision: snap.decision, tier: e.tier, authorizedByReviewId: null, criteria: e.criteria });
        if (e.kind === "given") {
          givenN++;
          count.given++;
        } else count.held++;
        lastAt = e.at;
        // the attending reviews every hold and stop, except the last one on a live course that is pending
        const isLast = i === evs.length - 1;
        const pending = open !== null && isLast && e.kind === "held" && (open === "pending-hold" || open === "pending-stop");
        if (e.kind === "held" && !pending) {
          const stop = e.tier === "stop";
          const outcome = stop ? "stop" : "confirm";
          const signedAt = e.at + (20 + rand() * 90) * 60_000;
          const rId = uuid();
          const meaning = signatureMeaning(outcome, "held", protocol === "mono" ? "cycle" : "course");
          T.review.push(rId, eId, attending.id, outcome, stop ? "Stop criterion met; IL-2 stopped." : null, meaning, ts(signedAt));
          let newEventId: string | undefined;
          if (stop) {
            newEventId = uuid();
            seq++;
            late.push(newEventId, courseId, seq, "stopped", e.cycle, null, ts(signedAt), aId, snap.decision, null, snap.index, ruleSetId, "1.1.0", e.criteria.join(","), "Stop criterion met; IL-2 stopped.", rId, attending.id, ts(signedAt), null);
            lastAt = signedAt;
          }
          audit(signedAt, attending, "hold-review", "DoseEvent", eId, {
            reviewId: rId, courseId, outcome, subject: "held", signatureMeaning: meaning, passwordSigned: stop, ...(newEventId ? { newDoseEventId: newEventId } : {}), courseClosed: stop && protocol === "til",
          });
        } else if (pending) count.pendingReviews++;
      });
      if (givenN === 28) count.fullMono++;

      // the pharmacist's count check: closed courses are checked after their last event (a few are not yet); on
      // live courses the last check is a day old, so later events make them due
      if (seq > 0) {
        const checkedAll = open === null ? rand() > 0.02 : false;
        const checkSeq = checkedAll ? seq : open !== null && seq > 4 ? Math.max(1, seq - 3) : 0;
        if (checkSeq > 0) {
          const g = Math.min(givenN, checkSeq);
          const atV = checkedAll ? lastAt + (2 + rand() * 20) * HOUR : lastAt - 3 * HOUR;
          const cId = uuid();
          const snapshot = { givenCount: g, heldCount: checkSeq - g, cumulativeIu: g * dose, lastEventSequence: checkSeq };
          T.count.push(cId, courseId, pharmacist.id, g, checkSeq - g, g * dose, checkSeq, true, jsonbText(snapshot), ts(atV));
          audit(atV, pharmacist, "count-verify", "Course", courseId, { verificationId: cId, countsMatch: true, lastEventSequence: checkSeq });
        } else count.countsDue++;
      }
      eventsLeft -= seq;
      coursesLeft--;
      return seq;
    };

    // closed courses in time order, spread over five years; patients (not the first openTotal ones) get 1–2 each
    const step = async (i: number) => {
      const lane = lanes[i % lanes.length]!;
      T = lane.T;
      late = lane.late;
      return async () => {
        if (lane.T.event.rows + lane.T.assessment.rows >= args.batch * 2) {
          await lane.inflight; // one batch in the database while the next is built
          lane.inflight = flushLane(lane);
          lane.inflight.catch(() => undefined); // awaited (and thrown) at the lane's next batch
        }
        if (AUD.rows >= args.batch * 2) {
          await auditInflight;
          auditInflight = AUD.flush(db);
          auditInflight.catch(() => undefined);
        }
      };
    };
    let lastReport = performance.now();
    const reserve = openTotal * 8;
    for (let i = 0; i < closedTarget || eventsLeft > reserve; i++) {
      const anchor = Math.min(start + ((i + rand()) / closedTarget) * (now - 45 * DAY - start), now - 45 * DAY);
      const patient = pts[openTotal + Math.floor(rand() * (patientCount - openTotal))] ?? pts[i % pts.length]!;
      const protocol = rand() < 0.5 ? "mono" : "til";
      const avg = Math.max(1, (eventsLeft - reserve) / Math.max(coursesLeft - openTotal, 1));
      const target = Math.round(avg * (0.7 + rand() * 0.6));
      const after = await step(i);
      writeCourse(patient, protocol, anchor, target, null);
      await after();
      if (performance.now() - lastReport > 5000) {
        lastReport = performance.now();
        console.log(`  … ${i + 1} of ${totalCourses} courses, ${(args.events - eventsLeft).toLocaleString("en-US")} dose events`);
      }
    }
    // live courses: a mix of the board's states
    const states = ["active", "active", "active", "active", "ordered", "pending-hold", "active", "pending-stop", "active", "rest"] as const;
    for (let i = 0; i < openTotal; i++) {
      const state = states[i % states.length]!;
      const protocol = state === "rest" || i % 3 !== 0 ? "mono" : "til";
      const anchor = state === "rest" ? now - 7 * DAY : now - (0.5 + rand() * 3.5) * DAY;
      const after = await step(i);
      writeCourse(pts[i]!, protocol, anchor, 12, state);
      await after();
    }
    for (const l of lanes) await l.inflight;
    await Promise.all(lanes.map(flushLane));
    await auditInflight;
    await AUD.flush(db);

    await db.query(`ALTER TABLE "AuditEvent" ENABLE ALWAYS TRIGGER audit_event_chain_lock, ENABLE ALWAYS TRIGGER audit_event_chain`);
    await db.query(`SELECT setval(pg_get_serial_sequence('"AuditEvent"', 'id'), $1::int8)`, [auditId.toString()]);
    // the review queue's index key (DoseEvent.firstReviewedAt), derived from the reviews as review-hold writes it and
    // as migration …_review-pending backfills it (the lanes' rows are committed by now)
    await db.query(`UPDATE "DoseEvent" e SET "firstReviewedAt" = r."signedAt" FROM "HoldReview" r WHERE r."doseEventId" = e.id AND e."firstReviewedAt" IS NULL`);
    console.log(`  committing${embedded ? "" : " and analysing"} …`);
    await db.query("COMMIT");
    // the steady state of a live database (autovacuum): statistics, and the visibility map index-only scans need
    await db.query(embedded ? "ANALYZE" : "VACUUM (ANALYZE)");
    console.log(`  ${count.given.toLocaleString("en-US")} given, ${count.held.toLocaleString("en-US")} held; ${count.fullMono} courses with 28 given doses; ${count.pendingReviews} events wait for an attending; ${count.countsDue} courses wait for a count check. Sign in as nurse1.ward1@scale.example (any user: password ${process.env.SCALE_PASSWORD ? "$SCALE_PASSWORD" : password}).`);
    const sum = (f: (l: Lane) => number) => lanes.reduce((a, l) => a + f(l), 0);
    return {
      units: sum((l) => l.T.unit.total), users: sum((l) => l.T.user.total), patients: sum((l) => l.T.patient.total), movements: sum((l) => l.T.movement.total),
      courses: sum((l) => l.T.course.total), assessments: sum((l) => l.T.assessment.total), doseEvents: sum((l) => l.T.event.total + l.late.total),
      holdReviews: sum((l) => l.T.review.total), countVerifications: sum((l) => l.T.count.total), auditEvents: AUD.total,
    };
  } catch (e) {
    await db.query("ROLLBACK").catch(() => undefined);
    if (laneWrites) throw new Error(`${(e as Error).message} — the audit rows were rolled back, but clinical rows were committed in part: drop this database and seed a fresh one`);
    throw e;
  }
}

process.exit(await main());
