import { NOT_SET_UP } from "@/lib/config/mode";

/** What a production installation without an administrator shows instead of any page (decision 047). */
export function SetupAnswer() {
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-4 px-4 py-10">
      <h1 className="text-3xl font-bold">Bolus is not set up yet</h1>
      <p className="text-slate-800">{NOT_SET_UP.replace("Bolus is not set up yet: r", "R")}</p>
      <pre className="overflow-x-auto rounded-md bg-slate-100 p-3 text-sm">npm run setup:admin -- --email admin@your-hospital.example --name &quot;Full Name&quot;</pre>
      <p className="text-slate-700">It prints a temporary password once; sign in with it here and choose your own.</p>
    </main>
  );
}
