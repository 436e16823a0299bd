// The quality view as CSV, one row per course, with the page's filters (issue 14, item 4; docs/decisions/062).
// Authenticated and authorized like the page (quality:view): signed out → 401, another role → 403, a unit filter
// naming a unit that is not the user's → 404 (exactly like a unit that does not exist); each refusal leaves a
// denied audit row, and a signed-in caller also an access record. A done export leaves an access record and a
// success audit row before the file is handed out. No patient names or MRNs: a course is named by its id.
import * as clock from "@/lib/clock";
import { recordPageAccess, requireSession } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { writeAuditAlone } from "@/lib/db/audit";
import { listQualityUnits, loadQualityCourses } from "@/lib/db/queries/quality";
import { qualityFigures } from "@/lib/domain/quality";
import { ActionRefusal } from "@/lib/refusal";
import { qualityCsv, readQualityFilters } from "@/lib/views/quality";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  let session;
  try {
    session = await requireSession();
  } catch (e) {
    if (!(e instanceof ActionRefusal)) throw e;
    const who = e.actor ? { actorId: e.actor.id, actorLabel: e.actor.email } : {};
    await writeAuditAlone({ ...who, action: "quality-export", entityType: "Course", outcome: "denied", details: { code: e.code, message: e.message }, at: clock.now() });
    return text(e.code === "FORBIDDEN" ? 403 : 401, e.message);
  }
  const actor = { actorId: session.user.id, actorLabel: session.user.email };
  const filters = readQualityFilters(new URL(request.url).searchParams);
  if (!can(session.user.role, "quality:view")) {
    // a refused export is recorded like a refused page (decision 054) and audited like a refused action
    await recordPageAccess(session, "quality:view", { page: "quality" });
    await writeAuditAlone({ ...actor, action: "quality-export", entityType: "Course", outcome: "denied", details: { code: "FORBIDDEN", message: "Your role does not allow this.", filters: { ...filters } }, at: clock.now() });
    return text(403, "Your role does not allow this.");
  }
  const units = await listQualityUnits(session.user.unitIds);
  if (filters.unit && !units.some((u) => u.id === filters.unit)) {
    // another unit's figures are answered exactly like a unit that does not exist
    await writeAuditAlone({ ...actor, action: "quality-export", entityType: "Course", outcome: "denied", details: { code: "NOT_FOUND", message: "No such unit among yours.", filters: { ...filters } }, at: clock.now() });
    return text(404, "No such unit among yours.");
  }
  // who exported which unit's figures (decision 054): the page's own access record, the unit asked for as its target
  await recordPageAccess(session, "quality:view", { page: "quality", id: filters.unit || null });
  const now = clock.now();
  const { courses } = qualityFigures(await loadQualityCourses(session.user.unitIds, filters));
  const zoneOf = new Map(units.map((u) => [u.name, u.timeZone]));
  await writeAuditAlone({ ...actor, action: "quality-export", entityType: "Course", outcome: "success", details: { filters: { ...filters }, rows: courses.length }, at: now });
  return new Response(qualityCsv(courses, (name) => zoneOf.get(name) ?? "UTC"), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="quality-til-vs-monotherapy-${now.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
