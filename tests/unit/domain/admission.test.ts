import { describe, expect, test } from "vitest";
import { birthDateRefusal, dischargeRefusal, genderLabel, orderRefusalForPatient, transferRefusal } from "@/lib/domain/admission";

const NOW = new Date("2026-12-03T08:00:00Z");

describe("birthDateRefusal (today on the unit's clock: 2026-12-03)", () => {
  test.each([
    ["2026-12-03", "today", null],
    ["2026-12-04", "tomorrow", "The birth date cannot be after today."],
    ["1900-01-01", "1 Jan 1900, the earliest", null],
    ["1899-12-31", "the day before 1900", "Enter a birth date in 1900 or later."],
  ])("%s (%s) → %s", (date, _label, expected) => {
    expect(birthDateRefusal(date, "2026-12-03")).toBe(expected);
  });
});

describe("dischargeRefusal: only without an open course", () => {
  test.each([
    ["no course", null, null],
    ["a closed course", { status: "closed" as const }, null],
    ["an ordered course", { status: "ordered" as const }, /ordered and waiting for the pharmacist/],
    ["an active course", { status: "active" as const }, /has an active IL-2 course/],
  ])("%s", (_label, course, expected) => {
    const r = dischargeRefusal({ dischargedAt: null }, course);
    if (expected === null) expect(r).toBeNull();
    else expect(r).toMatch(expected);
  });
  test("already discharged", () => {
    expect(dischargeRefusal({ dischargedAt: NOW }, null)).toBe("This patient has already been discharged.");
  });
});

describe("transferRefusal", () => {
  test.each([
    ["to another unit", { unitId: "a", dischargedAt: null }, "b", null],
    ["to the same unit", { unitId: "a", dischargedAt: null }, "a", "The patient is already on that unit. Choose another unit."],
    ["a discharged patient", { unitId: "a", dischargedAt: NOW }, "b", "A discharged patient cannot be transferred."],
  ])("%s", (_label, patient, to, expected) => {
    expect(transferRefusal(patient, to)).toBe(expected);
  });
});

test("no order for a discharged patient; an admitted one may get one", () => {
  expect(orderRefusalForPatient({ dischargedAt: NOW })).toMatch(/discharged/);
  expect(orderRefusalForPatient({ dischargedAt: null })).toBeNull();
});

test.each([["female", "Female"], ["unknown", "Unknown"], [null, "Not recorded"], ["x", "Not recorded"]])("gender %s reads %s", (g, label) => {
  expect(genderLabel(g)).toBe(label);
});
