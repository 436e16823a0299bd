import { describe, expect, test } from "vitest";
import { classifyDatabaseError } from "@/lib/db/errors";

// Errors shaped as Prisma 7 / @prisma/adapter-pg / pg / Node raise them: classified by code, never by message text.
const socket = (code: string) => Object.assign(new Error("connect failed"), { code, syscall: "connect", errno: -111 });

describe("database errors are classified by code", () => {
  test.each([
    ["Prisma P1001 (cannot reach the server)", { code: "P1001" }, "unavailable"],
    ["Prisma P1017 (server closed the connection)", { code: "P1017" }, "unavailable"],
    ["Prisma P2024 (pool timeout)", { code: "P2024" }, "unavailable"],
    ["adapter kind DatabaseNotReachable inside meta", { code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } }, "unavailable"],
    ["adapter kind ConnectionClosed as the cause", { cause: { kind: "ConnectionClosed" } }, "unavailable"],
    ["socket ECONNREFUSED", socket("ECONNREFUSED"), "unavailable"],
    ["PostgreSQL 57P01 (admin shutdown)", { cause: { originalCode: "57P01" } }, "unavailable"],
    ["PostgreSQL 08006 (connection failure)", { code: "08006" }, "unavailable"],
    ["Prisma P2002 (unique constraint)", { code: "P2002" }, "unique-violation"],
    ["PostgreSQL 23505 through the adapter", { cause: { originalCode: "23505", kind: "UniqueConstraintViolation" } }, "unique-violation"],
    ["Prisma P2003 (foreign key)", { code: "P2003" }, "other"],
    ["PostgreSQL 22003 (numeric out of range)", { cause: { originalCode: "22003" } }, "other"],
    ["a message that merely mentions a timeout", new Error("timeout exceeded when trying to connect"), "other"],
    ["not an object", "ECONNREFUSED", "other"],
  ] as const)("%s → %s", (_label, error, expected) => {
    expect(classifyDatabaseError(error)).toBe(expected);
  });
});
