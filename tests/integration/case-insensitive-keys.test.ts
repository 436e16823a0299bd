// Review of issue 11, fix 4 (migration 20261203103610): an MRN and a unit name are one key whatever their case — in
// the action (the MRN is stored in upper case) and in the database (unique indexes on upper(mrn), lower(name)).
import { beforeAll, describe, expect, test } from "vitest";
import { formOf, signedInBrowser } from "./support/request-context";
import { makeUnit, makeUser, uid } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { admitPatientAction } from "@/lib/actions/admit-patient";

let unitId: string;
beforeAll(async () => {
  unitId = (await makeUnit()).id;
});

const admitForm = (mrn: string, familyName = "Lindqvist") =>
  formOf({ unitId, mrn, familyName, givenName: "Astrid", birthDate: "1971-03-09", gender: "female" });

describe("MRN whatever its case", () => {
  test("admitted as typed in lower case, stored in upper case; the same number in upper case is refused at the MRN field", async () => {
    await signedInBrowser(await makeUser("attending", [unitId]));
    const lower = `ab-${uid()}`;
    expect(await admitPatientAction(null, admitForm(lower))).toMatchObject({ ok: true });
    expect(await prisma.patient.findMany({ where: { mrn: { equals: lower, mode: "insensitive" } }, select: { mrn: true } })).toEqual([{ mrn: lower.toUpperCase() }]);
    const out = await admitPatientAction(null, admitForm(lower.toUpperCase(), "Other"));
    expect(out).toMatchObject({ ok: false, code: "CONFLICT", fieldErrors: { mrn: [expect.stringMatching(new RegExp(`^Not admitted: MRN ${lower.toUpperCase()} already belongs to `))] } });
    expect(await prisma.patient.count({ where: { mrn: { equals: lower, mode: "insensitive" } } })).toBe(1);
  });

  test("the database refuses two rows whose MRNs differ only in case, whoever writes them", async () => {
    const mrn = `cd-${uid()}`;
    await prisma.patient.create({ data: { mrn, familyName: "A", givenName: "B", birthDate: new Date("1970-01-01"), unitId } });
    await expect(prisma.patient.create({ data: { mrn: mrn.toUpperCase(), familyName: "C", givenName: "D", birthDate: new Date("1970-01-01"), unitId } })).rejects.toThrow(
      /Patient_mrn_upper_key|Unique constraint/,
    );
  });
});

describe("unit name whatever its case", () => {
  test("the database refuses a second unit whose name differs only in case", async () => {
    const name = `Oncology ${uid()} West`;
    await makeUnit(name);
    await expect(makeUnit(name.toLowerCase())).rejects.toThrow(/Unit_name_lower_key|Unique constraint/);
    expect(await prisma.unit.count({ where: { name: { equals: name, mode: "insensitive" } } })).toBe(1);
  });
});
