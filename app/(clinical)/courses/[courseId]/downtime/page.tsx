import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/guards";
import { loadDowntimePage } from "@/lib/db/queries/downtime";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { BackEntryForm } from "@/components/downtime/back-entry-form";
import { DowntimeEntries } from "@/components/downtime/downtime-entries";

export const metadata: Metadata = { title: "Doses given during a downtime" };

/**
 * Downtime back-entry (issue 14 item 3, docs/decisions/061-downtime-back-entry.md): a nurse enters each dose given or
 * held on paper while the system was down, with its real time and its paper assessment, co-signed by a second
 * clinician; the rules judge it at its time and a given dose they would not have given is flagged.
 */
export default async function DowntimePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const session = await requirePageAccess("dose:back-enter", { page: "course-downtime", id: courseId });
  const now = clock.now();
  const view = await loadDowntimePage(session.user.unitIds, courseId, session.user.id);
  if (!view) notFound();
  const tz = view.timeZone;
  return (
    <>
      <PageHeader title={`Doses given during a downtime — ${view.patientName}`}>
        <p className="text-slate-700">
          MRN {view.mrn} · {view.unitName} ·{" "}
          <Link href={`/courses/${view.courseId}`} className="font-semibold text-blue-900 underline">
            Back to the course
          </Link>
        </p>
      </PageHeader>
      <p className="mb-6">
        <Link href="/handoff" className="inline-flex min-h-11 items-center font-semibold text-blue-900 underline">
          Print the unit&apos;s current sheet
        </Link>
        <span className="block text-sm text-slate-700">Before or during a downtime: the paper sheet every nurse works from until the system is back.</span>
      </p>

      <section aria-labelledby="entry-heading" className="mb-8">
        <h2 id="entry-heading" className="mb-3 text-xl font-semibold">
          Enter a dose from the paper record
        </h2>
        {view.status !== "active" ? (
          <Alert tone="info">{view.status === "closed" ? "This course is closed: no more doses are entered on it." : "This course is not yet verified by a pharmacist: no dose can be entered."}</Alert>
        ) : (
          <BackEntryForm
            courseId={view.courseId}
            timeZone={tz}
            doseIu={view.doseIu}
            dosingWeightKg={view.dosingWeightKg}
            lastEventAt={view.lastEventAt}
            criteria={view.criteria}
            carry={view.carry}
            coSigners={view.coSigners}
          />
        )}
      </section>

      <section aria-labelledby="entries-heading">
        <h2 id="entries-heading" className="mb-3 text-xl font-semibold">
          Doses entered after downtime on this course
        </h2>
        <DowntimeEntries entries={view.entries} timeZone={tz} now={now} />
      </section>
    </>
  );
}
