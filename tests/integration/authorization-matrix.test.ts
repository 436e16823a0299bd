// Issue 5, item 1: every server action and every route handler, found by reading the source tree, is called as
// nobody, as an expired session, as every role that may not call it, and as the right role on another unit's
// record. Each call must be refused with the right code, write no clinical row, and leave exactly one `denied`
// audit row; another unit's record must be answered exactly like a record that does not exist.
//
// A new action or route handler cannot escape: the first test fails until it has an entry in ACTIONS or ROUTES.
import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { NextRequest } from "next/server";
import { followRedirect, formOf, freshBrowser, signedInBrowser, type Browser } from "./support/request-context";
import { flagAsDowntimeDose, makeAssessment, makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { throttleKeys } from "@/lib/auth/throttle";
import { UNKNOWN_ADDRESS } from "@/lib/auth/throttle-address";
import { authConfig, SESSION_COOKIE } from "@/lib/auth/config";
import { hashToken } from "@/lib/auth/session";
import { HOME_BY_ROLE, PERMISSIONS, ROLES, type Permission, type Role } from "@/lib/auth/permissions";
import { toUnitLocalInput } from "@/lib/time";
import type { ActionCode } from "@/lib/actions/result";

const ROOT = process.cwd();
const PASSWORD = "correct horse battery"; // the factories' default: every caller signs with their own password
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

// ---------------------------------------------------------------- discovery

type ActionFn = (...args: unknown[]) => Promise<unknown>;
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** True when the file's first statement is the "use server" directive (comments and blank lines may precede it). */
function isUseServerModule(source: string): boolean {
  const body = source.replace(/^(?:\s+|\/\/[^\n]*(?:\n|$)|\/\*[\s\S]*?\*\/)*/, "");
  return /^(["'])use server\1/.test(body);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "node_modules" || d.name.startsWith(".") ? [] : walk(full);
    return [full];
  });
}

async function discoverActions(): Promise<Map<string, { file: string; fn: ActionFn }>> {
  const found = new Map<string, { file: string; fn: ActionFn }>();
  const dir = path.join(ROOT, "lib/actions");
  for (const name of readdirSync(dir).filter((f) => /\.(ts|tsx|js|mjs)$/.test(f)).sort()) {
    const file = path.join(dir, name);
    if (!isUseServerModule(readFileSync(file, "utf8"))) continue;
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(mod)) {
      if (typeof value === "function") found.set(exported, { file: path.relative(ROOT, file), fn: value as ActionFn });
    }
  }
  return found;
}

/** app/(clinical)/x/[id]/route.ts → /x/[id]: route groups are not part of the URL. */
function urlOf(file: string): string {
  const segments = path.relative(path.join(ROOT, "app"), path.dirname(file)).split(path.sep).filter((s) => s && !/^\(.*\)$/.test(s));
  return `/${segments.join("/")}`;
}

async function discoverRoutes(): Promise<Map<string, { file: string; handler: RouteHandler }>> {
  const found = new Map<string, { file: string; handler: RouteHandler }>();
  for (const file of walk(path.join(ROOT, "app")).filter((f) => /[/\\]route\.(ts|tsx|js|mjs)$/.test(f)).sort()) {
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      const value = mod[method];
      if (typeof value === "function") found.set(`${method} ${urlOf(file)}`, { file: path.relative(ROOT, file), handler: value as RouteHandler });
    }
  }
  return found;
}

const discoveredActions = await discoverActions();
const discoveredRoutes = await discoverRoutes();

// ---------------------------------------------------------------- the world a target lives in

type User = Awaited<ReturnType<typeof makeUser>>;
type Fields = Record<string, string | string[]>;

/** A target unit with staff (who made the fixture rows) and another unit; each target gets its own pair. */
interface World {
  unitId: string;
  otherUnitId: string;
  timeZone: string;
  attending: User;
  nurse: User;
  pharmacist: User;
}

interface Target {
  /** a realistic form the right role on the target's unit could submit successfully */
  fields: Fields;
  /** the fields naming the record: replaced by random uuids for "a record that does not exist" */
  idFields: string[];
  /** the target rows' status/version, which a refusal must leave exactly as they were */
  state: () => Promise<unknown>;
}

type ProtectedAction = {
  access: "protected";
  /** the permission the action asks for; `roles` must be exactly the roles permissions.ts grants it */
  permission: Permission;
  roles: readonly Role[];
  /** the `action` of its audit rows */
  auditAction: string;
  /** one or more targets (label → builder), each a record on World.unitId */
  targets: Record<string, (w: World) => Promise<Target>>;
  /** the action ends in redirect() on success; the target must match */
  successRedirect?: RegExp;
  /** set (with the reason) for an action on no unit's record, so it has no "another unit: NOT_FOUND" case */
  hospitalWide?: string;
};

type PublicAction = {
  access: "public";
  why: string;
  /** explicit assertions for a public action: no matrix can say what it should do */
  check: (fn: ActionFn) => Promise<void>;
};

type RouteEntry =
  | { access: "public"; why: string; check: (handler: RouteHandler) => Promise<void> }
  | {
      access: "protected";
      permission: Permission;
      roles: readonly Role[];
      auditAction: string;
      /** set (with the reason) for a route that reads no record of a unit, so it has no "another unit: 404" case */
      hospitalWide?: string;
      /** builds a target on World.unitId and a request for it (or for a random uuid when `missing`) */
      target: (w: World) => Promise<{ call: (handler: RouteHandler, missing: boolean) => Promise<Response>; state: () => Promise<unknown> }>;
    };

const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);

/** wellAssessment() as the assessment form submits it (strings; yes/no for booleans; no empty list). */
function wellAssessmentFields(timeZone: string): Fields {
  return {
    at: toUnitLocalInput(minutesFromNow(-5), timeZone),
    ...Object.fromEntries(["creatinineMgDl", "plateletsPerUl", "bilirubinMgDl", "bicarbonateMmolL"].map((lab) => [`observedAt.${lab}`, toUnitLocalInput(minutesFromNow(-60), timeZone)])),
    permanentEventsAnswer: "none", phenylephrinePeakMcgKgMin: "0",
    sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
    urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0",
    otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000",
    bilirubinMgDl: "0.7", bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none",
  };
}

const courseState = (id: string) => () =>
  prisma.course.findUniqueOrThrow({
    where: { id },
    select: { status: true, version: true, dosingWeightKg: true, baselineWeightKg: true, targetSbpMmHg: true, weightVerifiedAt: true, cycle2ApprovedAt: true },
  });

/** The course and its amendment history, which a refused amendment or rule-set move must leave as they were. */
const amendedCourseState = (id: string) => async () => ({
  course: await courseState(id)(),
  ruleSetVersion: (await prisma.course.findUniqueOrThrow({ where: { id }, select: { ruleSetVersion: true } })).ruleSetVersion,
  amendments: await prisma.courseAmendment.count({ where: { courseId: id } }),
});

async function activeTilCourse(w: World, anchorHoursFromNow = -4) {
  const patient = await makePatient(w.unitId);
  return makeCourse(patient.id, { orderedById: w.attending.id, verifiedById: w.pharmacist.id, anchorHoursFromNow });
}

const ADMINISTERS_THE_HOSPITAL = "the administrator manages every unit's staff and units, not one unit's patients";

