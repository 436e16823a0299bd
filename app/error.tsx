"use client";

/** Shown when a page fails unexpectedly: words and a reference, never a stack trace. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-xl flex-col justify-center gap-4 px-4">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p>The page could not be shown. Nothing you had already saved is lost. If the database is unavailable, try again in a moment.</p>
      {error.digest ? <p className="text-sm text-slate-700">Reference: {error.digest}</p> : null}
      <div>
        <button type="button" onClick={reset} className="min-h-11 rounded-md bg-blue-700 px-4 font-semibold text-white">
          Try again
        </button>
      </div>
    </main>
  );
}
