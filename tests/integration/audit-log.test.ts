import { describe, expect, test } from "vitest";
import { followRedirect, signedInBrowser, freshBrowser } from "./support/request-context";
import { makeCourse, makeDoseEvent, makePatient, makeUnit, makeUser, makeAssessment, uid } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { writeAuditAlone, type AuditEntry } from "@/lib/db/audit";
import { exportAuditLog, hospitalTimeZone, listAuditLog } from "@/lib/db/queries/audit";
import { AUDIT_CSV_HEADER, auditCsvTime, readAuditFilters, type AuditFilters } from "@/lib/views/audit";
import { parseUnitLocalTime } from "@/lib/time";
import { GET as exportCsv } from "@/app/(clinical)/admin/audit/export/route";
import AdminPage from "@/app/(clinical)/admin/page";

// Issue 10, item 7: the administrator's audit log in words, in the unit's time, with the patient named; filters by
// patient, user, action and date; pages; a CSV export that audits itself; refusals audited.

const filters = (f: Partial<AuditFilters>): AuditFilters => ({ ...readAuditFilters({}), ...f });

/** A patient on a unit in `timeZone` with a course, an assessment, a dose event and an attending's review, and one audit row for each. */
async function patientWithHistory(timeZone: string, at: Date) {
  // a unit first by name on UTC, so the hospital's default zone is not the patient's (the rows must use the unit's)
  await prisma.unit.upsert({ where: { name: "Aaa hospital default" }, create: { name: "Aaa hospital default", timeZone: "UTC" }, update: {} });
  const unit = await makeUnit(`Zz audit unit ${uid()}`, timeZone);
  const attending = await makeUser("attending", [unit.id]);
  const nurse = await makeUser("nurse", [unit.id]);
  const patient = await makePatient(unit.id);
  const course = await makeCourse(patient.id, { orderedById: attending.id });
  const assessment = await makeAssessment(course.id, nurse.id);
  await makeDoseEvent(course.id, nurse.id, { sequence: 1, kind: "given", hoursAgo: 9 });
  const held = await makeDoseEvent(course.id, nurse.id, { sequence: 2, kind: "held", hoursAgo: 1, assessmentId: assessment.id });
  const review = await prisma.holdReview.create({
    data: { doseEventId: held.id, attendingId: attending.id, outcome: "confirm", signatureMeaning: "Reviewed: hold confirmed", signedAt: at },
  });
  const rows: AuditEntry[] = [
    { actorId: attending.id, actorLabel: attending.email, action: "course-order", entityType: "Course", entityId: course.id, outcome: "success", at },
    { actorId: nurse.id, actorLabel: nurse.email, action: "assessment-record", entityType: "Assessment", entityId: assessment.id, outcome: "success", at: new Date(at.getTime() + 60_000) },
    { actorId: nurse.id, actorLabel: nurse.email, action: "dose-record", entityType: "DoseEvent", entityId: held.id, outcome: "success", at: new Date(at.getTime() + 120_000) },
    { actorId: attending.id, actorLabel: attending.email, action: "hold-review", entityType: "HoldReview", entityId: review.id, outcome: "success", at: new Date(at.getTime() + 180_000) },
    {
      actorId: nurse.id, actorLabel: nurse.email, action: "dose-record", entityType: "DoseEvent", entityId: held.id, outcome: "denied",
      details: { code: "RULE_BLOCKED", message: "The rules say HOLD (Systolic blood pressure): recording this dose as given needs an attending's signed override." },
      at: new Date(at.getTime() + 240_000),
    },
  ];
  for (const r of rows) await writeAuditAlone(r);
  return { unit, attending, nurse, patient, course, held, review };
}