/** A nurse of the target's unit as the record an administrator's user action changes; `pick` is what must change. */
async function userTarget(w: World, fields: Fields, pick: (u: Awaited<ReturnType<typeof prisma.user.findUniqueOrThrow>>) => unknown, data: { lockedUntil?: Date } = {}): Promise<Target> {
  const user = await makeUser("nurse", [w.unitId]);
  if (data.lockedUntil) await prisma.user.update({ where: { id: user.id }, data: { lockedUntil: data.lockedUntil } });
  return { fields: { userId: user.id, ...fields }, idFields: ["userId"], state: async () => pick(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })) };
}

// ---------------------------------------------------------------- the matrix

const ACTIONS: Record<string, ProtectedAction | PublicAction> = {
  signInAction: {
    access: "public",
    why: "signing in is how a visitor gets a session; it is rate limited by address and e-mail (docs/decisions/052), audits every success and sums refusals up in summary audit rows",
    check: async (signIn) => {
      const unit = await makeUnit();
      const user = await makeUser("nurse", [unit.id]);
      const form = (email: string, password: string) => formOf({ email, password });
      const sessions = () => prisma.session.count({ where: { userId: user.id } });

      // a wrong password: refused, no session, counted for the summary audit row (docs/decisions/052)
      freshBrowser();
      let mark = await maxAuditId();
      const wrong = await countedCall(() => signIn(null, form(user.email, "not the password")));
      expect(wrong).toEqual({ result: { ok: false, code: "UNAUTHENTICATED", message: "E-mail or password is incorrect.", values: { email: user.email } } });
      expect(await sessions()).toBe(0);
      expect(await newAudit(mark, { action: "sign-in", actorLabels: [user.email] })).toEqual([]);
      expect(await prisma.signInCounter.findUnique({ where: { key: throttleKeys(user.email, UNKNOWN_ADDRESS).pair } })).toMatchObject({ refused: 1, failures: 1 });

      // an unknown e-mail: the same answer and the same count (nothing tells whether the account exists)
      const unknown = `nobody-${randomUUID().slice(0, 8)}@test.bolus`;
      mark = await maxAuditId();
      const none = await countedCall(() => signIn(null, form(unknown, "not the password")));
      expect(none).toEqual({ result: { ok: false, code: "UNAUTHENTICATED", message: "E-mail or password is incorrect.", values: { email: unknown } } });
      expect(await newAudit(mark, { action: "sign-in", actorLabels: [unknown] })).toEqual([]);
      expect(await prisma.signInCounter.findUnique({ where: { key: throttleKeys(unknown, UNKNOWN_ADDRESS).pair } })).toMatchObject({ refused: 1, failures: 1 });

      // control: the right password signs in (one session; the refusal summed up in one row, then the success row)
      const browser = freshBrowser();
      mark = await maxAuditId();
      expect(await countedCall(() => signIn(null, form(user.email, PASSWORD)))).toEqual({ redirectedTo: HOME_BY_ROLE.nurse });
      expect(browser.cookie(SESSION_COOKIE)?.value).toBeTruthy();
      expect(await sessions()).toBe(1);
      expect((await newAudit(mark, { action: "sign-in", actorLabels: [user.email] })).map((a) => [a.outcome, reasonOf(a)])).toEqual([["denied", "refused-sign-ins"], ["success", undefined]]);
    },
  },
  changePasswordAction: {
    access: "public",
    why: "not public: every role (PERMISSIONS[\"account:password\"]) changes only its own password; it names no record and no unit, so the role × unit matrix has nothing to vary; checked here instead (and in change-password.test.ts)",
    check: async (change) => {
      const unit = await makeUnit();
      const NEW = "copper kettle under the river lamp";
      const form = () => formOf({ currentPassword: PASSWORD, newPassword: NEW, confirmPassword: NEW });
      // signed out: refused, nothing changed
      freshBrowser();
      const mark = await maxAuditId();
      expect(await countedCall(() => change(null, form()))).toMatchObject({ result: { ok: false, code: "UNAUTHENTICATED" } });
      expect(await newAudit(mark, { action: "change-password" })).toHaveLength(1);
      for (const role of PERMISSIONS["account:password"]) {
        const user = await makeUser(role, [unit.id]);
        const colleague = await makeUser(role, [unit.id]);
        await signedInBrowser(user);
        expect(await countedCall(() => change(null, form()))).toEqual({ redirectedTo: `${HOME_BY_ROLE[role]}?password-changed=1` });
        const [mine, theirs] = await Promise.all([user, colleague].map((u) => prisma.user.findUniqueOrThrow({ where: { id: u.id } })));
        expect(mine!.passwordHash).not.toBe(user.passwordHash);
        expect(theirs!.passwordHash).toBe(colleague.passwordHash);
      }
    },
  },
  signOutAction: {
    access: "public",
    why: "signing out must work for anyone, including a visitor whose session has already ended; it takes no input",
    check: async (signOut) => {
      const unit = await makeUnit();
      const user = await makeUser("attending", [unit.id]);
      const other = await makeUser("attending", [unit.id]);
      const otherBrowser = await signedInBrowser(other);
      const openSessions = () => prisma.session.findMany({ where: { userId: { in: [user.id, other.id] }, endedAt: null }, select: { id: true }, orderBy: { id: "asc" } });

      // no session: back to sign-in, no row touched, nothing audited
      freshBrowser();
      const before = await openSessions();
      let mark = await maxAuditId();
      expect(await countedCall(() => signOut())).toEqual({ redirectedTo: "/login" });
      expect(await openSessions()).toEqual(before);
      expect(await newAudit(mark, { action: "sign-out", actorIds: [user.id, other.id] })).toEqual([]);

      // an expired session: back to sign-in, no success row (the session was already over)
      const expired = await expiredSession(user.id, "idle");
      mark = await maxAuditId();
      expect(await countedCall(() => signOut())).toEqual({ redirectedTo: "/login" });
      expect(expired.browser.cookie(SESSION_COOKIE)).toBeUndefined();
      expect(await newAudit(mark, { action: "sign-out", actorIds: [user.id, other.id] })).toEqual([]);

      // a valid session: ends exactly that session (not a colleague's) and audits it
      const browser = await signedInBrowser(user);
      const mine = await prisma.session.findFirstOrThrow({ where: { userId: user.id, endedAt: null } });
      mark = await maxAuditId();
      expect(await countedCall(() => signOut())).toEqual({ redirectedTo: "/login" });
      expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
      expect(await prisma.session.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ endReason: "sign-out" });
      expect((await openSessions()).map((s) => s.id)).toEqual([(await prisma.session.findFirstOrThrow({ where: { userId: other.id } })).id]);
      expect(otherBrowser.cookie(SESSION_COOKIE)).toBeDefined();
      expect((await newAudit(mark, { action: "sign-out", actorIds: [user.id, other.id] })).map((a) => [a.outcome, a.actorId, a.entityId])).toEqual([
        ["success", user.id, mine.id],
      ]);
    },
  },
  orderCourseAction: {
    access: "protected",
    permission: "course:order",
    roles: ["attending"],
    auditAction: "course-order",
    successRedirect: /^\/courses\/[0-9a-f-]{36}$/,
    targets: {
      patient: async (w) => {
        const patient = await makePatient(w.unitId);
        return {
          fields: {
            patientId: patient.id, protocol: "til-adjunct", dosingWeightKg: "80", baselineWeightKg: "80",
            anchorAt: toUnitLocalInput(minutesFromNow(120), w.timeZone), targetSbpMmHg: "90",
          },
          idFields: ["patientId"],
          state: () => prisma.course.count({ where: { patientId: patient.id } }),
        };
      },
    },
  },
  recordAssessmentAction: {
    access: "protected",
    permission: "assessment:record",
    roles: ["nurse", "attending"],
    auditAction: "assessment-record",
    targets: {
      course: async (w) => {
        const course = await activeTilCourse(w);
        return {
          fields: { courseId: course.id, ...wellAssessmentFields(w.timeZone) },
          idFields: ["courseId"],
          state: async () => ({ course: await courseState(course.id)(), assessments: await prisma.assessment.count({ where: { courseId: course.id } }) }),
        };
      },
    },
  },
  recordDoseAction: {
    access: "protected",
    permission: "dose:record",
    roles: ["nurse"],
    auditAction: "dose-record",
    targets: {
      course: async (w) => {
        const course = await activeTilCourse(w);
        const assessment = await makeAssessment(course.id, w.nurse.id, { minutesAgo: 10 });
        return {
          fields: { courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: "1", doseIu: "48000000" },
          idFields: ["courseId", "assessmentId"],
          state: async () => ({ course: await courseState(course.id)(), events: await prisma.doseEvent.count({ where: { courseId: course.id } }) }),
        };
      },
      // the blind witness double-check (decision 055): the attending of the unit witnesses with her own id and password
      "course, witnessed": async (w) => {
        const course = await activeTilCourse(w);
        const assessment = await makeAssessment(course.id, w.nurse.id, { minutesAgo: 10 });
        return {
          fields: {
            courseId: course.id, assessmentId: assessment.id, kind: "given", expectedSequence: "1", doseIu: "48000000",
            witnessId: w.attending.id, witnessDoseIu: "48000000", witnessDoseMl: "2.67", witnessUserId: w.attending.email, witnessPassword: PASSWORD,
          },
          idFields: ["courseId", "assessmentId"],
          state: async () => ({
            course: await courseState(course.id)(),
            events: await prisma.doseEvent.count({ where: { courseId: course.id } }),
            witnessed: await prisma.doseEvent.count({ where: { courseId: course.id, witnessSignedAt: { not: null } } }),
          }),
        };
      },
    },
  },
  backEnterDoseAction: {
    access: "protected",
    permission: "dose:back-enter",
    roles: ["nurse"],
    auditAction: "dose-back-enter",
    targets: {
      // a paper dose of 30 min ago (downtime, decision 061), co-signed by the attending of the unit with her own id and password
      "course, co-signed": async (w) => {
        const course = await activeTilCourse(w);
        return {
          fields: {
            courseId: course.id, ...wellAssessmentFields(w.timeZone), at: toUnitLocalInput(minutesFromNow(-40), w.timeZone),
            occurredAt: toUnitLocalInput(minutesFromNow(-30), w.timeZone), kind: "given", doseIu: "48000000",
            coSignerId: w.attending.id, witnessUserId: w.attending.email, witnessPassword: PASSWORD, password: PASSWORD,
          },
          idFields: ["courseId"],
          state: async () => ({
            course: await courseState(course.id)(),
            events: await prisma.doseEvent.count({ where: { courseId: course.id } }),
            assessments: await prisma.assessment.count({ where: { courseId: course.id } }),
          }),
        };
      },
    },
  },
  reviewHoldAction: {
    access: "protected",
    permission: "review:sign",
    roles: ["attending"],
    auditAction: "hold-review",
    targets: {
      "held dose, override": async (w) => {
        const course = await activeTilCourse(w);
        // 300 mL in 8 h at 80 kg = 0.47 mL/kg/h: below TIL's 0.5 mL/kg/h, a hold an attending may override
        const assessment = await makeAssessment(course.id, w.nurse.id, { minutesAgo: 30, values: { urineOutputMl: 300, urineOutputHours: 8 } });
        const event = await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "held", hoursAgo: 0.25, criteria: ["urine-output-low"], assessmentId: assessment.id });
        return {
          fields: { doseEventId: event.id, outcome: "override", reason: "Euvolaemic, urine output improving", password: PASSWORD },
          idFields: ["doseEventId"],
          state: async () => ({
            course: await courseState(course.id)(),
            event: await prisma.doseEvent.findUniqueOrThrow({ where: { id: event.id }, select: { status: true } }),
            reviews: await prisma.holdReview.count({ where: { doseEventId: event.id } }),
          }),
        };
      },
    },
  },
  acknowledgeDowntimeDoseAction: {
    access: "protected",
    permission: "review:sign",
    roles: ["attending"],
    auditAction: "downtime-acknowledge",
    targets: {
      // a dose given during downtime that the rules would have held, entered by the nurse, co-signed by the attending
      "flagged downtime dose": async (w) => {
        const course = await activeTilCourse(w);
        const event = await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "given", hoursAgo: 0.5 });
        await flagAsDowntimeDose(event.id, w.attending.id);
        return {
          fields: { doseEventId: event.id, note: "Paper record checked; urine output recovered", password: PASSWORD },
          idFields: ["doseEventId"],
          state: async () => ({
            course: await courseState(course.id)(),
            event: await prisma.doseEvent.findUniqueOrThrow({ where: { id: event.id }, select: { status: true, firstReviewedAt: true } }),
            reviews: await prisma.holdReview.count({ where: { doseEventId: event.id } }),
            events: await prisma.doseEvent.count({ where: { courseId: course.id } }),
          }),
        };
      },
    },
  },
  approveCycle2Action: {
    access: "protected",
    permission: "review:sign",
    roles: ["attending"],
    auditAction: "cycle2-approve",
    targets: {
      // started 144 h ago with two doses given: the 120 h cycle-1 window has closed (PI-P Table 1)
      "monotherapy course after cycle 1": async (w) => {
        const patient = await makePatient(w.unitId);
        const course = await makeCourse(patient.id, { protocol: "monotherapy", orderedById: w.attending.id, verifiedById: w.pharmacist.id, anchorHoursFromNow: -144 });
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "given", hoursAgo: 144 });
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 2, kind: "given", hoursAgo: 136 });
        return { fields: { courseId: course.id, note: "Recovered fully", password: PASSWORD }, idFields: ["courseId"], state: courseState(course.id) };
      },
    },
  },
  verifyOrderAction: {
    access: "protected",
    permission: "course:verify-order",
    roles: ["pharmacist"],
    auditAction: "course-verify-order",
    targets: {
      // 80 kg × 600,000 IU/kg = 48,000,000 IU
      "ordered course": async (w) => {
        const patient = await makePatient(w.unitId);
        const course = await makeCourse(patient.id, { status: "ordered", dosingWeightKg: 80, orderedById: w.attending.id });
        return { fields: { courseId: course.id, dosingWeightKg: "80.0", doseIu: "48,000,000", note: "Checked against the scale record", password: PASSWORD }, idFields: ["courseId"], state: courseState(course.id) };
      },
    },
  },
  verifyCountsAction: {
    access: "protected",
    permission: "count:verify",
    roles: ["pharmacist"],
    auditAction: "count-verify",
    targets: {
      // TIL course, cells ended 20 h ago: given 16.9 h and 8.9 h ago, held 1 h ago
      "course with three events": async (w) => {
        const course = await activeTilCourse(w, -20);
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "given", hoursAgo: 16.9 });
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 2, kind: "given", hoursAgo: 8.9 });
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 3, kind: "held", hoursAgo: 1, criteria: ["sbp-low"] });
        return {
          fields: { courseId: course.id, lastEventSequence: "3", enteredInErrorCount: "0", password: PASSWORD },
          idFields: ["courseId"],
          state: async () => ({ course: await courseState(course.id)(), verifications: await prisma.doseCountVerification.count({ where: { courseId: course.id } }) }),
        };
      },
    },
  },
  markEnteredInErrorAction: {
    access: "protected",
    permission: "record:mark-in-error",
    // attending first: the control corrects another's entry; a nurse only her own, recent one (nurse-correction.test.ts)
    roles: ["attending", "nurse"],
    auditAction: "mark-entered-in-error",
    targets: {
      DoseEvent: async (w) => {
        const course = await activeTilCourse(w);
        const event = await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "given", hoursAgo: 1 });
        return {
          fields: { entityType: "DoseEvent", entityId: event.id, reason: "Recorded on the wrong patient", password: PASSWORD },
          idFields: ["entityId"],
          state: () => prisma.doseEvent.findUniqueOrThrow({ where: { id: event.id }, select: { status: true, enteredInErrorAt: true, enteredInErrorReason: true } }),
        };
      },
      Assessment: async (w) => {
        const course = await activeTilCourse(w);
        const assessment = await makeAssessment(course.id, w.nurse.id, { minutesAgo: 20 });
        return {
          fields: { entityType: "Assessment", entityId: assessment.id, reason: "Values of another patient", password: PASSWORD },
          idFields: ["entityId"],
          state: () => prisma.assessment.findUniqueOrThrow({ where: { id: assessment.id }, select: { status: true, enteredInErrorAt: true, enteredInErrorReason: true } }),
        };
      },
    },
  },
  amendCourseAction: {
    access: "protected",
    permission: "course:order",
    roles: ["attending"],
    auditAction: "course-amend",
    targets: {
      "active course": async (w) => {
        const course = await activeTilCourse(w);
        return { fields: { courseId: course.id, version: String(course.version), baselineWeightKg: "81", reason: "Re-weighed on admission scale" }, idFields: ["courseId"], state: amendedCourseState(course.id) };
      },
      // after the first dose event the amendment is signed (issue 8, item 5)
      "course with a dose event, signed": async (w) => {
        const course = await activeTilCourse(w, -6);
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
        return {
          fields: { courseId: course.id, version: String(course.version), targetSbpMmHg: "100", reason: "Admission BP re-measured", password: PASSWORD },
          idFields: ["courseId"],
          state: amendedCourseState(course.id),
        };
      },
    },
  },
  moveCourseRuleSetAction: {
    access: "protected",
    permission: "course:order",
    roles: ["attending"],
    auditAction: "course-rule-set-move",
    targets: {
      // a 1.0.0 TIL course with a 90 mmHg target and a given dose: 1.1.0 accepts the target
      "active 1.0.0 course": async (w) => {
        const course = await activeTilCourse(w, -6);
        await makeDoseEvent(course.id, w.nurse.id, { sequence: 1, kind: "given", hoursAgo: 2 });
        return {
          fields: { courseId: course.id, version: String(course.version), reason: "Unit adopts the 1.1.0 rules", password: PASSWORD },
          idFields: ["courseId"],
          state: amendedCourseState(course.id),
        };
      },
    },
  },
  // issue 11, item 2: people and units (docs/decisions/048-people-and-units.md)
  createUserAction: {
    access: "protected",
    permission: "user:manage",
    roles: ["admin"],
    auditAction: "user-create",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: {
      "a new nurse": async (w) => {
        const email = `matrix-${randomUUID().slice(0, 8)}@test.bolus`;
        return { fields: { name: "Matrix Nurse", email, role: "nurse", unitIds: [w.unitId], password: PASSWORD }, idFields: [], state: () => prisma.user.count({ where: { email } }) };
      },
    },
  },
  setUserActiveAction: {
    access: "protected",
    permission: "user:manage",
    roles: ["admin"],
    auditAction: "user-set-active",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: { "a nurse": async (w) => userTarget(w, { active: "no", password: PASSWORD }, (u) => u.active) },
  },
  resetPasswordAction: {
    access: "protected",
    permission: "user:manage",
    roles: ["admin"],
    auditAction: "user-reset-password",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: { "a nurse": async (w) => userTarget(w, { password: PASSWORD }, (u) => u.passwordHash) },
  },
  unlockUserAction: {
    access: "protected",
    permission: "user:manage",
    roles: ["admin"],
    auditAction: "user-unlock",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: { "a locked nurse": async (w) => userTarget(w, {}, (u) => u.lockedUntil, { lockedUntil: minutesFromNow(15) }) },
  },
  updateUserAction: {
    access: "protected",
    permission: "user:manage",
    roles: ["admin"],
    auditAction: "user-update",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: {
      "a nurse": async (w) => userTarget(w, { role: "pharmacist", unitIds: [w.unitId] }, (u) => u.role),
      // granting the administrator role needs the administrator's own password (decision 055)
      "a nurse made administrator": async (w) => userTarget(w, { role: "admin", unitIds: [w.unitId], password: PASSWORD }, (u) => u.role),
    },
  },
  createUnitAction: {
    access: "protected",
    permission: "unit:manage",
    roles: ["admin"],
    auditAction: "unit-create",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: {
      "a new unit": async () => {
        const name = `Matrix ward ${randomUUID().slice(0, 8)}`;
        return { fields: { name, timeZone: "Europe/Paris" }, idFields: [], state: () => prisma.unit.count({ where: { name } }) };
      },
    },
  },
  updateUnitAction: {
    access: "protected",
    permission: "unit:manage",
    roles: ["admin"],
    auditAction: "unit-update",
    hospitalWide: ADMINISTERS_THE_HOSPITAL,
    targets: {
      "a unit": async () => {
        const unit = await makeUnit();
        return {
          fields: { unitId: unit.id, name: `${unit.name} renamed`, timeZone: "Asia/Tokyo" },
          idFields: ["unitId"],
          state: () => prisma.unit.findUniqueOrThrow({ where: { id: unit.id }, select: { name: true, timeZone: true } }),
        };
      },
    },
  },
  // issue 11 (decision 049): attending first, so the control is the clinician's admission
  admitPatientAction: {
    access: "protected",
    permission: "patient:admit",
    roles: ["attending", "admin"],
    auditAction: "patient-admit",
    targets: {
      unit: async (w) => {
        const mrn = `ADM-${randomUUID().slice(0, 8).toUpperCase()}`;
        return {
          fields: { unitId: w.unitId, mrn, familyName: "Lindqvist", givenName: "Astrid", birthDate: "1971-03-09", gender: "female" },
          idFields: ["unitId"],
          state: () => prisma.patient.count({ where: { mrn } }),
        };
      },
    },
  },
  transferPatientAction: {
    access: "protected",
    permission: "patient:transfer",
    roles: ["attending", "admin"],
    auditAction: "patient-transfer",
    targets: {
      "patient with an open course": async (w) => {
        const course = await activeTilCourse(w);
        const patientId = course.patientId;
        return {
          fields: { patientId, toUnitId: w.otherUnitId, note: "Step-down bed free" },
          idFields: ["patientId"],
          state: async () => ({
            unitId: (await prisma.patient.findUniqueOrThrow({ where: { id: patientId } })).unitId,
            movements: await prisma.patientMovement.count({ where: { patientId } }),
          }),
        };
      },
    },
  },
  // decision 056: a discharge recorded in error is marked so by a row of its own, re-opening the stay
  markDischargeInErrorAction: {
    access: "protected",
    permission: "patient:discharge",
    roles: ["attending", "admin"],
    auditAction: "patient-discharge-in-error",
    targets: {
      "discharged patient": async (w) => {
        const patient = await makePatient(w.unitId);
        const at = new Date();
        await prisma.patient.update({ where: { id: patient.id }, data: { dischargedAt: at } });
        await prisma.patientMovement.create({ data: { patientId: patient.id, kind: "discharge", fromUnitId: w.unitId, at, byId: w.attending.id } });
        return {
          fields: { patientId: patient.id, reason: "Wrong patient selected on the list" },
          idFields: ["patientId"],
          state: async () => ({
            dischargedAt: (await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).dischargedAt,
            movements: await prisma.patientMovement.count({ where: { patientId: patient.id } }),
          }),
        };
      },
    },
  },
  dischargePatientAction: {
    access: "protected",
    permission: "patient:discharge",
    roles: ["attending", "admin"],
    auditAction: "patient-discharge",
    targets: {
      "patient without an open course": async (w) => {
        const patient = await makePatient(w.unitId);
        return {
          fields: { patientId: patient.id, note: "Home with family" },
          idFields: ["patientId"],
          state: async () => ({
            dischargedAt: (await prisma.patient.findUniqueOrThrow({ where: { id: patient.id } })).dischargedAt,
            movements: await prisma.patientMovement.count({ where: { patientId: patient.id } }),
          }),
        };
      },
    },
  },
};

