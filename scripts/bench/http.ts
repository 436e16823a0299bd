// HTTP benchmark (issue 13, item 2): `npm run bench:http [-- --json] [-- --concurrency 50 --doses-per-clinician 10
// --runs 1 --history 3 --port 3214 --floor-port 3224 --floor-seconds 10]`.
//
// Simulated clinicians against `next start` (the built app: run `npm run build` first, or the script builds when .next
// is missing) on real PostgreSQL (DATABASE_URL; use a database of its own — the benchmark adds its units, nurses,
// patients and courses, all named "Bench …", and never deletes anything). Each run makes fresh data: one unit per
// clinician with its own TIL courses, verified, cells ended hours ago, `--history` given doses 8 h apart, so each
// course's next dose is due now. Then, each step with autocannon at `--concurrency` connections:
//   sign-in        the sign-in server action, posted as the browser posts it (Next-Action header, multipart body);
//   board          GET /board with the clinician's session cookie;
//   course         GET /courses/<id>;
//   assessment     the record-assessment action, a complete normal assessment, once on each course;
//   dose           the record-dose action, "given", once on each course, on the assessment just recorded: real
//                  given doses (the engine says give), each a course's next dose.
// A request counts as a success only when the action answered {ok: true} (sign-in: a session cookie was set; pages:
// 200); a refusal ({ok: false}) or an error (another status, a timeout) is counted apart and never in the
// latencies or the throughput.
// Beside it, the floor (scripts/bench/http-floor.mjs): a bare node:http + pg handler inserting the same dose event and
// audit row under the same locks, at the same concurrency; the ratio of the dose action's throughput to the floor's.
// Never fails: it prints numbers (with --json one object whose keys end in their unit).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { hash } from "@node-rs/argon2";
import { prisma } from "@/lib/db/client";
import { latestRuleSetFor } from "@/lib/rules";
import { toUnitLocalInput } from "@/lib/time";

// ------------------------------------------------------------------------------------------------ options

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const raw = i >= 0 ? process.argv[i + 1] : undefined;
  const n = Number(raw);
  return raw !== undefined && Number.isFinite(n) && n > 0 ? n : fallback;
}
const JSON_OUT = process.argv.includes("--json");
const CONCURRENCY = option("concurrency", 50);
const PER_CLINICIAN = option("doses-per-clinician", 10);
const RUNS = option("runs", 1);
const HISTORY = Math.min(option("history", 3), 12);
const PORT = option("port", Number(process.env.BENCH_HTTP_PORT ?? 3214));
const FLOOR_PORT = option("floor-port", Number(process.env.BENCH_FLOOR_PORT ?? 3224));
const FLOOR_SECONDS = option("floor-seconds", 10);
const SIGN_INS_PER_CLINICIAN = option("sign-ins-per-clinician", 2);
const READS_PER_CLINICIAN = option("reads-per-clinician", 4);
const PASSWORD = "bench horse battery staple";
const ORIGIN = `http://127.0.0.1:${PORT}`;
const log = (line: string) => {
  if (!JSON_OUT) console.log(line);
  else console.error(line);
};

const DATABASE_URL = process.env.DATABASE_URL;
if (!DATABASE_URL) {
  console.error("bench:http needs real PostgreSQL: set DATABASE_URL (a database of its own: the benchmark adds its own units, users and courses).");
  process.exit(2);
}

// ------------------------------------------------------------------------------------------------ the server

function ensureBuild() {
  if (existsSync(".next/BUILD_ID")) return;
  log("no build in .next: running `next build` first");
  const r = spawnSync("node_modules/.bin/next", ["build"], { stdio: JSON_OUT ? ["ignore", 2, 2] : "inherit", env: process.env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function serverEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    BOLUS_ORIGIN: ORIGIN,
    // the benchmark signs many clinicians in from one address: the per-address bucket would refuse them
    BOLUS_SIGNIN_BURST: "1000000",
    BOLUS_SIGNIN_PER_MINUTE: "1000000",
    BOLUS_SIGNIN_ADDRESS_CEILING: "1000000",
  };
}

async function waitFor(url: string, child: ChildProcess, what: string): Promise<void> {
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before answering`);
    try {
      const r = await fetch(url, { headers: { host: new URL(ORIGIN).host } });
      if (r.status < 500 || r.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not answer ${url} within 60 s`);
}

