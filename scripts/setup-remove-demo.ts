// npm run setup:remove-demo
// Deactivates the demo accounts (prisma/demo-accounts.ts) and ends their sessions: nothing is deleted, one audit row.
// A production server refuses to start while one is active (docs/decisions/047-modes-and-first-run.md).
import { prisma } from "@/lib/db/client";
import { deactivateDemoAccounts } from "@/lib/auth/setup";
import { DEMO_ACCOUNTS } from "../prisma/demo-accounts";

deactivateDemoAccounts(prisma, DEMO_ACCOUNTS.map((a) => a.email), new Date())
  .then(async (emails) => {
    console.log(emails.length ? `Demo accounts deactivated: ${emails.join(", ")}` : "No active demo account.");
    await prisma.$disconnect();
    process.exit(0);
  })
  .catch(async (e) => { console.error(e instanceof Error ? e.message : e); await prisma.$disconnect(); process.exit(1); });
