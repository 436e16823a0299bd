import * as clock from "@/lib/clock";
import type { Metadata } from "next";
import { requireSheetAccess } from "@/lib/auth/guards";
import { loadUnitHandoff } from "@/lib/db/queries/handoff";
import { unitClocks } from "@/lib/db/queries/admin";
import { printedLine } from "@/lib/domain/handoff";
import { PageHeader } from "@/components/ui/page-header";
import { HandoffSheet } from "@/components/handoff/handoff-sheet";
import { PrintButton } from "@/components/handoff/print-button";

export const metadata: Metadata = { title: "Unit handoff sheet" };

/**
 * The unit's handoff sheet: every open course (ordered or active) on the user's units, or on the one unit chosen,
 * one patient a printed page. The same sheet is the paper a unit works from in a downtime (issue 14, item 3).
 */
export default async function UnitHandoffPage({ searchParams }: { searchParams: Promise<{ unit?: string | string[] }> }) {
  const { unit } = await searchParams;
  const asked = typeof unit === "string" && unit !== "" ? unit : null;
  // a unit that is not one of the user's is recorded as refused and not found (review finding 7)
  const { session, record } = await requireSheetAccess("course:view", "unit-handoff", asked);
  const now = clock.now();
  const units = await unitClocks(session.user.unitIds);
  const chosen = asked ? units.find((u) => u.id === asked) ?? null : null;
  const sheets = await loadUnitHandoff(chosen ? [chosen.id] : units.map((u) => u.id), now);
  // one access record per patient's sheet shown, in one statement
  await record(sheets.map((s) => s.courseId));
  const shownUnits = chosen ? [chosen] : units;
  return (
    <>
      <div className="print:hidden">
        <PageHeader title="Unit handoff sheet">
          <PrintButton label="Print the unit's sheet" />
        </PageHeader>
        <p className="mb-3 text-slate-800">
          Every open IL-2 course on {shownUnits.map((u) => u.name).join(", ") || "no unit"}: one patient a printed page. Times in{" "}
          {[...new Set(shownUnits.map((u) => u.timeZone))].join(", ")}.
        </p>
        {units.length > 1 ? (
          <form method="get" action="/handoff" className="mb-4 flex flex-wrap items-end gap-3" aria-label="Choose a unit">
            <div className="flex flex-col">
              <label htmlFor="unit" className="font-semibold">
                Unit
              </label>
              <select id="unit" name="unit" defaultValue={chosen?.id ?? ""} className="min-h-11 rounded-md border border-slate-500 bg-white px-3">
                <option value="">All my units</option>
                {units.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="min-h-11 rounded-md border border-slate-600 bg-white px-4 font-semibold hover:bg-slate-100">
              Show this unit
            </button>
          </form>
        ) : null}
      </div>
      {sheets.length === 0 ? (
        <p>No open IL-2 courses on {shownUnits.map((u) => u.name).join(", ") || "your units"}.</p>
      ) : (
        <>
          <p className="mb-4 text-sm text-slate-700 print:hidden">
            {sheets.length} patient{sheets.length === 1 ? "" : "s"}, by name.
          </p>
          {sheets.map((s) => (
            <HandoffSheet key={s.courseId} sheet={s} printed={printedLine(now, s.timeZone, session.user.name)} now={now} linkToCourse />
          ))}
        </>
      )}
    </>
  );
}