function startServer(): ChildProcess {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the server
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"], { env: serverEnv(), stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", () => {});
  child.stderr?.on("data", (d: Buffer) => {
    const text = d.toString();
    if (!/ExperimentalWarning/.test(text)) process.stderr.write(`[next] ${text}`);
  });
  return child;
}

function startFloor(snapshotFile: string): ChildProcess {
  const child = spawn("node", ["scripts/bench/http-floor.mjs"], {
    env: { ...process.env, PORT: String(FLOOR_PORT), FLOOR_SNAPSHOT: snapshotFile },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (d: Buffer) => process.stderr.write(`[floor] ${d}`));
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5_000).unref();
  });
}

// ------------------------------------------------------------------------------------------------ the data

interface Clinician { id: string; email: string; unitId: string; cookie: string; courses: Course[] }
interface Course { id: string; assessmentId: string | null }

const H = 3_600_000;

/** One unit per clinician, each with `courses` TIL courses whose next dose (after `HISTORY` given ones) is due now. */
async function seed(run: string, clinicians: number, courses: number, passwordHash: string): Promise<{ clinicians: Clinician[]; floorCourses: { id: string; actorId: string; assessmentId: string }[] }> {
  const ruleSet = latestRuleSetFor("til-adjunct");
  const now = Date.now();
  const cellsEnded = new Date(now - (4 + 8 * HISTORY + 0.5) * H);
  const attending = { id: randomUUID(), email: `bench-attending-${run}@bench.bolus` };
  const units = Array.from({ length: clinicians }, (_, i) => ({ id: randomUUID(), name: `Bench ${run} unit ${i + 1}`, timeZone: "UTC" }));
  await prisma.unit.createMany({ data: units });
  const people = units.map((u, i) => ({ id: randomUUID(), email: `bench-nurse-${run}-${i + 1}@bench.bolus`, unitId: u.id }));
  await prisma.user.createMany({
    data: [
      { id: attending.id, email: attending.email, name: `Bench attending ${run}`, role: "attending", passwordHash },
      ...people.map((p, i) => ({ id: p.id, email: p.email, name: `Bench nurse ${run} ${i + 1}`, role: "nurse" as const, passwordHash })),
    ],
  });
  await prisma.unitAssignment.createMany({ data: [...people.map((p) => ({ userId: p.id, unitId: p.unitId })), ...units.map((u) => ({ userId: attending.id, unitId: u.id }))] });

  const out: Clinician[] = people.map((p) => ({ ...p, cookie: "", courses: [] }));
  const floorCourses: { id: string; actorId: string; assessmentId: string }[] = [];
  const patients: object[] = [], coursesRows: object[] = [], events: object[] = [], assessments: object[] = [];
  const addCourse = (p: (typeof people)[number], n: number, floor: boolean) => {
    const patientId = randomUUID(), courseId = randomUUID(), assessmentId = randomUUID();
    patients.push({ id: patientId, mrn: `B${run}${floor ? "F" : ""}${p.email.split("-").at(-1)!.split("@")[0]}-${n}`.toUpperCase(), familyName: "Benchperson", givenName: `${floor ? "Floor" : "Patient"} ${n}`, birthDate: new Date("1970-01-01"), unitId: p.unitId });
    coursesRows.push({
      id: courseId, patientId, protocol: "til_adjunct", ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, dosingWeightKg: 80, baselineWeightKg: 80,
      doseIuPerKg: 600_000, tilInfusionEndAt: cellsEnded, targetSbpMmHg: 90, status: "active", orderedById: attending.id, weightVerifiedById: attending.id,
      weightVerifiedAt: new Date(cellsEnded.getTime() - H),
    });
    for (let k = 0; k < HISTORY; k++) {
      events.push({
        courseId, sequence: k + 1, kind: "given", cycle: 1, doseIu: 48_000_000, occurredAt: new Date(cellsEnded.getTime() + (4 + 8 * k) * H), engineDecision: "give",
        decisionSnapshot: { bench: true }, ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version, criteria: [], recordedById: p.id, recordedAt: new Date(cellsEnded.getTime() + (4 + 8 * k) * H),
      });
    }
    // an assessment already on record (the floor's rows link to it; the benchmark's dose uses the one its own step records)
    assessments.push({
      id: assessmentId, courseId, recordedById: p.id, takenAt: new Date(now - 20 * 60_000), labsAt: new Date(now - 90 * 60_000),
      sbpMmHg: 112, heartRateBpm: 96, rhythm: "sinus", spo2Pct: 97, oxygenDevice: "room-air", oxygenLpm: 0, urineOutputMl: 520, urineOutputHours: 8, weightKg: 80.5,
      mentalStatus: "normal", phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
      creatinineMgDl: 1.0, plateletsPerUl: 142_000, bilirubinMgDl: 0.7, bicarbonateMmolL: 24, temperatureC: 37.9, infection: "none", giBleeding: "none", permanentEvents: [],
    });
    return { courseId, assessmentId };
  };
  people.forEach((p, i) => {
    for (let n = 1; n <= courses; n++) out[i]!.courses.push({ id: addCourse(p, n, false).courseId, assessmentId: null });
    const f = addCourse(p, 1, true);
    floorCourses.push({ id: f.courseId, actorId: p.id, assessmentId: f.assessmentId });
  });
  const chunk = async <T,>(rows: T[], insert: (rows: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 2_000) await insert(rows.slice(i, i + 2_000));
  };
  await chunk(patients, (rows) => prisma.patient.createMany({ data: rows as never }));
  await chunk(coursesRows, (rows) => prisma.course.createMany({ data: rows as never }));
  await chunk(events, (rows) => prisma.doseEvent.createMany({ data: rows as never }));
  await chunk(assessments, (rows) => prisma.assessment.createMany({ data: rows as never }));
  return { clinicians: out, floorCourses };
}

