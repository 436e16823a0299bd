import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/guards";
import { loadCourseHandoff } from "@/lib/db/queries/handoff";
import { printedLine } from "@/lib/domain/handoff";
import { HandoffSheet } from "@/components/handoff/handoff-sheet";
import { PrintButton } from "@/components/handoff/print-button";

export const metadata: Metadata = { title: "Handoff sheet" };

/** One patient's handoff sheet: one printed page for the change of shift (issue 14, item 2). */
export default async function CourseHandoffPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const session = await requirePageAccess("course:view", { page: "course-handoff", id: courseId });
  const now = clock.now();
  const sheet = await loadCourseHandoff(session.user.unitIds, courseId, now);
  if (!sheet) notFound();
  return (
    <>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3 print:hidden">
        <p>
          <Link href={`/courses/${sheet.courseId}`} className="font-semibold text-blue-900 underline">
            Back to the course
          </Link>
          {" · "}
          <Link href="/handoff" className="font-semibold text-blue-900 underline">
            The unit&apos;s sheet
          </Link>
        </p>
        <PrintButton label="Print this sheet" />
      </div>
      <HandoffSheet sheet={sheet} printed={printedLine(now, sheet.timeZone, session.user.name)} now={now} headingLevel={1} />
    </>
  );
}
