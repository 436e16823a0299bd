import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/guards";
import { loadCountVerification } from "@/lib/db/queries/verifications";
import { formatClock, formatIu, protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { CountReport } from "@/components/verification/count-report";
import { CountVerificationForm } from "@/components/verification/count-verification-form";
import { AmendmentHistory } from "@/components/course/amendment-history";
import { listCourseAmendments } from "@/lib/db/queries/amendments";

export const metadata: Metadata = { title: "Verify dose counts" };

export default async function VerifyCountsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const session = await requirePageAccess("count:verify", { page: "count-verification", id: courseId });
  const now = clock.now();
  const view = await loadCountVerification(session.user.unitIds, courseId, now);
  if (!view) notFound();
  const { course, report, last, due, recordedBy } = view;
  const tz = course.patient.unit.timeZone;
  return (
    <>
      <PageHeader title={`Dose counts: ${course.patient.familyName}, ${course.patient.givenName}`}>
        <Link href="/verifications" className="font-medium text-blue-800 underline">
          Back to verifications
        </Link>
      </PageHeader>
      <p className="mb-4 text-slate-800">
        MRN {course.patient.mrn} · {course.patient.unit.name} · {protocolLabel(course.protocol)} ·{" "}
        <span className="font-mono">
          {course.ruleSetId} {course.ruleSetVersion}
        </span>{" "}
        · dosing weight {course.dosingWeightKg.toString()} kg · ordered dose {formatIu(report.expectedDoseIu)} · report as of{" "}
        <time dateTime={now.toISOString()}>{formatClock(now, tz, now)}</time>
      </p>
      {last ? (
        <p className="mb-4 text-slate-800">
          Last verified by {last.pharmacist.name} at <time dateTime={last.verifiedAt.toISOString()}>{formatClock(last.verifiedAt, tz, now)}</time>, through
          event #{last.lastEventSequence}
          {last.countsMatch ? ", counts matching." : `, with discrepancies${last.discrepancyNote ? `: “${last.discrepancyNote}”` : "."}`}
          {last.signatureMeaning ? ` Signed, meaning “${last.signatureMeaning}”.` : ""}
        </p>
      ) : null}

      <CountReport report={report} timeZone={tz} now={now} recordedBy={recordedBy} />

      <div className="mt-8 rounded-lg border border-slate-300 bg-white p-4">
        <AmendmentHistory amendments={await listCourseAmendments(course.id)} timeZone={tz} now={now} headingLevel={2} />
      </div>

      <section aria-labelledby="signoff-heading" className="mt-8 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="signoff-heading" className="mb-2 text-lg font-semibold">
          Sign-off
        </h2>
        {report.lastEventSequence === 0 ? (
          <p>No dose event has been recorded yet: there are no counts to verify.</p>
        ) : !due.due ? (
          <Alert tone="info">These counts are already verified through event #{report.lastEventSequence}; nothing has changed since.</Alert>
        ) : (
          <CountVerificationForm
            courseId={course.id}
            lastEventSequence={report.lastEventSequence}
            enteredInErrorCount={report.enteredInErrorCount}
            discrepancyCount={report.discrepancies.length}
          />
        )}
      </section>
    </>
  );
}
