import Link from "next/link";
import type { HandoffSheet as Sheet } from "@/lib/views/handoff";
import { formatClock, formatIu } from "@/lib/format";
import { StatusBadge } from "@/components/board/status-badge";

const WHO_MARK: Record<Sheet["waits"][number]["who"], string> = { Attending: "◔", Pharmacist: "◔", Nurse: "▸" };

/**
 * One patient's handoff sheet (lib/domain/handoff.ts): on screen a section of the page, on paper one page, headed
 * with when it was printed and by whom. `headingLevel` 1 on the course's own sheet, 2 on the unit's.
 */
export function HandoffSheet({ sheet, printed, now, headingLevel = 2, linkToCourse = false }: { sheet: Sheet; printed: string; now: Date; headingLevel?: 1 | 2; linkToCourse?: boolean }) {
  const tz = sheet.timeZone;
  const at = (d: Date) => formatClock(d, tz, now);
  const id = `sheet-${sheet.courseId}`;
  const H = headingLevel === 1 ? "h1" : "h2";
  const Sub = headingLevel === 1 ? "h2" : "h3";
  return (
    <article aria-labelledby={id} className="handoff-sheet mb-8 rounded-lg border border-slate-300 bg-white p-4" data-testid="handoff-sheet">
      <p className="handoff-printed mb-2 border-b border-slate-300 pb-1 text-sm text-slate-700">{printed}</p>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <H id={id} className={headingLevel === 1 ? "text-2xl font-bold" : "text-xl font-bold"}>
            {linkToCourse ? (
              <Link href={`/courses/${sheet.courseId}`} className="text-blue-900 underline underline-offset-2">
                {sheet.patient.name}
              </Link>
            ) : (
              sheet.patient.name
            )}
          </H>
          <p className="text-slate-800">
            MRN {sheet.patient.mrn} · born {sheet.patient.birthDate} · {sheet.patient.unitName}
          </p>
          <p className="text-sm text-slate-700">{sheet.protocol}</p>
        </div>
        <StatusBadge label={sheet.status.label} tone={sheet.status.tone} size="sm" />
      </div>

      <dl className="mt-3 grid grid-cols-2 gap-x-4 gap-y-2 md:grid-cols-4">
        <div>
          <dt className="text-sm text-slate-600">Dose</dt>
          <dd className="font-semibold">{sheet.doseOfCount}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Next due</dt>
          <dd className="font-semibold">{sheet.nextDue.at ? <time dateTime={sheet.nextDue.at.toISOString()}>{sheet.nextDue.text}</time> : sheet.nextDue.text}</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Dosing weight (kg)</dt>
          <dd className="font-semibold">{sheet.dosingWeightKg} kg</dd>
        </div>
        <div>
          <dt className="text-sm text-slate-600">Dose (IU)</dt>
          <dd className="font-semibold">
            {sheet.doseIu === null ? "unknown rule set" : formatIu(sheet.doseIu)}
            <span className="block text-sm font-normal text-slate-700">{sheet.doseIuPerKg.toLocaleString("en-US")} IU/kg</span>
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-sm text-slate-800">
        {sheet.doseCount}. {sheet.status.detail}
      </p>
      {sheet.restsOn ? (
        <p className="mt-1 text-sm font-semibold text-slate-900" data-testid="handoff-rests-on">
          {sheet.restsOn.text}
        </p>
      ) : null}
      {sheet.holdLimits.length ? (
        <p className="mt-1 text-sm text-slate-800" data-testid="handoff-hold-limits">
          <span className="font-semibold">Hold limits of this course (its rule set):</span> {sheet.holdLimits.join("; ")}.
        </p>
      ) : null}

      <Sub className="mt-4 mb-1 text-lg font-semibold">What waits for whom</Sub>
      {sheet.waits.length ? (
        <ul className="grid gap-1">
          {sheet.waits.map((w, i) => (
            <li key={i}>
              <span aria-hidden="true">{WHO_MARK[w.who]} </span>
              <span className="font-semibold">{w.who}:</span> {w.what}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing waits for anyone.</p>
      )}

      <Sub className="mt-4 mb-1 text-lg font-semibold">Active findings</Sub>
      {sheet.findings.length ? <p className="mb-1 text-sm text-slate-700">{sheet.findingsFrom}.</p> : null}
      {sheet.findings.length ? (
        <ul className="grid gap-1">
          {sheet.findings.map((f) => (
            <li key={f.criterion}>
              <span className="font-semibold">{f.criterion}</span> — {f.tier}: {f.detail}
              {f.judgment ? <span className="font-semibold"> (judgment: an attending must look)</span> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{sheet.noFindings}</p>
      )}

      <Sub className="mt-4 mb-1 text-lg font-semibold">Last dose events</Sub>
      {sheet.lastEvents.length ? (
        <table className="w-full table-fixed border-collapse text-sm">
          <caption className="sr-only">The latest dose events, newest first</caption>
          <thead>
            <tr className="border-b border-slate-400 text-left">
              <th scope="col" className="w-[22%] py-1 pr-2">Time</th>
              <th scope="col" className="w-[26%] py-1 pr-2">Event</th>
              <th scope="col" className="py-1 pr-2">Why</th>
              <th scope="col" className="w-[28%] py-1">Review</th>
            </tr>
          </thead>
          <tbody>
            {sheet.lastEvents.map((e) => (
              <tr key={e.sequence} className="border-b border-slate-200 align-top">
                <td className="py-1 pr-2">
                  <time dateTime={e.at.toISOString()}>{at(e.at)}</time>
                  <span className="block text-slate-700">by {e.recordedByName}</span>
                </td>
                <td className="py-1 pr-2 break-words">
                  <span className="font-semibold">
                    {e.dose} {e.what}
                  </span>
                  {e.doseIu !== null ? <span className="block">{formatIu(e.doseIu)}</span> : null}
                  {e.downtime ? <span className="block italic">{e.downtime}</span> : null}
                  {e.downtimeFlag ? (
                    <span className="block font-semibold text-amber-900">
                      <span aria-hidden="true">⚠ </span>
                      Flagged: {e.downtimeFlag}
                    </span>
                  ) : null}
                </td>
                <td className="py-1 pr-2 break-words">{e.reasons.length ? e.reasons.join("; ") : "—"}</td>
                <td className="py-1 break-words">
                  {e.waitsFor ? <span aria-hidden="true">◔ </span> : null}
                  {e.review}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No dose event recorded yet.</p>
      )}
      {sheet.olderEvents ? <p className="text-sm text-slate-700">{sheet.olderEvents} earlier event(s) are on the course page.</p> : null}

      <div className="mt-4 grid gap-4 md:grid-cols-2">
        <div>
          <Sub className="mb-1 text-lg font-semibold">Pressors</Sub>
          <ValueList values={sheet.pressors} at={at} empty="No pressor value recorded." />
        </div>
        <div>
          <Sub className="mb-1 text-lg font-semibold">Latest values</Sub>
          {sheet.latestAssessment ? (
            <p className="mb-1 text-sm text-slate-700">
              Latest assessment {at(sheet.latestAssessment.at)} by {sheet.latestAssessment.byName}; each value with its own time.
            </p>
          ) : null}
          <ValueList values={sheet.values} at={at} empty="No assessment recorded yet." />
        </div>
      </div>
    </article>
  );
}

function ValueList({ values, at, empty }: { values: Sheet["values"]; at: (d: Date) => string; empty: string }) {
  if (!values.length) return <p>{empty}</p>;
  return (
    <dl className="grid gap-0.5 text-sm">
      {values.map((v) => (
        <div key={v.label} className="flex flex-wrap gap-x-2">
          <dt className="text-slate-700">{v.label}:</dt>
          <dd>
            <span className="font-semibold">{v.value}</span>, <time dateTime={v.observedAt.toISOString()}>{at(v.observedAt)}</time>
          </dd>
        </div>
      ))}
    </dl>
  );
}
