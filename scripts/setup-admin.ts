// npm run setup:admin -- --email admin@hospital.example --name "Full Name"
// Creates the first administrator of a new installation; prints a one-time temporary password once, here only.
// Refuses when an active administrator exists. See docs/decisions/047-modes-and-first-run.md.
import { parseArgs } from "node:util";
import { prisma } from "@/lib/db/client";
import { createFirstAdministrator } from "@/lib/auth/setup";

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } }, strict: true });
  if (!values.email || !values.name) {
    console.error('usage: npm run setup:admin -- --email <address> --name "<full name>"');
    return 2;
  }
  const result = await createFirstAdministrator(prisma, { email: values.email, name: values.name, now: new Date() });
  if (!result.ok) {
    console.error(`setup:admin: ${result.reason}`);
    return 1;
  }
  console.log(`Administrator ${result.email} created.`);
  console.log(`Temporary password (shown once, not stored in the clear): ${result.temporaryPassword}`);
  console.log("Sign in with it; Bolus asks for a new password at once.");
  return 0;
}

main()
  .then(async (code) => { await prisma.$disconnect(); process.exit(code); })
  .catch(async (e) => { console.error(e instanceof Error ? e.message : e); await prisma.$disconnect(); process.exit(1); });
