/** What a production installation without an administrator shows instead of any page (decision 047). */
export function SetupAnswer() {
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-4 px-4 py-10">
      <h1 className="text-3xl font-bold">Bolus is not set up yet</h1>
      <p className="text-slate-800">
        This installation runs in production mode and has no administrator yet. Whoever runs the server creates the first one at its console:
      </p>
      <pre className="whitespace-pre-wrap break-words rounded-md bg-slate-100 p-3 text-sm">npm run setup:admin -- --email admin@your-hospital.example --name &quot;Full Name&quot;</pre>
      <p className="text-slate-700">It prints a temporary password once; sign in with it here and choose your own.</p>
    </main>
  );
}
