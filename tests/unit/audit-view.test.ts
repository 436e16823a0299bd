import { describe, expect, test } from "vitest";
import { AUDIT_CSV_HEADER, auditCsv, auditCsvTime, auditQuery, auditTimeText, csvCell, readAuditFilters, type AuditRowView } from "@/lib/views/audit";

const NOW = new Date("2026-12-01T12:00:00.000Z");

describe("readAuditFilters", () => {
  test("reads the GET form's fields and ignores anything malformed", () => {
    expect(readAuditFilters({ patient: "  MRN123 ", user: "nurse", action: "dose-record", from: "2026-12-01", to: "2026-12-02", page: "3" })).toEqual({
      patient: "MRN123", user: "nurse", action: "dose-record", from: "2026-12-01", to: "2026-12-02", page: 3,
    });
    expect(readAuditFilters({ action: "DROP TABLE", from: "1/12/2026", to: "2026-12-01T00:00", page: "-2" })).toEqual({
      patient: "", user: "", action: "", from: "", to: "", page: 1,
    });
    expect(readAuditFilters(new URLSearchParams("patient=Smith&page=x"))).toMatchObject({ patient: "Smith", page: 1 });
    expect(readAuditFilters({ patient: ["a", "b"] }).patient).toBe("a");
    expect(readAuditFilters({ patient: "x".repeat(500) }).patient).toHaveLength(120);
  });

  test("auditQuery keeps the filters for the pager and the export, page only past the first", () => {
    const f = readAuditFilters({ patient: "Smith, Jo", action: "sign-in" });
    expect(auditQuery(f)).toBe("?patient=Smith%2C+Jo&action=sign-in");
    expect(auditQuery(f, 1)).toBe("?patient=Smith%2C+Jo&action=sign-in");
    expect(auditQuery(f, 2)).toBe("?patient=Smith%2C+Jo&action=sign-in&page=2");
    expect(auditQuery(readAuditFilters({}))).toBe("");
  });
});

describe("CSV", () => {
  test.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    [" padded", '" padded"'],
    ["=1+2", "'=1+2"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["=a,b", `"'=a,b"`],
    ["", ""],
  ])("cell %j → %s", (value, cell) => expect(csvCell(value)).toBe(cell));

  test("null and numbers", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  test("a header row, then one CRLF-ended line per row, the time in the row's zone with seconds", () => {
    const row: AuditRowView = {
      id: "7", at: new Date("2026-11-30T21:50:07.000Z"), timeZone: "Europe/Berlin", zoneOf: "unit", actor: "Nora Nurse (nurse@x)",
      action: "dose-record", actionLabel: "Dose recorded", entityLabel: "dose event #3", entityId: "e1", outcome: "success", outcomeLabel: "done",
      patient: { name: "Doe, Jane", mrn: "MRN1", unitName: "7 West" }, detail: null,
    };
    expect(auditCsv([row])).toBe(
      `${AUDIT_CSV_HEADER.join(",")}\r\n2026-11-30 22:50:07,Europe/Berlin,2026-11-30T21:50:07.000Z,Nora Nurse (nurse@x),Dose recorded,dose event #3,"Doe, Jane",MRN1,7 West,done,,e1,7\r\n`,
    );
    expect(auditCsv([])).toBe(`${AUDIT_CSV_HEADER.join(",")}\r\n`);
  });

  test("the screen's time: 24-hour, in the row's zone, the date when not today", () => {
    expect(auditTimeText({ at: new Date("2026-12-01T09:05:00Z"), timeZone: "Europe/Berlin" }, NOW)).toBe("10:05");
    expect(auditTimeText({ at: new Date("2026-11-30T21:50:00Z"), timeZone: "Europe/Berlin" }, NOW)).toBe("Mon 30 Nov 22:50");
    expect(auditCsvTime(new Date("2026-03-29T01:30:00Z"), "Europe/Berlin")).toBe("2026-03-29 03:30:00");
  });
});
