import type { Metadata } from "next";
import { requirePageAccess } from "@/lib/auth/guards";
import { loadQualityView } from "@/lib/db/queries/quality";
import { qualityQuery, readQualityFilters, withoutTypedReasons } from "@/lib/views/quality";
import { PageHeader } from "@/components/ui/page-header";
import { Alert } from "@/components/ui/alert";
import { QualityFigures } from "@/components/quality/quality-figures";

export const metadata: Metadata = { title: "Quality: TIL vs monotherapy" };

const input = "mt-1 block min-h-11 w-full rounded-md border border-slate-500 bg-white px-3";

export default async function QualityPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePageAccess("quality:view", { page: "quality" });
  const filters = readQualityFilters(await searchParams);
  const view = await loadQualityView(session.user.unitIds, filters);
  const filtered = Boolean(filters.unit || filters.protocol || filters.from || filters.to);
  const unitNames = view.units.map((u) => u.name).join(", ");
  const counted = view.figures.courses.length;

  return (
    <>
      <PageHeader title="Quality: TIL vs monotherapy" />
      <p className="-mt-3 mb-4 max-w-3xl text-sm text-slate-700">
        The unit&apos;s own courses, counted the same way for both protocols: how many doses were given, how many courses reached the rule
        set&apos;s maximum, which criteria held doses, why IL-2 was stopped, and how soon after the cells the first dose came. No patient is
        named here or in the download: a course is a numbered row, with its start month.
      </p>
      <p className="mb-4 max-w-3xl text-sm text-slate-700">
        {view.units.length === 0 ? (
          <>You are assigned to no unit, so there are no courses to count. {session.user.role === "admin" ? "Choose your units under Administration → People." : "Ask an administrator to assign you to your unit."}</>
        ) : (
          <>
            Courses of patients now on your unit{view.units.length === 1 ? "" : "s"}: <span className="font-semibold">{unitNames}</span>.
            {session.user.role === "admin"
              ? " As an administrator you see the units you are assigned to, like every role (you choose your own units under Administration → People); never another unit's courses."
              : ""}
          </>
        )}
      </p>

      {filters.unit && !view.units.some((u) => u.id === filters.unit) ? (
        <Alert tone="warning">The unit asked for is not one of your units: no course is counted. Choose one of yours below.</Alert>
      ) : null}
      <form method="get" action="/quality" aria-label="Filter the courses" className="mb-4 grid gap-3 rounded-lg border border-slate-300 bg-white p-3 sm:grid-cols-2 lg:grid-cols-4">
        <label className="text-sm font-medium">
          Unit
          <select name="unit" defaultValue={filters.unit} className={input}>
            <option value="">All my units</option>
            {view.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        </label>
        <label className="text-sm font-medium">
          Protocol
          <select name="protocol" defaultValue={filters.protocol} className={input}>
            <option value="">Both protocols</option>
            <option value="til_adjunct">After TIL (TIL-adjunct)</option>
            <option value="monotherapy">Monotherapy</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Start from (YYYY-MM-DD)
          <input type="text" name="from" inputMode="numeric" pattern="\d{4}-\d{2}-\d{2}" placeholder="YYYY-MM-DD" autoComplete="off" defaultValue={filters.from} className={input} />
        </label>
        <label className="text-sm font-medium">
          Start to, inclusive (YYYY-MM-DD)
          <input type="text" name="to" inputMode="numeric" pattern="\d{4}-\d{2}-\d{2}" placeholder="YYYY-MM-DD" autoComplete="off" defaultValue={filters.to} className={input} />
        </label>
        <p className="text-xs text-slate-700 sm:col-span-2 lg:col-span-4">
          A course&apos;s start is the end of the TIL cell infusion (after TIL) or the first dose of cycle 1 (monotherapy), on its unit&apos;s clock.
          Orders still waiting for the pharmacist are not counted.
        </p>
        <div className="flex flex-wrap items-end gap-2 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="min-h-11 rounded-md bg-blue-800 px-4 font-semibold text-white hover:bg-blue-900">Show</button>
          {filtered ? <a href="/quality" className="inline-flex min-h-11 items-center px-3 text-blue-800 underline">Clear the filters</a> : null}
          <a href={`/quality/export${qualityQuery(filters)}`} download className="inline-flex min-h-11 items-center rounded-md border border-blue-800 px-4 font-semibold text-blue-900 hover:bg-blue-50">
            Download CSV (one row per course{filtered ? ", these filters" : ""})
          </a>
        </div>
      </form>

      <p className="mb-6 text-sm" role="status">
        {counted === 0 ? "No course matches." : `${counted} course${counted === 1 ? "" : "s"} counted${filtered ? " (filtered)" : ""}.`}
      </p>

      <QualityFigures protocols={session.user.role === "admin" ? withoutTypedReasons(view.figures.protocols) : view.figures.protocols} />

      <section aria-labelledby="definitions" className="mt-8 max-w-3xl text-sm">
        <h2 id="definitions" className="mb-2 text-lg font-semibold">How each figure is counted</h2>
        <dl className="space-y-2">
          <div><dt className="font-semibold">Courses</dt><dd>Verified courses whose start falls in the period; open ones are still running, so their figures may grow.</dd></div>
          <div><dt className="font-semibold">Doses given per course</dt><dd>Given dose events of each course. Median, and the interquartile range (IQR) from the first to the third quartile, interpolated between the sorted values (as a spreadsheet&apos;s QUARTILE.INC); range from the fewest to the most.</dd></div>
          <div><dt className="font-semibold">Courses reaching the maximum</dt><dd>Courses given as many doses as their own rule set allows per course (its version, as recorded on the course).</dd></div>
          <div><dt className="font-semibold">Holds by criterion</dt><dd>Held dose events that name the criterion, out of all held events of the protocol. A stop the attending has not decided yet is a hold here.</dd></div>
          <div><dt className="font-semibold">Stop and discontinue reasons</dt><dd>The attending&apos;s stop and discontinue decisions, with the criteria of the hold they decided and the reason typed when signing.</dd></div>
          <div><dt className="font-semibold">Hours from the end of the TIL infusion to the first given dose</dt><dd>After TIL only: from the recorded end of the cell infusion to the first given dose, in hours; courses without a given dose are counted apart. Not applicable to monotherapy.</dd></div>
          <div><dt className="font-semibold">Left out</dt><dd>Records marked entered in error, and orders not yet verified.</dd></div>
        </dl>
      </section>
    </>
  );
}