// ------------------------------------------------------------------------------------------------ requests

interface Job { method: "GET" | "POST"; path: string; headers: Record<string, string>; body?: Buffer; judge: (status: number, body: string, headers: Record<string, string | string[]>) => "ok" | "refused" | "error"; onOk?: (headers: Record<string, string | string[]>) => void }

const manifest = () => JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string; filename?: string }> };
function actionId(exportedName: string): string {
  const found = Object.entries(manifest().node).find(([, v]) => v.exportedName === exportedName);
  if (!found) throw new Error(`${exportedName} is not in .next/server/server-reference-manifest.json (rebuild: npm run build)`);
  return found[0];
}

/** A server action's request as React's encodeReply makes it for `action(prevState, formData)`: the arguments in field
 *  "0", the form's fields under the "_1_" prefix (the FormData reference $K1). */
async function actionBody(fields: Record<string, string | string[]>): Promise<{ body: Buffer; contentType: string }> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) form.append(`_1_${k}`, one);
  // last, as React sets it: the server resolves the arguments when this field arrives
  form.set("0", JSON.stringify([null, "$K1"]));
  const request = new Request("http://bench.invalid/", { method: "POST", body: form });
  return { body: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

const host = new URL(ORIGIN).host;
const baseHeaders = (cookie: string): Record<string, string> => ({ host, ...(cookie ? { cookie } : {}) });
const actionHeaders = (id: string, cookie: string, contentType: string): Record<string, string> => ({
  ...baseHeaders(cookie), origin: ORIGIN, "next-action": id, accept: "text/x-component", "content-type": contentType,
});
/** The action's answer, from the RSC stream: {"ok":true,…}, or {"ok":false,"code":…} — a refusal, but an error when
 *  the code is INTERNAL ("Not saved: something went wrong on our side", e.g. no database connection in time). */
const actionAnswer = (status: number, body: string) =>
  status !== 200 ? "error" : /"ok":true/.test(body) ? "ok" : /"ok":false,"code":"INTERNAL"/.test(body) ? "error" : /"ok":false/.test(body) ? "refused" : "error";
const answerCode = (status: number, body: string) => (status !== 200 ? `HTTP ${status}` : /"ok":false,"code":"([A-Z_]+)"/.exec(body)?.[1] ?? (/"ok":true/.test(body) ? "ok" : "other"));
const pageAnswer = (status: number) => (status === 200 ? "ok" : "error");

function sessionCookieFrom(headers: Record<string, string | string[]>): string | null {
  const raw = Object.entries(headers).find(([k]) => k.toLowerCase() === "set-cookie")?.[1];
  for (const c of Array.isArray(raw) ? raw : raw ? [raw] : []) {
    const [pair] = c.split(";");
    if (pair && /session=/.test(pair) && !/=;?$/.test(pair) && !/activity/.test(pair)) return pair.trim();
  }
  return null;
}

interface StepResult { name: string; ok: number; refused: number; errors: number; p50: number; p95: number; rps: number; seconds: number; firstRefusal?: string; codes?: Record<string, number> }

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `jobs` (each once, in order, across `connections`) with autocannon; only successes count in latency and rate. */
async function step(name: string, port: number, jobs: Job[], connections: number): Promise<StepResult> {
  let next = 0;
  const latencies: number[] = [];
  let ok = 0, refused = 0, errors = 0;
  let firstRefusal: string | undefined;
  const codes: Record<string, number> = {};
  const started = performance.now();
  let lastOk = started;
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Math.min(connections, jobs.length),
    amount: jobs.length,
    timeout: 60,
    requests: [{
      setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
        const job = jobs[Math.min(next++, jobs.length - 1)]!;
        context.job = job;
        return { ...req, method: job.method, path: job.path, headers: job.headers, body: job.body };
      },
      onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, string | string[]>) => {
        const job = context.job as Job;
        const verdict = job.judge(status, body ?? "", headers ?? {});
        context.verdict = verdict;
        if (verdict !== "ok") {
          const code = answerCode(status, body ?? "");
          codes[code] = (codes[code] ?? 0) + 1;
        }
        if (verdict === "ok") job.onOk?.(headers ?? {});
        else if (verdict === "refused" && !firstRefusal) firstRefusal = (body ?? "").slice(0, 600);
        else if (verdict === "error" && !firstRefusal) firstRefusal = `status ${status}: ${(body ?? "").slice(0, 300)}`;
      },
    }],
  } as never);
  instance.on("response", (client: { requestIterator: { context: Record<string, unknown> } }, _status: number, _bytes: number, responseTime: number) => {
    const verdict = client.requestIterator.context.verdict;
    if (verdict === "ok") {
      ok++;
      latencies.push(responseTime);
      lastOk = performance.now();
    } else if (verdict === "refused") refused++;
    else errors++;
  });
  const result = (await instance) as unknown as { errors: number; timeouts: number; non2xx: number };
  errors += result.errors + result.timeouts - 0; // connection errors and timeouts never reach "response"
  const seconds = (Math.max(lastOk, started) - started) / 1000 || (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, ok, refused, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), rps: ok / seconds, seconds, firstRefusal, codes };
}

