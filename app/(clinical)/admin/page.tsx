import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/guards";
import { listRecentAuditEvents } from "@/lib/db/queries/audit";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Administration" };

export default async function AdminPage() {
  await requirePageSession("audit:view");
  const events = await listRecentAuditEvents(50);
  return (
    <>
      <PageHeader title="Administration" />
      <h2 className="mb-2 text-lg font-semibold">Latest audit events</h2>
      <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="sr-only">The 50 latest audit events</caption>
          <thead className="bg-slate-100">
            <tr>
              <th scope="col" className="px-3 py-2">Time (UTC)</th>
              <th scope="col" className="px-3 py-2">Actor</th>
              <th scope="col" className="px-3 py-2">Action</th>
              <th scope="col" className="px-3 py-2">Entity</th>
              <th scope="col" className="px-3 py-2">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <tr key={e.id.toString()} className="border-t border-slate-200">
                <td className="px-3 py-2 font-mono">{e.at.toISOString()}</td>
                <td className="px-3 py-2">{e.actorLabel ?? "—"}</td>
                <td className="px-3 py-2">{e.action}</td>
                <td className="px-3 py-2">{e.entityType}</td>
                <td className="px-3 py-2">{e.outcome}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
