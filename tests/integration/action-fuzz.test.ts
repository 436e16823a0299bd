// Issue 5, item 7: property-based fuzzing of every server action's input. Each action (found by reading
// lib/actions, as in authorization-matrix.test.ts) is called by the right role on its own unit, on a real target,
// with a valid form that fast-check then damages: wrong types, NaN/Infinity/-0 as text, huge and negative numbers,
// units typed into numbers, impossible or zone-less times, 10k–100k character strings, unknown enum words, missing,
// duplicated and extra fields, control characters, SQL- and HTML-looking text, uuids of nothing.
//
// Properties, for every call: it never throws (a redirect after a successful sign-in, sign-out or order is how
// those actions answer); it returns { ok: boolean }; a failure carries a known code other than INTERNAL and a
// message with no stack trace or internals; a failure writes no clinical row and leaves exactly one `denied` audit
// row; a success leaves exactly one `success` audit row. Each field is first damaged alone in a fixed sweep, then
// fast-check damages one to three fields at a time. Seeds are fixed, so a failure replays.
// One more property: a number the assessment form accepts is stored exactly as typed.
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freshBrowser, signedInBrowser } from "./support/request-context";
import { flagAsDowntimeDose, makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { signInGate } from "@/lib/auth/throttle";
import { SESSION_COOKIE } from "@/lib/auth/config";
import { HOME_BY_ROLE, type Role } from "@/lib/auth/permissions";
import { ASSESSMENT_FORM_FIELDS } from "@/lib/domain/assessment-fields";
import { PLAUSIBLE_RANGES, PROTOCOLS } from "@/lib/rules";
import { REVIEW_OUTCOMES } from "@/lib/domain/review";
import { toUnitLocalInput } from "@/lib/time";

const ROOT = process.cwd();
const PASSWORD = "correct horse battery";
const SEED = 20_261_205;
/** Daylight saving time gives the unit's wall clock gaps and repeats: a zone with DST is the harder case. */
const TIME_ZONE = "Europe/Berlin";
const CODES = ["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RULE_BLOCKED", "UNAVAILABLE", "INTERNAL"];
/** What an answer must never show: a stack frame, a source path, an exception's name, the ORM's words, a multi-line dump. */
const LEAKS = ["    at ", ".ts:", "Error:", "prisma", "Invalid `", "\n"];
const STORED_AS_TYPED_RUNS = 40;

// ---------------------------------------------------------------- discovery (as in authorization-matrix.test.ts)

type ActionFn = (...args: unknown[]) => Promise<unknown>;

function isUseServerModule(source: string): boolean {
  const body = source.replace(/^(?:\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, "");
  return /^(["'])use server\1/.test(body);
}

async function discoverActions(): Promise<Map<string, ActionFn>> {
  const found = new Map<string, ActionFn>();
  const dir = path.join(ROOT, "lib/actions");
  for (const name of readdirSync(dir).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f)).sort()) {
    const file = path.join(dir, name);
    if (!isUseServerModule(readFileSync(file, "utf8"))) continue;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(mod)) if (typeof value === "function") found.set(exported, value as ActionFn);
  }
  return found;
}

const discovered = await discoverActions();

// ---------------------------------------------------------------- what an input can be

/** A form value: text, or a file where text was expected (the "wrong type" a multipart post can carry). */
type Value = string | { file: string };
/** What happens to one field of the valid form: replaced, removed, sent twice, or one odd character typed into it. */
type Op = { op: "keep" } | { op: "set"; value: Value } | { op: "drop" } | { op: "dup"; value: Value } | { op: "poison"; char: string; at: number };
type Kind =
  | { t: "uuid" }
  | { t: "number"; sample: string }
  | { t: "int"; sample: string }
  | { t: "time" }
  | { t: "text"; max: number }
  | { t: "password" }
  | { t: "email" }
  | { t: "enum"; values: readonly string[] }
  | { t: "list"; values: readonly string[] };

const NUMERIC = [
  "NaN", "nan", "Infinity", "-Infinity", "+Infinity", "-0", "+0", "0", "-1", "-80", "1e308", "-1e308", "1e-308", "1e400", "4e2", "0x50", "0b1010",
  "0o17", "80,5", "80.", ".5", " 80 ", "８０", "٨٠", "80\u00a0", "1_000", "9".repeat(400), "-9".repeat(50), "2147483648", "-2147483649",
  "9007199254740993", "80.123456789", "400.001", "399.999", "0.004", "1.005", "112.5", "0.5", "48000000.5", "1000000001", "00080", "+80",
];
const UNIT_CONFUSION = ["80 kg", "80kg", "0.08 t", "176 lb", "176lb", "80000 g", "48 MIU", "48,000,000 IU", "4.8e7 IU", "37.9 °C", "100 °F", "112 mmHg", "8 h", "520 mL", "0.5 L", "1.0 mg/dL"];
const TIMES = [
  "2999-12-31T23:59", "9999-12-31T23:59", "0000-01-01T00:00", "1970-01-01T00:00", "1900-01-01T00:00", "2026-02-31T10:00", "2026-13-01T00:00",
  "2026-03-01T24:00", "2026-03-01T23:60", "2026-03-01T14:00Z", "2026-03-01T14:00:00+02:00", "2026-03-01T14:00:00.000Z", "2026-03-01", "14:00",
  "yesterday", "now", "+275760-09-13T00:00", "-000001-01-01T00:00", "2026-03-29T02:30", "2026-10-25T02:30", "2026-3-1T9:00", "2026-03-01 14:00",
  "2026-03-01T14:00\u0000", "１９７０-01-01T00:00", "2026-03-01T14:00:00", "1772373600000",
];
const WORDS = [
  "GIVEN", "Given", "give", "hold", "held ", "stopped", "override ", "OVERRIDE", "til_adjunct", "TIL", "mono", "DoseEvent ", "doseevent",
  "Course", "Patient", "User", "AuditEvent", "Session", "__proto__", "constructor", "toString", "yes ", "true", "1", "on", "sinus\u200b",
  "room air", "none,minor", "entered_in_error", "entered-in-error", "admin",
];
const CONTROL = ["", " ", "   ", "\u0000", "a\u0000b", "\ud800", "\udfff", "x\ud83dy", "\u202eevil", "\ufeff", "\r\n", "\t", "\u0007", "\u2028", "﷽", "𝟠𝟘", "Z̤͔ͧ̑̓", "😀"];
const INJECTION = [
  "'; DROP TABLE \"Course\"; --", "1' OR '1'='1", "$1", "%", "_", "\\", "\\x00", "NULL", "null", "undefined", "{}", "[]", "{\"$ne\":null}",
  "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "{{7*7}}", "${7*7}", "javascript:alert(1)", "&lt;b&gt;", "../../etc/passwd",
];
const NOTHING_UUIDS = ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "00000000-0000-0000-0000-00000000000g", "{" + "0".repeat(32) + "}"];

