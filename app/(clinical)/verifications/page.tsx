import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/guards";
import { listOrdersAwaitingVerification } from "@/lib/db/queries/courses";
import { protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Verifications" };

export default async function VerificationsPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const { user } = await requirePageSession("count:verify");
  const { denied } = await searchParams;
  const orders = await listOrdersAwaitingVerification(user.unitIds);
  return (
    <>
      <PageHeader title="Verifications" />
      {denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}
      <h2 className="mb-2 text-lg font-semibold">Orders waiting for dosing-weight verification</h2>
      {orders.length === 0 ? (
        <p>No orders are waiting.</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {orders.map((c) => (
            <li key={c.id} className="rounded-lg border border-slate-300 bg-white p-4">
              <p className="font-semibold">
                {c.patient.familyName}, {c.patient.givenName} — {protocolLabel(c.protocol)}
              </p>
              <p className="text-slate-700">
                Dosing weight {c.dosingWeightKg.toString()} kg · ordered by {c.orderedBy.name}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
