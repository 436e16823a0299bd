import { readdirSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { AUDIT_FUNCTIONS, AUDIT_MIGRATION, auditCanonicalForm, auditDigest, bodySha256, epochMillisText, parseAnchor, type AuditRowText } from "@/lib/db/audit-verify";

// The verifier's own half of docs/decisions/051: the canonical form computed in Node, the expected function bodies
// tied to the migrations' text. Equality with the SQL digest on real rows: tests/integration/audit-independence.

describe("the expected function bodies are the migrations' own", () => {
  // the LAST migration that creates or replaces each function defines it
  const dir = "prisma/migrations";
  const bodies = new Map<string, { language: string; body: string; migration: string }>();
  for (const migration of readdirSync(dir).filter((d) => /^\d{14}_/.test(d)).sort()) {
    const sql = readFileSync(path.join(dir, migration, "migration.sql"), "utf8");
    const re = /CREATE (?:OR REPLACE )?FUNCTION\s+(\w+)\s*\([^)]*\)[\s\S]*?LANGUAGE\s+(\w+)[\s\S]*?AS \$\$([\s\S]*?)\$\$/g;
    for (let m = re.exec(sql); m; m = re.exec(sql)) bodies.set(m[1]!, { language: m[2]!, body: m[3]!, migration });
  }

  test.each(Object.entries(AUDIT_FUNCTIONS))("%s: language and body SHA-256 match prisma/migrations", (name, want) => {
    const got = bodies.get(name);
    expect(got, `${name} is created by no migration`).toBeDefined();
    expect({ language: got!.language, bodySha256: bodySha256(got!.body) }).toEqual(want);
    if (name === "audit_event_digest") expect(got!.migration).toBe(AUDIT_MIGRATION);
  });

  test("a changed body has another hash (one character is enough)", () => {
    const body = bodies.get("audit_event_append_only")!.body;
    expect(bodySha256(body.replace("append-only", "append_only"))).not.toBe(AUDIT_FUNCTIONS.audit_event_append_only.bodySha256);
    expect(bodySha256(body.replace(/\n/g, "\r\n"))).toBe(AUDIT_FUNCTIONS.audit_event_append_only.bodySha256); // CRLF checkout
  });
});

describe("epoch milliseconds from the column's ISO text, as (extract(epoch FROM at) * 1000)::bigint", () => {
  const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) => {
    const t = new Date(0);
    t.setUTCFullYear(y, mo - 1, d); // Date.UTC would read year 99 as 1999
    t.setUTCHours(h, mi, s, ms);
    return t.getTime();
  };
  test.each([
    ["2026-12-03 10:07:13.123", utc(2026, 12, 3, 10, 7, 13, 123)],
    ["2026-12-03 10:07:13.12", utc(2026, 12, 3, 10, 7, 13, 120)], // PostgreSQL drops trailing zeros
    ["2026-12-03 10:07:13.1", utc(2026, 12, 3, 10, 7, 13, 100)],
    ["2026-12-03 10:07:13", utc(2026, 12, 3, 10, 7, 13)],
    ["1970-01-01 00:00:00", 0],
    ["1969-12-31 23:59:59.999", -1],
    ["0099-03-01 00:00:00", utc(99, 3, 1)],
    ["12026-01-01 00:00:00", utc(12026, 1, 1)],
    ["2026-12-03 10:07:13.1235", utc(2026, 12, 3, 10, 7, 13, 124)], // a longer fraction is rounded, as ::bigint does
  ])("%s", (text, want) => {
    expect(epochMillisText(text)).toBe(String(want));
  });

  test("anything else is refused, not guessed", () => {
    for (const bad of ["2026-12-03T10:07:13", "2026-12-03 10:07:13+00", "infinity", "2026-12-03 10:07", "0044-03-15 12:00:00 BC"]) {
      expect(() => epochMillisText(bad)).toThrow(/cannot read the audit time/);
    }
  });
});

describe("the canonical form (decision 040) and its digest", () => {
  const row: AuditRowText = [
    "42", "2026-12-03 10:07:13.5", "7b1c1e0e-1111-4222-8333-944455556666", 'a|b"c\\d\n', "course-view", "Course", null, "denied",
    '{"n": 1, "reason": "x"}', null, "0".repeat(64), null,
  ];

  test("a JSON array in the documented order, jsonb spacing, NULL as null, details embedded as jsonb text", () => {
    expect(auditCanonicalForm(row)).toBe(
      `["bolus-audit-v1", "42", "${Date.UTC(2026, 11, 3, 10, 7, 13, 500)}", "7b1c1e0e-1111-4222-8333-944455556666", "a|b\\"c\\\\d\\n", "course-view", "Course", null, "denied", {"n": 1, "reason": "x"}, null, "${"0".repeat(64)}"]`,
    );
  });

  test("the digest is hex SHA-256 of the form's UTF-8 bytes; every field takes part", () => {
    expect(auditDigest(row)).toBe(createHash("sha256").update(auditCanonicalForm(row), "utf8").digest("hex"));
    for (let i = 0; i < 11; i++) {
      const changed = [...row] as (string | null)[];
      changed[i] = i === 1 ? "2026-12-03 10:07:13.501" : i === 8 ? '{"n": 2, "reason": "x"}' : `${row[i] ?? ""}x`;
      expect(auditDigest(changed as unknown as AuditRowText), `field ${i}`).not.toBe(auditDigest(row));
    }
    // the stored hash is not part of the form
    expect(auditDigest([...row.slice(0, 11), "f".repeat(64)] as unknown as AuditRowText)).toBe(auditDigest(row));
  });
});

describe("a kept head", () => {
  test("as <id>:<hash> or as the JSON --export-head writes", () => {
    const hash = "a".repeat(64);
    expect(parseAnchor(`12:${hash}`)).toEqual({ id: "12", hash });
    expect(parseAnchor(JSON.stringify({ format: "bolus-audit-head-v1", headId: "12", hash, count: 7, exportedAt: "2026-12-03T10:00:00.000Z", database: "x" }))).toEqual({ id: "12", hash, count: 7 });
    expect(parseAnchor("12:abc")).toMatch(/an anchor is/);
    expect(parseAnchor(JSON.stringify({ headId: "12", hash }))).toMatch(/not a bolus-audit-head-v1 export/);
  });
});