/** The floor under the same load: `seconds` of POSTs, each on one of the floor courses (one per connection, round robin). */
async function floorStep(floorCourses: { id: string; actorId: string; assessmentId: string }[], connections: number, seconds: number): Promise<StepResult> {
  let next = 0;
  const bodies = floorCourses.map((c) => Buffer.from(JSON.stringify({ courseId: c.id, actorId: c.actorId, assessmentId: c.assessmentId })));
  const latencies: number[] = [];
  let ok = 0, errors = 0;
  const instance = autocannon({
    url: `http://127.0.0.1:${FLOOR_PORT}/dose`,
    connections,
    duration: seconds,
    method: "POST",
    requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: "POST", headers: { "content-type": "application/json" }, body: bodies[next++ % bodies.length] }) }],
  } as never);
  instance.on("response", (_c: unknown, status: number, _b: number, responseTime: number) => {
    if (status === 200) {
      ok++;
      latencies.push(responseTime);
    } else errors++;
  });
  const result = (await instance) as unknown as { errors: number; timeouts: number; duration: number };
  errors += result.errors + result.timeouts;
  latencies.sort((a, b) => a - b);
  return { name: "floor", ok, refused: 0, errors, p50: percentile(latencies, 50), p95: percentile(latencies, 95), rps: ok / result.duration, seconds: result.duration };
}

// ------------------------------------------------------------------------------------------------ the steps

