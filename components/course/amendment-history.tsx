import { formatClock } from "@/lib/format";
import { AMENDABLE_FIELD_LABEL, type CourseAmendmentChange, type CourseAmendmentView } from "@/lib/views/course-amendment";

function valueText(change: CourseAmendmentChange, value: string | null): string {
  if (value === null) return "not set";
  const unit = AMENDABLE_FIELD_LABEL[change.field].unit;
  return unit ? `${value} ${unit}` : value;
}

/**
 * The order's amendment history: each signed change with its before → after values, the reason, who signed and
 * when (on the unit's clock). A server component; the course page and the pharmacist's count report show it.
 */
export function AmendmentHistory({ amendments, timeZone, now, headingLevel = 3 }: { amendments: CourseAmendmentView[]; timeZone: string; now: Date; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section aria-labelledby="amendments-heading" className="mt-4">
      <Heading id="amendments-heading" className="mb-2 font-semibold">
        Amendments to the order
      </Heading>
      {amendments.length === 0 ? (
        <p className="text-sm text-slate-700">The order has not been amended.</p>
      ) : (
        <ol className="flex flex-col gap-3">
          {amendments.map((a, i) => (
            <li key={a.id} className="rounded border border-slate-300 bg-slate-50 p-3">
              <p className="text-sm text-slate-700">
                {a.kind === "rule-set-version" ? "Rule-set version moved" : "Order amended"} · order version {i + 2}
                {a.sentForVerification ? " · sent back to the pharmacist for verification" : ""}
              </p>
              <ul className="my-1">
                {a.changes.map((c) => (
                  <li key={c.field}>
                    <span className="font-medium">{AMENDABLE_FIELD_LABEL[c.field].label}:</span> {valueText(c, c.before)} → <span className="font-semibold">{valueText(c, c.after)}</span>
                  </li>
                ))}
              </ul>
              <p>
                <span className="font-medium">Reason:</span> {a.reason}
              </p>
              <p className="text-sm text-slate-700">
                Signed by {a.signedByName}, <time dateTime={a.signedAt}>{formatClock(new Date(a.signedAt), timeZone, now)}</time> — “{a.signatureMeaning}”
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
