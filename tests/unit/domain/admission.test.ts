import { describe, expect, test } from "vitest";
import { birthDateRefusal, dischargeInErrorRefusal, dischargeInErrorWords, dischargeRefusal, duplicateMrnRefusal, genderLabel, movedOutOfUnits, orderRefusalForPatient, transferRefusal, transferredAwayWords } from "@/lib/domain/admission";

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

describe("movedOutOfUnits: who is told where a transferred patient went (decision 049, amendment 3 Dec 2026)", () => {
  const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);
  const transfer = (from: string, to: string, at: Date) => ({ kind: "transfer" as const, fromUnitId: from, toUnitId: to, at });
  test.each([
    ["transferred out of her unit an hour ago", transfer("x", "y", hoursAgo(1)), ["x"], true],
    ["exactly 24 hours ago", transfer("x", "y", hoursAgo(24)), ["x"], true],
    ["more than 24 hours ago", transfer("x", "y", hoursAgo(24.01)), ["x"], false],
    ["transferred between two units not hers", transfer("z", "y", hoursAgo(1)), ["x"], false],
    ["transferred to another of her units", transfer("x", "y", hoursAgo(1)), ["x", "y"], false],
    ["a discharge", { kind: "discharge" as const, fromUnitId: "x", toUnitId: null, at: hoursAgo(1) }, ["x"], false],
    ["an admission", { kind: "admit" as const, fromUnitId: null, toUnitId: "y", at: hoursAgo(1) }, ["x"], false],
    ["no movement", null, ["x"], false],
  ] as const)("%s → %s", (_label, last, unitIds, expected) => {
    expect(movedOutOfUnits(last, unitIds, NOW)).toBe(expected);
  });
  test("the words", () => {
    expect(transferredAwayWords({ toUnitName: "Step-down", at: "14:05", byName: "Ada Lee", notDone: "the dose was not recorded" })).toBe(
      "This patient was transferred to Step-down at 14:05 by Ada Lee; the dose was not recorded.",
    );
  });
});

describe("an MRN Bolus already holds (duplicateMrnRefusal)", () => {
  test("a patient the user may see is named, with birth date and unit, so a typing error and a second admission are told apart", () => {
    expect(duplicateMrnRefusal("A-1", { inScope: true, name: "Lindqvist, Astrid", birthDate: "1971-03-09", unitName: "Oncology 7 West", discharged: false })).toBe(
      "Not admitted: MRN A-1 already belongs to Lindqvist, Astrid (born 9 Mar 1971), admitted to Oncology 7 West. Check the MRN; if it is the same person, they are already on the patient list.",
    );
  });
  test("a discharged patient: named, and the words say Bolus cannot admit them again yet", () => {
    expect(duplicateMrnRefusal("A-1", { inScope: true, name: "Lindqvist, Astrid", birthDate: "1971-03-09", unitName: "Oncology 7 West", discharged: true })).toMatch(
      /^Not admitted: MRN A-1 already belongs to Lindqvist, Astrid \(born 9 Mar 1971\), discharged from Oncology 7 West\. .*cannot yet admit a discharged patient again/,
    );
  });
  test("a patient on a unit the user does not work on: the unit is named, never the patient", () => {
    const words = duplicateMrnRefusal("A-1", { inScope: false, unitName: "Step-down" });
    expect(words).toBe("Not admitted: MRN A-1 already belongs to a patient on Step-down, a unit you do not work on. Check the MRN; if it is the same person, ask Step-down to transfer them.");
  });
});

describe("dischargeInErrorRefusal: only the discharge that ended the stay (decision 056)", () => {
  const at = new Date("2026-12-01T22:50:00Z");
  test("a discharged patient whose last movement is the discharge: allowed", () => {
    expect(dischargeInErrorRefusal({ dischargedAt: at }, { kind: "discharge" })).toBeNull();
  });
  test("an admitted patient, or a discharge already corrected: refused in words", () => {
    expect(dischargeInErrorRefusal({ dischargedAt: null }, { kind: "discharge_in_error" })).toBe("This patient is not discharged: there is no discharge to mark in error.");
    expect(dischargeInErrorRefusal({ dischargedAt: at }, { kind: "discharge_in_error" })).toBe("Only the discharge that ended the patient's stay can be marked in error.");
    expect(dischargeInErrorRefusal({ dischargedAt: at }, null)).not.toBeNull();
  });
  test("the words name the discharge, who and when, and the reason", () => {
    expect(dischargeInErrorWords({ dischargedAt: "Tue 1 Dec 22:50", at: "Tue 1 Dec 23:05", byName: "Dr Ada Lee", reason: "Wrong patient selected." })).toBe(
      "Discharge of Tue 1 Dec 22:50 marked in error by Dr Ada Lee at Tue 1 Dec 23:05: Wrong patient selected.",
    );
  });
});