const ROUTES: Record<string, RouteEntry> = {
  "GET /api/health": {
    access: "public",
    why: "a load balancer or monitor without credentials asks whether the app and its database answer; it returns no data",
    check: async (GET) => {
      // Other engineers may write to the shared dev database meanwhile: a real side effect shows on every attempt.
      let same = false;
      for (let attempt = 0; attempt < 3 && !same; attempt++) {
        const before = await wholeDatabaseCounts();
        freshBrowser();
        const res = await countedCall(() => GET(new Request("http://127.0.0.1:3100/api/health"), { params: Promise.resolve({}) }));
        if (!("result" in res)) throw new Error("the health route redirected");
        expect(res.result.status).toBe(200);
        expect(await res.result.json()).toEqual({ status: "ok", db: "ok" });
        expect(res.result.headers.get("cache-control")).toBe("no-store");
        same = JSON.stringify(await wholeDatabaseCounts()) === JSON.stringify(before);
      }
      expect(same, "GET /api/health changed a row count of the database").toBe(true);
    },
  },
  // hospital sign-in (docs/decisions/050-hospital-sign-in-oidc.md; the flow itself: tests/integration/oidc.test.ts)
  "GET /api/auth/oidc/start": {
    access: "public",
    why: "the first leg of hospital sign-in: a signed-out visitor is sent to the hospital's provider; it reads and changes no record",
    check: (GET) => withoutOidcSettings(async () => {
      freshBrowser();
      const before = await wholeDatabaseCounts();
      const mark = await maxAuditId();
      const res = await countedCall(() => GET(new NextRequest("http://127.0.0.1:3100/api/auth/oidc/start?next=/board"), { params: Promise.resolve({}) }));
      if (!("result" in res)) throw new Error("the start route threw a redirect instead of answering 303");
      expect(res.result.status).toBe(303);
      expect(res.result.headers.get("location")).toBe("/login?sso=not-configured&next=%2Fboard");
      const rows = await newAudit(mark, { action: "sign-in" });
      expect(rows.filter((r) => (r.details as { method?: string }).method === "oidc").map((r) => r.outcome)).toEqual(["denied"]);
      expect(((await wholeDatabaseCounts()) as { sessions: number }).sessions).toBe((before as { sessions: number }).sessions);
    }),
  },
  "GET /api/auth/oidc/callback": {
    access: "public",
    why: "the provider returns a signed-out browser here; without this browser's attempt (state, nonce, PKCE verifier cookie) it signs nobody in",
    check: async (GET) => {
      for (const configured of [false, true]) {
        const run = async () => {
          freshBrowser();
          const before = await wholeDatabaseCounts();
          const mark = await maxAuditId();
          const res = await countedCall(() => GET(new NextRequest("http://127.0.0.1:3100/api/auth/oidc/callback?code=forged&state=forged"), { params: Promise.resolve({}) }));
          if (!("result" in res)) throw new Error("the callback route threw a redirect instead of answering 303");
          expect(res.result.status).toBe(303);
          expect(res.result.headers.get("location")).toBe(configured ? "/login?sso=expired-attempt" : "/login?sso=not-configured");
          const rows = (await newAudit(mark, { action: "sign-in" })).filter((r) => (r.details as { method?: string }).method === "oidc");
          expect(rows.map((r) => r.outcome)).toEqual(["denied"]);
          const after = (await wholeDatabaseCounts()) as { sessions: number; users: number };
          expect([after.sessions, after.users]).toEqual([(before as { sessions: number }).sessions, (before as { users: number }).users]);
        };
        if (configured) await withOidcSettings(run);
        else await withoutOidcSettings(run);
      }
    },
  },
  "POST /api/auth/sign-out": {
    access: "public",
    why: "signing out must work for anyone, including a visitor whose session has already ended (the page's idle timer posts here too); proxy.ts has already required this site's Origin",
    check: async (POST) => {
      const unit = await makeUnit();
      const user = await makeUser("attending", [unit.id]);
      const other = await makeUser("attending", [unit.id]);
      const otherBrowser = await signedInBrowser(other);
      const post = (reason?: string) => {
        const body = new FormData();
        if (reason) body.set("reason", reason);
        return countedCall(() => POST(new Request("http://127.0.0.1:3100/api/auth/sign-out", { method: "POST", body }), { params: Promise.resolve({}) }));
      };
      const answer = async (res: Awaited<ReturnType<typeof post>>) => {
        if (!("result" in res)) throw new Error("the sign-out route threw a redirect instead of answering 303");
        return { status: res.result.status, location: res.result.headers.get("location"), clear: res.result.headers.get("clear-site-data") };
      };
      const cleared = { status: 303, location: "/login", clear: '"cache", "cookies", "storage"' };

      // no session: back to sign-in with Clear-Site-Data, nothing audited
      freshBrowser();
      let mark = await maxAuditId();
      expect(await answer(await post())).toEqual(cleared);
      expect(await newAudit(mark, { action: "sign-out", actorIds: [user.id, other.id] })).toEqual([]);

      // a valid session: ends exactly that one, audited
      const browser = await signedInBrowser(user);
      const mine = await prisma.session.findFirstOrThrow({ where: { userId: user.id, endedAt: null } });
      mark = await maxAuditId();
      expect(await answer(await post())).toEqual(cleared);
      expect(browser.cookie(SESSION_COOKIE)).toBeUndefined();
      expect(await prisma.session.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({ endReason: "sign-out" });
      expect(otherBrowser.cookie(SESSION_COOKIE)).toBeDefined();
      expect((await newAudit(mark, { action: "sign-out", actorIds: [user.id, other.id] })).map((a) => [a.outcome, a.actorId, a.entityId])).toEqual([["success", user.id, mine.id]]);

      // the page's idle timer: recorded as an idle timeout, back to "Your session has ended"
      await signedInBrowser(user);
      const idle = await prisma.session.findFirstOrThrow({ where: { userId: user.id, endedAt: null } });
      mark = await maxAuditId();
      expect(await answer(await post("idle"))).toEqual({ ...cleared, location: "/login?expired=1" });
      expect(await prisma.session.findUniqueOrThrow({ where: { id: idle.id } })).toMatchObject({ endReason: "idle-timeout" });
      expect((await newAudit(mark, { action: "sign-out", actorIds: [user.id, other.id] })).map((a) => [a.outcome, reasonOf(a)])).toEqual([["success", "idle-timeout"]]);
      expect(await prisma.session.count({ where: { userId: other.id, endedAt: null } })).toBe(1);
    },
  },
  "GET /admin/audit/export": {
    access: "protected",
    permission: "audit:view",
    roles: ["admin"],
    auditAction: "audit-export",
    hospitalWide: "the audit log covers every unit: the administrator audits the hospital, not one unit's records",
    target: async (w) => ({
      call: (handler) => handler(new Request(`http://127.0.0.1:3100/admin/audit/export?user=${encodeURIComponent(w.nurse.email)}`), { params: Promise.resolve({}) }),
      state: async () => null,
    }),
  },
  // issue 14: the quality view's CSV (docs/decisions/062-quality-view.md); its target is the unit whose figures are asked for
  "GET /quality/export": {
    access: "protected",
    permission: "quality:view",
    roles: ["attending", "pharmacist", "admin"],
    auditAction: "quality-export",
    target: async (w) => ({
      call: (handler, missing) =>
        handler(new Request(`http://127.0.0.1:3100/quality/export?unit=${missing ? randomUUID() : w.unitId}&protocol=til_adjunct`), { params: Promise.resolve({}) }),
      state: async () => null,
    }),
  },
};

// ---------------------------------------------------------------- helpers

const OIDC_ENV = ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "BOLUS_ORIGIN"] as const;
/** Runs `call` with hospital sign-in settings set (a provider that is never reached) or cleared, then puts them back. */
async function withOidc(settings: Partial<Record<(typeof OIDC_ENV)[number], string>>, call: () => Promise<void>) {
  const saved = Object.fromEntries(OIDC_ENV.map((k) => [k, process.env[k]]));
  for (const k of OIDC_ENV) delete process.env[k];
  Object.assign(process.env, settings);
  try {
    await call();
  } finally {
    for (const k of OIDC_ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}
const withoutOidcSettings = (call: () => Promise<void>) => withOidc({}, call);
const withOidcSettings = (call: () => Promise<void>) =>
  withOidc({ OIDC_ISSUER: "http://127.0.0.1:9/", OIDC_CLIENT_ID: "bolus", OIDC_CLIENT_SECRET: "secret", BOLUS_ORIGIN: "http://127.0.0.1:3100" }, call);

let calls = 0;

/** Calls an action or handler, counted for the summary; a redirect is an answer, not an error. */
async function countedCall<T>(call: () => Promise<T>) {
  calls++;
  return followRedirect(call);
}

const bigintSafe = (value: unknown) => JSON.parse(JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))) as unknown;

