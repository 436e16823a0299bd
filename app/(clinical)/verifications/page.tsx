import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageAccess } from "@/lib/auth/guards";
import { listCountsAwaitingVerification, listOrdersAwaitingVerification } from "@/lib/db/queries/verifications";
import { formatClock, protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { orderVersionStatus } from "@/lib/domain/status";
import { AMENDABLE_FIELDS, AMENDABLE_FIELD_LABEL } from "@/lib/views/course-amendment";

export const metadata: Metadata = { title: "Verifications" };

/** The fields an amendment changed, in clinical words ("Baseline weight, SBP target"). */
function changedFields(changes: unknown): string {
  const stored = changes && typeof changes === "object" && !Array.isArray(changes) ? Object.keys(changes) : [];
  return AMENDABLE_FIELDS.filter((f) => stored.includes(f)).map((f) => AMENDABLE_FIELD_LABEL[f].label).join(", ");
}

const DUE_TEXT = {
  "never-verified": "Never count-verified",
  "new-events": "New events since the last verification",
  "entered-in-error": "An event was marked entered in error since the last verification",
} as const;

export default async function VerificationsPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const { user } = await requirePageAccess("count:verify", { page: "verification-queue" });
  const { denied } = await searchParams;
  const now = clock.now();
  const [orders, counts] = await Promise.all([listOrdersAwaitingVerification(user.unitIds), listCountsAwaitingVerification(user.unitIds)]);
  return (
    <>
      <PageHeader title="Verifications" />
      {denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}

      <section aria-labelledby="orders-heading" className="mb-8">
        <h2 id="orders-heading" className="mb-2 text-lg font-semibold">
          Orders waiting for verification of weight and dose ({orders.length})
        </h2>
        <p className="mb-2 text-sm text-slate-700">No dose can be recorded on a course until its order is verified.</p>
        {orders.length === 0 ? (
          <p>No orders are waiting.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className="w-full text-left">
              <caption className="sr-only">Orders waiting for a pharmacist&apos;s verification, oldest first</caption>
              <thead className="bg-slate-100 text-sm">
                <tr>
                  <th scope="col" className="px-3 py-2">Patient</th>
                  <th scope="col" className="px-3 py-2">Protocol</th>
                  <th scope="col" className="px-3 py-2">Dosing weight (kg)</th>
                  <th scope="col" className="px-3 py-2">Ordered</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Action</span></th>
                </tr>
              </thead>
              <tbody>
                {orders.map((c) => {
                  const version = orderVersionStatus({ courseStatus: c.status, weightVerifiedAt: c.weightVerifiedAt, amendments: c.amendments });
                  const last = c.amendments.at(-1);
                  return (
                  <tr key={c.id} className="border-t border-slate-200">
                    <td className="px-3 py-2">
                      <span className="font-semibold">
                        {c.patient.familyName}, {c.patient.givenName}
                      </span>
                      <span className="block text-sm text-slate-600">MRN {c.patient.mrn} · {c.patient.unit.name}</span>
                    </td>
                    <td className="px-3 py-2">{protocolLabel(c.protocol)}</td>
                    <td className="px-3 py-2">{c.dosingWeightKg.toString()} kg</td>
                    <td className="px-3 py-2">
                      <time dateTime={c.orderedAt.toISOString()}>{formatClock(c.orderedAt, c.patient.unit.timeZone, now)}</time>
                      <span className="block text-sm text-slate-600">by {c.orderedBy.name}</span>
                      {last ? (
                        <span className="block text-sm font-semibold text-amber-900">
                          {last.kind === "rule-set-version" ? "Moved to a newer rule-set version" : `Amended (${changedFields(last.changes)})`},{" "}
                          {formatClock(last.signedAt, c.patient.unit.timeZone, now)}: version {version.current}, not yet verified
                          {version.verified !== null && c.weightVerifiedBy ? ` (version ${version.verified} was verified by ${c.weightVerifiedBy.name})` : ""}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-2">
                      <Link href={`/verifications/orders/${c.id}`} className="font-medium text-blue-800 underline">
                        Check order<span className="sr-only"> for {c.patient.familyName}, {c.patient.givenName}</span>
                      </Link>
                    </td>
                  </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="counts-heading">
        <h2 id="counts-heading" className="mb-2 text-lg font-semibold">
          Dose counts to verify ({counts.length})
        </h2>
        <p className="mb-2 text-sm text-slate-700">Courses whose dose events changed since their last count verification, longest waiting first.</p>
        {counts.length === 0 ? (
          <p>No dose counts are waiting.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className="w-full text-left">
              <caption className="sr-only">Courses whose dose counts need a pharmacist&apos;s verification</caption>
              <thead className="bg-slate-100 text-sm">
                <tr>
                  <th scope="col" className="px-3 py-2">Patient</th>
                  <th scope="col" className="px-3 py-2">Protocol</th>
                  <th scope="col" className="px-3 py-2">Why</th>
                  <th scope="col" className="px-3 py-2">Last verified</th>
                  <th scope="col" className="px-3 py-2"><span className="sr-only">Action</span></th>
                </tr>
              </thead>
              <tbody>
                {counts.map(({ course: c, due }) => {
                  const last = c.countVerifications[0];
                  const tz = c.patient.unit.timeZone;
                  return (
                    <tr key={c.id} className="border-t border-slate-200">
                      <td className="px-3 py-2">
                        <span className="font-semibold">
                          {c.patient.familyName}, {c.patient.givenName}
                        </span>
                        <span className="block text-sm text-slate-600">MRN {c.patient.mrn} · {c.patient.unit.name}</span>
                      </td>
                      <td className="px-3 py-2">{protocolLabel(c.protocol)}</td>
                      <td className="px-3 py-2">
                        {DUE_TEXT[due.reason]}
                        <span className="block text-sm text-slate-600">
                          {due.reason === "new-events" ? `${due.newEvents} new · ` : ""}latest event #{due.lastEventSequence}
                        </span>
                      </td>
                      <td className="px-3 py-2">
                        {last ? (
                          <>
                            <time dateTime={last.verifiedAt.toISOString()}>{formatClock(last.verifiedAt, tz, now)}</time>
                            <span className="block text-sm text-slate-600">
                              by {last.pharmacist.name}, through event #{last.lastEventSequence}
                              {last.countsMatch ? "" : " (with discrepancies)"}
                            </span>
                          </>
                        ) : (
                          "never"
                        )}
                      </td>
                      <td className="px-3 py-2">
                        <Link href={`/verifications/counts/${c.id}`} className="font-medium text-blue-800 underline">
                          Check counts<span className="sr-only"> for {c.patient.familyName}, {c.patient.givenName}</span>
                        </Link>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
