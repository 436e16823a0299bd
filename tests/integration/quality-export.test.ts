// Issue 14, item 4: the quality view's CSV against the rows this test writes — one row per verified course of the
// caller's units, the filters applied on the unit's own clock, entered-in-error rows left out, no names or MRNs,
// formula cells neutralised; the export leaves an access record and an audit row (docs/decisions/062-quality-view.md).
import { describe, expect, test } from "vitest";
import { freshBrowser, signedInBrowser } from "./support/request-context";
import { makeCourse, makePatient, makeUnit, makeUser, uid } from "./support/factories";
import { prisma } from "@/lib/db/client";
import { QUALITY_CSV_HEADER } from "@/lib/views/quality";
import { loadQualityView } from "@/lib/db/queries/quality";
import { GET as exportCsv } from "@/app/(clinical)/quality/export/route";

const HOUR = 3_600_000;
const csvLines = (text: string) => text.split("\r\n").filter((l) => l !== "");

type Kind = "given" | "held" | "stopped" | "discontinued";

/** A unit on Auckland's clock (UTC+12 in September: a day boundary far from UTC's) with three courses and an order. */
async function world() {
  const unit = await makeUnit(`=Quality ${uid()}`, "Pacific/Auckland");
  const attending = await makeUser("attending", [unit.id]);
  const nurse = await makeUser("nurse", [unit.id]);
  let sequence = 0;
  const event = async (courseId: string, kind: Kind, at: Date, extra: { criteria?: string[]; tier?: "hold" | "stop"; inError?: boolean; review?: { outcome: "confirm" | "stop"; reason: string | null } } = {}) => {
    const e = await prisma.doseEvent.create({
      data: {
        courseId, sequence: ++sequence, kind, cycle: 1, doseIu: kind === "given" ? 48_000_000 : null, occurredAt: at,
        engineDecision: kind === "given" ? "give" : "hold", decisionSnapshot: { fixture: true }, ruleSetId: "til-2024", ruleSetVersion: "1.0.0",
        criteria: extra.criteria ?? [], tier: kind === "held" ? extra.tier ?? "hold" : null, recordedById: nurse.id,
        ...(extra.inError ? { status: "entered_in_error" as const, enteredInErrorAt: at, enteredInErrorById: nurse.id, enteredInErrorReason: "wrong patient" } : {}),
      },
    });
    if (extra.review) {
      await prisma.holdReview.create({ data: { doseEventId: e.id, attendingId: attending.id, outcome: extra.review.outcome, reason: extra.review.reason, signatureMeaning: "test", signedAt: at } });
    }
    return e;
  };

  // TIL, closed: cells end 2026-09-01 11:30 UTC = 23:30 on 1 Sep in Auckland; 2 given (first 5 h after), one
  // urine-output hold; one more "given" entered in error (not counted)
  const tilEnd = new Date("2026-09-01T11:30:00Z");
  const a = await makeCourse((await makePatient(unit.id)).id, { protocol: "til_adjunct", orderedById: attending.id, verifiedById: attending.id, status: "closed" });
  await prisma.course.update({ where: { id: a.id }, data: { tilInfusionEndAt: tilEnd, ruleSetVersion: "1.1.0" } });
  sequence = 0;
  await event(a.id, "given", new Date(tilEnd.getTime() + 5 * HOUR));
  await event(a.id, "held", new Date(tilEnd.getTime() + 13 * HOUR), { criteria: ["urine-output-low"], review: { outcome: "confirm", reason: null } });
  await event(a.id, "given", new Date(tilEnd.getTime() + 17 * HOUR));
  await event(a.id, "given", new Date(tilEnd.getTime() + 25 * HOUR), { inError: true });

  // TIL, still open, no dose yet: cells end 2026-09-01 12:30 UTC = 00:30 on 2 Sep in Auckland
  const b = await makeCourse((await makePatient(unit.id)).id, { protocol: "til_adjunct", orderedById: attending.id, verifiedById: attending.id });
  await prisma.course.update({ where: { id: b.id }, data: { tilInfusionEndAt: new Date("2026-09-01T12:30:00Z") } });

  // Monotherapy, closed: 3 given, a tachycardia hold the attending stopped (a reason typed that names a person:
  // never in the CSV), the stopped event
  const monoStart = new Date("2026-08-20T20:00:00Z");
  const c = await makeCourse((await makePatient(unit.id)).id, { protocol: "monotherapy", orderedById: attending.id, verifiedById: attending.id, status: "closed" });
  await prisma.course.update({ where: { id: c.id }, data: { startAt: monoStart, ruleSetVersion: "1.1.0" } });
  sequence = 0;
  for (const h of [0, 8, 16]) await event(c.id, "given", new Date(monoStart.getTime() + h * HOUR));
  await event(c.id, "held", new Date(monoStart.getTime() + 24 * HOUR), { criteria: ["tachycardia"], tier: "stop", review: { outcome: "stop", reason: "Told Mrs Example's daughter" } });
  await event(c.id, "stopped", new Date(monoStart.getTime() + 25 * HOUR), { criteria: ["tachycardia"] });

  // an order not yet verified: never counted
  await makeCourse((await makePatient(unit.id)).id, { protocol: "til_adjunct", orderedById: attending.id, status: "ordered" });
  // a course of another unit: never in this unit's export
  const other = await makeUnit();
  await makeCourse((await makePatient(other.id)).id, { protocol: "til_adjunct", orderedById: attending.id, verifiedById: attending.id });

  return { unit, other, a, b, c, attending };
}