/** Every clinical row on the given units, and the sessions of the given users (their lastSeenAt aside). */
async function clinicalRows(unitIds: string[], userIds: string[]) {
  const onUnits = { patient: { unitId: { in: unitIds } } };
  const byId = { orderBy: { id: "asc" as const } };
  const [patients, courses, courseAmendments, assessments, doseEvents, holdReviews, countVerifications, sessions] = await Promise.all([
    prisma.patient.findMany({ where: { unitId: { in: unitIds } }, ...byId }),
    prisma.course.findMany({ where: onUnits, ...byId }),
    prisma.courseAmendment.findMany({ where: { course: onUnits }, ...byId }),
    prisma.assessment.findMany({ where: { course: onUnits }, ...byId }),
    prisma.doseEvent.findMany({ where: { course: onUnits }, ...byId }),
    prisma.holdReview.findMany({ where: { doseEvent: { course: onUnits } }, ...byId }),
    prisma.doseCountVerification.findMany({ where: { course: onUnits }, ...byId }),
    prisma.session.findMany({ where: { userId: { in: userIds } }, select: { id: true, userId: true, tokenHash: true, createdAt: true, expiresAt: true, endedAt: true, endReason: true }, ...byId }),
  ]);
  return bigintSafe({ patients, courses, courseAmendments, assessments, doseEvents, holdReviews, countVerifications, sessions }) as {
    sessions: { id: string; endedAt: string | null; endReason: string | null }[];
  } & Record<string, unknown>;
}

