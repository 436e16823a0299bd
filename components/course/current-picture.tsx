import type { CurrentPictureView } from "@/lib/views/assessment";
import { formatClock } from "@/lib/format";

/**
 * The current picture of the patient, read-only: the latest value of each field among the active assessments, with
 * its own time and the assessment it came from (decision 042). The decision on the page is made on exactly these
 * values; a value older than the latest assessment is marked, so no one reads it as just measured.
 */
export function CurrentPicture({ picture, timeZone, now }: { picture: CurrentPictureView; timeZone: string; now: Date }) {
  return (
    <section aria-labelledby="picture-heading" className="mb-6">
      <h2 id="picture-heading" className="mb-1 text-lg font-semibold">
        Current picture of the patient
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        The latest value of each field, each with its own time. The decision above is made on these values; a value from an earlier
        assessment is judged by its own time, and an old one is set aside as too old.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-400 text-left">
              <th scope="col" className="py-1 pr-4 font-semibold">Field</th>
              <th scope="col" className="py-1 pr-4 font-semibold">Value</th>
              <th scope="col" className="py-1 pr-4 font-semibold">Observed</th>
              <th scope="col" className="py-1 font-semibold">From</th>
            </tr>
          </thead>
          <tbody>
            {picture.fields.map((f) => (
              <tr key={f.field} className={`border-b border-slate-200 ${f.fromLatest ? "" : "bg-amber-50"}`}>
                <th scope="row" className="py-1 pr-4 text-left font-normal">
                  {f.label}
                  {f.unit ? <span className="text-slate-600"> ({f.unit})</span> : null}
                </th>
                <td className="py-1 pr-4 font-semibold">{f.display}</td>
                <td className="py-1 pr-4">
                  <time dateTime={f.observedAt.toISOString()}>{formatClock(f.observedAt, timeZone, now)}</time>
                </td>
                <td className="py-1 text-slate-700">
                  {f.fromLatest ? "latest assessment" : `earlier assessment of ${formatClock(f.assessmentTakenAt, timeZone, now)}`}
                  {` by ${f.recordedByName}`}
                  {f.carried ? " (carried)" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
