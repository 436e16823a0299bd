// lib/schemas/patient.ts: the MRN is one hospital number whatever the case it is typed in (review of issue 11, fix 4).
import { describe, expect, test } from "vitest";
import { AdmitPatientSchema } from "@/lib/schemas/patient";

const form = (mrn: string) => ({ unitId: "6f1c1c8e-2f7e-4b0a-9a63-0d6f7d0c1a11", mrn, familyName: "Lindqvist", givenName: "Astrid", birthDate: "1971-03-09", gender: "female" });

describe("AdmitPatientSchema: the MRN", () => {
  test.each([
    ["ab-1001", "AB-1001"],
    ["  Ab-1001 ", "AB-1001"],
    ["AB-1001", "AB-1001"],
  ])("%j is stored as %j", (typed, stored) => {
    expect(AdmitPatientSchema.parse(form(typed)).mrn).toBe(stored);
  });

  test("still letters, digits and hyphens only", () => {
    expect(AdmitPatientSchema.safeParse(form("ab 1001")).success).toBe(false);
  });
});
