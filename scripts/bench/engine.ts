// Engine throughput: `npm run bench:engine`. Prints evaluations per second and µs per evaluation (median of
// several runs, zod validation included) for realistic requests with 20 earlier dose events under the default rule
// sets (1.1.0), beside a floor: a minimal hand-written check of the same thresholds and schedule on the same
// request. Never asserts.
import { evaluateDose, type DoseEvent, type DoseRequest } from "../../lib/rules/index";

const H = 3_600_000;
const iso = (base: string, ms: number) => new Date(Date.parse(base) + ms).toISOString();

const ASSESSMENT = {
  sbpMmHg: 104, heartRateBpm: 112, rhythm: "sinus", spo2Pct: 95, oxygenDevice: "room-air", oxygenLpm: 0,
  urineOutputMl: 380, urineOutputHours: 8, weightKg: 84.1, mentalStatus: "normal",
  phenylephrineMcgKgMin: 0, phenylephrinePeakMcgKgMin: 0, otherVasopressor: false, fluidRefractoryHypotension: false,
  creatinineMgDl: 1.4, plateletsPerUl: 98_000, bilirubinMgDl: 1.1, bicarbonateMmolL: 22, temperatureC: 38.2,
  infection: "none", giBleeding: "none", permanentEvents: [],
} as const;

/** Monotherapy, day 17: 14 doses in cycle 1, then 6 events (5 given, 1 held) in cycle 2 → 20 events. */
function monoRequest(): DoseRequest {
  const start = "2026-03-01T08:00:00Z", c2 = iso(start, 14 * 24 * H);
  const events: DoseEvent[] = [];
  for (let i = 0; i < 14; i++) events.push({ at: iso(start, i * 8 * H), kind: "given", cycle: 1, doseIu: 49_440_000 });
  for (let i = 0; i < 6; i++) {
    events.push(i === 3
      ? { at: iso(c2, i * 8 * H), kind: "held", cycle: 2, criteria: ["urine-output-low"] }
      : { at: iso(c2, i * 8 * H), kind: "given", cycle: 2, doseIu: 49_440_000 });
  }
  const now = iso(c2, 48 * H);
  return {
    now, protocol: "monotherapy",
    course: { dosingWeightKg: 82.4, baselineWeightKg: 82.4, startAt: start, cycle2ApprovedAt: iso(start, 12 * 24 * H) },
    events: events.reverse(),
    assessment: { ...ASSESSMENT, at: iso(now, -H), labsAt: iso(now, -6 * H), permanentEvents: [] },
  };
}

/** TIL, 4 given and 16 held re-evaluations within the 120 h window → 20 events. */
function tilRequest(): DoseRequest {
  const cells = "2026-03-01T10:00:00Z", first = iso(cells, 4 * H);
  const events: DoseEvent[] = [];
  for (let i = 0; i < 20; i++) {
    const t = iso(first, i * 4 * H);
    events.push(i % 5 === 0 ? { at: t, kind: "given", cycle: 1, doseIu: 49_440_000 } : { at: t, kind: "held", cycle: 1, criteria: ["sbp-low"] });
  }
  const now = iso(first, 80 * H);
  return {
    now, protocol: "til-adjunct",
    course: { dosingWeightKg: 82.4, baselineWeightKg: 82.4, tilInfusionEndAt: cells, targetSbpMmHg: 95 },
    events: events.reverse(),
    assessment: { ...ASSESSMENT, at: iso(now, -H), labsAt: iso(now, -6 * H), permanentEvents: [] },
  };
}

// ---------------------------------------------------------------- floor: the same checks, hand-written

const ISO_Z = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
function t(v: unknown): number {
  if (typeof v !== "string" || !ISO_Z.test(v)) throw new Error("time");
  return Date.parse(v);
}
function n(v: unknown, lo: number, hi: number): number {
  if (typeof v !== "number" || !(v >= lo && v <= hi)) throw new Error("number");
  return v;
}