describe("GET /quality/export", () => {
  test("one row per verified course of the caller's units, oldest start first, with the figures the rows make", async () => {
    const w = await world();
    const pharmacist = await makeUser("pharmacist", [w.unit.id]);
    await signedInBrowser(pharmacist);
    const res = await exportCsv(new Request("http://127.0.0.1:3100/quality/export"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="quality-til-vs-monotherapy-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = await res.text();
    const lines = csvLines(text);
    expect(lines[0]).toBe(QUALITY_CSV_HEADER.join(","));
    // the unit's name starts with "=": a spreadsheet would read it as a formula, so it is prefixed with an apostrophe
    const unitCell = `'${w.unit.name}`;
    expect(lines.slice(1)).toEqual([
      // monotherapy start 20 Aug 20:00 UTC = 21 Aug 08:00 in Auckland (its month only); 3 of 28 given, 3 of 14 in
      // cycle 1; the stop-tier hold is a stop, not a hold; the stop's criterion in words
      ["1", unitCell, "Monotherapy", "mono-2014 1.1.0", "Closed", "2026-08", "3", "28", "no", "14", "no", "0", "0", "", "1", "1", "0", "Heart rate high", "not applicable"].join(","),
      // TIL: 2 given (the third was entered in error), one hold-tier hold of one dose, first 5 h after the cells
      ["2", unitCell, "TIL-adjunct", "til-2024 1.1.0", "Closed", "2026-09", "2", "6", "no", "not applicable", "not applicable", "1", "1", "Urine output low", "0", "0", "0", "", "5"].join(","),
      ["3", unitCell, "TIL-adjunct", "til-2024 1.0.0", "Open (active)", "2026-09", "0", "6", "no", "not applicable", "not applicable", "0", "0", "", "0", "0", "0", "", "no dose given"].join(","),
    ]);
    // no course id (it leads back to the patient)
    for (const c of [w.a, w.b, w.c]) expect(text).not.toContain(c.id);
    // nothing that names a patient, and not the attending's free text
    const patients = await prisma.patient.findMany({ where: { unitId: w.unit.id } });
    for (const p of patients) {
      expect(text).not.toContain(p.mrn);
      expect(text).not.toContain(p.givenName);
    }
    expect(text).not.toContain("Mrs Example");

    // the export is recorded: an access record of the quality page and a success audit row
    const access = await prisma.accessEvent.findMany({ where: { userId: pharmacist.id } });
    expect(access.map((a) => [a.page, a.outcome, a.patientId])).toEqual([["quality", "shown", null]]);
    const audit = await prisma.auditEvent.findMany({ where: { actorId: pharmacist.id, action: "quality-export" } });
    expect(audit.map((a) => [a.outcome, a.details])).toEqual([["success", { rows: 3, filters: { unit: "", protocol: "", from: "", to: "" } }]]);
  });

  test("the filters: protocol, and the start's day on the unit's clock (from and to inclusive)", async () => {
    const w = await world();
    await signedInBrowser(await makeUser("attending", [w.unit.id, w.other.id]));
    // a row named by its protocol and status (a: TIL closed, b: TIL open, c: monotherapy)
    const rows = async (q: string) =>
      csvLines(await (await exportCsv(new Request(`http://127.0.0.1:3100/quality/export?${q}`))).text()).slice(1).map((l) => `${l.split(",")[2]} ${l.split(",")[4]}`);
    const [A, B, C] = ["TIL-adjunct Closed", "TIL-adjunct Open (active)", "Monotherapy Closed"];
    expect(await rows(`unit=${w.unit.id}&protocol=til_adjunct`)).toEqual([A, B]);
    expect(await rows(`unit=${w.unit.id}&protocol=monotherapy`)).toEqual([C]);
    // 11:30 UTC on 1 Sep is still 1 Sep in Auckland; 12:30 UTC is already 2 Sep there
    expect(await rows(`unit=${w.unit.id}&from=2026-09-01&to=2026-09-01`)).toEqual([A]);
    expect(await rows(`unit=${w.unit.id}&from=2026-09-02`)).toEqual([B]);
    expect(await rows(`unit=${w.unit.id}&to=2026-08-31`)).toEqual([C]);
    // the page reads the same rows as the export
    const view = await loadQualityView([w.unit.id], { unit: "", protocol: "til_adjunct", from: "", to: "" });
    expect(view.figures.courses.map((c) => c.id)).toEqual([w.a.id, w.b.id]);
    expect(view.figures.protocols[0]).toMatchObject({ courses: 2, open: 1, closed: 1, reachedMaximum: { count: 0, of: 2 } });
  });

  test("another unit's figures are answered 404 like a unit that does not exist; a nurse 403; signed out 401; each audited", async () => {
    const w = await world();
    const elsewhere = await makeUser("attending", [w.other.id]);
    await signedInBrowser(elsewhere);
    const res = await exportCsv(new Request(`http://127.0.0.1:3100/quality/export?unit=${w.unit.id}`));
    expect(res.status).toBe(404);
    expect(await res.text()).toBe("No such unit among yours.");
    // the refusal leaves an access record too (refused for its scope, naming the unit asked for), with its audit row
    expect((await prisma.accessEvent.findMany({ where: { userId: elsewhere.id } })).map((a) => [a.page, a.outcome, a.targetId, a.patientId])).toEqual([["quality", "refused-scope", w.unit.id, null]]);
    const nurse = await makeUser("nurse", [w.unit.id]);
    await signedInBrowser(nurse);
    expect((await exportCsv(new Request("http://127.0.0.1:3100/quality/export"))).status).toBe(403);
    expect((await prisma.accessEvent.findMany({ where: { userId: nurse.id } })).map((a) => [a.page, a.outcome])).toEqual([["quality", "refused-role"]]);
    freshBrowser();
    const mark = (await prisma.auditEvent.aggregate({ _max: { id: true } }))._max.id ?? 0n;
    expect((await exportCsv(new Request("http://127.0.0.1:3100/quality/export"))).status).toBe(401);
    const denied = await prisma.auditEvent.findMany({ where: { action: "quality-export", OR: [{ actorId: { in: [elsewhere.id, nurse.id] } }, { id: { gt: mark } }] }, orderBy: { id: "asc" } });
    expect(denied.map((d) => [d.outcome, d.actorId, (d.details as { code?: string }).code])).toEqual([
      ["denied", elsewhere.id, "NOT_FOUND"], ["denied", nurse.id, "FORBIDDEN"], ["denied", null, "UNAUTHENTICATED"],
    ]);
  });
});
