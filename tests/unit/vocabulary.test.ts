import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  ALL_RULE_SETS, ASSESSMENT_FIELDS, CONFIDENCES, CONTRACT_DATA, DECISIONS, EVENT_TIERS, PENDING_STOP_REVIEW, REASONS,
  SOURCE_KEYS, SOURCES, TIERS,
} from "@/lib/rules";
import { ASSESSMENT_FIELD_REGISTRY, fieldLabel } from "@/lib/domain/assessment-fields";
import { REVIEW_OUTCOMES } from "@/lib/domain/review";
import {
  ALL_SOURCES, auditActionLabel, AUDIT_ACTION_WORDS, auditOutcomeLabel, citationsIn, citedSourceKeys, confidenceLabel,
  COURSE_STATUS_WORDS, courseStatusLabel, criterionLabel, entityTypeLabel, ENTITY_TYPE_WORDS, EVENT_KIND_WORDS, eventKindLabel, humanize, outcomeLabel,
  parameterLabel, protocolWords, reasonText, decisionLabel, heldEventLabel, outsideWindowReasonText, upperFirst, recordStatusLabel, refusalCodeLabel, sourceHref, sourceInfo, tierLabel,
} from "@/lib/domain/vocabulary";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/**
 * A label a clinician may read for `key`: present, not the key itself, and not shaped like a key (camelCase,
 * kebab-case, snake_case). A one-word key may differ only by its capital ("infection" → "Infection").
 */
function expectWords(label: string, key: string) {
  expect(label, key).toBeTruthy();
  expect(label, key).not.toBe(key);
  // an internal key is camelCase or kebab/snake-case with no space; words are not
  expect(/^[a-z]+[A-Z]\w*$/.test(label) || /^[a-z0-9]+([-_][a-z0-9]+)+$/.test(label), `${key} → ${label}`).toBe(false);
}

/** The values of one enum in prisma/schema.prisma, as stored (its @map when it has one, else its name). */
function prismaEnum(name: string): string[] {
  const body = new RegExp(`^enum ${name} \\{\\n([\\s\\S]*?)^\\}`, "m").exec(read("prisma/schema.prisma"))?.[1];
  if (!body) throw new Error(`enum ${name} not found`);
  return body.split("\n").map((l) => l.replace(/\/\/.*$/, "").trim()).filter(Boolean).flatMap((l) => {
    const m = /^(\w+)(?:\s+@map\("([^"]+)"\))?/.exec(l);
    return m ? [m[1]!, ...(m[2] ? [m[2]] : [])] : [];
  });
}

