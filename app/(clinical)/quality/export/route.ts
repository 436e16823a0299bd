// The quality view as CSV, one row per course, with the page's filters (issue 14, item 4; docs/decisions/062).
// Authenticated and authorized like the page (quality:view): signed out → 401, another role → 403, a unit filter
// naming a unit that is not the user's → 404 (exactly like a unit that does not exist); each refusal leaves a
// denied audit row, and a signed-in caller also an access record. A done export leaves an access record and a
// success audit row before the file is handed out. No patient names, MRNs or course ids: rows are numbered, starts are months.
import * as clock from "@/lib/clock";
import { requireRouteSession } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { writeAudit, type AuditEntry } from "@/lib/db/audit";
import { recordAccess } from "@/lib/db/access";
import { prisma } from "@/lib/db/client";
import { listQualityUnits, loadQualityCourses } from "@/lib/db/queries/quality";
import { qualityFigures } from "@/lib/domain/quality";
import { qualityCsv, readQualityFilters } from "@/lib/views/quality";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const signedIn = await requireRouteSession({ action: "quality-export", entityType: "Course" });
  if (signedIn.refused) return signedIn.refused;
  const { session } = signedIn;
  const actor = { actorId: session.user.id, actorLabel: session.user.email };
  const filters = readQualityFilters(new URL(request.url).searchParams);
  const roleAllows = can(session.user.role, "quality:view");
  const user = session.user;
  /** the access record (decision 054) and the audit row of this answer, in ONE transaction, on every signed-in path */
  const recordBoth = (refusedScope: boolean, entry: Omit<AuditEntry, "actorId" | "actorLabel" | "action" | "entityType" | "at">) => {
    const at = clock.now();
    return prisma.$transaction(async (tx) => {
      await recordAccess({ userId: user.id, unitIds: user.unitIds, roleAllows, target: { page: "quality", id: filters.unit || null }, at, refusedScope }, tx);
      await writeAudit(tx, { ...actor, action: "quality-export", entityType: "Course", at, ...entry });
    });
  };
  if (!roleAllows) {
    // a refused export is recorded like a refused page and audited like a refused action
    await recordBoth(false, { outcome: "denied", details: { code: "FORBIDDEN", message: "Your role does not allow this.", filters: { ...filters } } });
    return text(403, "Your role does not allow this.");
  }
  const units = await listQualityUnits(session.user.unitIds);
  if (filters.unit && !units.some((u) => u.id === filters.unit)) {
    // another unit's figures are answered exactly like a unit that does not exist; recorded as refused for its scope
    await recordBoth(true, { outcome: "denied", details: { code: "NOT_FOUND", message: "No such unit among yours.", filters: { ...filters } } });
    return text(404, "No such unit among yours.");
  }
  const now = clock.now();
  const { courses } = qualityFigures(await loadQualityCourses(session.user.unitIds, filters));
  const zoneOf = new Map(units.map((u) => [u.name, u.timeZone]));
  // who exported which unit's figures: the access record (the unit asked for as its target) and the success row
  await recordBoth(false, { outcome: "success", details: { filters: { ...filters }, rows: courses.length } });
  return new Response(qualityCsv(courses, (name) => zoneOf.get(name) ?? "UTC"), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="quality-til-vs-monotherapy-${now.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
}
