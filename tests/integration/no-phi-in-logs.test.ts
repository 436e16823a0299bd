import { afterEach, describe, expect, test, vi } from "vitest";
import { format } from "node:util";
import { makePatient, makeUnit, uid } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { handleActionError } from "@/lib/actions/result";
import { installSafeConsole, logServerError } from "@/lib/log";

// Issue 12, item 8: no patient data in server logs. A Prisma error carries the call's arguments (a patient's name,
// an MRN) in its message; the server logs codes and a reference id instead, and the user sees the same reference.

/** Everything written to console.error / console.warn while `run` runs, as the terminal would print it. */
async function captured(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const err = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  const warn = vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void lines.push(format(...args)));
  try {
    await run();
  } finally {
    err.mockRestore();
    warn.mockRestore();
  }
  return lines.join("\n");
}

/** Real Prisma errors whose messages name a patient: a bad call (validation) and a value PostgreSQL refused. */
async function prismaErrorsNaming(name: string, mrn: string): Promise<unknown[]> {
  const unit = await makeUnit();
  const errors: unknown[] = [];
  await prisma.patient
    .create({ data: { mrn, familyName: name, givenName: "Ada", birthDate: "not a date" as unknown as Date, unitId: unit.id } })
    .catch((e: unknown) => errors.push(e));
  await prisma.$queryRawUnsafe("SELECT $1::int AS n", `${name} ${mrn}`).catch((e: unknown) => errors.push(e));
  const patient = await makePatient(unit.id);
  await prisma.patient.create({ data: { mrn: patient.mrn, familyName: name, givenName: "Ada", birthDate: new Date("1970-01-01"), unitId: unit.id } }).catch((e: unknown) => errors.push(e));
  return errors;
}

afterEach(() => vi.restoreAllMocks());

describe("server logs carry no patient data", () => {
  test("an action's unexpected Prisma error is logged as codes and a reference; the user gets the same reference", async () => {
    const name = `Zzsecret${uid()}`;
    const mrn = `MRN${uid()}`;
    const errors = await prismaErrorsNaming(name, mrn);
    expect(errors).toHaveLength(3);
    // the premise: the raw error, as console.error would print it, names the patient
    expect(errors.map((e) => format(e)).filter((t) => t.includes(name) || t.includes(mrn))).toHaveLength(2);
    for (const e of errors) {
      let answer: Awaited<ReturnType<typeof handleActionError>> | undefined;
      const log = await captured(async () => {
        answer = await handleActionError(e, { action: "patient-admit", entityType: "Patient" });
      });
      expect(log).not.toContain(name);
      expect(log).not.toContain(mrn);
      expect(answer?.code).toBe("INTERNAL");
      const reference = /reference ([0-9a-f]{12})/.exec(answer!.message)?.[1];
      expect(reference).toBeDefined();
      expect(log).toMatch(new RegExp(`^\\[patient-admit\\] reference ${reference}: Prisma\\w+Error`));
    }
  });

  test("the codes are kept: a unique violation logs P2002 and the SQLSTATE, not the values", async () => {
    const name = `Zzsecret${uid()}`;
    const [, , unique] = await prismaErrorsNaming(name, `MRN${uid()}`);
    const log = await captured(async () => logServerError("test", unique, "abc123abc123"));
    expect(log).toMatch(/^\[test\] reference abc123abc123: PrismaClientKnownRequestError .*P2002/);
    expect(log).not.toContain(name);
  });

  test("the server process's console (instrumentation.ts) prints any error object as its codes: the framework's own log of a failed render names no one", async () => {
    const name = `Zzsecret${uid()}`;
    const mrn = `MRN${uid()}`;
    const [validation, refused] = await prismaErrorsNaming(name, mrn);
    (refused as { digest?: string }).digest = "1234567890";
    const fakeConsole = { error: (...args: unknown[]) => void out.push(format(...args)), warn: (...args: unknown[]) => void out.push(format(...args)) } as unknown as Console;
    const out: string[] = [];
    installSafeConsole(fakeConsole);
    fakeConsole.error(validation);
    fakeConsole.error("⨯", refused);
    fakeConsole.warn({ message: `about ${name}`, stack: `Error: about ${name}` });
    fakeConsole.error("a plain line stays");
    expect(out.join("\n")).not.toContain(name);
    expect(out.join("\n")).not.toContain(mrn);
    expect(out[1]).toMatch(/^⨯ Prisma\w+Error .*digest 1234567890$/);
    expect(out[3]).toBe("a plain line stays");
  });
});
