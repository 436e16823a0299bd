// The two ways Bolus runs (docs/decisions/047-modes-and-first-run.md). Pure: takes the environment as an argument.
//   demo        `npm start` with no DATABASE_URL: the embedded PGlite database and the demo data (README, first command)
//   production  DATABASE_URL set (whatever BOLUS_MODE says), or NODE_ENV=production: demo data only with BOLUS_DEMO=1
// scripts/start.mjs decides once, from the environment the operator gave it, and hands the answer to the seed and the
// server as BOLUS_MODE (`next start` sets NODE_ENV=production itself, so the server could not tell the demo apart).

export type BolusMode = "demo" | "production";

export interface ModeEnv {
  BOLUS_MODE?: string;
  DATABASE_URL?: string;
  NODE_ENV?: string;
  BOLUS_DEMO?: string;
}

/**
 * A DATABASE_URL is a real database: production, whatever BOLUS_MODE says — `BOLUS_MODE=demo` never loads the demo
 * accounts with their published passwords into it (a demonstration server on PostgreSQL sets BOLUS_DEMO=1). Without
 * one, BOLUS_MODE (as scripts/start.mjs hands it down) wins over NODE_ENV. scripts/start.mjs repeats this rule.
 */
export function bolusMode(env: ModeEnv): BolusMode {
  if (env.DATABASE_URL) return "production";
  if (env.BOLUS_MODE === "demo" || env.BOLUS_MODE === "production") return env.BOLUS_MODE;
  return env.NODE_ENV === "production" ? "production" : "demo";
}

/** Whether the demo accounts and patients may exist: always in demo mode; in production only with BOLUS_DEMO=1. */
export function demoDataAllowed(env: ModeEnv): boolean {
  return bolusMode(env) === "demo" || env.BOLUS_DEMO === "1";
}

/** The answer a production server gives until it has an administrator. */
export const NOT_SET_UP =
  'Bolus is not set up yet: run `npm run setup:admin -- --email <address> --name "<full name>"` on the server to create the first administrator.';

/** Why a production server refuses to start while a demo account is active, and how to remove them. */
export function demoAccountsRefusal(emails: readonly string[]): string {
  return (
    `Bolus refuses to start in production mode: the demo account${emails.length === 1 ? "" : "s"} ${emails.join(", ")} ` +
    "with published passwords " + (emails.length === 1 ? "is" : "are") + " active. Deactivate them with `npm run setup:remove-demo` " +
    "(nothing is deleted; audited), or set BOLUS_DEMO=1 for a demonstration server."
  );
}

/** The demo accounts' domain (prisma/demo-accounts.ts): their passwords are published in the README. */
export const DEMO_EMAIL_DOMAIN = "bolus.demo";

/**
 * Why an administrator may not create or reactivate this account here, or null: where demo data is not allowed
 * (production without BOLUS_DEMO=1), an account under the demo domain would bring a published password back
 * (review of issue 11: `setup:remove-demo` deactivates them; a click on Reactivate must not undo it).
 */
export function demoAccountRefusal(email: string, env: ModeEnv): string | null {
  if (demoDataAllowed(env) || !email.trim().toLowerCase().endsWith(`@${DEMO_EMAIL_DOMAIN}`)) return null;
  return `${email} is a demo account address, whose password is published: demo accounts cannot be created or reactivated on a production server.`;
}