const longText = fc
  .tuple(fc.constantFrom(10_000, 30_000, 100_000), fc.constantFrom("a", "9", "<", "é", "😀", "\u0000", " ", "ab\n"))
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)).slice(0, n));

/** Anything at all, for any field. */
const nasty: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom(...NUMERIC, ...UNIT_CONFUSION, ...TIMES, ...WORDS, ...CONTROL, ...INJECTION, ...NOTHING_UUIDS),
  longText,
  fc.uuid(),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.double().map(String),
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.constantFrom<Value>({ file: "x" }, { file: "" }, { file: "80" }),
);

interface World {
  unitId: string;
  /** real ids of the wrong kind or place: a closed course, a course of another unit, a user, a patient, … */
  decoys: string[];
}

/** Values near the field's meaning: plausible, borderline, or of the right shape but wrong. */
function near(kind: Kind, w: World): fc.Arbitrary<Value> {
  switch (kind.t) {
    case "uuid":
      return fc.oneof(fc.constantFrom(...w.decoys), fc.constantFrom(...w.decoys).map((id) => id.toUpperCase()), fc.uuid(), fc.constantFrom(...NOTHING_UUIDS));
    case "number":
      return fc.oneof(
        fc.double({ min: -1000, max: 1000, noNaN: true }).map(String),
        fc.integer({ min: -10, max: 2_500_000 }).map(String),
        fc.integer({ min: 0, max: 60_000 }).map((n) => (n / 100).toFixed(2)),
        fc.integer({ min: 0, max: 600_000 }).map((n) => (n / 1000).toFixed(3)),
        fc.constant(kind.sample),
        fc.constantFrom(...NUMERIC, ...UNIT_CONFUSION),
      );
    case "int":
      return fc.oneof(
        fc.integer({ min: -5, max: 10 }).map(String),
        fc.integer().map(String),
        fc.double({ min: -100, max: 1e9, noNaN: true }).map(String),
        fc.constant(kind.sample),
        fc.constantFrom("1", "2", "3", "0", "-1", "1.0", "1.5", "1e0", "01", " 1 ", "2147483648", "9".repeat(12), "48,000,000", "48 000 000", "48\u202f000\u202f000"),
      );
    case "time":
      return fc.oneof(
        fc.integer({ min: -60 * 24 * 30, max: 60 * 24 * 30 }).map((m) => toUnitLocalInput(new Date(Date.now() + m * 60_000), TIME_ZONE)),
        fc.integer({ min: -90, max: 15 }).map((m) => toUnitLocalInput(new Date(Date.now() + m * 60_000), TIME_ZONE)),
        fc.date({ min: new Date("0001-01-01T00:00:00Z"), max: new Date("9999-12-31T23:59:59Z"), noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom(...TIMES),
      );
    case "text":
      return fc.oneof(
        fc.string({ unit: "grapheme", maxLength: 60 }),
        fc.string({ unit: "binary", maxLength: 60 }),
        fc.constantFrom("x".repeat(kind.max), "x".repeat(kind.max + 1), " ".repeat(kind.max + 5), ...CONTROL, ...INJECTION),
        // ordinary words with one odd character inside: valid enough to reach the database
        {
          weight: 3,
          arbitrary: fc.tuple(fc.constantFrom("Told the attending", "Checked", "ok"), fc.constantFrom(...CONTROL), fc.string({ maxLength: 10 })).map(([a, b, c]) => a + b + c),
        },
      );
    case "password":
      return fc.constantFrom(PASSWORD, ` ${PASSWORD}`, PASSWORD.toUpperCase(), "wrong password", "", "x".repeat(256), "x".repeat(257), `${PASSWORD}\u0000`);
    case "email":
      return fc.oneof(fc.emailAddress(), fc.constantFrom("nobody@test.bolus", "@test.bolus", "a@b", "a@@b.c", "a b@c.d", "x".repeat(250) + "@t.co", "<a@b.c>"));
    case "enum":
      return fc.oneof(fc.constantFrom(...kind.values), fc.constantFrom(...kind.values).map((v) => v.toUpperCase()), fc.constantFrom(...WORDS));
    case "list":
      return fc.oneof(fc.constantFrom(...kind.values), fc.constantFrom(...WORDS), fc.constant(kind.values.join(",")));
  }
}

const EXTRA_KEYS = [
  "__proto__", "constructor", "prototype", "id", "status", "version", "recordedById", "actorId", "role", "unitId", "userId", "ok", "code",
  "$ACTION_ID_0123456789abcdef", "$ACTION_REF_1", "$ACTION_KEY", "courseId[]", "criteria", "doseIu", "password", "",
];

// ---------------------------------------------------------------- the actions' inputs

type Fields = Record<string, string | string[]>;

type FuzzEntry =
  | {
      access: "protected";
      role: Role;
      auditAction: string;
      runs: number;
      /** every field the action reads, with what it means */
      fields: Record<string, Kind>;
      /** a valid form on a fresh target on World.unitId; `variant` picks one of several realistic forms */
      base: (w: World, variant: number) => Promise<Fields>;
      successRedirect?: RegExp;
    }
  | { access: "sign-in"; runs: number }
  | { access: "sign-out"; runs: number };

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);
const local = (m: number) => toUnitLocalInput(minutesFromNow(m), TIME_ZONE);

type Staff = { attending: string; nurse: string; nurse2: string; pharmacist: string };
const staffOf = new Map<string, Staff>(); // unitId → the staff that made the fixture rows

async function activeTilCourse(w: World, anchorHoursFromNow = -4) {
  const s = staffOf.get(w.unitId)!;
  const patient = await makePatient(w.unitId);
  return makeCourse(patient.id, { orderedById: s.attending, verifiedById: s.pharmacist, anchorHoursFromNow });
}

const wellAssessmentFields = (): Fields => ({
  at: local(-5), "observedAt.creatinineMgDl": local(-60), "observedAt.plateletsPerUl": local(-60), "observedAt.bilirubinMgDl": local(-60),
  "observedAt.bicarbonateMmolL": local(-60), permanentEventsAnswer: "none", phenylephrinePeakMcgKgMin: "0", sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
  urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", otherVasopressor: "no",
  fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7", bicarbonateMmolL: "24",
  temperatureC: "37.9", infection: "none", giBleeding: "none",
});

/** The assessment form's own field list, so a new field is fuzzed without editing this file. */
const assessmentKinds: Record<string, Kind> = Object.fromEntries(
  ASSESSMENT_FORM_FIELDS.map((f): [string, Kind] => {
    const values = f.options?.map((o) => o.value) ?? [];
    switch (f.kind) {
      case "number":
        return [f.name, { t: "number", sample: "80" }];
      case "time":
        return [f.name, { t: "time" }];
      case "yesno":
        return [f.name, { t: "enum", values: ["yes", "no"] }];
      case "choice":
        return [f.name, { t: "enum", values }];
      case "list":
        return [f.name, { t: "list", values }];
    }
  }),
);

const CRITERIA = ["sbp-low", "urine-output-low", "creatinine-high", "tachycardia", "hypoxia", "mental-status", "permanent-event"];

const FUZZ: Record<string, FuzzEntry> = {
  signInAction: { access: "sign-in", runs: 60 },
  signOutAction: { access: "sign-out", runs: 60 },
  changePasswordAction: {
    access: "protected",
    role: "pharmacist",
    auditAction: "change-password",
    runs: 60,
    fields: { currentPassword: { t: "password" }, newPassword: { t: "password" }, confirmPassword: { t: "password" } },
    successRedirect: /^\/verifications\?password-changed=1$/,
    base: async (_w, variant) => {
      // the caller's password back to the factories' one, unlocked (a success changed it; wrong ones count toward the lock)
      await prisma.user.updateMany({ where: { role: "pharmacist", OR: [{ passwordChangedAt: { not: null } }, { failedSignInCount: { gt: 0 } }, { lockedUntil: { not: null } }] }, data: { passwordHash: (await prisma.user.findFirstOrThrow({ where: { role: "pharmacist", passwordChangedAt: null } })).passwordHash, passwordChangedAt: null, failedSignInCount: 0, lockedUntil: null } });
      const next = ["copper kettle under the river lamp", "seven quiet herons over the marsh"][variant % 2]!;
      return { currentPassword: PASSWORD, newPassword: next, confirmPassword: next };
    },
  },

  orderCourseAction: {
    access: "protected",
    role: "attending",
    auditAction: "course-order",
    runs: 120,
    successRedirect: /^\/courses\/[0-9a-f-]{36}$/,
    fields: {
      patientId: { t: "uuid" }, protocol: { t: "enum", values: PROTOCOLS }, dosingWeightKg: { t: "number", sample: "80" },
      baselineWeightKg: { t: "number", sample: "80" }, anchorAt: { t: "time" }, targetSbpMmHg: { t: "int", sample: "90" },
      doseIuPerKg: { t: "enum", values: ["600000", "720000"] },
    },
    base: async (w, variant): Promise<Fields> => {
      const patient = await makePatient(w.unitId);
      return variant % 2 === 0
        ? { patientId: patient.id, protocol: "til-adjunct", dosingWeightKg: "80", baselineWeightKg: "80", anchorAt: local(120), targetSbpMmHg: "90", doseIuPerKg: variant % 4 ? "720000" : "600000" }
        : { patientId: patient.id, protocol: "monotherapy", dosingWeightKg: "72.35", baselineWeightKg: "74", anchorAt: local(-60 * 24), ...(variant % 4 === 1 ? { doseIuPerKg: "720000" } : {}) };
    },
  },
  recordAssessmentAction: {
    access: "protected",
    role: "nurse",
    auditAction: "assessment-record",
    runs: 150,
    fields: { courseId: { t: "uuid" }, ...assessmentKinds },
    base: async (w) => ({ courseId: (await activeTilCourse(w)).id, ...wellAssessmentFields() }),
  },
  recordDoseAction: {
    access: "protected",
    role: "nurse",
    auditAction: "dose-record",
    runs: 120,
    fields: {
      courseId: { t: "uuid" }, assessmentId: { t: "uuid" }, kind: { t: "enum", values: ["given", "held"] }, expectedSequence: { t: "int", sample: "1" },
      occurredAt: { t: "time" }, doseIu: { t: "int", sample: "48000000" }, witnessId: { t: "uuid" }, criteria: { t: "list", values: CRITERIA },
      note: { t: "text", max: 2000 },
      // the blind witness's own figures and signature (docs/decisions/055)
      witnessDoseIu: { t: "int", sample: "48000000" }, witnessDoseMl: { t: "number", sample: "2.67" }, witnessUserId: { t: "email" }, witnessPassword: { t: "password" },
    },
    base: async (w, variant) => {
      const course = await activeTilCourse(w);
      const assessment = await makeAssessment(course.id, staffOf.get(w.unitId)!.nurse, { minutesAgo: 10 });
      const ids = { courseId: course.id, assessmentId: assessment.id, expectedSequence: "1" };
      return variant % 2 === 0
        ? {
            ...ids, kind: "given", doseIu: "48000000", witnessId: staffOf.get(w.unitId)!.nurse2, occurredAt: local(-2),
            witnessDoseIu: "48000000", witnessDoseMl: "2.67", witnessUserId: (await prisma.user.findUniqueOrThrow({ where: { id: staffOf.get(w.unitId)!.nurse2 } })).email, witnessPassword: PASSWORD,
          }
        : { ...ids, kind: "held", criteria: ["sbp-low"], note: "Patient asked to wait" };
    },
  },
  backEnterDoseAction: {
    access: "protected",
    role: "nurse",
    auditAction: "dose-back-enter",
    runs: 100,
    fields: {
      courseId: { t: "uuid" }, ...assessmentKinds, occurredAt: { t: "time" }, kind: { t: "enum", values: ["given", "held"] }, doseIu: { t: "int", sample: "48000000" },
      criteria: { t: "list", values: CRITERIA }, note: { t: "text", max: 2000 }, coSignerId: { t: "uuid" },
      // the entering nurse's signature and the co-signer's own (decision 061)
      password: { t: "password" }, witnessUserId: { t: "email" }, witnessPassword: { t: "password" },
    },
    base: async (w, variant) => {
      const staff = staffOf.get(w.unitId)!;
      const course = await activeTilCourse(w);
      const coSigner = await prisma.user.findUniqueOrThrow({ where: { id: staff.nurse2 } });
      const signed = { coSignerId: coSigner.id, witnessUserId: coSigner.email, witnessPassword: PASSWORD, password: PASSWORD };
      const paper = { courseId: course.id, ...wellAssessmentFields(), at: local(-40), occurredAt: local(-30), ...signed };
      return variant % 2 === 0 ? { ...paper, kind: "given", doseIu: "48000000" } : { ...paper, kind: "held", criteria: ["sbp-low"], note: "Held on paper" };
    },
  },
  reviewHoldAction: {
    access: "protected",
    role: "attending",
    auditAction: "hold-review",
    runs: 100,
    fields: { doseEventId: { t: "uuid" }, outcome: { t: "enum", values: REVIEW_OUTCOMES }, reason: { t: "text", max: 2000 }, password: { t: "password" } },
    base: async (w, variant) => {
      const s = staffOf.get(w.unitId)!;
      const course = await activeTilCourse(w);
      const assessment = await makeAssessment(course.id, s.nurse, { minutesAgo: 30, values: { urineOutputMl: 300, urineOutputHours: 8 } });
      const event = await makeDoseEvent(course.id, s.nurse, { sequence: 1, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: assessment.id });
      const outcome = REVIEW_OUTCOMES[variant % REVIEW_OUTCOMES.length]!;
      return { doseEventId: event.id, outcome, reason: "Euvolaemic, urine output improving", password: PASSWORD };
    },
  },
  acknowledgeDowntimeDoseAction: {
    access: "protected",
    role: "attending",
    auditAction: "downtime-acknowledge",
    runs: 100,
    fields: { doseEventId: { t: "uuid" }, note: { t: "text", max: 2000 }, password: { t: "password" } },
    // a dose given during downtime that the rules would have held, co-signed by a second nurse (decision 061)
    base: async (w) => {
      const s = staffOf.get(w.unitId)!;
      const course = await activeTilCourse(w);
      const event = await makeDoseEvent(course.id, s.nurse, { sequence: 1, kind: "given", hoursAgo: 0.5 });
      await flagAsDowntimeDose(event.id, s.nurse2);
      return { doseEventId: event.id, note: "Paper record checked with the nurse; urine output recovered", password: PASSWORD };
    },
  },
  approveCycle2Action: {
    access: "protected",
    role: "attending",
    auditAction: "cycle2-approve",
    runs: 80,
    fields: { courseId: { t: "uuid" }, note: { t: "text", max: 2000 }, password: { t: "password" } },
    base: async (w) => {
      const s = staffOf.get(w.unitId)!;
      const patient = await makePatient(w.unitId);
      const course = await makeCourse(patient.id, { protocol: "monotherapy", orderedById: s.attending, verifiedById: s.pharmacist, anchorHoursFromNow: -144 });
      await makeDoseEvent(course.id, s.nurse, { sequence: 1, kind: "given", hoursAgo: 144 });
      await makeDoseEvent(course.id, s.nurse, { sequence: 2, kind: "given", hoursAgo: 136 });
      return { courseId: course.id, note: "Recovered fully", password: PASSWORD };
    },
  },
  verifyOrderAction: {
    access: "protected",
    role: "pharmacist",
    auditAction: "course-verify-order",
    runs: 120,
    fields: { courseId: { t: "uuid" }, dosingWeightKg: { t: "number", sample: "80" }, doseIu: { t: "int", sample: "48,000,000" }, note: { t: "text", max: 2000 }, password: { t: "password" } },
    base: async (w) => {
      const patient = await makePatient(w.unitId);
      const course = await makeCourse(patient.id, { status: "ordered", dosingWeightKg: 80, orderedById: staffOf.get(w.unitId)!.attending });
      return { courseId: course.id, dosingWeightKg: "80.00", doseIu: "48,000,000", note: "Checked against the scale record", password: PASSWORD };
    },
  },
  verifyCountsAction: {
    access: "protected",
    role: "pharmacist",
    auditAction: "count-verify",
    runs: 120,
    fields: { courseId: { t: "uuid" }, lastEventSequence: { t: "int", sample: "3" }, enteredInErrorCount: { t: "int", sample: "0" }, discrepancyNote: { t: "text", max: 2000 }, password: { t: "password" } },
    base: async (w, variant) => {
      const s = staffOf.get(w.unitId)!;
      const course = await activeTilCourse(w, -20);
      await makeDoseEvent(course.id, s.nurse, { sequence: 1, kind: "given", hoursAgo: 16.9 });
      // variant 1: the second dose differs from the order, so the report shows a discrepancy and a note is required
      await makeDoseEvent(course.id, s.nurse, { sequence: 2, kind: "given", hoursAgo: 8.9, ...(variant % 2 ? { doseIu: 24_000_000 } : {}) });
      await makeDoseEvent(course.id, s.nurse, { sequence: 3, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
      return { courseId: course.id, lastEventSequence: "3", enteredInErrorCount: "0", password: PASSWORD, ...(variant % 2 ? { discrepancyNote: "Dose 2 was half: told the attending" } : {}) };
    },
  },
  markEnteredInErrorAction: {
    access: "protected",
    role: "attending",
    auditAction: "mark-entered-in-error",
    runs: 80,
    fields: { entityType: { t: "enum", values: ["DoseEvent", "Assessment"] }, entityId: { t: "uuid" }, reason: { t: "text", max: 2000 }, password: { t: "password" } },
    base: async (w, variant) => {
      const s = staffOf.get(w.unitId)!;
      const course = await activeTilCourse(w);
      const assessment = await makeAssessment(course.id, s.nurse, { minutesAgo: 20 });
      const event = await makeDoseEvent(course.id, s.nurse, { sequence: 1, kind: "given", hoursAgo: 1, assessmentId: assessment.id });
      return variant % 2 === 0
        ? { entityType: "DoseEvent", entityId: event.id, reason: "Recorded on the wrong patient", password: PASSWORD }
        : { entityType: "Assessment", entityId: assessment.id, reason: "Values of another patient", password: PASSWORD };
    },
  },
  amendCourseAction: {
    access: "protected",
    role: "attending",
    auditAction: "course-amend",
    runs: 120,
    fields: {
      courseId: { t: "uuid" }, version: { t: "int", sample: "1" }, dosingWeightKg: { t: "number", sample: "81" }, baselineWeightKg: { t: "number", sample: "81" },
      targetSbpMmHg: { t: "int", sample: "95" }, reason: { t: "text", max: 2000 }, password: { t: "password" },
    },
    base: async (w, variant): Promise<Fields> => {
      // variants 3–5: after the first dose event, a signed amendment of the baseline weight or the SBP target
      const afterDose = variant >= 3;
      const course = await activeTilCourse(w, afterDose ? -6 : -4);
      if (afterDose) await makeDoseEvent(course.id, staffOf.get(w.unitId)!.nurse, { sequence: 1, kind: "given", hoursAgo: 2 });
      const change: Fields = afterDose
        ? [{ baselineWeightKg: "81" }, { targetSbpMmHg: "100" }, { baselineWeightKg: "79.5", targetSbpMmHg: "140" }][variant % 3]!
        : [{ baselineWeightKg: "81" }, { dosingWeightKg: "82.5" }, { targetSbpMmHg: "95" }][variant % 3]!;
      return { courseId: course.id, version: String(course.version), ...change, reason: "Re-weighed on the admission scale", ...(afterDose ? { password: PASSWORD } : {}) };
    },
  },
  moveCourseRuleSetAction: {
    access: "protected",
    role: "attending",
    auditAction: "course-rule-set-move",
    runs: 80,
    fields: { courseId: { t: "uuid" }, version: { t: "int", sample: "1" }, reason: { t: "text", max: 2000 }, password: { t: "password" } },
    base: async (w, variant) => {
      // a 1.0.0 TIL course (target 90): active with a given dose, or still waiting for the pharmacist
      const s = staffOf.get(w.unitId)!;
      const patient = await makePatient(w.unitId);
      const course = await makeCourse(patient.id, { orderedById: s.attending, verifiedById: s.pharmacist, anchorHoursFromNow: -6, status: variant % 2 ? "ordered" : "active" });
      if (variant % 2 === 0) await makeDoseEvent(course.id, s.nurse, { sequence: 1, kind: "given", hoursAgo: 2 });
      return { courseId: course.id, version: String(course.version), reason: "Unit adopts the 1.1.0 rules", password: PASSWORD };
    },
  },
  // issue 11, item 2: people and units, as the administrator (docs/decisions/048-people-and-units.md)
  createUserAction: {
    access: "protected",
    role: "admin",
    auditAction: "user-create",
    runs: 40,
    fields: { name: { t: "text", max: 200 }, email: { t: "email" }, role: { t: "enum", values: ["nurse", "attending", "pharmacist", "admin"] }, unitIds: { t: "uuid" }, password: { t: "password" } },
    base: async (w, variant) => ({
      password: PASSWORD,
      name: "Fuzz Person", email: `fuzz-${randomUUID().slice(0, 8)}@test.bolus`, role: ["nurse", "attending", "pharmacist", "admin"][variant % 4]!, unitIds: [w.unitId],
    }),
  },
  setUserActiveAction: {
    access: "protected",
    role: "admin",
    auditAction: "user-set-active",
    runs: 30,
    fields: { userId: { t: "uuid" }, active: { t: "enum", values: ["yes", "no"] }, password: { t: "password" } },
    base: async (w, variant) => ({ userId: (await makeUser("nurse", [w.unitId], PASSWORD, { active: variant % 2 === 1 })).id, active: variant % 2 ? "no" : "yes", password: PASSWORD }),
  },
  resetPasswordAction: {
    access: "protected",
    role: "admin",
    auditAction: "user-reset-password",
    runs: 20,
    fields: { userId: { t: "uuid" }, password: { t: "password" } },
    base: async (w) => ({ userId: (await makeUser("pharmacist", [w.unitId])).id, password: PASSWORD }),
  },
  unlockUserAction: {
    access: "protected",
    role: "admin",
    auditAction: "user-unlock",
    runs: 20,
    fields: { userId: { t: "uuid" } },
    base: async (w) => {
      const user = await makeUser("attending", [w.unitId]);
      await prisma.user.update({ where: { id: user.id }, data: { lockedUntil: minutesFromNow(15) } });
      return { userId: user.id };
    },
  },
  updateUserAction: {
    access: "protected",
    role: "admin",
    auditAction: "user-update",
    runs: 30,
    fields: { userId: { t: "uuid" }, role: { t: "enum", values: ["nurse", "attending", "pharmacist", "admin"] }, unitIds: { t: "uuid" }, password: { t: "password" } },
    base: async (w, variant) => ({ userId: (await makeUser("nurse", [w.unitId])).id, role: ["attending", "pharmacist", "admin"][variant % 3]!, unitIds: [w.unitId], password: PASSWORD }),
  },
  createUnitAction: {
    access: "protected",
    role: "admin",
    auditAction: "unit-create",
    runs: 30,
    fields: { name: { t: "text", max: 100 }, timeZone: { t: "enum", values: ["Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata"] } },
    base: async (_w, variant) => ({ name: `Fuzz ward ${randomUUID().slice(0, 8)}`, timeZone: ["Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata"][variant % 4]! }),
  },
  updateUnitAction: {
    access: "protected",
    role: "admin",
    auditAction: "unit-update",
    runs: 30,
    fields: { unitId: { t: "uuid" }, name: { t: "text", max: 100 }, timeZone: { t: "enum", values: ["Europe/Paris", "America/New_York", "UTC", "Asia/Kolkata"] } },
    base: async (_w, variant) => {
      const unit = await makeUnit();
      return { unitId: unit.id, name: `${unit.name} renamed`, timeZone: ["Europe/Paris", "America/New_York", "Asia/Kolkata"][variant % 3]! };
    },
  },
  admitPatientAction: {
    access: "protected",
    role: "attending",
    auditAction: "patient-admit",
    runs: 80,
    fields: {
      unitId: { t: "uuid" }, mrn: { t: "text", max: 32 }, familyName: { t: "text", max: 100 }, givenName: { t: "text", max: 100 },
      birthDate: { t: "text", max: 10 }, gender: { t: "enum", values: ["female", "male", "other", "unknown"] },
    },
    base: async (w, variant) => ({
      unitId: w.unitId, mrn: `FZ-${randomUUID().slice(0, 8)}`, familyName: "Lindqvist", givenName: "Astrid", birthDate: variant % 2 ? "1971-03-09" : "2001-12-31",
      gender: ["female", "male", "other", "unknown"][variant % 4]!,
    }),
  },
  transferPatientAction: {
    access: "protected",
    role: "attending",
    auditAction: "patient-transfer",
    runs: 60,
    fields: { patientId: { t: "uuid" }, toUnitId: { t: "uuid" }, note: { t: "text", max: 500 } },
    base: async (w, variant) => {
      const patient = variant % 2 ? (await activeTilCourse(w)).patientId : (await makePatient(w.unitId)).id;
      return { patientId: patient, toUnitId: (await makeUnit(undefined, TIME_ZONE)).id, note: "Step-down bed free" };
    },
  },
  dischargePatientAction: {
    access: "protected",
    role: "attending",
    auditAction: "patient-discharge",
    runs: 60,
    fields: { patientId: { t: "uuid" }, note: { t: "text", max: 500 } },
    base: async (w) => ({ patientId: (await makePatient(w.unitId)).id, note: "Home with family" }),
  },
  markDischargeInErrorAction: {
    access: "protected",
    role: "attending",
    auditAction: "patient-discharge-in-error",
    runs: 60,
    fields: { patientId: { t: "uuid" }, reason: { t: "text", max: 500 } },
    base: async (w) => {
      const patient = await makePatient(w.unitId);
      const at = new Date(Date.now() - 60_000);
      await prisma.patient.update({ where: { id: patient.id }, data: { dischargedAt: at } });
      await prisma.patientMovement.create({ data: { patientId: patient.id, kind: "discharge", fromUnitId: w.unitId, at, byId: staffOf.get(w.unitId)!.attending } });
      return { patientId: patient.id, reason: "Wrong patient selected on the list" };
    },
  },
};

// ---------------------------------------------------------------- building a call

function formOfFields(fields: Fields): FormData {
  return applyOps(fields, {}, {}, []);
}

function applyOps(base: Fields, kinds: Record<string, Kind>, ops: Record<string, Op>, extras: [string, Value][]): FormData {
  const form = new FormData();
  const put = (k: string, v: Value) => (typeof v === "string" ? form.append(k, v) : form.append(k, new File([v.file], "upload.bin", { type: "application/octet-stream" })));
  const names = [...new Set([...Object.keys(base), ...Object.keys(kinds)])];
  for (const name of names) {
    const op = ops[name] ?? { op: "keep" };
    const original = base[name];
    const keep = () => (Array.isArray(original) ? original.forEach((v) => put(name, v)) : original !== undefined && put(name, original));
    if (op.op === "keep") keep();
    else if (op.op === "set") put(name, op.value);
    else if (op.op === "dup") {
      keep();
      put(name, op.value);
    } else if (op.op === "poison") {
      const text = (Array.isArray(original) ? original[0] : original) ?? "";
      const i = Math.floor(op.at * text.length);
      put(name, text.slice(0, i) + op.char + text.slice(i));
    }
  }
  for (const [k, v] of extras) put(k, v);
  return form;
}

/** Characters pasted into an otherwise valid value: NUL, lone surrogates, bidi override, BEL, ESC, CR LF, BOM, quotes. */
const HOSTILE = ["\u0000", "\ud800", "\udfff", "\u202e", "\u0007", "\u001b", "\r\n", "\ufeff", "'", "<"];

function opFor(kind: Kind, w: World): fc.Arbitrary<Op> {
  return fc.oneof(
    { weight: 3, arbitrary: near(kind, w).map((value): Op => ({ op: "set", value })) },
    { weight: 2, arbitrary: nasty.map((value): Op => ({ op: "set", value })) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE), fc.double({ min: 0, max: 1, noNaN: true })).map(([char, at]): Op => ({ op: "poison", char, at })) },
    { weight: 1, arbitrary: fc.constant<Op>({ op: "drop" }) },
    { weight: 1, arbitrary: fc.oneof(near(kind, w), nasty).map((value): Op => ({ op: "dup", value })) },
  );
}

/** One to three fields damaged per call, so most calls get past the first check to the deeper ones. */
function opsFor(kinds: Record<string, Kind>, w: World): fc.Arbitrary<Record<string, Op>> {
  const names = Object.keys(kinds);
  return fc
    .subarray(names, { minLength: 1, maxLength: Math.min(3, names.length) })
    .chain((chosen) => fc.tuple(...chosen.map((name) => opFor(kinds[name]!, w))).map((ops) => Object.fromEntries(chosen.map((name, i) => [name, ops[i]!]))));
}

/** The systematic part, run before the random calls: each field alone, damaged each of these ways. */
const SWEEP: Op[] = [
  { op: "poison", char: "\u0000", at: 0.5 },
  { op: "poison", char: "\ud800", at: 1 },
  { op: "set", value: "a".repeat(100_000) },
  { op: "set", value: "NaN" },
  { op: "set", value: "-1" },
  { op: "set", value: { file: "x" } },
  { op: "drop" },
  { op: "dup", value: "<script>alert(1)</script>" },
];

const extrasArb = fc.array(fc.tuple(fc.oneof(fc.constantFrom(...EXTRA_KEYS), fc.string({ maxLength: 20 })), nasty), { maxLength: 3 });

/** Text the caller submitted: a "leak" pattern that was typed in may come back in a field message. */
function submittedText(form: FormData): string {
  return [...form.entries()].map(([k, v]) => `${k}=${typeof v === "string" ? v : ""}`).join("\u0001");
}

// ---------------------------------------------------------------- observing a call

const bigintSafe = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as unknown;

/** Every clinical row on the unit and the sessions of its users (their lastSeenAt aside). */
async function clinicalRows(unitId: string, userIds: string[]) {
  const onUnit = { patient: { unitId } };
  const byId = { orderBy: { id: "asc" as const } };
  return bigintSafe(
    await Promise.all([
      prisma.patient.findMany({ where: { unitId }, ...byId }),
      prisma.course.findMany({ where: onUnit, ...byId }),
      prisma.assessment.findMany({ where: { course: onUnit }, ...byId }),
      prisma.doseEvent.findMany({ where: { course: onUnit }, ...byId }),
      prisma.holdReview.findMany({ where: { doseEvent: { course: onUnit } }, ...byId }),
      prisma.doseCountVerification.findMany({ where: { course: onUnit }, ...byId }),
      prisma.session.findMany({ where: { userId: { in: userIds } }, select: { id: true, userId: true, createdAt: true, expiresAt: true, endedAt: true, endReason: true }, ...byId }),
      prisma.courseAmendment.findMany({ where: { course: onUnit }, ...byId }),
    ]),
  );
}

async function maxAuditId(): Promise<bigint> {
  return (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}

type Outcome = { threw: unknown } | { redirectedTo: string } | { result: unknown };

async function run(call: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { result: await call() };
  } catch (e) {
    const digest = (e as { digest?: unknown })?.digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { redirectedTo: digest.split(";")[2] ?? "" };
    return { threw: e };
  }
}

/** The shape every answer must have; returns whether it is a failure. */
function checkAnswer(out: Outcome, form: FormData, redirect: RegExp | undefined): { failed: boolean } {
  if ("threw" in out) {
    const e = out.threw as Error;
    throw new Error(`the action threw instead of answering: ${e?.name}: ${e?.message}`);
  }
  if ("redirectedTo" in out) {
    if (!redirect) throw new Error(`the action redirected to ${out.redirectedTo}; only a success of sign-in, sign-out or order-course may`);
    expect(out.redirectedTo).toMatch(redirect);
    return { failed: false };
  }
  const r = out.result as Record<string, unknown>;
  expect(r, "the answer is not an object").toBeTypeOf("object");
  expect(typeof r.ok, "the answer has no boolean ok").toBe("boolean");
  if (r.ok === true) {
    expect(Object.keys(r).sort()).toEqual(["data", "ok"]);
    return { failed: false };
  }
  expect(CODES).toContain(r.code);
  expect(r.code, `INTERNAL answer: ${String(r.message)}`).not.toBe("INTERNAL");
  expect(typeof r.message).toBe("string");
  expect(["code", "fieldErrors", "message", "ok", "values"]).toEqual(expect.arrayContaining(Object.keys(r)));
  const typed = submittedText(form).toLowerCase();
  const message = String(r.message);
  for (const leak of LEAKS) expect(message.toLowerCase(), `the message shows "${leak}": ${message}`).not.toContain(leak.toLowerCase());
  if (r.fieldErrors !== undefined) {
    for (const [field, messages] of Object.entries(r.fieldErrors as Record<string, unknown>)) {
      expect(Array.isArray(messages), `fieldErrors.${field} is not a list`).toBe(true);
      for (const m of messages as unknown[]) {
        expect(typeof m).toBe("string");
        for (const leak of LEAKS) {
          if (!typed.includes(leak.toLowerCase())) expect(String(m).toLowerCase(), `fieldErrors.${field} shows "${leak}": ${String(m)}`).not.toContain(leak.toLowerCase());
        }
      }
    }
  }
  return { failed: true };
}

// ---------------------------------------------------------------- tests

let fuzzCases = 0;

afterAll(() => {
  const planned =
    STORED_AS_TYPED_RUNS +
    Object.values(FUZZ).reduce((sum, e) => sum + e.runs + (e.access === "protected" ? Object.keys(e.fields).length : e.access === "sign-in" ? 2 : 0) * (e.access === "sign-out" ? 0 : SWEEP.length), 0);
  console.log(`action fuzz: ${discovered.size} server actions, ${fuzzCases} fuzz cases run of ${planned} planned (a failing property stops early; seed ${SEED})`);
});

test("every discovered server action has a fuzz entry (add one to FUZZ in tests/integration/action-fuzz.test.ts)", () => {
  expect(discovered.size).toBeGreaterThanOrEqual(10);
  expect([...discovered.keys()].sort(), "A server action has no entry in FUZZ (or an entry names one that no longer exists): add its fields and a valid base form.").toEqual(
    Object.keys(FUZZ).sort(),
  );
});

async function makeWorld(): Promise<World & { userIds: string[] }> {
  const unit = await makeUnit(undefined, TIME_ZONE);
  const otherUnit = await makeUnit(undefined, TIME_ZONE);
  const staff: Staff = {
    attending: (await makeUser("attending", [unit.id])).id,
    nurse: (await makeUser("nurse", [unit.id])).id,
    nurse2: (await makeUser("nurse", [unit.id])).id,
    pharmacist: (await makeUser("pharmacist", [unit.id])).id,
  };
  staffOf.set(unit.id, staff);
  staffOf.set(otherUnit.id, { ...staff, attending: (await makeUser("attending", [otherUnit.id])).id });
  // decoys: real rows of the wrong kind or place
  const closedPatient = await makePatient(unit.id);
  const closed = await makeCourse(closedPatient.id, { status: "closed", orderedById: staff.attending, verifiedById: staff.pharmacist });
  const elsewherePatient = await makePatient(otherUnit.id);
  const elsewhere = await makeCourse(elsewherePatient.id, { orderedById: staffOf.get(otherUnit.id)!.attending, verifiedById: staff.pharmacist });
  const elsewhereEvent = await makeDoseEvent(elsewhere.id, staff.nurse, { sequence: 1, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
  return {
    unitId: unit.id,
    decoys: [closed.id, closedPatient.id, elsewhere.id, elsewherePatient.id, elsewhereEvent.id, staff.attending, staff.pharmacist, unit.id, otherUnit.id],
    userIds: Object.values(staff),
  };
}

// What the nurse typed is what the record, the engine's decision and the audit row hold: a number the database
// cannot keep exactly (an integer column, or more decimals than its scale) must be refused, not silently changed.
describe("recordAssessmentAction: a value inside the plausible range is stored as typed, or refused", () => {
  test(`${STORED_AS_TYPED_RUNS} numbers with 1–3 decimals in the assessment's number fields`, async () => {
    const world = await makeWorld();
    const nurse = await makeUser("nurse", [world.unitId]);
    const fn = discovered.get("recordAssessmentAction");
    if (!fn) throw new Error("recordAssessmentAction was not discovered");
    const ranges = PLAUSIBLE_RANGES as Record<string, { min: number; max: number }>;
    const numeric = ASSESSMENT_FORM_FIELDS.filter((f) => f.kind === "number" && ranges[f.name]).map((f) => f.name);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...numeric), fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 3 }), async (field, permille, decimals) => {
        fuzzCases++;
        const { min, max } = ranges[field]!;
        const typed = (min + ((max - min) * permille) / 1000).toFixed(decimals);
        const course = await activeTilCourse(world);
        await signedInBrowser(nurse);
        const out = (await fn(null, formOfFields({ courseId: course.id, ...wellAssessmentFields(), [field]: typed }))) as { ok: boolean; data?: { assessmentId: string } };
        if (!out.ok) return; // refusing a value it cannot keep is an honest answer
        const row = (await prisma.assessment.findUniqueOrThrow({ where: { id: out.data!.assessmentId } })) as unknown as Record<string, unknown>;
        expect(String(row[field]), `${field}: typed ${typed}, stored ${String(row[field])}`).toBe(String(Number(typed)));
      }),
      { seed: SEED, numRuns: STORED_AS_TYPED_RUNS, endOnFailure: true },
    );
  });
});

