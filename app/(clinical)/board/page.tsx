import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/lib/auth/guards";
import { listOpenCoursesForUnits } from "@/lib/db/queries/courses";
import { protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Unit board" };

export default async function BoardPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const { user } = await requirePageSession("course:view");
  const { denied } = await searchParams;
  const courses = await listOpenCoursesForUnits(user.unitIds);
  return (
    <>
      <PageHeader title="Unit board" />
      {denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}
      {courses.length === 0 ? (
        <p>No active IL-2 courses on your units.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left">
            <caption className="sr-only">Active IL-2 courses on your units</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="px-3 py-2">Patient</th>
                <th scope="col" className="px-3 py-2">Protocol</th>
                <th scope="col" className="px-3 py-2">Doses given</th>
                <th scope="col" className="px-3 py-2">Status</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id} className="border-t border-slate-200">
                  <td className="px-3 py-2">
                    <span className="font-semibold">
                      {c.patient.familyName}, {c.patient.givenName}
                    </span>
                    <span className="block text-sm text-slate-600">MRN {c.patient.mrn}</span>
                  </td>
                  <td className="px-3 py-2">{protocolLabel(c.protocol)}</td>
                  <td className="px-3 py-2">{c.doseEvents.filter((e) => e.kind === "given").length}</td>
                  <td className="px-3 py-2">{c.status === "ordered" ? "Waiting for pharmacist verification" : c.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="mt-4 text-sm text-slate-600">
        <Link href="/board" className="underline">Refresh</Link>
      </p>
    </>
  );
}