describe("the audit log query", () => {
  test("filtered by MRN: every row of the patient's records, named, in the unit's zone; no other patient's rows", async () => {
    const at = new Date("2026-03-02T22:50:00Z");
    const tokyo = await patientWithHistory("Asia/Tokyo", at);
    const other = await patientWithHistory("Asia/Tokyo", at);
    const log = await listAuditLog(filters({ patient: tokyo.patient.mrn }));
    expect(log.total).toBe(5);
    expect(log.rows.map((r) => r.actionLabel)).toEqual([
      "Dose recorded", "Hold reviewed by the attending", "Dose recorded", "Pre-dose assessment recorded", "Course ordered",
    ]);
    for (const r of log.rows) {
      expect(r.patient).toEqual({ name: `${tokyo.patient.familyName}, ${tokyo.patient.givenName}`, mrn: tokyo.patient.mrn, unitName: tokyo.unit.name });
      expect(r.timeZone).toBe("Asia/Tokyo");
      expect(r.zoneOf).toBe("unit");
    }
    expect(log.hospitalTimeZone).not.toBe("Asia/Tokyo");
    expect(log.rows.map((r) => r.entityLabel)).toEqual(["dose event #2", "attending review #2", "dose event #2", "assessment", "course"]);
    const refused = log.rows[0]!;
    expect(refused.outcomeLabel).toBe("refused");
    expect(refused.detail).toMatch(/^The rules say HOLD/);
    expect(log.rows.some((r) => r.patient?.mrn === other.patient.mrn)).toBe(false);
    // 22:50 UTC is 07:50 the next morning in Tokyo
    expect(auditCsvTime(log.rows.at(-1)!.at, "Asia/Tokyo")).toBe("2026-03-03 07:50:00");
  });

  test("filtered by the patient's name (any part, any case); a name nobody has matches nothing", async () => {
    const at = new Date("2026-03-02T10:00:00Z");
    const p = await patientWithHistory("Europe/Berlin", at);
    const byName = await listAuditLog(filters({ patient: `testperson ${p.patient.givenName.toUpperCase()}` }));
    expect(byName.total).toBe(5);
    expect(new Set(byName.rows.map((r) => r.patient?.mrn))).toEqual(new Set([p.patient.mrn]));
    expect((await listAuditLog(filters({ patient: `nobody-${uid()}` }))).total).toBe(0);
  });

  test("filtered by user (name or e-mail part) and by action", async () => {
    const at = new Date("2026-03-02T10:00:00Z");
    const p = await patientWithHistory("UTC", at);
    const byEmail = await listAuditLog(filters({ user: p.nurse.email }));
    expect(byEmail.total).toBe(3);
    expect(byEmail.rows.every((r) => r.actor.includes(p.nurse.name))).toBe(true);
    const byName = await listAuditLog(filters({ user: p.attending.name.toLowerCase() }));
    expect(byName.total).toBe(2);
    const reviews = await listAuditLog(filters({ patient: p.patient.mrn, action: "hold-review" }));
    expect(reviews.rows.map((r) => r.actionLabel)).toEqual(["Hold reviewed by the attending"]);
    const both = await listAuditLog(filters({ user: p.nurse.email, action: "dose-record" }));
    expect(both.rows.map((r) => r.outcome)).toEqual(["denied", "success"]);
  });

  test("filtered by days read on the hospital's clock, the last day inclusive", async () => {
    const zone = await hospitalTimeZone();
    const first = await prisma.unit.findFirst({ orderBy: { name: "asc" } });
    expect(zone).toBe(first?.timeZone ?? "UTC");
    const user = await makeUser("admin", []);
    const local = (s: string) => parseUnitLocalTime(s, zone)!;
    for (const [action, at] of [["sign-in", local("2025-06-09T23:59")], ["sign-out", local("2025-06-10T00:00")], ["sign-in", local("2025-06-11T23:59")], ["sign-out", local("2025-06-12T00:00")]] as const) {
      await writeAuditAlone({ actorId: user.id, actorLabel: user.email, action, entityType: "User", entityId: user.id, outcome: "success", at });
    }
    const log = await listAuditLog(filters({ user: user.email, from: "2025-06-10", to: "2025-06-11" }));
    expect(log.rows.map((r) => r.at.getTime())).toEqual([local("2025-06-11T23:59").getTime(), local("2025-06-10T00:00").getTime()]);
    // a row with no patient is shown on the hospital's clock
    expect(log.rows.every((r) => r.patient === null && r.zoneOf === "hospital" && r.timeZone === zone)).toBe(true);
    expect(log.rows[0]!.entityLabel).toBe("user account");
    expect((await listAuditLog(filters({ user: user.email, from: "2025-06-12" }))).total).toBe(1);
    expect((await listAuditLog(filters({ user: user.email, to: "2025-06-09" }))).total).toBe(1);
  });

  test("pages of the given size, newest first; a page past the end shows the last", async () => {
    const user = await makeUser("admin", []);
    for (let i = 0; i < 5; i++) {
      await writeAuditAlone({ actorId: user.id, actorLabel: user.email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "success", at: new Date(Date.UTC(2026, 0, 1, 8, i)) });
    }
    const p1 = await listAuditLog(filters({ user: user.email }), 2);
    expect([p1.total, p1.page, p1.pageCount, p1.rows.length]).toEqual([5, 1, 3, 2]);
    expect(p1.rows.map((r) => r.at.getUTCMinutes())).toEqual([4, 3]);
    const p3 = await listAuditLog(filters({ user: user.email, page: 3 }), 2);
    expect(p3.rows.map((r) => r.at.getUTCMinutes())).toEqual([0]);
    const past = await listAuditLog(filters({ user: user.email, page: 9 }), 2);
    expect([past.page, past.rows.length]).toEqual([3, 1]);
  });

  test("the export carries every matching row, not one page", async () => {
    const user = await makeUser("admin", []);
    for (let i = 0; i < 60; i++) {
      await writeAuditAlone({ actorId: user.id, actorLabel: user.email, action: "sign-in", entityType: "User", entityId: user.id, outcome: "success", at: new Date(Date.UTC(2026, 0, 2, 8, 0, i)) });
    }
    const all = await exportAuditLog(filters({ user: user.email }));
    expect([all.total, all.rows.length]).toEqual([60, 60]);
  });
});