describe("every key has clinical words", () => {
  test.each(ALL_RULE_SETS.flatMap((rs) => rs.criteria.map((c) => [`${rs.id} ${rs.version} ${c.id}`, rs, c] as const)))(
    "criterion %s has the rule set's own label",
    (_name, rs, c) => {
      expect(criterionLabel(c.id, rs)).toBe(c.label);
      expectWords(criterionLabel(c.id), c.id);
      expectWords(c.label, c.id);
    },
  );

  test("the contract's recorded-stop criterion and the combination rule have labels", () => {
    expect(criterionLabel(PENDING_STOP_REVIEW)).toBe(CONTRACT_DATA.pendingStopReview.criterionLabel);
    expectWords(criterionLabel(PENDING_STOP_REVIEW), PENDING_STOP_REVIEW);
    expectWords(criterionLabel("combination"), "combination");
  });

  test.each(ALL_RULE_SETS.flatMap((rs) => rs.criteria.map((c) => [c.parameter, c.id] as const)))("parameter %s (criterion %s) has a label", (p) => {
    expectWords(parameterLabel(p), p);
  });

  test.each(ALL_RULE_SETS.flatMap((rs) => rs.criteria.flatMap((c) => c.thresholds.flatMap((t) => (t.condition.kind === "compare" ? [[t.condition.quantity, c.id] as const] : [])))))(
    "quantity %s compared by %s has a label",
    (q) => expectWords(parameterLabel(q), q),
  );

  test.each([...ASSESSMENT_FIELDS, "targetSbpMmHg"])("assessment field %s has a label from the registry", (f) => {
    expectWords(fieldLabel(f), f);
    expect(parameterLabel(f)).toBe(fieldLabel(f));
    expect(parameterLabel(`observedAt.${f}`)).toBe(fieldLabel(f));
  });

  test.each(ASSESSMENT_FIELD_REGISTRY.flatMap((f) => (f.options ?? []).map((o) => [`${f.name}=${o.value}`, o] as const)))("option %s has words", (_n, o) => {
    expect(o.label).toBeTruthy();
    if (/[-_]/.test(o.value) || /[a-z][A-Z]/.test(o.value)) expectWords(o.label, o.value);
  });

  test.each(REASONS)("schedule reason %s", (r) => expectWords(reasonText(r), r));
  // "given" and "held" are the clinic's own words; the others must be said in full
  test.each(prismaEnum("DoseEventKind"))("dose event kind %s has its own entry", (k) => {
    expect(EVENT_KIND_WORDS).toHaveProperty([k]);
    expect(eventKindLabel(k)).toBe(EVENT_KIND_WORDS[k]);
    if (k !== "given" && k !== "held") expectWords(eventKindLabel(k), k);
  });
  test.each(prismaEnum("RecordStatus"))("record status %s", (s) => expectWords(recordStatusLabel(s), s));
  test.each(prismaEnum("CourseStatus"))("course status %s", (s) => {
    expect(COURSE_STATUS_WORDS).toHaveProperty([s]);
    expectWords(courseStatusLabel(s), s);
  });
  test.each(prismaEnum("Protocol"))("protocol %s", (p) => expectWords(protocolWords(p), p));
  test.each(prismaEnum("HoldReviewOutcome"))("review outcome %s", (o) => expectWords(outcomeLabel(o), o));
  test.each(REVIEW_OUTCOMES)("review outcome %s (review policy)", (o) => expectWords(outcomeLabel(o), o));
  test.each(prismaEnum("AuditOutcome"))("audit outcome %s", (o) => expectWords(auditOutcomeLabel(o), o));
  test.each([...TIERS, ...EVENT_TIERS])("tier %s", (t) => expectWords(tierLabel(t), t));
  test.each(CONFIDENCES)("confidence %s", (c) => expectWords(confidenceLabel(c), c));
  test.each(["VALIDATION", "UNAUTHENTICATED", "FORBIDDEN", "NOT_FOUND", "CONFLICT", "RULE_BLOCKED", "UNAVAILABLE", "INTERNAL"])("refusal code %s", (c) =>
    expectWords(refusalCodeLabel(c), c),
  );

  test("a held event at stop tier never reads as a plain hold", () => {
    expect(eventKindLabel("held", "stop")).toBe("Stop IL-2 — attending to decide");
    expect(eventKindLabel("held", "discontinue")).toBe("Discontinue IL-2 — attending to decide");
    expect(eventKindLabel("held", "hold")).toBe("held");
  });

  test("a stop-tier hold once decided reads as the stop the attending decided, still never a plain hold", () => {
    expect(heldEventLabel("held", "stop", false)).toBe("Stop IL-2 — attending to decide");
    expect(heldEventLabel("held", "stop", true)).toBe("Stop IL-2 — held; the attending decided");
    expect(heldEventLabel("held", "discontinue", true)).toBe("Discontinue IL-2 — held; the attending decided");
    expect(heldEventLabel("held", "hold", true)).toBe("held");
    expect(heldEventLabel("given", null, false)).toBe("given");
  });

  test.each([...DECISIONS, "invalid-request"])("engine decision %s as stored on an event", (d) => expectWords(decisionLabel(d), d));
  test.each(REASONS)("outside-window reason %s", (r) => {
    expectWords(outsideWindowReasonText(r), r);
    expect(outsideWindowReasonText(r)).not.toBe(reasonText(r));
  });
  test("upperFirst", () => expect([upperFirst("given"), upperFirst("")]).toEqual(["Given", ""]));

  test("every audit action the app writes, and every entity type, has words", () => {
    const files = ["prisma/seed.ts", ...readdirSync(new URL("lib/actions/", root)).map((f) => `lib/actions/${f}`), "app/(clinical)/admin/audit/export/route.ts", "app/(clinical)/admin/page.tsx", "app/(clinical)/quality/export/route.ts"];
    const actions = new Set<string>(), entities = new Set<string>();
    for (const file of files) {
      const text = read(file);
      for (const m of text.matchAll(/\b(?:name|action):\s*"([a-z0-9-]+)"/g)) actions.add(m[1]!);
      for (const m of text.matchAll(/\bentityType:\s*"(\w+)"/g)) entities.add(m[1]!);
      for (const m of text.matchAll(/values\.entityType === "(\w+)"/g)) entities.add(m[1]!);
      for (const m of text.matchAll(/: "(record)"\)/g)) entities.add(m[1]!);
    }
    // the walk found the actions, not nothing
    expect(actions.size).toBeGreaterThanOrEqual(12);
    expect([...actions].filter((a) => !(a in AUDIT_ACTION_WORDS))).toEqual([]);
    for (const a of actions) expectWords(auditActionLabel(a), a);
    expect([...entities].filter((e) => !(e in ENTITY_TYPE_WORDS))).toEqual([]);
    for (const e of entities) expect(entityTypeLabel(e)).not.toBe(e);
  });

  test("an unknown key still reads as words, never as the key", () => {
    expect(humanize("urine-output-low")).toBe("Urine output low");
    expect(humanize("entered_in_error")).toBe("Entered in error");
    expect(humanize("sbpMmHg")).toBe("Sbp mm hg");
    expect(criterionLabel("not-a-criterion")).toBe("Not a criterion");
    expect(auditActionLabel("course-frobnicate")).toBe("Course frobnicate");
    expect(entityTypeLabel("DoseFrob")).toBe("dose frob");
    expect(reasonText("later")).toBe("Later");
  });

  test("decisions are named by the badge, not here, but none is a bare key in the reason table", () => {
    for (const d of DECISIONS) expect(reasonText(d)).not.toBe(d);
  });
});

