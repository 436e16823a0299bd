import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { listWitnesses, loadCourseView } from "@/lib/db/queries/course-view";
import { courseForEngine, engineProtocol, eventsForEngine } from "@/lib/domain/engine-request";
import { formatClock, protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { DoseFigures } from "@/components/course/dose-figures";
import { DoseTimeline } from "@/components/course/dose-timeline";
import { DecisionPanel } from "@/components/decision/decision-panel";
import { AssessmentForm } from "@/components/dose/assessment-form";
import { DoseScreen } from "@/components/dose/dose-screen";
import { AmendCourseForm } from "@/components/course/amend-course-form";
import { AmendmentHistory } from "@/components/course/amendment-history";
import { MoveRuleSetForm } from "@/components/course/move-rule-set-form";
import { listCourseAmendments } from "@/lib/db/queries/amendments";
import { moveBlocker, newerVersionOf } from "@/lib/domain/course-order";
import type { Role } from "@/lib/auth/permissions";
import { CorrectionForm } from "@/components/course/correction-form";
import { CurrentPicture } from "@/components/course/current-picture";
import { courseDoseStatus, courseNeedsAttendingReview, doseStatusText, orderVersionStatus, orderVersionText } from "@/lib/domain/status";
import { doseCountText, doseSchedule } from "@/lib/domain/dose-schedule";
import { ScheduleGrid } from "@/components/course/schedule-grid";
import { correctableRecordIds } from "@/lib/domain/correction";
import { CourseLinks } from "@/components/course/course-links";
import { downtimeStopAwaitingAttending, downtimeStopText } from "@/lib/domain/downtime-stop";
import { CourseTrends } from "@/components/course/trends";

export const metadata: Metadata = { title: "Course" };

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const session = await requirePageAccess("course:view", { page: "course", id: courseId });
  const now = clock.now();
  const view = await loadCourseView(session.user.unitIds, courseId, now);
  if (!view) notFound();
  const { course, decision, latestAssessment } = view;
  const tz = course.patient.unit.timeZone;
  const role = session.user.role;
  const witnesses = role === "nurse" ? await listWitnesses(course.patient.unitId, session.user.id) : [];
  const baseRequest = {
    protocol: engineProtocol(course.protocol),
    ruleSet: { id: course.ruleSetId, version: course.ruleSetVersion },
    course: courseForEngine(course),
    events: eventsForEngine(course.doseEvents),
  };
  const schedule = doseSchedule({ course, events: course.doseEvents, decision });
  const anchor = course.protocol === "til_adjunct" ? course.tilInfusionEndAt : course.startAt;
  // issue 10: the correction form only where the action would accept it (lib/domain/correction.ts)
  // a stop the rules found on a dose given during a downtime: no dose until an attending has reviewed it (decision 061)
  const downtimeStop = downtimeStopAwaitingAttending(course.doseEvents);
  const correctable = correctableRecordIds({ id: session.user.id, role }, course.doseEvents, latestAssessment ? [latestAssessment] : [], now, tz);

  return (
    <>
      <PageHeader title={`${course.patient.familyName}, ${course.patient.givenName}`}>
        <p className="text-slate-700">
          MRN {course.patient.mrn} · born {course.patient.birthDate.toISOString().slice(0, 10)} · {course.patient.unit.name}
        </p>
      </PageHeader>

      <CourseLinks courseId={course.id} canBackEnter={course.status === "active" && can(role, "dose:back-enter")} />

      <OrderSection course={course} anchor={anchor} dose={view.dose} role={role} now={now} />

      <section aria-labelledby="next-heading" className="mb-6 rounded-lg border-2 border-slate-400 bg-white p-4">
        <h2 id="next-heading" className="mb-2 text-lg font-semibold">
          {doseStatusText(courseDoseStatus({ course, events: course.doseEvents, decision, actions: view.actions, hasAssessment: latestAssessment !== null, now }), tz, now).label}
        </h2>
        {latestAssessment ? (
          <div className="mb-2 text-sm text-slate-700">
            <p>
              Decided on the latest value of each field, each by its own time:{" "}
              <a href="#picture-heading" className="font-semibold text-blue-900 underline">
                current picture of the patient
              </a>
              . Latest assessment {formatClock(latestAssessment.takenAt, tz, now)} by {latestAssessment.recordedBy.name}.
            </p>
            {correctable.has(latestAssessment.id) ? <CorrectionForm entityType="Assessment" entityId={latestAssessment.id} what="this assessment" /> : null}
          </div>
        ) : (
          <p className="mb-2 text-sm text-slate-700">No assessment recorded yet.</p>
        )}
        {downtimeStop ? (
          <div className="mb-3">
            <Alert tone="error">{downtimeStopText(downtimeStop, tz, now)}</Alert>
          </div>
        ) : null}
        {downtimeStop ? null : decision ? (
          <DecisionPanel
            decision={decision}
            timeZone={tz}
            now={now}
            needsReview={courseNeedsAttendingReview({ course, events: course.doseEvents, decision, actions: view.actions })}
            doseCount={doseCountText(schedule)}
          />
        ) : (
          <Alert tone="error">The stored data could not be evaluated. Record a new assessment; if this persists, call the pharmacist.</Alert>
        )}
        {role === "nurse" && course.status === "active" && decision && view.actions && latestAssessment && !downtimeStop ? (
          <div className="mt-4">
            <DoseScreen
              courseId={course.id}
              assessmentId={latestAssessment.id}
              expectedSequence={(course.doseEvents.at(-1)?.sequence ?? 0) + 1}
              decision={decision}
              timeZone={tz}
              witnesses={witnesses}
              actions={view.actions}
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
          <AssessmentForm courseId={course.id} timeZone={tz} baseRequest={baseRequest} carry={view.carry} picture={view.pictureRequest} />
        </section>
      ) : null}

      {view.picture ? <CurrentPicture picture={view.picture} timeZone={tz} now={now} /> : null}
      <ScheduleGrid schedule={schedule} timeZone={tz} now={now} />
      <CourseTrends course={course} assessments={view.assessments} events={course.doseEvents} timeZone={tz} now={now} />

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading" className="mb-3 text-lg font-semibold">
          Dose events
        </h2>
        <DoseTimeline events={view.timeline} timeZone={tz} now={now} canCorrect={(id) => correctable.has(id)} />
      </section>
    </>
  );
}

