import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageSession } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { listWitnesses, loadCourseView } from "@/lib/db/queries/course-view";
import { courseForEngine, engineProtocol, eventsForEngine } from "@/lib/db/engine-request";
import { ASSESSMENT_FORM_FIELDS } from "@/lib/assessment-form";
import { formatClock, protocolLabel } from "@/lib/format";
import { toUnitLocalInput } from "@/lib/time";
import type { Assessment } from "@/lib/generated/prisma/client";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { DoseFigures } from "@/components/course/dose-figures";
import { DoseTimeline } from "@/components/course/dose-timeline";
import { DecisionPanel } from "@/components/decision/decision-panel";
import { AssessmentForm, type CarriedValues } from "@/components/dose/assessment-form";
import { DoseScreen } from "@/components/dose/dose-screen";
import { AmendCourseForm } from "@/components/course/amend-course-form";
import { CorrectionForm } from "@/components/course/correction-form";

export const metadata: Metadata = { title: "Course" };

function carriedFrom(a: Assessment | null, timeZone: string, now: Date): CarriedValues | null {
  if (!a) return null;
  const values: Record<string, string | string[]> = {};
  const row = a as unknown as Record<string, unknown>;
  for (const f of ASSESSMENT_FORM_FIELDS) {
    if (!f.carry) continue;
    const v = row[f.name];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length) values[f.name] = v.map(String);
    } else if (v instanceof Date) values[f.name] = toUnitLocalInput(v, timeZone);
    else if (typeof v === "boolean") values[f.name] = v ? "yes" : "no";
    else values[f.name] = String(v);
  }
  return { fromLabel: formatClock(a.takenAt, timeZone, now), values };
}

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const session = await requirePageSession("course:view");
  const { courseId } = await params;
  const now = new Date();
  const view = await loadCourseView(session, courseId, now);
  if (!view) notFound();
  const { course, decision, latestAssessment } = view;
  const tz = course.patient.unit.timeZone;
  const role = session.user.role;
  const active = course.doseEvents.filter((e) => e.status === "active");
  const lastActive = active.at(-1);
  const overrideActive = Boolean(
    lastActive && lastActive.kind === "held" && latestAssessment && lastActive.assessmentId === latestAssessment.id && lastActive.holdReviews.some((r) => r.outcome === "override"),
  );
  const witnesses = role === "nurse" ? await listWitnesses(course.patient.unitId, session.user.id) : [];
  const baseRequest = {
    protocol: engineProtocol(course.protocol),
    ruleSet: { id: course.ruleSetId, version: course.ruleSetVersion },
    course: courseForEngine(course),
    events: eventsForEngine(course.doseEvents),
  };
  const anchor = course.protocol === "til_adjunct" ? course.tilInfusionEndAt : course.startAt;

  return (
    <>
      <PageHeader title={`${course.patient.familyName}, ${course.patient.givenName}`}>
        <p className="text-slate-700">
          MRN {course.patient.mrn} · born {course.patient.birthDate.toISOString().slice(0, 10)} · {course.patient.unit.name}
        </p>
      </PageHeader>

      <section aria-labelledby="order-heading" className="mb-6 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="order-heading" className="mb-2 text-lg font-semibold">
          {protocolLabel(course.protocol)} course · rule set {course.ruleSetId} v{course.ruleSetVersion}
        </h2>
        {course.status === "ordered" ? (
          <div className="mb-3">
            <Alert tone="warning">Waiting for a pharmacist to verify the dosing weight and the dose: no dose can be recorded yet.</Alert>
          </div>
        ) : null}
        {course.status === "closed" ? (
          <div className="mb-3">
            <Alert tone="info">This course is closed.</Alert>
          </div>
        ) : null}
        <dl className="mb-3 grid grid-cols-2 gap-x-6 gap-y-1 sm:grid-cols-4">
          <div>
            <dt className="text-sm text-slate-600">Dosing weight (locked)</dt>
            <dd className="font-semibold">{course.dosingWeightKg.toString()} kg</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">Baseline weight</dt>
            <dd className="font-semibold">{course.baselineWeightKg.toString()} kg</dd>
          </div>
          <div>
            <dt className="text-sm text-slate-600">{course.protocol === "til_adjunct" ? "TIL infusion ended" : "Cycle 1 day 1"}</dt>
            <dd className="font-semibold">{anchor ? formatClock(anchor, tz, now) : "—"}</dd>
          </div>
          {course.protocol === "til_adjunct" ? (
            <div>
              <dt className="text-sm text-slate-600">SBP target</dt>
              <dd className="font-semibold">{course.targetSbpMmHg ?? 90} mmHg</dd>
            </div>
          ) : (
            <div>
              <dt className="text-sm text-slate-600">Cycle 2 go-ahead</dt>
              <dd className="font-semibold">{course.cycle2ApprovedAt ? `${course.cycle2ApprovedBy?.name ?? "attending"}, ${formatClock(course.cycle2ApprovedAt, tz, now)}` : "not yet"}</dd>
            </div>
          )}
        </dl>
        <DoseFigures dose={view.dose} />
        <p className="mt-2 text-sm text-slate-700">
          Ordered by {course.orderedBy.name}, {formatClock(course.orderedAt, tz, now)}
          {course.weightVerifiedBy && course.weightVerifiedAt ? ` · verified by ${course.weightVerifiedBy.name}, ${formatClock(course.weightVerifiedAt, tz, now)}` : ""}
          {` · version ${course.version}`}
        </p>
        {can(role, "course:order") && course.status !== "closed" ? (
          <AmendCourseForm
            courseId={course.id}
            version={course.version}
            dosingWeightKg={course.dosingWeightKg.toString()}
            baselineWeightKg={course.baselineWeightKg.toString()}
            targetSbpMmHg={course.targetSbpMmHg}
            til={course.protocol === "til_adjunct"}
            doseEventsExist={course.doseEvents.length > 0}
          />
        ) : null}
      </section>

      <section aria-labelledby="next-heading" className="mb-6 rounded-lg border-2 border-slate-400 bg-white p-4">
        <h2 id="next-heading" className="mb-2 text-lg font-semibold">
          Next dose — now
        </h2>
        {latestAssessment ? (
          <div className="mb-2 text-sm text-slate-700">
            <p>On the assessment of {formatClock(latestAssessment.takenAt, tz, now)} by {latestAssessment.recordedBy.name}.</p>
            {can(role, "record:mark-in-error") ? <CorrectionForm entityType="Assessment" entityId={latestAssessment.id} what="this assessment" /> : null}
          </div>
        ) : (
          <p className="mb-2 text-sm text-slate-700">No assessment recorded yet.</p>
        )}
        {decision ? (
          <DecisionPanel decision={decision} timeZone={tz} now={now} />
        ) : (
          <Alert tone="error">The stored data could not be evaluated. Record a new assessment; if this persists, call the pharmacist.</Alert>
        )}
        {role === "nurse" && course.status === "active" && decision && latestAssessment ? (
          <div className="mt-4">
            <DoseScreen
              courseId={course.id}
              assessmentId={latestAssessment.id}
              expectedSequence={(course.doseEvents.at(-1)?.sequence ?? 0) + 1}
              decision={decision}
              timeZone={tz}
              witnesses={witnesses}
              overrideActive={overrideActive}
              heldOnThisAssessment={Boolean(lastActive && lastActive.kind === "held" && lastActive.assessmentId === latestAssessment.id)}
            />
          </div>
        ) : null}
        {role === "attending" ? (
          <p className="mt-3">
            <Link href="/reviews" className="font-semibold text-blue-900 underline">
              Open the review queue
            </Link>
          </p>
        ) : null}
        {role === "pharmacist" ? (
          <p className="mt-3 flex flex-wrap gap-4">
            {course.status === "ordered" ? (
              <Link href={`/verifications/orders/${course.id}`} className="font-semibold text-blue-900 underline">
                Verify the order
              </Link>
            ) : null}
            {course.doseEvents.length ? (
              <Link href={`/verifications/counts/${course.id}`} className="font-semibold text-blue-900 underline">
                Check the dose count
              </Link>
            ) : null}
          </p>
        ) : null}
      </section>

      {can(role, "assessment:record") && course.status !== "closed" ? (
        <section aria-labelledby="assess-heading" className="mb-6">
          <h2 id="assess-heading" className="mb-3 text-lg font-semibold">
            Pre-dose assessment
          </h2>
          <AssessmentForm courseId={course.id} timeZone={tz} baseRequest={baseRequest} carried={carriedFrom(latestAssessment, tz, now)} />
        </section>
      ) : null}

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">
          Dose events
        </h2>
        <DoseTimeline view={view} canCorrect={can(role, "record:mark-in-error")} />
      </section>
    </>
  );
}
