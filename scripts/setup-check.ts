// Run by scripts/start.mjs before the server starts (docs/decisions/047-modes-and-first-run.md). In production mode
// without BOLUS_DEMO=1: exits 1 while a demo account is active (published passwords), and says how to remove them;
// warns when there is no administrator yet (the server then serves only the setup answer).
import { prisma } from "@/lib/db/client";
import { activeDemoAccounts, hasActiveAdministrator } from "@/lib/auth/setup";
import { bolusMode, demoAccountsRefusal, demoDataAllowed, NOT_SET_UP } from "@/lib/config/mode";
import { DEMO_ACCOUNTS } from "../prisma/demo-accounts";

export async function startCheck(env: NodeJS.ProcessEnv): Promise<{ ok: boolean; messages: string[] }> {
  if (demoDataAllowed(env)) return { ok: true, messages: [] };
  const demo = await activeDemoAccounts(prisma, DEMO_ACCOUNTS.map((a) => a.email));
  if (demo.length > 0) return { ok: false, messages: [demoAccountsRefusal(demo)] };
  return { ok: true, messages: (await hasActiveAdministrator(prisma)) ? [] : [NOT_SET_UP] };
}

if (process.argv[1]?.endsWith("setup-check.ts")) {
  startCheck(process.env)
    .then(async ({ ok, messages }) => {
      for (const m of messages) (ok ? console.warn : console.error)(`[${bolusMode(process.env)}] ${m}`);
      await prisma.$disconnect();
      process.exit(ok ? 0 : 1);
    })
    .catch(async (e) => { console.error(e instanceof Error ? e.message : e); await prisma.$disconnect(); process.exit(1); });
}