describe("sources", () => {
  test.each(ALL_RULE_SETS.map((rs) => [`${rs.id} ${rs.version}`, rs] as const))("every source cited by %s has a citation entry", (_n, rs) => {
    const cited = [...citedSourceKeys(rs)];
    expect(cited.length).toBeGreaterThan(0);
    for (const key of cited) {
      expect(SOURCE_KEYS as readonly string[]).toContain(key);
      const info = sourceInfo(key as (typeof SOURCE_KEYS)[number]);
      expect(info.citation).toBe(SOURCES[key as (typeof SOURCE_KEYS)[number]]);
      expect(info.title.length).toBeGreaterThan(key.length);
      expect(info.usedFor.length).toBeGreaterThan(10);
    }
  });

  test("the contract data cites only sources with entries", () => {
    for (const key of citedSourceKeys(CONTRACT_DATA)) expect(ALL_SOURCES.map((s) => s.key as string)).toContain(key);
  });

  test("every source key has one entry with a title, a citation, a use and an anchor", () => {
    expect(ALL_SOURCES.map((s) => s.key)).toEqual([...SOURCE_KEYS]);
    for (const s of ALL_SOURCES) {
      expectWords(s.title, s.key);
      expect(s.citation).toBe(SOURCES[s.key]);
      expect(sourceHref(s.key)).toBe(`/sources#${encodeURIComponent(s.key)}`);
    }
  });

  test("citationsIn names what each source is cited for, by the criterion's label", () => {
    const til = ALL_RULE_SETS.find((r) => r.id === "til-2024" && r.version === "1.1.0")!;
    const byKey = citationsIn(til);
    // every key the rule set cites appears, with at least one labelled use
    for (const key of citedSourceKeys(til)) expect(byKey.get(key)?.length, key).toBeGreaterThan(0);
    const tachy = til.criteria.find((c) => c.id === "tachycardia")!;
    const t = tachy.thresholds.find((x) => x.source === "SPR")!;
    expect(byKey.get("SPR")).toContain(`${tachy.label}: ${t.label}`);
  });

  test("citedSourceKeys finds `source` and `sources` at any depth", () => {
    expect([...citedSourceKeys({ a: [{ source: "BW" }, { b: { sources: ["DUT", "SPR"], source: "PI-P" } }] })].sort()).toEqual(["BW", "DUT", "PI-P", "SPR"]);
  });
});
