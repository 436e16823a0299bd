import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/guards";
import { loadOrderVerification } from "@/lib/db/queries/verifications";
import { formatClock } from "@/lib/format";
import { courseStatusLabel } from "@/lib/domain/vocabulary";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { OrderFigures } from "@/components/verification/order-figures";
import { OrderVerificationForm } from "@/components/verification/order-verification-form";

export const metadata: Metadata = { title: "Verify order" };

export default async function VerifyOrderPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const session = await requirePageAccess("course:verify-order", { page: "order-verification", id: courseId });
  const now = clock.now();
  const view = await loadOrderVerification(session.user.unitIds, courseId);
  if (!view) notFound();
  const { course } = view;
  const tz = course.patient.unit.timeZone;
  return (
    <>
      <PageHeader title={`Verify order: ${course.patient.familyName}, ${course.patient.givenName}`}>
        <Link href="/verifications" className="font-medium text-blue-800 underline">
          Back to verifications
        </Link>
      </PageHeader>
      <div className="grid gap-8 lg:grid-cols-2">
        <OrderFigures view={view} now={now} />
        <section aria-labelledby="check-heading" className="rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="check-heading" className="mb-2 text-lg font-semibold">
            Your check
          </h2>
          {course.status === "ordered" ? (
            <>
              <p className="mb-4 text-slate-800">
                Enter the dosing weight from the source record and the dose you computed yourself. Both must equal the order&apos;s figures
                exactly; only then can doses be recorded.
              </p>
              <OrderVerificationForm courseId={course.id} />
            </>
          ) : course.weightVerifiedAt ? (
            <Alert tone="success">
              Verified by {course.weightVerifiedBy?.name ?? "a pharmacist"} at{" "}
              <time dateTime={course.weightVerifiedAt.toISOString()}>{formatClock(course.weightVerifiedAt, tz, now)}</time>
              {course.weightVerificationMeaning ? `, signed meaning “${course.weightVerificationMeaning}”` : ""}. The course is {courseStatusLabel(course.status)}.
            </Alert>
          ) : (
            <Alert tone="info">This course is {courseStatusLabel(course.status)}. There is no order to verify.</Alert>
          )}
        </section>
      </div>
    </>
  );
}
