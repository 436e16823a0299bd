import { describe, expect, test } from "vitest";
import { doseIuPerKgOptions, moveBlocker, newerVersionOf, ruleSetForNewCourse, targetSbpBounds } from "@/lib/domain/course-order";
import { OrderCourseSchema, parseTargetSbp } from "@/lib/schemas/course";
import { AmendCourseSchema } from "@/lib/schemas/correction";

const PATIENT = "7d4c1f3e-2b1a-4c3d-9e8f-0a1b2c3d4e5f";
const til = { patientId: PATIENT, protocol: "til-adjunct", dosingWeightKg: "80", baselineWeightKg: "80", anchorAt: "2026-03-02T10:00" };

describe("the TIL SBP target: whole mmHg within the latest TIL version's bounds (protocols.md §4, 1.1.0: 90–140)", () => {
  test("the bounds come from the rule set", () => {
    expect(targetSbpBounds()).toMatchObject({ min: 90, max: 140 });
  });
  test.each([
    ["89 < 90: refused", "89", false],
    ["90 = min: accepted", "90", true],
    ["140 = max: accepted", "140", true],
    ["141 > 140: refused", "141", false],
    ["95.5 is not whole: refused", "95.5", false],
    ["'abc': refused", "abc", false],
  ])("%s", (_label, raw, ok) => {
    expect(parseTargetSbp(raw).ok).toBe(ok);
  });
  test("empty is 'not given', which ordering a TIL course refuses and amending reads as unchanged", () => {
    expect(parseTargetSbp("")).toEqual({ ok: true, value: null });
    expect(OrderCourseSchema.safeParse({ ...til }).success).toBe(false);
    expect(AmendCourseSchema.safeParse({ courseId: PATIENT, version: "1", reason: "x", targetSbpMmHg: "" }).data?.targetSbpMmHg).toBeNull();
  });
  test("monotherapy is not asked: no target, none stored", () => {
    const parsed = OrderCourseSchema.safeParse({ ...til, protocol: "monotherapy", targetSbpMmHg: "" });
    expect(parsed.data?.targetSbpMmHg).toBeNull();
  });
});

describe("dose per kg: only the values the rule set lists (contract 1.1)", () => {
  test("the latest TIL version lists 600,000 (label) and 720,000 (NCI TIL protocols)", () => {
    expect(doseIuPerKgOptions(ruleSetForNewCourse("til-adjunct")).map((o) => o.value)).toEqual([600_000, 720_000]);
  });
  test.each([
    ["empty → the rule set's default 600,000", "", 600_000],
    ["720,000 → 720,000", "720000", 720_000],
  ])("%s", (_label, raw, expected) => {
    expect(OrderCourseSchema.safeParse({ ...til, targetSbpMmHg: "95", doseIuPerKg: raw }).data?.doseIuPerKg).toBe(expected);
  });
  test.each(["650000", "600001", "720,000", "-600000"])("%s is refused", (raw) => {
    const parsed = OrderCourseSchema.safeParse({ ...til, targetSbpMmHg: "95", doseIuPerKg: raw });
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["doseIuPerKg"]);
  });
});

describe("moving a course to the newer version", () => {
  const newer = newerVersionOf("til-2024", "1.0.0")!;
  test("1.0.0 has a newer version; the latest has none", () => {
    expect(newer.version).toBe(ruleSetForNewCourse("til-adjunct").version);
    expect(newerVersionOf("til-2024", newer.version)).toBeNull();
    expect(newerVersionOf("no-such-rule-set", "1.0.0")).toBeNull();
  });
  test.each([
    ["TIL target 85 < 90: blocked", "til-adjunct", 85, "targetSbpMmHg"],
    ["TIL target not set: blocked", "til-adjunct", null, "targetSbpMmHg"],
    ["TIL target 141 > 140: blocked", "til-adjunct", 141, "targetSbpMmHg"],
    ["TIL target 90: allowed", "til-adjunct", 90, null],
    ["monotherapy without a target: allowed", "monotherapy", null, null],
  ] as const)("%s", (_label, protocol, target, field) => {
    const to = newerVersionOf(protocol === "til-adjunct" ? "til-2024" : "mono-2014", "1.0.0")!;
    expect(moveBlocker({ protocol, targetSbpMmHg: target, doseIuPerKg: 600_000 }, to)?.field ?? null).toBe(field);
  });
  test("the refusal says to amend the target first", () => {
    expect(moveBlocker({ protocol: "til-adjunct", targetSbpMmHg: 85, doseIuPerKg: 600_000 }, newer)?.message).toContain("Amend the target first");
  });
});