/** The CSV's rows, split on CRLF outside quotes (enough for these tests: no cell here holds a line break). */
const csvLines = (text: string) => text.split("\r\n").filter(Boolean);

describe("GET /admin/audit/export", () => {
  test("the administrator gets the filtered rows as CSV with a header row, proper quoting, and an audit row for the export", async () => {
    const at = new Date("2026-03-02T22:50:00Z");
    const p = await patientWithHistory("Asia/Tokyo", at);
    // an actor label with a comma and quotes, and one a spreadsheet would read as a formula
    await writeAuditAlone({ actorLabel: 'Smith, "Jo"', action: "sign-in", entityType: "User", outcome: "denied", details: { reason: "unknown-or-inactive" }, at });
    await writeAuditAlone({ actorLabel: "=HYPERLINK(1)", action: "sign-in", entityType: "User", outcome: "denied", details: { reason: "unknown-or-inactive" }, at });
    const admin = await makeUser("admin", []);
    await signedInBrowser(admin);

    const res = await exportCsv(new Request(`http://127.0.0.1:3100/admin/audit/export?patient=${encodeURIComponent(p.patient.mrn)}&action=dose-record`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csvLines(await res.text());
    expect(lines[0]).toBe(AUDIT_CSV_HEADER.join(","));
    expect(lines).toHaveLength(3);
    const name = `"${p.patient.familyName}, ${p.patient.givenName}"`;
    const cells = lines[2]!.split(",");
    const withoutRowId = cells.slice(0, -1).join(",");
    expect(withoutRowId).toBe(
      ["2026-03-03 07:52:00", "Asia/Tokyo", "2026-03-02T22:52:00.000Z", `${p.nurse.name} (${p.nurse.email})`, "Dose recorded", "dose event #2", name, p.patient.mrn, p.unit.name, "done", "", p.held.id].join(","),
    );
    expect(cells.at(-1)).toMatch(/^\d+$/);
    expect(lines[1]).toContain(",refused,");

    const exported = await prisma.auditEvent.findFirstOrThrow({ where: { action: "audit-export", actorId: admin.id } });
    expect(exported.outcome).toBe("success");
    // which filters were used, never the patient's MRN or name as typed
    expect(exported.details).toEqual({ rows: 2, matching: 2, filters: { patient: true, action: "dose-record" } });
    expect(JSON.stringify(exported.details)).not.toContain(p.patient.mrn);

    const quoted = await exportCsv(new Request(`http://127.0.0.1:3100/admin/audit/export?user=${encodeURIComponent('Smith, "Jo"')}`));
    const qLines = csvLines(await quoted.text());
    expect(qLines).toHaveLength(2);
    expect(qLines[1]).toContain(',"Smith, ""Jo""",Sign-in,user account,,,,refused,unknown or inactive account,,');
    const formula = csvLines(await (await exportCsv(new Request("http://127.0.0.1:3100/admin/audit/export?user=%3DHYPERLINK"))).text());
    expect(formula[1]).toContain(",'=HYPERLINK(1),");
  });

  test("a nurse is refused with 403 and a signed-out request with 401; each refusal is audited", async () => {
    const unit = await makeUnit();
    const nurse = await makeUser("nurse", [unit.id]);
    await signedInBrowser(nurse);
    const res = await exportCsv(new Request(`http://127.0.0.1:3100/admin/audit/export?action=sign-in&patient=${encodeURIComponent("Jansen MRN4711")}&from=2026-03-01`));
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain(",");
    const denied = await prisma.auditEvent.findMany({ where: { actorId: nurse.id, action: "audit-export" } });
    expect(denied.map((d) => d.outcome)).toEqual(["denied"]);
    // a refused non-administrator's patient search is not kept either: only that one was asked for
    expect(denied[0]!.details).toEqual({ code: "FORBIDDEN", message: "Your role does not allow this.", filters: { action: "sign-in", patient: true, from: "2026-03-01" } });
    expect(JSON.stringify(denied[0]!.details)).not.toMatch(/Jansen|MRN4711/);

    freshBrowser();
    const mark = (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    const anonymous = await exportCsv(new Request("http://127.0.0.1:3100/admin/audit/export"));
    expect(anonymous.status).toBe(401);
    const rows = await prisma.auditEvent.findMany({ where: { id: { gt: mark }, action: "audit-export" } });
    expect(rows.map((r) => [r.outcome, r.actorId, (r.details as { code?: string }).code])).toEqual([["denied", null, "UNAUTHENTICATED"]]);
  });

  test("an administrator who has not yet changed a temporary password is refused with 403, and the refusal names them", async () => {
    const unit = await makeUnit();
    const admin = await makeUser("admin", [unit.id]);
    await prisma.user.update({ where: { id: admin.id }, data: { mustChangePassword: true } });
    await signedInBrowser(admin);
    const res = await exportCsv(new Request("http://127.0.0.1:3100/admin/audit/export"));
    expect(res.status).toBe(403);
    const denied = await prisma.auditEvent.findMany({ where: { actorId: admin.id, action: "audit-export" } });
    expect(denied.map((d) => [d.outcome, (d.details as { code?: string }).code])).toEqual([["denied", "FORBIDDEN"]]);
  });
});

describe("the audit page", () => {
  test("a pharmacist is sent home and the refused look is audited; the administrator gets the page", async () => {
    const unit = await makeUnit();
    const pharmacist = await makeUser("pharmacist", [unit.id]);
    await signedInBrowser(pharmacist);
    const out = await followRedirect(() => AdminPage({ searchParams: Promise.resolve({}) }));
    expect(out).toEqual({ redirectedTo: "/verifications?denied=1" });
    const denied = await prisma.auditEvent.findMany({ where: { actorId: pharmacist.id, action: "audit-view" } });
    expect(denied.map((d) => d.outcome)).toEqual(["denied"]);

    const admin = await makeUser("admin", []);
    await signedInBrowser(admin);
    const page = await followRedirect(() => AdminPage({ searchParams: Promise.resolve({ action: "sign-in" }) }));
    expect("result" in page).toBe(true);
    expect(await prisma.auditEvent.count({ where: { actorId: admin.id, action: "audit-view" } })).toBe(0);
  });
});
