import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/guards";
import { listCycle2Queue, listRecentSignatures, listReviewQueueByCourse } from "@/lib/db/queries/reviews";
import { CYCLE2_MEANING } from "@/lib/domain/review";
import { eventKindLabel, outcomeLabel } from "@/lib/domain/vocabulary";
import { protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { ReviewStatusProvider } from "@/components/review/review-status";
import { ReviewItem } from "@/components/review/review-item";
import { Cycle2Item } from "@/components/review/cycle2-item";
import { SignatureLine } from "@/components/review/signature-line";

export const metadata: Metadata = { title: "Reviews" };

export default async function ReviewsPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const session = await requirePageAccess("review:sign", { page: "review-queue" });
  const { denied } = await searchParams;
  const now = clock.now();
  const [groups, cycle2, recent] = await Promise.all([
    listReviewQueueByCourse(session.user.unitIds),
    listCycle2Queue(session.user.unitIds, now),
    listRecentSignatures(session.user.unitIds, now),
  ]);
  const count = groups.reduce((n, g) => n + g.items.length, 0);
  return (
    <ReviewStatusProvider>
      <PageHeader title="Reviews waiting for you" />
      {denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}

      <section aria-labelledby="holds-heading" className="mt-4">
        <h2 id="holds-heading" className="mb-1 text-2xl font-bold">
          Holds, stops, judgment findings and doses given during downtime ({count})
        </h2>
        <p className="mb-3 text-slate-700">
          One group per patient&apos;s course, the longest waiting first; inside it, by dose. Each item says what it blocks and what clears it.
          Times are in each patient&apos;s unit time zone.
        </p>
        {groups.length === 0 ? (
          <p>No holds, stops or judgment findings are waiting for review on your units.</p>
        ) : (
          <ol className="flex flex-col gap-8">
            {groups.map((g) => (
              <li key={g.course.id}>
                <section aria-labelledby={`course-${g.course.id}`} className="rounded-lg border-2 border-slate-300 bg-slate-50 p-3">
                  <h3 id={`course-${g.course.id}`} className="text-2xl font-bold">
                    {g.patient.familyName}, {g.patient.givenName}{" "}
                    <span className="text-lg font-normal">
                      (MRN {g.patient.mrn}) · {protocolLabel(g.course.protocol)} · {g.items.length === 1 ? "1 item" : `${g.items.length} items`}
                    </span>
                  </h3>
                  <ol className="mt-3 flex flex-col gap-4" aria-label={`Items for ${g.patient.familyName}, ${g.patient.givenName}, by dose`}>
                    {g.items.map((item) => (
                      <li key={item.event.id}>
                        <ReviewItem item={item} now={now} />
                      </li>
                    ))}
                  </ol>
                </section>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="cycle2-heading" className="mt-10">
        <h2 id="cycle2-heading" className="mb-1 text-2xl font-bold">
          Monotherapy courses waiting for a cycle-2 go-ahead ({cycle2.length})
        </h2>
        {cycle2.length === 0 ? (
          <p>No monotherapy course on your units is waiting for a cycle-2 go-ahead.</p>
        ) : (
          <ol className="mt-3 flex flex-col gap-6">
            {cycle2.map((item) => (
              <li key={item.course.id}>
                <Cycle2Item item={item} now={now} />
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="recent-heading" className="mt-10">
        <h2 id="recent-heading" className="mb-1 text-2xl font-bold">
          Signed on your units in the last 24 hours
        </h2>
        {recent.length === 0 ? (
          <p>Nothing signed in the last 24 hours.</p>
        ) : (
          <ul className="mt-2 flex flex-col gap-2">
            {recent.map((r) => (
              <li key={r.id} className="rounded-md border border-slate-200 bg-white px-3 py-2">
                <p className="font-semibold">
                  {r.patient.familyName}, {r.patient.givenName} (MRN {r.patient.mrn}) —{" "}
                  {r.kind === "review" ? `${outcomeLabel(r.outcome)} — on a dose event recorded as ${eventKindLabel(r.eventKind)}, cycle ${r.cycle}` : "cycle 2 go-ahead"}
                </p>
                <SignatureLine name={r.signerName} signedAt={r.signedAt} meaning={r.kind === "review" ? r.meaning : CYCLE2_MEANING} timeZone={r.timeZone} now={now} />
                {r.kind === "review" && r.reason ? <p className="text-sm">Reason: {r.reason}</p> : null}
                {r.kind === "cycle-2" && r.note ? <p className="text-sm">Note: {r.note}</p> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </ReviewStatusProvider>
  );
}