const assessmentFields = (courseId: string, now: Date): Record<string, string> => {
  const at = toUnitLocalInput(new Date(now.getTime() - 60_000), "UTC");
  const labs = toUnitLocalInput(new Date(now.getTime() - 60 * 60_000), "UTC");
  return {
    courseId, at, sbpMmHg: "112", heartRateBpm: "96", rhythm: "sinus", spo2Pct: "97", oxygenDevice: "room-air", oxygenLpm: "0",
    urineOutputMl: "520", urineOutputHours: "8", weightKg: "80.5", mentalStatus: "normal", phenylephrineMcgKgMin: "0", phenylephrinePeakMcgKgMin: "0",
    otherVasopressor: "no", fluidRefractoryHypotension: "no", creatinineMgDl: "1.0", plateletsPerUl: "142000", bilirubinMgDl: "0.7",
    bicarbonateMmolL: "24", temperatureC: "37.9", infection: "none", giBleeding: "none", permanentEventsAnswer: "none",
    "observedAt.creatinineMgDl": labs, "observedAt.plateletsPerUl": labs, "observedAt.bilirubinMgDl": labs, "observedAt.bicarbonateMmolL": labs,
  };
};

/** Round robin over the clinicians: consecutive requests come from different clinicians. */
function interleave<T>(lists: T[][]): T[] {
  const out: T[] = [];
  for (let i = 0; lists.some((l) => i < l.length); i++) for (const l of lists) if (i < l.length) out.push(l[i]!);
  return out;
}

async function signInJobs(clinicians: Clinician[], times: number): Promise<Job[]> {
  const id = actionId("signInAction");
  const jobs: Job[][] = [];
  for (const c of clinicians) {
    const { body, contentType } = await actionBody({ email: c.email, password: PASSWORD, next: "" });
    jobs.push(Array.from({ length: times }, () => ({
      method: "POST" as const, path: "/login", headers: actionHeaders(id, "", contentType), body,
      judge: (status: number, text: string, headers: Record<string, string | string[]>) => (sessionCookieFrom(headers) ? "ok" : actionAnswer(status, text) === "refused" ? "refused" : "error") as "ok" | "refused" | "error",
      onOk: (headers: Record<string, string | string[]>) => { c.cookie = sessionCookieFrom(headers)!; },
    })));
  }
  return interleave(jobs);
}

const pageJobs = (clinicians: Clinician[], pathOf: (c: Clinician, i: number) => string, times: number): Job[] =>
  interleave(clinicians.map((c) => Array.from({ length: times }, (_, i) => ({ method: "GET" as const, path: pathOf(c, i), headers: { ...baseHeaders(c.cookie), accept: "text/html" }, judge: (s: number) => pageAnswer(s) as "ok" | "error" }))));

async function assessmentJobs(clinicians: Clinician[], pick: (c: Clinician) => Course[]): Promise<Job[]> {
  const id = actionId("recordAssessmentAction");
  const now = new Date();
  const lists: Job[][] = [];
  for (const c of clinicians) {
    const list: Job[] = [];
    for (const course of pick(c)) {
      const { body, contentType } = await actionBody(assessmentFields(course.id, now));
      list.push({ method: "POST", path: `/courses/${course.id}`, headers: actionHeaders(id, c.cookie, contentType), body, judge: (s, t) => actionAnswer(s, t) });
    }
    lists.push(list);
  }
  return interleave(lists);
}

async function doseJobs(clinicians: Clinician[], pick: (c: Clinician) => Course[]): Promise<Job[]> {
  const id = actionId("recordDoseAction");
  const courses = clinicians.flatMap((c) => pick(c));
  // the assessment each course's form shows: the latest active one (the one the assessment step just recorded)
  const latest = await prisma.assessment.findMany({ where: { courseId: { in: courses.map((c) => c.id) }, status: "active" }, orderBy: { takenAt: "desc" }, select: { id: true, courseId: true } });
  const byCourse = new Map<string, string>();
  for (const a of latest) if (!byCourse.has(a.courseId)) byCourse.set(a.courseId, a.id);
  const lists: Job[][] = [];
  for (const c of clinicians) {
    const list: Job[] = [];
    for (const course of pick(c)) {
      const { body, contentType } = await actionBody({ courseId: course.id, kind: "given", assessmentId: byCourse.get(course.id) ?? "", expectedSequence: String(HISTORY + 1), occurredAt: "", doseIu: "48000000", witnessId: "", note: "" });
      list.push({ method: "POST", path: `/courses/${course.id}`, headers: actionHeaders(id, c.cookie, contentType), body, judge: (s, t) => actionAnswer(s, t) });
    }
    lists.push(list);
  }
  return interleave(lists);
}

