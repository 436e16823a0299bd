import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { requirePageSession } from "@/lib/auth/guards";
import { can } from "@/lib/auth/permissions";
import { loadBoard } from "@/lib/db/queries/board";
import { unitClocks } from "@/lib/db/queries/admin";
import { listAdmittedWithoutCourse } from "@/lib/db/queries/patients";
import { formatClock, protocolLabel } from "@/lib/format";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { eventKindLabel, parameterLabel, reasonText, upperFirst } from "@/lib/domain/vocabulary";
import { Countdown } from "@/components/board/countdown";
import { StatusBadge } from "@/components/board/status-badge";
import { doseStatusText, mayBeOverdue } from "@/lib/domain/status";
import { dischargeInErrorWords } from "@/lib/domain/admission";

export const metadata: Metadata = { title: "Unit board" };

export default async function BoardPage({ searchParams }: { searchParams: Promise<{ denied?: string }> }) {
  const { user } = await requirePageSession("course:view");
  const { denied } = await searchParams;
  const now = clock.now();
  const mayOrder = can(user.role, "course:order");
  const [rows, units, withoutCourse] = await Promise.all([
    loadBoard(user.unitIds, now),
    unitClocks(user.unitIds),
    mayOrder ? listAdmittedWithoutCourse(user.unitIds) : Promise.resolve([]),
  ]);
  return (
    <>
      <PageHeader title="Unit board">
        {can(user.role, "course:order") ? (
          <Link href="/courses/new" className="inline-flex min-h-11 items-center rounded-md bg-blue-700 px-4 font-semibold text-white hover:bg-blue-800">
            Order a course
          </Link>
        ) : null}
      </PageHeader>
      {denied ? <Alert tone="warning">That page is not part of your role.</Alert> : null}
      <p className="mb-3 text-sm text-slate-700" data-testid="board-units">
        {units.map((u) => `${u.name}: times in ${u.timeZone}`).join(" · ")}
      </p>
      {rows.length === 0 ? (
        <p>No open IL-2 courses on your units.</p>
      ) : (
        <ul className="grid gap-3" aria-label="Open IL-2 courses, next dose due first">
          {rows.map((r) => {
            const d = r.decision;
            const status = doseStatusText(r.doseStatus, r.unitTimeZone, now);
            const running = mayBeOverdue(r.doseStatus);
            return (
              <li key={r.courseId} className="rounded-lg border border-slate-300 bg-white p-4 shadow-sm">
                <div className="flex flex-wrap items-start justify-between gap-3">
                  <div>
                    <h2 className="text-lg font-bold">
                      <Link href={`/courses/${r.courseId}`} className="text-blue-900 underline underline-offset-2">
                        {r.patient.name}
                      </Link>
                    </h2>
                    <p className="text-sm text-slate-700">
                      MRN {r.patient.mrn} · {protocolLabel(r.protocol)}
                      {d ? ` · cycle ${d.counts.cycle}` : ""}
                    </p>
                  </div>
                  <div className="flex flex-col items-end gap-1 text-right">
                    <StatusBadge label={status.label} tone={status.tone} size="sm" />
                    <span className="max-w-xs text-sm text-slate-700">{status.detail}</span>
                  </div>
                </div>
                <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-4">
                  <div>
                    <dt className="text-sm text-slate-600">Dose</dt>
                    <dd className="font-semibold">
                      {d?.dose ? `${d.dose.number} of ${d.counts.maxPerCourse}` : d ? `${d.counts.givenInCourse} of ${d.counts.maxPerCourse} given` : "—"}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-sm text-slate-600">{r.doseStatus.kind === "not-yet" ? "Earliest" : "Next due"}</dt>
                    <dd>
                      {running && r.dueAt ? (
                        <>
                          <span className="font-semibold">{formatClock(r.dueAt, r.unitTimeZone, now)}</span>{" "}
                          <Countdown to={r.dueAt.toISOString()} serverNow={now.toISOString()} mayBeOverdue />
                        </>
                      ) : r.doseStatus.kind === "not-yet" && r.earliestAt ? (
                        <>
                          <span className="font-semibold">{formatClock(r.earliestAt, r.unitTimeZone, now)}</span>{" "}
                          <Countdown to={r.earliestAt.toISOString()} serverNow={now.toISOString()} mayBeOverdue={false} />
                        </>
                      ) : r.dueAt && !running && r.doseStatus.kind !== "complete" && r.doseStatus.kind !== "closed" ? (
                        <span>{formatClock(r.dueAt, r.unitTimeZone, now)}</span>
                      ) : d?.reason ? (
                        upperFirst(reasonText(d.reason))
                      ) : (
                        "—"
                      )}
                    </dd>
                  </div>
                  <div>
                    <dt className="text-sm text-slate-600">Last dose event</dt>
                    <dd>{r.lastEvent ? `#${r.lastEvent.sequence} ${eventKindLabel(r.lastEvent.kind, r.lastEvent.tier)}, ${formatClock(r.lastEvent.at, r.unitTimeZone, now)}` : "none yet"}</dd>
                  </div>
                  <div>
                    <dt className="text-sm text-slate-600">Assessment</dt>
                    <dd>
                      {r.latestAssessmentAt ? formatClock(r.latestAssessmentAt, r.unitTimeZone, now) : "none"}
                      {d && (d.stale.length > 0 || (d.decision === "incomplete" && d.missing.length > 0)) ? (
                        <span className="block text-sm font-semibold text-purple-900">
                          ⚠ {d.stale.length ? `stale: ${d.stale.map((s) => (s === "at" ? "vitals" : s === "labsAt" ? "labs" : parameterLabel(s))).join(", ")}` : `missing ${d.missing.length} value(s)`}
                        </span>
                      ) : null}
                    </dd>
                  </div>
                </dl>
                {r.waitingFor.length ? (
                  <p className="mt-2 text-sm font-semibold text-amber-900">
                    <span aria-hidden="true">◔ </span>Waiting for: {r.waitingFor.join(" · ")}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
      {withoutCourse.length ? (
        <section aria-labelledby="without-course" className="mt-8">
          <h2 id="without-course" className="mb-2 text-lg font-bold">
            Admitted without an IL-2 course
          </h2>
          <ul className="grid gap-2">
            {withoutCourse.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-4 py-2">
                <span>
                  <span className="font-semibold">{p.name}</span> <span className="text-sm text-slate-700">MRN {p.mrn}</span>
                  {p.dischargeCorrection ? (
                    <span className="block text-sm text-amber-900">
                      {dischargeInErrorWords({
                        dischargedAt: formatClock(p.dischargeCorrection.dischargedAt, p.timeZone, now),
                        at: formatClock(p.dischargeCorrection.at, p.timeZone, now),
                        byName: p.dischargeCorrection.byName,
                        reason: p.dischargeCorrection.reason,
                      })}
                    </span>
                  ) : null}
                </span>
                <Link href={`/courses/new?patientId=${p.id}`} className="inline-flex min-h-11 items-center text-blue-900 underline">
                  Order an IL-2 course for {p.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