type CourseViewData = NonNullable<Awaited<ReturnType<typeof loadCourseView>>>;

/**
 * The order: what was ordered under which rule-set version, whether a newer version exists, the attending's
 * amendment and move forms, and the signed amendment history.
 */
async function OrderSection({ course, anchor, dose, role, now }: { course: CourseViewData["course"]; anchor: Date | null; dose: CourseViewData["dose"]; role: Role; now: Date }) {
  const tz = course.patient.unit.timeZone;
  const amendments = await listCourseAmendments(course.id);
  const newer = newerVersionOf(course.ruleSetId, course.ruleSetVersion);
  const open = course.status !== "closed";
  const blocker = newer
    ? moveBlocker({ protocol: engineProtocol(course.protocol), targetSbpMmHg: course.targetSbpMmHg, doseIuPerKg: course.doseIuPerKg }, newer)
    : null;
  const lastAmendment = amendments.at(-1);
  const movedAwaitingVerification = course.status === "ordered" && lastAmendment?.kind === "rule-set-version";
  return (
    <section aria-labelledby="order-heading" className="mb-6 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="order-heading" className="mb-2 text-lg font-semibold">
        {protocolLabel(course.protocol)} course
      </h2>
      <p className="mb-2">
        <span className="font-medium">
          Rule set {course.ruleSetId} version {course.ruleSetVersion}
          {course.status === "ordered" ? ", not yet verified by a pharmacist" : ""}.
        </span>
        {newer ? ` A newer version, ${newer.version}, exists.` : ""}
      </p>
      {course.status === "ordered" ? (
        <div className="mb-3">
          <Alert tone="warning">
            {movedAwaitingVerification
              ? `Moved to version ${course.ruleSetVersion}, not yet verified by a pharmacist: no dose can be recorded until a pharmacist verifies the order again.`
              : "Waiting for a pharmacist to verify the dosing weight and the dose: no dose can be recorded yet."}
          </Alert>
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
            <dd className="font-semibold">{course.targetSbpMmHg === null ? "not set (the rule set's default applies)" : `${course.targetSbpMmHg} mmHg`}</dd>
          </div>
        ) : (
          <div>
            <dt className="text-sm text-slate-600">Cycle 2 go-ahead</dt>
            <dd className="font-semibold">{course.cycle2ApprovedAt ? `${course.cycle2ApprovedBy?.name ?? "attending"}, ${formatClock(course.cycle2ApprovedAt, tz, now)}` : "not yet"}</dd>
          </div>
        )}
        <div>
          <dt className="text-sm text-slate-600">Dose per kg</dt>
          <dd className="font-semibold">{course.doseIuPerKg.toLocaleString("en-US")} IU/kg</dd>
        </div>
      </dl>
      <DoseFigures dose={dose} />
      <p className="mt-2 text-sm text-slate-700">
        Ordered by {course.orderedBy.name}, {formatClock(course.orderedAt, tz, now)}
        {orderVersionText(
          orderVersionStatus({ courseStatus: course.status, weightVerifiedAt: course.weightVerifiedAt, amendments }),
          course.weightVerifiedBy && course.weightVerifiedAt ? { name: course.weightVerifiedBy.name, at: course.weightVerifiedAt } : null,
          tz,
          now,
        )}
      </p>
      {can(role, "course:order") && open ? (
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
      {can(role, "course:order") && open && newer ? (
        <MoveRuleSetForm courseId={course.id} version={course.version} ruleSetId={course.ruleSetId} from={course.ruleSetVersion} to={newer.version} blocker={blocker?.message ?? null} />
      ) : null}
      <AmendmentHistory amendments={amendments} timeZone={tz} now={now} />
    </section>
  );
}