interface Limits { til: boolean; maxCycle: number; maxCourse: number; freshMin: number; labsMin: number; combo: number }
const REQUIRED = ["sbpMmHg", "heartRateBpm", "rhythm", "spo2Pct", "oxygenDevice", "oxygenLpm", "urineOutputMl", "urineOutputHours", "weightKg",
  "mentalStatus", "phenylephrineMcgKgMin", "phenylephrinePeakMcgKgMin", "otherVasopressor", "creatinineMgDl", "plateletsPerUl",
  "bilirubinMgDl", "bicarbonateMmolL", "infection", "giBleeding", "permanentEvents"] as const;
const TIL_LIMITS: Limits = { til: true, maxCycle: 6, maxCourse: 6, freshMin: 180, labsMin: 720, combo: 2 };
const MONO_LIMITS: Limits = { til: false, maxCycle: 14, maxCourse: 28, freshMin: 240, labsMin: 1440, combo: 3 };

function floor(req: DoseRequest, L: Limits): string {
  const now = t(req.now);
  const c = req.course;
  const w = n(c.dosingWeightKg, 1, 400), base = n(c.baselineWeightKg, 1, 400);
  const anchor = t(L.til ? c.tilInfusionEndAt : c.startAt);
  const evs = (req.events ?? []).map((e) => ({ at: t(e.at), kind: e.kind, cycle: n(e.cycle, 1, 2), iu: e.doseIu ?? 0 }));
  evs.sort((x, y) => x.at - y.at);
  let given = 0, givenCycle = 0, lastRef = -Infinity, first = Infinity, cycle = 1;
  for (const e of evs) {
    if (e.kind === "discontinued") return "complete";
    if (e.cycle > cycle) { cycle = e.cycle; givenCycle = 0; first = Infinity; }
    if (e.kind === "given") { given++; givenCycle++; lastRef = e.at; }
    if (e.kind === "held" && !L.til) lastRef = e.at;
    if (e.cycle === cycle && first === Infinity) first = e.at;
  }
  if (given >= L.maxCourse || givenCycle >= L.maxCycle) return "complete";
  if (now > first + 120 * H) return "complete";
  if (now < (L.til ? anchor + 3 * H : anchor - 0.5 * H)) return "wait";
  if (now < lastRef + 7.5 * H) return "wait";
  const a = req.assessment;
  if (a == null) return "incomplete";
  if (L.til && !(typeof c.targetSbpMmHg === "number" && c.targetSbpMmHg >= 90 && c.targetSbpMmHg <= 140)) throw new Error("target");
  if (a.oxygenDevice === "room-air" && (a.oxygenLpm ?? 0) > 0) throw new Error("oxygen");
  for (const f of REQUIRED) if (a[f] == null) return "incomplete";
  if (L.til && a.fluidRefractoryHypotension == null) return "incomplete";
  if (now - t(a.at) > L.freshMin * 60_000 || now - t(a.labsAt) > L.labsMin * 60_000) return "incomplete";
  const sbp = n(a.sbpMmHg, 40, 300), hr = n(a.heartRateBpm, 20, 300), spo2 = n(a.spo2Pct, 0, 100), lpm = n(a.oxygenLpm, 0, 60);
  const ml = n(a.urineOutputMl, 0, 20_000), h = n(a.urineOutputHours, 1, 24), wt = n(a.weightKg, 1, 400);
  const phe = n(a.phenylephrineMcgKgMin, 0, 10), cr = n(a.creatinineMgDl, 0, 30), peak = n(a.phenylephrinePeakMcgKgMin, 0, 10);
  const plt = n(a.plateletsPerUl, 0, 2_000_000);
  if (h < 4 || h > 8) return "incomplete";
  let holds = 0, stop = false;
  const hold = (b: boolean) => { if (b) holds++; };
  hold(sbp < (L.til ? c.targetSbpMmHg ?? 90 : 90));
  const atDose = L.til ? phe > 0 || a.otherVasopressor === true : phe > 0.5 || a.otherVasopressor === true;
  if (L.til ? phe > 0.5 : phe > 0.8) stop = true; else hold(atDose);
  if (L.til) hold(!atDose && peak > 0); else if (peak > 1.5) stop = true; else hold(peak > 1);
  const bradycardia = hr < 50 && a.rhythm === "sinus";
  if (hr > 130) stop = true; else hold(hr > 120);
  if (a.rhythm !== "sinus") { if (L.til || a.rhythm === "ventricular-ectopy") stop = true; else holds++; }
  if (ml / h < 10) stop = true; else hold(L.til ? ml / h / w < 0.5 || ml / h < 20 : ml / h < 20);
  if (cr >= 3) stop = true; else hold(cr >= 2.5);
  hold((a.bicarbonateMmolL ?? 99) <= 18);
  hold((wt - base) / base * 100 > 15);
  hold(spo2 < 90);
  if (a.oxygenDevice !== "room-air" && a.oxygenDevice !== "nasal-cannula") stop = true;
  else if (L.til ? lpm >= 3 : lpm > 4) stop = true; else hold(L.til ? lpm > 0 || a.oxygenDevice !== "room-air" : lpm >= 3);
  if (a.mentalStatus === "severe" || a.mentalStatus === "coma" || (L.til && a.mentalStatus === "moderate")) stop = true;
  else hold(a.mentalStatus !== "normal");
  if (!L.til) { if (plt < 30_000) stop = true; else hold(plt < 50_000); }
  const flags = bradycardia || (L.til && plt < 20_000);
  hold((a.bilirubinMgDl ?? 0) > 7);
  if (a.infection === "documented" || (!L.til && a.infection === "suspected")) stop = true; else hold(a.infection === "suspected");
  if (a.giBleeding === "frank") stop = true; else hold(a.giBleeding === "occult");
  if ((a.permanentEvents ?? []).length > 0) return "discontinue";
  if (stop || holds >= L.combo) return "stop";
  return holds > 0 || flags ? "hold" : "give";
}