interface RunResult { steps: Record<string, StepResult> }

async function oneRun(runIndex: number, passwordHash: string, floorSnapshot: string): Promise<RunResult> {
  const run = `${Date.now().toString(36)}${runIndex}`;
  // one warm-up course per clinician, then the measured ones
  const seeded = await seed(run, CONCURRENCY, PER_CLINICIAN + 1, passwordHash);
  const { clinicians } = seeded;
  const warm = (c: Clinician) => c.courses.slice(0, 1);
  const measured = (c: Clinician) => c.courses.slice(1);
  const steps: Record<string, StepResult> = {};

  // warm-up: every step once per clinician (the first sign-in also gives each clinician its session)
  // (at a low concurrency, again for any refused: every clinician needs a session; the measured sign-in step below
  // runs at the full concurrency and counts its errors)
  let signedIn: StepResult | null = null;
  for (let attempt = 0; attempt < 3 && clinicians.some((c) => !c.cookie); attempt++) {
    signedIn = await step("warm sign-in", PORT, await signInJobs(clinicians.filter((c) => !c.cookie), 1), Math.min(CONCURRENCY, 5));
  }
  const missing = clinicians.filter((c) => !c.cookie).length;
  if (missing) throw new Error(`${missing} of ${clinicians.length} clinicians could not sign in: ${signedIn?.firstRefusal ?? ""}`);
  await step("warm board", PORT, pageJobs(clinicians, () => "/board", 1), CONCURRENCY);
  await step("warm course", PORT, pageJobs(clinicians, (c) => `/courses/${c.courses[0]!.id}`, 1), CONCURRENCY);
  await step("warm assessment", PORT, await assessmentJobs(clinicians, warm), CONCURRENCY);
  await step("warm dose", PORT, await doseJobs(clinicians, warm), CONCURRENCY);

  steps.signIn = await step("sign-in", PORT, await signInJobs(clinicians, SIGN_INS_PER_CLINICIAN), CONCURRENCY);
  steps.board = await step("board", PORT, pageJobs(clinicians, () => "/board", READS_PER_CLINICIAN), CONCURRENCY);
  steps.course = await step("course page", PORT, pageJobs(clinicians, (c, i) => `/courses/${measured(c)[i % PER_CLINICIAN]!.id}`, READS_PER_CLINICIAN), CONCURRENCY);
  steps.assessment = await step("assessment", PORT, await assessmentJobs(clinicians, measured), CONCURRENCY);
  steps.dose = await step("dose", PORT, await doseJobs(clinicians, measured), CONCURRENCY);

  // the floor stores the snapshot a real recording stored, so its rows are as large as the action's
  const real = await prisma.doseEvent.findFirst({ where: { courseId: { in: clinicians.flatMap((c) => measured(c).map((x) => x.id)) }, sequence: HISTORY + 1 }, select: { decisionSnapshot: true } });
  if (real) writeFileSync(floorSnapshot, JSON.stringify(real.decisionSnapshot));
  const floor = startFloor(floorSnapshot);
  try {
    await waitFor(`http://127.0.0.1:${FLOOR_PORT}/`, floor, "the floor server");
    await floorStep(seeded.floorCourses, CONCURRENCY, 2); // warm-up
    steps.floor = await floorStep(seeded.floorCourses, CONCURRENCY, FLOOR_SECONDS);
  } finally {
    await stop(floor);
  }
  return { steps };
}

// ------------------------------------------------------------------------------------------------ main

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const round = (x: number, digits = 1) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : null);