for (const [name, entry] of Object.entries(FUZZ)) {
  describe(name, () => {
    let fn: ActionFn;
    let world: World & { userIds: string[] };

    beforeAll(async () => {
      const found = discovered.get(name);
      if (!found) throw new Error(`${name} is in FUZZ but was not discovered`);
      fn = found;
      world = await makeWorld();
    });

    if (entry.access === "protected") {
      test(`each field × ${SWEEP.length} damages, then ${entry.runs} random damaged forms, as ${entry.role} on their own unit: an answer, never INTERNAL, nothing written on failure, one audit row`, async () => {
        const caller = await makeUser(entry.role, [world.unitId]);
        const sweep: [number, Record<string, Op>, [string, Value][]][] = Object.keys(entry.fields).flatMap((field, f) =>
          SWEEP.map((op, i): [number, Record<string, Op>, [string, Value][]] => [(f + i) % 6, { [field]: op }, []]),
        );
        const userIds = [...world.userIds, caller.id];
        let base: Fields | null = null;
        let baseVariant = -1;
        const stats = { ok: 0, failed: 0, codes: {} as Record<string, number> };
        await fc.assert(
          fc.asyncProperty(fc.nat(5), opsFor(entry.fields, world), extrasArb, async (variant, ops, extras) => {
            fuzzCases++;
            // a fresh target when the last call changed it (a success) or another kind of form is asked for
            if (!base || variant !== baseVariant) {
              base = await entry.base(world, variant);
              baseVariant = variant;
            }
            await signedInBrowser(caller);
            const form = applyOps(base, entry.fields, ops, extras);
            const before = await clinicalRows(world.unitId, userIds);
            const mark = await maxAuditId();

            const out = await run(() => fn(null, form));
            const { failed } = checkAnswer(out, form, entry.successRedirect);

            const audit = await prisma.auditEvent.findMany({ where: { id: { gt: mark }, actorId: caller.id }, orderBy: { id: "asc" } });
            if (failed) {
              const code = (out as { result: { code: string } }).result.code;
              stats.failed++;
              stats.codes[code] = (stats.codes[code] ?? 0) + 1;
              expect(await clinicalRows(world.unitId, userIds), `a ${code} failure wrote or changed a clinical row`).toEqual(before);
              expect(audit.map((a) => [a.action, a.outcome]), `a ${code} failure did not leave exactly one denied audit row`).toEqual([[entry.auditAction, "denied"]]);
            } else {
              stats.ok++;
              expect(audit.map((a) => [a.action, a.outcome]), "a success did not leave exactly one success audit row").toEqual([[entry.auditAction, "success"]]);
              base = null; // the target has been used
            }
          }),
          { seed: SEED, numRuns: sweep.length + entry.runs, examples: sweep, endOnFailure: true },
        );
        console.log(`  ${name}: ${stats.ok} accepted, ${stats.failed} refused ${JSON.stringify(stats.codes)}`);
      }, 120_000);
      return;
    }

    if (entry.access === "sign-in") {
      /** refused sign-ins counted in SignInCounter and not yet summed up in an audit row */
      const refusedCounted = async () => (await prisma.signInCounter.aggregate({ _sum: { refused: true } }))._sum.refused ?? 0;
      test(`each field × ${SWEEP.length} damages, then ${entry.runs} random damaged sign-ins: an answer, never INTERNAL, no session on failure, one audit row`, async () => {
        const stats = { ok: 0, failed: 0 };
        const signInSweep = ["email", "password"].flatMap((field) => SWEEP.map((op): [Record<string, Op>, [string, Value][]] => [{ [field]: op }, []]));
        await fc.assert(
          fc.asyncProperty(opsFor({ email: { t: "email" }, password: { t: "password" } }, world), extrasArb, async (ops, extras) => {
            fuzzCases++;
            const user = await makeUser("nurse", [world.unitId]);
            await signInGate.resetShared(prisma); // each case a visitor the per-address gate has not seen (its limits: signin-throttle.test.ts)
            const form = applyOps({ email: user.email, password: PASSWORD }, { email: { t: "email" }, password: { t: "password" } }, ops, extras);
            const browser = freshBrowser();
            const before = await clinicalRows(world.unitId, [...world.userIds, user.id]);
            const mark = await maxAuditId();
            const refusedBefore = await refusedCounted();
            const out = await run(() => fn(null, form));
            const { failed } = checkAnswer(out, form, new RegExp(`^${HOME_BY_ROLE.nurse}$`));
            // (an e-mail holding NUL cannot be a stored label, and PostgreSQL refuses it even as a query parameter)
            const submitted = form.getAll("email").filter((v): v is string => typeof v === "string" && !v.includes("\u0000")).map((v) => v.trim().toLowerCase());
            const audit = await prisma.auditEvent.findMany({
              where: { id: { gt: mark }, action: "sign-in", OR: [{ actorId: user.id }, { actorLabel: { in: submitted } }, { actorId: null, actorLabel: null }] },
            });
            if (failed) {
              stats.failed++;
              expect(await clinicalRows(world.unitId, [...world.userIds, user.id]), "a failed sign-in wrote a row").toEqual(before);
              expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
              // bad input: one denied row; a refused sign-in: counted, summed up in a later row (docs/decisions/052)
              if ("result" in out && (out.result as { code?: string }).code === "VALIDATION") expect(audit.map((a) => a.outcome)).toEqual(["denied"]);
              else expect([audit.length, (await refusedCounted()) - refusedBefore]).toEqual([0, 1]);
            } else {
              stats.ok++;
              expect(browser.cookie(SESSION_COOKIE)?.value).toBeTruthy();
              expect(audit.map((a) => [a.outcome, a.actorId])).toEqual([["success", user.id]]);
            }
          }),
          { seed: SEED, numRuns: signInSweep.length + entry.runs, examples: signInSweep, endOnFailure: true },
        );
        console.log(`  ${name}: ${stats.ok} accepted, ${stats.failed} refused`);
      }, 120_000);
      return;
    }

    test(`${entry.runs} sign-outs with damaged session cookies: always back to sign-in, nothing else ended or written`, async () => {
      const user = await makeUser("nurse", [world.unitId]);
      const colleague = await makeUser("nurse", [world.unitId]);
      const cookieArb = fc.oneof(
        fc.constant("real"),
        nasty.filter((v): v is string => typeof v === "string"),
        fc.constantFrom("", "x".repeat(201), randomBytes(32).toString("base64url"), "real\u0000", "real "),
      );
      await signedInBrowser(colleague);
      await fc.assert(
        fc.asyncProperty(cookieArb, async (cookie) => {
          fuzzCases++;
          const browser = cookie.startsWith("real") ? await signedInBrowser(user) : freshBrowser();
          const token = browser.cookie(SESSION_COOKIE)?.value;
          const value = cookie.startsWith("real") ? `${token}${cookie.slice(4)}` : cookie;
          browser.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value });
          const userIds = [...world.userIds, user.id, colleague.id];
          const before = (await clinicalRows(world.unitId, userIds)) as unknown[];
          const out = await run(() => fn());
          expect(out).toEqual({ redirectedTo: "/login" });
          expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
          const after = (await clinicalRows(world.unitId, userIds)) as unknown[];
          // only the session the cookie names exactly may end; every other row stays as it was
          const ended = cookie === "real" ? (after[6] as { id: string; endReason: string | null }[]).filter((s) => s.endReason === "sign-out").map((s) => s.id) : [];
          const drop = (rows: unknown[]) => rows.map((r, i) => (i === 6 ? (r as { id: string }[]).filter((s) => !ended.includes(s.id)) : r));
          expect(drop(after)).toEqual(drop(before));
          if (cookie === "real") expect(ended.length).toBeGreaterThanOrEqual(1);
        }),
        { seed: SEED, numRuns: entry.runs, endOnFailure: true },
      );
    }, 120_000);
  });
}

