import type { Metadata } from "next";
import Link from "next/link";
import * as clock from "@/lib/clock";
import { requirePageAccess } from "@/lib/auth/guards";
import { ROLE_LABEL } from "@/lib/auth/permissions";
import { listPatientAccesses } from "@/lib/db/access";
import { ACCESS_OUTCOME_WORDS, ACCESS_PAGE_SIZE, ACCESS_PAGE_WORDS, accessQuery } from "@/lib/views/access";
import { formatClock } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Who looked at a patient" };

const input = "mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3";

const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? (v[0] ?? "") : (v ?? "")).trim();

/**
 * The administrator's list of a patient's accesses (issue 12, item 3; decision 054): who opened which of the
 * patient's pages, and which were refused, newest first, on the clock of the patient's unit. Looking is recorded too.
 */
export default async function PatientAccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const mrn = one(params.patient).slice(0, 64);
  const pageNo = Number.parseInt(one(params.page), 10) || 1;
  await requirePageAccess("access:view", { page: "access-log", id: mrn || null });
  const now = clock.now();
  const list = mrn ? await listPatientAccesses(mrn, pageNo) : null;
  const first = list && list.total > 0 ? (list.page - 1) * ACCESS_PAGE_SIZE + 1 : 0;
  const last = list ? Math.min(list.total, first + list.rows.length - 1) : 0;
  return (
    <>
      <PageHeader title="Who looked at a patient">
        <Link href="/admin" className="font-medium text-blue-800 underline">
          Back to administration
        </Link>
      </PageHeader>
      <p className="mb-3 text-sm text-slate-700">
        Every opening of the patient&apos;s course page and the pharmacist&apos;s verification pages, and every such page refused, newest
        first. Times are on the clock of the patient&apos;s unit. Your look at this list is recorded as well.
      </p>
      <form method="get" action="/admin/access" aria-label="Find a patient's accesses" className="mb-4 flex flex-wrap items-end gap-3 rounded-lg border border-slate-300 bg-white p-3">
        <label className="text-sm font-medium">
          Patient MRN
          <input name="patient" defaultValue={mrn} required autoComplete="off" className={input} />
        </label>
        <button type="submit" className="min-h-11 rounded-md bg-blue-800 px-4 font-semibold text-white hover:bg-blue-900">Show accesses</button>
      </form>

      {list === null ? null : list.patient === null ? (
        <p role="status">No patient has the MRN {mrn}.</p>
      ) : (
        <section aria-labelledby="accesses-heading">
          <h2 id="accesses-heading" className="mb-2 text-lg font-semibold">
            {list.patient.name} · MRN {list.patient.mrn} · {list.patient.unitName}
          </h2>
          <p className="mb-2 text-sm" role="status">
            {list.total === 0 ? "No accesses recorded." : `Accesses ${first}–${last} of ${list.total}, on the clock of ${list.patient.unitName} (${list.patient.timeZone}).`}
          </p>
          {list.rows.length > 0 ? (
            <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Accesses to {list.patient.name}, newest first, page {list.page} of {list.pageCount}</caption>
                <thead className="bg-slate-100">
                  <tr>
                    <th scope="col" className="px-3 py-2">Time (unit)</th>
                    <th scope="col" className="px-3 py-2">Who</th>
                    <th scope="col" className="px-3 py-2">What</th>
                    <th scope="col" className="px-3 py-2">Outcome</th>
                  </tr>
                </thead>
                <tbody>
                  {list.rows.map((r) => (
                    <tr key={r.id} className="border-t border-slate-200 align-top">
                      <td className="whitespace-nowrap px-3 py-2">
                        <time dateTime={r.at.toISOString()}>{formatClock(r.at, list.patient!.timeZone, now)}</time>
                      </td>
                      <td className="px-3 py-2">
                        {r.userName} <span className="block text-xs text-slate-700">{ROLE_LABEL[r.userRole]}</span>
                      </td>
                      <td className="px-3 py-2">
                        {ACCESS_PAGE_WORDS[r.page]}
                        {r.targetId && r.page !== "access-log" ? <span className="block text-xs text-slate-700">course {r.targetId.slice(0, 8)}</span> : null}
                      </td>
                      <td className="px-3 py-2">
                        <span className={r.outcome === "shown" ? "" : "font-semibold text-red-900"}>{ACCESS_OUTCOME_WORDS[r.outcome]}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {list.pageCount > 1 ? (
            <nav aria-label="Access pages" className="mt-3 flex items-center gap-3">
              {list.page > 1 ? <a href={`/admin/access${accessQuery(mrn, list.page - 1)}`} rel="prev" className="inline-flex min-h-11 items-center text-blue-800 underline">Newer accesses</a> : null}
              <span className="text-sm">Page {list.page} of {list.pageCount}</span>
              {list.page < list.pageCount ? <a href={`/admin/access${accessQuery(mrn, list.page + 1)}`} rel="next" className="inline-flex min-h-11 items-center text-blue-800 underline">Older accesses</a> : null}
            </nav>
          ) : null}
        </section>
      )}
    </>
  );
}