async function main() {
  ensureBuild();
  const deploy = spawnSync("node", ["scripts/db.mjs", "deploy"], { stdio: ["ignore", JSON_OUT ? 2 : "inherit", 2], env: process.env });
  if (deploy.status !== 0) process.exit(deploy.status ?? 1);
  const passwordHash = await hash(PASSWORD, { memoryCost: 19_456, timeCost: 2, parallelism: 1 }); // lib/auth/password.ts OPTIONS
  const floorSnapshot = path.join(mkdtempSync(path.join(tmpdir(), "bench-http-")), "snapshot.json");
  writeFileSync(floorSnapshot, JSON.stringify({ decision: "give" }));

  const server = startServer();
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => { server.kill("SIGTERM"); process.exit(130); });
  const runs: RunResult[] = [];
  try {
    await waitFor(`${ORIGIN}/api/health`, server, "next start");
    for (let i = 0; i < RUNS; i++) {
      log(`run ${i + 1} of ${RUNS}: ${CONCURRENCY} clinicians, ${PER_CLINICIAN} doses each (concurrency ${CONCURRENCY})`);
      const r = await oneRun(i, passwordHash, floorSnapshot);
      runs.push(r);
      for (const s of Object.values(r.steps)) {
        log(`  ${s.name.padEnd(12)} ok ${String(s.ok).padStart(5)}  refused ${String(s.refused).padStart(4)}  errors ${String(s.errors).padStart(4)}  p50 ${round(s.p50)} ms  p95 ${round(s.p95)} ms  ${round(s.rps)} req/s`);
        if (s.refused || s.errors) log(`    not ok, by answer: ${JSON.stringify(s.codes ?? {})}; the first: ${(s.firstRefusal ?? "").replace(/\s+/g, " ").slice(0, 300)}`);
      }
    }
  } finally {
    await stop(server);
    await prisma.$disconnect();
  }

  const m = (name: string, field: "p50" | "p95" | "rps" | "ok" | "refused" | "errors") => median(runs.map((r) => r.steps[name]![field]));
  const sum = (name: string, field: "refused" | "errors" | "ok") => runs.reduce((a, r) => a + r.steps[name]![field], 0);
  const names: [string, string][] = [["signIn", "sign_in"], ["board", "board"], ["course", "course_page"], ["assessment", "assessment"], ["dose", "dose"], ["floor", "floor"]];
  const out: Record<string, number | string | null> = {
    database_kind: "postgresql",
    concurrency_clients: CONCURRENCY,
    runs_count: RUNS,
    history_doses_count: HISTORY,
  };
  for (const [key, label] of names) {
    out[`${label}_p50_ms`] = round(m(key, "p50"));
    out[`${label}_p95_ms`] = round(m(key, "p95"));
    out[`${label}_rps`] = round(m(key, "rps"));
    out[`${label}_ok_count`] = sum(key, "ok");
    out[`${label}_refused_count`] = sum(key, "refused");
    out[`${label}_errors_count`] = sum(key, "errors");
  }
  const ratio = median(runs.map((r) => (100 * r.steps.dose!.rps) / r.steps.floor!.rps));
  out.dose_floor_ratio_pct = round(ratio);
  out.dose_p95_budget_ms = 50;
  out.dose_floor_ratio_budget_pct = 50;

  if (JSON_OUT) {
    console.log(JSON.stringify(out));
    return;
  }
  console.log(`\nHTTP benchmark: next start on PostgreSQL, ${CONCURRENCY} concurrent clinicians, median of ${RUNS} run${RUNS === 1 ? "" : "s"}`);
  console.log("step          p50 ms   p95 ms   req/s   ok  refused  errors (summed over runs)");
  for (const [, label] of names) {
    const row = [label.padEnd(12), String(out[`${label}_p50_ms`]).padStart(7), String(out[`${label}_p95_ms`]).padStart(8), String(out[`${label}_rps`]).padStart(7), String(out[`${label}_ok_count`]).padStart(6), String(out[`${label}_refused_count`]).padStart(8), String(out[`${label}_errors_count`]).padStart(7)];
    console.log(row.join(" "));
  }
  console.log(`\ndose p95 ${out.dose_p95_ms} ms (budget ≤ 50 ms); dose throughput ${out.dose_rps} req/s = ${out.dose_floor_ratio_pct} % of the floor's ${out.floor_rps} req/s (budget ≥ 50 %)`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
