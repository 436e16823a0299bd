import { describe, expect, test } from "vitest";
// @ts-expect-error -- a plain .mjs script module (JSDoc-typed), imported by its path
import { describeUrl, migrationUrl, pgConfig, withDatabase } from "../../../scripts/db-url.mjs";

// Issue 12 item 8: migrations keep sslmode. scripts/db.mjs rebuilt the pg configuration from the URL's host, port,
// user, password and database, and so dropped every query parameter: `?sslmode=require` migrated in clear text.
describe("the migration tooling's connection (scripts/db-url.mjs, used by scripts/db.mjs)", () => {
  const url = "postgresql://owner:s%40cret@db.example.org:6432/bolus?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&application_name=migrate";

  test("pg gets the URL whole: sslmode and every other parameter are kept", () => {
    expect(pgConfig(url)).toEqual({ connectionString: url });
  });

  test("the shadow database swaps only the database name", () => {
    const shadow = new URL(withDatabase(url, "prisma_migrate_shadow_db_1"));
    expect(shadow.pathname).toBe("/prisma_migrate_shadow_db_1");
    expect(shadow.searchParams.get("sslmode")).toBe("verify-full");
    expect(shadow.searchParams.get("sslrootcert")).toBe("/etc/ca.pem");
    expect(shadow.searchParams.get("application_name")).toBe("migrate");
    expect([shadow.username, shadow.password, shadow.host]).toEqual(["owner", "s%40cret", "db.example.org:6432"]);
  });

  test("MIGRATION_DATABASE_URL (the owner) first, else DATABASE_URL, else none (PGlite)", () => {
    expect(migrationUrl({ MIGRATION_DATABASE_URL: "postgresql://owner@h/db", DATABASE_URL: "postgresql://app@h/db" })).toBe("postgresql://owner@h/db");
    expect(migrationUrl({ MIGRATION_DATABASE_URL: "", DATABASE_URL: "postgresql://app@h/db" })).toBe("postgresql://app@h/db");
    expect(migrationUrl({})).toBeNull();
  });

  test("the log line names host, database and user, never the password or parameters", () => {
    expect(describeUrl(url)).toBe("db.example.org:6432/bolus as owner");
  });
});
