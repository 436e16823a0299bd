// The audit log as CSV, with the page's filters (issue 10, item 7). Authenticated and authorized like the page
// (audit:view, the administrator); a refused export (signed out: 401, another role: 403) and a done one each leave
// an audit row, as the actions' refusals do.
import * as clock from "@/lib/clock";
import { requireRouteSession } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { writeAuditAlone } from "@/lib/db/audit";
import { exportAuditLog } from "@/lib/db/queries/audit";
import { auditCsv, readAuditFilters, type AuditFilters } from "@/lib/views/audit";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) =>
  new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });

/**
 * Which filters an export asked for, for its audit row: whether a patient was searched for — never the names or MRN
 * typed, which the audit table (append-only, exported itself) must not collect — and the other filters as given.
 */
function filtersUsed(f: AuditFilters): { patient?: true; user?: string; action?: string; from?: string; to?: string } {
  return {
    ...(f.patient ? { patient: true as const } : {}),
    ...(f.user ? { user: f.user } : {}),
    ...(f.action ? { action: f.action } : {}),
    ...(f.from ? { from: f.from } : {}),
    ...(f.to ? { to: f.to } : {}),
  };
}

export async function GET(request: Request): Promise<Response> {
  const signedIn = await requireRouteSession({ action: "audit-export", entityType: "AuditEvent" });
  if (signedIn.refused) return signedIn.refused;
  const { session } = signedIn;
  const actor = { actorId: session.user.id, actorLabel: session.user.email };
  const filters = readAuditFilters(new URL(request.url).searchParams);
  const asked = filtersUsed(filters);
  if (!can(session.user.role, "audit:view")) {
    await writeAuditAlone({
      ...actor, action: "audit-export", entityType: "AuditEvent", outcome: "denied",
      details: { code: "FORBIDDEN", message: "Your role does not allow this.", filters: asked }, at: clock.now(),
    });
    return text(403, "Your role does not allow this.");
  }
  const now = clock.now();
  const { rows, total } = await exportAuditLog(filters);
  // the export is recorded before it is handed out: no audit row, no file
  await writeAuditAlone({ ...actor, action: "audit-export", entityType: "AuditEvent", outcome: "success", details: { filters: asked, rows: rows.length, matching: total }, at: now });
  const day = now.toISOString().slice(0, 10);
  return new Response(auditCsv(rows), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
