import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageAccess } from "@/lib/auth/guards";
import { loadCourseReplay } from "@/lib/db/queries/replay";
import { alternativeKey, assumptionText, chooseAlternative, clockIn, replayAlternatives, replayCourse, replaySummary, ruleSetWords } from "@/lib/domain/replay";
import { engineProtocol } from "@/lib/domain/engine-request";
import { PageHeader } from "@/components/ui/page-header";
import { ReplayTimeline } from "@/components/replay/replay-timeline";

export const metadata: Metadata = { title: "Course replay" };

export default async function CourseReplayPage({ params, searchParams }: { params: Promise<{ courseId: string }>; searchParams: Promise<{ rules?: string | string[] }> }) {
  const { courseId } = await params;
  const { rules } = await searchParams;
  const session = await requirePageAccess("course:view", { page: "course-replay", id: courseId });
  const now = clock.now();
  const loaded = await loadCourseReplay(session.user.unitIds, courseId);
  if (!loaded) notFound();
  const { record, patient } = loaded;
  const tz = patient.unit.timeZone;
  const at = clockIn(tz, now);
  const own = { id: record.course.ruleSetId, version: record.course.ruleSetVersion, protocol: engineProtocol(record.course.protocol) };
  const options = replayAlternatives(record.course);
  const chosen = chooseAlternative(record.course, typeof rules === "string" ? rules : undefined);
  const result = chosen ? replayCourse(record, chosen) : null;
  const altWords = result ? ruleSetWords(result.alternative) : "";

  return (
    <>
      <PageHeader title={`Replay: ${patient.familyName}, ${patient.givenName}`}>
        <Link href={`/courses/${courseId}`} className="inline-flex min-h-11 items-center font-semibold text-blue-900 underline">
          Back to the course
        </Link>
      </PageHeader>
      <p className="mb-4 text-slate-800">
        MRN {patient.mrn} · {patient.unit.name}. This course was decided under <strong>{ruleSetWords(own)}</strong>. Here every recorded dose
        decision is replayed under other rules, on the same assessments, at the same moments. Times are on the clock of {patient.unit.name}.
        Nothing here changes the record.
      </p>

      <form method="get" action={`/courses/${courseId}/replay`} aria-label="Choose the rules to replay under" className="mb-6 flex flex-wrap items-end gap-3 rounded-lg border border-slate-300 bg-white p-3">
        <div className="flex flex-col">
          <label htmlFor="replay-rules" className="text-sm font-semibold">
            Replay under
          </label>
          <select id="replay-rules" name="rules" defaultValue={chosen ? alternativeKey(chosen) : undefined} className="mt-1 min-h-11 rounded-md border border-slate-500 bg-white px-2 text-base font-normal">
            {options.map((o) => (
              <option key={alternativeKey(o)} value={alternativeKey(o)}>
                {ruleSetWords(o)} — {o.protocol === own.protocol ? "another version of this course's rules" : "the other protocol's current rules"}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-md bg-blue-800 px-4 font-semibold text-white hover:bg-blue-900">Replay</button>
      </form>

      {!result ? (
        <p>No other rules are available to replay this course under.</p>
      ) : (
        <>
          <section aria-labelledby="summary-heading" className="mb-6 rounded-lg border-2 border-slate-400 bg-white p-4">
            <h2 id="summary-heading" className="mb-2 text-lg font-semibold">
              Under {altWords}
            </h2>
            <ul className="list-disc space-y-1 pl-5">
              {replaySummary(result, at).map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="assumptions-heading" className="mb-6 rounded-lg border border-slate-300 bg-white p-4">
            <h2 id="assumptions-heading" className="mb-2 text-lg font-semibold">
              What this replay assumes
            </h2>
            <ul className="list-disc space-y-1 pl-5">
              {result.assumptions.map((a) => (
                <li key={a.kind}>{assumptionText(a, altWords, at)}</li>
              ))}
            </ul>
          </section>

          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading" className="mb-2 text-lg font-semibold">
              Timeline: as recorded and under {altWords}
            </h2>
            <ReplayTimeline result={result} at={at} />
          </section>
        </>
      )}
    </>
  );
}
