// lib/domain/records.ts promises that a stored decimal is "anything with an exact toString()" (`DecimalLike`), so the
// domain can be tested with object literals. Course decimals keep that promise; these tests hold assessment decimals
// to it too, read through the engine-request mapping that decisionUnderOverride and cycle2Readiness use.
import { describe, expect, test } from "vitest";
import { assessmentForEngine } from "@/lib/domain/engine-request";
import { assessment, course, dec, decisionFor } from "./fixtures";

describe("DecimalLike: a decimal is anything with an exact toString()", () => {
  test("a course's dosing weight as a Decimal-like object or as a plain string → the same 48,000,000 IU dose", () => {
    expect(decisionFor({ course: course({ dosingWeightKg: dec("80") }) }).dose?.doseIu).toBe(48_000_000);
    expect(decisionFor({ course: course({ dosingWeightKg: "80" }) }).dose?.doseIu).toBe(48_000_000);
  });

  test("an assessment's weight as a Decimal-like object → 81 kg reaches the engine", () => {
    expect(assessmentForEngine(assessment({ weightKg: dec("81") })).weightKg).toBe(81);
  });

  // A plain decimal string is a valid DecimalLike: it must reach the engine, not be dropped as missing.
  test("an assessment's weight as a plain string \"81\" → 81 kg reaches the engine; an unreadable one is absent", () => {
    expect(assessmentForEngine(assessment({ weightKg: "81" })).weightKg).toBe(81);
    expect(assessmentForEngine(assessment({ weightKg: "8l" })).weightKg).toBeUndefined();
  });
});
