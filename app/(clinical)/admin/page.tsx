import type { Metadata } from "next";
import { redirect } from "next/navigation";
import * as clock from "@/lib/clock";
import { recordPageAccess, requirePageSession } from "@/lib/auth/guards";
import { can, HOME_BY_ROLE } from "@/lib/auth/permissions";
import { writeAuditAlone } from "@/lib/db/audit";
import { listAuditLog } from "@/lib/db/queries/audit";
import { AUDIT_ACTION_WORDS } from "@/lib/domain/vocabulary";
import { auditQuery, auditTimeText, readAuditFilters, AUDIT_PAGE_SIZE } from "@/lib/views/audit";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Administration" };

const input = "mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3";

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageSession();
  const now = clock.now();
  // who looked at the audit log, refused looks included (decision 054)
  await recordPageAccess(session, "audit:view", { page: "audit-log" });
  if (!can(session.user.role, "audit:view")) {
    // a refused look at the audit log is itself audited, like every refused action
    await writeAuditAlone({
      actorId: session.user.id, actorLabel: session.user.email, action: "audit-view", entityType: "AuditEvent", outcome: "denied",
      details: { code: "FORBIDDEN", message: "Your role does not allow this." }, at: now,
    });
    redirect(`${HOME_BY_ROLE[session.user.role]}?denied=1`);
  }
  const params = await searchParams;
  const filters = readAuditFilters(params);
  const log = await listAuditLog(filters);
  const filtered = Boolean(filters.patient || filters.user || filters.action || filters.from || filters.to);
  const first = log.total === 0 ? 0 : (log.page - 1) * AUDIT_PAGE_SIZE + 1;
  const last = Math.min(log.total, log.page * AUDIT_PAGE_SIZE);
  return (
    <>
      <PageHeader title="Administration" />
      {params.denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}
      <nav aria-label="Administer" className="mb-6 flex flex-wrap gap-3">
        <a href="/admin/users" className="inline-flex min-h-11 items-center rounded-md border border-blue-800 px-4 font-semibold text-blue-900 hover:bg-blue-50">People (accounts, passwords)</a>
        <a href="/admin/units" className="inline-flex min-h-11 items-center rounded-md border border-blue-800 px-4 font-semibold text-blue-900 hover:bg-blue-50">Units (names, time zones)</a>
        <a href="/admin/access" className="inline-flex min-h-11 items-center rounded-md border border-blue-800 px-4 font-semibold text-blue-900 hover:bg-blue-50">Who looked at a patient</a>
        <a href="/patients" className="inline-flex min-h-11 items-center rounded-md border border-blue-800 px-4 font-semibold text-blue-900 hover:bg-blue-50">Patients (admit, transfer, discharge)</a>
      </nav>
      <p className="-mt-3 mb-6 max-w-3xl text-sm text-slate-700">
        People and units are administered for the whole hospital. Patients are admitted, transferred and discharged on your own units only: the
        unit you create is yours, and you choose your units under People.
      </p>
      <section aria-labelledby="audit-heading">
        <h2 id="audit-heading" className="mb-2 text-lg font-semibold">Audit log</h2>
        <p className="mb-3 text-sm text-slate-700">
          Every change and every refused attempt, newest first. Times are shown on the clock of the patient&apos;s unit; rows that
          belong to no patient (sign-in, sign-out) on the hospital&apos;s default clock, <span className="font-semibold">{log.hospitalTimeZone}</span> (the
          zone of the first unit by name). Dates in the filter are read on that clock too.
        </p>

        <form method="get" action="/admin" aria-label="Filter the audit log" className="mb-4 grid gap-3 rounded-lg border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-5">
          <label className="text-sm font-medium">
            Patient (MRN or name)
            <input name="patient" defaultValue={filters.patient} className={input} />
          </label>
          <label className="text-sm font-medium">
            User (name or e-mail)
            <input name="user" defaultValue={filters.user} className={input} />
          </label>
          <label className="text-sm font-medium">
            Action
            <select name="action" defaultValue={filters.action} className={input}>
              <option value="">Any action</option>
              {Object.entries(AUDIT_ACTION_WORDS).map(([value, label]) => (
                <option key={value} value={value}>{label}</option>
              ))}
            </select>
          </label>
          <label className="text-sm font-medium">
            From (day), YYYY-MM-DD
            <input type="text" name="from" inputMode="numeric" pattern="\d{4}-\d{2}-\d{2}" placeholder="YYYY-MM-DD" autoComplete="off" defaultValue={filters.from} className={input} />
          </label>
          <label className="text-sm font-medium">
            To (day, inclusive), YYYY-MM-DD
            <input type="text" name="to" inputMode="numeric" pattern="\d{4}-\d{2}-\d{2}" placeholder="YYYY-MM-DD" autoComplete="off" defaultValue={filters.to} className={input} />
          </label>
          <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-5">
            <button type="submit" className="min-h-11 rounded-md bg-blue-800 px-4 font-semibold text-white hover:bg-blue-900">Show</button>
            {filtered ? <a href="/admin" className="inline-flex min-h-11 items-center px-3 text-blue-800 underline">Clear the filters</a> : null}
            <a href={`/admin/audit/export${auditQuery(filters)}`} download className="inline-flex min-h-11 items-center rounded-md border border-blue-800 px-4 font-semibold text-blue-900 hover:bg-blue-50">
              Download CSV{filtered ? " (these filters)" : ""}
            </a>
          </div>
        </form>

        <p className="mb-2 text-sm" role="status">
          {log.total === 0 ? "No audit rows match." : `Rows ${first}–${last} of ${log.total}${filtered ? " matching" : ""}.`}
        </p>
        {log.total > 0 ? (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Audit log, newest first, page {log.page} of {log.pageCount}</caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="px-3 py-2">Time (unit)</th>
                  <th scope="col" className="px-3 py-2">User</th>
                  <th scope="col" className="px-3 py-2">Action</th>
                  <th scope="col" className="px-3 py-2">Record</th>
                  <th scope="col" className="px-3 py-2">Patient</th>
                  <th scope="col" className="px-3 py-2">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {log.rows.map((r) => (
                  <tr key={r.id} className="border-t border-slate-200 align-top">
                    <td className="whitespace-nowrap px-3 py-2">
                      <time dateTime={r.at.toISOString()}>{auditTimeText(r, now)}</time>
                      {r.timeZone !== log.hospitalTimeZone ? <span className="block text-xs text-slate-700">{r.timeZone}</span> : null}
                    </td>
                    <td className="px-3 py-2">{r.actor}</td>
                    <td className="px-3 py-2">{r.actionLabel}</td>
                    <td className="px-3 py-2">{r.entityLabel}</td>
                    <td className="px-3 py-2">{r.patient ? <>{r.patient.name} <span className="whitespace-nowrap">· MRN {r.patient.mrn}</span></> : "—"}</td>
                    <td className="px-3 py-2">
                      <span className={r.outcome === "success" ? "" : "font-semibold text-red-900"}>{r.outcomeLabel}</span>
                      {r.detail ? <span className="block text-xs text-slate-700">{r.detail}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {log.pageCount > 1 ? (
          <nav aria-label="Audit log pages" className="mt-3 flex items-center gap-3">
            {log.page > 1 ? <a href={`/admin${auditQuery(filters, log.page - 1)}`} rel="prev" className="inline-flex min-h-11 items-center text-blue-800 underline">Newer rows</a> : null}
            <span className="text-sm">Page {log.page} of {log.pageCount}</span>
            {log.page < log.pageCount ? <a href={`/admin${auditQuery(filters, log.page + 1)}`} rel="next" className="inline-flex min-h-11 items-center text-blue-800 underline">Older rows</a> : null}
          </nav>
        ) : null}
      </section>
    </>
  );
}
