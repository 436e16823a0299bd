import type { Metadata } from "next";
import { requirePageSession } from "@/lib/auth/guards";
import { RULE_SETS } from "@/lib/rules";
import { ALL_SOURCES, citationsIn } from "@/lib/domain/vocabulary";
import { PageHeader } from "@/components/ui/page-header";

export const metadata: Metadata = { title: "Sources" };

/**
 * Where every number comes from: one entry per source key the rule sets cite, with the full citation, what the app
 * takes from it, and the thresholds of the current rule sets that cite it. Each entry's id is its key, so a source
 * link anywhere in the app (`/sources#SPR`) lands on it.
 */
export default async function SourcesPage() {
  await requirePageSession();
  const uses = RULE_SETS.map((rs) => ({ rs, byKey: citationsIn(rs) }));
  return (
    <>
      <PageHeader title="Sources" />
      <p className="mb-4 max-w-3xl text-slate-800">
        Every threshold, window and dose figure in Bolus comes from a rule set, and every rule-set entry names its source by a
        short key. Where a default is our reading of a source rather than a published number, the app marks it &ldquo;our
        inference&rdquo;; where sources disagree, &ldquo;judgment&rdquo;: an attending must look.
      </p>
      <ol className="space-y-4">
        {ALL_SOURCES.map((s) => (
          <li key={s.key} id={s.key} tabIndex={-1} className="scroll-mt-4 rounded-lg border border-slate-300 bg-white p-4 target:border-blue-800 target:ring-2 target:ring-blue-800">
            <article aria-labelledby={`source-${s.key}`}>
              <h2 id={`source-${s.key}`} className="text-lg font-semibold">
                <span className="font-mono">{s.key}</span> — {s.title}
              </h2>
              <p className="mt-1"><span className="font-semibold">Citation:</span> {s.citation}</p>
              <p className="mt-1"><span className="font-semibold">Used for:</span> {s.usedFor}</p>
              {uses.some(({ byKey }) => byKey.has(s.key)) ? (
                <details className="mt-2">
                  <summary className="cursor-pointer text-blue-900 underline">Cited in the current rule sets</summary>
                  {uses.map(({ rs, byKey }) =>
                    byKey.has(s.key) ? (
                      <div key={`${rs.id}-${rs.version}`} className="mt-2">
                        <h3 className="text-sm font-semibold">{rs.title} (version {rs.version})</h3>
                        <ul className="ml-5 list-disc text-sm">
                          {byKey.get(s.key)!.map((label) => (
                            <li key={label}>{label}</li>
                          ))}
                        </ul>
                      </div>
                    ) : null,
                  )}
                </details>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
    </>
  );
}