// ---------------------------------------------------------------- timing

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Median µs per call over `runs` runs of `iterations` calls, after about a second of warm-up (JIT tiers). */
function measure(fn: () => unknown, iterations: number, runs: number): number {
  const warmUntil = process.hrtime.bigint() + 1_000_000_000n;
  while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < 1000; i++) fn();
  const perCall: number[] = [];
  let sink = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) if (fn() !== undefined) sink++;
    const t1 = process.hrtime.bigint();
    perCall.push(Number(t1 - t0) / 1000 / iterations);
  }
  if (sink < 0) console.log(sink);
  return median(perCall);
}

const RUNS = 7;
const cases = [
  { name: "monotherapy, 20 events", req: monoRequest(), limits: MONO_LIMITS },
  { name: "til-adjunct, 20 events", req: tilRequest(), limits: TIL_LIMITS },
];

console.log(`engine benchmark — node ${process.version}, median of ${RUNS} runs, zod validation included`);
console.log("");
const rows: string[][] = [["request", "engine evals/s", "engine µs/eval", "floor evals/s", "floor µs/eval", "engine/floor"]];
for (const c of cases) {
  const out = evaluateDose(c.req);
  const decision = out.ok ? out.result.decision : `invalid ${JSON.stringify(out.issues)}`;
  const floorDecision = floor(c.req, c.limits);
  const engineUs = measure(() => evaluateDose(c.req), 20_000, RUNS);
  const floorUs = measure(() => floor(c.req, c.limits), 200_000, RUNS);
  rows.push([
    `${c.name} (engine: ${decision}, floor: ${floorDecision})`,
    Math.round(1e6 / engineUs).toLocaleString("en-US"), engineUs.toFixed(2),
    Math.round(1e6 / floorUs).toLocaleString("en-US"), floorUs.toFixed(2),
    `${(engineUs / floorUs).toFixed(1)}×`,
  ]);
}
const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "));
console.log("");
console.log("target: ≥ 50,000 evals/s and engine/floor ≤ 5×");
