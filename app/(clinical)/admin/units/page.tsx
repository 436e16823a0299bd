import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/lib/auth/guards";
import { listUnits } from "@/lib/db/queries/admin";
import { PageHeader } from "@/components/ui/page-header";
import { CreateUnitForm, EditUnitForm, TimeZoneList } from "@/components/admin/unit-forms";

export const metadata: Metadata = { title: "Units" };

export default async function UnitsPage() {
  await requirePageSession("unit:manage");
  const units = await listUnits();
  return (
    <>
      <PageHeader title="Units">
        <Link href="/admin" className="inline-flex min-h-11 items-center text-blue-800 underline">Back to administration</Link>
      </PageHeader>
      <TimeZoneList zones={Intl.supportedValuesOf("timeZone")} />
      <div className="flex flex-col gap-6">
        <CreateUnitForm />
        <section aria-labelledby="units-heading">
          <h2 id="units-heading" className="mb-2 text-lg font-semibold">Units</h2>
          <p className="mb-3 text-sm text-slate-700">
            Nothing is deleted: a unit is renamed, never removed. A new time zone changes how the unit&apos;s times are shown from the next page on;
            what was recorded keeps its moment.
          </p>
          {units.length === 0 ? <p>No unit yet.</p> : null}
          <ul className="flex flex-col gap-3" aria-label="Units by name">
            {units.map((u) => (
              <li key={u.id} className="rounded-lg border border-slate-300 bg-white p-3">
                <h3 className="font-semibold">{u.name}</h3>
                <p className="text-sm">
                  Times in {u.timeZone} · {u.staff} active account{u.staff === 1 ? "" : "s"} assigned · {u.patients} patient record{u.patients === 1 ? "" : "s"} (discharged included)
                </p>
                <EditUnitForm unit={u} />
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}
