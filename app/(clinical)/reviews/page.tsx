import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/guards";
import { listPendingReviews } from "@/lib/db/queries/courses";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const { user } = await requirePageSession("review:sign");
  const { denied } = await searchParams;
  const pending = await listPendingReviews(user.unitIds);
  return (
    <>
      <PageHeader title="Reviews waiting for you" />
      {denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}
      {pending.length === 0 ? (
        <p>No holds or stops are waiting for review.</p>
      ) : (
        <ul className="flex flex-col gap-3">
          {pending.map((e) => (
            <li key={e.id} className="rounded-lg border border-slate-300 bg-white p-4">
              <p className="font-semibold">
                {e.course.patient.familyName}, {e.course.patient.givenName} — dose {e.kind}
              </p>
              <p className="text-slate-700">Criteria: {e.criteria.join(", ") || "—"}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