async function wholeDatabaseCounts() {
  const [units, users, sessions, patients, courses, assessments, doseEvents, holdReviews, countVerifications, audit] = await Promise.all([
    prisma.unit.count(), prisma.user.count(), prisma.session.count(), prisma.patient.count(), prisma.course.count(), prisma.assessment.count(),
    prisma.doseEvent.count(), prisma.holdReview.count(), prisma.doseCountVerification.count(), prisma.auditEvent.aggregate({ _max: { id: true }, _count: true }),
  ]);
  return bigintSafe({ units, users, sessions, patients, courses, assessments, doseEvents, holdReviews, countVerifications, audit });
}

async function maxAuditId(): Promise<bigint> {
  return (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
}

/** Audit rows written after `mark` by these actors, by these labels, or (for `action`) by nobody signed in. */
async function newAudit(mark: bigint, o: { action: string; actorIds?: string[]; actorLabels?: string[] }) {
  return prisma.auditEvent.findMany({
    where: {
      id: { gt: mark },
      OR: [
        { actorId: { in: o.actorIds ?? [] } },
        { actorLabel: { in: o.actorLabels ?? [] } },
        { actorId: null, actorLabel: null, action: o.action },
      ],
    },
    orderBy: { id: "asc" },
  });
}

const reasonOf = (a: { details: unknown }) => (a.details as { reason?: string } | null)?.reason;
const codeOf = (a: { details: unknown }) => (a.details as { code?: string } | null)?.code;

/** A real Session row for `userId` that is over: idle past the limit, or past its absolute expiry. */
async function expiredSession(userId: string, how: "idle" | "absolute"): Promise<{ browser: Browser; sessionId: string }> {
  const token = randomBytes(32).toString("base64url");
  const now = Date.now();
  const row = await prisma.session.create({
    data:
      how === "idle"
        ? { tokenHash: hashToken(token), userId, createdAt: new Date(now - 60 * 60_000), lastSeenAt: new Date(now - (authConfig.idleMinutes + 1) * 60_000), expiresAt: new Date(now + 6 * 3_600_000) }
        : { tokenHash: hashToken(token), userId, createdAt: new Date(now - (authConfig.absoluteMinutes + 5) * 60_000), lastSeenAt: new Date(now - 60_000), expiresAt: new Date(now - 60_000) },
  });
  const browser = freshBrowser();
  browser.jar.set(SESSION_COOKIE, { name: SESSION_COOKIE, value: token });
  return { browser, sessionId: row.id };
}

function withRandomIds(target: Target): Fields {
  return { ...target.fields, ...Object.fromEntries(target.idFields.map((k) => [k, randomUUID()])) };
}

type Answer = { ok: false; code: ActionCode; message: string; fieldErrors?: Record<string, string[]>; values?: Record<string, string> };
const answerOf = (a: Answer) => ({ code: a.code, message: a.message, fieldErrors: a.fieldErrors });

// ---------------------------------------------------------------- tests

afterAll(() => {
  const protectedActions = Object.values(ACTIONS).filter((a) => a.access === "protected").length;
  console.log(
    `authorization matrix: ${discoveredActions.size} server actions (${protectedActions} protected, ${discoveredActions.size - protectedActions} public), ` +
      `${discoveredRoutes.size} route handlers, ${calls} calls made`,
  );
});

describe("discovery", () => {
  test("every server action in lib/actions and every route handler under app/ has an entry in this matrix", () => {
    expect(discoveredActions.size, "no server action was found: the discovery itself is broken").toBeGreaterThanOrEqual(10);
    expect(discoveredRoutes.size, "no route handler was found: the discovery itself is broken").toBeGreaterThanOrEqual(1);
    expect(
      [...discoveredActions.keys()].sort(),
      "A server action has no entry in ACTIONS (or an entry names an action that no longer exists). Add an entry to ACTIONS in " +
        "tests/integration/authorization-matrix.test.ts: its permission and roles, and a target record with a valid form — or, if it is " +
        "public, why and its own assertions — and add its fields to tests/integration/action-fuzz.test.ts.",
    ).toEqual(Object.keys(ACTIONS).sort());
    expect(
      [...discoveredRoutes.keys()].sort(),
      "A route handler has no entry in ROUTES (or an entry names one that no longer exists). Add it to ROUTES in " +
        "tests/integration/authorization-matrix.test.ts: protected (roles, permission, a target) or public with the reason.",
    ).toEqual(Object.keys(ROUTES).sort());
  });

  test("no server action is declared outside lib/actions (inline 'use server' would escape this matrix)", () => {
    const offenders = ["app", "components", "lib"]
      .flatMap((d) => walk(path.join(ROOT, d)))
      .filter((f) => /\.(ts|tsx|js|mjs)$/.test(f) && !f.startsWith(path.join(ROOT, "lib/actions") + path.sep) && !f.includes(`${path.sep}generated${path.sep}`))
      .filter((f) => /^\s*(["'])use server\1/m.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(ROOT, f));
    expect(offenders, "move these server actions into lib/actions/ (one per file) so the authorization matrix sees them").toEqual([]);
  });

  test("the matrix's roles are exactly what lib/auth/permissions.ts grants, and each action asks for that permission", () => {
    for (const [name, entry] of Object.entries(ACTIONS)) {
      if (entry.access !== "protected") continue;
      expect([...entry.roles].sort(), `${name}: roles differ from PERMISSIONS["${entry.permission}"]`).toEqual([...PERMISSIONS[entry.permission]].sort());
      const file = discoveredActions.get(name)?.file;
      if (!file) continue; // reported by the first test
      // a pipeline action declares its permission (lib/actions/pipeline.ts authenticates with it); others call the guard
      const text = readFileSync(path.join(ROOT, file), "utf8");
      expect(text.includes(`permission: "${entry.permission}"`) || text.includes(`requirePermission("${entry.permission}")`), `${name} (${file}) does not ask for "${entry.permission}"`).toBe(true);
    }
    for (const [key, entry] of Object.entries(ROUTES)) {
      if (entry.access === "protected") expect([...entry.roles].sort(), `${key}: roles differ from PERMISSIONS`).toEqual([...PERMISSIONS[entry.permission]].sort());
      else expect(entry.why.length, `${key}: say why it is public`).toBeGreaterThan(20);
    }
  });
});

/** Builds a target world: the target's unit (with the staff that made its rows) and another unit. */
async function makeWorld(): Promise<World> {
  const unit = await makeUnit();
  const other = await makeUnit();
  return {
    unitId: unit.id,
    otherUnitId: other.id,
    timeZone: unit.timeZone,
    attending: await makeUser("attending", [unit.id]),
    nurse: await makeUser("nurse", [unit.id]),
    pharmacist: await makeUser("pharmacist", [unit.id]),
  };
}

for (const [name, entry] of Object.entries(ACTIONS)) {
  if (entry.access === "public") {
    describe(`${name} (public: ${entry.why})`, () => {
      test("its own explicit assertions", async () => {
        const found = discoveredActions.get(name);
        expect(found, `${name} is in the matrix but was not discovered`).toBeDefined();
        await entry.check(found!.fn);
      });
    });
    continue;
  }

  const action: ProtectedAction = entry;
  for (const [label, build] of Object.entries(action.targets)) {
    describe(`${name} on ${label}`, () => {
      const wrongRoles = ROLES.filter((r) => !action.roles.includes(r));
      let fn: ActionFn;
      let world: World;
      let target: Target;
      const callers = new Map<string, User>(); // "<role>@target" | "<role>@other" → user
      let userIds: string[];

      beforeAll(async () => {
        const found = discoveredActions.get(name);
        if (!found) throw new Error(`${name} is in the matrix but was not discovered`);
        fn = found.fn;
        world = await makeWorld();
        target = await build(world);
        for (const role of ROLES) callers.set(`${role}@target`, await makeUser(role, [world.unitId]));
        for (const role of action.roles) callers.set(`${role}@other`, await makeUser(role, [world.otherUnitId]));
        userIds = [world.attending.id, world.nurse.id, world.pharmacist.id, ...[...callers.values()].map((u) => u.id)];
      });

      /**
       * One refused call: the right code, no clinical row on either unit written or changed, the target as it was,
       * exactly one new audit row — `denied`, naming the caller (or nobody), with the same code.
       */
      async function expectRefused(call: () => Promise<unknown>, o: { code: ActionCode; actorId: string | null; endsSessionId?: string }): Promise<Answer> {
        const units = [world.unitId, world.otherUnitId];
        const before = await clinicalRows(units, userIds);
        const targetBefore = await target.state();
        const mark = await maxAuditId();

        const out = await countedCall(call);
        expect(out, `${name} redirected instead of refusing`).not.toHaveProperty("redirectedTo");
        const answer = (out as { result: Answer }).result;
        expect(answer).toMatchObject({ ok: false, code: o.code });
        expect(typeof answer.message).toBe("string");

        const after = await clinicalRows(units, userIds);
        if (o.endsSessionId) {
          // ADR 003: an expired session is ended in the database when it is presented, so it cannot come back
          const ended = after.sessions.find((s) => s.id === o.endsSessionId);
          expect(ended?.endedAt, "the expired session was not ended on the server").toBeTruthy();
          expect(ended?.endReason).toMatch(/^(idle|absolute)-timeout$/);
          after.sessions = after.sessions.filter((s) => s.id !== o.endsSessionId);
          before.sessions = before.sessions.filter((s) => s.id !== o.endsSessionId);
        }
        expect(after, "a refused call wrote or changed a clinical row (or a session)").toEqual(before);
        expect(await target.state()).toEqual(targetBefore);

        const audit = await newAudit(mark, { action: action.auditAction, actorIds: userIds });
        expect(audit.map((a) => ({ action: a.action, outcome: a.outcome, actorId: a.actorId, code: codeOf(a) }))).toEqual([
          { action: action.auditAction, outcome: "denied", actorId: o.actorId, code: o.code },
        ]);
        return answer;
      }

      test("no session: UNAUTHENTICATED", async () => {
        freshBrowser();
        const answer = await expectRefused(() => fn(null, formOf(target.fields)), { code: "UNAUTHENTICATED", actorId: null });
        expect(answer.message).toBe("Sign in to continue.");
      });

      test(`a session idle for more than ${authConfig.idleMinutes} min (${action.roles[0]} of the target's unit): UNAUTHENTICATED`, async () => {
        const { sessionId } = await expiredSession(callers.get(`${action.roles[0]}@target`)!.id, "idle");
        const answer = await expectRefused(() => fn(null, formOf(target.fields)), { code: "UNAUTHENTICATED", actorId: null, endsSessionId: sessionId });
        expect(answer.message).toBe("Your session has ended. Sign in again.");
      });

      test(`a session past its absolute expiry (${action.roles[0]} of the target's unit): UNAUTHENTICATED`, async () => {
        const { sessionId } = await expiredSession(callers.get(`${action.roles[0]}@target`)!.id, "absolute");
        const answer = await expectRefused(() => fn(null, formOf(target.fields)), { code: "UNAUTHENTICATED", actorId: null, endsSessionId: sessionId });
        expect(answer.message).toBe("Your session has ended. Sign in again.");
      });

      test.each(wrongRoles)("%s of the target's own unit: FORBIDDEN", async (role) => {
        const caller = callers.get(`${role}@target`)!;
        await signedInBrowser(caller);
        const answer = await expectRefused(() => fn(null, formOf(target.fields)), { code: "FORBIDDEN", actorId: caller.id });
        expect(answer.message).toBe("Your role does not allow this.");
      });

      if (!action.hospitalWide) {
        test.each([...action.roles])("%s of another unit: NOT_FOUND, answered exactly like a record that does not exist", async (role) => {
          const caller = callers.get(`${role}@other`)!;
          await signedInBrowser(caller);
          const otherUnits = await expectRefused(() => fn(null, formOf(target.fields)), { code: "NOT_FOUND", actorId: caller.id });
          const missing = await expectRefused(() => fn(null, formOf(withRandomIds(target))), { code: "NOT_FOUND", actorId: caller.id });
          expect(answerOf(otherUnits)).toEqual(answerOf(missing));
        });
      }

      test(`control: ${action.roles.join(" or ")} of the target's unit succeeds with the same form (so the refusals above came from authorization)`, async () => {
        await signedInBrowser(callers.get(`${action.roles[0]}@target`)!);
        const targetBefore = await target.state();
        const out = await countedCall(() => fn(null, formOf(target.fields)));
        if (action.successRedirect) expect(out).toEqual({ redirectedTo: expect.stringMatching(action.successRedirect) });
        else expect(out).toEqual({ result: expect.objectContaining({ ok: true }) });
        expect(await target.state(), "the control succeeded without changing the target").not.toEqual(targetBefore);
      });
    });
  }
}

for (const [key, entry] of Object.entries(ROUTES)) {
  if (entry.access === "public") {
    describe(`${key} (public: ${entry.why})`, () => {
      test("its own explicit assertions", async () => {
        const found = discoveredRoutes.get(key);
        expect(found, `${key} is in the matrix but was not discovered`).toBeDefined();
        await entry.check(found!.handler);
      });
    });
    continue;
  }

  // Protected route handlers (the audit export): the shape of the check is the actions' one, in HTTP words.
  const route = entry;
  describe(`${key}`, () => {
    let world: World;
    let built: Awaited<ReturnType<typeof route.target>>;
    let handler: RouteHandler;
    const callers = new Map<string, User>();
    let userIds: string[];

    beforeAll(async () => {
      const found = discoveredRoutes.get(key);
      if (!found) throw new Error(`${key} is in the matrix but was not discovered`);
      handler = found.handler;
      world = await makeWorld();
      built = await route.target(world);
      for (const role of ROLES) callers.set(`${role}@target`, await makeUser(role, [world.unitId]));
      for (const role of route.roles) callers.set(`${role}@other`, await makeUser(role, [world.otherUnitId]));
      userIds = [world.attending.id, world.nurse.id, world.pharmacist.id, ...[...callers.values()].map((u) => u.id)];
    });

    async function expectStatus(missing: boolean, status: number, actorId: string | null, endsSessionId?: string) {
      const before = await clinicalRows([world.unitId, world.otherUnitId], userIds);
      const state = await built.state();
      const mark = await maxAuditId();
      const out = await countedCall(() => built.call(handler, missing));
      if (!("result" in out)) throw new Error(`${key} redirected instead of answering ${status}`);
      expect(out.result.status).toBe(status);
      const after = await clinicalRows([world.unitId, world.otherUnitId], userIds);
      if (endsSessionId) {
        after.sessions = after.sessions.filter((s) => s.id !== endsSessionId);
        before.sessions = before.sessions.filter((s) => s.id !== endsSessionId);
      }
      expect(after).toEqual(before);
      expect(await built.state()).toEqual(state);
      expect((await newAudit(mark, { action: route.auditAction, actorIds: userIds })).map((a) => [a.outcome, a.actorId])).toEqual([["denied", actorId]]);
      return { status: out.result.status, body: await out.result.text() };
    }

    test("no session: 401", async () => {
      freshBrowser();
      await expectStatus(false, 401, null);
    });
    test.each(["idle", "absolute"] as const)("an expired session (%s): 401", async (how) => {
      const { sessionId } = await expiredSession(callers.get(`${route.roles[0]}@target`)!.id, how);
      await expectStatus(false, 401, null, sessionId);
    });
    test.each(ROLES.filter((r) => !route.roles.includes(r)))("%s of the target's unit: 403", async (role) => {
      await signedInBrowser(callers.get(`${role}@target`)!);
      await expectStatus(false, 403, callers.get(`${role}@target`)!.id);
    });
    if (!route.hospitalWide) {
      test.each([...route.roles])("%s of another unit: 404, exactly like a record that does not exist", async (role) => {
        const caller = callers.get(`${role}@other`)!;
        await signedInBrowser(caller);
        expect(await expectStatus(false, 404, caller.id)).toEqual(await expectStatus(true, 404, caller.id));
      });
    }
    test(`control: ${route.roles.join(" or ")} gets 200 (so the refusals above came from authorization)`, async () => {
      await signedInBrowser(callers.get(`${route.roles[0]}@target`)!);
      const out = await countedCall(() => built.call(handler, false));
      expect("result" in out && out.result.status).toBe(200);
    });
  });
}
